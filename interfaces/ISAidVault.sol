// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title SAidVault: the ERC-4626 "Staked AI Dollar" (sAID) vault over AID
/// @notice Stake AID, receive sAID shares. sAID holders are the junior tranche of AID Protocol: they earn the stability
/// fees borrowers pay (and compute revenue), which the vault releases linearly over `vestingPeriod` after each
/// distribution, and they absorb bad debt: `absorbLoss` burns AID held by the vault, so the share price falls for every
/// holder alike. The pause stops deposits and mints only; withdrawals and redemptions are never blocked.
/// @dev Self-contained: the ERC-20, ERC-20 metadata, ERC-4626, ERC-165 and AccessControl declarations are repeated
/// here. sAID has 18 decimals and starts at 1 share per AID. Conversions run as if 1e9 virtual shares backed by 1e9
/// virtual wei of AID were always present: `shares = assets * (totalSupply + 1e9) / (totalAssets + 1e9)`, which
/// makes the first-depositor inflation attack cost the attacker about its whole donation while a victim loses at
/// most donation / 1e9. Rounding follows EIP-4626, always in the vault's favour; an asset payout is also never more
/// than `totalAssets`. Roles (OpenZeppelin AccessControl semantics; DEFAULT_ADMIN_ROLE administers every role):
/// DEFAULT_ADMIN_ROLE = bytes32(0), granted to the constructor's `admin` (`constructor(address admin, address
/// asset)`), also sets the vesting period and the deposit cap; YIELD_DISTRIBUTOR_ROLE =
/// keccak256("YIELD_DISTRIBUTOR_ROLE"); LOSS_ABSORBER_ROLE = keccak256("LOSS_ABSORBER_ROLE"); PAUSER_ROLE =
/// keccak256("PAUSER_ROLE"). When the asset reverts, its revert data is passed on unchanged.
interface ISAidVault {
    // ------------------------------------------------------------------ events

    /// @notice `value` sAID moved from `from` to `to` (`from` = 0 on mint, `to` = 0 on burn).
    /// @param from The sender, or the zero address for a mint.
    /// @param to The receiver, or the zero address for a burn.
    /// @param value The shares moved.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice `owner` allowed `spender` to move `value` of its sAID.
    /// @param owner The holder.
    /// @param spender Who may move the shares.
    /// @param value The new allowance.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice ERC-4626: `sender` paid `assets` AID and `owner` received `shares` sAID.
    /// @param sender Who paid the AID (the caller).
    /// @param owner Who received the shares.
    /// @param assets The AID paid in.
    /// @param shares The sAID minted.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);

    /// @notice ERC-4626: `sender` burnt `shares` of `owner`'s sAID and `receiver` received `assets` AID.
    /// @param sender The caller.
    /// @param receiver Who received the AID.
    /// @param owner Whose shares were burnt.
    /// @param assets The AID paid out.
    /// @param shares The sAID burnt.
    event Withdraw(
        address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares
    );

    /// @notice `from` distributed `amount` AID of yield; together with the carried unvested remainder it vests
    /// linearly until `vestingEnd`.
    /// @param from The distributor (the caller, who paid the AID).
    /// @param amount The AID distributed.
    /// @param unvestedCarried The still-unvested AID of earlier distributions added to this one.
    /// @param vestingEnd When `amount + unvestedCarried` is fully vested (unix seconds).
    event YieldDistributed(address indexed from, uint256 amount, uint256 unvestedCarried, uint64 vestingEnd);

    /// @notice A loss of `requested` AID was reported and `absorbed` AID held by the vault was burnt.
    /// @param requested The loss reported by the caller.
    /// @param absorbed The AID burnt: `min(requested, AID held by the vault)`.
    /// @param fromUnvested The part of `absorbed` taken from unvested yield (taken first).
    event LossAbsorbed(uint256 requested, uint256 absorbed, uint256 fromUnvested);

    /// @notice Distributions from now on vest over `vestingPeriod` seconds.
    /// @param vestingPeriod The new vesting period in seconds.
    event VestingPeriodSet(uint64 vestingPeriod);

    /// @notice Deposits and mints are now allowed only while total assets stay within `depositCap`.
    /// @param depositCap The new cap in AID; type(uint256).max means no cap.
    event DepositCapSet(uint256 depositCap);

    /// @notice `account` paused deposits and mints.
    /// @param account The pauser.
    event Paused(address account);

