//! Retention and data-subject erasure: content goes, counts and the audit trail stay.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, text_event, world, USER};
use domain::ports::{AuditQuery, PurgeCounts};
use domain::user::ClientInfo;
use linedesk::db::Db;
use linedesk::engine::sender;
use serde_json::json;

db_tests!(
    retention_purges_old_content_keeps_counts_and_is_audited,
    erasing_a_line_user_leaves_nothing_of_theirs,
    consent_gates_what_agents_see,
);

const DAY: i64 = 86_400_000;

fn text_from(user: &str, id: &str, text: &str, timestamp: i64) -> serde_json::Value {
    let mut body = text_event(id, text, timestamp);
    body["events"][0]["source"]["userId"] = json!(user);
    body
}

async fn retention_purges_old_content_keeps_counts_and_is_audited(db: Db) {
    let w = world(db).await;
    let privacy = w.desk.state.services.privacy.clone();
    let client = ClientInfo::default();
    deliver(&w, text_event("r1", "old question", now() - 40 * DAY)).await;
    deliver(
        &w,
        text_event("r2", "old follow-up", now() - 40 * DAY + 1000),
    )
    .await;
    deliver(&w, text_from("Urecent", "r3", "fresh question", now())).await;
    // An old stored file, to see that its row and its bytes go.
    let old_message: i64 =
        sqlx::query_scalar("SELECT id FROM messages WHERE line_message_id = 'r1'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    // A name of its own: the SQLite and PostgreSQL runs share the desk's attachment folder.
    let sha = format!(
        "{:032x}{:032x}",
        rand::random::<u128>(),
        rand::random::<u128>()
    );
    let file = w.desk.state.media_dir.join(&sha[..2]).join(&sha);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"old photo").unwrap();
    sqlx::query(
        "INSERT INTO attachments (message_id, account_id, line_message_id, kind, state, content_type, size, sha256, next_attempt_at, created_at)
         VALUES ($1, $2, 'r1', 'image', 'stored', 'image/jpeg', 9, $3, 0, 0)",
    )
    .bind(old_message)
    .bind(w.account_id)
    .bind(&sha)
    .execute(&w.db.pool)
    .await
    .unwrap();

    let err = privacy
        .set_retention(&admin(), w.account_id, Some(0), &client)
        .await
        .unwrap_err();
    assert!(err.field("days").is_some());
    privacy
        .set_retention(&admin(), w.account_id, Some(30), &client)
        .await
        .unwrap();
    let view = privacy.retention().await.unwrap();
    let mine = view.iter().find(|r| r.account_id == w.account_id).unwrap();
    assert_eq!(mine.days, Some(30));
    assert_eq!(
        mine.next_run,
        PurgeCounts {
            conversations: 1,
            messages: 2,
            attachments: 1
        },
        "the preview says what the next run purges"
    );
    let purged = privacy.run_retention(&admin(), &client).await.unwrap();
    assert_eq!(purged, mine.next_run);
    assert!(!file.exists(), "the old file's bytes are gone");

    let rows: Vec<(String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT line_message_id, body, purged_at FROM messages WHERE direction = 'in' ORDER BY id",
    )
    .fetch_all(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 3, "counts are kept");
    assert_eq!(rows[0].1, None);
    assert_eq!(rows[1].1, None);
    assert!(rows[0].2.is_some() && rows[1].2.is_some());
    assert_eq!(
        rows[2].1.as_deref(),
        Some("fresh question"),
        "recent content stays"
    );
    let payloads: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE payload LIKE '%old question%'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(payloads, 0);
    // Nothing left to purge; each run and the limit change are audited.
    assert_eq!(
        privacy.run_retention(&admin(), &client).await.unwrap(),
        PurgeCounts::default()
    );
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
    let run = entries
        .iter()
        .find(|e| e.action == "retention.run")
        .unwrap();
    assert!(run.detail.contains("\"messages\":2"), "{}", run.detail);
    assert!(!run.detail.contains("old question"));
    assert!(entries.iter().any(|e| e.action == "retention.set"));
}

