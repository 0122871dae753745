// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AidMinter: the collateral-ratio-checked minter of AID Protocol
/// @notice GPU clusters registered as GpuRegistry tokens are pledged here (the minter holds them) and AID is minted
/// against them up to a per-model collateral ratio. Positions are keyed by token id. Debt is normalized debt times the
/// model's rate accumulator (RAY, compounded per second), rounded up; `drip` mints the interest: `savingsShareBps` to
/// the sAID vault as vesting yield, the rest to the surplus buffer (AID held by the minter). With the minter as AID's
/// only minter, AID total supply = totalDebt + unbackedDebt exactly.
/// A position with value * 10_000 < debt * liquidationRatioBps (value = min(appraisal, book value), stale or not) can
/// be liquidated by anyone into a Dutch auction: its debt is frozen, the price falls linearly from
/// value * auctionStartBps / 10_000 to auctionFloorBps of that start over auctionDuration, and a bid pays the price
/// in AID. Proceeds repay the debt, then the penalty (to surplus), the keeper fee (to whoever liquidated) and the rest
/// to the former owner. A shortfall is covered by the surplus buffer, then the sAID vault, then recorded as unbacked.
/// @dev Self-contained. Amounts and values are WAD (1e18), rates RAY (1e27), ratios and shares basis points
/// (10_000 = 100%). Roles (OpenZeppelin AccessControl semantics): DEFAULT_ADMIN_ROLE = bytes32(0) administers every
/// role and is granted to the constructor's `admin` (`constructor(address admin, address registry, address aid)`);
/// RISK_ADMIN_ROLE = keccak256("RISK_ADMIN_ROLE"); PAUSER_ROLE = keccak256("PAUSER_ROLE"). Errors of the registry,
/// the AID token and the vault are passed through unchanged.
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

    /// @notice `model`'s accumulator moved to `rate` and `interest` AID was minted.
    /// @param model The GPU model.
    /// @param rate The new rate accumulator (RAY).
    /// @param interest The AID minted.
    /// @param toVault The part distributed to the sAID vault.
    /// @param toSurplus The part kept in the surplus buffer.
    event Dripped(bytes32 indexed model, uint256 rate, uint256 interest, uint256 toVault, uint256 toSurplus);

    /// @notice Position `tokenId` went into a Dutch auction; its debt is frozen.
    /// @param tokenId The position.
    /// @param owner Its owner, who is paid what the sale brings in above the debt, penalty and keeper fee.
    /// @param keeper Who liquidated it (is paid the keeper fee).
    /// @param debt The frozen debt.
    /// @param value The valuation the start price is taken from.
    /// @param startPrice The price at the start.
    event AuctionStarted(
        uint256 indexed tokenId, address indexed owner, address indexed keeper, uint256 debt, uint256 value, uint256 startPrice
    );

    /// @notice The expired auction of `tokenId` was restarted from a fresh valuation.
    /// @param tokenId The position.
    /// @param caller Who restarted it.
    /// @param value The fresh valuation.
    /// @param startPrice The new start price.
    event AuctionReset(uint256 indexed tokenId, address indexed caller, uint256 value, uint256 startPrice);

    /// @notice `bidder` bought `tokenId` for `price` AID; the token went to `receiver`.
    /// @param tokenId The position.
    /// @param bidder Who paid.
    /// @param receiver Who received the token.
    /// @param price The AID paid.
    /// @param debt The frozen debt (the proceeds burnt are min(price, debt)).
    /// @param penalty The liquidation penalty kept as surplus.
    /// @param keeperFee The fee paid to the keeper.
    /// @param toOwner What the former owner received.
    event AuctionSettled(
        uint256 indexed tokenId,
        address indexed bidder,
        address indexed receiver,
        uint256 price,
        uint256 debt,
        uint256 penalty,
        uint256 keeperFee,
        uint256 toOwner
    );

    /// @notice The sale of `tokenId` left `shortfall` AID of debt uncovered.
    /// @param tokenId The position.
    /// @param shortfall Debt not covered by the proceeds.
    /// @param fromSurplus Burnt from the surplus buffer.
    /// @param fromVault Absorbed (burnt) by the sAID vault.
    /// @param unbacked Recorded as unbacked debt.
    event BadDebt(uint256 indexed tokenId, uint256 shortfall, uint256 fromSurplus, uint256 fromVault, uint256 unbacked);

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

    /// @notice Auction parameters were set.
    /// @param auctionStartBps Start price as a share of the valuation.
    /// @param auctionDuration Seconds from the start price to the floor.
    /// @param auctionFloorBps Floor as a share of the start price.
    /// @param liquidationPenaltyBps Penalty as a share of the debt.
    /// @param keeperFeeBps Keeper fee as a share of the debt.
    event AuctionParamsSet(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps
    );

    /// @notice The sAID vault is now `vault` (zero: none).
    /// @param vault The vault.
    event VaultSet(address indexed vault);

    /// @notice Swept surplus now goes to `treasury`.
    /// @param treasury The treasury.
    event TreasurySet(address indexed treasury);

    /// @notice The surplus kept back from sweeps is now `target`.
    /// @param target The surplus buffer target.
    event SurplusBufferTargetSet(uint256 target);

    /// @notice `amount` AID of surplus went to `treasury`.
    /// @param treasury The treasury.
    /// @param amount The AID sent.
    event SurplusSwept(address indexed treasury, uint256 amount);

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

    /// @notice The appraisal of `tokenId` is too old to lend against (or to restart an auction from).
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

    /// @notice Position `tokenId` is already being auctioned.
    /// @param tokenId The position.
    error AlreadyInAuction(uint256 tokenId);

    /// @notice Position `tokenId` is being auctioned: it cannot borrow, repay or withdraw.
    /// @param tokenId The position.
    error InAuction(uint256 tokenId);

    /// @notice `tokenId` is not being auctioned.
    /// @param tokenId The token.
    error NoAuction(uint256 tokenId);

    /// @notice The auction of `tokenId` ran out at `expiredAt`; it must be reset.
    /// @param tokenId The token.
    /// @param expiredAt When it ran out.
    error AuctionExpired(uint256 tokenId, uint64 expiredAt);

    /// @notice The auction of `tokenId` runs until `expiresAt`; it cannot be reset before.
    /// @param tokenId The token.
    /// @param expiresAt When it runs out.
    error AuctionNotExpired(uint256 tokenId, uint64 expiresAt);

    /// @notice The current price is above the bidder's limit.
    /// @param price The current price.
    /// @param maxPrice The bidder's limit.
    error PriceAboveMax(uint256 price, uint256 maxPrice);

    /// @notice Ratios must satisfy 10_000 < liquidationRatioBps < minCollateralRatioBps.
    /// @param minCollateralRatioBps The minimum ratio given.
    /// @param liquidationRatioBps The liquidation ratio given.
    error InvalidRatios(uint16 minCollateralRatioBps, uint16 liquidationRatioBps);

    /// @notice A share above 10_000 basis points.
    /// @param bps The share given.
    error InvalidBps(uint16 bps);

    /// @notice Auction parameters out of range (start and duration non-zero; floor, penalty and keeper fee at most
    /// 10_000), or never set when a liquidation needs them.
    /// @param auctionStartBps The start given (or set).
    /// @param auctionDuration The duration given (or set).
    /// @param auctionFloorBps The floor given (or set).
    /// @param liquidationPenaltyBps The penalty given (or set).
    /// @param keeperFeeBps The keeper fee given (or set).
    error InvalidAuctionParams(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps
    );

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

    /// @notice Mints `amount` AID to `receiver` against position `tokenId` (owner only), after a drip. Needs a fresh
    /// valuation and value * 10_000 >= debt * minCollateralRatioBps after the mint; both debt ceilings and dust hold.
    /// @dev Reverts EnforcedPause, InvalidAmount, InvalidReceiver, NoPosition, NotPositionOwner, InAuction,
    /// InvalidModel, ModelNotConfigured, StaleValuation, DustDebt, UndercollateralizedBorrow, DebtCeilingExceeded,
    /// GlobalDebtCeilingExceeded. Emits Dripped (when accruing), Borrowed.
    /// @param tokenId The position.
    /// @param amount The AID to mint.
    /// @param receiver Who receives it.
    function borrow(uint256 tokenId, uint256 amount, address receiver) external;

    /// @notice Burns up to `amount` of the caller's AID (burnFrom: approve the minter first) against position
    /// `tokenId`, after a drip. Anyone may repay. Capped at the debt; what is left must be zero or at least dust.
    /// @dev Reverts InvalidAmount, NoPosition, InAuction, NoDebt, DustDebt, or the token's error. Emits Dripped (when
    /// accruing), Repaid.
    /// @param tokenId The position.
    /// @param amount The most to repay.
    /// @return repaid The AID burnt.
    function repay(uint256 tokenId, uint256 amount) external returns (uint256 repaid);

    /// @notice Closes position `tokenId` (owner only, no debt, no auction) and sends the token to `receiver` with
    /// safeTransferFrom. Works while paused.
    /// @dev Reverts InvalidReceiver, NoPosition, NotPositionOwner, InAuction, OutstandingDebt. Emits Withdrawn.
    /// @param tokenId The position.
    /// @param receiver Who receives the token.
    function withdraw(uint256 tokenId, address receiver) external;

    /// @notice Accrues `model`'s stability fee to now and mints the interest: savingsShareBps to the sAID vault
    /// (approve + distributeYield), the rest to the surplus buffer (all of it without a vault). Anyone may call it.
    /// @dev Reverts ModelNotConfigured. Emits Dripped when time passed or interest was minted.
    /// @param model The GPU model.
    /// @return interest The AID minted.
    function drip(bytes32 model) external returns (uint256 interest);

    /// @notice Health of position `tokenId`, with interest not yet dripped. A position in auction reports its frozen
    /// debt and is not liquidatable again.
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

    // ------------------------------------------------------------- liquidation

    /// @notice Sends position `tokenId` into a Dutch auction when, after a drip,
    /// value * 10_000 < debt * liquidationRatioBps (stale valuations count). The debt is frozen; the caller is the
    /// keeper. Works while paused.
    /// @dev Reverts NoPosition, AlreadyInAuction, InvalidAuctionParams (never set), NotLiquidatable. Emits Dripped
    /// (when accruing), AuctionStarted.
    /// @param tokenId The position.
    function liquidate(uint256 tokenId) external;

    /// @notice Restarts an expired auction at value * auctionStartBps / 10_000 from a fresh valuation. Anyone may
    /// call it; the keeper does not change.
    /// @dev Reverts NoAuction, AuctionNotExpired, StaleValuation. Emits AuctionReset.
    /// @param tokenId The token.
    function resetAuction(uint256 tokenId) external;

    /// @notice Buys the auctioned `tokenId` at the current price (at most `maxPrice`), paid in AID pulled with
    /// transferFrom (approve the minter first); the token goes to `receiver` with safeTransferFrom. Works while
    /// paused.
    /// @dev Reverts InvalidReceiver, NoAuction, AuctionExpired, PriceAboveMax, or the token's error. Emits
    /// AuctionSettled, and BadDebt on a shortfall.
    /// @param tokenId The token.
    /// @param maxPrice The most the caller pays.
    /// @param receiver Who receives the token.
    /// @return price The AID paid.
    function bid(uint256 tokenId, uint256 maxPrice, address receiver) external returns (uint256 price);

    /// @notice What a bid on `tokenId` pays now: linear from the start price down to auctionFloorBps of it over
    /// auctionDuration, rounded up.
    /// @dev Reverts NoAuction, AuctionExpired.
    /// @param tokenId The token.
    /// @return The current price.
    function auctionPrice(uint256 tokenId) external view returns (uint256);

    /// @notice The auction of `tokenId` (zeros when there is none).
    /// @param tokenId The token.
    /// @return debt The frozen debt.
    /// @return startPrice The price at the (latest) start.
    /// @return startedAt When it (last) started.
    /// @return keeper Who liquidated.
    function auction(uint256 tokenId)
        external
        view
        returns (uint256 debt, uint256 startPrice, uint64 startedAt, address keeper);

    // -------------------------------------------------------------- parameters

    /// @notice Sets `model`'s credit parameters (RISK_ADMIN). Drips the model first; a new model starts at 1 RAY.
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidModel, InvalidRatios. Emits Dripped (when accruing),
    /// ModelParamsSet.
    /// @param model The GPU model.
    /// @param minCollateralRatioBps Minimum collateral ratio to borrow.
    /// @param liquidationRatioBps Liquidation ratio (10_000 < it < minCollateralRatioBps).
    /// @param stabilityFeeAprBps Stability fee as an APR, stored as a per-second RAY rate.
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

    /// @notice Sets the auction parameters (RISK_ADMIN); running auctions follow them from then on.
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAuctionParams. Emits AuctionParamsSet.
    /// @param auctionStartBps Start price as a share of the valuation (non-zero).
    /// @param auctionDuration Seconds from the start price to the floor (non-zero).
    /// @param auctionFloorBps Floor as a share of the start price (at most 10_000).
    /// @param liquidationPenaltyBps Penalty as a share of the debt (at most 10_000).
    /// @param keeperFeeBps Keeper fee as a share of the debt (at most 10_000).
    function setAuctionParams(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps
    ) external;

    /// @notice Sets the sAID vault (DEFAULT_ADMIN); zero sends all interest to surplus and absorbs no loss.
    /// @dev Reverts AccessControlUnauthorizedAccount. Emits VaultSet.
    /// @param vault The vault.
    function setVault(address vault) external;

    /// @notice Sets the treasury that swept surplus goes to (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAddress. Emits TreasurySet.
    /// @param treasury The treasury.
    function setTreasury(address treasury) external;

    /// @notice Sets the surplus kept back from sweeps (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount. Emits SurplusBufferTargetSet.
    /// @param target The surplus buffer target.
    function setSurplusBufferTarget(uint256 target) external;

    /// @notice Sends the surplus above the target to the treasury (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAddress (no treasury). Emits SurplusSwept when it sends.
    /// @return The AID sent (zero when the surplus is at or below the target).
    function sweepSurplus() external returns (uint256);

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
    /// @return debt What it owes with interest not yet dripped (the frozen debt while in auction).
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

    /// @notice `model`'s accrual state as of its last drip.
    /// @param model The GPU model.
    /// @return normalizedDebt Total normalized debt of its positions.
    /// @return debt AID minted for it (ceil(normalizedDebt * rate) right after a drip).
    /// @return rate The rate accumulator (RAY; zero while unconfigured).
    /// @return lastDrip When it was last dripped.
    function modelState(bytes32 model)
        external
        view
        returns (uint256 normalizedDebt, uint256 debt, uint256 rate, uint64 lastDrip);

    /// @notice `model`'s rate accumulator as a drip now would set it (zero while unconfigured).
    /// @param model The GPU model.
    /// @return The accumulator (RAY).
    function rateAccumulator(bytes32 model) external view returns (uint256);

    /// @notice Global parameters.
    /// @return globalDebtCeiling Ceiling on totalDebt.
    /// @return dust Minimum non-zero debt of a position.
    /// @return savingsShareBps Share of interest paid to the sAID vault.
    function globalParams() external view returns (uint256 globalDebtCeiling, uint256 dust, uint16 savingsShareBps);

    /// @notice Auction parameters.
    /// @return auctionStartBps Start price as a share of the valuation.
    /// @return auctionDuration Seconds from the start price to the floor.
    /// @return auctionFloorBps Floor as a share of the start price.
    /// @return liquidationPenaltyBps Penalty as a share of the debt.
    /// @return keeperFeeBps Keeper fee as a share of the debt.
    function auctionParams()
        external
        view
        returns (
            uint16 auctionStartBps,
            uint64 auctionDuration,
            uint16 auctionFloorBps,
            uint16 liquidationPenaltyBps,
            uint16 keeperFeeBps
        );

    /// @notice AID owed to the protocol as tracked: every model's debt as of its last drip plus the debt frozen in
    /// auctions. AID total supply = totalDebt + unbackedDebt.
    /// @return The total debt.
    function totalDebt() external view returns (uint256);

    /// @notice The surplus buffer: AID the minter holds (interest share, penalties, rounding).
    /// @return The surplus.
    function surplusBuffer() external view returns (uint256);

    /// @notice The surplus kept back from sweeps.
    /// @return The target.
    function surplusBufferTarget() external view returns (uint256);

    /// @notice AID in circulation that no collateral, surplus or vault covered.
    /// @return The unbacked debt.
    function unbackedDebt() external view returns (uint256);

    /// @notice The GPU registry.
    /// @return The registry's address.
    function registry() external view returns (address);

    /// @notice The AID token.
    /// @return The token's address.
    function aid() external view returns (address);

    /// @notice The sAID vault (zero: none).
    /// @return The vault's address.
    function vault() external view returns (address);

    /// @notice The treasury (zero: none).
    /// @return The treasury's address.
    function treasury() external view returns (address);

    /// @notice Whether borrowing and new pledges are paused.
    /// @return True when paused.
    function paused() external view returns (bool);

    // ---------------------------------------------------------- access control

    /// @notice bytes32(0), the admin role of every role.
    /// @return The role id.
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);

    /// @notice keccak256("RISK_ADMIN_ROLE"): sets credit, global and auction parameters.
    /// @return The role id.
    function RISK_ADMIN_ROLE() external view returns (bytes32);

    /// @notice keccak256("PAUSER_ROLE"): pauses and unpauses borrowing and new pledges.
    /// @return The role id.
    function PAUSER_ROLE() external view returns (bytes32);

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
