//! LINE's "Read" mark: one markAsRead call with the newest token, queued once per message, when
//! the account's setting says so, and none where LINE marks everything itself.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, world, World, USER};
use crate::line_openapi;
use crate::routing::staff;
use domain::account::{LineReadMode, MarkRead};
use domain::user::{ClientInfo, CurrentUser};
use domain::Role;
use linedesk::db::conversations::Take;
use linedesk::db::Db;
use linedesk::engine::{distribution, sender};
use serde_json::json;

db_tests!(
    opening_marks_the_newest_message_once,
    on_reply_marks_only_when_an_agent_replies,
    never_and_chat_off_send_no_mark,
    a_refused_or_failed_mark_is_retried_not_repeated,
);

/// A customer message as LINE sends it now: with its quote and mark-as-read tokens.
fn message(id: &str, text: &str, at: i64) -> serde_json::Value {
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": at,
        "source": { "type": "user", "userId": USER },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"),
        "message": { "id": id, "type": "text", "text": text,
                     "quoteToken": format!("quote-{id}"), "markAsReadToken": format!("read-{id}") }
    }]})
}

/// The tokens LINE was asked to mark, in order; each body is checked against LINE's spec.
fn marked(w: &World) -> Vec<String> {
    w.desk
        .line
        .state
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v2/bot/chat/markAsRead" && r.status == 200)
        .map(|r| {
            let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            line_openapi::check_request("/v2/bot/chat/markAsRead", &body);
            body["markAsReadToken"].as_str().unwrap().to_string()
        })
        .collect()
}

async fn set_mark_read(w: &World, mark_read: MarkRead) {
    w.desk
        .state
        .services
        .accounts
        .set_mark_read(&admin(), w.account_id, mark_read, &ClientInfo::default())
        .await
        .unwrap();
}

async fn serving(w: &World, name: &str) -> (CurrentUser, i64) {
    let agent = staff(w, name, Role::Agent).await;
    let conversation = only_conversation(w).await.id;
    assert!(
        distribution::assign(&w.engine, conversation, agent.id, name, Take::Unassigned)
            .await
            .unwrap()
    );
    (agent, conversation)
}

async fn open(w: &World, who: &CurrentUser, conversation: i64) {
    w.desk
        .state
        .services
        .conversations
        .get_for(who, conversation, None)
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
}

async fn opening_marks_the_newest_message_once(db: Db) {
    let w = world(db).await;
    let t = now();
    deliver(&w, message("m1", "こんにちは", t)).await;
    deliver(&w, message("m2", "注文について", t + 1)).await;
    let (agent, conversation) = serving(&w, "Ada").await;
    // A colleague looking in (an admin, not serving) marks nothing.
    let admin = staff(&w, "Root", Role::Admin).await;
    open(&w, &admin, conversation).await;
    assert!(marked(&w).is_empty());

    // The agent serving the customer opens it: one call, the newest token, marking both.
    open(&w, &agent, conversation).await;
    assert_eq!(marked(&w), vec!["read-m2"]);
    // Opening again, and live updates re-reading, ask nothing more.
    open(&w, &agent, conversation).await;
    open(&w, &agent, conversation).await;
    assert_eq!(marked(&w), vec!["read-m2"]);

    // A new message while the page is open: read, marked once more with its own token.
    deliver(&w, message("m3", "まだですか", t + 2)).await;
    open(&w, &agent, conversation).await;
    open(&w, &agent, conversation).await;
    assert_eq!(marked(&w), vec!["read-m2", "read-m3"]);
    // Replying to what is already marked marks nothing again.
    w.desk
        .state
        .services
        .conversations
        .reply(&agent, conversation, "確認します")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(marked(&w), vec!["read-m2", "read-m3"]);
}

