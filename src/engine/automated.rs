//! What a workstream's LINE channel says by itself: automated messages, the post-conversation
//! survey, and refusing files the channel does not accept. Each automated message is stored
//! under a key that makes it once per conversation, so re-applying an event never repeats it.

use crate::clock::now_ms;
use crate::db::conversations::{self, ConversationRow};
use crate::db::line_channels::{self, Routing};
use crate::db::{messages, offers, profiles, surveys};
use crate::engine::routing_cache;
use crate::engine::sender::{enqueue, Outgoing};
use crate::engine::Engine;
use domain::automated::{account_deleted_text, render, survey_text, Slugs, SurveyText, Trigger};
use domain::conversation::{ChatKind, MessageDirection};
use domain::workstream::{
    effective_message_in, ChannelConfig, DistributionMode, SurveyMode, WorkstreamSettings,
};
use serde_json::{json, Value};

/// How long after a rating the customer's next text counts as the survey comment.
pub const SURVEY_COMMENT_WINDOW_MS: i64 = 10 * 60_000;
/// Postback data of survey answers: `linedesk-survey:{conversation}:{rating}` (0 skips the comment).
const SURVEY_PREFIX: &str = "linedesk-survey:";

/// The live channel an account feeds: its workstream, fallback queue and configuration.
#[derive(Clone, Debug)]
pub struct ChannelContext {
    pub workstream_id: i64,
    pub queue_id: i64,
    pub queue_name: String,
    pub config: ChannelConfig,
    pub settings: WorkstreamSettings,
    pub mode: DistributionMode,
    pub routing: domain::routing::Routing,
}

/// A LINE channel's configuration document (written by services::workstreams only); an
/// unreadable one falls back to the defaults, and says so in the log.
pub fn parse_config(config: &str) -> ChannelConfig {
    serde_json::from_str(config).unwrap_or_else(|err| {
        tracing::error!(%err, "unreadable LINE channel configuration; using defaults");
        ChannelConfig::default()
    })
}

impl ChannelContext {
    /// The workstream's context variables with their default values.
    pub fn variable_defaults<C: FromIterator<(String, String)>>(&self) -> C {
        self.settings
            .variables
            .iter()
            .map(|v| (v.name.clone(), v.default.clone()))
            .collect()
    }

    fn from_routing(routing: Routing) -> Self {
        ChannelContext {
            workstream_id: routing.workstream_id,
            queue_id: routing.fallback_queue_id,
            queue_name: routing.queue_name,
            config: parse_config(&routing.config),
            settings: serde_json::from_str(&routing.settings).unwrap_or_default(),
            mode: DistributionMode::parse(&routing.mode).unwrap_or_default(),
            routing: serde_json::from_str(&routing.routing).unwrap_or_default(),
        }
    }
}

pub async fn context_for_account(
    engine: &Engine,
    account_id: i64,
) -> anyhow::Result<Option<ChannelContext>> {
    if let Some(context) = engine.routing.get(account_id) {
        return Ok(context);
    }
    let read_in = routing_cache::generation();
    let context = line_channels::routing_for_account(&engine.db.pool, account_id)
        .await?
        .map(ChannelContext::from_routing);
    engine
        .routing
        .remember(account_id, read_in, context.clone());
    Ok(context)
}

/// The LINE profile of a 1:1 conversation's customer (groups have none).
async fn customer_profile(
    engine: &Engine,
    conversation: &ConversationRow,
) -> Option<profiles::ProfileRow> {
    if conversation.chat_kind != ChatKind::User {
        return None;
    }
    profiles::find(
        &engine.db.pool,
        conversation.account_id,
        &conversation.chat_id,
    )
    .await
    .ok()
    .flatten()
}

/// The language a customer hears: their LINE profile's when the channel has it, else the
/// channel's.
pub async fn customer_language(
    engine: &Engine,
    account_id: i64,
    chat_id: &str,
    config: &ChannelConfig,
) -> String {
    let profile = profiles::find(&engine.db.pool, account_id, chat_id)
        .await
        .ok()
        .flatten();
    config
        .language_for(profile.and_then(|p| p.language).as_deref())
        .to_string()
}

