//! The client's address for throttling and the audit log: the connection's peer, or, when the
//! peer is a proxy listed in TRUSTED_PROXIES, the nearest address in X-Forwarded-For that is
//! not itself a trusted proxy. Anyone can send X-Forwarded-For, so it is never read otherwise.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The proxies whose X-Forwarded-For is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<[IpAddr]>);

impl TrustedProxies {
    /// The client behind `peer`: X-Forwarded-For read from the right, skipping trusted proxies.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.0.contains(&peer) {
            return peer;
        }
        let Some(list) = forwarded_for else {
            return peer;
        };
        let mut client = peer;
        for hop in list.rsplit(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !self.0.contains(&ip) {
                        break;
                    }
                }
                // A hop that is not an address: stop at the last one believed.
                Err(_) => break,
            }
        }
        client
    }
}

/// Replaces the connection info's address with the client's, so every reader of
/// `ConnectInfo` (server functions, exports) sees the same address.
pub async fn resolve(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if !proxies.0.is_empty() {
        if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
            let forwarded = request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",");
            let forwarded = (!forwarded.is_empty()).then_some(forwarded.as_str());
            let client = proxies.client(peer.ip(), forwarded);
            let port = peer.port();
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(client, port)));
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), Some("1.2.3.4")),
            ip("203.0.113.9")
        );
        let proxies = TrustedProxies(Arc::from([ip("10.0.0.2"), ip("10.0.0.3")]));
        // Not from a proxy: the header is whatever the client wrote.
        assert_eq!(
            proxies.client(ip("203.0.113.9"), Some("1.2.3.4")),
            ip("203.0.113.9")
        );
        assert_eq!(proxies.client(ip("10.0.0.2"), None), ip("10.0.0.2"));
        // The client may put anything on the left; the nearest untrusted hop counts.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), Some("1.2.3.4, 198.51.100.7, 10.0.0.3")),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.2"), Some("junk, 198.51.100.7")),
            ip("198.51.100.7")
        );
        assert_eq!(proxies.client(ip("10.0.0.2"), Some("junk")), ip("10.0.0.2"));
    }
}
