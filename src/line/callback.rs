//! POST /line/callback/{key}: LINE's webhook. It answers fast: check the signature over the raw
//! bytes, store every event in one transaction (de-duplicated by webhookEventId), answer 200.
//! Everything else happens later, from the stored events.

use crate::clock::now_ms;
use crate::crypto::MasterKey;
use crate::db::{accounts, settings, webhook_events, Db};
use crate::http::metrics::SharedMetrics;
use crate::line::signature;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use domain::account::Region;
use std::sync::atomic::Ordering;

pub const MAX_BODY: usize = 1024 * 1024;

#[derive(Clone)]
pub struct CallbackState {
    pub db: Db,
    /// Wakes the event worker once events are stored.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
    pub key: MasterKey,
    pub metrics: SharedMetrics,
}

pub async fn receive(
    State(state): State<CallbackState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let account = match accounts::find_by_key(&state.db.pool, &key).await {
        Ok(Some(account)) => account,
        Ok(None) => return StatusCode::NOT_FOUND,
        Err(err) => {
            tracing::error!(%err, "callback: looking up the account");
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    };
    match settings::get(&state.db.pool, "region").await {
        Ok(Some(region)) if Region::parse(&region) == Region::Government => {
            return StatusCode::FORBIDDEN
        }
        Ok(_) => {}
        Err(err) => {
            tracing::error!(%err, "callback: reading the region");
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    }
    let secret = account
        .secret_sealed
        .as_deref()
        .and_then(|sealed| state.key.open(sealed).ok());
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
            .webhook_signature_failures
            .fetch_add(1, Ordering::Relaxed);
        tracing::warn!(
            account = account.id,
            "callback: missing or wrong X-Line-Signature"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(events) = line_webhook::parse(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    match store(&state.db, account.id, &events).await {
        Ok(new) => {
            tracing::debug!(
                account = account.id,
                received = events.len(),
                new,
                "callback stored events"
            );
            // The worker applies them now rather than at its next tick (a second later).
            if new > 0 {
                state.wake.notify_one();
            }
            StatusCode::OK
        }
        Err(err) => {
            // Not acknowledged, so LINE redelivers: nothing is lost.
            tracing::error!(%err, account = account.id, "callback: storing events");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Stores all events of one delivery atomically; returns how many were new.
async fn store(db: &Db, account_id: i64, events: &[line_webhook::Event]) -> sqlx::Result<usize> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    accounts::touch_webhook(&mut *tx, account_id, now).await?;
    let mut new = 0;
    for event in events {
        let record = webhook_events::NewEvent {
            event_id: &event.event_id,
            event_type: &event.event_type,
            source_user_id: event.source_user_id.as_deref(),
            chat_key: event.chat_key.as_deref(),
            event_time: event.event_time,
            redelivery: event.redelivery,
            body: &event.body,
        };
        if webhook_events::insert(&mut tx, account_id, &record, now).await? {
            new += 1;
        }
    }
    tx.commit().await?;
    Ok(new)
}