    /// @notice `account` resumed deposits and mints.
    /// @param account The pauser.
    event Unpaused(address account);

    /// @notice `account` was granted `role`.
    /// @param role The role.
    /// @param account The new member.
    /// @param sender Who granted it (the constructor's caller for the initial admin).
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

    /// @notice `account` lost `role`.
    /// @param role The role.
    /// @param account The former member.
    /// @param sender Who revoked it, or `account` itself when renounced.
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    // ------------------------------------------------------------------ errors

    /// @notice `sender` holds `balance` sAID, fewer than the `needed`.
    /// @param sender The holder.
    /// @param balance Its sAID balance.
    /// @param needed The shares the operation needs.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);

    /// @notice Shares cannot come from `sender`: the zero address (also as a withdraw/redeem `owner`).
    /// @param sender The zero address.
    error ERC20InvalidSender(address sender);

    /// @notice Shares or assets cannot go to `receiver`: the zero address.
    /// @param receiver The zero address.
    error ERC20InvalidReceiver(address receiver);

    /// @notice `spender` may move `allowance` of the owner's sAID, fewer than the `needed`.
    /// @param spender The caller.
    /// @param allowance Its allowance.
    /// @param needed The shares the operation needs.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    /// @notice `spender` cannot be approved: the zero address.
    /// @param spender The zero address.
    error ERC20InvalidSpender(address spender);

    /// @notice `assets` is more than the `max` that `receiver` may deposit now (`maxDeposit`).
    /// @param receiver The receiver of the shares.
    /// @param assets The AID offered.
    /// @param max `maxDeposit(receiver)`.
    error ERC4626ExceededMaxDeposit(address receiver, uint256 assets, uint256 max);

    /// @notice `shares` is more than the `max` that `receiver` may mint now (`maxMint`).
    /// @param receiver The receiver of the shares.
    /// @param shares The sAID asked for.
    /// @param max `maxMint(receiver)`.
    error ERC4626ExceededMaxMint(address receiver, uint256 shares, uint256 max);

    /// @notice `assets` is more than the `max` that `owner` may withdraw (`maxWithdraw`).
    /// @param owner The holder.
    /// @param assets The AID asked for.
    /// @param max `maxWithdraw(owner)`.
    error ERC4626ExceededMaxWithdraw(address owner, uint256 assets, uint256 max);

    /// @notice `shares` is more than the `max` that `owner` may redeem (`maxRedeem`: its balance).
    /// @param owner The holder.
    /// @param shares The sAID offered.
    /// @param max `maxRedeem(owner)`.
    error ERC4626ExceededMaxRedeem(address owner, uint256 shares, uint256 max);

    /// @notice `account` lacks `neededRole`.
    /// @param account The caller.
    /// @param neededRole The role the function requires.
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

    /// @notice `renounceRole` was called with a confirmation address other than the caller.
    error AccessControlBadConfirmation();

    /// @notice Deposits and mints are paused (from `deposit`/`mint`), or `pause` was called while paused.
    error EnforcedPause();

    /// @notice `unpause` was called while not paused.
    error ExpectedPause();

    /// @notice The asset `token` answered a call with something other than success: `false` or no return data from
    /// `transfer`/`transferFrom`, or no balance from `balanceOf`.
    /// @param token The asset.
    error SafeErc20FailedOperation(address token);

    /// @notice The constructor was given the zero address as `admin`.
    /// @param admin The zero address.
    error SAidVaultInvalidAdmin(address admin);

    /// @notice The constructor was given the zero address as `asset`.
    /// @param asset The zero address.
    error SAidVaultInvalidAsset(address asset);

    /// @notice `vestingPeriod` is longer than the allowed `max` (30 days).
    /// @param vestingPeriod The period asked for, in seconds.
    /// @param max The longest allowed period, in seconds.
    error SAidVaultVestingPeriodTooLong(uint64 vestingPeriod, uint64 max);

    /// @notice A conversion or sum involving `amount` does not fit in 256 bits.
    /// @param amount The amount being converted or added.
    error SAidVaultMathOverflow(uint256 amount);

    // ------------------------------------------------------------------ ERC-20 (the shares)

    /// @notice The share token's name.
    /// @return "Staked AI Dollar".
    function name() external view returns (string memory);

    /// @notice The share token's symbol.
    /// @return "sAID".
    function symbol() external view returns (string memory);

