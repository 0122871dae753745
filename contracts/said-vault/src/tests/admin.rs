//! Construction, roles, pause, deposit cap, vesting period, ERC-165, and the constants the vault
//! hard-codes (role ids, the asset's selectors, interface ids).

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{sol, SolCall};
use motsu::prelude::*;

use super::{aid, serial, World, ADMIN, ALICE, BOB, MINTER};
use crate::{
    test_clock, AccessControlBadConfirmation, AccessControlUnauthorizedAccount, DepositCapSet,
    ERC4626ExceededMaxDeposit, ERC4626ExceededMaxMint, EnforcedPause, Error, ExpectedPause, Paused,
    RoleGranted, RoleRevoked, SAidVault, SAidVaultInvalidAdmin, SAidVaultInvalidAsset,
    SAidVaultVestingPeriodTooLong, Unpaused, VestingPeriodSet, DEFAULT_ADMIN_ROLE,
    DEFAULT_VESTING_PERIOD, INTERFACE_IDS, LOSS_ABSORBER_ROLE, MAX_VESTING_PERIOD, PAUSER_ROLE,
    SEL_BALANCE_OF, SEL_BURN, SEL_TRANSFER, SEL_TRANSFER_FROM, YIELD_DISTRIBUTOR_ROLE,
};

sol! {
    interface IAsset {
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function burn(uint256 value) external;
    }
    interface IERC165 {
        function supportsInterface(bytes4 interfaceId) external view returns (bool);
    }
    interface IAccessControl {
        function hasRole(bytes32 role, address account) external view returns (bool);
        function getRoleAdmin(bytes32 role) external view returns (bytes32);
        function grantRole(bytes32 role, address account) external;
        function revokeRole(bytes32 role, address account) external;
        function renounceRole(bytes32 role, address callerConfirmation) external;
    }
    interface IERC20 {
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function allowance(address owner, address spender) external view returns (uint256);
        function approve(address spender, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
    }
    interface IERC20Metadata {
        function name() external view returns (string memory);
        function symbol() external view returns (string memory);
        function decimals() external view returns (uint8);
    }
    interface IERC4626 {
        function asset() external view returns (address);
        function totalAssets() external view returns (uint256);
        function convertToShares(uint256 assets) external view returns (uint256);
        function convertToAssets(uint256 shares) external view returns (uint256);
        function maxDeposit(address receiver) external view returns (uint256);
        function previewDeposit(uint256 assets) external view returns (uint256);
        function deposit(uint256 assets, address receiver) external returns (uint256);
        function maxMint(address receiver) external view returns (uint256);
        function previewMint(uint256 shares) external view returns (uint256);
        function mint(uint256 shares, address receiver) external returns (uint256);
        function maxWithdraw(address owner) external view returns (uint256);
        function previewWithdraw(uint256 assets) external view returns (uint256);
        function withdraw(uint256 assets, address receiver, address owner) external returns (uint256);
        function maxRedeem(address owner) external view returns (uint256);
        function previewRedeem(uint256 shares) external view returns (uint256);
        function redeem(uint256 shares, address receiver, address owner) external returns (uint256);
    }
}

sol! {
    // ERC-7575's id covers the ERC-4626 functions and `share()` (EIP-7575: 0x2f0a18c5).
    interface IERC7575Share {
        function share() external view returns (address);
    }
    interface IERC7540Operator {
        function setOperator(address operator, bool approved) external returns (bool);
        function isOperator(address controller, address operator) external view returns (bool);
    }
    interface IERC7540Redeem {
        function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256);
        function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256);
        function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256);
    }
}

fn interface_id(selectors: &[[u8; 4]]) -> [u8; 4] {
    selectors.iter().fold([0u8; 4], |acc, s| {
        [acc[0] ^ s[0], acc[1] ^ s[1], acc[2] ^ s[2], acc[3] ^ s[3]]
    })
}

