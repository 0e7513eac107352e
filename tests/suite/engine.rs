//! The conversation engine end to end: signed webhooks in through the callback, applied by the
//! event worker; agent replies out through the outbox against the fake LINE platform's faults.

use crate::callback::{account, desk, post, Desk};
use crate::db_tests;
use axum::http::StatusCode;
use fake_line::{sign, Fault, DEMO_CHANNEL_SECRET};
use line_webhook::event::Event;
use linedesk::db::sqlite::chat_append;
use linedesk::db::{conversations, messages, profiles, Backend, Db};
use linedesk::engine::{events, sender, Engine};
use linedesk::line::client::LineClient;
use linedesk::net::outbound::{AllowList, Outbound};
use serde_json::json;

pub const USER: &str = "U4af4980629b0a1b2c3d4e5f6a7b8c9d0";

db_tests!(
    a_text_message_opens_a_conversation_with_the_profile,
    redelivered_events_apply_once_and_unsend_hides_the_text,
    follow_and_unfollow_set_blocked,
    a_message_after_closing_starts_a_new_conversation,
    a_fresh_reply_token_is_used_once_then_push,
    push_survives_5xx_and_dropped_connections_with_one_retry_key,
    a_permanent_refusal_is_stored_with_lines_reason,
    rate_limits_back_off_and_409_counts_as_sent,
    long_texts_are_split_into_one_call,
    typing_shows_lines_loading_animation_throttled,
    media_is_downloaded_after_transcoding_and_failures_are_visible,
    unknown_event_types_are_kept_in_the_raw_event_log,
    a_new_access_token_is_used_at_once,
    a_known_customers_next_messages_join_the_open_conversation_once,
    one_rounds_messages_of_several_customers_each_land_once_in_order,
    a_failed_event_holds_back_its_chats_later_events,
    an_event_that_fails_its_last_attempt_is_set_aside,
);

pub struct World {
    pub desk: Desk,
    pub engine: Engine,
    pub db: Db,
    pub path: String,
    pub account_id: i64,
}

pub async fn world(db: Db) -> World {
    let desk = desk(db.clone()).await;
    let (account_id, path) = account(&desk, "Engine", "2000000001").await;
    let base: url::Url = desk.line.base_url().parse().unwrap();
    let engine = Engine {
        db: db.clone(),
        key: desk.state.master_key.clone(),
        line: LineClient::new(base.clone(), base),
        live: desk.state.live.clone(),
        public_base: "https://desk.example.com".into(),
        routing: Default::default(),
        tokens: Default::default(),
        // The test bots listen on loopback.
        outbound: Outbound::new(AllowList::parse("127.0.0.1")),
        // The desk's own folder: files the engine downloads are the ones its routes serve.
        media_dir: desk.state.media_dir.clone(),
    };
    World {
        desk,
        engine,
        db,
        path,
        account_id,
    }
}

pub async fn deliver(w: &World, body: serde_json::Value) {
    let bytes = body.to_string().into_bytes();
    let signature = sign(DEMO_CHANNEL_SECRET, &bytes);
    assert_eq!(
        post(&w.desk.app, &w.path, bytes, Some(signature)).await,
        StatusCode::OK
    );
    events::process_due(&w.engine, 100).await.unwrap();
}

pub fn text_event(id: &str, text: &str, timestamp: i64) -> serde_json::Value {
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": timestamp,
        "source": { "type": "user", "userId": USER },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"),
        "message": { "id": id, "type": "text", "text": text, "quoteToken": "q" }
    }]})
}

pub fn now() -> i64 {
    linedesk::clock::now_ms()
}

/// The customer's messages of a conversation, oldest first.
async fn inbound_bodies(w: &World, conversation_id: i64) -> Vec<String> {
    messages::list(&w.db.pool, conversation_id)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.direction == domain::conversation::MessageDirection::In)
        .map(|m| m.body.unwrap_or_default())
        .collect()
}

