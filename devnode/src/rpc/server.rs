//! HTTP transport and the JSON-RPC 2.0 envelope: parsing, batches, notifications, limits.

use super::error::{RpcError, INTERNAL_ERROR, PARSE_ERROR};
use super::exec::Executor;
use super::methods::{dispatch, Params};
use super::node::Node;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_LENGTH, CONTENT_TYPE,
};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};
use std::convert::Infallible;
use std::sync::Arc;

/// Request limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: usize,
    pub(crate) max_batch: usize,
}

fn response(status: StatusCode, body: Option<Vec<u8>>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body.unwrap_or_default())));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // Browser wallets and dapps on other origins talk to local nodes: allow them, as Nitro's dev
    // node, Anvil and Hardhat do (the node listens on loopback only unless told otherwise).
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    h.insert(ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("*"));
    r
}

fn error_body(error: RpcError) -> Vec<u8> {
    serde_json::to_vec(&error_response(Value::Null, &error)).unwrap_or_default()
}

/// Serves one HTTP request.
pub(crate) async fn handle_http(
    node: Arc<Node>,
    exec: Executor,
    limits: Limits,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    match *req.method() {
        Method::POST => {}
        Method::OPTIONS => return Ok(response(StatusCode::NO_CONTENT, None)),
        _ => {
            let body = error_body(RpcError::invalid_request(
                "send JSON-RPC requests with POST",
            ));
            return Ok(response(StatusCode::METHOD_NOT_ALLOWED, Some(body)));
        }
    }
    let too_large = || {
        let body = error_body(RpcError::invalid_request(format!(
            "request body larger than {} bytes",
            limits.max_body_bytes
        )));
        Ok(response(StatusCode::PAYLOAD_TOO_LARGE, Some(body)))
    };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return too_large();
    }
    let body = match Limited::new(req.into_body(), limits.max_body_bytes)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return too_large();
            }
            let body = error_body(RpcError::invalid_request(format!(
                "cannot read the request body: {e}"
            )));
            return Ok(response(StatusCode::BAD_REQUEST, Some(body)));
        }
    };
    let answer = exec
        .run(move || handle_body(&node, &body, limits.max_batch))
        .await;
    let out = match answer {
        Some(Some(v)) => serde_json::to_vec(&v).unwrap_or_default(),
        Some(None) => return Ok(response(StatusCode::NO_CONTENT, None)),
        None => error_body(RpcError::new(INTERNAL_ERROR, "internal error")),
    };
    Ok(response(StatusCode::OK, Some(out)))
}

/// Answers a request body: one response object, an array of them for a batch, or `None` when
/// everything was a notification.
pub fn handle_body(node: &Node, body: &[u8], max_batch: usize) -> Option<Value> {
    let request: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Some(error_response(
                Value::Null,
                &RpcError::new(PARSE_ERROR, format!("parse error: {e}")),
            ))
        }
    };
    match request {
        Value::Array(items) => {
            if items.is_empty() {
                return Some(error_response(
                    Value::Null,
                    &RpcError::invalid_request("empty batch"),
                ));
            }
            if items.len() > max_batch {
                return Some(error_response(
                    Value::Null,
                    &RpcError::invalid_request(format!(
                        "batch of {} requests exceeds the limit of {max_batch}",
                        items.len()
                    )),
                ));
            }
            let out: Vec<Value> = items
                .into_iter()
                .filter_map(|item| handle_one(node, item))
                .collect();
            (!out.is_empty()).then_some(Value::Array(out))
        }
        other => handle_one(node, other),
    }
}

fn error_response(id: Value, error: &RpcError) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": error.to_json() })
}

fn handle_one(node: &Node, item: Value) -> Option<Value> {
    let Value::Object(mut obj) = item else {
        return Some(error_response(
            Value::Null,
            &RpcError::invalid_request("a request must be a JSON object"),
        ));
    };
    let id = obj.remove("id");
    let id_value = match &id {
        None => Value::Null,
        Some(v @ (Value::Null | Value::String(_) | Value::Number(_))) => v.clone(),
        Some(_) => {
            return Some(error_response(
                Value::Null,
                &RpcError::invalid_request("\"id\" must be a string, a number or null"),
            ))
        }
    };
    match check_envelope(&mut obj) {
        Ok((method, params)) => {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                Params::new(params).and_then(|p| dispatch(node, &method, p))
            }))
            .unwrap_or_else(|_| {
                Err(RpcError::internal(format!(
                    "internal error while serving {method}"
                )))
            });
            // A request without an id is a notification: it runs, and gets no answer.
            id.as_ref()?;
            Some(match result {
                Ok(v) => json!({ "jsonrpc": "2.0", "id": id_value, "result": v }),
                Err(e) => error_response(id_value, &e),
            })
        }
        Err(e) => Some(error_response(id_value, &e)),
    }
}

fn check_envelope(obj: &mut Map<String, Value>) -> Result<(String, Option<Value>), RpcError> {
    match obj.get("jsonrpc") {
        Some(Value::String(v)) if v == "2.0" => {}
        _ => return Err(RpcError::invalid_request("\"jsonrpc\" must be \"2.0\"")),
    }
    let method = match obj.remove("method") {
        Some(Value::String(m)) => m,
        Some(_) => return Err(RpcError::invalid_request("\"method\" must be a string")),
        None => return Err(RpcError::invalid_request("missing \"method\"")),
    };
    Ok((method, obj.remove("params")))
}
