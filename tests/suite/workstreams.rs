//! Workstreams and Set up LINE: creation rules, the LINE channel and its account, audit entries,
//! and what the engine does with the configuration (greeting, survey, file rules, auto-close).

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, text_event, world, World, USER};
use domain::audit::AuditQuery;
use domain::automated::Trigger;
use domain::user::ClientInfo;
use domain::workstream::{
    ChannelConfig, MessageSetting, NewWorkstream, Survey, SurveyMode, WorkstreamSettings,
};
use domain::AppError;
use linedesk::db::{messages, surveys, Db};
use linedesk::engine::{automated, sender};
use serde_json::json;

db_tests!(
    workstreams_get_a_new_queue_and_keep_their_mode,
    an_account_feeds_one_line_channel_and_cannot_be_deleted_meanwhile,
    a_japanese_channel_greets_the_first_message_once,
    ending_sends_the_survey_and_stores_rating_and_comment,
    files_are_refused_when_customers_may_not_send_them,
    a_channel_change_reaches_the_next_event_at_once,
    quiet_conversations_close_with_the_session_ended_message,
    agents_send_files_only_where_the_channel_allows_by_signed_links,
    the_first_answer_assigns_the_agent_with_the_workstream_default_text,
    outside_operating_hours_the_customer_hears_so_once_a_day,
    stored_offsets_become_zones_and_new_workstreams_start_in_the_organisations,
    a_thai_customer_on_a_japanese_channel_with_thai_hears_thai,
    a_customer_whose_language_the_channel_lacks_hears_its_default,
);

fn client() -> ClientInfo {
    ClientInfo::default()
}

fn field(err: AppError, name: &str) -> String {
    err.field(name)
        .unwrap_or_else(|| panic!("expected an error on {name}, got {err:?}"))
}

async fn create(w: &World, name: &str, mode: &str, queue: &str) -> Result<i64, AppError> {
    w.desk
        .state
        .services
        .workstreams
        .create(
            &admin(),
            NewWorkstream {
                name: name.into(),
                mode: mode.into(),
                fallback_queue_id: None,
                new_queue_name: Some(queue.into()),
            },
            &client(),
        )
        .await
}

/// A workstream whose finished LINE channel uses the world's account.
pub async fn live_channel(w: &World, config: ChannelConfig) -> i64 {
    let ws = w.desk.state.services.workstreams.clone();
    let id = create(w, "LINE Japan", "push", "Japan").await.unwrap();
    ws.set_channel_account(&admin(), id, w.account_id, &client())
        .await
        .unwrap();
    ws.update_channel(&admin(), id, config, &client())
        .await
        .unwrap();
    ws.finish_channel(&admin(), id, &client()).await.unwrap();
    id
}

/// Every message sent to LINE (reply or push), each request body checked against LINE's spec.
pub fn sent_messages(w: &World) -> Vec<serde_json::Value> {
    w.desk
        .line
        .state
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v2/bot/message/reply" || r.path == "/v2/bot/message/push")
        .flat_map(|r| {
            let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            crate::line_openapi::check_request(&r.path, &body);
            body["messages"].as_array().cloned().unwrap_or_default()
        })
        .collect()
}

/// Every text linedesk sent to LINE (reply or push), in order.
pub fn sent_texts(w: &World) -> Vec<String> {
    sent_messages(w)
        .into_iter()
        .filter_map(|m| m["text"].as_str().map(str::to_owned))
        .collect()
}