pub async fn only_conversation(w: &World) -> conversations::ConversationRow {
    let list = conversations::list_for_account(&w.db.pool, w.account_id)
        .await
        .unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    list.into_iter().next().unwrap()
}

async fn a_text_message_opens_a_conversation_with_the_profile(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("100", "Hello, I need help", now())).await;
    let conversation = only_conversation(&w).await;
    assert_eq!(
        (
            conversation.chat_kind.as_str(),
            conversation.chat_id.as_str(),
            conversation.state.as_str()
        ),
        ("user", USER, "open")
    );
    let list = messages::list(&w.db.pool, conversation.id).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].body.as_deref(), Some("Hello, I need help"));
    assert_eq!(
        list[0].direction,
        domain::conversation::MessageDirection::In
    );
    let profile = profiles::find(&w.db.pool, w.account_id, USER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        profile.display_name.as_deref(),
        Some("Customer 4af498"),
        "fetched from LINE"
    );
    assert_eq!(profile.language.as_deref(), Some("en"));
    assert_eq!(conversation.profile_id, Some(profile.id));
}

async fn redelivered_events_apply_once_and_unsend_hides_the_text(db: Db) {
    let w = world(db).await;
    let body = text_event("200", "secret plan", now());
    deliver(&w, body.clone()).await;
    deliver(&w, body).await;
    let conversation = only_conversation(&w).await;
    assert_eq!(
        messages::list(&w.db.pool, conversation.id)
            .await
            .unwrap()
            .len(),
        1
    );
    deliver(
        &w,
        json!({ "events": [{ "type": "unsend", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER }, "webhookEventId": "evt-unsend",
        "deliveryContext": { "isRedelivery": false }, "unsend": { "messageId": "200" } }] }),
    )
    .await;
    let list = messages::list(&w.db.pool, conversation.id).await.unwrap();
    assert_eq!(list[0].unsent, 1);
    assert_eq!(
        list[0].body, None,
        "agents no longer see an unsent message's text"
    );
}

async fn follow_and_unfollow_set_blocked(db: Db) {
    let w = world(db).await;
    let event = |kind: &str, id: &str| {
        json!({ "events": [{ "type": kind, "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER }, "webhookEventId": id, "deliveryContext": { "isRedelivery": false },
        "replyToken": "r" }] })
    };
    deliver(&w, event("follow", "f1")).await;
    let profile = profiles::find(&w.db.pool, w.account_id, USER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.blocked, 0);
    assert!(profile.friend_since.is_some() && profile.display_name.is_some());
    deliver(&w, event("unfollow", "f2")).await;
    assert_eq!(
        profiles::find(&w.db.pool, w.account_id, USER)
            .await
            .unwrap()
            .unwrap()
            .blocked,
        1
    );
}

async fn a_message_after_closing_starts_a_new_conversation(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("300", "first", now())).await;
    let first = only_conversation(&w).await;
    conversations::close(&w.db.pool, first.id, now())
        .await
        .unwrap();
    deliver(&w, text_event("301", "again", now())).await;
    let list = conversations::list_for_account(&w.db.pool, w.account_id)
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].state.as_str(), "open");
    assert_eq!(list[1].profile_id, first.profile_id, "same profile");
}

pub fn pushes(w: &World) -> Vec<fake_line::RecordedRequest> {
    w.desk
        .line
        .state
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v2/bot/message/push")
        .collect()
}

async fn make_due(w: &World) {
    sqlx::query("UPDATE outbox SET next_attempt_at = 0")
        .execute(&w.db.pool)
        .await
        .unwrap();
}

async fn delivery(w: &World, message_id: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT delivery, failure FROM messages WHERE id = $1")
        .bind(message_id)
        .fetch_one(&w.db.pool)
        .await
        .unwrap()
}

