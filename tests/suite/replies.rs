//! A reply is stored and sent once per send id, whether the same id comes back from a double
//! Enter, a resubmitted form without JavaScript, or a retried request.

use crate::contacts::sign_in;
use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, text_event, world};
use crate::routing::staff;
use crate::workstreams::sent_texts;
use axum::body::Body;
use axum::http::{header, Request};
use domain::{AppError, Role};
use linedesk::db::Db;
use linedesk::engine::sender;
use tower::ServiceExt;

db_tests!(a_reply_is_sent_once_per_send_id,);

async fn a_reply_is_sent_once_per_send_id(db: Db) {
    let w = world(db).await;
    deliver(&w, text_event("800", "hello?", now())).await;
    let conversation = only_conversation(&w).await.id;
    let admin = staff(&w, "Ada", Role::Admin).await;
    let talk = w.desk.state.services.conversations.clone();

    // Five Enters in a row with one id, then the next reply with the next id.
    for _ in 0..5 {
        talk.reply_once(&admin, conversation, "テスト1", "seed0001-1", None)
            .await
            .unwrap();
    }
    talk.reply_once(&admin, conversation, "テスト2", "seed0001-2", None)
        .await
        .unwrap();
    // A form posted twice without JavaScript: the same hidden id both times.
    let cookie = sign_in(&w, &admin.email).await;
    for _ in 0..2 {
        let response = w
            .desk
            .app
            .clone()
            .oneshot(
                Request::post("/api/send_reply")
                    .header(header::COOKIE, &cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!(
                        "conversation_id={conversation}&text=%E3%83%86%E3%82%B9%E3%83%883&send_id=seed0002-0"
                    )))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert!(response.status().is_success() || response.status().is_redirection());
    }
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(sent_texts(&w), vec!["テスト1", "テスト2", "テスト3"]);

    // An id that is not one a composer makes is refused, and nothing is stored.
    for bad in ["", "short", "has space in it", &"x".repeat(65)] {
        assert!(matches!(
            talk.reply_once(&admin, conversation, "again", bad, None)
                .await,
            Err(AppError::Request(_))
        ));
    }
    sender::send_due(&w.engine).await.unwrap();
    assert_eq!(sent_texts(&w).len(), 3);
}
