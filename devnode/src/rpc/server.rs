//! HTTP transport and the JSON-RPC 2.0 envelope: parsing, batches, notifications, limits.

use super::error::{RpcError, INTERNAL_ERROR, PARSE_ERROR};
use super::exec::{ExecError, Executor};
use super::methods::{dispatch, Params};
use super::node::Node;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_LENGTH, CONTENT_TYPE,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// Request limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: usize,
    pub(crate) max_batch: usize,
    pub(crate) header_timeout: Duration,
}

/// geth's "limit exceeded" code, for requests refused because the node is at a bound.
pub const LIMIT_EXCEEDED: i64 = -32005;

fn busy_error(why: &str) -> RpcError {
    RpcError::new(LIMIT_EXCEEDED, format!("node busy: {why}; retry later"))
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
    // The body has the slow-header timeout too: a client that stops sending holds no connection.
    let collect = Limited::new(req.into_body(), limits.max_body_bytes).collect();
    let Ok(collected) = tokio::time::timeout(limits.header_timeout, collect).await else {
        let body = error_body(RpcError::invalid_request(format!(
            "request body not received within {:?}",
            limits.header_timeout
        )));
        return Ok(response(StatusCode::REQUEST_TIMEOUT, Some(body)));
    };
    let body = match collected {
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
        Ok(Some(v)) => serde_json::to_vec(&v).unwrap_or_default(),
        Ok(None) => return Ok(response(StatusCode::NO_CONTENT, None)),
        Err(ExecError::Busy) => {
            return Ok(response(
                StatusCode::SERVICE_UNAVAILABLE,
                Some(error_body(busy_error(
                    "every execution thread is busy and the request queue is full",
                ))),
            ))
        }
        Err(ExecError::Failed) => error_body(RpcError::new(INTERNAL_ERROR, "internal error")),
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

/// Default most open connections.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1_024;
/// Default time a connection may sit idle between requests before it is closed.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time a client has to send a request's headers (and then its body) once it started.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the accept loop pauses when the process is out of descriptors (or memory for
/// sockets): long enough not to spin a core, short enough to recover as connections close.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Bounds of the HTTP connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnLimits {
    /// Most open connections; more are answered HTTP 503 with a JSON-RPC error and closed.
    pub max_connections: usize,
    /// A connection with no request in progress for this long is closed.
    pub idle_timeout: Duration,
    /// A request whose headers (or body) are not all received this long after its first byte
    /// is dropped.
    pub header_timeout: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
        }
    }
}

/// Where a connection is between requests.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// No request in progress since `since`; `head_from` is when the next request's first byte
    /// arrived.
    Waiting {
        since: Instant,
        head_from: Option<Instant>,
    },
    /// A request's headers are in and it is being served.
    Serving,
}

/// A connection's phase, shared by its stream (which sees a request's first byte), its service
/// (which knows when a request starts and ends) and its watchdog (which closes it).
#[derive(Debug, Clone)]
struct Clock(Arc<(std::sync::Mutex<Phase>, Notify)>);

impl Clock {
    fn new() -> Self {
        let phase = Phase::Waiting {
            since: Instant::now(),
            head_from: None,
        };
        Self(Arc::new((std::sync::Mutex::new(phase), Notify::new())))
    }

    fn set(&self, phase: Phase) {
        *self.0 .0.lock().unwrap_or_else(|e| e.into_inner()) = phase;
        self.0 .1.notify_one();
    }

