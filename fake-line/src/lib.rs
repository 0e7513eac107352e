//! A fake LINE platform for tests and demos. It serves, on loopback, the LINE endpoints linedesk
//! calls (shapes from LINE's OpenAPI specs), checks bearer tokens, records every request,
//! injects faults (status codes, delays, dropped connections) and sends signed webhooks.
//!
//! Control endpoints live under `/__fake/` (see `control`).

pub mod control;
pub mod line_api;
pub mod signature;
pub mod state;
pub mod webhook;

use axum::Router;
use state::Shared;
use std::net::SocketAddr;

pub use signature::sign;
pub use state::{Channel, Fault, RecordedRequest};
pub use webhook::send_webhook;

/// The demo channel every fake platform knows from the start (printed by `make demo`).
pub const DEMO_CHANNEL_ID: &str = "2000000001";
pub const DEMO_CHANNEL_SECRET: &str = "8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5";
pub const DEMO_ACCESS_TOKEN: &str = "demo-channel-access-token-linedesk-0001";

pub fn router(shared: Shared) -> Router {
    line_api::routes()
        .merge(control::routes())
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            state::record_and_inject,
        ))
        .with_state(shared)
}

/// A running fake platform (for Rust tests): its address and its state.
pub struct FakeLine {
    pub addr: SocketAddr,
    pub state: Shared,
}

impl FakeLine {
    /// Starts on `addr` (use port 0 for any free port) in the background.
    pub async fn start(addr: &str) -> std::io::Result<FakeLine> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = Shared::with_demo_channel();
        let app = router(state.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeLine { addr, state })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