async fn workstreams_get_a_new_queue_and_keep_their_mode(db: Db) {
    let w = world(db).await;
    let ws = w.desk.state.services.workstreams.clone();
    let id = create(&w, "LINE support", "pick", "General").await.unwrap();
    let view = ws.get(id).await.unwrap();
    assert_eq!(view.fallback_queue.name, "General");
    assert_eq!(view.mode.as_str(), "pick");
    assert_eq!(view.settings, WorkstreamSettings::default());

    // Names are unique, the mode must be push or pick, a queue is required.
    let err = create(&w, "LINE support", "push", "Other")
        .await
        .unwrap_err();
    assert!(field(err, "name").contains("already exists"));
    let err = create(&w, "X", "broadcast", "Other").await.unwrap_err();
    assert!(field(err, "mode").contains("push or pick"));
    let err = create(&w, "Y", "push", "General").await.unwrap_err();
    assert!(field(err, "new_queue_name").contains("already exists"));

    // The server refuses a mode change, not only the form.
    let queue = view.fallback_queue.id;
    let err = ws
        .update_details(&admin(), id, "LINE support", Some("push"), queue, &client())
        .await
        .unwrap_err();
    assert!(field(err, "mode").contains("can't be changed"));
    ws.update_details(&admin(), id, "LINE help", Some("pick"), queue, &client())
        .await
        .unwrap();

    // Settings are validated as a whole; keep-same-agent is for push only.
    let mut settings = view.settings.clone();
    settings.distribution.keep_same_agent = true;
    let err = ws
        .update_settings(&admin(), id, settings.clone(), &client())
        .await
        .unwrap_err();
    assert!(field(err, "keep_same_agent").contains("push"));
    settings.distribution.keep_same_agent = false;
    settings.distribution.auto_close_minutes = 30;
    ws.update_settings(&admin(), id, settings, &client())
        .await
        .unwrap();
    assert_eq!(
        ws.get(id)
            .await
            .unwrap()
            .settings
            .distribution
            .auto_close_minutes,
        30
    );

    // Copy keeps the settings, not the channel; delete frees the name.
    let copy = ws.copy(&admin(), id, &client()).await.unwrap();
    let copied = ws.get(copy).await.unwrap();
    assert_eq!(copied.name, "Copy of LINE help");
    assert_eq!(copied.settings.distribution.auto_close_minutes, 30);
    ws.delete(&admin(), id, &client()).await.unwrap();
    assert!(matches!(ws.get(id).await, Err(AppError::NotFound(_))));
    create(&w, "LINE help", "push", "Another").await.unwrap();

    // Every change is audited with before and after.
    let entries = w
        .desk
        .state
        .services
        .audit
        .list(AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .filter(|e| e.entity == "workstream")
        .map(|e| e.action.as_str())
        .collect();
    for action in [
        "workstream.create",
        "workstream.update",
        "workstream.settings",
        "workstream.copy",
        "workstream.delete",
    ] {
        assert!(actions.contains(&action), "{action} missing in {actions:?}");
    }
    let settings_entry = entries
        .iter()
        .find(|e| e.action == "workstream.settings")
        .unwrap();
    assert!(settings_entry.detail.contains("\"before\""));
    assert!(settings_entry.detail.contains("\"auto_close_minutes\":30"));
}

async fn an_account_feeds_one_line_channel_and_cannot_be_deleted_meanwhile(db: Db) {
    let w = world(db).await;
    let ws = w.desk.state.services.workstreams.clone();
    let accounts = w.desk.state.services.accounts.clone();
    let first = live_channel(&w, ChannelConfig::default()).await;
    let second = create(&w, "LINE Thailand", "push", "Thailand")
        .await
        .unwrap();
    let offered = ws.available_accounts().await.unwrap();
    let mine = offered.iter().find(|a| a.id == w.account_id).unwrap();
    assert_eq!(mine.taken_by.as_deref(), Some("LINE Japan"));
    let err = ws
        .set_channel_account(&admin(), second, w.account_id, &client())
        .await
        .unwrap_err();
    assert!(field(err, "account_id").contains("already uses"));

    // The account lists its workstream, and deleting it is refused with the list.
    assert_eq!(
        accounts.get(w.account_id).await.unwrap().workstreams,
        vec!["LINE Japan".to_string()]
    );
    let err = accounts
        .delete(&admin(), w.account_id, &client())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("LINE Japan"), "{err}");

    // Finishing needs an account; deleting the channel frees the account.
    let err = ws
        .finish_channel(&admin(), second, &client())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Pick a LINE account"));
    ws.delete_channel(&admin(), first, &client()).await.unwrap();
    assert!(ws.get(first).await.unwrap().channel.is_none());
    accounts
        .delete(&admin(), w.account_id, &client())
        .await
        .unwrap();
}

