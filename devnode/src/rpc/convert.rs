//! The chain's blocks, transactions, receipts and logs in the JSON shapes of the Ethereum RPC
//! (alloy's RPC types, so what alloy serialises, alloy clients parse), with Nitro's extra block
//! fields.

use super::node::{unsigned_envelope, Inner};
use crate::types::{Block, Receipt, TransactionRecord};
use alloy::consensus::{
    Eip658Value, Receipt as ConsensusReceipt, ReceiptEnvelope, ReceiptWithBloom, TxEnvelope,
    EMPTY_OMMER_ROOT_HASH,
};
use alloy::eips::eip2718::Typed2718;
use alloy::primitives::{logs_bloom, Bloom, Bytes, B256, B64, U256};
use alloy::rpc::types::{
    Block as RpcBlock, BlockTransactions, Header as RpcHeader, Log as RpcLog,
    Transaction as RpcTransaction, TransactionReceipt,
};
use serde_json::Value;

/// Root of an empty trie.
const EMPTY_ROOT: B256 =
    alloy::primitives::b256!("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

/// The envelope of a mined transaction: the signed one received over RPC, or an unsigned
/// stand-in for transactions sent through the in-process API.
pub(crate) fn envelope_of(inner: &Inner, record: &TransactionRecord, chain_id: u64) -> TxEnvelope {
    inner
        .envelopes
        .get(&record.hash)
        .cloned()
        .unwrap_or_else(|| unsigned_envelope(record, chain_id))
}

/// A mined transaction as `eth_getTransactionByHash` returns it.
pub(crate) fn rpc_transaction(
    inner: &Inner,
    record: &TransactionRecord,
    chain_id: u64,
) -> RpcTransaction {
    let envelope = envelope_of(inner, record, chain_id);
    let timestamp = inner.chain.block(record.block_number).map(|b| b.timestamp);
    RpcTransaction {
        inner: alloy::consensus::transaction::Recovered::new_unchecked(
            envelope,
            record.request.from,
        ),
        block_hash: Some(record.block_hash),
        block_number: Some(record.block_number),
        transaction_index: Some(record.index),
        effective_gas_price: Some(record.gas_price),
        block_timestamp: timestamp,
    }
}

/// A pending (pooled) transaction.
pub(crate) fn rpc_pending_transaction(
    envelope: &TxEnvelope,
    from: alloy::primitives::Address,
) -> RpcTransaction {
    RpcTransaction {
        inner: alloy::consensus::transaction::Recovered::new_unchecked(envelope.clone(), from),
        block_hash: None,
        block_number: None,
        transaction_index: None,
        effective_gas_price: None,
        block_timestamp: None,
    }
}

/// The logs of a receipt with their block and position.
pub(crate) fn rpc_logs(receipt: &Receipt, timestamp: Option<u64>) -> Vec<RpcLog> {
    receipt
        .logs
        .iter()
        .enumerate()
        .map(|(i, log)| RpcLog {
            inner: log.clone(),
            block_hash: Some(receipt.block_hash),
            block_number: Some(receipt.block_number),
            block_timestamp: timestamp,
            transaction_hash: Some(receipt.transaction_hash),
            transaction_index: Some(receipt.transaction_index),
            log_index: Some(receipt.first_log_index + i as u64),
            removed: false,
        })
        .collect()
}

/// A receipt as `eth_getTransactionReceipt` returns it.
pub(crate) fn rpc_receipt(inner: &Inner, receipt: &Receipt, chain_id: u64) -> Value {
    let ty = inner
        .chain
        .transaction(receipt.transaction_hash)
        .map(|r| envelope_of(inner, r, chain_id).ty())
        .unwrap_or(2);
    let timestamp = inner.chain.block(receipt.block_number).map(|b| b.timestamp);
    let logs = rpc_logs(receipt, timestamp);
    let bloom = logs_bloom(receipt.logs.iter());
    let consensus = ConsensusReceipt {
        status: Eip658Value::Eip658(receipt.status),
        cumulative_gas_used: receipt.cumulative_gas_used,
        logs,
    };
    let with_bloom = ReceiptWithBloom::new(consensus, bloom);
    let envelope = match ty {
        0 => ReceiptEnvelope::Legacy(with_bloom),
        1 => ReceiptEnvelope::Eip2930(with_bloom),
        _ => ReceiptEnvelope::Eip1559(with_bloom),
    };
    let rpc = TransactionReceipt {
        inner: envelope,
        transaction_hash: receipt.transaction_hash,
        transaction_index: Some(receipt.transaction_index),
        block_hash: Some(receipt.block_hash),
        block_number: Some(receipt.block_number),
        gas_used: receipt.gas_used,
        effective_gas_price: receipt.effective_gas_price,
        blob_gas_used: None,
        blob_gas_price: None,
        from: receipt.from,
        to: receipt.to,
        contract_address: receipt.contract_address,
    };
    let mut value = serde_json::to_value(rpc).unwrap_or(Value::Null);
    if let Some(obj) = value.as_object_mut() {
        // Nitro's receipts carry the L1 gas part of the fee; nothing is charged for L1 here.
        obj.insert("gasUsedForL1".into(), Value::String("0x0".into()));
        obj.insert("l1BlockNumber".into(), Value::String(format!("{:#x}", 0)));
    }
    value
}

/// A block as `eth_getBlockByNumber` / `eth_getBlockByHash` return it.
pub(crate) fn rpc_block(inner: &Inner, block: &Block, full: bool, chain_id: u64) -> Value {
    let receipts = inner.chain.block_receipts(block.number);
    let bloom = receipts.iter().fold(Bloom::ZERO, |mut acc, r| {
        acc.accrue_bloom(&logs_bloom(r.logs.iter()));
        acc
    });
    let header = alloy::consensus::Header {
        parent_hash: block.parent_hash,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: block.coinbase,
        state_root: B256::ZERO,
        transactions_root: if block.transactions.is_empty() {
            EMPTY_ROOT
        } else {
            tx_root(&block.transactions)
        },
        receipts_root: if block.transactions.is_empty() {
            EMPTY_ROOT
        } else {
            tx_root(&block.transactions)
        },
        logs_bloom: bloom,
        difficulty: U256::from(1),
        number: block.number,
        gas_limit: block.gas_limit,
        gas_used: block.gas_used,
        timestamp: block.timestamp,
        // Nitro puts the send root in extraData and the send count / L1 block number in mixHash.
        extra_data: Bytes::from(vec![0u8; 32]),
        mix_hash: B256::ZERO,
        nonce: B64::ZERO,
        base_fee_per_gas: Some(block.base_fee),
        withdrawals_root: None,
        blob_gas_used: None,
        excess_blob_gas: None,
        parent_beacon_block_root: None,
        requests_hash: None,
        block_access_list_hash: None,
        slot_number: None,
    };
    let transactions = if full {
        BlockTransactions::Full(
            block
                .transactions
                .iter()
                .filter_map(|h| inner.chain.transaction(*h))
                .map(|r| rpc_transaction(inner, r, chain_id))
                .collect(),
        )
    } else {
        BlockTransactions::Hashes(block.transactions.clone())
    };
    let rpc = RpcBlock {
        header: RpcHeader {
            hash: block.hash,
            inner: header,
            total_difficulty: Some(U256::from(block.number + 1)),
            size: Some(U256::from(600 + 120 * block.transactions.len())),
        },
        uncles: Vec::new(),
        transactions,
        withdrawals: None,
    };
    let mut value = serde_json::to_value(rpc).unwrap_or(Value::Null);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("l1BlockNumber".into(), Value::String("0x0".into()));
        obj.insert("sendCount".into(), Value::String("0x0".into()));
        obj.insert(
            "sendRoot".into(),
            Value::String(format!("{:#x}", B256::ZERO)),
        );
    }
    value
}

/// A stand-in root over the transaction hashes (the chain keeps no tries).
fn tx_root(hashes: &[B256]) -> B256 {
    let mut buf = Vec::with_capacity(32 * hashes.len());
    for h in hashes {
        buf.extend_from_slice(h.as_slice());
    }
    alloy::primitives::keccak256(buf)
}
