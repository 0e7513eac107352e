//! Live updates reach subscribers: in-process on SQLite, across processes through PostgreSQL's
//! LISTEN/NOTIFY (two notifiers on one database stand for two linedesk processes). `/live`
//! tells an agent only of conversations the agent may read.

use crate::accounts::admin;
use crate::contacts::sign_in;
use crate::db_tests;
use crate::engine::{deliver, now, world, World};
use crate::routing::{staff, workstream};
use axum::body::Body;
use domain::queue::TransferTarget;
use domain::user::ClientInfo;
use domain::Role;
use http_body_util::BodyExt;
use linedesk::db::{conversations, Backend, Db};
use linedesk::live::Notifier;
use serde_json::json;
use std::time::Duration;

db_tests!(
    a_change_reaches_every_process,
    an_agents_stream_tells_only_of_conversations_the_agent_may_read,
    supervisors_hear_of_presence_changes_and_agents_do_not,
);

async fn a_change_reaches_every_process(db: Db) {
    let url = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let here = Notifier::for_database(&db, &url).await.unwrap();
    let mut own = here.subscribe();
    let (there, mut remote) = if db.backend == Backend::Postgres {
        let other = Notifier::for_database(&db, &url).await.unwrap();
        let receiver = other.subscribe();
        (Some(other), Some(receiver))
    } else {
        (None, None)
    };
    // Give the listeners a moment to start listening.
    tokio::time::sleep(Duration::from_millis(200)).await;
    here.publish(42).await;
    let got = tokio::time::timeout(Duration::from_secs(3), own.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.conversation_id, 42);
    if let Some(remote) = remote.as_mut() {
        let got = tokio::time::timeout(Duration::from_secs(3), remote.recv())
            .await
            .expect("the other process hears it")
            .unwrap();
        assert_eq!(got.conversation_id, 42);
    }
    drop(there);
}

fn message_from(user: &str, id: &str) -> serde_json::Value {
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": user },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"),
        "message": { "id": id, "type": "text", "text": "hello", "quoteToken": "q" }
    }]})
}

/// The conversation ids an SSE body announces within `wait`.
async fn changes(body: &mut Body, wait: Duration) -> Vec<i64> {
    let text = events(body, wait).await;
    text.split("\n\n")
        .filter(|event| event.contains("event: conversation"))
        .filter_map(|event| event.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|id| id.trim().parse().unwrap())
        .collect()
}

/// Everything an SSE body says within `wait`.
async fn events(body: &mut Body, wait: Duration) -> String {
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, body.frame()).await {
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
    }
    text
}

async fn open_stream(w: &World, cookie: &str) -> Body {
    let response = crate::files::get(w, "/live", cookie).await;
    assert_eq!(response.status(), axum::http::StatusCode::OK);
    response.into_body()
}

async fn an_agents_stream_tells_only_of_conversations_the_agent_may_read(db: Db) {
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let client = ClientInfo::default();
    let (_, first_queue) = workstream(&w, "pick").await;
    let second_queue = services
        .routing
        .create_queue(&admin(), "Second line", 0, &client)
        .await
        .unwrap();
    let mei = staff(&w, "Mei", Role::Agent).await;
    let oscar = staff(&w, "Oscar", Role::Agent).await;
    for (queue, member) in [(first_queue, &mei), (second_queue, &oscar)] {
        services
            .routing
            .set_queue_members(&admin(), queue, vec![member.id], &client)
            .await
            .unwrap();
    }
    let (ann, bob) = (
        "U0000000000000000000000000000a001",
        "U0000000000000000000000000000b002",
    );
    deliver(&w, message_from(ann, "m1")).await;
    deliver(&w, message_from(bob, "m2")).await;
    let open = |user: &'static str| {
        let pool = w.db.pool.clone();
        let account = w.account_id;
        async move {
            conversations::find_open(&pool, account, user)
                .await
                .unwrap()
                .expect("an open conversation")
                .id
        }
    };
    let (mei_work, oscar_work) = (open(ann).await, open(bob).await);
    services
        .routing
        .transfer(
            &admin(),
            oscar_work,
            TransferTarget::Queue(second_queue),
            &client,
        )
        .await
        .unwrap();

    let mut mei_stream = open_stream(&w, &sign_in(&w, &mei.email).await).await;
    let mut oscar_stream = open_stream(&w, &sign_in(&w, &oscar.email).await).await;
    // Mei's queue's conversation changes, then Oscar's: each hears only of their own.
    deliver(&w, message_from(ann, "m3")).await;
    deliver(&w, message_from(bob, "m4")).await;
    let (heard_by_mei, heard_by_oscar) = tokio::join!(
        changes(&mut mei_stream, Duration::from_secs(2)),
        changes(&mut oscar_stream, Duration::from_secs(2)),
    );
    assert!(heard_by_mei.contains(&mei_work), "{heard_by_mei:?}");
    assert!(
        !heard_by_mei.contains(&oscar_work),
        "Mei hears of Oscar's queue's conversation: {heard_by_mei:?}"
    );
    assert!(heard_by_oscar.contains(&oscar_work), "{heard_by_oscar:?}");
    assert!(
        !heard_by_oscar.contains(&mei_work),
        "Oscar hears of Mei's queue's conversation: {heard_by_oscar:?}"
    );
}

async fn supervisors_hear_of_presence_changes_and_agents_do_not(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let sue = staff(&w, "Sue", Role::Supervisor).await;
    let mei = staff(&w, "Mei", Role::Agent).await;
    let oscar = staff(&w, "Oscar", Role::Agent).await;
    let mut sue_stream = open_stream(&w, &sign_in(&w, &sue.email).await).await;
    let mut oscar_stream = open_stream(&w, &sign_in(&w, &oscar.email).await).await;
    routing
        .set_presence(&mei, domain::agent::Presence::Available)
        .await
        .unwrap();
    let (heard_by_sue, heard_by_oscar) = tokio::join!(
        events(&mut sue_stream, Duration::from_secs(2)),
        events(&mut oscar_stream, Duration::from_secs(2)),
    );
    assert!(heard_by_sue.contains("event: staffing"), "{heard_by_sue:?}");
    assert!(
        !heard_by_oscar.contains("event: staffing"),
        "an agent hears of staffing: {heard_by_oscar:?}"
    );
}