#[test]
fn hard_coded_constants_match_their_definitions() {
    assert_eq!(
        YIELD_DISTRIBUTOR_ROLE,
        keccak256("YIELD_DISTRIBUTOR_ROLE").0
    );
    assert_eq!(LOSS_ABSORBER_ROLE, keccak256("LOSS_ABSORBER_ROLE").0);
    assert_eq!(PAUSER_ROLE, keccak256("PAUSER_ROLE").0);
    assert_eq!(DEFAULT_ADMIN_ROLE, [0u8; 32]);
    assert_eq!(SEL_BALANCE_OF, IAsset::balanceOfCall::SELECTOR);
    assert_eq!(SEL_TRANSFER, IAsset::transferCall::SELECTOR);
    assert_eq!(SEL_TRANSFER_FROM, IAsset::transferFromCall::SELECTOR);
    assert_eq!(SEL_BURN, IAsset::burnCall::SELECTOR);
    assert_eq!(
        INTERFACE_IDS,
        [
            interface_id(IERC165::IERC165Calls::SELECTORS),
            interface_id(IAccessControl::IAccessControlCalls::SELECTORS),
            interface_id(IERC20::IERC20Calls::SELECTORS),
            interface_id(IERC20Metadata::IERC20MetadataCalls::SELECTORS),
            interface_id(IERC4626::IERC4626Calls::SELECTORS),
            interface_id(
                &[
                    IERC4626::IERC4626Calls::SELECTORS,
                    IERC7575Share::IERC7575ShareCalls::SELECTORS
                ]
                .concat()
            ),
            interface_id(IERC7540Operator::IERC7540OperatorCalls::SELECTORS),
            interface_id(IERC7540Redeem::IERC7540RedeemCalls::SELECTORS),
        ]
    );
}

#[motsu::test]
fn supports_its_interfaces_only() {
    let w = World::new();
    for id in INTERFACE_IDS {
        assert!(w.vault.sender(ALICE).supports_interface(id.into()));
    }
    assert!(!w.vault.sender(ALICE).supports_interface([0xff; 4].into()));
    assert!(!w.vault.sender(ALICE).supports_interface([0; 4].into()));
}

#[test]
fn constructor_sets_everything_up() {
    let _serial = serial();
    let (vault, asset) = (Contract::<SAidVault>::new(), Address::repeat_byte(0x5e));
    vault.sender(ALICE).constructor(ADMIN, asset).motsu_unwrap();
    let v = vault.sender(ALICE);
    assert_eq!(v.asset(), asset);
    assert!(v.has_role(DEFAULT_ADMIN_ROLE.into(), ADMIN));
    assert!(!v.has_role(DEFAULT_ADMIN_ROLE.into(), ALICE));
    for role in [YIELD_DISTRIBUTOR_ROLE, LOSS_ABSORBER_ROLE, PAUSER_ROLE] {
        assert!(!v.has_role(role.into(), ADMIN));
    }
    assert_eq!(v.vesting_period(), DEFAULT_VESTING_PERIOD);
    assert_eq!(DEFAULT_VESTING_PERIOD, 8 * 3600);
    assert_eq!(v.vesting_end(), 0);
    assert_eq!(v.deposit_cap(), U256::MAX);
    assert!(!v.paused());
    assert_eq!(v.default_admin_role(), B256::ZERO);
    assert_eq!(
        v.yield_distributor_role(),
        B256::from(YIELD_DISTRIBUTOR_ROLE)
    );
    assert_eq!(v.loss_absorber_role(), B256::from(LOSS_ABSORBER_ROLE));
    assert_eq!(v.pauser_role(), B256::from(PAUSER_ROLE));
    assert_eq!(v.get_role_admin(PAUSER_ROLE.into()), B256::ZERO);
    assert!(vault.emitted(&RoleGranted {
        role: DEFAULT_ADMIN_ROLE.into(),
        account: ADMIN,
        sender: ALICE
    }));
    assert!(vault.emitted(&VestingPeriodSet {
        vestingPeriod: DEFAULT_VESTING_PERIOD
    }));
    assert!(vault.emitted(&DepositCapSet {
        depositCap: U256::MAX
    }));
    assert_eq!(vault.sender(ALICE).cooldown(), crate::DEFAULT_COOLDOWN);
    assert!(vault.emitted(&crate::CooldownSet {
        cooldown: crate::DEFAULT_COOLDOWN
    }));
}

