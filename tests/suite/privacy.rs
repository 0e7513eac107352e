//! Retention and data-subject erasure: content goes, counts and the audit trail stay.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, text_event, world, USER};
use domain::audit::AuditQuery;
use domain::contact::ErasedContact;
use domain::privacy::PurgeCounts;
use domain::user::ClientInfo;
use linedesk::db::Db;
use linedesk::engine::sender;
use serde_json::json;

db_tests!(
    retention_purges_old_content_keeps_counts_and_is_audited,
    erasing_a_line_user_leaves_nothing_of_theirs,
    consent_gates_what_agents_see,
    the_audit_log_names_contact_fields_never_their_values,
    contacts_can_be_deleted_and_erasing_a_subject_ends_and_unlinks,
);

const DAY: i64 = 86_400_000;

pub fn text_from(user: &str, id: &str, text: &str, timestamp: i64) -> serde_json::Value {
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
    let entries = audit_entries(&w).await;
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
        .erase_subject(
            &admin(),
            found[0].profile_id,
            ErasedContact::Unlink,
            &ClientInfo::default(),
        )
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
        .erase_subject(
            &admin(),
            found[0].profile_id,
            ErasedContact::Unlink,
            &ClientInfo::default(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("erased already"));
}

async fn consent_gates_what_agents_see(db: Db) {
    use domain::privacy::EndUserPrivacy;
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
    assert!(detail
        .replies_disabled
        .unwrap()
        .to_string()
        .contains("consent"));
    let inbound = detail
        .messages
        .iter()
        .find(|m| m.direction == domain::conversation::MessageDirection::In)
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
    assert_eq!(
        records[0].decision,
        domain::privacy::ConsentDecision::Granted
    );
    assert_eq!(records[0].line_user_id, USER);
}

/// The newest audit entries, as the audit page lists them.
async fn audit_entries(w: &crate::engine::World) -> Vec<domain::audit::AuditEntry> {
    w.desk
        .state
        .services
        .audit
        .list(AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
}

/// Searches every column of every audit entry (raw SQL, nothing decoded) for each value.
async fn assert_nowhere_in_the_audit_log(db: &Db, values: &[&str]) {
    for value in values {
        assert_eq!(
            audit_rows_holding(db, value).await,
            0,
            "{value} in the audit log"
        );
    }
}

/// How many audit entries hold `needle` in any column.
async fn audit_rows_holding(db: &Db, needle: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE LOWER(CAST(id AS TEXT) || ' ' || CAST(at AS TEXT) || ' '
            || COALESCE(CAST(actor_id AS TEXT), '') || ' ' || COALESCE(actor_email, '') || ' ' || action
            || ' ' || entity || ' ' || COALESCE(entity_id, '') || ' ' || COALESCE(client_address, '')
            || ' ' || detail || ' ' || prev_hash || ' ' || hash) LIKE $1",
    )
    .bind(format!("%{}%", needle.to_lowercase()))
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

fn person(name: &str, email: &str, phone: &str) -> domain::contact::ContactInput {
    domain::contact::ContactInput {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
        reading: String::new(),
    }
}

async fn the_audit_log_names_contact_fields_never_their_values(db: Db) {
    let w = world(db).await;
    let contacts = w.desk.state.services.contacts.clone();
    let client = ClientInfo::default();
    let values = [
        "Hanako Yamamoto",
        "hanako.y@example.jp",
        "+81 90-1111-2222",
        "Hanako Yamamoto-Ito",
        "hanako.ito@example.jp",
        "Twin Record",
        "twin@example.jp",
        "+81 90-3333-4444",
    ];
    let id = contacts
        .create(&admin(), person(values[0], values[1], values[2]), &client)
        .await
        .unwrap();
    contacts
        .update(
            &admin(),
            id,
            person(values[3], values[4], values[2]),
            &client,
        )
        .await
        .unwrap();
    let twin = contacts
        .create(&admin(), person(values[5], values[6], values[7]), &client)
        .await
        .unwrap();
    contacts.merge(&admin(), id, twin, &client).await.unwrap();
    assert_nowhere_in_the_audit_log(&w.db, &values).await;
    // The entries still say what happened, by id and field name.
    let entries = audit_entries(&w).await;
    let update = entries
        .iter()
        .find(|e| e.action == "contact.update")
        .unwrap();
    assert!(
        update.detail.contains("\"fields\"") && update.detail.contains("\"name\""),
        "{}",
        update.detail
    );
    assert!(
        !update.detail.contains("phone"),
        "the phone did not change: {}",
        update.detail
    );
    let create = entries
        .iter()
        .find(|e| e.action == "contact.create")
        .unwrap();
    assert!(create.detail.contains("\"email\""), "{}", create.detail);
}

/// The open conversation of a LINE user and its profile.
async fn open_of(w: &crate::engine::World, user: &str) -> (i64, i64) {
    let conversation = linedesk::db::conversations::find_open(&w.db.pool, w.account_id, user)
        .await
        .unwrap()
        .expect("an open conversation");
    (conversation.id, conversation.profile_id.expect("a profile"))
}

async fn outbox_rows(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn contacts_can_be_deleted_and_erasing_a_subject_ends_and_unlinks(db: Db) {
    use domain::AppError;
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let (contacts, talk, privacy) = (
        services.contacts.clone(),
        services.conversations.clone(),
        services.privacy.clone(),
    );
    let client = ClientInfo::default();
    let values = [
        "Keiko Sato",
        "keiko.sato@example.jp",
        "+81 80-5555-6666",
        "Delete Me Please",
        "delete.me@example.jp",
        "Kept Contact",
        "kept@example.jp",
        "+81 80-7777-8888",
    ];

    // Deleting a contact unlinks its LINE profile; the conversation stays, without a contact.
    deliver(&w, text_event("d1", "where is my order?", now())).await;
    let (first, profile) = open_of(&w, USER).await;
    talk.reply(&admin(), first, "Checking.").await.unwrap();
    let doomed = contacts
        .create(&admin(), person(values[3], values[4], ""), &client)
        .await
        .unwrap();
    contacts
        .link(&admin(), first, doomed, &client)
        .await
        .unwrap();
    contacts.delete(&admin(), doomed, &client).await.unwrap();
    assert!(matches!(
        contacts.get(&admin(), doomed).await,
        Err(AppError::NotFound(_))
    ));
    let panel = contacts.customer(&admin(), first).await.unwrap();
    assert!(panel.contact.is_none() && panel.profile.is_some());
    let (state, linked): (String, Option<i64>) =
        sqlx::query_as("SELECT state, contact_id FROM conversations WHERE id = $1")
            .bind(first)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), linked), ("active", None));

    // Erasing with "erase": the contact goes, the open conversation ends without a word to the
    // customer, and answering it is refused with the reason.
    let keiko = contacts
        .create(&admin(), person(values[0], values[1], values[2]), &client)
        .await
        .unwrap();
    contacts
        .link(&admin(), first, keiko, &client)
        .await
        .unwrap();
    let sent_before = outbox_rows(&w.db).await;
    let counts = privacy
        .erase_subject(&admin(), profile, ErasedContact::Erase, &client)
        .await
        .unwrap();
    assert_eq!(counts.conversations, 1);
    assert_eq!(
        outbox_rows(&w.db).await,
        sent_before,
        "nothing is sent to an erased customer"
    );
    assert!(matches!(
        contacts.get(&admin(), keiko).await,
        Err(AppError::NotFound(_))
    ));
    let state: String = sqlx::query_scalar("SELECT state FROM conversations WHERE id = $1")
        .bind(first)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(state, "closed");
    let err = talk
        .reply(&admin(), first, "Are you there?")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict(reason) if reason.to_string().contains("erased")),
        "{err:?}"
    );
    assert!(talk
        .get_for(&admin(), first, None)
        .await
        .unwrap()
        .replies_disabled
        .is_some_and(|r| r.to_string().contains("erased")));
    assert!(!talk.typing(&admin(), first).await.unwrap());

    // Erasing with "unlink": the contact stays, without the erased user or their conversations.
    let other = "U0000000000000000000000000000beef";
    deliver(&w, text_from(other, "d2", "hello again", now())).await;
    let (second, other_profile) = open_of(&w, other).await;
    let kept = contacts
        .create(&admin(), person(values[5], values[6], values[7]), &client)
        .await
        .unwrap();
    contacts
        .link(&admin(), second, kept, &client)
        .await
        .unwrap();
    privacy
        .erase_subject(&admin(), other_profile, ErasedContact::Unlink, &client)
        .await
        .unwrap();
    let view = contacts.get(&admin(), kept).await.unwrap();
    assert!(
        view.profiles.is_empty() && view.conversations.is_empty(),
        "{view:?}"
    );
    assert!(talk.reply(&admin(), second, "hi").await.is_err());

    // Deleting and erasing were audited, by id, without any of the values.
    let entries = audit_entries(&w).await;
    assert!(entries.iter().any(|e| e.action == "contact.delete"));
    assert_nowhere_in_the_audit_log(&w.db, &values).await;
}