    fn get(&self) -> Phase {
        *self.0 .0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Returns once the connection has been idle, or slow to send a request's headers, for
    /// longer than allowed. (hyper's own header timeout starts when a connection starts waiting
    /// for a request, so it cannot tell idle from slow.)
    async fn expired(&self, limits: ConnLimits) {
        loop {
            let deadline = match self.get() {
                Phase::Waiting {
                    since,
                    head_from: None,
                } => since + limits.idle_timeout,
                Phase::Waiting {
                    head_from: Some(t), ..
                } => t + limits.header_timeout,
                // Serving has its own bounds (the body timeout, the call time limit); look
                // again when it ends.
                Phase::Serving => {
                    self.0 .1.notified().await;
                    continue;
                }
            };
            if deadline <= Instant::now() {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => {}
                _ = self.0 .1.notified() => {}
            }
        }
    }
}

/// A TCP stream that tells its [`Clock`] when a request's first byte arrives.
struct Watched {
    inner: TcpStream,
    clock: Clock,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            if let Phase::Waiting {
                since,
                head_from: None,
            } = this.clock.get()
            {
                this.clock.set(Phase::Waiting {
                    since,
                    head_from: Some(Instant::now()),
                });
            }
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Whether an accept error is the process (or system) running out of something, which waiting
/// may cure, rather than one failed connection.
fn out_of_resources(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc_codes::EMFILE | libc_codes::ENFILE | libc_codes::ENOBUFS | libc_codes::ENOMEM)
    )
}

/// The errno values of resource exhaustion (the same on Linux and the BSDs/macOS except where
/// noted), kept here to avoid a libc dependency for four numbers.
mod libc_codes {
    pub(super) const ENOMEM: i32 = 12;
    pub(super) const ENFILE: i32 = 23;
    pub(super) const EMFILE: i32 = 24;
    #[cfg(target_os = "linux")]
    pub(super) const ENOBUFS: i32 = 105;
    #[cfg(not(target_os = "linux"))]
    pub(super) const ENOBUFS: i32 = 55;
}

/// Answers a connection beyond the limit: HTTP 503 with a JSON-RPC error, then closes it. The
/// refusal is written without waiting (it fits any socket buffer), then what the client already
/// sent is read for a moment so that closing sends FIN rather than a reset that could discard
/// the answer.
async fn refuse(mut stream: TcpStream, max_connections: usize) {
    let body = error_body(busy_error(&format!(
        "{max_connections} connections are open, the most this node accepts"
    )));
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let mut out = head.into_bytes();
    out.extend_from_slice(&body);
    let _ = stream.try_write(&out);
    let _ = stream.shutdown().await;
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(REFUSAL_DRAIN, async {
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// How long a refused connection is read from before it is closed.
const REFUSAL_DRAIN: Duration = Duration::from_millis(500);

/// Accepts and serves connections until `shutdown` fires, within the connection limits; chain
/// work runs on `exec`. Returns when every connection task has been stopped.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    node: Arc<Node>,
    exec: Executor,
    limits: Limits,
    conn: ConnLimits,
    mut connections: JoinSet<()>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let open = Arc::new(Semaphore::new(conn.max_connections.max(1)));
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) if out_of_resources(&e) => {
                        // Out of descriptors: the pending connection stays in the backlog and
                        // accept would fail again at once; wait for connections to close.
                        tokio::select! {
                            _ = &mut shutdown => break,
                            _ = tokio::time::sleep(ACCEPT_BACKOFF) => continue,
                        }
                    }
                    Err(_) => continue,
                };
                let _ = stream.set_nodelay(true);
                let Ok(permit) = open.clone().try_acquire_owned() else {
                    connections.spawn(refuse(stream, conn.max_connections));
                    continue;
                };
                let node = node.clone();
                let exec = exec.clone();
                connections.spawn(async move {
                    let _permit = permit;
                    let clock = Clock::new();
                    let io = Watched { inner: stream, clock: clock.clone() };
                    let watchdog = clock.clone();
                    let service = service_fn(move |req| {
                        let (node, exec, clock) = (node.clone(), exec.clone(), clock.clone());
                        async move {
                            clock.set(Phase::Serving);
                            let answer = handle_http(node, exec, limits, req).await;
                            clock.set(Phase::Waiting { since: Instant::now(), head_from: None });
                            answer
                        }
                    });
                    let serving = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(io), service);
                    // An expired connection is dropped, which closes it.
                    tokio::select! {
                        _ = serving => {}
                        _ = watchdog.expired(conn) => {}
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}
