//! Backing off from RPC failures: a transport error or a dropped request is retried with an
//! exponential pause; a revert or a node's refusal is an answer and is returned at once.

use std::{future::Future, time::Duration};

use alloy::{contract::Error as ContractError, transports::TransportError};

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Pause after the first failure; doubled after each further one.
    pub first: Duration,
    /// Longest pause.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            attempts: 6,
            first: Duration::from_millis(100),
            max: Duration::from_secs(5),
        }
    }
}

/// Whether an error is worth another attempt (the request may not have reached the node, or its
/// answer was lost), as opposed to an answer.
pub trait Transient {
    /// True for transport failures, timeouts and empty answers.
    fn is_transient(&self) -> bool;
}

impl Transient for TransportError {
    fn is_transient(&self) -> bool {
        use alloy::transports::RpcError;
        match self {
            RpcError::ErrorResp(e) => {
                // Rate limits and "try again" answers are transient; everything else is an answer.
                e.code == 429 || e.code == -32005 || e.message.contains("timeout")
            }
            RpcError::Transport(_) | RpcError::NullResp => true,
            RpcError::DeserError { .. } => true,
            _ => false,
        }
    }
}

impl Transient for ContractError {
    fn is_transient(&self) -> bool {
        match self {
            ContractError::TransportError(e) => {
                e.as_error_resp().and_then(|r| r.as_revert_data()).is_none() && e.is_transient()
            }
            _ => false,
        }
    }
}

impl Transient for anyhow::Error {
    fn is_transient(&self) -> bool {
        if let Some(e) = self.downcast_ref::<TransportError>() {
            return e.is_transient();
        }
        if let Some(e) = self.downcast_ref::<ContractError>() {
            return e.is_transient();
        }
        self.downcast_ref::<tokio::time::error::Elapsed>().is_some()
    }
}

impl Backoff {
    /// Runs `f` until it succeeds, fails with a non-transient error, or the attempts run out.
    pub async fn run<T, E, F, Fut>(&self, mut f: F) -> Result<T, E>
    where
        E: Transient + std::fmt::Display,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut pause = self.first;
        let mut attempt = 1;
        loop {
            match f().await {
                Ok(v) => return Ok(v),
                Err(e) if e.is_transient() && attempt < self.attempts => {
                    tracing::debug!(attempt, error = %e, "RPC failure; retrying");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(self.max);
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }
}