async fn a_japanese_channel_greets_the_first_message_once(db: Db) {
    let w = world(db).await;
    live_channel(
        &w,
        ChannelConfig {
            language: "ja".into(),
            ..ChannelConfig::default()
        },
    )
    .await;
    deliver(&w, text_event("500", "こんにちは", now())).await;
    deliver(&w, text_event("501", "もしもし", now())).await;
    // Applying the first event again (after a crash) must not greet twice.
    let conversation = only_conversation(&w).await;
    assert!(conversation.workstream_id.is_some() && conversation.queue_id.is_some());
    sender::send_due(&w.engine).await.unwrap();
    let texts = sent_texts(&w);
    assert_eq!(
        texts,
        vec!["お問い合わせありがとうございます。担当者が確認次第、ご返信いたします。".to_string()],
        "one greeting in Japanese"
    );
    // The greeting answered with the first message's reply token.
    assert!(w
        .desk
        .line
        .state
        .requests()
        .iter()
        .any(|r| r.path == "/v2/bot/message/reply" && r.body.contains("reply-500")));
}

async fn ending_sends_the_survey_and_stores_rating_and_comment(db: Db) {
    let w = world(db).await;
    let mut config = ChannelConfig {
        survey: Survey {
            enabled: true,
            mode: SurveyMode::InConversation,
            ..Survey::default()
        },
        ..ChannelConfig::default()
    };
    config.messages.insert(
        Trigger::AgentEnded,
        MessageSetting {
            enabled: true,
            text: Some("{AgentName} closed this chat, {CustomerName}.".into()),
        },
    );
    live_channel(&w, config).await;
    deliver(&w, text_event("600", "help", now())).await;
    let conversation = only_conversation(&w).await;
    w.desk
        .state
        .services
        .conversations
        .end(&admin(), conversation.id)
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let texts = sent_texts(&w);
    assert!(
        texts.contains(&"Admin closed this chat, Customer 4af498.".to_string()),
        "{texts:?}"
    );
    assert!(texts.contains(&"How would you rate your conversation with us?".to_string()));
    let survey_call = w
        .desk
        .line
        .state
        .requests()
        .into_iter()
        .find(|r| r.body.contains("How would you rate"))
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&survey_call.body).unwrap();
    let items = body["messages"][0]["quickReply"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items.len(), 5, "ratings 1 to 5");
    let data = items[3]["action"]["data"].as_str().unwrap().to_string();

    // The customer taps 4, then writes a comment: both stored, no new conversation opened.
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "postback", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": USER }, "webhookEventId": "evt-601",
            "deliveryContext": { "isRedelivery": false }, "replyToken": "reply-601",
            "postback": { "data": data }
        }]}),
    )
    .await;
    deliver(&w, text_event("602", "Very quick, thanks!", now())).await;
    let survey = surveys::for_conversation(&w.db.pool, conversation.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(survey.rating, Some(4));
    assert_eq!(survey.comment.as_deref(), Some("Very quick, thanks!"));
    assert_eq!(
        only_conversation(&w).await.state.as_str(),
        "closed",
        "no new conversation"
    );
    // A forged postback for another conversation changes nothing.
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "postback", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": "Uother" }, "webhookEventId": "evt-603",
            "deliveryContext": { "isRedelivery": false }, "replyToken": "reply-603",
            "postback": { "data": format!("linedesk-survey:{}:1", conversation.id) }
        }]}),
    )
    .await;
    let survey = surveys::for_conversation(&w.db.pool, conversation.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(survey.rating, Some(4));
    // The agent sees the survey on the conversation.
    let detail = w
        .desk
        .state
        .services
        .conversations
        .get(conversation.id)
        .await
        .unwrap();
    let survey_view = detail.survey.unwrap();
    assert_eq!(survey_view.rating, Some(4));
    assert_eq!(survey_view.comment.as_deref(), Some("Very quick, thanks!"));
}

/// A customer's 2 KB invoice.pdf, as LINE delivers it.
fn invoice_file_event(id: &str) -> serde_json::Value {
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER }, "webhookEventId": format!("evt-{id}"),
        "deliveryContext": { "isRedelivery": false }, "replyToken": format!("reply-{id}"),
        "message": { "id": id, "type": "file", "fileName": "invoice.pdf", "fileSize": 2048 }
    }]})
}

