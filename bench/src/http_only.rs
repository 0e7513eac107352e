//! A receiver that does nothing but HTTP: axum reads the body and answers 200, with no
//! signature check and no storage. Run beside the real receivers, it shows what wrk and an
//! HTTP server can exchange on this machine at all, which bounds every receiver's ratio to the
//! baseline. The bench runs it as a child process of its own binary (`linedesk-bench
//! http-only PORT`) so that it competes for the cores as the others do.

use axum::routing::post;
use axum::serve::ListenerExt;

/// The argument that makes this binary the HTTP-only receiver.
pub const ARGUMENT: &str = "http-only";

/// Serves until killed.
pub async fn serve(port: u16) -> anyhow::Result<()> {
    let app = axum::Router::new().route(
        "/callback",
        post(|body: axum::body::Bytes| async move {
            // Touch the body so that reading it is not optimised into nothing.
            std::hint::black_box(body.len());
            "{}"
        }),
    );
    // As linedesk's listener: TCP_NODELAY on accepted connections.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await?
        .tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
    axum::serve(listener, app).await?;
    Ok(())
}
