//! POST /line/callback/{key}: LINE's webhook. It answers fast: check the signature over the raw
//! bytes, store every event in one transaction (de-duplicated by webhookEventId), answer 200.
//! Everything else happens later, from the stored events.

use crate::crypto::MasterKey;
use crate::db::{accounts, settings, Db};
use crate::line::callback_cache::{self, CallbackCache, Target};
use crate::line::signature;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use domain::account::Region;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub const MAX_BODY: usize = 1024 * 1024;

/// The callback's counters: made by http::metrics, which reports them on /metrics, and handed
/// in with the state (line/ does not depend on http/).
#[derive(Clone, Debug, Default)]
pub struct CallbackMetrics {
    pub signature_failures: Arc<AtomicU64>,
}

#[derive(Clone)]
pub struct CallbackState {
    pub db: Db,
    /// Stores events with group commit (and wakes the event worker).
    pub ingest: crate::line::ingest::Ingest,
    pub key: MasterKey,
    pub metrics: CallbackMetrics,
    pub cache: CallbackCache,
}

pub async fn receive(
    State(state): State<CallbackState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    // Noted before reading, so a read that overlaps a change is not kept (see short_cache).
    let read_in = callback_cache::generation();
    let government = match state.cache.government() {
        Some(government) => government,
        None => match settings::get(&state.db.pool, "region").await {
            Ok(region) => {
                let government = region.is_some_and(|r| Region::parse(&r) == Region::Government);
                state.cache.remember_government(read_in, government);
                government
            }
            Err(err) => {
                tracing::error!(%err, "callback: reading the region");
                return StatusCode::SERVICE_UNAVAILABLE;
            }
        },
    };
    let target = match state.cache.target(&key) {
        Some(target) => target,
        None => match accounts::find_by_key(&state.db.pool, &key).await {
            Ok(row) => {
                let target = row.map(|account| Target {
                    account_id: account.id,
                    secret: account
                        .secret_sealed
                        .as_deref()
                        .and_then(|sealed| state.key.open(sealed).ok())
                        .map(Arc::new),
                });
                state.cache.remember_target(&key, read_in, target.clone());
                target
            }
            Err(err) => {
                tracing::error!(%err, "callback: looking up the account");
                return StatusCode::SERVICE_UNAVAILABLE;
            }
        },
    };
    let Some(account) = target else {
        return StatusCode::NOT_FOUND;
    };
    if government {
        return StatusCode::FORBIDDEN;
    }
    let secret = account.secret.clone();
    let signature = headers
        .get("x-line-signature")
        .and_then(|v| v.to_str().ok());
    let valid = match (secret, signature) {
        (Some(secret), Some(signature)) => signature::verify(&secret, &body, signature),
        _ => false,
    };
    if !valid {
        state
            .metrics
            .signature_failures
            .fetch_add(1, Ordering::Relaxed);
        tracing::warn!(
            account = account.account_id,
            "callback: missing or wrong X-Line-Signature"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(events) = line_webhook::parse(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let received = events.len();
    match state.ingest.store(account.account_id, events).await {
        Ok(()) => {
            tracing::debug!(
                account = account.account_id,
                received,
                "callback stored events"
            );
            StatusCode::OK
        }
        Err(err) => {
            // Not acknowledged, so LINE redelivers: nothing is lost.
            tracing::error!(%err, account = account.account_id, "callback: storing events");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}
