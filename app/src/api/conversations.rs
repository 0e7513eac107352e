//! Conversations: agents, supervisors and administrators read and answer them.
// The history search's form fields are the function's arguments.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
#[cfg(feature = "ssr")]
use domain::conversation::HistoryQuery;
use domain::conversation::{ConversationDetail, ConversationSummary, HistoryPage};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const STAFF: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent];
/// Staff, and auditors (the service lets them read only under a transcript grant).
#[cfg(feature = "ssr")]
const READERS: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent, Role::Auditor];

#[server(endpoint = "list_conversations")]
pub async fn list_conversations() -> Result<Vec<ConversationSummary>, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.conversations.list_open(&actor).await
        }
        .await,
    )
}

#[server(endpoint = "get_conversation")]
pub async fn get_conversation(id: i64) -> Result<ConversationDetail, AppError> {
    respond(
        async {
            let actor = require(READERS)?;
            services()?.conversations.get_for(&actor, id).await
        }
        .await,
    )
}

/// `send_id` is made by the composer (or the page, without JavaScript) for each reply: sending
/// it twice stores the reply once.
#[server(endpoint = "send_reply")]
pub async fn send_reply(
    conversation_id: i64,
    text: String,
    send_id: String,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .conversations
                .reply_once(&actor, conversation_id, &text, &send_id)
                .await
        }
        .await,
    )
}

#[server(endpoint = "end_conversation")]
pub async fn end_conversation(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.conversations.end(&actor, conversation_id).await
        }
        .await,
    )
}

/// The agent is typing in the composer (called at most every few seconds by the browser).
#[server(endpoint = "show_typing")]
pub async fn show_typing(conversation_id: i64) -> Result<bool, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .conversations
                .typing(&actor, conversation_id)
                .await
        }
        .await,
    )
}

/// Conversation history: past and present conversations the user may read, filtered and paged.
/// Flat arguments, as the History page's GET form names them.
#[server(endpoint = "search_history")]
pub async fn search_history(
    customer: String,
    contact: String,
    agent: String,
    text: String,
    state: String,
    from: String,
    to: String,
    page: u32,
) -> Result<HistoryPage, AppError> {
    respond(
        async {
            let actor = require(READERS)?;
            let query = HistoryQuery {
                customer,
                contact,
                agent,
                text,
                state,
                from,
                to,
                page,
            };
            services()?.conversations.history(&actor, query).await
        }
        .await,
    )
}