async fn a_fresh_reply_token_is_used_once_then_push(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("400", "hi", now())).await;
    let conversation = only_conversation(&w).await;
    let first = sender::enqueue_text(&w.engine, conversation.id, 1, "Hello from the agent")
        .await
        .unwrap();
    let second = sender::enqueue_text(&w.engine, conversation.id, 1, "And a second message")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let requests = w.desk.line.state.requests();
    let replies: Vec<_> = requests
        .iter()
        .filter(|r| r.path == "/v2/bot/message/reply")
        .collect();
    assert_eq!(replies.len(), 1, "the reply token is used once");
    assert!(
        replies[0].body.contains("reply-400") && replies[0].body.contains("Hello from the agent")
    );
    assert_eq!(pushes(&w).len(), 1);
    assert!(pushes(&w)[0].body.contains("And a second message"));
    assert_eq!(delivery(&w, first).await.0, "sent");
    assert_eq!(delivery(&w, second).await.0, "sent");
    // A reply token older than 50 s is not tried: push.
    deliver(&w, text_event("401", "hello?", now() - 60_000)).await;
    let third = sender::enqueue_text(&w.engine, conversation.id, 1, "Sorry for the wait")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(
        w.desk
            .line
            .state
            .requests()
            .iter()
            .filter(|r| r.path == "/v2/bot/message/reply")
            .count(),
        1
    );
    assert_eq!(pushes(&w).len(), 2);
    assert_eq!(delivery(&w, third).await.0, "sent");
}

async fn push_survives_5xx_and_dropped_connections_with_one_retry_key(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("500", "hi", now() - 120_000)).await;
    let conversation = only_conversation(&w).await;
    let push = |status: Option<u16>, drop: bool| Fault {
        method: Some("POST".into()),
        path_prefix: "/v2/bot/message/push".into(),
        status,
        body: None,
        delay_ms: 0,
        drop,
        times: 1,
    };
    w.desk.line.state.add_fault(push(Some(500), false));
    w.desk.line.state.add_fault(push(None, true));
    w.desk.line.state.add_fault(push(Some(503), false));
    let message = sender::enqueue_text(&w.engine, conversation.id, 1, "Your order shipped")
        .await
        .unwrap();
    for _ in 0..4 {
        sender::send_due(&w.engine).await.unwrap();
        make_due(&w).await;
    }
    let attempts = pushes(&w);
    assert_eq!(attempts.len(), 4, "500, dropped, 503, then 200");
    let keys: std::collections::HashSet<_> = attempts
        .iter()
        .map(|r| r.retry_key.clone().unwrap())
        .collect();
    assert_eq!(keys.len(), 1, "every attempt carries the same retry key");
    assert_eq!(
        attempts.iter().filter(|r| r.status == 200).count(),
        1,
        "delivered once"
    );
    assert_eq!(delivery(&w, message).await.0, "sent");
}

async fn a_permanent_refusal_is_stored_with_lines_reason(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("600", "hi", now() - 120_000)).await;
    let conversation = only_conversation(&w).await;
    w.desk.line.state.add_fault(Fault {
        method: None,
        path_prefix: "/v2/bot/message/push".into(),
        status: Some(400),
        body: Some(json!({ "message": "The property, 'to', in the request body is invalid" })),
        delay_ms: 0,
        drop: false,
        times: 1,
    });
    let message = sender::enqueue_text(&w.engine, conversation.id, 1, "hello")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    make_due(&w).await;
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(pushes(&w).len(), 1, "a 400 is not retried");
    let (state, failure) = delivery(&w, message).await;
    assert_eq!(state, "failed");
    assert!(failure
        .unwrap()
        .contains("The property, 'to', in the request body is invalid"));
}

