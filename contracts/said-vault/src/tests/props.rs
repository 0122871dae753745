//! Property tests: random sequences of deposits, mints, withdrawals, redemptions, share
//! transfers, yield, donations, losses and waiting, against the real AidToken.
//!
//! After every step: each entry point did exactly what its preview said, conversions round
//! trip down, the accounting adds up. At the end every holder can redeem everything, the vault
//! never paid out more than it took in, and (without losses) nobody lost more than rounding.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use proptest::prelude::*;

use super::{World, ALICE, BOB, CAROL, MINTER};
use crate::{test_clock, DEFAULT_VESTING_PERIOD, VIRTUAL_OFFSET};

const USERS: [Address; 3] = [ALICE, BOB, CAROL];

#[derive(Debug, Clone)]
enum Op {
    Deposit {
        user: usize,
        assets: u128,
    },
    Mint {
        user: usize,
        shares: u128,
    },
    /// Withdraw `per_mille` of what the user may withdraw.
    Withdraw {
        user: usize,
        per_mille: u16,
    },
    /// Redeem `per_mille` of the user's shares.
    Redeem {
        user: usize,
        per_mille: u16,
    },
    /// Send `per_mille` of the user's shares to another user.
    Transfer {
        from: usize,
        to: usize,
        per_mille: u16,
    },
    Yield {
        assets: u128,
    },
    Donate {
        assets: u128,
    },
    /// Burn `per_mille` (at most half) of the vault's AID.
    Loss {
        per_mille: u16,
    },
    Wait {
        seconds: u64,
    },
}

/// Small amounts (where rounding bites) and large ones (up to 10^24 wei = 10^6 AID).
pub(super) fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![0u128..1_000_000, 1u128..1_000_000_000_000_000_000_000_000]
}

fn op(with_losses: bool) -> BoxedStrategy<Op> {
    let user = 0..USERS.len();
    let base = prop_oneof![
        3 => (user.clone(), amount()).prop_map(|(user, assets)| Op::Deposit { user, assets }),
        2 => (user.clone(), amount()).prop_map(|(user, shares)| Op::Mint { user, shares }),
        2 => (user.clone(), 0u16..=1000).prop_map(|(user, per_mille)| Op::Withdraw { user, per_mille }),
        2 => (user.clone(), 0u16..=1000).prop_map(|(user, per_mille)| Op::Redeem { user, per_mille }),
        1 => (user.clone(), user.clone(), 0u16..=1000)
            .prop_map(|(from, to, per_mille)| Op::Transfer { from, to, per_mille }),
        2 => amount().prop_map(|assets| Op::Yield { assets }),
        1 => amount().prop_map(|assets| Op::Donate { assets }),
        2 => (0u64..=2 * DEFAULT_VESTING_PERIOD).prop_map(|seconds| Op::Wait { seconds }),
    ];
    if with_losses {
        prop_oneof![
            8 => base,
            1 => (0u16..=500).prop_map(|per_mille| Op::Loss { per_mille }),
        ]
        .boxed()
    } else {
        base.boxed()
    }
}

pub(super) fn part(x: U256, per_mille: u16) -> U256 {
    x * U256::from(per_mille) / U256::from(1000)
}

/// What each user put in and took out, what came in as yield or donations, what was lost, and
/// the rounding each user could have been charged (one share's worth plus a wei per operation).
#[derive(Default)]
struct Ledger {
    paid_in: [U256; 3],
    paid_out: [U256; 3],
    slack: [U256; 3],
    income: U256,
    lost: U256,
}

impl World {
    /// `ceil((totalAssets + 1e9) / (totalSupply + 1e9))` + 1: the most one rounding can cost.
    fn rounding_bound(&self) -> U256 {
        let ta = self.total_assets() + VIRTUAL_OFFSET;
        let supply = self.vault.sender(ALICE).total_supply() + VIRTUAL_OFFSET;
        ta.div_ceil(supply) + U256::from(1)
    }

