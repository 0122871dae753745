// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AidMinter: the collateral-ratio-checked minter of AID Protocol
/// @notice GPU clusters registered as GpuRegistry tokens are pledged here (the minter holds them) and AID is minted
/// against them up to a per-model collateral ratio. Positions are keyed by token id. Debt is normalized debt times the
/// model's rate accumulator (RAY, compounded per second, not while the model has no debt), rounded up. Accrual only
/// books interest (`pendingInterest`) and never calls another contract; `drip` distributes it: mints it to the
/// minter, sends all but savingsShareBps to the surplus buffer (the AidLiquidator, IAidLiquidator) and hands the rest
/// to the sAID vault (distributeYield). Each of those calls is best effort: if AID refuses to mint, the interest stays
/// pending (InterestDeferred); if the vault refuses, its share waits in `pendingYield` (YieldDeferred); the next drip
/// retries. With the minter as AID's only minter, AID total supply + pendingInterest = totalDebt + the liquidator's
/// unbackedDebt exactly, and the minter holds exactly pendingYield AID.
/// Repayment pulls AID with transferFrom and burns it: it needs no minter right on AID, so `removeMinter(AidMinter)`
/// or an exhausted minter allowance stops borrowing (and defers interest) but never repayment, withdrawal or
/// liquidation. A position with value * 10_000 < debt * liquidationRatioBps (value = min(appraisal, book value),
/// stale or not) is handed to the liquidator on a keeper's call: `seize` freezes its debt and sends the token there;
/// `settle` takes the debt out of totalDebt after the sale. Bad debt, healing, keeper tips and sweeps are the
/// liquidator's (it keeps the surplus buffer).
/// @dev Self-contained. Amounts and values are WAD (1e18), rates RAY (1e27), ratios and shares basis points
/// (10_000 = 100%). Roles (OpenZeppelin AccessControl semantics): DEFAULT_ADMIN_ROLE = bytes32(0) administers every
/// role and is granted to the constructor's `admin` (`constructor(address admin, address registry, address aid)`);
/// RISK_ADMIN_ROLE = keccak256("RISK_ADMIN_ROLE"); PAUSER_ROLE = keccak256("PAUSER_ROLE") (role ids are not exposed as getters, to keep the
/// contract inside one code account). Bounds: 10_000 <=
/// liquidationRatioBps < minCollateralRatioBps <= 50_000, stabilityFeeAprBps <= 5_000 (a century at 50% cannot
/// overflow the accumulator), savingsShareBps <= 10_000.
/// Errors of the registry and the AID token on the caller's own transfers are passed through unchanged.
interface IAidMinter {
    // ------------------------------------------------------------------ events

    /// @notice A token was pledged: the minter holds it and `owner` owns the position.
    /// @param tokenId The GPU token (and position) id.
    /// @param owner The position's owner: the token's previous holder.
    event Pledged(uint256 indexed tokenId, address indexed owner);

    /// @notice `amount` AID was minted to `receiver` against position `tokenId` of `model`.
    /// @param tokenId The position.
    /// @param model The token's GPU model.
    /// @param receiver Who received the AID.
    /// @param amount The AID minted.
    /// @param debt What the position owes after the borrow.
    event Borrowed(
        uint256 indexed tokenId, bytes32 indexed model, address indexed receiver, uint256 amount, uint256 debt
    );

    /// @notice `payer` burnt `amount` AID against position `tokenId`.
    /// @param tokenId The position.
    /// @param payer Who paid.
    /// @param amount The AID burnt (capped at the debt).
    /// @param debt What the position owes afterwards.
    event Repaid(uint256 indexed tokenId, address indexed payer, uint256 amount, uint256 debt);

    /// @notice Position `tokenId` was closed and its token sent to `receiver`.
    /// @param tokenId The position.
    /// @param owner Its owner.
    /// @param receiver Who received the token.
    event Withdrawn(uint256 indexed tokenId, address indexed owner, address indexed receiver);

    /// @notice `model`'s accumulator moved to `rate` and `interest` AID of stability fees was booked as pending.
    /// @param model The GPU model.
    /// @param rate The new rate accumulator (RAY).
    /// @param interest The AID of interest booked.
    event Dripped(bytes32 indexed model, uint256 rate, uint256 interest);

