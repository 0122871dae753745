// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title SAidVault: the ERC-4626 "Staked AI Dollar" (sAID) vault over AID
/// @notice Stake AID, receive sAID shares. sAID holders are the junior tranche of AID Protocol: they earn the stability
/// fees borrowers pay (and compute revenue), which the vault releases linearly over `vestingPeriod` after each
/// distribution, and they absorb bad debt: `absorbLoss` burns AID held by the vault, so the share price falls for every
/// holder alike. Exits are requested (ERC-7540 asynchronous redemption): `requestRedeem` moves shares into the
/// vault, where they keep absorbing losses, and `redeem`/`withdraw` claim them after `cooldown` (7 days at deployment,
/// at most 30 days; 0 = instant exits) at the lower of their value at request and at claim, so a request earns no
/// yield and cannot dodge a loss booked during its cooldown. The pause stops deposits and mints only; requests,
/// cancels, claims and instant exits are never blocked.
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
/// ERC-7540 parts followed: requestRedeem, pendingRedeemRequest, claimableRedeemRequest, claims through ERC-4626
/// redeem/withdraw with `owner` as the controller, setOperator/isOperator, the RedeemRequest and OperatorSet events,
/// ERC-7575 `share()`, and supportsInterface for IERC7575 (0x2f0a18c5), IERC7540Operator (0xe3bc4e65) and
/// IERC7540Redeem (0x620ee8e4). Deviations: one aggregated request per controller (requestId 0; other ids read the same
/// request); previewRedeem/previewWithdraw quote the instant path instead of reverting (EIP-4626 integrators rely on
/// them; a claim never pays more); requesting needs the caller to be the controller or its operator (no one can
/// restart another's cooldown); a request cannot be added to while it is claimable; deposits stay synchronous.
/// Conversions are computed in 512 bits and never revert (a result above 2^256 - 1 reads as type(uint256).max).
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

    /// @notice ERC-7540: `sender` moved `shares` sAID of `owner` into the redemption request of `controller`.
    /// @param controller Who may claim or cancel the request.
    /// @param owner Whose shares were moved.
    /// @param requestId Always 0: one aggregated request per controller.
    /// @param sender The caller.
    /// @param shares The sAID added to the request.
    event RedeemRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares
    );

    /// @notice ERC-7540: `controller` approved or revoked `operator`.
    /// @param controller The account the operator acts for.
    /// @param operator The operator.
    /// @param approved Whether it may act.
    event OperatorSet(address indexed controller, address indexed operator, bool approved);

    /// @notice `sender` cancelled `controller`'s request of `shares`: `returned` went back to `controller`, the rest (the
    /// yield a request does not earn) was burnt for the other holders.
    /// @param controller The request's controller.
    /// @param sender The caller.
    /// @param shares The sAID the request held.
    /// @param returned The sAID given back.
    event RedeemRequestCancelled(address indexed controller, address sender, uint256 shares, uint256 returned);

    /// @notice Requests made from now on become claimable `cooldown` seconds later.
    /// @param cooldown The cooldown in seconds.
    event CooldownSet(uint64 cooldown);

    /// @notice `from` distributed `amount` AID while fewer than 1 sAID (1e18 shares) was held outside the vault: it
    /// waits, in a total of `deferred`, and vests with the next distribution that finds stakers.
    /// @param from The distributor.
    /// @param amount The AID received.
    /// @param deferred The deferred yield now held.
    event YieldDeferred(address indexed from, uint256 amount, uint256 deferred);

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

    /// @notice `setCooldown` above the maximum.
    /// @param cooldown The cooldown given.
    /// @param max The maximum (30 days).
    error SAidVaultCooldownTooLong(uint64 cooldown, uint64 max);

    /// @notice The caller is neither `controller` nor an operator `controller` approved.
    /// @param controller The request's controller.
    /// @param caller The caller.
    error SAidVaultInvalidController(address controller, address caller);

    /// @notice `requestRedeem` of zero shares.
    error SAidVaultZeroShares();

    /// @notice `cancelRedeemRequest` for a controller without a request.
    /// @param controller The controller.
    error SAidVaultNoRequest(address controller);

    /// @notice `requestRedeem` while `controller`'s request of `shares` is claimable: claim it first (adding to a
    /// request restarts its cooldown).
    /// @param controller The controller.
    /// @param shares The claimable sAID.
    error SAidVaultRequestClaimable(address controller, uint256 shares);

    /// @notice A deposit or mint while a loss has taken every asset and `totalSupply` shares are outstanding; they
    /// are worth nothing and must be redeemed before the vault takes deposits again.
    /// @param totalSupply The sAID outstanding.
    error SAidVaultWipedOut(uint256 totalSupply);

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
    /// @dev Never reverts for an amount: a result above 2^256 - 1 reads as type(uint256).max.
    /// @param assets An amount of AID.
    /// @return The shares.
    function convertToShares(uint256 assets) external view returns (uint256);

    /// @notice AID that `shares` sAID is worth at the current price, rounded down (never above `totalAssets`).
    /// @dev Never reverts for an amount: a result above 2^256 - 1 reads as type(uint256).max.
    /// @param shares An amount of sAID.
    /// @return The assets.
    function convertToAssets(uint256 shares) external view returns (uint256);

    /// @notice Most AID `deposit` accepts now: 0 while paused or wiped out (SAidVaultWipedOut), otherwise the room under the deposit cap.
    /// @param receiver The receiver of the shares (the limit is the same for everyone).
    /// @return The limit (type(uint256).max without a cap).
    function maxDeposit(address receiver) external view returns (uint256);

    /// @notice sAID that `deposit(assets)` would mint now (rounded down); ignores the pause and the cap.
    /// @param assets The AID to deposit.
    /// @return The shares.
    function previewDeposit(uint256 assets) external view returns (uint256);

    /// @notice Pulls `assets` AID from the caller (who approved the vault) and mints the shares to `receiver`.
    /// Emits `Transfer` and `Deposit`.
    /// @dev Reverts with EnforcedPause, SAidVaultWipedOut, ERC4626ExceededMaxDeposit, ERC20InvalidReceiver,
    /// SAidVaultMathOverflow (the share count would pass 2^256 - 1), or
    /// the asset's own error (e.g. its ERC20InsufficientAllowance).
    /// @param assets The AID to deposit.
    /// @param receiver Who receives the shares.
    /// @return shares The sAID minted (= previewDeposit(assets)).
    function deposit(uint256 assets, address receiver) external returns (uint256 shares);

    /// @notice Most sAID `mint` accepts now: 0 while paused or wiped out, type(uint256).max without a cap, otherwise the shares
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
    /// @dev Reverts with EnforcedPause, SAidVaultWipedOut, ERC4626ExceededMaxMint, ERC20InvalidReceiver,
    /// SAidVaultMathOverflow, or the
    /// asset's own error.
    /// @param shares The sAID to mint.
    /// @param receiver Who receives the shares.
    /// @return assets The AID pulled (= previewMint(shares)).
    function mint(uint256 shares, address receiver) external returns (uint256 assets);

    /// @notice Most AID `owner` can take out right now: with a claimable request, what claiming all of it pays;
    /// otherwise, with a cooldown of 0, its shares' worth (rounded down); otherwise 0. Never limited by the pause.
    /// @param owner The holder (ERC-7540 controller).
    /// @return The limit.
    function maxWithdraw(address owner) external view returns (uint256);

    /// @notice sAID that `withdraw(assets)` burns on the instant path (cooldown 0), rounded up; a claim never
    /// burns fewer.
    /// @param assets The AID to withdraw.
    /// @return The shares.
    function previewWithdraw(uint256 assets) external view returns (uint256);

    /// @notice Sends `assets` AID to `receiver`. With a claimable request of `owner` it burns the request's sAID
    /// that pay them (rounded up; the caller must be `owner` or its operator); otherwise, with a cooldown of 0, it
    /// burns the sAID `assets` costs from `owner`'s balance, a caller other than `owner` or its operator spending
    /// its allowance. Emits `Transfer` and `Withdraw`. Works while paused.
    /// @dev Reverts with ERC4626ExceededMaxWithdraw (above maxWithdraw: e.g. a request still in its cooldown),
    /// SAidVaultInvalidController, ERC20InvalidSender (zero owner), ERC20InvalidReceiver, ERC20InsufficientAllowance,
    /// or the asset's own error.
    /// @param assets The AID to withdraw.
    /// @param receiver Who receives the AID.
    /// @param owner The controller of the request, or whose shares are burnt.
    /// @return shares The sAID burnt.
    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256 shares);

    /// @notice Most sAID `owner` can redeem right now: its claimable request; without one and with a cooldown of
    /// 0, its balance; otherwise 0. Never limited by the pause.
    /// @param owner The holder (ERC-7540 controller).
    /// @return The limit.
    function maxRedeem(address owner) external view returns (uint256);

    /// @notice AID that `redeem(shares)` pays on the instant path (cooldown 0), rounded down; a claim never pays
    /// more.
    /// @param shares The sAID to redeem.
    /// @return The assets.
    function previewRedeem(uint256 shares) external view returns (uint256);

    /// @notice Burns exactly `shares` sAID and sends what they pay (rounded down) to `receiver`. With a claimable
    /// request of `owner` they come from the request and pay their part of min(value at request, value now) (the
    /// caller must be `owner` or its operator); otherwise, with a cooldown of 0, they come from `owner`'s balance
    /// at the current price, a caller other than `owner` or its operator spending its allowance. Emits `Transfer`
    /// and `Withdraw`. Works while paused.
    /// @dev Reverts with ERC4626ExceededMaxRedeem (above maxRedeem: e.g. a request still in its cooldown),
    /// SAidVaultInvalidController, ERC20InvalidSender (zero owner), ERC20InvalidReceiver, ERC20InsufficientAllowance,
    /// or the asset's own error.
    /// @param shares The sAID to redeem.
    /// @param receiver Who receives the AID.
    /// @param owner The controller of the request, or whose shares are burnt.
    /// @return assets The AID paid.
    function redeem(uint256 shares, address receiver, address owner) external returns (uint256 assets);

    // ------------------------------------------------------------------ ERC-7540 requested exits

    /// @notice ERC-7575: the share token, this vault.
    /// @return This contract's address.
    function share() external view returns (address);

    /// @notice Moves `shares` sAID of `owner` into `controller`'s redemption request. They stay in the supply and
    /// absorb every loss until claimed, earn no yield, and become claimable `cooldown` seconds from now (at once
    /// with a cooldown of 0); adding to a pending request restarts the cooldown of all of it. Emits `Transfer`
    /// (owner to vault) and `RedeemRequest`. Works while paused.
    /// @dev The caller must be `owner`, its operator or hold an sAID allowance, and must be `controller` or its
    /// operator. Reverts with SAidVaultZeroShares, SAidVaultInvalidController, SAidVaultRequestClaimable,
    /// ERC20InsufficientAllowance or ERC20InsufficientBalance.
    /// @param shares The sAID to redeem.
    /// @param controller Who may claim or cancel the request.
    /// @param owner Whose shares are moved.
    /// @return requestId Always 0.
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);

    /// @notice sAID of `controller`'s request still in their cooldown.
    /// @param requestId Ignored (one aggregated request per controller).
    /// @param controller The controller.
    /// @return shares The pending sAID.
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice sAID of `controller`'s request that can be claimed now through redeem/withdraw.
    /// @param requestId Ignored (one aggregated request per controller).
    /// @param controller The controller.
    /// @return shares The claimable sAID.
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice `controller`'s request in full, for a countdown.
    /// @param controller The controller.
    /// @return shares The sAID in the request.
    /// @return assets Their value when requested: the most a claim of them pays.
    /// @return claimableAt When the cooldown ends (Unix seconds).
    function redeemRequest(address controller)
        external
        view
        returns (uint256 shares, uint256 assets, uint64 claimableAt);

    /// @notice Cancels `controller`'s request, pending or claimable, and gives `controller` the sAID its claim value
    /// buys at the current price (all of it unless the price rose); the rest is burnt. A new request starts a full
    /// cooldown. Emits `Transfer` and `RedeemRequestCancelled`. Works while paused.
    /// @dev The caller must be `controller` or its operator. Reverts with SAidVaultInvalidController or
    /// SAidVaultNoRequest.
    /// @param controller The controller.
    /// @return returned The sAID given back.
    function cancelRedeemRequest(address controller) external returns (uint256 returned);

    /// @notice ERC-7540: approves or revokes `operator` to request, cancel and claim for the caller and to move its
    /// sAID into requests. Emits `OperatorSet`.
    /// @param operator The operator.
    /// @param approved Whether it may act.
    /// @return True.
    function setOperator(address operator, bool approved) external returns (bool);

    /// @notice ERC-7540: whether `operator` may act for `controller`.
    /// @param controller The controller.
    /// @param operator The operator.
    /// @return Whether it is approved.
    function isOperator(address controller, address operator) external view returns (bool);

    /// @notice Seconds between a request and its claim (7 days at deployment).
    /// @return The cooldown.
    function cooldown() external view returns (uint64);

    /// @notice Sets the cooldown of future requests (existing ones keep their claim time); 0 makes requests
    /// claimable at once and lets redeem/withdraw exit from the balance. Emits `CooldownSet`.
    /// @dev DEFAULT_ADMIN_ROLE only. Reverts with AccessControlUnauthorizedAccount or SAidVaultCooldownTooLong
    /// (above 30 days).
    /// @param cooldown The cooldown in seconds.
    function setCooldown(uint64 cooldown) external;

    // ------------------------------------------------------------------ yield and losses

    /// @notice Pulls `amount` AID from the caller (who approved the vault) and vests it, together with the
    /// still-unvested remainder of earlier distributions, linearly over `vestingPeriod` from now. A zero `amount`
    /// does nothing (no event), so it may be called unconditionally. Emits `YieldDistributed`. While fewer than
    /// 1e18 sAID are held outside the vault (no one staked: the 1e9 virtual shares would own it) the amount is
    /// deferred instead (held outside `totalAssets`, emits `YieldDeferred`) and vests with the next distribution that
    /// finds stakers; a distribution is never refused for it.
    /// @dev YIELD_DISTRIBUTOR_ROLE only. Reverts with AccessControlUnauthorizedAccount, SAidVaultMathOverflow,
    /// SafeErc20FailedOperation or the asset's own error.
    /// @param amount The AID to distribute.
    function distributeYield(uint256 amount) external;

    /// @notice Burns up to `amount` AID held by the vault, deferred and unvested yield first, lowering the share price for every
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

    /// @notice AID distributed while no one was staked, waiting for the next distribution (not part of
    /// `totalAssets`).
    /// @return The deferred yield.
    function deferredYield() external view returns (uint256);

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
    /// @return True for IERC165, IAccessControl, IERC20, IERC20Metadata, IERC4626, IERC7575 (0x2f0a18c5),
    /// IERC7540Operator (0xe3bc4e65) and IERC7540Redeem (0x620ee8e4).
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}