#[test]
fn constructor_rejects_zero_addresses() {
    let _serial = serial();
    let (vault, asset) = (Contract::<SAidVault>::new(), Address::repeat_byte(0x5e));
    let err = vault
        .sender(ALICE)
        .constructor(Address::ZERO, asset)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidAdmin(SAidVaultInvalidAdmin {
            admin: Address::ZERO
        })
    );
    let err = vault
        .sender(ALICE)
        .constructor(ADMIN, Address::ZERO)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidAsset(SAidVaultInvalidAsset {
            asset: Address::ZERO
        })
    );
    assert!(!vault
        .sender(ALICE)
        .has_role(DEFAULT_ADMIN_ROLE.into(), ADMIN));
}

#[motsu::test]
fn the_admin_grants_and_revokes_roles() {
    let w = World::new();
    let role = PAUSER_ROLE.into();
    w.vault.sender(ADMIN).grant_role(role, BOB).motsu_unwrap();
    assert!(w.vault.sender(ALICE).has_role(role, BOB));
    assert!(w.vault.emitted(&RoleGranted {
        role,
        account: BOB,
        sender: ADMIN
    }));
    // Bob can use it.
    w.vault.sender(BOB).pause().motsu_unwrap();

    w.vault.sender(ADMIN).revoke_role(role, BOB).motsu_unwrap();
    assert!(!w.vault.sender(ALICE).has_role(role, BOB));
    assert!(w.vault.emitted(&RoleRevoked {
        role,
        account: BOB,
        sender: ADMIN
    }));
    let err = w.vault.sender(BOB).unpause().motsu_unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
            account: BOB,
            neededRole: role
        })
    );

    // Granting twice or revoking a missing role changes nothing and emits nothing new.
    let before = w.vault.all_events().len();
    w.vault.sender(ADMIN).grant_role(role, ADMIN).motsu_unwrap();
    w.vault.sender(ADMIN).revoke_role(role, BOB).motsu_unwrap();
    assert_eq!(w.vault.all_events().len(), before);
}

#[motsu::test]
fn only_the_admin_manages_roles() {
    let w = World::new();
    let needed = DEFAULT_ADMIN_ROLE.into();
    for who in [ALICE, MINTER] {
        let err = w
            .vault
            .sender(who)
            .grant_role(PAUSER_ROLE.into(), who)
            .motsu_unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
                account: who,
                neededRole: needed
            })
        );
        let err = w
            .vault
            .sender(who)
            .revoke_role(PAUSER_ROLE.into(), ADMIN)
            .motsu_unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
                account: who,
                neededRole: needed
            })
        );
    }
    assert!(w.vault.sender(ALICE).has_role(PAUSER_ROLE.into(), ADMIN));
}

#[motsu::test]
fn a_holder_renounces_its_own_role_only() {
    let w = World::new();
    let role = YIELD_DISTRIBUTOR_ROLE.into();
    let err = w
        .vault
        .sender(MINTER)
        .renounce_role(role, ALICE)
        .motsu_unwrap_err();
    assert_eq!(err, Error::BadConfirmation(AccessControlBadConfirmation {}));
    w.vault
        .sender(MINTER)
        .renounce_role(role, MINTER)
        .motsu_unwrap();
    assert!(!w.vault.sender(ALICE).has_role(role, MINTER));
    assert!(w.vault.emitted(&RoleRevoked {
        role,
        account: MINTER,
        sender: MINTER
    }));
}

