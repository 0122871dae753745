//! Property tests of requested exits: random sequences of deposits, requests, claims, cancels,
//! yield, losses and waiting under the 7-day cooldown.
//!
//! Checked at every claim: no one gets out more than the pro-rata share of the vault's assets
//! its shares held at that moment (up to the virtual shares' 10^9 wei), never more than the
//! instant-exit preview, and exactly `maxWithdraw` when claiming everything; deposits pay exactly
//! their preview. At the end everyone leaves and the books balance: nothing paid out was not
//! paid in, earned, or left after the losses.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use proptest::prelude::*;

use super::{
    props::{amount, part},
    World, ALICE, BOB, CAROL, MINTER,
};
use crate::{test_clock, DEFAULT_COOLDOWN, DEFAULT_VESTING_PERIOD, VIRTUAL_OFFSET};

const USERS: [Address; 3] = [ALICE, BOB, CAROL];

#[derive(Debug, Clone)]
enum Op {
    Deposit {
        user: usize,
        assets: u128,
    },
    /// Request `per_mille` of the user's balance.
    Request {
        user: usize,
        per_mille: u16,
    },
    /// Claim `per_mille` of the claimable request, by `redeem` or by `withdraw`.
    Claim {
        user: usize,
        per_mille: u16,
        by_assets: bool,
    },
    Cancel {
        user: usize,
    },
    Yield {
        assets: u128,
    },
    /// Burn `per_mille` (at most all) of the vault's AID.
    Loss {
        per_mille: u16,
    },
    Wait {
        seconds: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let user = 0..USERS.len();
    prop_oneof![
        3 => (user.clone(), amount()).prop_map(|(user, assets)| Op::Deposit { user, assets }),
        3 => (user.clone(), 1u16..=1000).prop_map(|(user, per_mille)| Op::Request { user, per_mille }),
        3 => (user.clone(), 0u16..=1000, any::<bool>())
            .prop_map(|(user, per_mille, by_assets)| Op::Claim { user, per_mille, by_assets }),
        1 => user.clone().prop_map(|user| Op::Cancel { user }),
        2 => amount().prop_map(|assets| Op::Yield { assets }),
        1 => (0u16..=1000).prop_map(|per_mille| Op::Loss { per_mille }),
        3 => prop_oneof![0u64..=DEFAULT_VESTING_PERIOD, Just(DEFAULT_COOLDOWN)]
            .prop_map(|seconds| Op::Wait { seconds }),
    ]
}

#[derive(Default)]
struct Books {
    paid_in: U256,
    paid_out: U256,
    income: U256,
    lost: U256,
}

impl World {
    /// Claims `shares` (or the assets `part` of the claimable value) for `who` and checks the
    /// payout against the vault's assets at that moment.
    fn checked_claim(&self, who: Address, per_mille: u16, by_assets: bool, books: &mut Books) {
        let v = |a: Address| self.vault.sender(a);
        let max_shares = v(who).max_redeem(who).motsu_unwrap();
        let max_assets = v(who).max_withdraw(who).motsu_unwrap();
        let ta = self.total_assets();
        let supply = v(who).total_supply();
        let before = self.aid_of(who);
        let (shares, assets) = if by_assets {
            let assets = part(max_assets, per_mille);
            let quote = v(who).preview_withdraw(assets).motsu_unwrap();
            let shares = v(who).withdraw(assets, who, who).motsu_unwrap();
            // A claim never burns fewer shares than an instant withdrawal would.
            assert!(
                shares >= quote || max_shares == U256::ZERO,
                "{shares} < {quote}"
            );
            assert!(shares <= max_shares);
            (shares, assets)
        } else {
            let shares = part(max_shares, per_mille);
            let quote = v(who).preview_redeem(shares).motsu_unwrap();
            let assets = v(who).redeem(shares, who, who).motsu_unwrap();
            assert!(
                assets <= quote,
                "claim {assets} above the instant quote {quote}"
            );
            if per_mille == 1000 {
                assert_eq!(assets, max_assets);
            }
            (shares, assets)
        };
        assert_eq!(self.aid_of(who) - before, assets);
        // Pro rata of what the vault held at claim time, up to the virtual shares' sliver.
        if !shares.is_zero() {
            // In 512 bits: after near wipe-outs the share count alone can pass 10^60.
            let wide = alloy_primitives::U512::from;
            let fair = wide(shares) * wide(ta) / wide(supply);
            assert!(
                wide(assets) <= fair + wide(VIRTUAL_OFFSET),
                "{assets} for {shares} of {supply} shares over {ta} assets"
            );
        }
        books.paid_out += assets;
    }

