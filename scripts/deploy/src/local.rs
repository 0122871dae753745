//! The local Stylus chain, started in-process when no `--rpc-url` is given.

use anyhow::{anyhow, Result};
use devnode::rpc::{serve, RpcConfig, ServerHandle};

/// A running local chain (Nitro dev node defaults: chain id 412346, prefunded dev accounts).
pub struct LocalChain(ServerHandle);

/// Starts the local chain on 127.0.0.1:`port` (0 picks a free port).
pub async fn start(port: u16) -> Result<LocalChain> {
    let config = RpcConfig {
        port,
        ..RpcConfig::default()
    };
    let handle = serve(config)
        .await
        .map_err(|e| anyhow!("cannot start the local Stylus chain on port {port}: {e}"))?;
    Ok(LocalChain(handle))
}

impl LocalChain {
    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.0.url()
    }

    /// Stops serving.
    pub async fn stop(self) {
        if let Err(e) = self.0.stop().await {
            eprintln!("local chain: {e}");
        }
    }
}
