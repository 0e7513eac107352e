//! The agent workspace's records: contacts linked to LINE profiles (and later conversations
//! linking by themselves), the customer summary, merging, conversation history search,
//! transcript export, and who may read which conversation (pages, files, live stream).

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, text_event, world, World, USER};
use crate::routing::{staff, workstream};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use domain::audit::AuditQuery;
use domain::contact::ContactInput;
use domain::conversation::HistoryQuery;
use domain::user::{ClientInfo, CurrentUser};
use domain::{AppError, Role};
use linedesk::db::{conversations, Db};
use serde_json::json;
use tower::ServiceExt;

db_tests!(
    contacts_link_profiles_and_later_conversations_link_by_themselves,
    agents_read_only_their_own_and_their_queues_conversations,
    like_wildcards_in_a_search_match_only_themselves,
    a_reading_finds_a_japanese_name_in_contacts_and_history,
);

fn client() -> ClientInfo {
    ClientInfo::default()
}

fn contact(name: &str, email: &str, phone: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
        reading: String::new(),
    }
}

async fn open_conversation(w: &World) -> i64 {
    conversations::find_open(&w.db.pool, w.account_id, USER)
        .await
        .unwrap()
        .expect("an open conversation")
        .id
}

fn history(text: &str) -> HistoryQuery {
    HistoryQuery {
        text: text.into(),
        ..HistoryQuery::default()
    }
}

