//! `interfaces/ISAidVault.sol` is the vault's ABI for integrators: it must parse with alloy's
//! `sol!` and match the contract exactly (every function routed and no other, every event with
//! the same types and indexed fields, every error with the same signature).

use alloy_primitives::{B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use stylus_sdk::abi::Router;

use super::{World, ALICE, BOB, CAROL};
use crate::SAidVault;

mod iface {
    alloy_sol_types::sol!("../../interfaces/ISAidVault.sol");
}
use iface::ISAidVault as I;

#[test]
fn every_interface_function_is_routed_and_nothing_else() {
    let w = World::new();
    let mut call = w.vault.sender(ALICE);
    let selectors = I::ISAidVaultCalls::SELECTORS;
    for selector in selectors {
        // Empty arguments: functions with parameters fail to decode, those without run as Alice;
        // either way `Some`. An unknown selector is `None`.
        let routed =
            <SAidVault as Router<SAidVault>>::route(&mut *call, u32::from_be_bytes(*selector), &[]);
        assert!(routed.is_some(), "selector {selector:02x?} is not routed");
    }
    assert!(<SAidVault as Router<SAidVault>>::route(&mut *call, 0xdead_beef, &[]).is_none());

    // The contract has no public function the interface lacks.
    let src = include_str!("../lib.rs");
    let header = "#[public]\nimpl SAidVault {";
    let start = src.find(header).expect("public block") + header.len();
    let end = start
        + src[start..]
            .find("\nimpl SAidVault {")
            .expect("private block");
    let public_fns = src[start..end].matches("\n    pub fn ").count() - 1; // less the constructor
    assert_eq!(public_fns, selectors.len());
}

/// Builds the same event from the interface and from the contract and compares the logs.
macro_rules! same_log {
    ($name:ident { $($field:ident: $value:expr),* $(,)? }) => {{
        let ours = crate::$name { $($field: $value),* }.encode_log_data();
        let theirs = I::$name { $($field: $value),* }.encode_log_data();
        assert_eq!(ours, theirs, "event {}", stringify!($name));
        assert_eq!(crate::$name::SIGNATURE, I::$name::SIGNATURE);
    }};
}

#[test]
fn events_match_with_their_indexed_fields() {
    let (a, b, c) = (ALICE, BOB, CAROL);
    let (x, y, z) = (U256::from(1), U256::from(2), U256::from(3));
    let role = B256::repeat_byte(7);
    same_log!(Transfer {
        from: a,
        to: b,
        value: x
    });
    same_log!(Approval {
        owner: a,
        spender: b,
        value: x
    });
    same_log!(Deposit {
        sender: a,
        owner: b,
        assets: x,
        shares: y
    });
    same_log!(Withdraw {
        sender: a,
        receiver: b,
        owner: c,
        assets: x,
        shares: y
    });
    same_log!(YieldDistributed {
        from: a,
        amount: x,
        unvestedCarried: y,
        vestingEnd: 9
    });
    same_log!(LossAbsorbed {
        requested: x,
        absorbed: y,
        fromUnvested: z
    });
    same_log!(VestingPeriodSet { vestingPeriod: 9 });
    same_log!(DepositCapSet { depositCap: x });
    same_log!(Paused { account: a });
    same_log!(Unpaused { account: a });
    same_log!(RoleGranted {
        role: role,
        account: a,
        sender: b
    });
    same_log!(RoleRevoked {
        role: role,
        account: a,
        sender: b
    });
    same_log!(RedeemRequest {
        controller: a,
        owner: b,
        requestId: x,
        sender: c,
        shares: y
    });
    same_log!(OperatorSet {
        controller: a,
        operator: b,
        approved: true
    });
    same_log!(RedeemRequestCancelled {
        controller: a,
        sender: b,
        shares: x,
        returned: y
    });
    same_log!(CooldownSet { cooldown: 9 });
    same_log!(YieldDeferred {
        from: a,
        amount: x,
        deferred: y
    });
    assert_eq!(I::ISAidVaultEvents::SELECTORS.len(), 17);
}

#[test]
fn errors_match() {
    macro_rules! same_error {
        ($($name:ident),* $(,)?) => {{
            $(assert_eq!(crate::$name::SIGNATURE, I::$name::SIGNATURE);)*
            assert_eq!(I::ISAidVaultErrors::SELECTORS.len(), [$(stringify!($name)),*].len());
        }};
    }
    same_error!(
        ERC20InsufficientBalance,
        ERC20InvalidSender,
        ERC20InvalidReceiver,
        ERC20InsufficientAllowance,
        ERC20InvalidSpender,
        ERC4626ExceededMaxDeposit,
        ERC4626ExceededMaxMint,
        ERC4626ExceededMaxWithdraw,
        ERC4626ExceededMaxRedeem,
        AccessControlUnauthorizedAccount,
        AccessControlBadConfirmation,
        EnforcedPause,
        ExpectedPause,
        SafeErc20FailedOperation,
        SAidVaultInvalidAdmin,
        SAidVaultInvalidAsset,
        SAidVaultVestingPeriodTooLong,
        SAidVaultMathOverflow,
        SAidVaultCooldownTooLong,
        SAidVaultInvalidController,
        SAidVaultZeroShares,
        SAidVaultNoRequest,
        SAidVaultRequestClaimable,
        SAidVaultWipedOut,
    );
}
