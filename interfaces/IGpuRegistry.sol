// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IGpuRegistry: the ERC-721 "GPU Collateral" (GPUC) token of AID Protocol
/// @notice One token is one GPU asset or cluster that passed due diligence off-chain. Each token
/// carries an asset record (model, GPU count, serial hash, acquisition cost and time, appraisal)
/// and a metadata URI (documents: invoice, insurance, lien filing), served by `tokenURI`.
/// The registry values every token on-chain: the book value depreciates the acquisition cost in a
/// straight line over the model's useful life down to the model's residual floor, and the
/// valuation is the lower of the last appraisal and the book value, fresh while the appraisal is
/// at most `maxAppraisalAge` old.
/// A serial hash backs at most one live token (no double pledge); retiring the token frees it.
/// Roles (OpenZeppelin AccessControl, id = keccak256 of the name): DEFAULT_ADMIN_ROLE (0x00),
/// REGISTRAR_ROLE, APPRAISER_ROLE, RISK_ADMIN_ROLE, PAUSER_ROLE. Pausing stops registration only.
/// USD amounts have 18 decimals; ratios are basis points (10_000 = 100%); times are Unix seconds.
/// Deployment: `constructor(address admin)` grants DEFAULT_ADMIN_ROLE to `admin` (reverts with
/// `InvalidAdmin` for the zero address) and sets the appraisal limits to 2_000 bps and 30 days.
interface IGpuRegistry {
    // ---------------------------------------------------------------- events: registry

    /// @notice A GPU asset was registered and its token minted.
    /// @param tokenId The new token (ids start at 1 and increase).
    /// @param to The operator that received the token.
    /// @param model The model id, e.g. keccak256("H100-SXM5-80GB").
    /// @param gpuCount Number of GPUs in the asset.
    /// @param serialHash Hash over the sorted serial numbers of the GPUs.
    /// @param acquisitionCost Purchase price, USD with 18 decimals.
    /// @param acquiredAt Purchase time.
    /// @param appraisalValue First appraisal, USD with 18 decimals (dated at the registration).
    /// @param uri Metadata URI of the asset's documents.
    event AssetRegistered(
        uint256 indexed tokenId,
        address indexed to,
        bytes32 indexed model,
        uint32 gpuCount,
        bytes32 serialHash,
        uint256 acquisitionCost,
        uint64 acquiredAt,
        uint256 appraisalValue,
        string uri
    );

    /// @notice A token was appraised.
    /// @param tokenId The token.
    /// @param previousValue The appraisal before this one.
    /// @param value The new appraisal, USD with 18 decimals.
    /// @param appraisedAt Time of the appraisal (the block timestamp).
    event Appraised(uint256 indexed tokenId, uint256 previousValue, uint256 value, uint64 appraisedAt);

    /// @notice A model's depreciation parameters were set.
    /// @param model The model id.
    /// @param usefulLife Seconds over which the cost depreciates to the residual floor.
    /// @param residualBps Residual floor in basis points of the cost.
    /// @param enabled Whether new assets of this model may be registered.
    event ModelConfigured(bytes32 indexed model, uint64 usefulLife, uint16 residualBps, bool enabled);

    /// @notice A token was burned by its holder; its serial hash is free again.
    /// @param tokenId The burned token.
    /// @param holder The holder that retired it.
    /// @param serialHash The serial hash it backed.
    event AssetRetired(uint256 indexed tokenId, address indexed holder, bytes32 serialHash);

    /// @notice The appraisal limits were set.
    /// @param maxStepBps Largest move of one appraisal, basis points of the previous appraisal.
    /// @param maxAge Seconds an appraisal stays fresh.
    event AppraisalLimitsSet(uint16 maxStepBps, uint64 maxAge);

    // ---------------------------------------------------------------- events: ERC-721

