//! A few Prometheus counters and a latency histogram, kept with atomics (no registry needed).

use crate::line::callback::CallbackMetrics;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;
use subtle::ConstantTimeEq;

const BUCKETS_MS: [u64; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

#[derive(Default)]
pub struct Metrics {
    /// Responses by status class: 1xx..5xx.
    responses: [AtomicU64; 5],
    latency_buckets: [AtomicU64; BUCKETS_MS.len()],
    latency_count: AtomicU64,
    latency_sum_us: AtomicU64,
    /// The callback's counters (LINE's webhook), handed to it in its state.
    pub callback: CallbackMetrics,
    /// METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>`.
    token: Option<String>,
}

pub type SharedMetrics = Arc<Metrics>;

impl Metrics {
    pub fn with_token(token: Option<String>) -> Metrics {
        Metrics {
            token,
            ..Metrics::default()
        }
    }

    /// Whether a request may read the metrics: any without a token set, else the bearer only.
    fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| bool::from(given.as_bytes().ct_eq(token.as_bytes())))
    }

    pub fn observe(&self, status: u16, elapsed_us: u64) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.responses[class].fetch_add(1, Ordering::Relaxed);
        let ms = elapsed_us / 1000;
        for (i, bound) in BUCKETS_MS.iter().enumerate() {
            if ms < *bound {
                self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_us.fetch_add(elapsed_us, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP linedesk_http_responses_total HTTP responses by status class.\n");
        out.push_str("# TYPE linedesk_http_responses_total counter\n");
        for (i, count) in self.responses.iter().enumerate() {
            let _ = writeln!(
                out,
                "linedesk_http_responses_total{{class=\"{}xx\"}} {}",
                i + 1,
                count.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP linedesk_http_request_duration_seconds Time to answer HTTP requests.\n",
        );
        out.push_str("# TYPE linedesk_http_request_duration_seconds histogram\n");
        for (i, bound) in BUCKETS_MS.iter().enumerate() {
            let _ = writeln!(
                out,
                "linedesk_http_request_duration_seconds_bucket{{le=\"{}\"}} {}",
                *bound as f64 / 1000.0,
                self.latency_buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "linedesk_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "linedesk_http_request_duration_seconds_sum {}",
            self.latency_sum_us.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "linedesk_http_request_duration_seconds_count {count}");
        out.push_str("# HELP linedesk_logins_failed_total Failed sign-in attempts.\n");
        out.push_str("# TYPE linedesk_logins_failed_total counter\n");
        let _ = writeln!(
            out,
            "linedesk_logins_failed_total {}",
            crate::services::users::FAILED_SIGN_INS.load(Ordering::Relaxed)
        );
        out.push_str("# HELP linedesk_webhook_signature_failures_total LINE callbacks refused for a bad signature.\n");
        out.push_str("# TYPE linedesk_webhook_signature_failures_total counter\n");
        let _ = writeln!(
            out,
            "linedesk_webhook_signature_failures_total {}",
            self.callback.signature_failures.load(Ordering::Relaxed)
        );
        out
    }
}

pub async fn track(State(metrics): State<SharedMetrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Keep the matched route around so a future per-route label costs nothing to add.
    let _route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let response = next.run(request).await;
    metrics.observe(
        response.status().as_u16(),
        started.elapsed().as_micros() as u64,
    );
    response
}

pub async fn render(State(metrics): State<SharedMetrics>, headers: HeaderMap) -> Response {
    if !metrics.admits(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "This desk's metrics need METRICS_TOKEN as a bearer token.",
        )
            .into_response();
    }
    (
        [("content-type", "text/plain; version=0.0.4")],
        metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let metrics = Metrics::default();
        metrics.observe(200, 1_500);
        metrics.observe(404, 30_000);
        let text = metrics.render();
        assert!(
            text.contains("linedesk_http_responses_total{class=\"2xx\"} 1"),
            "{text}"
        );
        assert!(text.contains("linedesk_http_responses_total{class=\"4xx\"} 1"));
        assert!(text.contains("linedesk_http_request_duration_seconds_bucket{le=\"0.002\"} 1"));
        assert!(text.contains("linedesk_http_request_duration_seconds_count 2"));
    }

    #[tokio::test]
    async fn a_metrics_token_is_required_when_set() {
        let bearer = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            headers
        };
        let open = Arc::new(Metrics::default());
        assert_eq!(
            render(State(open), HeaderMap::new()).await.status(),
            StatusCode::OK
        );
        let closed = Arc::new(Metrics::with_token(Some("a-token-of-16-chars".into())));
        for headers in [
            HeaderMap::new(),
            bearer("Bearer wrong-token-of-16-c"),
            bearer("Basic a-token-of-16-chars"),
        ] {
            let status = render(State(closed.clone()), headers).await.status();
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let answer = render(State(closed), bearer("Bearer a-token-of-16-chars")).await;
        assert_eq!(answer.status(), StatusCode::OK);
    }
}
