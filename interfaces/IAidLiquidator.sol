// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AidLiquidator: the Dutch auctions and the surplus buffer of AID Protocol (Maker's Clipper and Vow)
/// @notice Runs the auctions of the GPU positions AidMinter hands over and keeps the surplus buffer. It is the minter's
/// `liquidator`, the only caller of two minter functions: `seize(tokenId, keeper)` (the minter checks the position is
/// unsafe, freezes its debt and sends the token here) and `settle(tokenId, debt)` (after a sale the frozen debt leaves
/// the minter's totalDebt). The minter sends the surplus share of interest here. The surplus buffer is the AID this
/// contract holds (a bidder's payment only passes through within `bid`). A shortfall is burnt from the surplus, then
/// absorbed by the sAID vault (`absorbLoss`, best effort: this contract holds LOSS_ABSORBER_ROLE; a refusing vault
/// absorbs nothing), and the rest booked as `unbackedDebt`, which surplus heals (`heal`, every settlement, every drip
/// of the minter) before any surplus can be swept. With the minter as AID's only minter: AID supply +
/// minter.pendingInterest = minter.totalDebt + unbackedDebt.
/// Prices: on its first run an auction falls linearly from max(value * startBps, debt) to max(start * floorBps, debt)
/// over the duration, so it can never sell below the debt; only after the first run expired unsold does a reset start
/// from value * startBps (fresh appraisal) or min(last start * floorBps, value) (stale appraisal), falling to floorBps
/// of that start. The start, floor, duration and penalty are snapshot at liquidation: a parameter change never moves a
/// running auction. Keepers: `liquidate` tips keeperTip + keeperFeeBps * debt, `resetAuction` tips resetTip, both from
/// the surplus buffer (as much as it holds), underwater or not.
/// @dev Amounts are WAD (1e18), shares basis points (10_000 = 100%). Roles (OpenZeppelin AccessControl semantics):
/// DEFAULT_ADMIN_ROLE = bytes32(0) administers every role and is granted to the constructor's `admin`
/// (`constructor(address admin, address minter, address registry, address aid)`);
/// RISK_ADMIN_ROLE = keccak256("RISK_ADMIN_ROLE") sets the auction parameters; DEFAULT_ADMIN sets the treasury and the
/// surplus buffer target and sweeps. Bounds: 10_000 <= startBps <= 30_000,
/// 600 <= duration <= 604_800 s, 3_000 <= floorBps <= 10_000, penaltyBps <= 2_000, keeperFeeBps <= 500, each tip
/// <= 1,000 AID. Errors of the minter (NoPosition, NotLiquidatable), the registry and the AID token pass through.
interface IAidLiquidator {
    // ------------------------------------------------------------------ events

    /// @notice Position `tokenId` went into a Dutch auction.
    /// @param tokenId The token.
    /// @param owner The former owner (paid what the sale brings above debt and penalty).
    /// @param keeper Who liquidated.
    /// @param debt The frozen debt.
    /// @param value The valuation at liquidation.
    /// @param startPrice The first run's start price.
    /// @param floorPrice The first run's floor price (at least the debt).
    event AuctionStarted(
        uint256 indexed tokenId,
        address indexed owner,
        address indexed keeper,
        uint256 debt,
        uint256 value,
        uint256 startPrice,
        uint256 floorPrice
    );

    /// @notice The expired auction of `tokenId` was restarted.
    /// @param tokenId The token.
    /// @param caller Who reset it (tipped resetTip).
    /// @param resets How many resets so far.
    /// @param value The valuation.
    /// @param fresh Whether the appraisal was fresh (else the start fell back to min(last start * floor, value)).
    /// @param startPrice The new run's start price.
    /// @param floorPrice The new run's floor price.
    event AuctionReset(
        uint256 indexed tokenId,
        address indexed caller,
        uint16 resets,
        uint256 value,
        bool fresh,
        uint256 startPrice,
        uint256 floorPrice
    );