async fn files_are_refused_when_customers_may_not_send_them(db: Db) {
    let w = world(db).await;
    let mut config = ChannelConfig::default();
    config.attachments.customers_can_send = false;
    live_channel(&w, config).await;
    deliver(&w, invoice_file_event("700")).await;
    let conversation = only_conversation(&w).await;
    let list = messages::list(&w.db.pool, conversation.id).await.unwrap();
    let file = list.iter().find(|m| m.kind == "file").unwrap();
    assert!(file
        .failure
        .as_deref()
        .unwrap()
        .contains("Customers can't send files"));
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(pending, 0, "a refused file is not downloaded");
    sender::send_due(&w.engine).await.unwrap();
    let texts = sent_texts(&w);
    assert!(
        texts.iter().any(|t| t.contains("can't accept files")),
        "{texts:?}"
    );
    // The agent side: the conversation says agents may not attach either when so configured.
    let detail = w
        .desk
        .state
        .services
        .conversations
        .get(conversation.id)
        .await
        .unwrap();
    assert!(detail.agents_can_attach);
}

/// The event worker keeps each account's channel context for a second; a change made through
/// the desk must still apply to the very next event.
async fn a_channel_change_reaches_the_next_event_at_once(db: Db) {
    let w = world(db).await;
    let id = live_channel(&w, ChannelConfig::default()).await;
    // The first event reads (and caches) the context: customers may send files.
    deliver(&w, text_event("710", "hello", now())).await;
    let mut config = ChannelConfig::default();
    config.attachments.customers_can_send = false;
    w.desk
        .state
        .services
        .workstreams
        .update_channel(&admin(), id, config, &client())
        .await
        .unwrap();
    deliver(&w, invoice_file_event("711")).await;
    let conversation = only_conversation(&w).await;
    let list = messages::list(&w.db.pool, conversation.id).await.unwrap();
    let file = list.iter().find(|m| m.kind == "file").unwrap();
    assert!(
        file.failure
            .as_deref()
            .is_some_and(|f| f.contains("Customers can't send files")),
        "the file was judged by the old configuration: {:?}",
        file.failure
    );
}