async fn contacts_link_profiles_and_later_conversations_link_by_themselves(db: Db) {
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let (contacts, talk) = (services.contacts.clone(), services.conversations.clone());
    let me = staff(&w, "Ada", Role::Admin).await;
    deliver(&w, text_event("700", "hello, my parcel is late", now())).await;
    let first = open_conversation(&w).await;
    let panel = contacts.customer(&me, first).await.unwrap();
    assert!(panel.can_link && panel.contact.is_none() && panel.previous.is_empty());
    assert_eq!(panel.profile.unwrap().line_user_id, USER);

    // Bad input is named per field and stores nothing.
    let err = contacts
        .create(&me, contact(" ", "not-an-email", "call me"), &client())
        .await
        .unwrap_err();
    for field in ["name", "email", "phone"] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    assert!(contacts.list(&me, "").await.unwrap().is_empty());

    let aiko = contacts
        .create(
            &me,
            contact("Aiko Tanaka", "Aiko@Example.jp", ""),
            &client(),
        )
        .await
        .unwrap();
    contacts.link(&me, first, aiko, &client()).await.unwrap();
    let panel = contacts.customer(&me, first).await.unwrap();
    assert_eq!(
        panel.contact.unwrap().email.as_deref(),
        Some("aiko@example.jp")
    );
    talk.reply(&me, first, "Sorry about that, checking now.")
        .await
        .unwrap();
    talk.end(&me, first).await.unwrap();

    // The same LINE user's next conversation starts linked, and its summary lists the first.
    deliver(
        &w,
        text_event("701", "it arrived, thanks again", now() + 1_000),
    )
    .await;
    let second = open_conversation(&w).await;
    assert_ne!(first, second);
    let panel = contacts.customer(&me, second).await.unwrap();
    assert_eq!(panel.contact.map(|c| c.id), Some(aiko));
    assert_eq!(panel.previous.len(), 1);
    assert_eq!(panel.previous[0].id, first);
    assert_eq!(panel.previous[0].state.as_str(), "closed");
    assert!(panel.previous[0].agent.is_some());
    let view = contacts.get(&me, aiko).await.unwrap();
    assert_eq!((view.profiles.len(), view.conversations.len()), (1, 2));

    // History finds both by contact, one by text, the closed one by state; bad dates are named.
    let by_contact = talk
        .history(
            &me,
            HistoryQuery {
                contact: "aiko@".into(),
                ..HistoryQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_contact.total, 2);
    let by_text = talk.history(&me, history("ARRIVED")).await.unwrap();
    assert_eq!(
        by_text.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![second]
    );
    // LIKE wildcards typed by the user match themselves only.
    assert_eq!(talk.history(&me, history("%")).await.unwrap().total, 0);
    let closed = talk
        .history(
            &me,
            HistoryQuery {
                state: "closed".into(),
                ..HistoryQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.items[0].id, first);
    let err = talk
        .history(
            &me,
            HistoryQuery {
                from: "2026-02-30".into(),
                state: "lost".into(),
                ..HistoryQuery::default()
            },
        )
        .await
        .unwrap_err();
    assert!(err.field("from").is_some() && err.field("state").is_some());

    // The transcript holds both sides; exporting it is audited without the content.
    let detail = talk
        .export_transcript(&me, first, "text", &client())
        .await
        .unwrap();
    let text = linedesk::http::transcript::text_transcript(&detail, "https://desk.example.com");
    assert!(
        text.contains("Customer (") && text.contains("hello, my parcel is late"),
        "{text}"
    );
    assert!(
        text.contains("Agent (") && text.contains("checking now"),
        "{text}"
    );

    // Merging moves profiles and conversations and fills empty fields; only leads may merge.
    let other = contacts
        .create(&me, contact("A. Tanaka", "", "+81 3-1234-5678"), &client())
        .await
        .unwrap();
    let agent = staff(&w, "Kenji", Role::Agent).await;
    assert!(matches!(
        contacts.merge(&agent, aiko, other, &client()).await,
        Err(AppError::Forbidden)
    ));
    let err = contacts
        .merge(&me, aiko, aiko, &client())
        .await
        .unwrap_err();
    assert!(err.field("other_id").is_some());
    contacts.merge(&me, aiko, other, &client()).await.unwrap();
    let merged = contacts.get(&me, aiko).await.unwrap();
    assert_eq!(merged.phone.as_deref(), Some("+81 3-1234-5678"));
    assert_eq!(merged.conversations.len(), 2);
    assert!(matches!(
        contacts.get(&me, other).await,
        Err(AppError::NotFound(_))
    ));

    // Unlinking the profile unlinks its conversations; edits are audited by field name.
    contacts.unlink(&me, second, &client()).await.unwrap();
    assert!(contacts
        .customer(&me, first)
        .await
        .unwrap()
        .contact
        .is_none());
    contacts
        .update(
            &me,
            aiko,
            contact("Aiko Tanaka-Sato", "aiko@example.jp", ""),
            &client(),
        )
        .await
        .unwrap();
    let entries = services
        .audit
        .list(AuditQuery {
            limit: 200,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "contact.create",
        "contact.link",
        "contact.merge",
        "contact.unlink",
        "contact.update",
        "conversation.transcript_export",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let export = entries
        .iter()
        .find(|e| e.action == "conversation.transcript_export")
        .unwrap();
    assert!(
        !export.detail.contains("parcel"),
        "no content in the audit log"
    );
    let update = entries
        .iter()
        .find(|e| e.action == "contact.update")
        .unwrap();
    // Which fields changed, never their values (the audit log holds no personal content).
    assert!(
        update.detail.contains("\"fields\"") && !update.detail.contains("Aiko Tanaka-Sato"),
        "{}",
        update.detail
    );
}

/// Signs in through the portal and returns the session cookie.
pub async fn sign_in(w: &World, email: &str) -> String {
    let body = format!(
        "email={}&password=correct+horse+battery+staple",
        email.replace('@', "%40")
    );
    let response = w
        .desk
        .app
        .clone()
        .oneshot(
            Request::post("/api/sign_in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

async fn status(w: &World, path: &str, cookie: &str) -> StatusCode {
    crate::files::get(w, path, cookie).await.status()
}

async fn agents_read_only_their_own_and_their_queues_conversations(db: Db) {
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let (_, queue) = workstream(&w, "pick").await;
    let member = staff(&w, "Mei", Role::Agent).await;
    let outsider = staff(&w, "Oscar", Role::Agent).await;
    let supervisor = staff(&w, "Sara", Role::Supervisor).await;
    let auditor = staff(&w, "Aldo", Role::Auditor).await;
    services
        .routing
        .set_queue_members(&admin(), queue, vec![member.id], &client())
        .await
        .unwrap();
    w.desk.line.state.lock().content.insert(
        "img9".into(),
        ("image/png".into(), b"\x89PNG bytes".to_vec()),
    );
    deliver(
        &w,
        json!({ "events": [{ "type": "message", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": USER }, "webhookEventId": "evt-img9",
            "deliveryContext": { "isRedelivery": false }, "replyToken": "r",
            "message": { "id": "img9", "type": "image", "contentProvider": { "type": "line" } } }] }),
    )
    .await;
    let id = open_conversation(&w).await;
    let talk = services.conversations.clone();
    assert!(talk.get_for(&member, id, None).await.is_ok());
    assert!(talk.get_for(&supervisor, id, None).await.is_ok());
    for who in [&outsider, &auditor] {
        assert!(
            matches!(talk.get_for(who, id, None).await, Err(AppError::Forbidden)),
            "{:?}",
            who.role
        );
        assert!(matches!(
            services.contacts.customer(who, id).await,
            Err(AppError::Forbidden)
        ));
    }
    assert!(matches!(
        talk.reply(&outsider, id, "hi").await,
        Err(AppError::Forbidden)
    ));

    // An administrator's transcript grant lets the auditor read, never answer; revoking ends it.
    let privacy = services.privacy.clone();
    let boss = staff(&w, "Ada", Role::Admin).await;
    let err = privacy
        .grant_transcripts(&boss, auditor.id, 91, &client())
        .await
        .unwrap_err();
    assert!(err.field("days").is_some());
    assert!(privacy
        .grant_transcripts(&boss, outsider.id, 7, &client())
        .await
        .unwrap_err()
        .field("user_id")
        .is_some());
    assert!(matches!(
        privacy
            .grant_transcripts(&supervisor, auditor.id, 7, &client())
            .await,
        Err(AppError::Forbidden)
    ));
    privacy
        .grant_transcripts(&boss, auditor.id, 7, &client())
        .await
        .unwrap();
    let read = talk.get_for(&auditor, id, None).await.unwrap();
    assert!(read.read_only && read.replies_disabled.is_some());
    assert_eq!(
        talk.history(&auditor, HistoryQuery::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert!(matches!(
        talk.reply(&auditor, id, "hi").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        talk.end(&auditor, id).await,
        Err(AppError::Forbidden)
    ));
    privacy
        .revoke_transcripts(&boss, auditor.id, &client())
        .await
        .unwrap();
    assert!(matches!(
        talk.get_for(&auditor, id, None).await,
        Err(AppError::Forbidden)
    ));
    let grants = privacy.transcript_grants().await.unwrap();
    assert_eq!(grants.len(), 1);
    assert!(!grants[0].active && grants[0].revoked_at.is_some());
    let audited: Vec<String> = services
        .audit
        .list(AuditQuery {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(audited.contains(&"privacy.transcript_grant".to_string()));
    assert!(audited.contains(&"privacy.transcript_revoke".to_string()));
    assert_eq!(
        talk.history(&member, HistoryQuery::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        talk.history(&outsider, HistoryQuery::default())
            .await
            .unwrap()
            .total,
        0
    );

    // The same answer over HTTP for the conversation's file, its live stream and its transcript.
    let attachment: i64 =
        sqlx::query_scalar("SELECT id FROM attachments WHERE line_message_id = 'img9'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    let (mine, theirs) = (
        sign_in(&w, &member.email).await,
        sign_in(&w, &outsider.email).await,
    );
    for path in [
        format!("/attachments/{attachment}"),
        format!("/live?conversation={id}"),
        format!("/conversations/{id}/transcript.txt"),
        format!("/conversations/{id}/transcript.json"),
    ] {
        assert_eq!(
            status(&w, &path, &theirs).await,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let allowed = status(&w, &path, &mine).await;
        assert!(
            allowed == StatusCode::OK
                || allowed == StatusCode::NOT_FOUND && path.starts_with("/attachments"),
            "{path}: {allowed}"
        );
    }
    assert_eq!(
        status(&w, "/conversations/999999/transcript.txt", &mine).await,
        StatusCode::NOT_FOUND
    );
}

/// `%` and `_` typed into a search are characters, not LIKE's wildcards: the contact list, the
/// history (customer, contact and text) and the data-subject search find only names holding them.
async fn like_wildcards_in_a_search_match_only_themselves(db: Db) {
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let me = staff(&w, "Ada", Role::Admin).await;
    // (LINE user, their name in LINE and as a contact, what they wrote)
    let people = [
        (
            "U0000000000000000000000000000a001",
            "Ann 100% sure",
            "half_done",
        ),
        (
            "U0000000000000000000000000000b002",
            "Bob_Smith",
            "100% paid",
        ),
        (
            "U0000000000000000000000000000c003",
            "Carl Sato",
            "plain words",
        ),
    ];
    let mut conversation_of = std::collections::HashMap::new();
    for (n, (user, name, text)) in people.into_iter().enumerate() {
        let mut event = text_event(&format!("w{n}"), text, now());
        event["events"][0]["source"]["userId"] = json!(user);
        deliver(&w, event).await;
        sqlx::query("UPDATE social_profiles SET display_name = $1 WHERE line_user_id = $2")
            .bind(name)
            .bind(user)
            .execute(&w.db.pool)
            .await
            .unwrap();
        let id = conversations::find_open(&w.db.pool, w.account_id, user)
            .await
            .unwrap()
            .expect("an open conversation")
            .id;
        let contact_id = services
            .contacts
            .create(&me, contact(name, "", ""), &client())
            .await
            .unwrap();
        services
            .contacts
            .link(&me, id, contact_id, &client())
            .await
            .unwrap();
        conversation_of.insert(name, id);
    }
    let (ann, bob) = ("Ann 100% sure", "Bob_Smith");
    // As wildcards, "%" and "_" match every name, "_s" every name with a character before an
    // "s" and "0%" every LINE user id; taken literally each finds one name.
    for (term, only) in [("%", ann), ("0%", ann), ("_", bob), ("_s", bob)] {
        let names: Vec<String> = services
            .contacts
            .list(&me, term)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, vec![only.to_string()], "contacts for {term:?}");
        for query in [
            HistoryQuery {
                customer: term.into(),
                ..HistoryQuery::default()
            },
            HistoryQuery {
                contact: term.into(),
                ..HistoryQuery::default()
            },
        ] {
            let found = history_ids(&w, &me, query.clone()).await;
            assert_eq!(found, vec![conversation_of[only]], "history {query:?}");
        }
        // The data-subject search starts at two characters.
        if term.chars().count() >= 2 {
            let subjects: Vec<Option<String>> = services
                .privacy
                .find_subjects(term)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.display_name)
                .collect();
            assert_eq!(
                subjects,
                vec![Some(only.to_string())],
                "subjects for {term:?}"
            );
        }
    }
    // Message text: "100%" was written by Bob only, "_" by Ann only.
    for (term, writer) in [("0%", bob), ("_", ann)] {
        let found = history_ids(&w, &me, history(term)).await;
        assert_eq!(found, vec![conversation_of[writer]], "text {term:?}");
    }
}

async fn history_ids(w: &World, me: &CurrentUser, query: HistoryQuery) -> Vec<i64> {
    let page = w.desk.state.services.conversations.history(me, query);
    page.await.unwrap().items.iter().map(|i| i.id).collect()
}

/// やまだ finds 山田 once the contact has that reading (furigana), in the contact search and in
/// History; katakana finds a hiragana reading and the other way round; without a reading the
/// name alone decides.
async fn a_reading_finds_a_japanese_name_in_contacts_and_history(db: Db) {
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let (contacts, talk) = (services.contacts.clone(), services.conversations.clone());
    let me = staff(&w, "Ada", Role::Admin).await;
    deliver(&w, text_event("900", "荷物が届きません", now())).await;
    let conversation = open_conversation(&w).await;
    let yamada = contacts
        .create(&me, contact("山田 太郎", "", ""), &client())
        .await
        .unwrap();
    contacts
        .link(&me, conversation, yamada, &client())
        .await
        .unwrap();
    let by_contact = |typed: &str| HistoryQuery {
        contact: typed.into(),
        ..HistoryQuery::default()
    };
    let found = |list: Vec<domain::contact::ContactListItem>| -> Vec<i64> {
        list.into_iter().map(|c| c.id).collect()
    };

    // No reading yet: only the name matches.
    assert!(contacts.list(&me, "やまだ").await.unwrap().is_empty());
    assert_eq!(found(contacts.list(&me, "山田").await.unwrap()), [yamada]);
    let history = talk.history(&me, by_contact("やまだ")).await.unwrap();
    assert_eq!(history.total, 0);

    // With the reading set (typed in katakana, as many Japanese forms ask for it).
    let reading = ContactInput {
        reading: " ヤマダ タロウ ".into(),
        ..contact("山田 太郎", "", "")
    };
    contacts
        .update(&me, yamada, reading, &client())
        .await
        .unwrap();
    let view = contacts.get(&me, yamada).await.unwrap();
    assert_eq!(
        view.reading.as_deref(),
        Some("ヤマダ タロウ"),
        "kept as typed"
    );
    for typed in ["やまだ", "ヤマダ", "たろう", "ﾔﾏﾀﾞ"] {
        let list = contacts.list(&me, typed).await.unwrap();
        if typed == "ﾔﾏﾀﾞ" {
            // Half-width katakana is not folded (yet).
            assert!(list.is_empty(), "{typed}");
            continue;
        }
        assert_eq!(found(list.clone()), [yamada], "{typed}");
        assert_eq!(list[0].reading.as_deref(), Some("ヤマダ タロウ"));
        let history = talk.history(&me, by_contact(typed)).await.unwrap();
        assert_eq!(history.total, 1, "{typed}");
        assert_eq!(history.items[0].id, conversation);
        assert_eq!(history.items[0].contact_name.as_deref(), Some("山田 太郎"));
    }
    assert!(contacts.list(&me, "すずき").await.unwrap().is_empty());
    assert_eq!(
        talk.history(&me, by_contact("すずき")).await.unwrap().total,
        0
    );
    // The name, email and phone still match as before, next to the reading.
    assert_eq!(found(contacts.list(&me, "太郎").await.unwrap()), [yamada]);

    // A hiragana reading is found by katakana; clearing the reading stops it matching.
    let hiragana = ContactInput {
        reading: "やまだ たろう".into(),
        ..contact("山田 太郎", "", "")
    };
    contacts
        .update(&me, yamada, hiragana, &client())
        .await
        .unwrap();
    assert_eq!(found(contacts.list(&me, "ヤマダ").await.unwrap()), [yamada]);
    contacts
        .update(&me, yamada, contact("山田 太郎", "", ""), &client())
        .await
        .unwrap();
    assert_eq!(contacts.get(&me, yamada).await.unwrap().reading, None);
    assert!(contacts.list(&me, "やまだ").await.unwrap().is_empty());
    assert_eq!(
        talk.history(&me, by_contact("やまだ")).await.unwrap().total,
        0
    );

    // The audit names the changed field, never the reading itself.
    let audit = services
        .audit
        .list(AuditQuery {
            action: Some("contact.update".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.detail.contains("\"reading\"")));
    assert!(audit.iter().all(|e| !e.detail.contains("ヤマダ")));
}