    /// @notice `bidder` bought `tokenId` for `price`; the token went to `receiver`.
    /// @param tokenId The token.
    /// @param bidder Who paid.
    /// @param receiver Who received the token.
    /// @param price The AID paid.
    /// @param debt The frozen debt (min(price, debt) of it was burnt).
    /// @param penalty The penalty kept as surplus.
    /// @param toOwner What the former owner received.
    event AuctionSettled(
        uint256 indexed tokenId,
        address indexed bidder,
        address indexed receiver,
        uint256 price,
        uint256 debt,
        uint256 penalty,
        uint256 toOwner
    );

    /// @notice Auction parameters were set; they apply to auctions started from now on.
    /// @param auctionStartBps Start price as a share of the valuation.
    /// @param auctionDuration Seconds of a run.
    /// @param auctionFloorBps Floor as a share of the run's start price.
    /// @param liquidationPenaltyBps Penalty as a share of the debt.
    /// @param keeperFeeBps Keeper fee as a share of the debt (tipped from surplus at liquidation).
    /// @param keeperTip Flat tip for a liquidation.
    /// @param resetTip Flat tip for a reset.
    event AuctionParamsSet(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps,
        uint256 keeperTip,
        uint256 resetTip
    );

    /// @notice A shortfall of the auction of `tokenId`: `fromSurplus` burnt from the surplus buffer, `fromVault`
    /// absorbed by the sAID vault, `unbacked` booked as unbacked debt.
    /// @param tokenId The token.
    /// @param shortfall Debt the sale did not cover.
    /// @param fromSurplus Burnt from the surplus.
    /// @param fromVault Absorbed by the vault.
    /// @param unbacked Booked as unbacked debt.
    event BadDebt(uint256 indexed tokenId, uint256 shortfall, uint256 fromSurplus, uint256 fromVault, uint256 unbacked);

    /// @notice `amount` AID of surplus was burnt against unbacked debt.
    /// @param amount The AID burnt.
    /// @param unbackedDebt The unbacked debt left.
    event Healed(uint256 amount, uint256 unbackedDebt);

    /// @notice The surplus paid `keeper` a tip for keeping liquidation going.
    /// @param keeper Who was paid.
    /// @param amount The AID paid.
    event KeeperPaid(address indexed keeper, uint256 amount);

    /// @notice Swept surplus now goes to `treasury`.
    /// @param treasury The treasury.
    event TreasurySet(address indexed treasury);

    /// @notice The surplus kept back from sweeps is now `target`.
    /// @param target The target.
    event SurplusBufferTargetSet(uint256 target);

    /// @notice `amount` AID of surplus above the target went to `treasury`.
    /// @param treasury The treasury.
    /// @param amount The AID sent.
    event SurplusSwept(address indexed treasury, uint256 amount);

    /// @notice `account` was granted `role` by `sender`.
    /// @param role The role.
    /// @param account The account.
    /// @param sender The caller that granted it.
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

    /// @notice `account` lost `role`.
    /// @param role The role.
    /// @param account The account.
    /// @param sender The caller that revoked it (or the account, renouncing).
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    // ------------------------------------------------------------------ errors

    /// @notice `account` lacks `neededRole`.
    /// @param account The caller.
    /// @param neededRole The role required.
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

    /// @notice A role can only be renounced by its holder.
    error AccessControlBadConfirmation();

    /// @notice An address argument cannot be the zero address.
    /// @param account The address given.
    error InvalidAddress(address account);

    /// @notice An auctioned token cannot go to `receiver`.
    /// @param receiver The receiver given.
    error InvalidReceiver(address receiver);

    /// @notice Surplus cannot be swept while unbacked debt is not healed.
    /// @param unbackedDebt The unbacked debt.
    error UnbackedDebtOutstanding(uint256 unbackedDebt);

    /// @notice `tokenId` is not being auctioned.
    /// @param tokenId The token.
    error NoAuction(uint256 tokenId);

    /// @notice The current run of `tokenId`'s auction ended at `expiredAt`; it must be reset.
    /// @param tokenId The token.
    /// @param expiredAt When it ended.
    error AuctionExpired(uint256 tokenId, uint64 expiredAt);