    /// @notice The share token's decimals: AID's.
    /// @return 18.
    function decimals() external view returns (uint8);

    /// @notice sAID in existence.
    /// @return The total supply of shares.
    function totalSupply() external view returns (uint256);

    /// @notice sAID held by `account`.
    /// @param account The holder.
    /// @return Its shares.
    function balanceOf(address account) external view returns (uint256);

    /// @notice sAID that `spender` may move (or burn in `withdraw`/`redeem`) for `owner`.
    /// @param owner The holder.
    /// @param spender The spender.
    /// @return The remaining allowance (type(uint256).max: unlimited, never spent).
    function allowance(address owner, address spender) external view returns (uint256);

    /// @notice Lets `spender` move `value` of the caller's sAID. Emits `Approval`.
    /// @dev Reverts with ERC20InvalidSpender for the zero address.
    /// @param spender The spender.
    /// @param value The allowance (type(uint256).max: unlimited).
    /// @return Always true.
    function approve(address spender, uint256 value) external returns (bool);

    /// @notice Moves `value` of the caller's sAID to `to`. Emits `Transfer`.
    /// @dev Reverts with ERC20InvalidReceiver or ERC20InsufficientBalance.
    /// @param to The receiver.
    /// @param value The shares to move.
    /// @return Always true.
    function transfer(address to, uint256 value) external returns (bool);

    /// @notice Moves `value` of `from`'s sAID to `to`, spending the caller's allowance (unless unlimited).
    /// Emits `Transfer`.
    /// @dev Reverts with ERC20InsufficientAllowance, ERC20InvalidSender, ERC20InvalidReceiver or
    /// ERC20InsufficientBalance.
    /// @param from The holder.
    /// @param to The receiver.
    /// @param value The shares to move.
    /// @return Always true.
    function transferFrom(address from, address to, uint256 value) external returns (bool);

    // ------------------------------------------------------------------ ERC-4626

    /// @notice The vault's underlying asset.
    /// @return The AID token.
    function asset() external view returns (address);

    /// @notice AID the shares are worth: the vault's AID balance minus unvested yield.
    /// @return The total managed assets.
    function totalAssets() external view returns (uint256);

    /// @notice sAID that `assets` AID is worth at the current price, rounded down.
    /// @dev Reverts with SAidVaultMathOverflow for amounts too large to convert.
    /// @param assets An amount of AID.
    /// @return The shares.
    function convertToShares(uint256 assets) external view returns (uint256);

    /// @notice AID that `shares` sAID is worth at the current price, rounded down (never above `totalAssets`).
    /// @dev Reverts with SAidVaultMathOverflow for amounts too large to convert.
    /// @param shares An amount of sAID.
    /// @return The assets.
    function convertToAssets(uint256 shares) external view returns (uint256);

    /// @notice Most AID `deposit` accepts now: 0 while paused, otherwise the room under the deposit cap.
    /// @param receiver The receiver of the shares (the limit is the same for everyone).
    /// @return The limit (type(uint256).max without a cap).
    function maxDeposit(address receiver) external view returns (uint256);

    /// @notice sAID that `deposit(assets)` would mint now (rounded down); ignores the pause and the cap.
    /// @param assets The AID to deposit.
    /// @return The shares.
    function previewDeposit(uint256 assets) external view returns (uint256);

    /// @notice Pulls `assets` AID from the caller (who approved the vault) and mints the shares to `receiver`.
    /// Emits `Transfer` and `Deposit`.
    /// @dev Reverts with EnforcedPause, ERC4626ExceededMaxDeposit, ERC20InvalidReceiver, SAidVaultMathOverflow, or
    /// the asset's own error (e.g. its ERC20InsufficientAllowance).
    /// @param assets The AID to deposit.
    /// @param receiver Who receives the shares.
    /// @return shares The sAID minted (= previewDeposit(assets)).
    function deposit(uint256 assets, address receiver) external returns (uint256 shares);

    /// @notice Most sAID `mint` accepts now: 0 while paused, type(uint256).max without a cap, otherwise the shares
    /// the room under the cap buys (rounded down).
    /// @param receiver The receiver of the shares (the limit is the same for everyone).
    /// @return The limit.
    function maxMint(address receiver) external view returns (uint256);