async fn rate_limits_back_off_and_409_counts_as_sent(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("700", "hi", now() - 120_000)).await;
    let conversation = only_conversation(&w).await;
    w.desk.line.state.add_fault(Fault {
        method: None,
        path_prefix: "/v2/bot/message/push".into(),
        status: Some(429),
        body: Some(json!({ "message": "The API rate limit has been exceeded. Try again later." })),
        delay_ms: 0,
        drop: false,
        times: 1,
    });
    let message = sender::enqueue_text(&w.engine, conversation.id, 1, "hello")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let (next_at, attempts): (i64, i32) =
        sqlx::query_as("SELECT next_attempt_at, attempts FROM outbox")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert!(next_at > now() + 500, "backs off before trying again");
    assert_eq!(attempts, 1);
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(pushes(&w).len(), 1, "not retried before the backoff");
    make_due(&w).await;
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(delivery(&w, message).await.0, "sent");
    // LINE says the retry key was already accepted: that is a delivery.
    w.desk.line.state.add_fault(Fault {
        method: None,
        path_prefix: "/v2/bot/message/push".into(),
        status: Some(409),
        body: Some(json!({ "message": "The retry key is already accepted" })),
        delay_ms: 0,
        drop: false,
        times: 1,
    });
    let again = sender::enqueue_text(&w.engine, conversation.id, 1, "second")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(delivery(&w, again).await.0, "sent");
}

async fn long_texts_are_split_into_one_call(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("800", "hi", now() - 120_000)).await;
    let conversation = only_conversation(&w).await;
    let text = (0..2400)
        .map(|i| format!("word{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let message = sender::enqueue_text(&w.engine, conversation.id, 1, &text)
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let attempts = pushes(&w);
    assert_eq!(attempts.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&attempts[0].body).unwrap();
    let parts = body["messages"].as_array().unwrap();
    assert!(parts.len() >= 3 && parts.len() <= 5, "{}", parts.len());
    assert!(parts
        .iter()
        .all(|m| m["text"].as_str().unwrap().chars().count() <= 5000));
    assert_eq!(delivery(&w, message).await.0, "sent");
}

async fn typing_shows_lines_loading_animation_throttled(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("900", "hi", now())).await;
    let conversation = only_conversation(&w).await;
    let agent = crate::accounts::admin();
    let conversations = &w.desk.state.services.conversations;
    assert!(conversations.typing(&agent, conversation.id).await.unwrap());
    assert!(
        !conversations.typing(&agent, conversation.id).await.unwrap(),
        "throttled"
    );
    let calls: Vec<_> = w
        .desk
        .line
        .state
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v2/bot/chat/loading/start")
        .collect();
    assert_eq!(calls.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&calls[0].body).unwrap();
    assert_eq!(body["chatId"], USER);
    assert_eq!(body["loadingSeconds"], 20);
    // Not in group chats (LINE only animates 1:1 chats).
    deliver(
        &w,
        json!({ "events": [{ "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "group", "groupId": "Cgroup1", "userId": USER }, "webhookEventId": "g1",
        "deliveryContext": { "isRedelivery": false }, "replyToken": "rg",
        "message": { "id": "901", "type": "text", "text": "group hello" } }] }),
    )
    .await;
    let group = conversations::list_for_account(&w.db.pool, w.account_id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.chat_kind.as_str() == "group")
        .unwrap();
    assert!(!conversations.typing(&agent, group.id).await.unwrap());
}

fn media_event(id: &str, kind: &str, provider: serde_json::Value) -> serde_json::Value {
    json!({ "events": [{ "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER }, "webhookEventId": format!("evt-{id}"),
        "deliveryContext": { "isRedelivery": false }, "replyToken": "r",
        "message": { "id": id, "type": kind, "contentProvider": provider } }] })
}

async fn attachment(
    w: &World,
    line_id: &str,
) -> (String, Option<String>, Option<String>, Option<i64>) {
    sqlx::query_as("SELECT state, sha256, error, size FROM attachments WHERE line_message_id = $1")
        .bind(line_id)
        .fetch_one(&w.db.pool)
        .await
        .unwrap()
}