    /// @notice Pending interest `minted` was minted to the minter: `toVault` queued for the sAID vault (pendingYield),
    /// `toSurplus` sent to the surplus buffer (the liquidator).
    /// @param minted The AID minted.
    /// @param toVault The vault's share.
    /// @param toSurplus The surplus buffer's share.
    event InterestDistributed(uint256 minted, uint256 toVault, uint256 toSurplus);

    /// @notice AID refused to mint the pending interest (minter removed or allowance spent); it waits for the next drip.
    /// @param pending The interest still pending.
    event InterestDeferred(uint256 pending);

    /// @notice `vault` refused distributeYield (or none is set); its share waits in pendingYield for the next drip.
    /// @param vault The vault.
    /// @param pending The AID waiting for it.
    event YieldDeferred(address indexed vault, uint256 pending);

    /// @notice Position `tokenId` was handed to the liquidator with its frozen `debt` on `keeper`'s call.
    /// @param tokenId The token.
    /// @param owner The former owner.
    /// @param keeper Who liquidated.
    /// @param debt The frozen debt.
    /// @param value The valuation.
    event Seized(uint256 indexed tokenId, address indexed owner, address indexed keeper, uint256 debt, uint256 value);

    /// @notice The liquidator now is `liquidator`.
    /// @param liquidator The liquidator.
    event LiquidatorSet(address indexed liquidator);

    /// @notice `tokenId`, held without a position, was returned to `to`.
    /// @param tokenId The token.
    /// @param to Who received it.
    event StrandedTokenReturned(uint256 indexed tokenId, address indexed to);

    /// @notice The auction of `tokenId` settled: its frozen `debt` left totalDebt.
    /// @param tokenId The token.
    /// @param debt The frozen debt.
    event Settled(uint256 indexed tokenId, uint256 debt);

    /// @notice Credit parameters of `model` were set.
    /// @param model The GPU model.
    /// @param minCollateralRatioBps Minimum collateral ratio to borrow.
    /// @param liquidationRatioBps Ratio below which the position can be liquidated.
    /// @param stabilityFeeAprBps Stability fee as an APR.
    /// @param stabilityFee The same fee as a per-second RAY rate.
    /// @param debtCeiling The model's debt ceiling.
    event ModelParamsSet(
        bytes32 indexed model,
        uint16 minCollateralRatioBps,
        uint16 liquidationRatioBps,
        uint16 stabilityFeeAprBps,
        uint256 stabilityFee,
        uint256 debtCeiling
    );

    /// @notice Global parameters were set.
    /// @param globalDebtCeiling Ceiling on totalDebt.
    /// @param dust Minimum non-zero debt of a position.
    /// @param savingsShareBps Share of interest paid to the sAID vault.
    event GlobalParamsSet(uint256 globalDebtCeiling, uint256 dust, uint16 savingsShareBps);

    /// @notice The sAID vault is now `vault` (zero: none).
    /// @param vault The vault.
    event VaultSet(address indexed vault);

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

    /// @notice `account` paused borrowing and new pledges.
    /// @param account The pauser.
    event Paused(address account);

    /// @notice `account` let borrowing and new pledges resume.
    /// @param account The pauser.
    event Unpaused(address account);

    // ------------------------------------------------------------------ errors

    /// @notice `account` lacks `neededRole`.
    /// @param account The caller.
    /// @param neededRole The role required.
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

    /// @notice A role can only be renounced by its holder.
    error AccessControlBadConfirmation();

    /// @notice The minter is paused (borrowing and new pledges).
    error EnforcedPause();

    /// @notice The minter is not paused.
    error ExpectedPause();

    /// @notice An address argument cannot be the zero address.
    /// @param account The address given.
    error InvalidAddress(address account);

    /// @notice AID or a token cannot go to `receiver` (the zero address).
    /// @param receiver The receiver given.
    error InvalidReceiver(address receiver);

    /// @notice An amount of zero was given where AID must move.
    /// @param amount The amount given.
    error InvalidAmount(uint256 amount);

    /// @notice `onERC721Received` was called by `caller`, not the registry: only registry tokens can be pledged.
    /// @param caller The caller.
    error NotRegistry(address caller);

    /// @notice `tokenId` already backs a position.
    /// @param tokenId The token.
    error PositionExists(uint256 tokenId);

