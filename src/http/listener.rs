//! The accept loop: axum's `serve` sets no header-read timeout and takes every connection, so a
//! client trickling headers (or thousands of them) could hold the server's sockets forever.
//! This loop serves the same router through hyper with a header-read timeout, a cap on open
//! connections, the peer address for `ConnectInfo`, and graceful shutdown. HTTP/1.1 only:
//! hyper-util's HTTP/2-detecting builder waits for a first byte with no timeout at all, and
//! browsers never speak cleartext HTTP/2 (a TLS proxy in front speaks HTTP/1.1 to us).

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// A connection that has not sent a whole request head within this is closed.
    pub header_read_timeout: Duration,
    /// Connections open at once; past it new ones are closed at once.
    pub max_connections: usize,
    /// After the shutdown signal, how long requests in flight get to finish (a live stream
    /// never does).
    pub shutdown_grace: Duration,
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish
/// (for `shutdown_grace` at most).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%err, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, max = limits.max_connections, "too many connections: closing a new one");
            continue;
        };
        // Pages are streamed in several writes; with Nagle's algorithm a later write waits for
        // the client's (delayed, up to 40 ms) acknowledgement of the first.
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(%err, "could not set TCP_NODELAY");
        }
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(Body::new)
            });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::trace!(%err, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::info!("closing connections still open after the shutdown grace period");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    struct Running {
        addr: SocketAddr,
        stop: tokio::sync::oneshot::Sender<()>,
        served: tokio::task::JoinHandle<()>,
    }

    /// Serves "/" (answers "ok") and "/forever" (a body that never ends, like /live).
    async fn start(limits: ConnectionLimits) -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let forever = || async {
            Body::from_stream(futures_util::stream::pending::<
                Result<Vec<u8>, std::io::Error>,
            >())
        };
        let app = Router::new()
            .route("/", get(|| async { "ok" }))
            .route("/forever", get(forever));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(serve(listener, app, limits, async {
            let _ = stopped.await;
        }));
        Running { addr, stop, served }
    }

    /// A whole request on a new connection is answered.
    async fn answered(addr: SocketAddr) -> bool {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let answer = until_closed(&mut stream, Duration::from_secs(3)).await;
        answer.is_some_and(|a| a.starts_with("HTTP/1.1 200"))
    }

    /// Reads until the server closes the connection; what it sent meanwhile.
    async fn until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
        let mut seen = Vec::new();
        tokio::time::timeout(within, stream.read_to_end(&mut seen))
            .await
            .ok()
            .map(|_| String::from_utf8_lossy(&seen).into_owned())
    }

    #[tokio::test]
    async fn slow_or_silent_clients_are_dropped_within_the_header_timeout() {
        let limits = ConnectionLimits {
            header_read_timeout: Duration::from_millis(500),
            max_connections: 16,
            shutdown_grace: Duration::from_secs(1),
        };
        let running = start(limits).await;
        let addr = running.addr;
        let mut silent = TcpStream::connect(addr).await.unwrap();
        let mut trickling = TcpStream::connect(addr).await.unwrap();
        trickling
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let started = std::time::Instant::now();
        assert!(until_closed(&mut silent, Duration::from_secs(3))
            .await
            .is_some());
        assert!(until_closed(&mut trickling, Duration::from_secs(3))
            .await
            .is_some());
        assert!(started.elapsed() < Duration::from_secs(3));
        assert!(answered(addr).await);
    }

    #[tokio::test]
    async fn connections_past_the_cap_are_closed_at_once() {
        let limits = ConnectionLimits {
            header_read_timeout: Duration::from_secs(30),
            max_connections: 2,
            shutdown_grace: Duration::from_secs(1),
        };
        let running = start(limits).await;
        let addr = running.addr;
        let _first = TcpStream::connect(addr).await.unwrap();
        let _second = TcpStream::connect(addr).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut third = TcpStream::connect(addr).await.unwrap();
        let _ = third.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
        let answer = until_closed(&mut third, Duration::from_secs(2)).await;
        assert_eq!(answer.as_deref(), Some(""), "closed without an answer");
        // A slot freed is taken again.
        drop(_first);
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(answered(addr).await);
    }

    #[tokio::test]
    async fn shutdown_waits_for_requests_but_not_for_endless_streams() {
        let limits = ConnectionLimits {
            header_read_timeout: Duration::from_secs(30),
            max_connections: 16,
            shutdown_grace: Duration::from_millis(500),
        };
        let running = start(limits).await;
        let mut stream = TcpStream::connect(running.addr).await.unwrap();
        stream
            .write_all(b"GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).await.unwrap();
        assert_eq!(&head, b"HTTP/1.1 200");
        let started = std::time::Instant::now();
        running.stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(3), running.served)
            .await
            .expect("serve returned after the grace period")
            .unwrap();
        assert!(started.elapsed() >= Duration::from_millis(400));
    }
}
