//! End-user notice and consent. An account can send a recording notice when a conversation
//! starts, and can require the customer's consent before agents see any of their messages: until
//! the customer taps "I agree" (a LINE postback), agents see only that consent is pending.

use crate::clock::now_ms;
use crate::db::accounts::{self, NoticeSettings};
use crate::db::consents;
use crate::db::conversations::{self, ConversationRow};
use crate::engine::sender::{enqueue, Outgoing};
use crate::engine::Engine;
use domain::automated::{privacy_text, PrivacyText, END_USER_NOTICE_VERSION};
use domain::conversation::ChatKind;
use domain::privacy::ConsentDecision;
use serde_json::json;

const CONSENT_PREFIX: &str = "linedesk-consent:";

pub async fn settings(engine: &Engine, account_id: i64) -> sqlx::Result<NoticeSettings> {
    Ok(accounts::notice_settings(&engine.db.pool, account_id)
        .await?
        .unwrap_or_default())
}

/// Why agents may not see this conversation's content, if they may not.
pub async fn withheld(
    engine: &Engine,
    conversation: &ConversationRow,
) -> sqlx::Result<Option<&'static str>> {
    if conversation.chat_kind != ChatKind::User {
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
        match consents::latest(
            &engine.db.pool,
            conversation.account_id,
            &conversation.chat_id,
        )
        .await?
        {
            Some(ConsentDecision::Granted) => None,
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
    let texts = domain::privacy::EndUserPrivacy::parse_texts(privacy.notice_text.as_deref());
    let notice = domain::privacy::EndUserPrivacy::notice_for(&texts, language)
        .map(str::to_owned)
        .unwrap_or_else(|| privacy_text(PrivacyText::Notice, language).to_string());
    // The customer's earlier decision matters only where consent is required.
    let ask = privacy.consent_required != 0
        && consents::latest(
            &engine.db.pool,
            conversation.account_id,
            &conversation.chat_id,
        )
        .await?
            != Some(ConsentDecision::Granted);
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
        quote: None,
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
        Some("grant") => ConsentDecision::Granted,
        Some("decline") => ConsentDecision::Declined,
        Some(_) => return Ok(true),
        None => return Ok(false),
    };
    let now = now_ms();
    consents::record(
        &engine.db.pool,
        account_id,
        chat_id,
        decision,
        END_USER_NOTICE_VERSION,
        now,
    )
    .await?;
    let Some(conversation) = conversations::find_open(&engine.db.pool, account_id, chat_id).await?
    else {
        return Ok(true);
    };
    conversations::touch(&engine.db.pool, conversation.id, now, reply_token).await?;
    let (text, key) = if decision == ConsentDecision::Granted {
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
        quote: None,
    };
    enqueue(engine, conversation.id, &out).await?;
    if decision == ConsentDecision::Declined {
        conversations::close(&engine.db.pool, conversation.id, now).await?;
    }
    engine.live.publish(conversation.id).await;
    Ok(true)
}

/// Whether a stored customer message is hidden from agents for want of consent (for the
/// attachment download route, which has no conversation at hand).
pub async fn message_withheld(db: &crate::db::Db, message_id: i64) -> sqlx::Result<bool> {
    consents::message_withheld(&db.pool, message_id).await
}