async fn media_is_downloaded_after_transcoding_and_failures_are_visible(db: Db) {
    use linedesk::engine::media;
    let w = world(db).await;
    let image = b"\x89PNG fake image bytes".to_vec();
    w.desk
        .line
        .state
        .lock()
        .content
        .insert("img1".into(), ("image/png".into(), image.clone()));
    deliver(&w, media_event("img1", "image", json!({ "type": "line" }))).await;
    media::download_due(&w.engine).await.unwrap();
    let (state, sha, _, size) = attachment(&w, "img1").await;
    assert_eq!(state, "stored");
    assert_eq!(size, Some(image.len() as i64));
    let stored = std::fs::read(media::path_for(&w.engine, &sha.unwrap())).unwrap();
    assert_eq!(stored, image, "content-addressed file holds LINE's bytes");

    // A video waits for LINE's transcoding, then downloads.
    deliver(&w, media_event("vid1", "video", json!({ "type": "line" }))).await;
    media::download_due(&w.engine).await.unwrap();
    let (state, _, error, _) = attachment(&w, "vid1").await;
    assert_eq!(state, "pending");
    assert!(error.unwrap().contains("preparing"));
    w.desk
        .line
        .state
        .lock()
        .content
        .insert("vid1".into(), ("video/mp4".into(), b"mp4".to_vec()));
    sqlx::query("UPDATE attachments SET next_attempt_at = 0")
        .execute(&w.db.pool)
        .await
        .unwrap();
    media::download_due(&w.engine).await.unwrap();
    assert_eq!(attachment(&w, "vid1").await.0, "stored");

    // LINE no longer has it: failed, with the reason, not an empty bubble.
    deliver(
        &w,
        media_event("img404", "image", json!({ "type": "line" })),
    )
    .await;
    media::download_due(&w.engine).await.unwrap();
    let (state, _, error, _) = attachment(&w, "img404").await;
    assert_eq!(state, "failed");
    assert!(error.unwrap().contains("404"));

    // External providers keep their URLs; nothing is downloaded.
    deliver(
        &w,
        media_event(
            "ext1",
            "image",
            json!({ "type": "external", "originalContentUrl": "https://cdn.example.com/a.jpg" }),
        ),
    )
    .await;
    assert_eq!(attachment(&w, "ext1").await.0, "external");
    let detail = w
        .desk
        .state
        .services
        .conversations
        .get(only_conversation(&w).await.id)
        .await
        .unwrap();
    let views: Vec<_> = detail
        .messages
        .iter()
        .filter_map(|m| m.attachment.clone())
        .collect();
    assert_eq!(views.len(), 4);
    assert!(views
        .iter()
        .any(|a| a.state.as_str() == "failed"
            && a.error.as_deref().unwrap_or_default().contains("404")));
}

async fn unknown_event_types_are_kept_in_the_raw_event_log(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("rl1", "hello", now())).await;
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "beacon", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": USER }, "webhookEventId": "evt-beacon",
            "deliveryContext": { "isRedelivery": false }, "replyToken": "reply-beacon",
            "beacon": { "hwid": "d41d8cd98f", "type": "enter" }
        }]}),
    )
    .await;
    let accounts = w.desk.state.services.accounts.clone();
    let all = accounts.raw_events(w.account_id, "all").await.unwrap();
    assert_eq!(all.len(), 2);
    assert!(
        all.iter().all(|e| e.processed_at.is_some()),
        "applied (or kept) without a crash"
    );
    let other = accounts.raw_events(w.account_id, "other").await.unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].event_type, "beacon");
    assert!(other[0].body.contains("d41d8cd98f"));
    assert!(accounts
        .raw_events(w.account_id, "failed")
        .await
        .unwrap()
        .is_empty());
}

/// The engine keeps each account's access token for a second; an administrator's new token
/// must still be used from the very next call.
async fn a_new_access_token_is_used_at_once(db: Db) {
    use linedesk::db::accounts::{self, Sealed};
    let w = world(db).await;
    assert_eq!(
        w.engine.token(w.account_id).await.unwrap(),
        fake_line::DEMO_ACCESS_TOKEN
    );
    let sealed = w.engine.key.seal(b"a-brand-new-token");
    accounts::set_sealed(
        &w.db.pool,
        w.account_id,
        Sealed::AccessToken,
        sealed,
        "oken",
        now(),
    )
    .await
    .unwrap();
    assert_eq!(
        w.engine.token(w.account_id).await.unwrap(),
        "a-brand-new-token"
    );
}

