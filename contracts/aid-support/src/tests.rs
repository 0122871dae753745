//! The shared encoder against alloy's generated encoders, and the storage layout of the shared
//! components against the plain fields they replaced (the components' behaviour, with roles,
//! pause errors and events, is tested through every contract that uses them).
use alloc::{boxed::Box, string::String};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolError, SolEvent};
use stylus_sdk::{
    host::VM,
    storage::{StorageAddress, StorageBool, StorageMap, StorageType, StorageU64},
    testing::TestVM,
};

use super::*;
// Provides the host functions of the test build.
use motsu as _;

sol! {
    error WithReason(uint256 id, string reason);
    event WithUri(uint256 indexed id, uint64 count, bytes32 serial, string uri);
}

#[test]
fn encode_is_a_selector_and_words() {
    let owner = Address::repeat_byte(0x11);
    let data = encode(
        &AccessControlUnauthorizedAccount::SELECTOR,
        &[owner.w(), B256::new(roles::PAUSER_ROLE)],
    );
    assert_eq!(
        data,
        AccessControlUnauthorizedAccount {
            account: owner,
            neededRole: B256::new(roles::PAUSER_ROLE),
        }
        .abi_encode()
    );
    assert_eq!(
        encode(&EnforcedPause::SELECTOR, &[]),
        EnforcedPause {}.abi_encode()
    );
}

#[test]
fn small_integers_and_bools_are_left_padded_words() {
    assert_eq!(7u16.w(), U256::from(7).w());
    assert_eq!(70_000u32.w(), B256::from(U256::from(70_000)));
    assert_eq!(u64::MAX.w(), B256::from(U256::from(u64::MAX)));
    assert_eq!(true.w(), B256::from(U256::from(1)));
    assert_eq!(false.w(), B256::ZERO);
}

#[test]
fn a_trailing_string_is_encoded_as_solidity_does() {
    // Empty, shorter than a word, exactly one word, and more than one word.
    for reason in ["", "no", &"x".repeat(32), &"receiver said no ".repeat(5)] {
        let mut data = encode(&WithReason::SELECTOR, &[U256::from(9).w(), 64_u64.w()]);
        push_bytes(&mut data, reason.as_bytes());
        let expected = WithReason {
            id: U256::from(9),
            reason: String::from(reason),
        }
        .abi_encode();
        assert_eq!(data, expected, "reason {reason:?}");
    }
}

#[test]
fn event_data_with_a_string_is_encoded_as_solidity_does() {
    let uri = "ipfs://bafy-docs/cluster-with-a-longer-name";
    let event = WithUri {
        id: U256::from(3),
        count: 8,
        serial: B256::repeat_byte(0xab),
        uri: String::from(uri),
    };
    let mut data = encode(&[], &[8_u64.w(), B256::repeat_byte(0xab), 96_u64.w()]);
    push_bytes(&mut data, uri.as_bytes());
    assert_eq!(data, event.encode_data());
}

/// A fresh test VM and a storage value of type `S` at slot 0.
fn at_slot_zero<S: StorageType>(vm: &TestVM) -> S {
    // SAFETY: one accessor per VM and test.
    unsafe {
        S::new(
            U256::ZERO,
            0,
            VM {
                host: Box::new(vm.clone()),
            },
        )
    }
}

/// The layout the vault always had: an address, the flag, a u64, all in one slot.
#[stylus_sdk::prelude::storage]
struct PlainFlag {
    asset: StorageAddress,
    paused: StorageBool,
    period: StorageU64,
}

/// The same with the shared component.
#[stylus_sdk::prelude::storage]
struct WithPause {
    asset: StorageAddress,
    paused: Pause,
    period: StorageU64,
}

#[test]
fn pause_takes_the_byte_a_plain_flag_takes() {
    let plain_vm = TestVM::new();
    let mut plain: PlainFlag = at_slot_zero(&plain_vm);
    plain.asset.set(Address::repeat_byte(0x22));
    plain.paused.set(true);
    plain.period.set(alloy_primitives::U64::from(28_800));

    let vm = TestVM::new();
    for slot in 0..3u64 {
        vm.set_storage(U256::from(slot), plain_vm.get_storage(U256::from(slot)));
    }
    let shared: WithPause = at_slot_zero(&vm);
    assert!(shared.paused.paused());
    assert_eq!(shared.asset.get(), Address::repeat_byte(0x22));
    assert_eq!(shared.period.get().to::<u64>(), 28_800);
    assert_eq!(plain_vm.get_storage(U256::from(1)), B256::ZERO, "one slot");

    plain.paused.set(false);
    vm.set_storage(U256::ZERO, plain_vm.get_storage(U256::ZERO));
    assert!(!shared.paused.paused());
}

/// The registry's layout: a role map then the flag, then a map.
#[stylus_sdk::prelude::storage]
struct PlainRoles {
    roles: StorageMap<B256, StorageMap<Address, StorageBool>>,
    paused: StorageBool,
    after: StorageMap<U256, StorageU64>,
}

/// The same with the shared components.
#[stylus_sdk::prelude::storage]
struct WithRoles {
    roles: Roles,
    paused: Pause,
    after: StorageMap<U256, StorageU64>,
}

#[test]
fn roles_and_pause_keep_the_slots_of_the_plain_map_and_flag() {
    let account = Address::repeat_byte(0x33);
    let role = B256::new(roles::REGISTRAR_ROLE);
    let vm = TestVM::new();
    let mut plain: PlainRoles = at_slot_zero(&vm);
    plain.roles.setter(role).insert(account, true);
    plain.paused.set(true);
    plain
        .after
        .setter(U256::from(5))
        .set(alloy_primitives::U64::from(77));

    // The shared layout over the same storage reads what the plain one wrote.
    let shared: WithRoles = at_slot_zero(&vm);
    assert!(shared.roles.has(role, account), "same map slot");
    assert!(!shared.roles.has(role, Address::ZERO));
    assert!(shared.paused.paused(), "same flag slot");
    assert_eq!(
        shared.after.get(U256::from(5)).to::<u64>(),
        77,
        "same slot after them"
    );
    assert_eq!(
        vm.get_storage(U256::from(1)),
        B256::with_last_byte(1),
        "flag in slot 1"
    );
}

#[test]
fn role_ids_are_keccak_of_their_names() {
    use alloy_primitives::keccak256;
    for (id, name) in [
        (roles::RISK_ADMIN_ROLE, "RISK_ADMIN_ROLE"),
        (roles::PAUSER_ROLE, "PAUSER_ROLE"),
        (roles::REGISTRAR_ROLE, "REGISTRAR_ROLE"),
        (roles::APPRAISER_ROLE, "APPRAISER_ROLE"),
        (roles::MINTER_ADMIN_ROLE, "MINTER_ADMIN_ROLE"),
        (roles::YIELD_DISTRIBUTOR_ROLE, "YIELD_DISTRIBUTOR_ROLE"),
        (roles::LOSS_ABSORBER_ROLE, "LOSS_ABSORBER_ROLE"),
    ] {
        assert_eq!(B256::new(id), keccak256(name), "{name}");
    }
    assert_eq!(roles::DEFAULT_ADMIN_ROLE, [0; 32]);
}