/// Slugs known for a conversation: the customer's LINE name, the queue, context variables.
fn slugs(
    profile: Option<&profiles::ProfileRow>,
    ctx: &ChannelContext,
    agent_name: Option<&str>,
    position: Option<u32>,
) -> Slugs {
    Slugs {
        agent_name: agent_name.map(str::to_owned),
        queue_name: Some(ctx.queue_name.clone()),
        customer_name: profile.and_then(|p| p.display_name.clone()),
        position,
        variables: ctx.variable_defaults(),
    }
}

/// Sends the trigger's message when the channel has it on; `once` distinguishes repeated
/// triggers within one conversation (a refused file per LINE message). Returns whether it was
/// queued now.
pub async fn send(
    engine: &Engine,
    conversation: &ConversationRow,
    ctx: &ChannelContext,
    trigger: Trigger,
    agent_name: Option<&str>,
    once: Option<&str>,
) -> anyhow::Result<bool> {
    send_with(engine, conversation, ctx, trigger, agent_name, once, None).await
}

/// `send` with the customer's position in the queue (the "Position in queue" message).
pub async fn send_with(
    engine: &Engine,
    conversation: &ConversationRow,
    ctx: &ChannelContext,
    trigger: Trigger,
    agent_name: Option<&str>,
    once: Option<&str>,
    position: Option<u32>,
) -> anyhow::Result<bool> {
    let profile = customer_profile(engine, conversation).await;
    let language = ctx
        .config
        .language_for(profile.as_ref().and_then(|p| p.language.as_deref()));
    let (enabled, text) = effective_message_in(&ctx.config, &ctx.settings, trigger, language);
    if !enabled {
        return Ok(false);
    }
    let slugs = slugs(profile.as_ref(), ctx, agent_name, position);
    let text = render(&text, &slugs);
    let once_key = match once {
        Some(once) => format!("auto:{}:{once}", trigger.key()),
        None => format!("auto:{}", trigger.key()),
    };
    let out = Outgoing {
        author_user_id: None,
        text: &text,
        automated: Some(trigger.key()),
        once_key: Some(once_key),
        quick_reply: None,
        quote: None,
    };
    let queued = enqueue(engine, conversation.id, &out).await?.is_some();
    if queued {
        engine.live.publish(conversation.id).await;
    }
    Ok(queued)
}

fn postback_button(label: &str, data: String, display: &str) -> Value {
    json!({ "type": "action", "action": {
        "type": "postback", "label": label, "data": data, "displayText": display,
    }})
}

/// Sends the post-conversation survey when the channel has one (1:1 chats only).
pub async fn send_survey(
    engine: &Engine,
    conversation: &ConversationRow,
    ctx: &ChannelContext,
) -> anyhow::Result<()> {
    let survey = &ctx.config.survey;
    if !survey.enabled || conversation.chat_kind != ChatKind::User {
        return Ok(());
    }
    let language = &customer_language(
        engine,
        conversation.account_id,
        &conversation.chat_id,
        &ctx.config,
    )
    .await;
    let (text, quick_reply) = match survey.mode {
        SurveyMode::Link => (
            format!("{}\n{}", survey.link_text.trim(), survey.link_url.trim()),
            None,
        ),
        SurveyMode::InConversation => {
            let items: Vec<Value> = (1..=5)
                .map(|rating| {
                    let stars = "★".repeat(rating);
                    postback_button(
                        &format!("{rating} {stars}"),
                        format!("{SURVEY_PREFIX}{}:{rating}", conversation.id),
                        &stars,
                    )
                })
                .collect();
            (
                survey_text(SurveyText::Prompt, language).to_string(),
                Some(json!({ "items": items })),
            )
        }
    };
    let out = Outgoing {
        author_user_id: None,
        text: &text,
        automated: Some("survey"),
        once_key: Some("auto:survey".into()),
        quick_reply,
        quote: None,
    };
    if enqueue(engine, conversation.id, &out).await?.is_some()
        && survey.mode == SurveyMode::InConversation
    {
        surveys::sent(
            &engine.db.pool,
            conversation.id,
            conversation.account_id,
            &conversation.chat_id,
            now_ms(),
        )
        .await?;
    }
    Ok(())
}

