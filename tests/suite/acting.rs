//! Who may act on a conversation: its assignee, supervisors and administrators; auditors never.
//! Every state-changing conversation and contact action is walked as the assignee, another
//! member of the same queue, an agent of another queue, a supervisor and an auditor who holds a
//! transcript grant (so reading is not what refuses them).

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, World};
use crate::routing::{staff, workstream};
use domain::contact::ContactInput;
use domain::conversation::FileUpload;
use domain::user::{ClientInfo, CurrentUser};
use domain::{AppError, Role};
use linedesk::db::{conversations, Db};
use serde_json::json;

db_tests!(every_conversation_and_contact_action_follows_one_rule);

fn client() -> ClientInfo {
    ClientInfo::default()
}

fn customer(n: usize) -> String {
    format!("U{:0>32}", format!("ac{n:x}"))
}

/// A new conversation with customer `n`, waiting in the workstream's queue.
async fn waiting(w: &World, n: usize) -> i64 {
    let user = customer(n);
    deliver(
        w,
        json!({ "destination": "Ubot", "events": [{
            "type": "message", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": user },
            "webhookEventId": format!("evt-act-{n}"), "deliveryContext": { "isRedelivery": false },
            "replyToken": format!("reply-act-{n}"),
            "message": { "id": format!("act{n}"), "type": "text", "text": "hello", "quoteToken": "q" }
        }]}),
    )
    .await;
    conversations::find_open(&w.db.pool, w.account_id, &user)
        .await
        .unwrap()
        .expect("an open conversation")
        .id
}

/// A small PDF, staged the way the upload route leaves it for the service.
fn upload(w: &World, n: usize) -> FileUpload {
    let dir = w.engine.media_dir.join("incoming");
    std::fs::create_dir_all(&dir).unwrap();
    let staged = dir.join(format!("acting-{n}"));
    let bytes = b"%PDF-1.4 a note";
    std::fs::write(&staged, bytes).unwrap();
    FileUpload {
        name: "note.pdf".into(),
        staged,
        size: bytes.len() as u64,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// Refused by the rule: Forbidden, or a Conflict that says who handles it.
    Refused,
}

fn check<T: std::fmt::Debug>(who: &str, action: &str, expect: Expect, result: Result<T, AppError>) {
    match (expect, result) {
        (Expect::Allowed, Ok(_)) => {}
        (Expect::Refused, Err(AppError::Forbidden)) => {}
        (Expect::Refused, Err(AppError::Conflict(reason)))
            if reason.to_string().contains("handling") => {}
        (expect, got) => panic!("{who} {action}: expected {expect:?}, got {got:?}"),
    }
}

fn contact(name: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        email: String::new(),
        phone: String::new(),
        reading: String::new(),
    }
}