    fn step(&self, op: &Op, books: &mut Books) {
        let v = |a: Address| self.vault.sender(a);
        match *op {
            Op::Deposit { user, assets } => {
                let (who, assets) = (USERS[user], U256::from(assets));
                if v(who).max_deposit(who).motsu_unwrap().is_zero() {
                    return;
                }
                let preview = v(who).preview_deposit(assets).motsu_unwrap();
                assert_eq!(self.deposit(who, assets), preview);
                books.paid_in += assets;
            }
            Op::Request { user, per_mille } => {
                let who = USERS[user];
                let shares = part(self.shares(who), per_mille);
                let claimable = v(who).claimable_redeem_request(U256::ZERO, who);
                if shares.is_zero() || !claimable.is_zero() {
                    return;
                }
                let pending = v(who).pending_redeem_request(U256::ZERO, who);
                self.request(who, shares);
                assert_eq!(
                    v(who).pending_redeem_request(U256::ZERO, who),
                    pending + shares
                );
                assert_eq!(v(who).max_redeem(who).motsu_unwrap(), U256::ZERO);
            }
            Op::Claim {
                user,
                per_mille,
                by_assets,
            } => self.checked_claim(USERS[user], per_mille, by_assets, books),
            Op::Cancel { user } => {
                let who = USERS[user];
                let (shares, cap, _) = v(who).redeem_request(who);
                if shares.is_zero() {
                    return;
                }
                let held = self.shares(who);
                let back = v(who).cancel_redeem_request(who).motsu_unwrap();
                assert!(back <= shares);
                // What comes back is worth no more than the request's cap.
                let worth = v(who).convert_to_assets(back).motsu_unwrap();
                assert!(
                    worth <= cap + VIRTUAL_OFFSET,
                    "{worth} back for a cap of {cap}"
                );
                assert_eq!(self.shares(who), held + back);
            }
            Op::Yield { assets } => {
                self.distribute(U256::from(assets));
                books.income += U256::from(assets);
            }
            Op::Loss { per_mille } => {
                let amount = part(self.vault_aid(), per_mille);
                books.lost += v(MINTER).absorb_loss(amount).motsu_unwrap();
            }
            Op::Wait { seconds } => test_clock::advance(seconds),
        }
        // Every request's shares are in the vault's own balance.
        let requested = USERS
            .iter()
            .fold(U256::ZERO, |a, u| a + v(*u).redeem_request(*u).0);
        assert_eq!(self.shares(self.vault.address()), requested);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn requested_exits_pay_at_most_the_pro_rata_share(ops in prop::collection::vec(op(), 1..28)) {
        let w = World::with_cooldown();
        let mut books = Books::default();
        for op in &ops {
            w.step(op, &mut books);
        }
        // Everyone requests what it holds and claims after the cooldown.
        test_clock::advance(DEFAULT_COOLDOWN);
        for who in USERS {
            w.checked_claim(who, 1000, false, &mut books);
            let held = w.shares(who);
            if !held.is_zero() {
                w.request(who, held);
            }
        }
        test_clock::advance(DEFAULT_COOLDOWN);
        for who in USERS {
            w.checked_claim(who, 1000, false, &mut books);
            prop_assert_eq!(w.vault.sender(who).redeem_request(who).0, U256::ZERO);
        }
        prop_assert_eq!(w.vault.sender(ALICE).total_supply(), U256::ZERO);
        // Nothing was created: what left plus what burned plus what stayed is what came in.
        prop_assert_eq!(
            books.paid_out + books.lost + w.vault_aid(),
            books.paid_in + books.income
        );
    }
}
