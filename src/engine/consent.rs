//! End-user notice and consent. An account can send a recording notice when a conversation
//! starts, and can require the customer's consent before agents see any of their messages: until
//! the customer taps "I agree" (a LINE postback), agents see only that consent is pending.

use crate::clock::now_ms;
use crate::db::conversations::{self, ConversationRow};
use crate::engine::sender::{enqueue, Outgoing};
use crate::engine::Engine;
use domain::automated::{privacy_text, PrivacyText, END_USER_NOTICE_VERSION};
use serde_json::json;
use sqlx::FromRow;

const CONSENT_PREFIX: &str = "linedesk-consent:";

#[derive(Clone, Debug, Default, FromRow)]
pub struct AccountPrivacy {
    pub recording_notice: i16,
    pub consent_required: i16,
    pub notice_text: Option<String>,
}

pub async fn settings(engine: &Engine, account_id: i64) -> sqlx::Result<AccountPrivacy> {
    Ok(sqlx::query_as::<_, AccountPrivacy>(
        "SELECT recording_notice, consent_required, notice_text FROM line_accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_optional(&engine.db.pool)
    .await?
    .unwrap_or_default())
}

/// The customer's latest decision, if any ("granted" or "declined").
pub async fn decision<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT decision FROM consents WHERE account_id = $1 AND line_user_id = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(account_id)
    .bind(line_user_id)
    .fetch_optional(db)
    .await
}

/// Why agents may not see this conversation's content, if they may not.
pub async fn withheld(
    engine: &Engine,
    conversation: &ConversationRow,
) -> sqlx::Result<Option<&'static str>> {
    if conversation.chat_kind != "user" {
        return Ok(None);
    }
    if settings(engine, conversation.account_id)
        .await?
        .consent_required
        == 0
    {
        return Ok(None);
    }
    Ok(
        match decision(
            &engine.db.pool,
            conversation.account_id,
            &conversation.chat_id,
        )
        .await?
        .as_deref()
        {
            Some("granted") => None,
            Some(_) => {
                Some("The customer declined the recording notice: their messages stay hidden.")
            }
            None => Some(
                "Waiting for the customer's consent: their messages are hidden until they agree.",
            ),
        },
    )
}

/// At the start of a 1:1 conversation: the recording notice, and the consent question when the
/// account requires consent and the customer has not agreed yet. Stored once per conversation.
pub async fn on_first_message(
    engine: &Engine,
    conversation: &ConversationRow,
    language: &str,
) -> anyhow::Result<()> {
    let privacy = settings(engine, conversation.account_id).await?;
    let texts = domain::ports::EndUserPrivacy::parse_texts(privacy.notice_text.as_deref());
    let notice = domain::ports::EndUserPrivacy::notice_for(&texts, language)
        .map(str::to_owned)
        .unwrap_or_else(|| privacy_text(PrivacyText::Notice, language).to_string());
    // The customer's earlier decision matters only where consent is required.
    let ask = privacy.consent_required != 0
        && decision(
            &engine.db.pool,
            conversation.account_id,
            &conversation.chat_id,
        )
        .await?
        .as_deref()
            != Some("granted");
    if !ask && privacy.recording_notice == 0 {
        return Ok(());
    }
    let (text, quick_reply) = if ask {
        let button = |label: PrivacyText, data: &str| {
            json!({ "type": "action", "action": {
                "type": "postback", "label": privacy_text(label, language),
                "data": format!("{CONSENT_PREFIX}{data}"), "displayText": privacy_text(label, language),
            }})
        };
        (
            format!(
                "{notice}\n\n{}",
                privacy_text(PrivacyText::ConsentQuestion, language)
            ),
            Some(
                json!({ "items": [button(PrivacyText::Agree, "grant"), button(PrivacyText::Decline, "decline")] }),
            ),
        )
    } else {
        (notice, None)
    };
    let out = Outgoing {
        author_user_id: None,
        text: &text,
        automated: Some(if ask { "consent" } else { "notice" }),
        once_key: Some("auto:notice".into()),
        quick_reply,
    };
    enqueue(engine, conversation.id, &out).await?;
    Ok(())
}

/// A consent postback: records the decision (with the notice version) and answers. Returns
/// false when the data is not a consent answer.
pub async fn on_postback(
    engine: &Engine,
    account_id: i64,
    chat_id: &str,
    data: &str,
    reply_token: Option<&str>,
    language: &str,
) -> anyhow::Result<bool> {
    let decision = match data.strip_prefix(CONSENT_PREFIX) {
        Some("grant") => "granted",
        Some("decline") => "declined",
        Some(_) => return Ok(true),
        None => return Ok(false),
    };
    let now = now_ms();
    sqlx::query(
        "INSERT INTO consents (account_id, line_user_id, decision, notice_version, decided_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    .bind(chat_id)
    .bind(decision)
    .bind(END_USER_NOTICE_VERSION)
    .bind(now)
    .execute(&engine.db.pool)
    .await?;
    let Some(conversation) = conversations::find_open(&engine.db.pool, account_id, chat_id).await?
    else {
        return Ok(true);
    };
    conversations::touch(&engine.db.pool, conversation.id, now, reply_token).await?;
    let (text, key) = if decision == "granted" {
        (
            privacy_text(PrivacyText::Thanks, language),
            "auto:consent_thanks",
        )
    } else {
        (
            privacy_text(PrivacyText::Declined, language),
            "auto:consent_declined",
        )
    };
    let out = Outgoing {
        author_user_id: None,
        text,
        automated: Some("consent"),
        once_key: Some(key.into()),
        quick_reply: None,
    };
    enqueue(engine, conversation.id, &out).await?;
    if decision == "declined" {
        conversations::close(&engine.db.pool, conversation.id, now).await?;
    }
    engine.live.publish(conversation.id).await;
    Ok(true)
}

/// Whether a stored customer message is hidden from agents for want of consent (for the
/// attachment download route, which has no conversation at hand).
pub async fn message_withheld(db: &crate::db::Db, message_id: i64) -> sqlx::Result<bool> {
    let hidden: Option<i16> = sqlx::query_scalar(
        "SELECT CASE WHEN m.direction = 'in' AND a.consent_required = 1 AND c.chat_kind = 'user'
              AND COALESCE((SELECT x.decision FROM consents x WHERE x.account_id = c.account_id AND x.line_user_id = c.chat_id
                            ORDER BY x.id DESC LIMIT 1), '') <> 'granted'
             THEN 1 ELSE 0 END
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN line_accounts a ON a.id = c.account_id
         WHERE m.id = $1",
    )
    .bind(message_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(hidden.unwrap_or(0) != 0)
}