    /// @notice The current run of `tokenId`'s auction lasts until `expiresAt`.
    /// @param tokenId The token.
    /// @param expiresAt When it ends.
    error AuctionNotExpired(uint256 tokenId, uint64 expiresAt);

    /// @notice The current price is above the bidder's maximum.
    /// @param price The price.
    /// @param maxPrice The bidder's maximum.
    error PriceAboveMax(uint256 price, uint256 maxPrice);

    /// @notice Auction parameters out of bounds (see the contract notes), or never set.
    /// @param auctionStartBps Start given.
    /// @param auctionDuration Duration given.
    /// @param auctionFloorBps Floor given.
    /// @param liquidationPenaltyBps Penalty given.
    /// @param keeperFeeBps Keeper fee given.
    /// @param keeperTip Keeper tip given.
    /// @param resetTip Reset tip given.
    error InvalidAuctionParams(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps,
        uint256 keeperTip,
        uint256 resetTip
    );

    /// @notice Fixed-point arithmetic failed (1: overflow, 2: underflow, 3: division by zero).
    /// @param kind The failure.
    error ArithmeticFailure(uint8 kind);

    /// @notice `target` returned less data than its ABI promises.
    /// @param target The callee.
    error UnexpectedReturnData(address target);

    // ------------------------------------------------------------- auctions

    /// @notice Sends position `tokenId` into a Dutch auction: the minter checks it is below its liquidation ratio and
    /// hands over the token and the frozen debt. The caller is the keeper, tipped keeperTip + keeperFeeBps * debt from
    /// the surplus buffer (as much as it holds). Works while the minter is paused.
    /// @dev Reverts InvalidAuctionParams (never set), the minter's NoPosition / NotLiquidatable. Emits AuctionStarted,
    /// KeeperPaid.
    /// @param tokenId The position.
    function liquidate(uint256 tokenId) external;

    /// @notice Restarts an expired run: from value * startBps with a fresh appraisal, else from
    /// min(last start * floorBps, value); the caller is tipped resetTip from the surplus buffer.
    /// @dev Reverts NoAuction, AuctionNotExpired. Emits AuctionReset, KeeperPaid.
    /// @param tokenId The token.
    function resetAuction(uint256 tokenId) external;

    /// @notice Buys the auctioned `tokenId` at the current price (at most `maxPrice`), paid in AID pulled with
    /// transferFrom (approve the liquidator first); the token goes to `receiver` with safeTransferFrom. Proceeds pay
    /// the debt (burnt), the penalty (kept as surplus), then the former owner; a shortfall is covered as in the
    /// contract notes. Works while the minter is paused and whatever the vault does.
    /// @dev Reverts InvalidReceiver, NoAuction, AuctionExpired, PriceAboveMax, or the token's error. Emits
    /// AuctionSettled, BadDebt on a shortfall, Healed (and the minter's Settled).
    /// @param tokenId The token.
    /// @param maxPrice The most the caller pays.
    /// @param receiver Who receives the token.
    /// @return price The AID paid.
    function bid(uint256 tokenId, uint256 maxPrice, address receiver) external returns (uint256 price);

    /// @notice What a bid on `tokenId` pays now: linear from the run's start price to its floor price, rounded up.
    /// @dev Reverts NoAuction, AuctionExpired.
    /// @param tokenId The token.
    /// @return The current price.
    function auctionPrice(uint256 tokenId) external view returns (uint256);

    /// @notice The auction of `tokenId` (zeros when there is none).
    /// @param tokenId The token.
    /// @return owner The former owner.
    /// @return keeper Who liquidated.
    /// @return debt The frozen debt.
    /// @return startPrice The current run's start price.
    /// @return floorPrice The current run's floor price.
    /// @return startedAt When the current run started.
    /// @return duration Seconds of a run (snapshot).
    /// @return resets How many times it was reset.
    function auction(uint256 tokenId)
        external
        view
        returns (
            address owner,
            address keeper,
            uint256 debt,
            uint256 startPrice,
            uint256 floorPrice,
            uint64 startedAt,
            uint64 duration,
            uint16 resets
        );

    // ------------------------------------------------------------ parameters

