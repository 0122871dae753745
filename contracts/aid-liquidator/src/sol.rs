//! Events and errors of the liquidator, as Solidity declares them (mirrored in
//! `interfaces/IAidLiquidator.sol`). The contract encodes them with `aid_support`'s encoder
//! from the selectors and signature hashes declared here.
#![allow(missing_docs)]

use alloy_sol_types::sol;

sol! {
    /// Position `tokenId` of `owner`, owing `debt`, went into a Dutch auction started by
    /// `keeper` at `startPrice` (from the valuation `value`), falling to `floorPrice`.
    #[derive(Debug, PartialEq)]
    event AuctionStarted(
        uint256 indexed tokenId,
        address indexed owner,
        address indexed keeper,
        uint256 debt,
        uint256 value,
        uint256 startPrice,
        uint256 floorPrice
    );

    /// `caller` restarted the expired auction of `tokenId` (reset number `resets`) at
    /// `startPrice`, falling to `floorPrice`, from the valuation `value` (`fresh`: appraised
    /// recently enough; otherwise the start is `min(last start × floor, value)`).
    #[derive(Debug, PartialEq)]
    event AuctionReset(
        uint256 indexed tokenId,
        address indexed caller,
        uint16 resets,
        uint256 value,
        bool fresh,
        uint256 startPrice,
        uint256 floorPrice
    );

    /// `bidder` bought `tokenId` for `price` AID and the token went to `receiver`. Of the
    /// proceeds, up to `debt` was burnt, `penalty` went to the surplus buffer and `toOwner` to
    /// the former owner.
    #[derive(Debug, PartialEq)]
    event AuctionSettled(
        uint256 indexed tokenId,
        address indexed bidder,
        address indexed receiver,
        uint256 price,
        uint256 debt,
        uint256 penalty,
        uint256 toOwner
    );

    /// Auction parameters were set (they apply to auctions started or reset from now on).
    #[derive(Debug, PartialEq)]
    event AuctionParamsSet(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps,
        uint256 keeperTip,
        uint256 resetTip
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

    /// `amount` AID of surplus was burnt against unbacked debt, which is now `unbackedDebt`.
    #[derive(Debug, PartialEq)]
    event Healed(uint256 amount, uint256 unbackedDebt);

    /// `amount` AID of surplus paid `keeper` for keeping liquidation going.
    #[derive(Debug, PartialEq)]
    event KeeperPaid(address indexed keeper, uint256 amount);

    /// Swept surplus now goes to `treasury`.
    #[derive(Debug, PartialEq)]
    event TreasurySet(address indexed treasury);

    /// The surplus buffer kept back from sweeps is now `target`.
    #[derive(Debug, PartialEq)]
    event SurplusBufferTargetSet(uint256 target);

    /// `amount` AID of surplus above the target went to `treasury`.
    #[derive(Debug, PartialEq)]
    event SurplusSwept(address indexed treasury, uint256 amount);

    /// Surplus cannot leave while `unbackedDebt` AID of bad debt is not healed.
    #[derive(Debug, PartialEq)]
    error UnbackedDebtOutstanding(uint256 unbackedDebt);

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

    /// Auction parameters out of bounds (see `PROTOCOL.md`): start 10_000..=30_000 bps,
    /// duration 10 minutes..=7 days, floor 3_000..=10_000 bps, penalty ≤ 2_000 bps, keeper fee
    /// ≤ 500 bps, each tip ≤ 1,000 AID; or never set.
    #[derive(Debug, PartialEq)]
    error InvalidAuctionParams(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps,
        uint256 keeperTip,
        uint256 resetTip
    );
}
