use axum::http::Request;
use std::sync::atomic::{AtomicU64, Ordering};
use tower_http::request_id::{MakeRequestId, RequestId};

/// Short, unique-enough request ids: a random per-process prefix and a counter.
#[derive(Clone)]
pub struct CounterRequestId {
    prefix: String,
    counter: std::sync::Arc<AtomicU64>,
}

impl CounterRequestId {
    pub fn new() -> Self {
        let prefix: String = crate::crypto::random_token().chars().take(6).collect();
        Self {
            prefix,
            counter: Default::default(),
        }
    }
}

impl Default for CounterRequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl MakeRequestId for CounterRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.prefix)
            .parse()
            .ok()
            .map(RequestId::new)
    }
}
