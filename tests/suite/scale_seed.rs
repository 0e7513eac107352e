//! `linedesk demo seed-scale` (db/scale_seed.rs): the generated desk is whole (every message in
//! a conversation, every conversation on a profile and a contact, the audit chain intact), grows
//! run by run, and its texts are in the search index.

use crate::db_tests;
use linedesk::db::{audit, scale_seed, text_search, Db};

db_tests!(a_seeded_desk_is_whole_grows_and_is_searchable);

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap()
}

async fn a_seeded_desk_is_whole_grows_and_is_searchable(db: Db) {
    let now = linedesk::clock::now_ms();
    let first = scale_seed::seed(&db, 3_000, "not-a-hash", now, |_| {})
        .await
        .unwrap();
    assert_eq!(
        (first.conversations, first.contacts, first.audit_entries),
        (300, 150, 600)
    );
    assert!((2_500..=3_000).contains(&first.messages), "{first:?}");
    let second = scale_seed::seed(&db, 1_000, "not-a-hash", now + 1, |_| {})
        .await
        .unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM line_accounts").await, 20);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM users").await, 200);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM queues").await, 20);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM messages").await as usize,
        first.messages + second.messages
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM conversations").await, 400);
    // Nothing dangles, and every conversation of the year is closed in the past.
    let orphans = count(
        &db,
        "SELECT COUNT(*) FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id WHERE c.id IS NULL",
    )
    .await;
    assert_eq!(orphans, 0);
    let sql = format!("SELECT COUNT(*) FROM conversations c JOIN social_profiles p ON p.id = c.profile_id
         WHERE c.contact_id IS NULL OR p.contact_id <> c.contact_id OR c.state <> 'closed' OR c.closed_at > {now}");
    assert_eq!(count(&db, &sql).await, 0);
    // Runs this small spare no 5,000 messages for the long conversation.
    let long: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.chat_id = $1",
    )
    .bind(scale_seed::LONG_CHAT)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(long, 0);
    assert_eq!(audit::verify(&db.pool).await.unwrap(), Ok(800));
    let found = text_search::message_ids(&db, "配送", None, 5)
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        5,
        "the generated Japanese texts are searchable"
    );
}