    /// @notice Auction parameters (applied to auctions started from now on).
    /// @return auctionStartBps Start price as a share of the valuation.
    /// @return auctionDuration Seconds of a run.
    /// @return auctionFloorBps Floor as a share of the run's start.
    /// @return liquidationPenaltyBps Penalty as a share of the debt.
    /// @return keeperFeeBps Keeper fee as a share of the debt.
    /// @return keeperTip Flat tip for a liquidation.
    /// @return resetTip Flat tip for a reset.
    function auctionParams()
        external
        view
        returns (
            uint16 auctionStartBps,
            uint64 auctionDuration,
            uint16 auctionFloorBps,
            uint16 liquidationPenaltyBps,
            uint16 keeperFeeBps,
            uint256 keeperTip,
            uint256 resetTip
        );

    /// @notice Sets the auction parameters (RISK_ADMIN), within the bounds in the contract notes; running auctions
    /// keep theirs.
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAuctionParams. Emits AuctionParamsSet.
    /// @param auctionStartBps Start price as a share of the valuation.
    /// @param auctionDuration Seconds of a run.
    /// @param auctionFloorBps Floor as a share of the run's start.
    /// @param liquidationPenaltyBps Penalty as a share of the debt.
    /// @param keeperFeeBps Keeper fee as a share of the debt.
    /// @param keeperTip Flat tip for a liquidation.
    /// @param resetTip Flat tip for a reset.
    function setAuctionParams(
        uint16 auctionStartBps,
        uint64 auctionDuration,
        uint16 auctionFloorBps,
        uint16 liquidationPenaltyBps,
        uint16 keeperFeeBps,
        uint256 keeperTip,
        uint256 resetTip
    ) external;

    // ---------------------------------------------------------- surplus buffer

    /// @notice Burns min(surplusBuffer, unbackedDebt) of the surplus against unbacked debt. Anyone may call it (the
    /// minter does at every drip).
    /// @dev Emits Healed when something was healed.
    /// @return healed The AID burnt.
    function heal() external returns (uint256 healed);

    /// @notice Heals, then sends the surplus above the target to the treasury (DEFAULT_ADMIN); refused while unbacked
    /// debt remains.
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAddress (no treasury), UnbackedDebtOutstanding. Emits
    /// Healed, SurplusSwept when it sends.
    /// @return The AID sent (zero when the surplus is at or below the target).
    function sweepSurplus() external returns (uint256);

    /// @notice Sets the treasury that swept surplus goes to (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount, InvalidAddress. Emits TreasurySet.
    /// @param treasury The treasury.
    function setTreasury(address treasury) external;

    /// @notice Sets the surplus kept back from sweeps (DEFAULT_ADMIN).
    /// @dev Reverts AccessControlUnauthorizedAccount. Emits SurplusBufferTargetSet.
    /// @param target The surplus buffer target.
    function setSurplusBufferTarget(uint256 target) external;

    /// @notice The surplus buffer: the AID this contract holds (interest share, penalties).
    /// @return The surplus.
    function surplusBuffer() external view returns (uint256);

    /// @notice The surplus kept back from sweeps.
    /// @return The target.
    function surplusBufferTarget() external view returns (uint256);

    /// @notice AID in circulation that no collateral, surplus or vault covered.
    /// @return The unbacked debt.
    function unbackedDebt() external view returns (uint256);

    /// @notice The treasury (zero: none).
    /// @return The treasury's address.
    function treasury() external view returns (address);

    /// @notice AidMinter.
    /// @return The minter's address.
    function minter() external view returns (address);

    /// @notice The GPU registry.
    /// @return The registry's address.
    function registry() external view returns (address);

    /// @notice The AID token.
    /// @return The token's address.
    function aid() external view returns (address);

    // ---------------------------------------------------------- access control

    /// @notice bytes32(0), the admin role of every role.
    /// @return The role id.
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);

    /// @notice keccak256("RISK_ADMIN_ROLE"): sets the auction parameters.
    /// @return The role id.
    function RISK_ADMIN_ROLE() external view returns (bytes32);

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