async fn erasing_a_line_user_leaves_nothing_of_theirs(db: Db) {
    let w = world(db).await;
    let privacy = w.desk.state.services.privacy.clone();
    let secret = "My address is 1-2-3 Shibuya";
    deliver(&w, text_event("e1", secret, now())).await;
    deliver(&w, text_from("Ubystander", "e2", "unrelated words", now())).await;
    let conversation: i64 = sqlx::query_scalar("SELECT id FROM conversations WHERE chat_id = $1")
        .bind(USER)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    w.desk
        .state
        .services
        .conversations
        .reply(&admin(), conversation, "We will deliver to 1-2-3 Shibuya")
        .await
        .unwrap();
    sender::send_due(&w.engine).await.unwrap();

    let found = privacy.find_subjects("customer 4af4").await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    // Before erasing: the export holds their words, and is audited without them.
    let (name, zip) = privacy
        .export_subject(&admin(), found[0].profile_id, &ClientInfo::default())
        .await
        .unwrap();
    assert!(name.ends_with(".zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("subject.json").unwrap(), &mut document)
        .unwrap();
    assert!(document.contains(secret), "{document}");
    assert!(document.contains("We will deliver to 1-2-3 Shibuya"));
    assert!(
        !document.contains("unrelated words"),
        "nobody else's messages"
    );
    let counts = privacy
        .erase_subject(&admin(), found[0].profile_id, &ClientInfo::default())
        .await
        .unwrap();
    assert_eq!(counts.conversations, 1);
    assert_eq!(counts.messages, 2, "the customer's message and the reply");

    // Search every place text lives, in this database, for the user's id and words.
    let places = [
        (
            "messages",
            "COALESCE(body, '') || payload || COALESCE(sender_id, '')",
        ),
        ("webhook_events", "body"),
        (
            "social_profiles",
            "line_user_id || COALESCE(display_name, '') || COALESCE(picture_url, '')",
        ),
        ("conversations", "chat_id || COALESCE(reply_token, '')"),
        ("outbox", "to_id || payload"),
        ("survey_responses", "chat_id || COALESCE(comment, '')"),
        ("audit_log", "detail"),
    ];
    for (table, text) in places {
        for needle in [USER, "1-2-3 Shibuya", "Customer 4af498"] {
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {text} LIKE $1"
            ))
            .bind(format!("%{needle}%"))
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
            assert_eq!(n, 0, "{needle} is still in {table}");
        }
    }
    // The bystander is untouched; the erased profile is a tombstone.
    let bystander: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE body = 'unrelated words'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(bystander, 1);
    let again = privacy.find_subjects("erased:").await.unwrap();
    assert_eq!(again.len(), 1);
    assert!(again[0].erased_at.is_some());
    let err = privacy
        .erase_subject(&admin(), found[0].profile_id, &ClientInfo::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("erased already"));
}

async fn consent_gates_what_agents_see(db: Db) {
    use domain::ports::EndUserPrivacy;
    let w = world(db).await;
    let privacy = w.desk.state.services.privacy.clone();
    privacy
        .set_end_user_settings(
            &admin(),
            EndUserPrivacy {
                account_id: w.account_id,
                account_name: String::new(),
                recording_notice: true,
                consent_required: true,
                notice_texts: [
                    (
                        "en".to_string(),
                        "We keep a record of this chat.".to_string(),
                    ),
                    ("ja".to_string(), "このチャットは記録されます。".to_string()),
                ]
                .into_iter()
                .collect(),
            },
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    // Too long a text is named by its language's field.
    let err = privacy
        .set_end_user_settings(
            &admin(),
            EndUserPrivacy {
                account_id: w.account_id,
                account_name: String::new(),
                recording_notice: true,
                consent_required: true,
                notice_texts: [("ja".to_string(), "長".repeat(1001))]
                    .into_iter()
                    .collect(),
            },
            &ClientInfo::default(),
        )
        .await
        .unwrap_err();
    assert!(err.field("notice_text_ja").is_some(), "{err:?}");
    let stored = privacy.end_user_settings().await.unwrap();
    assert_eq!(
        stored[0].notice_texts.len(),
        2,
        "the refused change stored nothing"
    );
    deliver(&w, text_event("c1", "private words", now())).await;
    let conversation: i64 = sqlx::query_scalar("SELECT id FROM conversations")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    let conversations = w.desk.state.services.conversations.clone();
    let detail = conversations.get(conversation).await.unwrap();
    assert!(detail.replies_disabled.unwrap().contains("consent"));
    let inbound = detail
        .messages
        .iter()
        .find(|m| m.direction == "in")
        .unwrap();
    assert_eq!(
        (inbound.kind.as_str(), inbound.body.as_deref()),
        ("withheld", None)
    );
    let listed = conversations.list_open(&admin()).await.unwrap();
    assert!(!listed[0].last_message.clone().unwrap().contains("private"));
    assert!(conversations
        .reply(&admin(), conversation, "hello?")
        .await
        .is_err());
    sender::send_due(&w.engine).await.unwrap();
    assert!(
        w.desk
            .line
            .state
            .requests()
            .iter()
            .any(|r| r.body.contains("linedesk-consent:grant")),
        "the consent question went to LINE"
    );
    // The customer's language (English here) picks the notice text.
    assert!(w
        .desk
        .line
        .state
        .requests()
        .iter()
        .any(|r| r.body.contains("We keep a record of this chat.")));
    // The customer agrees.
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "postback", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": USER }, "webhookEventId": "evt-c2",
            "deliveryContext": { "isRedelivery": false }, "replyToken": "reply-c2",
            "postback": { "data": "linedesk-consent:grant" }
        }]}),
    )
    .await;
    let detail = conversations.get(conversation).await.unwrap();
    assert_eq!(detail.replies_disabled, None);
    assert!(detail
        .messages
        .iter()
        .any(|m| m.body.as_deref() == Some("private words")));
    let records = privacy.consents().await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].decision, "granted");
    assert_eq!(records[0].line_user_id, USER);
}