/// A survey postback (`linedesk-survey:…`): stores the rating, thanks the customer and opens the
/// comment window. Returns false when the data is not a survey answer.
pub async fn on_survey_postback(
    engine: &Engine,
    account_id: i64,
    chat_id: &str,
    data: &str,
    reply_token: Option<&str>,
) -> anyhow::Result<bool> {
    let Some(rest) = data.strip_prefix(SURVEY_PREFIX) else {
        return Ok(false);
    };
    let Some((conversation_id, rating)) = rest.split_once(':') else {
        return Ok(true);
    };
    let (Ok(conversation_id), Ok(rating)) = (conversation_id.parse::<i64>(), rating.parse::<i32>())
    else {
        return Ok(true);
    };
    let Some(conversation) = conversations::get(&engine.db.pool, conversation_id).await? else {
        return Ok(true);
    };
    // Only the chat the survey went to may answer it.
    if conversation.account_id != account_id || conversation.chat_id != chat_id {
        return Ok(true);
    }
    let now = now_ms();
    let Some(ctx) = context_for_account(engine, account_id).await? else {
        return Ok(true);
    };
    let language = customer_language(engine, account_id, chat_id, &ctx.config).await;
    conversations::touch(&engine.db.pool, conversation_id, now, reply_token).await?;
    if rating == 0 {
        // "Skip": no comment coming.
        if let Some(open) =
            surveys::awaiting_comment(&engine.db.pool, account_id, chat_id, now).await?
        {
            surveys::close_comment(&engine.db.pool, open.id, None).await?;
        }
        return Ok(true);
    }
    if !(1..=5).contains(&rating)
        || !surveys::rate(
            &engine.db.pool,
            conversation_id,
            account_id,
            chat_id,
            rating,
            now,
            now + SURVEY_COMMENT_WINDOW_MS,
        )
        .await?
    {
        return Ok(true);
    }
    let skip = postback_button(
        survey_text(SurveyText::Skip, &language),
        format!("{SURVEY_PREFIX}{conversation_id}:0"),
        survey_text(SurveyText::Skip, &language),
    );
    let out = Outgoing {
        author_user_id: None,
        text: survey_text(SurveyText::Thanks, &language),
        automated: Some("survey"),
        once_key: Some("auto:survey_thanks".into()),
        quick_reply: Some(json!({ "items": [skip] })),
        quote: None,
    };
    enqueue(engine, conversation_id, &out).await?;
    engine.live.publish(conversation_id).await;
    Ok(true)
}

/// A customer's text while their survey waits for its comment: stored as the comment (and in
/// the ended conversation), answered with thanks. Returns false when no comment was expected.
pub async fn take_survey_comment(
    engine: &Engine,
    account_id: i64,
    chat_id: &str,
    line_message_id: Option<&str>,
    text: &str,
    reply_token: Option<&str>,
    at: i64,
) -> anyhow::Result<bool> {
    let now = now_ms();
    let Some(open) = surveys::awaiting_comment(&engine.db.pool, account_id, chat_id, now).await?
    else {
        return Ok(false);
    };
    let comment: String = text.chars().take(2000).collect();
    let mut tx = engine.db.begin_write().await?;
    messages::insert(
        &mut *tx,
        &messages::NewMessage {
            conversation_id: open.conversation_id,
            direction: MessageDirection::In,
            kind: "text",
            line_message_id,
            sender_id: Some(chat_id),
            author_user_id: None,
            body: Some(&comment),
            payload: &json!({ "surveyComment": true }).to_string(),
            sent_at: at,
            delivery: None,
        },
        now,
    )
    .await?;
    surveys::close_comment(&mut *tx, open.id, Some(&comment)).await?;
    conversations::touch(&mut *tx, open.conversation_id, at, reply_token).await?;
    tx.commit().await?;
    if let Some(ctx) = context_for_account(engine, account_id).await? {
        let language = customer_language(engine, account_id, chat_id, &ctx.config).await;
        let out = Outgoing {
            author_user_id: None,
            text: survey_text(SurveyText::CommentThanks, &language),
            automated: Some("survey"),
            once_key: Some("auto:survey_comment_thanks".into()),
            quick_reply: None,
            quote: None,
        };
        enqueue(engine, open.conversation_id, &out).await?;
    }
    engine.live.publish(open.conversation_id).await;
    Ok(true)
}

