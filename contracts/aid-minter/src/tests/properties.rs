//! Property tests: random sequences of pledges, borrows, repayments, withdrawals, drips,
//! re-appraisals and waiting, against the real registry, token and vault.
//!
//! After every step (and a drip): the AID the minter minted less what it burnt is exactly its
//! tracked debt, the minter holds exactly its surplus buffer, and the positions owe at least
//! that debt and at most a wei more per position (rounding only in the protocol's favour).
//! Right after each successful borrow the position satisfies the minimum collateral ratio.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use proptest::prelude::*;

use super::*;
use crate::{DustDebt, NoDebt, StaleValuation, UndercollateralizedBorrow};

const USERS: [Address; 3] = [ALICE, BOB, CAROL];

#[derive(Debug, Clone)]
enum Op {
    /// `user` registers a cluster appraised at `appraisal` USD, bought `age` seconds ago, and
    /// pledges it.
    Pledge {
        user: usize,
        appraisal: u64,
        age: u64,
    },
    /// The owner of position `pos` (modulo the open positions) borrows `per_mille` of its headroom (above 1000: too much).
    Borrow {
        pos: usize,
        per_mille: u16,
    },
    /// `payer` repays `per_mille` of position `pos`'s debt (above 1000: more than owed).
    Repay {
        pos: usize,
        payer: usize,
        per_mille: u16,
    },
    /// The owner of `pos` tries to withdraw it.
    Withdraw {
        pos: usize,
    },
    Refresh {
        pos: usize,
    },
    Drip,
    Wait {
        seconds: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let pos = 0usize..8;
    prop_oneof![
        1 => (0..USERS.len(), 2_000u64..200_000, 0..3 * YEAR)
            .prop_map(|(user, appraisal, age)| Op::Pledge { user, appraisal, age }),
        4 => (pos.clone(), 0u16..=1_100).prop_map(|(pos, per_mille)| Op::Borrow { pos, per_mille }),
        3 => (pos.clone(), 0..USERS.len(), 0u16..=1_100)
            .prop_map(|(pos, payer, per_mille)| Op::Repay { pos, payer, per_mille }),
        1 => pos.clone().prop_map(|pos| Op::Withdraw { pos }),
        1 => pos.prop_map(|pos| Op::Refresh { pos }),
        1 => Just(Op::Drip),
        2 => (0u64..=40 * DAY).prop_map(|seconds| Op::Wait { seconds }),
    ]
}

fn part(x: U256, per_mille: u16) -> U256 {
    x * U256::from(per_mille) / U256::from(1_000)
}

/// The selector of revert data.
fn selector(err: &[u8]) -> [u8; 4] {
    err[..4].try_into().unwrap()
}

struct Run {
    w: World,
    /// Open positions: token id and owner.
    positions: Vec<(U256, Address)>,
}

impl Run {
    /// The position at `pos` (modulo the number of positions).
    fn pick(&self, pos: usize) -> Option<(U256, Address)> {
        if self.positions.is_empty() {
            return None;
        }
        Some(self.positions[pos % self.positions.len()])
    }

    fn apply(&mut self, op: &Op) {
        let w = &self.w;
        match *op {
            Op::Pledge {
                user,
                appraisal,
                age,
            } => {
                let appraisal = usd(appraisal);
                let id = w.register_with(USERS[user], h100(), appraisal, appraisal, w.now() - age);
                w.send_to_minter(USERS[user], id);
                self.positions.push((id, USERS[user]));
            }
            Op::Borrow { pos, per_mille } => {
                let Some((id, owner)) = self.pick(pos) else {
                    return;
                };
                let headroom = w.limit(id).saturating_sub(w.debt(id));
                let amount = part(headroom, per_mille).max(U256::from(1));
                match w.minter.sender(owner).borrow(id, amount, owner).motsu_res() {
                    Ok(()) => {
                        let (debt, value, fresh, _, _) = w.health(id);
                        assert!(fresh);
                        assert!(
                            aid_math::covers(value, debt, MIN_RATIO.into()),
                            "position {id} at {debt} against {value} after a borrow"
                        );
                    }
                    Err(err) => assert!(
                        [
                            UndercollateralizedBorrow::SELECTOR,
                            DustDebt::SELECTOR,
                            StaleValuation::SELECTOR
                        ]
                        .contains(&selector(&err)),
                        "unexpected borrow failure {err:?}"
                    ),
                }
            }
            Op::Repay {
                pos,
                payer,
                per_mille,
            } => {
                let Some((id, _)) = self.pick(pos) else {
                    return;
                };
                let payer = USERS[payer];
                let amount = part(w.debt(id), per_mille).max(U256::from(1));
                let balance = w.aid_of(payer);
                if balance < amount {
                    w.fund(payer, amount - balance);
                }
                w.approve(payer, amount);
                let debt = w.debt(id);
                let before = w.aid_of(payer);
                match w.minter.sender(payer).repay(id, amount).motsu_res() {
                    Ok(repaid) => {
                        assert_eq!(repaid, amount.min(debt));
                        assert_eq!(w.aid_of(payer), before - repaid);
                        let left = w.debt(id);
                        assert!(left.is_zero() || left >= dust());
                    }
                    Err(err) => assert!(
                        [DustDebt::SELECTOR, NoDebt::SELECTOR].contains(&selector(&err)),
                        "unexpected repay failure {err:?}"
                    ),
                }
            }
            Op::Withdraw { pos } => {
                let Some((id, owner)) = self.pick(pos) else {
                    return;
                };
                let debt = w.debt(id);
                let result = w.minter.sender(owner).withdraw(id, owner).motsu_res();
                assert_eq!(result.is_ok(), debt.is_zero());
                if result.is_ok() {
                    assert_eq!(w.owner_of(id), owner);
                    self.positions.retain(|(p, _)| *p != id);
                }
            }
            Op::Refresh { pos } => {
                if let Some((id, _)) = self.pick(pos) {
                    w.refresh(id);
                }
            }
            Op::Drip => {
                w.drip();
            }
            Op::Wait { seconds } => w.advance(seconds),
        }
    }

    fn check(&self) {
        let w = &self.w;
        w.drip();
        w.assert_books();
        assert_eq!(w.unbacked(), U256::ZERO);
        let owed = self
            .positions
            .iter()
            .fold(U256::ZERO, |sum, (id, _)| sum + w.debt(*id));
        let tracked = w.total_debt();
        assert!(owed >= tracked, "positions owe {owed} < tracked {tracked}");
        assert!(
            owed <= tracked + U256::from(self.positions.len()),
            "positions owe {owed}, tracked {tracked}"
        );
        let (_, model_debt, _, _) = w.minter.sender(ALICE).model_state(h100());
        assert_eq!(model_debt, tracked);
        for (id, _) in &self.positions {
            assert_eq!(w.owner_of(*id), w.minter.address());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn minted_less_burnt_is_the_tracked_debt_and_borrows_respect_the_ratio(
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut run = Run { w: World::new(), positions: Vec::new() };
        for op in &ops {
            run.apply(op);
            run.check();
        }
        // Everyone can leave: repay everything (funding the interest) and withdraw.
        for (id, owner) in run.positions.clone() {
            let debt = run.w.debt(id);
            if !debt.is_zero() {
                run.w.fund(owner, debt);
                run.w.repay(owner, id, debt);
            }
            run.w.minter.sender(owner).withdraw(id, owner).motsu_unwrap();
            prop_assert_eq!(run.w.owner_of(id), owner);
        }
        run.positions.clear();
        run.check();
        prop_assert_eq!(run.w.total_debt(), U256::ZERO);
    }
}