/// A customer's later messages join the open conversation in order and leave it their reply
/// token and time; an event applied again stores nothing twice, and once its own conversation
/// has closed it opens none and adds nothing to a newer one. A standby event leaves no reply token. (SQLite stores each in one call,
/// PostgreSQL statement by statement: both are held to this.)
/// On SQLite a round's first messages of distinct chats are stored in one transaction before
/// their follow-ups run (engine/events/batch.rs); a chat's second message waits for its turn.
async fn one_rounds_messages_of_several_customers_each_land_once_in_order(db: Db) {
    let w = world(db).await;
    let start = now();
    let users = [
        USER,
        "Ub0000000000000000000000000000001",
        "Uc0000000000000000000000000000002",
    ];
    let event = |id: &str, user: &str, text: &str, at: i64| {
        let mut event = text_event(id, text, at)["events"][0].clone();
        event["source"]["userId"] = json!(user);
        event
    };
    let events = [
        event("900", users[0], "a1", start),
        event("901", users[1], "b1", start + 1),
        event("902", users[2], "c1", start + 2),
        event("903", users[0], "a2", start + 3),
        event("904", users[1], "b2", start + 4),
    ];
    // One delivery, then one worker round for all of it.
    let bytes = json!({ "destination": "Ubot", "events": events })
        .to_string()
        .into_bytes();
    let signature = sign(DEMO_CHANNEL_SECRET, &bytes);
    assert_eq!(
        post(&w.desk.app, &w.path, bytes, Some(signature)).await,
        StatusCode::OK
    );
    assert_eq!(events::process_due(&w.engine, 100).await.unwrap(), 5);
    // Applied again (as after a crash before the round was marked): nothing new.
    for event in &events {
        events::apply(&w.engine, w.account_id, &Event::from_value(event.clone()))
            .await
            .unwrap();
    }
    assert_eq!(events::process_due(&w.engine, 100).await.unwrap(), 0);
    let list = conversations::list_for_account(&w.db.pool, w.account_id)
        .await
        .unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    for (user, expected, last) in [
        (users[0], vec!["a1", "a2"], start + 3),
        (users[1], vec!["b1", "b2"], start + 4),
        (users[2], vec!["c1"], start + 2),
    ] {
        let conversation = list.iter().find(|c| c.chat_id == user).unwrap();
        assert_eq!(conversation.last_message_at, last, "{user}");
        assert_eq!(
            inbound_bodies(&w, conversation.id).await,
            expected,
            "{user}"
        );
        let profile = profiles::find(&w.db.pool, w.account_id, user)
            .await
            .unwrap()
            .unwrap();
        assert!(profile.display_name.is_some(), "{user}: fetched from LINE");
        assert_eq!(conversation.profile_id, Some(profile.id), "{user}");
    }
}

/// A batch of messages holds SQLite's write lock; while the callback has a delivery waiting it
/// writes one message and commits (engine/events/batch.rs takes the rest at their turn).
#[tokio::test]
async fn a_batch_of_messages_stops_for_the_callback() {
    let w = world(crate::support::sqlite().await).await;
    let chats = [
        "Ud0000000000000000000000000000001",
        "Ud0000000000000000000000000000002",
        "Ud0000000000000000000000000000003",
    ];
    let message = |chat_id: &'static str| chat_append::ChatMessage {
        account_id: w.account_id,
        chat_kind: "user",
        chat_id,
        line_user_id: Some(chat_id),
        direction: "in",
        kind: "text",
        line_message_id: Some(chat_id),
        body: Some("hello"),
        payload: "{}",
        sent_at: now(),
        reply_token: None,
        may_be_survey_comment: false,
        workstream_id: None,
        queue_id: None,
        now: now(),
    };
    let batch: Vec<_> = chats.iter().map(|chat| message(chat)).collect();
    let waiting = w.db.callback_queue.waiting();
    let stored = chat_append::append_many(&w.db, &batch).await.unwrap();
    assert_eq!(stored.len(), 1, "one message, then the callback");
    drop(waiting);
    let stored = chat_append::append_many(&w.db, &batch[1..]).await.unwrap();
    assert_eq!(stored.len(), 2, "the rest, with no delivery waiting");
    assert!(stored
        .iter()
        .all(|s| matches!(s, Ok(chat_append::Appended::Stored(_)))));
    let list = conversations::list_for_account(&w.db.pool, w.account_id)
        .await
        .unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
}