async fn on_reply_marks_only_when_an_agent_replies(db: Db) {
    let w = world(db).await;
    set_mark_read(&w, MarkRead::OnReply).await;
    deliver(&w, message("r1", "hello", now())).await;
    let (agent, conversation) = serving(&w, "Bea").await;
    open(&w, &agent, conversation).await;
    assert!(marked(&w).is_empty());
    let talk = &w.desk.state.services.conversations;
    talk.reply(&agent, conversation, "Hi, Bea here")
        .await
        .unwrap();
    talk.reply(&agent, conversation, "How can I help?")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(marked(&w), vec!["read-r1"]);
    let view = w
        .desk
        .state
        .services
        .accounts
        .get(w.account_id)
        .await
        .unwrap();
    assert_eq!(view.mark_read, MarkRead::OnReply);
}

async fn never_and_chat_off_send_no_mark(db: Db) {
    let w = world(db).await;
    set_mark_read(&w, MarkRead::Never).await;
    deliver(&w, message("n1", "hello", now())).await;
    let (agent, conversation) = serving(&w, "Cy").await;
    open(&w, &agent, conversation).await;
    w.desk
        .state
        .services
        .conversations
        .reply(&agent, conversation, "hi")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert!(marked(&w).is_empty());

    // Chat off in LINE's console: LINE reads everything itself, and the account page says so.
    set_mark_read(&w, MarkRead::OnView).await;
    w.desk.line.state.lock().channels[0].chat_mode = "bot".into();
    let view = w
        .desk
        .state
        .services
        .accounts
        .verify(&admin(), w.account_id, &ClientInfo::default())
        .await
        .unwrap();
    let bot = view.bot.unwrap();
    assert_eq!(bot.read_mode, Some(LineReadMode::Auto));
    assert!(!bot.can_mark_read());
    deliver(&w, message("n2", "still there?", now())).await;
    open(&w, &agent, conversation).await;
    assert!(marked(&w).is_empty());
    let tried = w
        .desk
        .line
        .state
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v2/bot/chat/markAsRead")
        .count();
    assert_eq!(tried, 0);
}

async fn a_refused_or_failed_mark_is_retried_not_repeated(db: Db) {
    let w = world(db).await;
    deliver(&w, message("f1", "hello", now())).await;
    let (agent, conversation) = serving(&w, "Dee").await;
    // LINE is down for the first try: the call waits in the outbox and goes on the retry.
    w.desk.line.state.add_fault(fake_line::Fault {
        method: Some("POST".into()),
        path_prefix: "/v2/bot/chat/markAsRead".into(),
        status: Some(500),
        body: None,
        delay_ms: 0,
        drop: false,
        times: 1,
    });
    open(&w, &agent, conversation).await;
    open(&w, &agent, conversation).await;
    assert!(marked(&w).is_empty());
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'mark_read' AND state = 'pending'",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(waiting, 1);
    sqlx::query("UPDATE outbox SET next_attempt_at = 0 WHERE kind = 'mark_read'")
        .execute(&w.db.pool)
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(marked(&w), vec!["read-f1"]);

    // A token LINE refuses (an empty one here) is set aside as failed, never sent again, and
    // the customer's message itself shows no delivery state.
    deliver(&w, message("f2", "again", now())).await;
    sqlx::query(
        "UPDATE messages SET payload = '{\"markAsReadToken\":\" \"}' WHERE line_message_id = 'f2'",
    )
    .execute(&w.db.pool)
    .await
    .unwrap();
    w.desk.line.state.add_fault(fake_line::Fault {
        method: Some("POST".into()),
        path_prefix: "/v2/bot/chat/markAsRead".into(),
        status: Some(400),
        body: Some(json!({ "message": "An invalid markAsReadToken is specified." })),
        delay_ms: 0,
        drop: false,
        times: 1,
    });
    open(&w, &agent, conversation).await;
    sqlx::query("UPDATE outbox SET next_attempt_at = 0")
        .execute(&w.db.pool)
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let (failed, delivery): (i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM outbox WHERE kind = 'mark_read' AND state = 'failed'),
                (SELECT delivery FROM messages WHERE line_message_id = 'f2')",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!((failed, delivery), (1, None));
    assert_eq!(marked(&w), vec!["read-f1"]);
}
