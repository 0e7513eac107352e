//! Live updates reach subscribers: in-process on SQLite, across processes through PostgreSQL's
//! LISTEN/NOTIFY (two notifiers on one database stand for two linedesk processes).

use crate::db_tests;
use linedesk::db::{Backend, Db};
use linedesk::live::Notifier;
use std::time::Duration;

db_tests!(a_change_reaches_every_process);

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
