//! Events and errors of the minter, as Solidity declares them (mirrored in
//! `interfaces/IAidMinter.sol`). The contract encodes them by hand (see `aid_support`) from the
//! selectors and signature hashes declared here; the tests decode and compare them with these
//! types.
#![allow(missing_docs)]

use alloy_sol_types::sol;

sol! {
    /// `account` paused borrowing and pledges.
    #[derive(Debug, PartialEq)]
    event Paused(address account);

    /// `account` let borrowing and pledges resume.
    #[derive(Debug, PartialEq)]
    event Unpaused(address account);

    /// The minter is paused.
    #[derive(Debug, PartialEq)]
    error EnforcedPause();

    /// The minter is not paused.
    #[derive(Debug, PartialEq)]
    error ExpectedPause();

    /// A GPU token was pledged: the minter holds it and `owner` owns the position.
    #[derive(Debug, PartialEq)]
    event Pledged(uint256 indexed tokenId, address indexed owner);

    /// `amount` AID was minted to `receiver` against position `tokenId` of `model`; the position
    /// now owes `debt`.
    #[derive(Debug, PartialEq)]
    event Borrowed(
        uint256 indexed tokenId,
        bytes32 indexed model,
        address indexed receiver,
        uint256 amount,
        uint256 debt
    );

    /// `payer` burnt `amount` AID against position `tokenId`, which now owes `debt`.
    #[derive(Debug, PartialEq)]
    event Repaid(uint256 indexed tokenId, address indexed payer, uint256 amount, uint256 debt);

    /// The position `tokenId` of `owner` was closed and its token sent to `receiver`.
    #[derive(Debug, PartialEq)]
    event Withdrawn(uint256 indexed tokenId, address indexed owner, address indexed receiver);

    /// `model`'s rate accumulator moved to `rate` and `interest` AID of stability fees accrued
    /// (owed by the positions; minted by the next distribution).
    #[derive(Debug, PartialEq)]
    event Dripped(bytes32 indexed model, uint256 rate, uint256 interest);

    /// Accrued interest `minted` was minted to the minter: `toVault` is queued for the sAID vault
    /// (`pendingYield`), `toSurplus` went to the surplus buffer (the liquidator).
    #[derive(Debug, PartialEq)]
    event InterestDistributed(uint256 minted, uint256 toVault, uint256 toSurplus);

    /// AID refused to mint the accrued interest (minter removed or allowance spent): `pending`
    /// AID of interest waits for the next drip. Nothing else is held up.
    #[derive(Debug, PartialEq)]
    event InterestDeferred(uint256 pending);

    /// `vault` refused `distributeYield` (or is unset): `pending` AID of its share waits in the
    /// minter (`pendingYield`) for the next drip.
    #[derive(Debug, PartialEq)]
    event YieldDeferred(address indexed vault, uint256 pending);

    /// Position `tokenId` of `owner`, owing `debt` and worth `value`, was handed to the
    /// liquidator with its frozen debt, on `keeper`'s call.
    #[derive(Debug, PartialEq)]
    event Seized(
        uint256 indexed tokenId,
        address indexed owner,
        address indexed keeper,
        uint256 debt,
        uint256 value
    );

    /// The liquidator that runs the auctions is now `liquidator`.
    #[derive(Debug, PartialEq)]
    event LiquidatorSet(address indexed liquidator);

    /// `tokenId`, held by the minter without a position, was sent to `to`.
    #[derive(Debug, PartialEq)]
    event StrandedTokenReturned(uint256 indexed tokenId, address indexed to);

    /// The auction of `tokenId` settled: its frozen `debt` left `totalDebt`.
    #[derive(Debug, PartialEq)]
    event Settled(uint256 indexed tokenId, uint256 debt);

    /// Credit parameters of `model` were set; `stabilityFee` is the per-second RAY rate of
    /// `stabilityFeeAprBps`.
    #[derive(Debug, PartialEq)]
    event ModelParamsSet(
        bytes32 indexed model,
        uint16 minCollateralRatioBps,
        uint16 liquidationRatioBps,
        uint16 stabilityFeeAprBps,
        uint256 stabilityFee,
        uint256 debtCeiling
    );

    /// Global parameters were set.
    #[derive(Debug, PartialEq)]
    event GlobalParamsSet(uint256 globalDebtCeiling, uint256 dust, uint16 savingsShareBps);

    /// The sAID vault (interest share, loss absorber) is now `vault` (zero: none).
    #[derive(Debug, PartialEq)]
    event VaultSet(address indexed vault);

    /// An amount of zero was given where AID must move.
    #[derive(Debug, PartialEq)]
    error InvalidAmount(uint256 amount);

    /// Only the GPU registry's tokens can be pledged; `caller` is not the registry.
    #[derive(Debug, PartialEq)]
    error NotRegistry(address caller);

    /// `tokenId` already backs a position.
    #[derive(Debug, PartialEq)]
    error PositionExists(uint256 tokenId);

    /// `tokenId` backs no position.
    #[derive(Debug, PartialEq)]
    error NoPosition(uint256 tokenId);

    /// `caller` does not own the position `tokenId`.
    #[derive(Debug, PartialEq)]
    error NotPositionOwner(uint256 tokenId, address caller);

    /// Position `tokenId` owes nothing.
    #[derive(Debug, PartialEq)]
    error NoDebt(uint256 tokenId);

    /// `model` is the zero id, which the minter reserves for "not read yet".
    #[derive(Debug, PartialEq)]
    error InvalidModel(bytes32 model);

    /// `model` has no credit parameters.
    #[derive(Debug, PartialEq)]
    error ModelNotConfigured(bytes32 model);

    /// The appraisal of `tokenId` (made at `appraisedAt`) is too old to lend against.
    #[derive(Debug, PartialEq)]
    error StaleValuation(uint256 tokenId, uint64 appraisedAt);

    /// After the borrow, `value * 10_000 < debt * minCollateralRatioBps`.
    #[derive(Debug, PartialEq)]
    error UndercollateralizedBorrow(
        uint256 tokenId,
        uint256 value,
        uint256 debt,
        uint16 minCollateralRatioBps
    );

    /// `model`'s debt would become `debt`, above its ceiling `ceiling`.
    #[derive(Debug, PartialEq)]
    error DebtCeilingExceeded(bytes32 model, uint256 debt, uint256 ceiling);

    /// Total debt would become `debt`, above the global ceiling `ceiling`.
    #[derive(Debug, PartialEq)]
    error GlobalDebtCeilingExceeded(uint256 debt, uint256 ceiling);

    /// A position would owe `remaining`, more than zero but less than `dust`.
    #[derive(Debug, PartialEq)]
    error DustDebt(uint256 remaining, uint256 dust);

    /// Position `tokenId` still owes `debt`.
    #[derive(Debug, PartialEq)]
    error OutstandingDebt(uint256 tokenId, uint256 debt);

    /// Position `tokenId` (worth `value`, owing `debt`) is not below its liquidation ratio.
    #[derive(Debug, PartialEq)]
    error NotLiquidatable(uint256 tokenId, uint256 value, uint256 debt);

    /// Ratios must satisfy `10_000 <= liquidationRatioBps < minCollateralRatioBps <= 50_000`.
    #[derive(Debug, PartialEq)]
    error InvalidRatios(uint16 minCollateralRatioBps, uint16 liquidationRatioBps);

    /// `caller` is not the liquidator.
    #[derive(Debug, PartialEq)]
    error NotLiquidator(address caller);

    /// `vault` has no code or its `asset()` is not AID.
    #[derive(Debug, PartialEq)]
    error InvalidVault(address vault);

    /// `tokenId` backs a position or is not held by the minter.
    #[derive(Debug, PartialEq)]
    error NotStranded(uint256 tokenId);

    /// A stability fee APR above `MAX_APR_BPS` (5_000 bps, 50%).
    #[derive(Debug, PartialEq)]
    error InvalidApr(uint16 aprBps);

    /// A share in basis points above 10_000.
    #[derive(Debug, PartialEq)]
    error InvalidBps(uint16 bps);

}