    /// @notice AID that `mint(shares)` would pull now (rounded up); ignores the pause and the cap.
    /// @param shares The sAID to mint.
    /// @return The assets.
    function previewMint(uint256 shares) external view returns (uint256);

    /// @notice Mints exactly `shares` sAID to `receiver` for the AID they cost (rounded up), pulled from the caller.
    /// Emits `Transfer` and `Deposit`.
    /// @dev Reverts with EnforcedPause, ERC4626ExceededMaxMint, ERC20InvalidReceiver, SAidVaultMathOverflow, or the
    /// asset's own error.
    /// @param shares The sAID to mint.
    /// @param receiver Who receives the shares.
    /// @return assets The AID pulled (= previewMint(shares)).
    function mint(uint256 shares, address receiver) external returns (uint256 assets);

    /// @notice Most AID `owner` can withdraw: its shares' worth, rounded down. Never limited by the pause.
    /// @param owner The holder.
    /// @return The limit.
    function maxWithdraw(address owner) external view returns (uint256);

    /// @notice sAID that `withdraw(assets)` would burn now (rounded up).
    /// @param assets The AID to withdraw.
    /// @return The shares.
    function previewWithdraw(uint256 assets) external view returns (uint256);

    /// @notice Burns the sAID that `assets` costs (rounded up) from `owner` and sends `assets` AID to `receiver`. A
    /// caller other than `owner` spends its sAID allowance. Emits `Transfer` and `Withdraw`. Works while paused.
    /// @dev Reverts with ERC4626ExceededMaxWithdraw, ERC20InvalidSender (zero owner), ERC20InvalidReceiver,
    /// ERC20InsufficientAllowance, SAidVaultMathOverflow, or the asset's own error.
    /// @param assets The AID to withdraw.
    /// @param receiver Who receives the AID.
    /// @param owner Whose shares are burnt.
    /// @return shares The sAID burnt (= previewWithdraw(assets)).
    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256 shares);

    /// @notice Most sAID `owner` can redeem: all of it. Never limited by the pause.
    /// @param owner The holder.
    /// @return Its balance.
    function maxRedeem(address owner) external view returns (uint256);

    /// @notice AID that `redeem(shares)` would pay now (rounded down).
    /// @param shares The sAID to redeem.
    /// @return The assets.
    function previewRedeem(uint256 shares) external view returns (uint256);

    /// @notice Burns exactly `shares` sAID from `owner` and sends what they are worth (rounded down) to
    /// `receiver`. A caller other than `owner` spends its sAID allowance. Emits `Transfer` and `Withdraw`. Works
    /// while paused.
    /// @dev Reverts with ERC4626ExceededMaxRedeem, ERC20InvalidSender (zero owner), ERC20InvalidReceiver,
    /// ERC20InsufficientAllowance, SAidVaultMathOverflow, or the asset's own error.
    /// @param shares The sAID to redeem.
    /// @param receiver Who receives the AID.
    /// @param owner Whose shares are burnt.
    /// @return assets The AID paid (= previewRedeem(shares)).
    function redeem(uint256 shares, address receiver, address owner) external returns (uint256 assets);

    // ------------------------------------------------------------------ yield and losses

    /// @notice Pulls `amount` AID from the caller (who approved the vault) and vests it, together with the
    /// still-unvested remainder of earlier distributions, linearly over `vestingPeriod` from now. A zero `amount`
    /// does nothing (no event), so it may be called unconditionally. Emits `YieldDistributed`.
    /// @dev YIELD_DISTRIBUTOR_ROLE only. Reverts with AccessControlUnauthorizedAccount, SAidVaultMathOverflow,
    /// SafeErc20FailedOperation or the asset's own error.
    /// @param amount The AID to distribute.
    function distributeYield(uint256 amount) external;

    /// @notice Burns up to `amount` AID held by the vault, unvested yield first, lowering the share price for every
    /// holder alike. Never burns more than the vault holds: the caller records `amount - absorbed` as unbacked
    /// debt. A zero `amount` does nothing (no event). Emits `LossAbsorbed`.
    /// @dev LOSS_ABSORBER_ROLE only. Calls the asset's `burn(uint256)`. Reverts with
    /// AccessControlUnauthorizedAccount, SafeErc20FailedOperation or the asset's own error.
    /// @param amount The loss to absorb, in AID.
    /// @return absorbed The AID actually burnt: `min(amount, AID held by the vault)`.
    function absorbLoss(uint256 amount) external returns (uint256 absorbed);

    /// @notice AID distributed but not vested yet (not part of `totalAssets`), rounded up.
    /// @return The unvested yield.
    function unvestedYield() external view returns (uint256);

    /// @notice Seconds over which a new distribution vests (8 hours at deployment).
    /// @return The vesting period.
    function vestingPeriod() external view returns (uint64);

    /// @notice When the current distribution is fully vested (0 before the first distribution).
    /// @return Unix seconds.
    function vestingEnd() external view returns (uint64);

    /// @notice Sets the vesting period of future distributions; the running one keeps its end. 0 releases each
    /// distribution (and the remainder it carries) at once. Emits `VestingPeriodSet`.
    /// @dev DEFAULT_ADMIN_ROLE only. Reverts with AccessControlUnauthorizedAccount or SAidVaultVestingPeriodTooLong
    /// (above 30 days).
    /// @param period The new period in seconds.
    function setVestingPeriod(uint64 period) external;

    /// @notice Total assets above which deposits and mints stop.
    /// @return The cap in AID (type(uint256).max: no cap, the deployment default).
    function depositCap() external view returns (uint256);

    /// @notice Sets the deposit cap; a cap below the current total assets just stops deposits. Emits
    /// `DepositCapSet`.
    /// @dev DEFAULT_ADMIN_ROLE only. Reverts with AccessControlUnauthorizedAccount.
    /// @param cap The new cap in AID (type(uint256).max: none).
    function setDepositCap(uint256 cap) external;

    // ------------------------------------------------------------------ pause

    /// @notice Whether deposits and mints are paused.
    /// @return True while paused.
    function paused() external view returns (bool);

    /// @notice Stops deposits and mints (never withdrawals, redemptions, transfers, yield or losses). Emits `Paused`.
    /// @dev PAUSER_ROLE only. Reverts with AccessControlUnauthorizedAccount or EnforcedPause (already paused).
    function pause() external;

    /// @notice Resumes deposits and mints. Emits `Unpaused`.
    /// @dev PAUSER_ROLE only. Reverts with AccessControlUnauthorizedAccount or ExpectedPause (not paused).
    function unpause() external;

    // ------------------------------------------------------------------ access control and ERC-165

    /// @notice The admin role: administers every role and sets the vault's parameters.
    /// @return bytes32(0).
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);

    /// @notice The role that may call `distributeYield`.
    /// @return keccak256("YIELD_DISTRIBUTOR_ROLE").
    function YIELD_DISTRIBUTOR_ROLE() external view returns (bytes32);

    /// @notice The role that may call `absorbLoss`.
    /// @return keccak256("LOSS_ABSORBER_ROLE").
    function LOSS_ABSORBER_ROLE() external view returns (bytes32);

    /// @notice The role that may `pause` and `unpause`.
    /// @return keccak256("PAUSER_ROLE").
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice Whether `account` holds `role`.
    /// @param role The role.
    /// @param account The account.
    /// @return True if it holds the role.
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @notice The role that administers `role`.
    /// @param role The role.
    /// @return DEFAULT_ADMIN_ROLE (bytes32(0)) for every role.
    function getRoleAdmin(bytes32 role) external view returns (bytes32);

    /// @notice Grants `role` to `account`; emits `RoleGranted` unless it already held it.
    /// @dev DEFAULT_ADMIN_ROLE only. Reverts with AccessControlUnauthorizedAccount.
    /// @param role The role.
    /// @param account The new member.
    function grantRole(bytes32 role, address account) external;

    /// @notice Revokes `role` from `account`; emits `RoleRevoked` if it held it.
    /// @dev DEFAULT_ADMIN_ROLE only. Reverts with AccessControlUnauthorizedAccount.
    /// @param role The role.
    /// @param account The member.
    function revokeRole(bytes32 role, address account) external;

    /// @notice The caller gives up `role`; emits `RoleRevoked` if it held it.
    /// @dev Reverts with AccessControlBadConfirmation unless `confirmation` is the caller.
    /// @param role The role.
    /// @param confirmation The caller's own address.
    function renounceRole(bytes32 role, address confirmation) external;

    /// @notice ERC-165 interface detection.
    /// @param interfaceId An interface id.
    /// @return True for IERC165, IAccessControl, IERC20, IERC20Metadata and IERC4626.
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}