    /// @notice `tokenId` moved from `from` to `to` (from zero: minted; to zero: burned).
    /// @param from Previous holder.
    /// @param to New holder.
    /// @param tokenId The token.
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    /// @notice `owner` approved `approved` to move `tokenId`.
    /// @param owner Holder of the token.
    /// @param approved Approved account (zero clears the approval).
    /// @param tokenId The token.
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);

    /// @notice `owner` enabled or disabled `operator` for all its tokens.
    /// @param owner The holder.
    /// @param operator The operator.
    /// @param approved Whether the operator may move the holder's tokens.
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    // ---------------------------------------------------------------- events: roles and pause

    /// @notice `role`'s admin role changed from `previousAdminRole` to `newAdminRole`.
    /// @param role The role.
    /// @param previousAdminRole The former admin role.
    /// @param newAdminRole The new admin role.
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);

    /// @notice `account` was granted `role` by `sender`.
    /// @param role The role.
    /// @param account The account that received it.
    /// @param sender The caller that granted it.
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

    /// @notice `account` lost `role`, revoked by `sender` (the account itself when renounced).
    /// @param role The role.
    /// @param account The account that lost it.
    /// @param sender The caller that revoked it.
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    /// @notice Registration was paused by `account`.
    /// @param account The pauser.
    event Paused(address account);

    /// @notice Registration was resumed by `account`.
    /// @param account The pauser.
    event Unpaused(address account);

    // ---------------------------------------------------------------- errors: registry

    /// @notice The constructor was given the zero address as admin.
    /// @param admin The rejected admin.
    error InvalidAdmin(address admin);

    /// @notice A registration named zero GPUs.
    /// @param gpuCount The rejected count.
    error InvalidAssetGpuCount(uint32 gpuCount);

    /// @notice A registration's acquisition cost is zero or above 2^128 - 1.
    /// @param acquisitionCost The rejected cost.
    error InvalidAssetCost(uint256 acquisitionCost);

    /// @notice A registration's acquisition time lies after the current block time.
    /// @param acquiredAt The rejected acquisition time.
    /// @param timestamp The current block time.
    error InvalidAssetAcquiredAt(uint64 acquiredAt, uint64 timestamp);

    /// @notice A registration's first appraisal is zero or above 2^128 - 1.
    /// @param appraisalValue The rejected appraisal.
    error InvalidAssetAppraisal(uint256 appraisalValue);

    /// @notice A registration's serial hash is zero.
    /// @param serialHash The rejected serial hash.
    error InvalidSerialHash(bytes32 serialHash);

    /// @notice The serial hash already backs a live token (a double pledge).
    /// @param serialHash The serial hash.
    /// @param tokenId The live token it backs.
    error SerialInUse(bytes32 serialHash, uint256 tokenId);

    /// @notice The model was never configured.
    /// @param model The model id.
    error UnknownModel(bytes32 model);

    /// @notice The model is configured but closed to new registrations.
    /// @param model The model id.
    error ModelDisabled(bytes32 model);

    /// @notice A model configuration with a zero id, a zero useful life or a residual above 10_000 bps.
    /// @param model The model id.
    /// @param usefulLife The useful life given.
    /// @param residualBps The residual given.
    error InvalidModelConfig(bytes32 model, uint64 usefulLife, uint16 residualBps);

    /// @notice An appraisal of zero or above 2^128 - 1.
    /// @param tokenId The token.
    /// @param value The rejected appraisal.
    error InvalidAppraisalValue(uint256 tokenId, uint256 value);

    /// @notice An appraisal moves further from the value at the start of the token's 24-hour
    /// appraisal window than the step limit allows: |proposed - anchor| > ceil(anchor * maxStepBps / 10_000).
    /// @param tokenId The token.
    /// @param anchor The appraisal at the start of the current window.
    /// @param proposed The rejected appraisal.
    /// @param maxStepBps The step limit in force.
    error AppraisalStepTooLarge(uint256 tokenId, uint256 anchor, uint256 proposed, uint16 maxStepBps);

    /// @notice A batch appraisal got arrays of different lengths.
    /// @param tokenIdsLength Length of `tokenIds`.
    /// @param valuesLength Length of `values`.
    error AppraisalLengthMismatch(uint256 tokenIdsLength, uint256 valuesLength);

    /// @notice Appraisal limits with a step of zero or above 10_000 bps, or a zero freshness window.
    /// @param maxStepBps The step given.
    /// @param maxAge The window given.
    error InvalidAppraisalLimits(uint16 maxStepBps, uint64 maxAge);

    /// @notice The caller tried to retire a token it does not hold (approval is not enough).
    /// @param tokenId The token.
    /// @param caller The caller.
    error NotTokenHolder(uint256 tokenId, address caller);

    // ---------------------------------------------------------------- errors: ERC-721 (ERC-6093)

    /// @notice `owner` cannot own tokens (the zero address, in balance queries).
    /// @param owner The rejected owner.
    error ERC721InvalidOwner(address owner);

    /// @notice `tokenId` does not exist (never minted, or retired).
    /// @param tokenId The token.
    error ERC721NonexistentToken(uint256 tokenId);

    /// @notice A transfer named `sender` as the holder of `tokenId`, which `owner` holds.
    /// @param sender The `from` given.
    /// @param tokenId The token.
    /// @param owner The actual holder.
    error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);

    /// @notice Invalid token sender (minting an existing token).
    /// @param sender The rejected sender.
    error ERC721InvalidSender(address sender);

    /// @notice Invalid receiver: the zero address, or a contract that did not accept the token.
    /// @param receiver The rejected receiver.
    error ERC721InvalidReceiver(address receiver);

    /// @notice The receiving contract reverted `onERC721Received` with this reason.
    /// @param reason The revert data of the receiver, as text.
    error InvalidReceiverWithReason(string reason);

    /// @notice `operator` may not move `tokenId`.
    /// @param operator The caller.
    /// @param tokenId The token.
    error ERC721InsufficientApproval(address operator, uint256 tokenId);

    /// @notice `approver` may not approve for this token.
    /// @param approver The caller.
    error ERC721InvalidApprover(address approver);

    /// @notice `operator` cannot be an operator (the zero address).
    /// @param operator The rejected operator.
    error ERC721InvalidOperator(address operator);

    // ---------------------------------------------------------------- errors: roles and pause

    /// @notice `account` lacks `neededRole`.
    /// @param account The caller.
    /// @param neededRole The role the function requires.
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

    /// @notice `renounceRole` was called with a confirmation other than the caller.
    error AccessControlBadConfirmation();

    /// @notice Registration is paused (or `pause` was called while paused).
    error EnforcedPause();

    /// @notice `unpause` was called while not paused.
    error ExpectedPause();

    // ---------------------------------------------------------------- registry

    /// @notice Registers a GPU asset and mints its token to `to` (REGISTRAR_ROLE; not while paused).
    /// @dev The appraisal is dated at the current block time. A contract `to` must accept the token
    /// in `onERC721Received` (called with operator = caller, from = 0). Reverts with
    /// AccessControlUnauthorizedAccount, EnforcedPause, ERC721InvalidReceiver, InvalidAssetGpuCount,
    /// InvalidAssetCost, InvalidAssetAcquiredAt, InvalidAssetAppraisal, InvalidSerialHash,
    /// SerialInUse, UnknownModel or ModelDisabled. Emits Transfer and AssetRegistered.
    /// @param to The operator receiving the token (not zero).
    /// @param model A configured and enabled model id.
    /// @param gpuCount Number of GPUs (at least 1).
    /// @param serialHash Hash over the sorted serial numbers (not zero, not backing a live token).
    /// @param acquisitionCost Purchase price, USD with 18 decimals (1 to 2^128 - 1).
    /// @param acquiredAt Purchase time (not in the future).
    /// @param appraisalValue First appraisal, USD with 18 decimals (1 to 2^128 - 1).
    /// @param uri Metadata URI of the asset's documents, served by tokenURI.
    /// @return tokenId The new token.
    function registerAsset(
        address to,
        bytes32 model,
        uint32 gpuCount,
        bytes32 serialHash,
        uint256 acquisitionCost,
        uint64 acquiredAt,
        uint256 appraisalValue,
        string calldata uri
    ) external returns (uint256 tokenId);

    /// @notice Sets the appraisal of `tokenId` to `value`, dated now (APPRAISER_ROLE).
    /// @dev Allowed when |value - anchor| <= ceil(anchor * maxAppraisalStepBps / 10_000), where the
    /// anchor is the appraisal at the start of the token's current window. A window opens with the
    /// first update at least 24 hours (86,400 s) after the last one opened, anchored at the value
    /// then, so repeated updates cannot compound steps (any 24 hours see at most two). Works while
    /// paused. Reverts with AccessControlUnauthorizedAccount, ERC721NonexistentToken,
    /// InvalidAppraisalValue or AppraisalStepTooLarge. Emits Appraised.
    /// @param tokenId The token.
    /// @param value The appraisal, USD with 18 decimals (1 to 2^128 - 1).
    function appraise(uint256 tokenId, uint256 value) external;

    /// @notice Appraises `tokenIds[i]` at `values[i]` for every i, all or nothing (APPRAISER_ROLE).
    /// @dev Each entry is checked as in `appraise`, in order (a token listed twice is checked against
    /// the same window anchor, so listing it again moves it no further than the step limit). Reverts with AppraisalLengthMismatch or any error of `appraise`.
    /// Emits Appraised per entry.
    /// @param tokenIds The tokens.
    /// @param values Their appraisals.
    function appraiseBatch(uint256[] calldata tokenIds, uint256[] calldata values) external;

    /// @notice Sets a model's depreciation parameters and whether it is open for registration
    /// (RISK_ADMIN_ROLE).
    /// @dev Applies at once to the book value of every token of the model; disabling only stops new
    /// registrations. Reverts with AccessControlUnauthorizedAccount or InvalidModelConfig.
    /// Emits ModelConfigured.
    /// @param model The model id (not zero).
    /// @param usefulLife Seconds to depreciate to the floor (not zero).
    /// @param residualBps Residual floor in basis points of the cost (at most 10_000).
    /// @param enabled Whether new assets of this model may be registered.
    function configureModel(bytes32 model, uint64 usefulLife, uint16 residualBps, bool enabled) external;

    /// @notice Sets the appraisal step limit and freshness window (RISK_ADMIN_ROLE).
    /// @dev Reverts with AccessControlUnauthorizedAccount or InvalidAppraisalLimits. Emits
    /// AppraisalLimitsSet.
    /// @param maxStepBps Largest move of one appraisal, 1 to 10_000 bps of the previous appraisal.
    /// @param maxAge Seconds an appraisal stays fresh (not zero).
    function setAppraisalLimits(uint16 maxStepBps, uint64 maxAge) external;

    /// @notice Burns `tokenId`, which the caller must hold, and frees its serial hash.
    /// @dev Only the holder itself, not an approved operator; a pledged token is held by the minter
    /// and so cannot be retired by its operator. Works while paused. Reverts with
    /// ERC721NonexistentToken or NotTokenHolder. Emits Transfer (to zero) and AssetRetired.
    /// @param tokenId The token.
    function retire(uint256 tokenId) external;

    /// @notice Stops registration (PAUSER_ROLE). Transfers, appraisals and retirement continue.
    /// @dev Reverts with AccessControlUnauthorizedAccount or EnforcedPause. Emits Paused.
    function pause() external;

    /// @notice Resumes registration (PAUSER_ROLE).
    /// @dev Reverts with AccessControlUnauthorizedAccount or ExpectedPause. Emits Unpaused.
    function unpause() external;

    /// @notice Whether registration is paused.
    /// @return True while paused.
    function paused() external view returns (bool);

    /// @notice Depreciation parameters of a model (all zero if never configured).
    /// @param model The model id.
    /// @return usefulLife Seconds to depreciate to the floor.
    /// @return residualBps Residual floor in basis points.
    /// @return enabled Whether new assets of this model may be registered.
    function model(bytes32 model) external view returns (uint64 usefulLife, uint16 residualBps, bool enabled);

    /// @notice The asset record of a token.
    /// @dev Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return model The model id.
    /// @return gpuCount Number of GPUs.
    /// @return serialHash Hash over the sorted serial numbers.
    /// @return acquisitionCost Purchase price, USD with 18 decimals.
    /// @return acquiredAt Purchase time.
    /// @return appraisalValue Last appraisal, USD with 18 decimals.
    /// @return appraisedAt Time of the last appraisal.
    function asset(uint256 tokenId)
        external
        view
        returns (
            bytes32 model,
            uint32 gpuCount,
            bytes32 serialHash,
            uint256 acquisitionCost,
            uint64 acquiredAt,
            uint256 appraisalValue,
            uint64 appraisedAt
        );

    /// @notice The model of a token.
    /// @dev Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return The model id.
    function modelOf(uint256 tokenId) external view returns (bytes32);

    /// @notice Book value of a token now:
    /// cost * max(residualBps, 10_000 - 10_000 * age / usefulLife) / 10_000, rounded down.
    /// @dev Uses the model's current parameters. Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return Book value, USD with 18 decimals.
    function bookValue(uint256 tokenId) external view returns (uint256);

    /// @notice Collateral value of a token now.
    /// @dev Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return value min(last appraisal, book value), USD with 18 decimals.
    /// @return appraisedAt Time of the last appraisal.
    /// @return fresh Whether now - appraisedAt <= maxAppraisalAge.
    function valuation(uint256 tokenId) external view returns (uint256 value, uint64 appraisedAt, bool fresh);

    /// @notice The live token a serial hash backs.
    /// @param serialHash The serial hash.
    /// @return The token id, or 0 when the serial hash is free.
    function serialOwnerToken(bytes32 serialHash) external view returns (uint256);

    /// @notice The appraisal limits in force.
    /// @return maxStepBps Largest move of one appraisal, basis points of the previous appraisal.
    /// @return maxAge Seconds an appraisal stays fresh.
    function appraisalLimits() external view returns (uint16 maxStepBps, uint64 maxAge);

    // ---------------------------------------------------------------- ERC-721 and metadata

    /// @notice Number of tokens `owner` holds.
    /// @dev Reverts with ERC721InvalidOwner for the zero address.
    /// @param owner The holder.
    /// @return The balance.
    function balanceOf(address owner) external view returns (uint256);

    /// @notice Holder of `tokenId`.
    /// @dev Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return The holder.
    function ownerOf(uint256 tokenId) external view returns (address);

    /// @notice Moves `tokenId` from `from` to `to`, calling `onERC721Received` if `to` is a contract.
    /// @dev Reverts with ERC721InvalidReceiver, ERC721IncorrectOwner, ERC721InsufficientApproval,
    /// ERC721NonexistentToken or InvalidReceiverWithReason. Emits Transfer.
    /// @param from The holder.
    /// @param to The recipient.
    /// @param tokenId The token.
    function safeTransferFrom(address from, address to, uint256 tokenId) external;

    /// @notice As `safeTransferFrom(from, to, tokenId)`, passing `data` to `onERC721Received`.
    /// @param from The holder.
    /// @param to The recipient.
    /// @param tokenId The token.
    /// @param data Passed to the recipient's hook.
    function safeTransferFrom(address from, address to, uint256 tokenId, bytes calldata data) external;

    /// @notice Moves `tokenId` from `from` to `to` without the receiver hook.
    /// @dev Reverts with ERC721InvalidReceiver, ERC721IncorrectOwner, ERC721InsufficientApproval or
    /// ERC721NonexistentToken. Emits Transfer.
    /// @param from The holder.
    /// @param to The recipient.
    /// @param tokenId The token.
    function transferFrom(address from, address to, uint256 tokenId) external;

    /// @notice Lets `to` move `tokenId` (zero clears); caller must hold it or be its operator.
    /// @dev Reverts with ERC721NonexistentToken or ERC721InvalidApprover. Emits Approval.
    /// @param to The approved account.
    /// @param tokenId The token.
    function approve(address to, uint256 tokenId) external;

    /// @notice Enables or disables `operator` for all of the caller's tokens.
    /// @dev Reverts with ERC721InvalidOperator for the zero address. Emits ApprovalForAll.
    /// @param operator The operator.
    /// @param approved Whether it may move the caller's tokens.
    function setApprovalForAll(address operator, bool approved) external;

    /// @notice Account approved for `tokenId`.
    /// @dev Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return The approved account (zero if none).
    function getApproved(uint256 tokenId) external view returns (address);

    /// @notice Whether `operator` may move all of `owner`'s tokens.
    /// @param owner The holder.
    /// @param operator The operator.
    /// @return True if approved.
    function isApprovedForAll(address owner, address operator) external view returns (bool);

    /// @notice Collection name.
    /// @return "GPU Collateral".
    function name() external view returns (string memory);

    /// @notice Collection symbol.
    /// @return "GPUC".
    function symbol() external view returns (string memory);

    /// @notice Metadata URI of a token: the URI of its documents, as registered.
    /// @dev Reverts with ERC721NonexistentToken.
    /// @param tokenId The token.
    /// @return The URI.
    function tokenURI(uint256 tokenId) external view returns (string memory);

    // ---------------------------------------------------------------- ERC-165 and roles

    /// @notice Whether the contract implements an interface: ERC-165 (0x01ffc9a7), ERC-721
    /// (0x80ac58cd), ERC-721 metadata (0x5b5e139f) and AccessControl (0x7965db0b).
    /// @param interfaceId The ERC-165 interface id.
    /// @return True if supported.
    function supportsInterface(bytes4 interfaceId) external view returns (bool);

    /// @notice Whether `account` holds `role`.
    /// @param role The role id.
    /// @param account The account.
    /// @return True if it holds the role.
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @notice The role that administers `role` (DEFAULT_ADMIN_ROLE, 0x00, for every role here).
    /// @param role The role id.
    /// @return The admin role id.
    function getRoleAdmin(bytes32 role) external view returns (bytes32);

    /// @notice Grants `role` to `account` (caller needs the role's admin role).
    /// @dev Reverts with AccessControlUnauthorizedAccount. Emits RoleGranted if newly granted.
    /// @param role The role id.
    /// @param account The account.
    function grantRole(bytes32 role, address account) external;

    /// @notice Revokes `role` from `account` (caller needs the role's admin role).
    /// @dev Reverts with AccessControlUnauthorizedAccount. Emits RoleRevoked if it was held.
    /// @param role The role id.
    /// @param account The account.
    function revokeRole(bytes32 role, address account) external;

    /// @notice Gives up `role` held by the caller.
    /// @dev Reverts with AccessControlBadConfirmation unless `callerConfirmation` is the caller.
    /// Emits RoleRevoked if it was held.
    /// @param role The role id.
    /// @param callerConfirmation The caller's own address.
    function renounceRole(bytes32 role, address callerConfirmation) external;
}
