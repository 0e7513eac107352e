//! The workstream's bot answers a routed conversation before any agent. The built-in kind
//! answers from keyword FAQs; the external kind POSTs each customer message, signed with the
//! shared secret, to the bot's URL. Whatever goes wrong (no answer, an error, a timeout), the
//! bot hands off to the queue: a customer is never left waiting on a bot.

use crate::clock::now_ms;
use crate::db::conversations::{self, ConversationRow};
use crate::db::{bots, messages};
use crate::engine::automated::{self, ChannelContext};
use crate::engine::sender::{enqueue, Outgoing};
use crate::engine::Engine;
use crate::net::outbound;
use base64::Engine as _;
use domain::bot::{builtin_turn, BotConfig, BotKind, BotTurn};
use domain::conversation::MessageDirection;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::time::Duration;

/// The header carrying base64(HMAC-SHA256(shared secret, body)), like LINE's own signature.
pub const SIGNATURE_HEADER: &str = "X-Linedesk-Signature";

pub fn parse_config(json: &str) -> BotConfig {
    serde_json::from_str(json).unwrap_or_else(|err| {
        tracing::error!(%err, "unreadable bot configuration; using defaults");
        BotConfig::default()
    })
}

pub async fn enabled(engine: &Engine, workstream_id: i64) -> anyhow::Result<bool> {
    Ok(bots::find(&engine.db.pool, workstream_id)
        .await?
        .is_some_and(|b| b.enabled != 0))
}

pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Asks the external bot. Its answer: `{"text": "…", "quickReplies": ["…"], "handoff": false}`.
async fn external_turn(
    engine: &Engine,
    config: &BotConfig,
    secret: &[u8],
    conversation: &ConversationRow,
    language: &str,
    text: &str,
) -> BotTurn {
    let body = json!({
        "conversationId": conversation.id,
        "chatId": conversation.chat_id,
        "language": language,
        "text": text,
    })
    .to_string();
    // Public addresses only (or allowed hosts), checked again where the connection is made.
    let request = match engine.outbound.post(&config.url) {
        Ok(request) => request,
        Err(refused) => {
            return BotTurn::HandOff {
                reason: format!("The bot's URL is not allowed ({refused})."),
            }
        }
    };
    let request = request
        .timeout(Duration::from_secs(u64::from(config.timeout_seconds)))
        .header("Content-Type", "application/json")
        .header(SIGNATURE_HEADER, sign(secret, body.as_bytes()))
        .body(body);
    let answer: Result<Value, String> = async {
        let response = request.send().await.map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {} s", config.timeout_seconds)
            } else if let Some(refused) = outbound::refusal(&e) {
                format!("its address is not allowed: {refused}")
            } else {
                "could not be reached".to_string()
            }
        })?;
        if !response.status().is_success() {
            return Err(format!("answered HTTP {}", response.status().as_u16()));
        }
        response
            .json::<Value>()
            .await
            .map_err(|_| "answered something that is not JSON".to_string())
    }
    .await;
    match answer {
        Err(why) => BotTurn::HandOff {
            reason: format!("The bot failed ({why})."),
        },
        Ok(answer) if answer["handoff"] == true => BotTurn::HandOff {
            reason: "The bot handed the conversation to an agent.".into(),
        },
        Ok(answer) => match answer["text"].as_str().map(str::trim) {
            Some(text) if !text.is_empty() => BotTurn::Answer {
                text: text.to_string(),
                quick_replies: answer["quickReplies"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .take(domain::bot::QUICK_REPLIES_MAX)
                            .map(|s| s.chars().take(20).collect())
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            _ => BotTurn::HandOff {
                reason: "The bot gave no answer.".into(),
            },
        },
    }
}

fn quick_reply(labels: &[String]) -> Option<Value> {
    (!labels.is_empty()).then(|| {
        json!({ "items": labels.iter().map(|label| json!({
            "type": "action",
            "action": { "type": "message", "label": label, "text": label },
        })).collect::<Vec<_>>() })
    })
}

/// The bot's turn on one customer message of a conversation it is answering.
pub async fn on_customer_text(
    engine: &Engine,
    conversation: &ConversationRow,
    ctx: &ChannelContext,
    line_message_id: Option<&str>,
    text: &str,
) -> anyhow::Result<()> {
    if conversation.bot_active == 0 {
        return Ok(());
    }
    let row = bots::find(&engine.db.pool, ctx.workstream_id).await?;
    let (config, turn) = match row {
        Some(row) if row.enabled != 0 => {
            let config = parse_config(&row.config);
            let language = automated::customer_language(
                engine,
                conversation.account_id,
                &conversation.chat_id,
                &ctx.config,
            )
            .await;
            let turn = match config.kind {
                BotKind::Builtin => builtin_turn(&config, text, &language),
                BotKind::External => match row
                    .secret_sealed
                    .as_deref()
                    .map(|sealed| engine.key.open(sealed))
                {
                    Some(Ok(secret)) => {
                        external_turn(engine, &config, &secret, conversation, &language, text).await
                    }
                    _ => BotTurn::HandOff {
                        reason: "The bot has no usable shared secret.".into(),
                    },
                },
            };
            (config, turn)
        }
        _ => (
            BotConfig::default(),
            BotTurn::HandOff {
                reason: "The bot was switched off.".into(),
            },
        ),
    };
    match turn {
        BotTurn::Answer {
            text,
            quick_replies,
        } => {
            let once = format!("bot:{}", line_message_id.unwrap_or("first"));
            let out = Outgoing {
                author_user_id: None,
                text: &text,
                automated: Some("bot"),
                once_key: Some(once),
                quick_reply: quick_reply(&quick_replies),
                quote: None,
            };
            if enqueue(engine, conversation.id, &out).await?.is_some() {
                engine.live.publish(conversation.id).await;
            }
            Ok(())
        }
        BotTurn::HandOff { reason } => hand_off(engine, conversation, &config, &reason).await,
    }
}

/// The bot steps aside: the conversation waits in its queue for an agent, who sees why.
pub async fn hand_off(
    engine: &Engine,
    conversation: &ConversationRow,
    config: &BotConfig,
    reason: &str,
) -> anyhow::Result<()> {
    let now = now_ms();
    let handed = conversations::hand_off(&engine.db.pool, conversation.id, now).await?;
    if !handed {
        return Ok(());
    }
    let note = format!("Bot handed off: {reason}");
    messages::insert(
        &engine.db.pool,
        &messages::NewMessage {
            conversation_id: conversation.id,
            direction: MessageDirection::System,
            kind: "handoff",
            line_message_id: Some("bot:handoff-note"),
            sender_id: None,
            author_user_id: None,
            body: Some(&note),
            payload: &json!({ "reason": reason }).to_string(),
            sent_at: now,
            delivery: None,
        },
        now,
    )
    .await?;
    if !config.handoff_text.trim().is_empty() {
        let out = Outgoing {
            author_user_id: None,
            text: config.handoff_text.trim(),
            automated: Some("bot"),
            once_key: Some("bot:handoff".into()),
            quick_reply: None,
            quote: None,
        };
        enqueue(engine, conversation.id, &out).await?;
    }
    engine.live.publish(conversation.id).await;
    Ok(())
}