async fn a_known_customers_next_messages_join_the_open_conversation_once(db: Db) {
    let w = world(db).await;
    let start = now();
    deliver(&w, text_event("500", "first", start)).await;
    let opened = only_conversation(&w).await;
    let second = text_event("501", "second", start + 10);
    deliver(&w, second.clone()).await;
    let conversation = only_conversation(&w).await;
    assert_eq!(conversation.id, opened.id);
    assert_eq!(conversation.last_message_at, start + 10);
    assert_eq!(conversation.reply_token.as_deref(), Some("reply-501"));
    // Applied again (as after a crash before the event was marked done): nothing new.
    let second_event = Event::from_value(second["events"][0].clone());
    events::apply(&w.engine, w.account_id, &second_event)
        .await
        .unwrap();
    let mut standby = text_event("502", "third", start + 20);
    standby["events"][0]["mode"] = json!("standby");
    deliver(&w, standby).await;
    let list = messages::list(&w.db.pool, conversation.id).await.unwrap();
    let bodies: Vec<_> = list
        .iter()
        .filter(|m| m.direction == domain::conversation::MessageDirection::In)
        .map(|m| m.body.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(bodies, ["first", "second", "third"]);
    let conversation = only_conversation(&w).await;
    assert_eq!(conversation.last_message_at, start + 20);
    assert_eq!(
        conversation.reply_token.as_deref(),
        Some("reply-501"),
        "a standby event leaves no reply token"
    );
    // Applied again after an agent closed the conversation: old news, no new conversation.
    conversations::close(&w.db.pool, conversation.id, now())
        .await
        .unwrap();
    let second_again = || async {
        events::apply(&w.engine, w.account_id, &second_event)
            .await
            .unwrap();
        conversations::list_for_account(&w.db.pool, w.account_id)
            .await
            .unwrap()
    };
    let list = second_again().await;
    assert_eq!(list.len(), 1, "{list:?}");
    // And after a later message opened a new conversation (events of one chat applied in one
    // round, the process killed before they were marked): the new one gets nothing of it, not
    // its text, time or reply token.
    deliver(&w, text_event("503", "fourth", start + 30)).await;
    let list = second_again().await;
    assert_eq!(list.len(), 2, "{list:?}");
    let newer = list.iter().find(|c| !c.state.is_closed()).unwrap();
    assert_eq!(inbound_bodies(&w, newer.id).await, ["fourth"]);
    assert_eq!(newer.last_message_at, start + 30);
    assert_eq!(newer.reply_token.as_deref(), Some("reply-503"));
}

/// An event that cannot be applied waits for its retry, and so do its chat's later events (also
/// those claimed with it in one round); other chats go on. Once it applies, both follow in order.
async fn a_failed_event_holds_back_its_chats_later_events(db: Db) {
    let w = world(db).await;
    refuse_first(&w).await;
    let start = now();
    let mut body = text_event("700", "first", start);
    let second = text_event("701", "second", start + 1)["events"][0].clone();
    let mut other = text_event("702", "someone else", start + 2)["events"][0].clone();
    other["source"]["userId"] = json!("U0000000000000000000000000000beef");
    body["events"]
        .as_array_mut()
        .unwrap()
        .extend([second, other]);
    deliver(&w, body).await;
    events::process_due(&w.engine, 100).await.unwrap();

    let state = |id: &'static str| {
        let pool = w.db.pool.clone();
        async move {
            sqlx::query_as::<_, (Option<i64>, i32)>(
                "SELECT processed_at, attempts FROM webhook_events WHERE event_id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (processed, attempts) = state("evt-700").await;
    assert!(
        processed.is_none() && attempts == 1,
        "the first waits for a retry"
    );
    assert_eq!(
        state("evt-701").await,
        (None, 0),
        "the same chat's next event waits, untried"
    );
    assert!(state("evt-702").await.0.is_some(), "another chat goes on");
    let bodies = |user: &'static str| {
        let w = &w;
        async move {
            let mut out = Vec::new();
            for conversation in conversations::list_for_account(&w.db.pool, w.account_id)
                .await
                .unwrap()
                .into_iter()
                .filter(|c| c.chat_id == user)
            {
                for message in messages::list(&w.db.pool, conversation.id).await.unwrap() {
                    out.push(message.body.unwrap_or_default());
                }
            }
            out
        }
    };
    assert!(bodies(USER).await.is_empty());

    // The write works again and the retry is due: both apply, in order.
    let drop = match w.db.backend {
        Backend::Sqlite => "DROP TRIGGER refuse_message",
        Backend::Postgres => "DROP TRIGGER refuse_message ON messages",
    };
    sqlx::query(drop).execute(&w.db.pool).await.unwrap();
    sqlx::query("UPDATE webhook_events SET claimed_until = 0 WHERE event_id = 'evt-700'")
        .execute(&w.db.pool)
        .await
        .unwrap();
    events::process_due(&w.engine, 100).await.unwrap();
    assert_eq!(bodies(USER).await, ["first", "second"]);
    assert!(state("evt-701").await.0.is_some());
}

/// The database refuses a message whose text is "first", as a failing write would.
async fn refuse_first(w: &World) {
    let refuse = match w.db.backend {
        Backend::Sqlite => vec![
            "CREATE TRIGGER refuse_message BEFORE INSERT ON messages WHEN NEW.body = 'first'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ],
        Backend::Postgres => vec![
            "CREATE FUNCTION refuse_message() RETURNS trigger AS $$ BEGIN
               IF NEW.body = 'first' THEN RAISE EXCEPTION 'refused by the test'; END IF;
               RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_message BEFORE INSERT ON messages
             FOR EACH ROW EXECUTE FUNCTION refuse_message()",
        ],
    };
    for sql in refuse {
        sqlx::query(sql).execute(&w.db.pool).await.unwrap();
    }
}

/// An event that fails its last attempt is set aside: processed, with why (the raw event log
/// shows it), and its chat's next event no longer waits for it.
async fn an_event_that_fails_its_last_attempt_is_set_aside(db: Db) {
    let w = world(db).await;
    refuse_first(&w).await;
    let start = now();
    let mut body = text_event("710", "first", start);
    let next = text_event("711", "next", start + 1)["events"][0].clone();
    body["events"].as_array_mut().unwrap().push(next);
    deliver(&w, body).await;
    // Eleven failed attempts behind it, and the retry due.
    sqlx::query(
        "UPDATE webhook_events SET attempts = 11, claimed_until = 0 WHERE event_id = 'evt-710'",
    )
    .execute(&w.db.pool)
    .await
    .unwrap();
    events::process_due(&w.engine, 100).await.unwrap();
    let (processed, attempts, error): (Option<i64>, i32, Option<String>) = sqlx::query_as(
        "SELECT processed_at, attempts, last_error FROM webhook_events WHERE event_id = 'evt-710'",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert!(processed.is_some(), "set aside");
    assert_eq!(attempts, 12);
    let error = error.unwrap();
    assert!(
        error.starts_with("gave up after 12 attempts") && error.contains("refused by the test"),
        "{error}"
    );
    let conversation = only_conversation(&w).await;
    assert_eq!(inbound_bodies(&w, conversation.id).await, ["next"]);
}