#[motsu::test]
fn pause_stops_deposit_and_mint_but_never_exits() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.fund(BOB, aid(100));

    w.vault.sender(ADMIN).pause().motsu_unwrap();
    assert!(w.vault.emitted(&Paused { account: ADMIN }));
    assert!(w.vault.sender(ALICE).paused());
    assert_eq!(
        w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(w.vault.sender(BOB).max_mint(BOB).motsu_unwrap(), U256::ZERO);
    // Previews ignore the pause, as the EIP requires.
    assert_eq!(
        w.vault.sender(BOB).preview_deposit(aid(1)).motsu_unwrap(),
        aid(1)
    );
    let err = w.vault.sender(BOB).deposit(aid(1), BOB).motsu_unwrap_err();
    assert_eq!(err, Error::EnforcedPause(EnforcedPause {}));
    let err = w.vault.sender(BOB).mint(aid(1), BOB).motsu_unwrap_err();
    assert_eq!(err, Error::EnforcedPause(EnforcedPause {}));
    let err = w
        .vault
        .sender(BOB)
        .deposit(U256::ZERO, BOB)
        .motsu_unwrap_err();
    assert_eq!(err, Error::EnforcedPause(EnforcedPause {}));

    // Exits, transfers, yield and losses go on.
    assert_eq!(
        w.vault.sender(ALICE).max_withdraw(ALICE).motsu_unwrap(),
        aid(1000)
    );
    assert_eq!(
        w.vault.sender(ALICE).max_redeem(ALICE).motsu_unwrap(),
        aid(1000)
    );
    w.vault
        .sender(ALICE)
        .withdraw(aid(100), ALICE, ALICE)
        .motsu_unwrap();
    w.vault
        .sender(ALICE)
        .redeem(aid(100), ALICE, ALICE)
        .motsu_unwrap();
    w.vault.sender(ALICE).transfer(BOB, aid(100)).motsu_unwrap();
    w.distribute(aid(10));
    w.vault.sender(MINTER).absorb_loss(aid(10)).motsu_unwrap();
    assert_eq!(w.aid_of(ALICE), aid(200));

    let err = w.vault.sender(ADMIN).pause().motsu_unwrap_err();
    assert_eq!(err, Error::EnforcedPause(EnforcedPause {}));

    w.vault.sender(ADMIN).unpause().motsu_unwrap();
    assert!(w.vault.emitted(&Unpaused { account: ADMIN }));
    assert!(!w.vault.sender(ALICE).paused());
    assert_eq!(
        w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap(),
        U256::MAX
    );
    assert_eq!(w.vault.sender(BOB).max_mint(BOB).motsu_unwrap(), U256::MAX);
    w.vault.sender(BOB).deposit(aid(1), BOB).motsu_unwrap();

    let err = w.vault.sender(ADMIN).unpause().motsu_unwrap_err();
    assert_eq!(err, Error::ExpectedPause(ExpectedPause {}));
}

#[motsu::test]
fn only_the_pauser_pauses() {
    let w = World::new();
    for who in [ALICE, MINTER] {
        let err = w.vault.sender(who).pause().motsu_unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
                account: who,
                neededRole: PAUSER_ROLE.into()
            })
        );
    }
    w.vault.sender(ADMIN).pause().motsu_unwrap();
    let err = w.vault.sender(ALICE).unpause().motsu_unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
            account: ALICE,
            neededRole: PAUSER_ROLE.into()
        })
    );
    assert!(w.vault.sender(ALICE).paused());
}

#[motsu::test]
fn the_deposit_cap_bounds_deposit_and_mint() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.fund(BOB, aid(1000));

    w.vault
        .sender(ADMIN)
        .set_deposit_cap(aid(1500))
        .motsu_unwrap();
    assert!(w.vault.emitted(&DepositCapSet {
        depositCap: aid(1500)
    }));
    assert_eq!(w.vault.sender(BOB).deposit_cap(), aid(1500));
    assert_eq!(
        w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap(),
        aid(500)
    );
    assert_eq!(w.vault.sender(BOB).max_mint(BOB).motsu_unwrap(), aid(500));

    let err = w
        .vault
        .sender(BOB)
        .deposit(aid(500) + U256::from(1), BOB)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::ExceededMaxDeposit(ERC4626ExceededMaxDeposit {
            receiver: BOB,
            assets: aid(500) + U256::from(1),
            max: aid(500)
        })
    );
    let err = w.vault.sender(BOB).mint(aid(501), ALICE).motsu_unwrap_err();
    assert_eq!(
        err,
        Error::ExceededMaxMint(ERC4626ExceededMaxMint {
            receiver: ALICE,
            shares: aid(501),
            max: aid(500)
        })
    );

    // Up to the cap works; then nothing more fits.
    w.vault.sender(BOB).deposit(aid(300), BOB).motsu_unwrap();
    w.vault.sender(BOB).mint(aid(200), BOB).motsu_unwrap();
    assert_eq!(w.total_assets(), aid(1500));
    assert_eq!(
        w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(w.vault.sender(BOB).max_mint(BOB).motsu_unwrap(), U256::ZERO);

    // Vested yield can take total assets past the cap: still nothing fits, nothing breaks.
    w.distribute(aid(100));
    test_clock::advance(DEFAULT_VESTING_PERIOD);
    assert_eq!(
        w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap(),
        U256::ZERO
    );

    // Lifting the cap restores "no limit".
    w.vault
        .sender(ADMIN)
        .set_deposit_cap(U256::MAX)
        .motsu_unwrap();
    assert_eq!(
        w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap(),
        U256::MAX
    );
    assert_eq!(w.vault.sender(BOB).max_mint(BOB).motsu_unwrap(), U256::MAX);
}