async fn quiet_conversations_close_with_the_session_ended_message(db: Db) {
    let w = world(db).await;
    let id = live_channel(&w, ChannelConfig::default()).await;
    let ws = w.desk.state.services.workstreams.clone();
    let mut settings = ws.get(id).await.unwrap().settings;
    settings.distribution.auto_close_minutes = 5;
    ws.update_settings(&admin(), id, settings, &client())
        .await
        .unwrap();
    deliver(&w, text_event("800", "anyone?", now() - 4 * 60_000)).await;
    assert_eq!(automated::close_inactive(&w.engine).await.unwrap(), 0);
    sqlx::query("UPDATE conversations SET last_message_at = $1")
        .bind(now() - 6 * 60_000)
        .execute(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(automated::close_inactive(&w.engine).await.unwrap(), 1);
    assert_eq!(automated::close_inactive(&w.engine).await.unwrap(), 0);
    assert_eq!(only_conversation(&w).await.state.as_str(), "closed");
    sender::send_due(&w.engine).await.unwrap();
    let texts = sent_texts(&w);
    assert!(texts.iter().any(|t| t.contains("no activity")), "{texts:?}");
}

async fn agents_send_files_only_where_the_channel_allows_by_signed_links(db: Db) {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use domain::conversation::FileUpload;
    use tower::ServiceExt;

    let w = world(db).await;
    let mut config = ChannelConfig::default();
    config.attachments.agents_can_send = false;
    let id = live_channel(&w, config.clone()).await;
    deliver(&w, text_event("900", "send me the invoice", now())).await;
    let conversation = only_conversation(&w).await;
    let conversations = w.desk.state.services.conversations.clone();
    let png = {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend_from_slice(&[0u8; 64]);
        bytes
    };
    // The upload route streams a file to a staging file before the service sees it.
    let staged = std::sync::atomic::AtomicUsize::new(0);
    let upload = |name: &str, bytes: Vec<u8>| {
        let dir = w.engine.media_dir.join("incoming");
        std::fs::create_dir_all(&dir).unwrap();
        let n = staged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("test-{n}"));
        std::fs::write(&path, &bytes).unwrap();
        FileUpload {
            name: name.into(),
            staged: path,
            size: bytes.len() as u64,
        }
    };
    // Agents may not send files here: refused, and the conversation says so (no attach button).
    assert_eq!(
        conversations
            .send_file(&admin(), conversation.id, upload("photo.png", png.clone()))
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert!(
        !conversations
            .get(conversation.id)
            .await
            .unwrap()
            .agents_can_attach
    );

    config.attachments.agents_can_send = true;
    let ws = w.desk.state.services.workstreams.clone();
    ws.update_channel(&admin(), id, config, &client())
        .await
        .unwrap();
    assert!(
        conversations
            .get(conversation.id)
            .await
            .unwrap()
            .agents_can_attach
    );
    // Blocked extensions and empty files get a reason on the field.
    let err = conversations
        .send_file(
            &admin(),
            conversation.id,
            upload("setup.exe", b"MZ".to_vec()),
        )
        .await
        .unwrap_err();
    assert!(field(err, "file").contains(".exe"));
    conversations
        .send_file(&admin(), conversation.id, upload("photo.png", png.clone()))
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    let call = w
        .desk
        .line
        .state
        .requests()
        .into_iter()
        .find(|r| r.body.contains("\"type\":\"image\""))
        .expect("an image message went to LINE");
    let body: serde_json::Value = serde_json::from_str(&call.body).unwrap();
    let url = body["messages"][0]["originalContentUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(url.starts_with("https://desk.example.com/media/"), "{url}");
    let path = url.trim_start_matches("https://desk.example.com");
    // LINE fetches the file without a session; a changed signature gets nothing.
    let get = |path: String| {
        w.desk
            .app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
    };
    let response = get(path.to_string()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), png.as_slice());
    let other = if path.ends_with('A') { 'B' } else { 'A' };
    let forged = format!("{}{other}", &path[..path.len() - 1]);
    assert_eq!(get(forged).await.unwrap().status(), StatusCode::NOT_FOUND);
    // The agent's message shows the photo.
    let detail = conversations.get(conversation.id).await.unwrap();
    let sent = detail.messages.iter().find(|m| m.kind == "image").unwrap();
    assert_eq!(sent.attachment.as_ref().unwrap().state.as_str(), "stored");
}

async fn the_first_answer_assigns_the_agent_with_the_workstream_default_text(db: Db) {
    let w = world(db).await;
    let id = live_channel(&w, ChannelConfig::default()).await;
    let ws = w.desk.state.services.workstreams.clone();
    let mut settings = ws.get(id).await.unwrap().settings;
    settings.messages.insert(
        Trigger::AgentAssigned,
        MessageSetting {
            enabled: true,
            text: Some("{AgentName} from {QueueName} is here.".into()),
        },
    );
    settings.messages.insert(
        Trigger::Greeting,
        MessageSetting {
            enabled: false,
            text: None,
        },
    );
    ws.update_settings(&admin(), id, settings, &client())
        .await
        .unwrap();
    deliver(&w, text_event("950", "hello", now())).await;
    let conversation = only_conversation(&w).await;
    let conversations = w.desk.state.services.conversations.clone();
    conversations
        .reply(&admin(), conversation.id, "How can I help?")
        .await
        .unwrap();
    conversations
        .reply(&admin(), conversation.id, "Still there?")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(
        sent_texts(&w),
        vec![
            "Admin from Japan is here.".to_string(),
            "How can I help?".to_string(),
            "Still there?".to_string()
        ],
        "greeting off by the workstream, assignment announced once, then the replies"
    );
}

async fn outside_operating_hours_the_customer_hears_so_once_a_day(db: Db) {
    let w = world(db).await;
    let id = live_channel(&w, ChannelConfig::default()).await;
    let ws = w.desk.state.services.workstreams.clone();
    let mut settings = ws.get(id).await.unwrap().settings;
    // Open Monday 09:00-18:00 in Tokyo only.
    let days = ["09:00-18:00", "", "", "", "", "", ""].map(str::to_owned);
    settings.operating_hours = domain::operating_hours::parse(true, "Asia/Tokyo", &days).unwrap();
    ws.update_settings(&admin(), id, settings, &client())
        .await
        .unwrap();
    // 2026-11-24 is a Tuesday: closed all day. Two messages the same local day, one the next.
    const TUESDAY_NOON_JST: i64 = 1_795_489_200_000;
    const DAY: i64 = 86_400_000;
    deliver(&w, text_event("960", "hello?", TUESDAY_NOON_JST)).await;
    deliver(&w, text_event("961", "anyone?", TUESDAY_NOON_JST + 60_000)).await;
    deliver(
        &w,
        text_event("962", "still there?", TUESDAY_NOON_JST + DAY),
    )
    .await;
    let conversation = only_conversation(&w).await;
    assert!(conversation.queue_id.is_some(), "it still queues");
    sender::send_due(&w.engine).await.unwrap();
    let out_of_hours = domain::automated::default_text(Trigger::OutOfHours, "en");
    assert_eq!(
        sent_texts(&w),
        vec![out_of_hours.to_string(), out_of_hours.to_string()],
        "no greeting; out of hours once per local day"
    );

    // Inside the hours (next Monday 10:00 JST) a new customer is greeted as usual.
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "message", "mode": "active", "timestamp": TUESDAY_NOON_JST + 6 * DAY - 2 * 3_600_000,
            "webhookEventId": "evt-open", "deliveryContext": {"isRedelivery": false},
            "source": {"type": "user", "userId": "U00000000000000000000000000000b0b"},
            "replyToken": "reply-open",
            "message": {"type": "text", "id": "963", "quoteToken": "q", "text": "hi"}
        }]}),
    )
    .await;
    sender::send_due(&w.engine).await.unwrap();
    let texts = sent_texts(&w);
    assert_eq!(texts.len(), 3);
    assert_eq!(
        texts[2],
        domain::automated::default_text(Trigger::Greeting, "en")
    );
}

