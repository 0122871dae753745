//! Blocks of several transactions (interval mining): the same execution as
//! [`Chain::transact`], with every transaction of the batch in one block.

use super::{receipt_from, Chain};
use crate::evm;
use crate::state::StateView;
use crate::stylus::RecentPrograms;
use crate::types::{Receipt, TransactionRecord, TxError, TxRequest};
use alloy_primitives::{TxKind, B256};
use revm::context::result::EVMError;

impl Chain {
    /// Executes `txs` in order in one new block and returns one result per transaction: a
    /// receipt, or why it was left out ([`TxError::Invalid`]: nonce, funds, gas). Each
    /// transaction sees the state the earlier ones left. The block is mined even if every
    /// transaction was left out (an empty block). A hash given with a transaction is kept (signed
    /// transactions); otherwise the chain's synthetic hash is used.
    pub fn transact_block(
        &mut self,
        txs: Vec<(TxRequest, Option<B256>)>,
    ) -> Vec<Result<Receipt, TxError>> {
        let number = self.block_number() + 1;
        let timestamp = self.next_block_timestamp();
        let gas_price = self.config.base_fee as u128;
        let mut results = Vec::with_capacity(txs.len());
        let mut included: Vec<(TxRequest, Receipt)> = Vec::new();
        let parent = self.state.db.clone();
        // Nitro's recent-program list lives for the block: each transaction hands it on.
        let mut recent = RecentPrograms::default();
        for (mut tx, hash) in txs {
            let _ = self.take_fork_failure();
            let nonce = tx.nonce.unwrap_or_else(|| self.nonce(tx.from));
            tx.nonce = Some(nonce);
            tx.gas_limit = Some(tx.effective_gas_limit());
            let hash = hash.unwrap_or_else(|| tx.synthetic_hash(self.config.chain_id, nonce));
            let block_env = self.block_env(number, timestamp);
            let tx_env = self.tx_env(&tx, nonce, false);
            let mut ctx = self.context(
                StateView::new(self.state.db.clone()),
                block_env,
                tx_env,
                false,
                recent,
            );
            let (result, state) = evm::execute(&mut ctx);
            self.accumulate_profile(&ctx);
            recent = std::mem::take(&mut ctx.chain.recent);
            let console = std::mem::take(&mut ctx.chain.console);
            drop(ctx);
            // Never commit a state built on a remote read that failed.
            if let Some(e) = self.take_fork_failure() {
                results.push(Err(TxError::Internal(e)));
                continue;
            }
            let result = match result {
                Ok(r) => r,
                Err(e) => {
                    results.push(Err(match e {
                        EVMError::Transaction(e) => TxError::Invalid(e.to_string()),
                        EVMError::Header(e) => TxError::Invalid(e.to_string()),
                        other => TxError::Internal(other.to_string()),
                    }));
                    continue;
                }
            };
            self.db_mut().commit(state);
            let to = match tx.to {
                TxKind::Call(a) => Some(a),
                TxKind::Create => None,
            };
            let receipt = receipt_from(
                &result,
                hash,
                number,
                B256::ZERO,
                tx.from,
                to,
                gas_price,
                console,
            );
            results.push(Ok(receipt.clone()));
            included.push((tx, receipt));
        }

        let hashes: Vec<B256> = included.iter().map(|(_, r)| r.transaction_hash).collect();
        let total_gas: u64 = included.iter().map(|(_, r)| r.gas_used).sum();
        let block_hash = self.push_block(timestamp, hashes, total_gas, parent);
        let mut cumulative = 0;
        let mut logs = 0;
        let mut final_receipts = Vec::with_capacity(included.len());
        for (index, (tx, mut receipt)) in included.into_iter().enumerate() {
            cumulative += receipt.gas_used;
            receipt.block_hash = block_hash;
            receipt.transaction_index = index as u64;
            receipt.cumulative_gas_used = cumulative;
            receipt.first_log_index = logs;
            logs += receipt.logs.len() as u64;
            let hash = receipt.transaction_hash;
            let record = TransactionRecord {
                hash,
                request: tx,
                block_number: number,
                block_hash,
                index: index as u64,
                gas_price,
            };
            self.state.insert_transaction(record, receipt.clone());
            final_receipts.push(receipt);
        }
        // Hand back the receipts as stored (with the block hash and positions).
        let mut stored = final_receipts.into_iter();
        results
            .into_iter()
            .map(|r| {
                r.map(|_| {
                    stored
                        .next()
                        .expect("one stored receipt per included transaction")
                })
            })
            .collect()
    }
}