    /// @notice `tokenId` backs no position.
    /// @param tokenId The token.
    error NoPosition(uint256 tokenId);

    /// @notice `caller` does not own position `tokenId`.
    /// @param tokenId The position.
    /// @param caller The caller.
    error NotPositionOwner(uint256 tokenId, address caller);

    /// @notice Position `tokenId` owes nothing.
    /// @param tokenId The position.
    error NoDebt(uint256 tokenId);

    /// @notice `model` is bytes32(0), reserved for "model not read yet" (or the registry answered it).
    /// @param model The model given.
    error InvalidModel(bytes32 model);

    /// @notice `model` has no credit parameters.
    /// @param model The model.
    error ModelNotConfigured(bytes32 model);

    /// @notice The appraisal of `tokenId` is too old to lend against.
    /// @param tokenId The token.
    /// @param appraisedAt When it was appraised.
    error StaleValuation(uint256 tokenId, uint64 appraisedAt);

    /// @notice After the borrow, value * 10_000 < debt * minCollateralRatioBps.
    /// @param tokenId The position.
    /// @param value Its valuation.
    /// @param debt Its debt after the borrow.
    /// @param minCollateralRatioBps The minimum ratio of its model.
    error UndercollateralizedBorrow(uint256 tokenId, uint256 value, uint256 debt, uint16 minCollateralRatioBps);

    /// @notice The model's debt would become `debt`, above `ceiling`.
    /// @param model The model.
    /// @param debt Its debt after the borrow.
    /// @param ceiling Its debt ceiling.
    error DebtCeilingExceeded(bytes32 model, uint256 debt, uint256 ceiling);

    /// @notice totalDebt would become `debt`, above the global `ceiling`.
    /// @param debt Total debt after the borrow.
    /// @param ceiling The global debt ceiling.
    error GlobalDebtCeilingExceeded(uint256 debt, uint256 ceiling);

    /// @notice A position would owe `remaining`: more than zero but less than `dust`.
    /// @param remaining The debt it would owe.
    /// @param dust The minimum non-zero debt.
    error DustDebt(uint256 remaining, uint256 dust);

    /// @notice Position `tokenId` still owes `debt`.
    /// @param tokenId The position.
    /// @param debt Its debt.
    error OutstandingDebt(uint256 tokenId, uint256 debt);

    /// @notice Position `tokenId` is not below its liquidation ratio (or owes nothing).
    /// @param tokenId The position.
    /// @param value Its valuation.
    /// @param debt Its debt.
    error NotLiquidatable(uint256 tokenId, uint256 value, uint256 debt);

    /// @notice The caller is not the liquidator.
    /// @param caller The caller.
    error NotLiquidator(address caller);

    /// @notice The vault has no code or its asset() is not AID.
    /// @param vault The vault.
    error InvalidVault(address vault);

    /// @notice The token backs a position.
    /// @param tokenId The token.
    error NotStranded(uint256 tokenId);

    /// @notice A stability fee APR above 5_000 bps (50%).
    /// @param aprBps The APR.
    error InvalidApr(uint16 aprBps);

    /// @notice Ratios must satisfy 10_000 <= liquidationRatioBps < minCollateralRatioBps <= 50_000.
    /// @param minCollateralRatioBps The minimum ratio given.
    /// @param liquidationRatioBps The liquidation ratio given.
    error InvalidRatios(uint16 minCollateralRatioBps, uint16 liquidationRatioBps);

    /// @notice A share above 10_000 basis points.
    /// @param bps The share given.
    error InvalidBps(uint16 bps);

    /// @notice Fixed-point arithmetic failed.
    /// @param kind 1: overflow, 2: underflow, 3: division by zero.
    error ArithmeticFailure(uint8 kind);

    /// @notice `target` (registry or vault) returned less data than its ABI promises.
    /// @param target The callee.
    error UnexpectedReturnData(address target);

    // --------------------------------------------------------------- positions