/// Migration 0016 turns the offsets stored before time zones into zones with the same offset
/// (run again here over documents written the old way); a new workstream's hours and routing
/// start in the organisation's default zone, else UTC.
async fn stored_offsets_become_zones_and_new_workstreams_start_in_the_organisations(db: Db) {
    let w = world(db).await;
    let ws = w.desk.state.services.workstreams.clone();
    let routing = w.desk.state.services.routing.clone();
    let utc = create(&w, "Plain", "push", "Plain queue").await.unwrap();
    assert_eq!(
        ws.get(utc)
            .await
            .unwrap()
            .settings
            .operating_hours
            .time_zone,
        "UTC"
    );
    assert_eq!(routing.routing(utc).await.unwrap().time_zone, "UTC");
    linedesk::db::settings::set(&w.db.pool, "default_time_zone", "Europe/Rome", 0)
        .await
        .unwrap();
    let rome = create(&w, "Rome", "push", "Rome queue").await.unwrap();
    assert_eq!(
        ws.get(rome)
            .await
            .unwrap()
            .settings
            .operating_hours
            .time_zone,
        "Europe/Rome"
    );
    assert_eq!(
        routing.routing(rome).await.unwrap().time_zone,
        "Europe/Rome"
    );

    let cases = [
        (0, "UTC"),
        (540, "Etc/GMT-9"),
        (60, "Etc/GMT-1"),
        (-300, "Etc/GMT+5"),
        (840, "Etc/GMT-14"),
        (-720, "Etc/GMT+12"),
        (330, "Asia/Kolkata"),
        (345, "Asia/Kathmandu"),
        (570, "Australia/Darwin"),
        (-570, "Pacific/Marquesas"),
        (-210, "UTC-03:30"),
        (90, "UTC+01:30"),
    ];
    let mut ids = Vec::new();
    for (minutes, _) in cases {
        let id = create(
            &w,
            &format!("Offset {minutes}"),
            "push",
            &format!("Queue {minutes}"),
        )
        .await
        .unwrap();
        let settings = json!({
            "operating_hours": {"enabled": true, "utc_offset_minutes": minutes,
                                "days": [{"start": 540, "end": 1080}, null, null, null, null, null, null]}
        });
        let routing_doc = json!({"utc_offset_minutes": minutes, "rulesets": []});
        sqlx::query("UPDATE workstreams SET settings = $1, routing = $2 WHERE id = $3")
            .bind(settings.to_string())
            .bind(routing_doc.to_string())
            .bind(id)
            .execute(&w.db.pool)
            .await
            .unwrap();
        ids.push(id);
    }
    let migration = match w.db.backend {
        linedesk::db::Backend::Sqlite => {
            include_str!("../../migrations/sqlite/0016_time_zones.sql")
        }
        linedesk::db::Backend::Postgres => {
            include_str!("../../migrations/postgres/0016_time_zones.sql")
        }
    };
    sqlx::raw_sql(migration).execute(&w.db.pool).await.unwrap();
    for (id, (minutes, zone)) in ids.into_iter().zip(cases) {
        let view = ws.get(id).await.unwrap();
        let hours = &view.settings.operating_hours;
        assert_eq!(hours.time_zone, zone, "{minutes}");
        assert!(domain::zone::is_known(zone), "{zone}");
        // The rest of the document is as it was, and the zone has the stored offset today.
        assert!(hours.enabled);
        assert_eq!(hours.day_text(0), "09:00-18:00");
        let noon = 1_784_116_800_000; // 2026-07-15 12:00 UTC
        let local = domain::zone::local_time(noon, zone);
        assert_eq!(
            i64::from(local.minute),
            (12 * 60 + i64::from(minutes)).rem_euclid(1440),
            "{zone}"
        );
        assert_eq!(routing.routing(id).await.unwrap().time_zone, zone);
        let stored: String = sqlx::query_scalar("SELECT routing FROM workstreams WHERE id = $1")
            .bind(id)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
        assert!(!stored.contains("utc_offset_minutes"), "{stored}");
    }
}

