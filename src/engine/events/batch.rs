//! SQLite's direct writes: a round's customer messages stored together. The messages of distinct chats are
//! written in one transaction (`chat_append::append_many`); each event's follow-ups (a profile
//! fetched, browsers told, the notice, routing, a bot) then run at its turn, in id order, as
//! before. An event's commit wrote ~7 pages of which four are the same for every message (the
//! message table's newest page, its line-id index's, the sequence, the activity index's newest
//! page): written once a batch instead of once a message.
//!
//! Only a chat's first event of the round may be batched: a chat's later message may depend on
//! what an earlier event's follow-ups do (routing, a bot that hands off, a consent answer), so
//! it is applied at its own turn. Through sqlx (PostgreSQL) events are applied one by one.

use super::{chat_message, conversation_kind, event_time, message_entry, ClaimedEvent};
use crate::db::sqlite::chat_append;
use crate::db::sqlite::direct::WritePath;
use crate::engine::automated::{self, ChannelContext};
use crate::engine::Engine;
use line_webhook::event::{Event, Kind};
use std::collections::{HashMap, HashSet};

/// Messages in one transaction at most: the write lock is held for all of them (tens of
/// microseconds each). A batch also ends early when the callback has a delivery waiting.
const MESSAGES_AT_MOST: usize = 16;

/// What a batch did with an event's message, and the channel it was stored for.
pub(super) type Stored = (
    anyhow::Result<chat_append::Appended>,
    Option<ChannelContext>,
);

/// The batches of one round.
pub(super) struct Batches {
    /// By position in the round: a customer's message that is its chat's first event of the
    /// round (on SQLite).
    eligible: Vec<bool>,
    /// Stored, not yet taken by its event's turn.
    stored: HashMap<i64, Stored>,
}

impl Batches {
    /// `round` in id order.
    pub(super) fn new(path: WritePath, round: &[ClaimedEvent]) -> Batches {
        let mut seen = HashSet::new();
        let eligible = round
            .iter()
            .map(|event| {
                let first_of_chat = event
                    .chat_key
                    .as_deref()
                    .is_some_and(|key| seen.insert((event.account_id, key)));
                path == WritePath::Direct && first_of_chat && event.event_type == "message"
            })
            .collect();
        Batches {
            eligible,
            stored: HashMap::new(),
        }
    }

    /// What was stored for the event at `position`: None when it is to be applied the usual way.
    /// Its batch (it and the next eligible events, up to `MESSAGES_AT_MOST`) is stored first if
    /// it has not been.
    pub(super) async fn stored_for(
        &mut self,
        engine: &Engine,
        round: &[ClaimedEvent],
        position: usize,
    ) -> Option<Stored> {
        if !self.eligible[position] {
            return None;
        }
        let id = round[position].id;
        if !self.stored.contains_key(&id) {
            // Not those a batch stored already (a later one of a batch that left this one out):
            // stored again, they would read as repeats (no message id) at their turn.
            let batch: Vec<&ClaimedEvent> = (position..round.len())
                .filter(|&p| self.eligible[p] && !self.stored.contains_key(&round[p].id))
                .take(MESSAGES_AT_MOST)
                .map(|p| &round[p])
                .collect();
            // A message alone gains nothing from a batch.
            if batch.len() < 2 {
                return None;
            }
            match store(engine, &batch).await {
                Some(stored) => self.stored.extend(stored),
                // The transaction failed (the lock not had in time, the disk full): the rest of
                // the round goes one by one, rather than a batch tried again at every turn.
                None => self.eligible.fill(false),
            }
        }
        self.stored.remove(&id)
    }
}

/// Stores the batch's messages; None when the transaction failed. An event left out (its
/// account's channel could not be read, it has no chat, or the batch ended early for the
/// callback) is stored at its turn: in the next batch, or alone.
async fn store(engine: &Engine, batch: &[&ClaimedEvent]) -> Option<Vec<(i64, Stored)>> {
    let bodies: Vec<Event> = batch.iter().map(|event| Event::read(&event.body)).collect();
    let mut contexts = Vec::with_capacity(batch.len());
    for event in batch {
        contexts.push(
            automated::context_for_account(engine, event.account_id)
                .await
                .ok(),
        );
    }
    // An event stored as a message but not of a message's shape is left to its turn (which
    // keeps it in the raw log only).
    let entries: Vec<_> = bodies
        .iter()
        .map(|body| match &body.kind {
            Kind::Message { message } => Some(message_entry(body, message)),
            _ => None,
        })
        .collect();
    let mut ids = Vec::new();
    let mut channels = Vec::new();
    let mut messages = Vec::new();
    for (i, event) in batch.iter().enumerate() {
        let (Some(ctx), Some((kind, chat_id)), Some(entry)) =
            (&contexts[i], bodies[i].chat(), &entries[i])
        else {
            continue;
        };
        messages.push(chat_message(
            event.account_id,
            &bodies[i],
            event_time(&bodies[i]),
            entry,
            (conversation_kind(kind).as_str(), chat_id),
            ctx.as_ref(),
        ));
        ids.push(event.id);
        channels.push(ctx.clone());
    }
    match chat_append::append_many(&engine.db, &messages).await {
        // Fewer answers than messages when the batch stopped for the callback: zip keeps the
        // answered ones.
        Ok(results) => Some(
            ids.into_iter()
                .zip(results.into_iter().zip(channels))
                .collect(),
        ),
        Err(err) => {
            tracing::warn!(%err, "storing a batch of messages; each is stored alone instead");
            None
        }
    }
}
