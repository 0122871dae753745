// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AID ("AI Dollar") token of AID Protocol
/// @notice ERC-20 stablecoin with 18 decimals, EIP-2612 permit, ERC-5267 domain description and OpenZeppelin
/// AccessControl roles. AID is created only by minters, each within an allowance set by MINTER_ADMIN_ROLE
/// (type(uint256).max = unlimited, never decremented). There is no transfer pause and no blacklist.
/// @dev Self-contained: the ERC-20, EIP-2612, ERC-5267, ERC-165 and AccessControl declarations are repeated here.
/// Roles: DEFAULT_ADMIN_ROLE = bytes32(0) administers every role; MINTER_ADMIN_ROLE = keccak256("MINTER_ADMIN_ROLE").
/// Both are granted to the constructor's `admin` (`constructor(address admin)`).
interface IAidToken {
    // ------------------------------------------------------------------ events

    /// @notice `value` AID moved from `from` to `to` (`from` = 0 on mint, `to` = 0 on burn).
    /// @param from The sender, or the zero address for a mint.
    /// @param to The receiver, or the zero address for a burn.
    /// @param value The amount moved.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice `owner` set `spender`'s allowance to `value` (by `approve` or `permit`; not emitted when
    /// `transferFrom` or `burnFrom` spend an allowance).
    /// @param owner The holder of the AID.
    /// @param spender The account allowed to spend it.
    /// @param value The new allowance.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice `minter` was configured (or reconfigured) with `allowance` left to mint.
    /// @param minter The minter.
    /// @param allowance What it may mint from now on; type(uint256).max is unlimited.
    event MinterConfigured(address indexed minter, uint256 allowance);

    /// @notice `minter` lost its right to mint and to burnFrom, and its allowance.
    /// @param minter The former minter.
    event MinterRemoved(address indexed minter);