    /// @notice Accepts a registry token sent with safeTransferFrom and opens a position owned by `from`. Never calls
    /// the registry (it is on the call stack); the token's model is read at the first borrow.
    /// @dev Reverts NotRegistry (another ERC-721), EnforcedPause, InvalidAddress (`from` = 0), PositionExists.
    /// Emits Pledged.
    /// @param operator Who moved the token (unused).
    /// @param from The previous holder: the position's owner.
    /// @param tokenId The token.
    /// @param data Unused.
    /// @return The IERC721Receiver selector, 0x150b7a02.
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data)
        external
        returns (bytes4);

    /// @notice Pledges `tokenId` by pulling it from the caller with transferFrom (approve the minter first) and opens
    /// a position owned by the caller.
    /// @dev Reverts EnforcedPause, PositionExists, or the registry's error. Emits Pledged.
    /// @param tokenId The token.
    function pledge(uint256 tokenId) external;

    /// @notice Mints `amount` AID to `receiver` against position `tokenId` (owner only), after an accrual. Needs a fresh
    /// valuation and value * 10_000 >= debt * minCollateralRatioBps after the mint; both debt ceilings and dust hold.
    /// @dev Reverts EnforcedPause, InvalidAmount, InvalidReceiver, NoPosition, NotPositionOwner,
    /// InvalidModel, ModelNotConfigured, StaleValuation, DustDebt, UndercollateralizedBorrow, DebtCeilingExceeded,
    /// GlobalDebtCeilingExceeded. Emits Dripped (when accruing), Borrowed.
    /// @param tokenId The position.
    /// @param amount The AID to mint.
    /// @param receiver Who receives it.
    function borrow(uint256 tokenId, uint256 amount, address receiver) external;

    /// @notice Repays up to `amount` of position `tokenId`'s debt (after an accrual) with the caller's AID: pulled with
    /// transferFrom (approve the minter first) and burnt, so no minter right on AID is needed. Anyone may repay.
    /// type(uint256).max (or any amount above the debt) repays exactly the debt at execution; what is left must be zero
    /// or at least dust. Works while paused and whatever the vault or AID's minter settings are.
    /// @dev Reverts InvalidAmount, NoPosition, NoDebt, DustDebt, or the token's error. Emits Dripped (when accruing),
    /// Repaid.
    /// @param tokenId The position.
    /// @param amount The most to repay (type(uint256).max: all of it).
    /// @return repaid The AID taken and burnt.
    function repay(uint256 tokenId, uint256 amount) external returns (uint256 repaid);

    /// @notice Closes position `tokenId` (owner only, no debt) and sends the token to `receiver` with
    /// safeTransferFrom. Works while paused.
    /// @dev Reverts InvalidReceiver, NoPosition, NotPositionOwner, OutstandingDebt. Emits Withdrawn.
    /// @param tokenId The position.
    /// @param receiver Who receives the token.
    function withdraw(uint256 tokenId, address receiver) external;

    /// @notice Accrues `model`'s stability fee to now, then distributes the pending interest: mints it to the minter,
    /// sends all but savingsShareBps of it to the surplus buffer (the liquidator) and offers the vault its share (with
    /// what it refused before); then asks the liquidator to heal unbacked debt. A refusal by AID or the vault is booked
    /// (pendingInterest, pendingYield) with an event and retried by the next drip; it never makes the drip fail.
    /// Without a liquidator the interest stays pending. Anyone may call it.
    /// @dev Reverts ModelNotConfigured, ArithmeticFailure. Emits Dripped, InterestDistributed, InterestDeferred,
    /// YieldDeferred as they happen.
    /// @param model The GPU model.
    /// @return interest The AID of interest accrued for `model` by this call.
    function drip(bytes32 model) external returns (uint256 interest);

    /// @notice Health of position `tokenId`, with interest not yet accrued.
    /// @dev Reverts NoPosition.
    /// @param tokenId The position.
    /// @return debt What it owes.
    /// @return value min(appraisal, book value).
    /// @return fresh Whether the appraisal is fresh.
    /// @return ratioBps value * 10_000 / debt, rounded down (type(uint256).max without debt).
    /// @return liquidatable Whether liquidate would succeed now.
    function health(uint256 tokenId)
        external
        view
        returns (uint256 debt, uint256 value, bool fresh, uint256 ratioBps, bool liquidatable);

    // ------------------------------------------------------ the liquidator's side

    /// @notice Hands position `tokenId` to the liquidator (liquidator only), on `keeper`'s call: after an accrual, if
    /// value * 10_000 < debt * liquidationRatioBps (stale valuations count), the debt leaves the model frozen (it stays
    /// in totalDebt until `settle`), the position is closed and the token sent to the liquidator with transferFrom.
    /// Works while paused.
    /// @dev Reverts NotLiquidator, NoPosition, NotLiquidatable. Emits Dripped (when accruing), Seized.
    /// @param tokenId The position.
    /// @param keeper Who asked for the liquidation.
    /// @return owner The former owner.
    /// @return debt The frozen debt.
    /// @return value The valuation.
    function seize(uint256 tokenId, address keeper) external returns (address owner, uint256 debt, uint256 value);

    /// @notice Takes the frozen `debt` of the settled auction of `tokenId` out of totalDebt (liquidator only; it has
    /// burnt what the sale covered and covered any shortfall).
    /// @dev Reverts NotLiquidator, ArithmeticFailure (debt above totalDebt). Emits Settled.
    /// @param tokenId The token.
    /// @param debt The frozen debt.
    function settle(uint256 tokenId, uint256 debt) external;

    /// @notice Returns `tokenId`, a registry token the minter holds without a position (sent with a plain
    /// transferFrom), to `to` (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidReceiver, NotStranded (the token backs a position), or the
    /// registry's error if the minter does not hold it. Emits StrandedTokenReturned.
    /// @param tokenId The token.
    /// @param to Who receives it.
    function returnStrandedToken(uint256 tokenId, address to) external;

    // -------------------------------------------------------------- parameters

    /// @notice Sets `model`'s credit parameters (RISK_ADMIN). Accrues the model first; a new model starts at 1
    /// RAY.
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidModel, InvalidRatios, InvalidApr. Emits Dripped (when
    /// accruing),
    /// ModelParamsSet.
    /// @param model The GPU model.
    /// @param minCollateralRatioBps Minimum collateral ratio to borrow.
    /// @param liquidationRatioBps Liquidation ratio (10_000 <= it < minCollateralRatioBps <= 50_000).
    /// @param stabilityFeeAprBps Stability fee as an APR (at most 5_000), stored as a per-second RAY rate.
    /// @param debtCeiling The model's debt ceiling.
    function setModelParams(
        bytes32 model,
        uint16 minCollateralRatioBps,
        uint16 liquidationRatioBps,
        uint16 stabilityFeeAprBps,
        uint256 debtCeiling
    ) external;

    /// @notice Sets the global debt ceiling, dust and the vault's share of interest (RISK_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidBps. Emits GlobalParamsSet.
    /// @param globalDebtCeiling Ceiling on totalDebt.
    /// @param dust Minimum non-zero debt of a position.
    /// @param savingsShareBps Share of interest paid to the sAID vault (at most 10_000).
    function setGlobalParams(uint256 globalDebtCeiling, uint256 dust, uint16 savingsShareBps) external;

    /// @notice Sets the sAID vault (DEFAULT_ADMIN); zero sends all interest to surplus (and the liquidator finds no vault
    /// to absorb losses). A vault
    /// must have code and asset() == AID.
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidVault. Emits VaultSet.
    /// @param vault The vault.
    function setVault(address vault) external;

    /// @notice Sets the liquidator, the only caller of seize and settle, which keeps the surplus buffer (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAddress. Emits LiquidatorSet.
    /// @param liquidator The liquidator.
    function setLiquidator(address liquidator) external;

    /// @notice Stops borrowing and new pledges (PAUSER). Repayment, withdrawal, drips and liquidation go on.
    /// @dev Reverts AccessControlUnauthorizedAccount, EnforcedPause. Emits Paused.
    function pause() external;

    /// @notice Lets borrowing and new pledges resume (PAUSER).
    /// @dev Reverts AccessControlUnauthorizedAccount, ExpectedPause. Emits Unpaused.
    function unpause() external;

    // ------------------------------------------------------------------- views

    /// @notice Position `tokenId` (zeros when there is none).
    /// @param tokenId The position.
    /// @return owner Its owner.
    /// @return model Its model (zero until the first borrow).
    /// @return normalizedDebt Its normalized debt.
    /// @return debt What it owes with interest not yet accrued.
    function position(uint256 tokenId)
        external
        view
        returns (address owner, bytes32 model, uint256 normalizedDebt, uint256 debt);

    /// @notice `model`'s credit parameters.
    /// @param model The GPU model.
    /// @return minCollateralRatioBps Minimum collateral ratio to borrow.
    /// @return liquidationRatioBps Liquidation ratio.
    /// @return stabilityFeeAprBps Stability fee as an APR.
    /// @return stabilityFee Stability fee as a per-second RAY rate.
    /// @return debtCeiling The model's debt ceiling.
    function modelParams(bytes32 model)
        external
        view
        returns (
            uint16 minCollateralRatioBps,
            uint16 liquidationRatioBps,
            uint16 stabilityFeeAprBps,
            uint256 stabilityFee,
            uint256 debtCeiling
        );

    /// @notice `model`'s accrual state as of its last accrual.
    /// @param model The GPU model.
    /// @return normalizedDebt Total normalized debt of its positions.
    /// @return debt Debt booked for it (ceil(normalizedDebt * rate) right after an accrual).
    /// @return rate The rate accumulator (RAY; zero while unconfigured).
    /// @return lastDrip When it last accrued.
    function modelState(bytes32 model)
        external
        view
        returns (uint256 normalizedDebt, uint256 debt, uint256 rate, uint64 lastDrip);

    /// @notice `model`'s rate accumulator as an accrual now would set it (zero while unconfigured; unchanged while the
    /// model has no debt).
    /// @param model The GPU model.
    /// @return The accumulator (RAY).
    function rateAccumulator(bytes32 model) external view returns (uint256);

    /// @notice Global parameters.
    /// @return globalDebtCeiling Ceiling on totalDebt.
    /// @return dust Minimum non-zero debt of a position.
    /// @return savingsShareBps Share of interest paid to the sAID vault.
    function globalParams() external view returns (uint256 globalDebtCeiling, uint256 dust, uint16 savingsShareBps);

    /// @notice AID owed to the protocol as booked: every model's debt as of its last accrual plus the debt frozen in
    /// auctions. AID total supply + pendingInterest = totalDebt + the liquidator's unbackedDebt.
    /// @return The total debt.
    function totalDebt() external view returns (uint256);

    /// @notice Interest accrued but not minted yet (the next drip mints it).
    /// @return The pending interest.
    function pendingInterest() external view returns (uint256);

    /// @notice The vault's share of minted interest it has not accepted yet (held by the minter; offered again by the
    /// next drip).
    /// @return The pending yield.
    function pendingYield() external view returns (uint256);

    /// @notice The GPU registry.
    /// @return The registry's address.
    function registry() external view returns (address);

    /// @notice The AID token.
    /// @return The token's address.
    function aid() external view returns (address);

    /// @notice The sAID vault (zero: none).
    /// @return The vault's address.
    function vault() external view returns (address);

    /// @notice The liquidator (zero: none yet).
    /// @return The liquidator's address.
    function liquidator() external view returns (address);

    /// @notice Whether borrowing and new pledges are paused.
    /// @return True when paused.
    function paused() external view returns (bool);

    // ---------------------------------------------------------- access control

    /// @notice bytes32(0), the admin role of every role.
    /// @return The role id.
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);

    /// @notice Whether `account` has `role`.
    /// @param role The role.
    /// @param account The account.
    /// @return True if it has the role.
    function hasRole(bytes32 role, address account) external view returns (bool);

    /// @notice The role that administers `role`: DEFAULT_ADMIN_ROLE for every role.
    /// @param role The role.
    /// @return The admin role.
    function getRoleAdmin(bytes32 role) external view returns (bytes32);

    /// @notice Grants `role` to `account` (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount. Emits RoleGranted if `account` did not have it.
    /// @param role The role.
    /// @param account The account.
    function grantRole(bytes32 role, address account) external;

    /// @notice Revokes `role` from `account` (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount. Emits RoleRevoked if `account` had it.
    /// @param role The role.
    /// @param account The account.
    function revokeRole(bytes32 role, address account) external;

    /// @notice Gives up `role` held by the caller.
    /// @dev Reverts AccessControlBadConfirmation unless `confirmation` is the caller. Emits RoleRevoked if the caller
    /// had it.
    /// @param role The role.
    /// @param confirmation The caller's address.
    function renounceRole(bytes32 role, address confirmation) external;
}
