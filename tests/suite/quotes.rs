//! Quoted replies: an agent's reply quoting a customer message reaches LINE with that message's
//! quote token and shows the quote; a customer's quote (quotedMessageId) shows the message they
//! quoted, theirs or an agent's.

use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, world, USER};
use crate::routing::staff;
use crate::workstreams::sent_messages;
use domain::conversation::{MessageDirection, MessageView, Quoted};
use domain::{Problem, Role};
use linedesk::db::Db;
use linedesk::engine::sender;
use serde_json::json;

db_tests!(quotes_go_both_ways,);

fn message(id: &str, text: &str, quoted: Option<&str>) -> serde_json::Value {
    let mut message =
        json!({ "id": id, "type": "text", "text": text, "quoteToken": format!("quote-{id}") });
    if let Some(quoted) = quoted {
        message["quotedMessageId"] = json!(quoted);
    }
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"), "message": message
    }]})
}

fn by_text<'a>(messages: &'a [MessageView], text: &str) -> &'a MessageView {
    messages
        .iter()
        .find(|m| m.body.as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no message {text:?}"))
}

async fn quotes_go_both_ways(db: Db) {
    let w = world(db).await;
    deliver(&w, message("q1", "商品が届きません", None)).await;
    deliver(&w, message("q2", "注文番号は 4411 です", None)).await;
    let conversation = only_conversation(&w).await.id;
    let agent = staff(&w, "Ada", Role::Admin).await;
    let talk = &w.desk.state.services.conversations;
    let detail = talk.get_for(&agent, conversation, None).await.unwrap();
    let first = by_text(&detail.messages, "商品が届きません");
    assert!(first.quotable);

    // Quoting something that is not a customer message of this conversation is refused, and
    // nothing is stored.
    for wrong in [first.id + 1000, -1] {
        let refused = talk
            .reply_once(&agent, conversation, "x", "seed0009-1", Some(wrong))
            .await;
        assert!(
            matches!(&refused, Err(e) if e.field_problem("text") == Some(&Problem::QuoteUnavailable)),
            "{refused:?}"
        );
    }

    // The agent replies to the first message: LINE gets its quote token, on the first part of a
    // reply long enough to go as two messages.
    let long = format!("お調べします。{}", "あ".repeat(5_000));
    talk.reply_once(&agent, conversation, &long, "seed0009-2", Some(first.id))
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let out = sent_messages(&w);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["quoteToken"], "quote-q1");
    assert!(out[1].get("quoteToken").is_none());

    // The customer quotes the agent's reply (by the id LINE gave it), then their own message,
    // then one the desk never saw.
    let line_id: String = sqlx::query_scalar(
        "SELECT s.line_message_id FROM sent_line_messages s JOIN messages m ON m.id = s.message_id
         WHERE m.body = $1 ORDER BY s.line_message_id LIMIT 1",
    )
    .bind(&long)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    deliver(&w, message("q3", "ありがとうございます", Some(&line_id))).await;
    deliver(&w, message("q4", "これです", Some("q2"))).await;
    deliver(&w, message("q5", "前の件", Some("999999999999"))).await;

    let detail = talk.get_for(&agent, conversation, None).await.unwrap();
    let reply = by_text(&detail.messages, &long);
    assert!(!reply.quotable, "agents quote customer messages only");
    match &reply.quoted {
        Some(Quoted::Message {
            id,
            direction,
            body,
            ..
        }) => {
            assert_eq!(*id, first.id);
            assert_eq!(*direction, MessageDirection::In);
            assert_eq!(body.as_deref(), Some("商品が届きません"));
        }
        other => panic!("{other:?}"),
    }
    match &by_text(&detail.messages, "ありがとうございます").quoted {
        Some(Quoted::Message {
            direction, author, ..
        }) => {
            assert_eq!(*direction, MessageDirection::Out);
            assert_eq!(author.as_deref(), Some("Ada"));
        }
        other => panic!("{other:?}"),
    }
    match &by_text(&detail.messages, "これです").quoted {
        Some(Quoted::Message { body, .. }) => {
            assert_eq!(body.as_deref(), Some("注文番号は 4411 です"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        by_text(&detail.messages, "前の件").quoted,
        Some(Quoted::Missing)
    );
    assert_eq!(
        by_text(&detail.messages, "注文番号は 4411 です").quoted,
        None
    );

    // A message the customer took back can no longer be quoted.
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "unsend", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": USER },
            "webhookEventId": "evt-unsend-q2", "deliveryContext": { "isRedelivery": false },
            "unsend": { "messageId": "q2" }
        }]}),
    )
    .await;
    let second = by_text(&detail.messages, "注文番号は 4411 です").id;
    assert!(talk
        .reply_once(&agent, conversation, "x", "seed0009-3", Some(second))
        .await
        .is_err());
    let detail = talk.get_for(&agent, conversation, None).await.unwrap();
    let taken_back = detail.messages.iter().find(|m| m.id == second).unwrap();
    assert!(!taken_back.quotable);
    // Its quote above "これです" no longer shows what it said.
    match &by_text(&detail.messages, "これです").quoted {
        Some(Quoted::Message { body, .. }) => assert_eq!(*body, None),
        other => panic!("{other:?}"),
    }
}
