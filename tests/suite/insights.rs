//! Insights > Live: the queue figures follow the desk's work (waiting, offers, active, presence,
//! capacity, service level), each checked against a plain count over the raw rows, and only
//! the people who may watch a queue see it.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, world, World};
use crate::routing::{staff, workstream};
use domain::agent::Presence;
use domain::insights::LiveQueue;
use domain::user::ClientInfo;
use domain::{AppError, Role};
use linedesk::db::Db;
use linedesk::engine::distribution;
use serde_json::json;

db_tests!(
    the_live_view_counts_what_the_queues_hold_for_those_who_watch_them,
    administrators_set_a_queues_service_level_target,
);

fn message_from(n: usize) -> serde_json::Value {
    let user = format!("U{:0>32}", format!("{:x}", 500 + n));
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": user },
        "webhookEventId": format!("evt-live-{n}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-live-{n}"),
        "message": { "id": format!("live-{n}"), "type": "text", "text": "hello", "quoteToken": "q" }
    }]})
}

async fn count(w: &World, sql: &str, queue: i64) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(queue)
        .fetch_one(&w.db.pool)
        .await
        .unwrap()
}

fn queue_of(live: &[LiveQueue], id: i64) -> &LiveQueue {
    live.iter().find(|q| q.queue_id == id).expect("the queue")
}

async fn the_live_view_counts_what_the_queues_hold_for_those_who_watch_them(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let insights = w.desk.state.services.insights.clone();
    let (_, watched) = workstream(&w, "push").await;
    let other = routing
        .create_queue(&admin(), "Second line", 0, &ClientInfo::default())
        .await
        .unwrap();
    let ana = staff(&w, "Ana", Role::Agent).await;
    let ben = staff(&w, "Ben", Role::Agent).await;
    let sue = staff(&w, "Sue", Role::Supervisor).await;
    let audrey = staff(&w, "Audrey", Role::Auditor).await;
    routing
        .set_queue_members(
            &admin(),
            watched,
            vec![ana.id, ben.id, sue.id],
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    routing
        .set_agent(&admin(), ana.id, 2, vec![], &ClientInfo::default())
        .await
        .unwrap();
    routing
        .set_presence(&ana, Presence::Available)
        .await
        .unwrap();
    for n in 0..4 {
        deliver(&w, message_from(n)).await;
    }
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 2);

    let day_start = now() - 3_600_000;
    let live = insights.live(&sue, day_start, now()).await.unwrap();
    assert!(!live.every_queue);
    assert_eq!(live.queues.len(), 1, "Sue watches her own queue only");
    let q = queue_of(&live.queues, watched);
    let waiting = count(
        &w,
        "SELECT COUNT(*) FROM conversations WHERE state = 'waiting' AND queue_id = $1",
        watched,
    )
    .await;
    assert_eq!((q.waiting, waiting), (4, 4), "offered ones still wait");
    assert_eq!(q.offers_pending, 2);
    assert_eq!(q.active, 0);
    let presences: Vec<(Presence, i64)> =
        q.agents.iter().copied().filter(|(_, n)| *n > 0).collect();
    assert_eq!(
        presences,
        vec![(Presence::Available, 1), (Presence::Offline, 2)]
    );
    assert_eq!(
        (q.load, q.capacity),
        (2, 2),
        "offers take Ana's capacity; offline Ben has none"
    );
    assert!(q
        .longest_wait_ms
        .is_some_and(|ms| (0..60_000).contains(&ms)));
    assert_eq!(
        q.service_level.percent(),
        None,
        "nobody has waited past the target yet"
    );

    // Ana accepts one and answers it; another customer has waited two minutes.
    let offered: i64 = sqlx::query_scalar(
        "SELECT conversation_id FROM offers WHERE state = 'offered' AND user_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(ana.id)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    routing.accept_offer(&ana, offered).await.unwrap();
    w.desk
        .state
        .services
        .conversations
        .reply(&ana, offered, "Hello, how can I help?")
        .await
        .unwrap();
    let long_ago = now() - 120_000;
    sqlx::query(
        "UPDATE conversations SET queued_at = $1
          WHERE id = (SELECT MIN(id) FROM conversations WHERE state = 'waiting' AND queue_id = $2)",
    )
    .bind(long_ago)
    .bind(watched)
    .execute(&w.db.pool)
    .await
    .unwrap();

    let live = insights.live(&admin(), day_start, now()).await.unwrap();
    assert!(live.every_queue);
    assert_eq!(live.queues.len(), 2, "administrators see every queue");
    let q = queue_of(&live.queues, watched);
    assert_eq!((q.waiting, q.active, q.offers_pending), (3, 1, 1));
    let active = count(
        &w,
        "SELECT COUNT(*) FROM conversations WHERE state IN ('active', 'wrapup') AND queue_id = $1",
        watched,
    )
    .await;
    assert_eq!(q.active, active);
    assert!(q.longest_wait_ms.is_some_and(|ms| ms >= 120_000));
    assert_eq!(
        (q.service_level.met, q.service_level.missed),
        (1, 1),
        "answered at once; waiting two minutes against a one-minute target"
    );
    assert_eq!(q.service_level.percent(), Some(50));
    let empty = queue_of(&live.queues, other);
    assert_eq!((empty.waiting, empty.active, empty.capacity), (0, 0, 0));

    // A day that starts later leaves the earlier conversations out of today's service level.
    let tomorrow = insights.live(&admin(), now() + 1, now()).await.unwrap();
    assert_eq!(
        queue_of(&tomorrow.queues, watched).service_level.percent(),
        None
    );

    for refused in [&ana, &audrey] {
        assert!(matches!(
            insights.live(refused, day_start, now()).await,
            Err(AppError::Forbidden)
        ));
    }
}

async fn administrators_set_a_queues_service_level_target(db: Db) {
    let w = world(db).await;
    let services = w.desk.state.services.clone();
    let client = ClientInfo::default();
    let queue = services
        .routing
        .create_queue(&admin(), "Billing", 0, &client)
        .await
        .unwrap();
    let target = |queues: Vec<domain::queue::QueueDetail>| {
        queues
            .into_iter()
            .find(|q| q.id == queue)
            .unwrap()
            .service_level_seconds
    };
    assert_eq!(target(services.routing.queues().await.unwrap()), 60);
    for bad in [0, -5, 3601] {
        match services
            .insights
            .set_service_level(&admin(), queue, bad, &client)
            .await
        {
            Err(AppError::Invalid(errors)) => assert!(errors.get("service_level").is_some()),
            other => panic!("{bad} s: {other:?}"),
        }
    }
    let sue = staff(&w, "Sue", Role::Supervisor).await;
    assert!(matches!(
        services
            .insights
            .set_service_level(&sue, queue, 30, &client)
            .await,
        Err(AppError::Forbidden)
    ));
    services
        .insights
        .set_service_level(&admin(), queue, 30, &client)
        .await
        .unwrap();
    assert_eq!(target(services.routing.queues().await.unwrap()), 30);
    let live = services
        .insights
        .live(&admin(), now() - 1, now())
        .await
        .unwrap();
    assert_eq!(
        queue_of(&live.queues, queue).service_level.target_seconds,
        30
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'queue.service_level' AND entity_id = $1",
    )
    .bind(queue.to_string())
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}