    /// @notice `role`'s admin role changed from `previousAdminRole` to `newAdminRole`.
    /// @param role The role.
    /// @param previousAdminRole The admin role before.
    /// @param newAdminRole The admin role now.
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);

    /// @notice `account` was granted `role` by `sender`.
    /// @param role The role.
    /// @param account The account that received it.
    /// @param sender The caller that granted it (the deployer context during construction).
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

    /// @notice `account` lost `role`, revoked or renounced by `sender`.
    /// @param role The role.
    /// @param account The account that lost it.
    /// @param sender The caller that revoked it (the account itself when renounced).
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    // ------------------------------------------------------------------ errors

    /// @notice `sender` holds `balance`, less than the `needed` amount to move or burn.
    /// @param sender The account debited.
    /// @param balance Its balance.
    /// @param needed The amount asked for.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);

    /// @notice AID cannot be moved or burnt from `sender` (the zero address).
    /// @param sender The invalid sender.
    error ERC20InvalidSender(address sender);

    /// @notice AID cannot be sent or minted to `receiver` (the zero address).
    /// @param receiver The invalid receiver.
    error ERC20InvalidReceiver(address receiver);

    /// @notice `spender`'s `allowance` is below the `needed` amount.
    /// @param spender The account spending the allowance.
    /// @param allowance Its allowance.
    /// @param needed The amount asked for.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    /// @notice `spender` (the zero address) cannot be approved.
    /// @param spender The invalid spender.
    error ERC20InvalidSpender(address spender);

    /// @notice `approver` (the zero address) cannot approve.
    /// @param approver The invalid approver.
    error ERC20InvalidApprover(address approver);

    /// @notice The permit's `deadline` has passed.
    /// @param deadline The permit's deadline (unix seconds).
    error ERC2612ExpiredSignature(uint256 deadline);

    /// @notice The permit was signed by `signer`, not by `owner` (wrong key, nonce, domain or fields).
    /// @param signer The address the signature recovers to.
    /// @param owner The owner named in the permit.
    error ERC2612InvalidSigner(address signer, address owner);

    /// @notice The signature recovers no address (or `v` is not 27/28).
    error ECDSAInvalidSignature();

    /// @notice The signature's `s` is in the upper half order (malleable signature).
    /// @param s The rejected `s`.
    error ECDSAInvalidSignatureS(bytes32 s);

    /// @notice `account` lacks `neededRole`.
    /// @param account The caller.
    /// @param neededRole The role required.
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

    /// @notice `renounceRole`'s confirmation is not the caller.
    error AccessControlBadConfirmation();

    /// @notice `account` is not a minter.
    /// @param account The caller of `mint`/`burnFrom`, or the account given to `removeMinter`.
    error NotMinter(address account);

    /// @notice `minter` asked to mint `amount` but only `allowance` is left.
    /// @param minter The minter.
    /// @param allowance Its remaining allowance.
    /// @param amount The amount asked for.
    error MinterAllowanceExceeded(address minter, uint256 allowance, uint256 amount);

    /// @notice `minter` (the zero address) cannot be a minter.
    /// @param minter The invalid minter.
    error InvalidMinter(address minter);

    /// @notice `admin` (the zero address) cannot administer the token (constructor).
    /// @param admin The invalid admin.
    error InvalidAdmin(address admin);

    /// @notice Minting `amount` on top of `totalSupply` would exceed type(uint256).max.
    /// @param totalSupply The current total supply.
    /// @param amount The amount asked for.
    error TotalSupplyOverflow(uint256 totalSupply, uint256 amount);

    // ------------------------------------------------------------------ ERC-20

    /// @notice The token's name.
    /// @return "AI Dollar".
    function name() external view returns (string memory);

    /// @notice The token's symbol.
    /// @return "AID".
    function symbol() external view returns (string memory);

    /// @notice Decimals of AID amounts.
    /// @return 18.
    function decimals() external view returns (uint8);

    /// @notice Total AID in existence.
    /// @return The total supply.
    function totalSupply() external view returns (uint256);

    /// @notice AID held by `account`.
    /// @param account The holder.
    /// @return Its balance.
    function balanceOf(address account) external view returns (uint256);

    /// @notice Moves `value` AID from the caller to `to`.
    /// @dev Reverts with ERC20InvalidReceiver or ERC20InsufficientBalance. Emits Transfer.
    /// @param to The receiver (not the zero address).
    /// @param value The amount.
    /// @return Always true.
    function transfer(address to, uint256 value) external returns (bool);

    /// @notice What `spender` may still move from `owner` with transferFrom (or burn with burnFrom).
    /// @param owner The holder.
    /// @param spender The spender.
    /// @return The remaining allowance.
    function allowance(address owner, address spender) external view returns (uint256);

    /// @notice Lets `spender` move up to `value` of the caller's AID; type(uint256).max is unlimited and never
    /// decremented.
    /// @dev Reverts with ERC20InvalidSpender. Emits Approval.
    /// @param spender The spender (not the zero address).
    /// @param value The allowance.
    /// @return Always true.
    function approve(address spender, uint256 value) external returns (bool);

    /// @notice Moves `value` AID from `from` to `to`, spending the caller's allowance.
    /// @dev Reverts with ERC20InsufficientAllowance, ERC20InvalidSender, ERC20InvalidReceiver or
    /// ERC20InsufficientBalance. Emits Transfer.
    /// @param from The holder.
    /// @param to The receiver.
    /// @param value The amount.
    /// @return Always true.
    function transferFrom(address from, address to, uint256 value) external returns (bool);

    // -------------------------------------------------------- EIP-2612 / 5267

    /// @notice Sets `value` as `spender`'s allowance over `owner`'s AID, given `owner`'s EIP-712 signature of
    /// Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline) under DOMAIN_SEPARATOR.
    /// @dev Reverts with ERC2612ExpiredSignature (block.timestamp > deadline), ECDSAInvalidSignatureS,
    /// ECDSAInvalidSignature, ERC2612InvalidSigner or ERC20InvalidSpender. Uses up owner's nonce. Emits Approval.
    /// @param owner The holder that signed.
    /// @param spender The spender.
    /// @param value The allowance.
    /// @param deadline Last valid block timestamp (unix seconds).
    /// @param v Signature recovery id (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (lower half order).
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external;

    /// @notice The nonce `owner`'s next permit must be signed with.
    /// @param owner The holder.
    /// @return The current nonce.
    function nonces(address owner) external view returns (uint256);

    /// @notice The EIP-712 domain separator of permits (name "AI Dollar", version "1", chain id, this contract).
    /// @return The domain separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32);

    /// @notice ERC-5267 description of the EIP-712 domain.
    /// @return fields 0x0f: name, version, chainId and verifyingContract are used.
    /// @return name "AI Dollar".
    /// @return version "1".
    /// @return chainId The chain id.
    /// @return verifyingContract This contract.
    /// @return salt Zero (unused).
    /// @return extensions Empty.
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        );

    // ----------------------------------------------------------------- minters

    /// @notice Makes `minter` a minter (or updates it) with `allowance` left to mint.
    /// @dev Only MINTER_ADMIN_ROLE (AccessControlUnauthorizedAccount); reverts with InvalidMinter for the zero
    /// address. Emits MinterConfigured.
    /// @param minter The minter.
    /// @param allowance What it may mint; type(uint256).max is unlimited and never decremented.
    function configureMinter(address minter, uint256 allowance) external;

    /// @notice Takes away `minter`'s right to mint and burnFrom, and its allowance.
    /// @dev Only MINTER_ADMIN_ROLE (AccessControlUnauthorizedAccount); reverts with NotMinter if `minter` is not
    /// one. Emits MinterRemoved.
    /// @param minter The minter to remove.
    function removeMinter(address minter) external;

    /// @notice Whether `account` is a minter.
    /// @param account The account.
    /// @return True for a configured minter.
    function isMinter(address account) external view returns (bool);

    /// @notice What `minter` may still mint.
    /// @param minter The minter.
    /// @return Its remaining allowance (type(uint256).max: unlimited; zero for a non-minter).
    function minterAllowance(address minter) external view returns (uint256);

    /// @notice Creates `amount` AID for `to` out of the calling minter's allowance (decremented unless unlimited).
    /// @dev Reverts with NotMinter, MinterAllowanceExceeded, TotalSupplyOverflow or ERC20InvalidReceiver.
    /// Emits Transfer from the zero address.
    /// @param to The receiver.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external;

    /// @notice Destroys `amount` of the caller's AID.
    /// @dev Reverts with ERC20InsufficientBalance. Emits Transfer to the zero address.
    /// @param amount The amount.
    function burn(uint256 amount) external;

    /// @notice Destroys `amount` of `from`'s AID, spending `from`'s ERC-20 allowance to the calling minter.
    /// @dev Only minters (NotMinter); reverts with ERC20InsufficientAllowance, ERC20InvalidApprover,
    /// ERC20InvalidSender or ERC20InsufficientBalance. Emits Transfer to the zero address.
    /// @param from The holder.
    /// @param amount The amount.
    function burnFrom(address from, uint256 amount) external;

    // ---------------------------------------------------------- access control

    /// @notice The admin role of every role.
    /// @return bytes32(0).
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);

    /// @notice The role that configures and removes minters.
    /// @return keccak256("MINTER_ADMIN_ROLE").
    function MINTER_ADMIN_ROLE() external view returns (bytes32);

    /// @notice Whether `account` has `role`.
    /// @param role The role.
    /// @param account The account.
    /// @return True if it has the role.
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @notice The role that can grant and revoke `role`.
    /// @param role The role.
    /// @return Its admin role.
    function getRoleAdmin(bytes32 role) external view returns (bytes32);

    /// @notice Grants `role` to `account`.
    /// @dev Only `role`'s admin role (AccessControlUnauthorizedAccount). Emits RoleGranted if newly granted.
    /// @param role The role.
    /// @param account The account.
    function grantRole(bytes32 role, address account) external;

    /// @notice Revokes `role` from `account`.
    /// @dev Only `role`'s admin role (AccessControlUnauthorizedAccount). Emits RoleRevoked if it was held.
    /// @param role The role.
    /// @param account The account.
    function revokeRole(bytes32 role, address account) external;

    /// @notice Gives up `role` held by the caller.
    /// @dev Reverts with AccessControlBadConfirmation unless `callerConfirmation` is the caller. Emits RoleRevoked
    /// if it was held.
    /// @param role The role.
    /// @param callerConfirmation The caller's own address.
    function renounceRole(bytes32 role, address callerConfirmation) external;

    // ------------------------------------------------------------------ ERC-165

    /// @notice ERC-165 interface detection.
    /// @param interfaceId The interface id.
    /// @return True for IERC165, IAccessControl, IERC20, IERC20Metadata and IERC20Permit.
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}