    fn check_invariants(&self, probe: U256) {
        let v = self.vault.sender(ALICE);
        // The vault holds every unvested and deferred wei; totalAssets is the rest.
        let deferred = v.deferred_yield();
        assert!(self.vault_aid() >= self.unvested() + deferred);
        assert_eq!(
            self.total_assets() + self.unvested() + deferred,
            self.vault_aid()
        );
        // Shares add up.
        let sum = USERS
            .iter()
            .fold(U256::ZERO, |acc, u| acc + self.shares(*u));
        assert_eq!(sum, v.total_supply());
        // Round trips never create anything.
        let assets = v.convert_to_assets(probe).motsu_unwrap();
        assert!(v.convert_to_shares(assets).motsu_unwrap() <= probe);
        let shares = v.convert_to_shares(probe).motsu_unwrap();
        assert!(v.convert_to_assets(shares).motsu_unwrap() <= probe);
        // Paying-in previews are never cheaper than the conversion, paying-out ones never richer.
        assert!(v.preview_mint(probe).motsu_unwrap() >= assets);
        assert!(v.preview_redeem(probe).motsu_unwrap() <= assets);
        assert!(v.preview_withdraw(probe).motsu_unwrap() >= shares);
        assert_eq!(v.preview_deposit(probe).motsu_unwrap(), shares);
    }

    fn apply(&self, op: &Op, ledger: &mut Ledger) {
        let v = |who: Address| self.vault.sender(who);
        match *op {
            // A payout capped at the assets can leave shares worth nothing (wiped out):
            // deposits then wait, as `maxDeposit` says.
            Op::Deposit { .. } | Op::Mint { .. }
                if v(ALICE).max_deposit(ALICE).motsu_unwrap().is_zero() => {}
            Op::Deposit { user, assets } => {
                let (who, assets) = (USERS[user], U256::from(assets));
                ledger.slack[user] += self.rounding_bound();
                let preview = v(who).preview_deposit(assets).motsu_unwrap();
                let supply = v(who).total_supply();
                assert_eq!(self.deposit(who, assets), preview);
                assert_eq!(v(who).total_supply(), supply + preview);
                ledger.paid_in[user] += assets;
            }
            Op::Mint { user, shares } => {
                let (who, shares) = (USERS[user], U256::from(shares));
                ledger.slack[user] += self.rounding_bound();
                let preview = v(who).preview_mint(shares).motsu_unwrap();
                self.fund(who, preview);
                assert_eq!(v(who).mint(shares, who).motsu_unwrap(), preview);
                assert_eq!(self.aid_of(who), U256::ZERO);
                ledger.paid_in[user] += preview;
            }
            Op::Withdraw { user, per_mille } => {
                let who = USERS[user];
                ledger.slack[user] += self.rounding_bound();
                let assets = part(v(who).max_withdraw(who).motsu_unwrap(), per_mille);
                let preview = v(who).preview_withdraw(assets).motsu_unwrap();
                let shares = self.shares(who);
                assert_eq!(v(who).withdraw(assets, who, who).motsu_unwrap(), preview);
                assert_eq!(self.shares(who), shares - preview);
                assert_eq!(self.aid_of(who), assets);
                self.spend(who);
                ledger.paid_out[user] += assets;
            }
            Op::Redeem { user, per_mille } => {
                let who = USERS[user];
                ledger.slack[user] += self.rounding_bound();
                let shares = part(v(who).max_redeem(who).motsu_unwrap(), per_mille);
                let preview = v(who).preview_redeem(shares).motsu_unwrap();
                assert_eq!(v(who).redeem(shares, who, who).motsu_unwrap(), preview);
                assert_eq!(self.aid_of(who), preview);
                self.spend(who);
                ledger.paid_out[user] += preview;
            }
            Op::Transfer {
                from,
                to,
                per_mille,
            } => {
                // Value moves with the shares: book it as paid out by one and in by the other,
                // at the rounded-down price (both get a rounding allowance for the difference).
                ledger.slack[from] += self.rounding_bound();
                ledger.slack[to] += self.rounding_bound();
                let shares = part(self.shares(USERS[from]), per_mille);
                let value = v(ALICE).convert_to_assets(shares).motsu_unwrap();
                v(USERS[from]).transfer(USERS[to], shares).motsu_unwrap();
                ledger.paid_out[from] += value;
                ledger.paid_in[to] += value;
                ledger.slack[to] += self.rounding_bound();
            }
            Op::Yield { assets } => {
                self.distribute(U256::from(assets));
                ledger.income += U256::from(assets);
            }
            Op::Donate { assets } => {
                self.donate(MINTER, U256::from(assets));
                ledger.income += U256::from(assets);
            }
            Op::Loss { per_mille } => {
                let amount = part(self.vault_aid(), per_mille);
                let absorbed = v(MINTER).absorb_loss(amount).motsu_unwrap();
                assert_eq!(absorbed, amount);
                ledger.lost += absorbed;
            }
            Op::Wait { seconds } => test_clock::advance(seconds),
        }
    }