async fn every_conversation_and_contact_action_follows_one_rule(db: Db) {
    let w = crate::engine::world(db).await;
    let services = w.desk.state.services.clone();
    let (talk, contacts, routing) = (
        services.conversations.clone(),
        services.contacts.clone(),
        services.routing.clone(),
    );
    let (_, queue) = workstream(&w, "pick").await;
    let other_queue = routing
        .create_queue(&admin(), "Other", 1, &client())
        .await
        .unwrap();
    let ana = staff(&w, "Ana", Role::Agent).await;
    let ben = staff(&w, "Ben", Role::Agent).await;
    let cho = staff(&w, "Cho", Role::Agent).await;
    let sue = staff(&w, "Sue", Role::Supervisor).await;
    let aud = staff(&w, "Aud", Role::Auditor).await;
    routing
        .set_queue_members(&admin(), queue, vec![ana.id, ben.id], &client())
        .await
        .unwrap();
    routing
        .set_queue_members(&admin(), other_queue, vec![cho.id], &client())
        .await
        .unwrap();
    // Room for every conversation Ana picks below.
    routing
        .set_agent(&admin(), ana.id, 10, vec![], &client())
        .await
        .unwrap();
    services
        .privacy
        .grant_transcripts(&admin(), aud.id, 7, &client())
        .await
        .unwrap();
    let card = contacts
        .create(&admin(), contact("Walk Contact"), &client())
        .await
        .unwrap();
    use Expect::{Allowed, Refused};
    let cast: [(&str, &CurrentUser, Expect); 5] = [
        ("the assignee", &ana, Allowed),
        ("a colleague in the same queue", &ben, Refused),
        ("an agent of another queue", &cho, Refused),
        ("a supervisor", &sue, Allowed),
        ("an auditor", &aud, Refused),
    ];

    // Conversation actions, each on a conversation Ana picked (ending it comes last).
    for (n, (who, actor, expect)) in cast.iter().enumerate() {
        let (who, actor, expect) = (*who, *actor, *expect);
        let id = waiting(&w, n).await;
        routing.pick(&ana, id).await.unwrap();
        check(who, "typing", expect, talk.typing(actor, id).await);
        check(who, "reply", expect, talk.reply(actor, id, "on it").await);
        check(
            who,
            "send_file",
            expect,
            talk.send_file(actor, id, upload(&w, n)).await,
        );
        check(
            who,
            "link",
            expect,
            contacts.link(actor, id, card, &client()).await,
        );
        if expect == Refused {
            // Something to unlink, so that only the rule can refuse it.
            contacts.link(&ana, id, card, &client()).await.unwrap();
        }
        check(
            who,
            "unlink",
            expect,
            contacts.unlink(actor, id, &client()).await,
        );
        check(who, "end", expect, talk.end(actor, id).await);
        let row = conversations::get(&w.db.pool, id).await.unwrap().unwrap();
        assert_eq!(
            (row.state.is_closed(), row.assigned_user_id),
            (expect == Allowed, Some(ana.id)),
            "{who}: ended only by those allowed, still Ana's"
        );
    }

    // Contact records are shared by the staff; merging and deleting are for supervisors and
    // administrators.
    for (who, actor, _) in cast {
        let staff_only = if actor.role == Role::Auditor {
            Refused
        } else {
            Allowed
        };
        let leads_only = if actor.role == Role::Supervisor {
            Allowed
        } else {
            Refused
        };
        let mine = contacts.create(actor, contact("Own"), &client()).await;
        check(who, "contact create", staff_only, mine.clone());
        check(
            who,
            "contact update",
            staff_only,
            contacts
                .update(actor, card, contact("Walk Contact"), &client())
                .await,
        );
        let other = contacts
            .create(&admin(), contact("Duplicate"), &client())
            .await
            .unwrap();
        check(
            who,
            "contact merge",
            leads_only,
            contacts.merge(actor, card, other, &client()).await,
        );
        let doomed = contacts
            .create(&admin(), contact("Doomed"), &client())
            .await
            .unwrap();
        check(
            who,
            "contact delete",
            leads_only,
            contacts.delete(actor, doomed, &client()).await,
        );
    }

    // Nobody has it yet: a queue member of a pick queue may pick it or take it by answering,
    // but not end it or link its contact first; auditors never pick.
    let id = waiting(&w, 10).await;
    assert_eq!(
        routing.pick(&aud, id).await.unwrap_err(),
        AppError::Forbidden,
        "an auditor picks nothing"
    );
    assert!(matches!(
        routing.pick(&cho, id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        talk.end(&ben, id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        contacts.link(&ben, id, card, &client()).await,
        Err(AppError::Conflict(_))
    ));
    assert!(talk.typing(&ben, id).await.is_ok());
    talk.reply(&ben, id, "Ben here").await.unwrap();
    let row = conversations::get(&w.db.pool, id).await.unwrap().unwrap();
    assert_eq!(row.assigned_user_id, Some(ben.id), "answering took it");
    check(
        "Ana, now a colleague",
        "end",
        Refused,
        talk.end(&ana, id).await,
    );
    talk.end(&ben, id).await.unwrap();

    // In a push queue the desk offers the work: a member who was not offered it can't take it
    // by answering. (The mode is fixed once created, so the test switches it in the table.)
    sqlx::query("UPDATE workstreams SET mode = 'push'")
        .execute(&w.db.pool)
        .await
        .unwrap();
    let id = waiting(&w, 11).await;
    let err = talk.reply(&ben, id, "mine?").await.unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict(reason) if reason.to_string().contains("offer")),
        "{err:?}"
    );
    let detail = talk.get_for(&ben, id, None).await.unwrap();
    assert!(
        detail
            .replies_disabled
            .is_some_and(|r| r.to_string().contains("offer")),
        "the composer says why instead of failing on send"
    );
}