/// A Japanese channel that also answers in Thai, and a customer whose LINE profile says `language`.
async fn japanese_channel_with_thai(w: &World, language: Option<&str>) {
    w.desk.line.state.set_profile_language(USER, language);
    live_channel(
        w,
        ChannelConfig {
            language: "ja".into(),
            languages: vec!["th".into()],
            ..ChannelConfig::default()
        },
    )
    .await;
}

async fn a_thai_customer_on_a_japanese_channel_with_thai_hears_thai(db: Db) {
    let w = world(db).await;
    japanese_channel_with_thai(&w, Some("th")).await;
    deliver(&w, text_event("900", "สวัสดีครับ", now())).await;
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(
        sent_texts(&w),
        vec![domain::automated::default_text(Trigger::Greeting, "th").to_string()],
        "the greeting in the customer's language"
    );
    // Agents see the profile's language in the conversation and the customer panel.
    let conversation = only_conversation(&w).await;
    let services = &w.desk.state.services;
    let detail = services
        .conversations
        .get_for(&admin(), conversation.id, None)
        .await
        .unwrap();
    assert_eq!(detail.language.as_deref(), Some("th"));
    let panel = services
        .contacts
        .customer(&admin(), conversation.id)
        .await
        .unwrap();
    assert_eq!(panel.profile.unwrap().language.as_deref(), Some("th"));
}

async fn a_customer_whose_language_the_channel_lacks_hears_its_default(db: Db) {
    let w = world(db).await;
    // Traditional Chinese is a desk language (texts ship in it) but not this channel's.
    japanese_channel_with_thai(&w, Some("zh-Hant")).await;
    deliver(&w, text_event("910", "你好", now())).await;
    sender::send_due(&w.engine).await.unwrap();
    let japanese = domain::automated::default_text(Trigger::Greeting, "ja").to_string();
    assert_eq!(sent_texts(&w), vec![japanese]);
    let detail = w
        .desk
        .state
        .services
        .conversations
        .get_for(&admin(), only_conversation(&w).await.id, None)
        .await
        .unwrap();
    assert_eq!(detail.language.as_deref(), Some("zh-Hant"));
}
