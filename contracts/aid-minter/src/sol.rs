//! Events and errors of the minter, as Solidity declares them (mirrored in
//! `interfaces/IAidMinter.sol`). The contract encodes them by hand (see [`crate::abi`]) from the
//! selectors and signature hashes declared here; the tests decode and compare them with these
//! types.
#![allow(missing_docs)]

use alloy_sol_types::sol;

sol! {
    /// `account` was granted `role` by `sender`.
    #[derive(Debug, PartialEq)]
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

    /// `account` lost `role`; `sender` revoked it (or is `account`, renouncing).
    #[derive(Debug, PartialEq)]
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    /// `account` paused borrowing and pledges.
    #[derive(Debug, PartialEq)]
    event Paused(address account);

    /// `account` let borrowing and pledges resume.
    #[derive(Debug, PartialEq)]
    event Unpaused(address account);

    /// `account` lacks `neededRole`.
    #[derive(Debug, PartialEq)]
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

    /// A role can only be renounced by its holder.
    #[derive(Debug, PartialEq)]
    error AccessControlBadConfirmation();

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

    /// `model`'s rate accumulator moved to `rate` and `interest` AID was minted: `toVault` to the
    /// sAID vault, `toSurplus` to the surplus buffer.
    #[derive(Debug, PartialEq)]
    event Dripped(
        bytes32 indexed model,
        uint256 rate,
        uint256 interest,
        uint256 toVault,
        uint256 toSurplus
    );

    /// Position `tokenId` of `owner`, owing `debt`, went into a Dutch auction started by
    /// `keeper` at `startPrice` (from the valuation `value`).
    #[derive(Debug, PartialEq)]
    event AuctionStarted(
        uint256 indexed tokenId,
        address indexed owner,
        address indexed keeper,
        uint256 debt,
        uint256 value,
        uint256 startPrice
    );

    /// `caller` restarted the expired auction of `tokenId` at `startPrice`, from the fresh
    /// valuation `value`.
    #[derive(Debug, PartialEq)]
    event AuctionReset(
        uint256 indexed tokenId,
        address indexed caller,
        uint256 value,
        uint256 startPrice
    );

    /// `bidder` bought `tokenId` for `price` AID and the token went to `receiver`. Of the
    /// proceeds, up to `debt` was burnt, `penalty` went to the surplus buffer, `keeperFee` to
    /// the keeper and `toOwner` to the former owner.
    #[derive(Debug, PartialEq)]
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

    /// The auction of `tokenId` left `shortfall` AID of debt uncovered: `fromSurplus` was burnt
    /// from the surplus buffer, `fromVault` absorbed by the sAID vault and `unbacked` recorded
    /// as unbacked debt.
    #[derive(Debug, PartialEq)]
    event BadDebt(
        uint256 indexed tokenId,
        uint256 shortfall,
        uint256 fromSurplus,
        uint256 fromVault,
        uint256 unbacked
    );

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

    /// Auction parameters were set.
    #[derive(Debug, PartialEq)]
    event AuctionParamsSet(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps
    );

    /// The sAID vault (interest share, loss absorber) is now `vault` (zero: none).
    #[derive(Debug, PartialEq)]
    event VaultSet(address indexed vault);

    /// Swept surplus now goes to `treasury`.
    #[derive(Debug, PartialEq)]
    event TreasurySet(address indexed treasury);

    /// The surplus buffer kept back from sweeps is now `target`.
    #[derive(Debug, PartialEq)]
    event SurplusBufferTargetSet(uint256 target);

    /// `amount` AID of surplus above the target went to `treasury`.
    #[derive(Debug, PartialEq)]
    event SurplusSwept(address indexed treasury, uint256 amount);

    /// An address argument cannot be the zero address.
    #[derive(Debug, PartialEq)]
    error InvalidAddress(address account);

    /// Minted AID, withdrawn tokens and auctioned tokens cannot go to `receiver`.
    #[derive(Debug, PartialEq)]
    error InvalidReceiver(address receiver);

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

    /// Position `tokenId` is already being auctioned.
    #[derive(Debug, PartialEq)]
    error AlreadyInAuction(uint256 tokenId);

    /// Position `tokenId` is being auctioned: it cannot borrow, repay or withdraw.
    #[derive(Debug, PartialEq)]
    error InAuction(uint256 tokenId);

    /// `tokenId` is not being auctioned.
    #[derive(Debug, PartialEq)]
    error NoAuction(uint256 tokenId);

    /// The auction of `tokenId` ran out at `expiredAt`; it must be reset.
    #[derive(Debug, PartialEq)]
    error AuctionExpired(uint256 tokenId, uint64 expiredAt);

    /// The auction of `tokenId` runs until `expiresAt`; it cannot be reset before.
    #[derive(Debug, PartialEq)]
    error AuctionNotExpired(uint256 tokenId, uint64 expiresAt);

    /// The current price `price` is above the bidder's `maxPrice`.
    #[derive(Debug, PartialEq)]
    error PriceAboveMax(uint256 price, uint256 maxPrice);

    /// Ratios must satisfy `10_000 < liquidationRatioBps < minCollateralRatioBps`.
    #[derive(Debug, PartialEq)]
    error InvalidRatios(uint16 minCollateralRatioBps, uint16 liquidationRatioBps);

    /// A share in basis points above 10_000.
    #[derive(Debug, PartialEq)]
    error InvalidBps(uint16 bps);

    /// Auction parameters out of range: the start and duration must be non-zero, the floor,
    /// penalty and keeper fee at most 10_000 basis points.
    #[derive(Debug, PartialEq)]
    error InvalidAuctionParams(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps
    );

    /// Fixed-point arithmetic failed (1: overflow, 2: underflow, 3: division by zero).
    #[derive(Debug, PartialEq)]
    error ArithmeticFailure(uint8 kind);

    /// `target` returned less data than its ABI promises.
    #[derive(Debug, PartialEq)]
    error UnexpectedReturnData(address target);
}