    /// Moves a user's AID out of the way so `aid_of` reads what the next exit pays.
    fn spend(&self, who: Address) {
        let balance = self.aid_of(who);
        self.aid.sender(who).burn(balance).motsu_unwrap();
    }
}

fn run(ops: &[Op], probes: &[u128]) -> Ledger {
    let w = World::new();
    let mut ledger = Ledger::default();
    for (op, probe) in ops.iter().zip(probes.iter().cycle()) {
        w.apply(op, &mut ledger);
        w.check_invariants(U256::from(*probe));
    }
    // Let everything vest, then every holder leaves: maxRedeem must always be redeemable.
    test_clock::advance(DEFAULT_VESTING_PERIOD);
    for (user, who) in USERS.iter().enumerate() {
        ledger.slack[user] += w.rounding_bound();
        let max = w.vault.sender(*who).max_redeem(*who).motsu_unwrap();
        let preview = w.vault.sender(*who).preview_redeem(max).motsu_unwrap();
        assert_eq!(w.redeem_all(*who), preview);
        ledger.paid_out[user] += preview;
    }
    assert_eq!(w.vault.sender(ALICE).total_supply(), U256::ZERO);
    // What is left is the virtual shares' sliver and rounding: it all stayed in the vault.
    assert_eq!(
        w.vault_aid() + ledger.lost + sum(&ledger.paid_out),
        ledger.income + sum(&ledger.paid_in)
    );
    ledger
}

fn sum(xs: &[U256; 3]) -> U256 {
    xs.iter().fold(U256::ZERO, |a, x| a + *x)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Without losses: previews are exact; each user gets back at least what it put in, less
    /// rounding, and at most that plus the yield and donations plus what the others lost to
    /// rounding (which stays with the holders); all users together never take out more than
    /// they put in plus the yield and donations.
    #[test]
    fn previews_are_exact_and_nobody_gains_more_than_the_yield(
        ops in prop::collection::vec(op(false), 1..24),
        probes in prop::collection::vec(amount(), 1..4),
    ) {
        let l = run(&ops, &probes);
        prop_assert!(sum(&l.paid_out) <= sum(&l.paid_in) + l.income);
        for u in 0..USERS.len() {
            let others_lost = (0..USERS.len())
                .filter(|v| *v != u)
                .fold(U256::ZERO, |acc, v| acc + l.paid_in[v].saturating_sub(l.paid_out[v]));
            prop_assert!(l.paid_out[u] <= l.paid_in[u] + l.income + others_lost,
                "user {u} took {} for {} with yield {} and others' rounding {}",
                l.paid_out[u], l.paid_in[u], l.income, others_lost);
            prop_assert!(l.paid_out[u] + l.slack[u] >= l.paid_in[u],
                "user {u} took {} for {} (rounding allowance {})", l.paid_out[u], l.paid_in[u], l.slack[u]);
        }
    }

    /// With losses too: previews stay exact, every holder can still leave, and the vault never
    /// pays out more than came in less what was burned.
    #[test]
    fn losses_keep_previews_exact_and_exits_open(
        ops in prop::collection::vec(op(true), 1..24),
        probes in prop::collection::vec(amount(), 1..4),
    ) {
        let l = run(&ops, &probes);
        prop_assert!(sum(&l.paid_out) + l.lost <= sum(&l.paid_in) + l.income);
    }
}