/// Why the close happened, for the message the customer gets.
pub enum Ending<'a> {
    /// An agent ended it (their name goes into {AgentName}).
    Agent(&'a str),
    /// Nobody wrote for the workstream's inactivity window.
    Inactive,
}

/// Closes an open conversation and tells the customer, once, even when two processes try.
pub async fn close(
    engine: &Engine,
    conversation: &ConversationRow,
    ending: Ending<'_>,
) -> anyhow::Result<bool> {
    if conversations::close(&engine.db.pool, conversation.id, now_ms()).await? == 0 {
        return Ok(false);
    }
    let ctx = context_for_account(engine, conversation.account_id).await?;
    if let Some(ctx) = ctx {
        let result = async {
            match ending {
                Ending::Agent(name) => {
                    send(
                        engine,
                        conversation,
                        &ctx,
                        Trigger::AgentEnded,
                        Some(name),
                        None,
                    )
                    .await?;
                    send_survey(engine, conversation, &ctx).await?;
                }
                Ending::Inactive => {
                    send(
                        engine,
                        conversation,
                        &ctx,
                        Trigger::SessionEnded,
                        None,
                        None,
                    )
                    .await?;
                }
            }
            anyhow::Ok(())
        }
        .await;
        // The conversation is closed either way; a message that could not be queued is logged.
        if let Err(err) = result {
            tracing::warn!(conversation = conversation.id, %err, "closing messages");
        }
    }
    engine.live.publish(conversation.id).await;
    Ok(true)
}

/// Ends a conversation of a messaging account being deleted: the customer's end message is
/// queued first (closing drops the reply token, and a fresh one is worth using), offers for it
/// are withdrawn and it closes, so nobody's capacity stays taken. Returns the message's id when
/// one was queued; the caller sends it before the account's token is wiped.
pub async fn end_for_deleted_account(
    engine: &Engine,
    conversation: &ConversationRow,
) -> anyhow::Result<Option<i64>> {
    // The workstream's channel no longer uses this account, but its languages still apply.
    let config = match conversation.workstream_id {
        Some(workstream) => line_channels::for_workstream(&engine.db.pool, workstream)
            .await?
            .map(|channel| parse_config(&channel.config)),
        None => None,
    };
    let language = match config {
        Some(config) => {
            customer_language(
                engine,
                conversation.account_id,
                &conversation.chat_id,
                &config,
            )
            .await
        }
        None => String::new(),
    };
    let out = Outgoing {
        author_user_id: None,
        text: account_deleted_text(&language),
        automated: Some("account_deleted"),
        once_key: Some("auto:account_deleted".into()),
        quick_reply: None,
        quote: None,
    };
    let message = enqueue(engine, conversation.id, &out).await?;
    let now = now_ms();
    offers::withdraw(&engine.db.pool, Some(conversation.id), None, now).await?;
    conversations::close(&engine.db.pool, conversation.id, now).await?;
    engine.live.publish(conversation.id).await;
    Ok(message)
}

/// Closes conversations quiet for longer than their workstream's inactivity window.
pub async fn close_inactive(engine: &Engine) -> anyhow::Result<usize> {
    let now = now_ms();
    let mut closed = 0;
    let workstreams = crate::db::workstreams::list(&engine.db.pool).await?;
    let mut windows: Vec<(Option<i64>, u32)> = workstreams
        .iter()
        .map(|w| {
            let settings: WorkstreamSettings =
                serde_json::from_str(&w.settings).unwrap_or_default();
            (Some(w.id), settings.distribution.auto_close_minutes)
        })
        .collect();
    windows.push((None, domain::workstream::AUTO_CLOSE_DEFAULT_MINUTES));
    for (workstream_id, minutes) in windows {
        let cutoff = now - i64::from(minutes) * 60_000;
        for conversation in
            conversations::inactive(&engine.db.pool, workstream_id, cutoff, 100).await?
        {
            if close(engine, &conversation, Ending::Inactive).await? {
                closed += 1;
            }
        }
    }
    Ok(closed)
}
