//! `debug_traceTransaction`, `debug_traceCall` and `eth_createAccessList`.
//!
//! Tracers: geth's `callTracer` (`tracerConfig`: `onlyTopCall`, `withLog`) and Nitro's
//! `stylusTracer`. A JavaScript tracer is not run, with one exception: the query `cargo stylus
//! trace` sends by default (recognised by its `hostio` hook) is answered by the `stylusTracer`,
//! whose result has the same shape. Without a tracer (geth's struct logger) the request is
//! refused with an error naming the supported tracers. `timeout` is ignored (traces run under the
//! `eth_call` gas cap); `blockOverrides` is refused.

use super::{overrides, Params};
use crate::rpc::error::RpcError;
use crate::rpc::node::{call_request, tx_error, Node};
use crate::trace::TracerKind;
use crate::TraceError;
use alloy::eips::BlockId;
use alloy::primitives::B256;
use alloy::rpc::types::TransactionRequest;
use serde::Deserialize;
use serde_json::{json, Value};

/// The tracers `debug_trace*` accept, for error messages.
pub const SUPPORTED_TRACERS: &str = "callTracer, stylusTracer";

/// geth's tracing options (the fields devnode reads).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TraceOptions {
    tracer: Option<String>,
    #[serde(default)]
    tracer_config: Option<CallTracerConfig>,
    #[serde(default)]
    state_overrides: Option<alloy::rpc::types::state::StateOverride>,
    #[serde(default)]
    block_overrides: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallTracerConfig {
    #[serde(default)]
    only_top_call: bool,
    #[serde(default)]
    with_log: bool,
}

fn tracer_kind(options: &TraceOptions) -> Result<TracerKind, RpcError> {
    let config = options.tracer_config.as_ref();
    match options.tracer.as_deref() {
        Some("callTracer") => Ok(TracerKind::Call {
            only_top_call: config.is_some_and(|c| c.only_top_call),
            with_log: config.is_some_and(|c| c.with_log),
        }),
        Some("stylusTracer") => Ok(TracerKind::Stylus),
        // cargo-stylus's JavaScript query builds exactly the stylusTracer's result.
        Some(js) if js.contains("hostio") && js.contains("call_contract") => Ok(TracerKind::Stylus),
        Some(other) => Err(RpcError::invalid_params(format!(
            "tracer {:?} is not supported; supported tracers: {SUPPORTED_TRACERS}",
            other.chars().take(64).collect::<String>()
        ))),
        None => Err(RpcError::invalid_params(format!(
            "the default struct logger is not supported; name a tracer: {SUPPORTED_TRACERS}"
        ))),
    }
}

fn trace_error(e: TraceError) -> RpcError {
    match e {
        TraceError::NotFound(_) => RpcError::server("transaction not found"),
        TraceError::StateUnavailable(m) => RpcError::server(m),
        TraceError::Tx(e) => tx_error(e),
        TraceError::Internal(m) => RpcError::internal(m),
    }
}

/// Runs one of this module's methods.
pub(crate) fn dispatch(node: &Node, method: &str, p: &Params) -> Result<Value, RpcError> {
    match method {
        "debug_traceTransaction" => {
            p.at_most(2)?;
            let hash: B256 = p.required(0)?;
            let options: TraceOptions = p.optional(1)?.unwrap_or_default();
            let kind = tracer_kind(&options)?;
            let inner = node.lock();
            inner
                .chain
                .trace_transaction(hash, kind)
                .map_err(trace_error)
        }
        "debug_traceCall" => {
            p.at_most(3)?;
            let req: TransactionRequest = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let options: TraceOptions = p.optional(2)?.unwrap_or_default();
            let kind = tracer_kind(&options)?;
            if options.block_overrides.is_some() {
                return Err(RpcError::invalid_params("blockOverrides is not supported"));
            }
            let o = overrides(options.state_overrides)?;
            let call = node.capped(call_request(&req)?);
            let inner = node.lock();
            let block = super::named_block(&inner, block)?;
            inner
                .chain
                .trace_call(&call, block, o.as_ref(), kind)
                .map_err(trace_error)
        }
        "eth_createAccessList" => {
            p.at_most(3)?;
            let req: TransactionRequest = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let o = overrides(p.optional(2)?)?;
            let call = node.capped(call_request(&req)?);
            let inner = node.lock();
            let block = super::named_block(&inner, block)?;
            let result = inner
                .chain
                .create_access_list(&call, block, o.as_ref())
                .map_err(trace_error)?;
            let mut answer = json!({
                "accessList": result.access_list,
                "gasUsed": format!("{:#x}", result.gas_used),
            });
            if let Some(error) = result.error {
                answer["error"] = json!(error);
            }
            Ok(answer)
        }
        _ => Err(RpcError::method_not_found(method)),
    }
}