/// With a price above 1 the mint limit is the room converted to shares, rounded down, and
/// minting exactly that many costs no more than the room.
#[motsu::test]
fn max_mint_under_a_cap_is_affordable() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.donate(BOB, aid(500)); // price 1.5
    w.vault
        .sender(ADMIN)
        .set_deposit_cap(aid(2000))
        .motsu_unwrap();
    let room = w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap();
    assert_eq!(room, aid(500));
    let max = w.vault.sender(BOB).max_mint(BOB).motsu_unwrap();
    assert_eq!(
        max,
        w.vault.sender(BOB).preview_deposit(room).motsu_unwrap()
    );
    assert!(w.vault.sender(BOB).preview_mint(max).motsu_unwrap() <= room);
    w.fund(BOB, aid(1000));
    w.vault.sender(BOB).mint(max, BOB).motsu_unwrap();
    // A cap near 2^256: the conversion is done in 512 bits, so the limit stays exact.
    w.vault
        .sender(ADMIN)
        .set_deposit_cap(U256::MAX - U256::from(1))
        .motsu_unwrap();
    let room = w.vault.sender(BOB).max_deposit(BOB).motsu_unwrap();
    assert_eq!(
        w.vault.sender(BOB).max_mint(BOB).motsu_unwrap(),
        w.vault.sender(BOB).preview_deposit(room).motsu_unwrap()
    );
}

#[motsu::test]
fn only_the_admin_sets_the_cap() {
    let w = World::new();
    let err = w
        .vault
        .sender(MINTER)
        .set_deposit_cap(aid(1))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
            account: MINTER,
            neededRole: DEFAULT_ADMIN_ROLE.into()
        })
    );
    assert_eq!(w.vault.sender(ALICE).deposit_cap(), U256::MAX);
}

#[motsu::test]
fn the_vesting_period_applies_to_later_distributions() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.distribute(aid(100));
    let end = w.vault.sender(ALICE).vesting_end();

    w.vault
        .sender(ADMIN)
        .set_vesting_period(3600)
        .motsu_unwrap();
    assert!(w.vault.emitted(&VestingPeriodSet {
        vestingPeriod: 3600
    }));
    assert_eq!(w.vault.sender(ALICE).vesting_period(), 3600);
    // The running schedule keeps its end.
    assert_eq!(w.vault.sender(ALICE).vesting_end(), end);
    assert_eq!(w.unvested(), aid(100));

    test_clock::advance(1800);
    w.distribute(aid(10));
    assert_eq!(
        w.vault.sender(ALICE).vesting_end(),
        1_735_689_600 + 1800 + 3600
    );

    // Zero releases a distribution at once, with the unvested remainder it carries.
    w.vault.sender(ADMIN).set_vesting_period(0).motsu_unwrap();
    assert!(w.unvested() > U256::ZERO);
    w.distribute(aid(7));
    assert_eq!(w.unvested(), U256::ZERO);
    assert_eq!(w.total_assets(), aid(1117));

    // The longest allowed period is accepted, one second more is not.
    w.vault
        .sender(ADMIN)
        .set_vesting_period(MAX_VESTING_PERIOD)
        .motsu_unwrap();
    let err = w
        .vault
        .sender(ADMIN)
        .set_vesting_period(MAX_VESTING_PERIOD + 1)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::VestingPeriodTooLong(SAidVaultVestingPeriodTooLong {
            vestingPeriod: MAX_VESTING_PERIOD + 1,
            max: MAX_VESTING_PERIOD
        })
    );
    let err = w
        .vault
        .sender(MINTER)
        .set_vesting_period(60)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
            account: MINTER,
            neededRole: DEFAULT_ADMIN_ROLE.into()
        })
    );
    assert_eq!(w.vault.sender(ALICE).vesting_period(), MAX_VESTING_PERIOD);
    assert_eq!(MAX_VESTING_PERIOD, 30 * 86_400);
}
