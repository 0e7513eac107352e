//! A long conversation opens at its newest page; "previous messages" widens the window a page at
//! a time back to the first message, in the conversation's order (sent_at, then id), ties and
//! late arrivals included.

use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, text_event, world};
use crate::privacy::text_from;
use crate::routing::staff;
use domain::conversation::MessageDirection;
use domain::Role;
use linedesk::db::messages::{self, NewMessage};
use linedesk::db::Db;
use linedesk::services::conversations::PAGE;

db_tests!(a_long_conversation_is_read_a_page_at_a_time,);

const OTHER: &str = "U00000000000000000000000000000b02";

async fn a_long_conversation_is_read_a_page_at_a_time(db: Db) {
    let w = world(db).await;
    let start = now();
    deliver(&w, text_event("900", "first", start)).await;
    let conversation = only_conversation(&w).await.id;
    // 129 more: pairs sharing a timestamp, and every tenth one sent "earlier" than messages
    // stored before it (a redelivery), so id order and conversation order differ.
    for n in 1..130i64 {
        let sent_at = if n % 10 == 0 {
            start + (n - 15) * 1000
        } else {
            start + (n / 2) * 1000
        };
        let body = format!("message {n}");
        messages::insert(
            &w.db.pool,
            &NewMessage {
                conversation_id: conversation,
                direction: MessageDirection::In,
                kind: "text",
                line_message_id: Some(&format!("9{n:04}")),
                sender_id: None,
                author_user_id: None,
                body: Some(&body),
                payload: "{}",
                sent_at,
                delivery: None,
            },
            now(),
        )
        .await
        .unwrap();
    }
    let order: Vec<i64> = messages::list(&w.db.pool, conversation)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(order.len(), 130);
    let page = PAGE as usize;
    let admin = staff(&w, "Ada", Role::Admin).await;
    let talk = w.desk.state.services.conversations.clone();
    let ids = |detail: &domain::conversation::ConversationDetail| -> Vec<i64> {
        detail.messages.iter().map(|m| m.id).collect()
    };

    // Opened: the newest page, and where the page before it starts.
    let newest = talk.get_for(&admin, conversation, None).await.unwrap();
    assert_eq!(ids(&newest), order[130 - page..]);
    assert_eq!(newest.earlier, Some(order[130 - 2 * page]));

    // "Previous messages": one more page, then the rest (fewer than a page).
    let wider = talk
        .get_for(&admin, conversation, newest.earlier)
        .await
        .unwrap();
    assert_eq!(ids(&wider), order[130 - 2 * page..]);
    assert_eq!(wider.earlier, Some(order[0]));
    let whole = talk
        .get_for(&admin, conversation, wider.earlier)
        .await
        .unwrap();
    assert_eq!(ids(&whole), order);
    assert_eq!(whole.earlier, None);

    // A message of another conversation, or none at all, opens the newest page.
    deliver(&w, text_from(OTHER, "901", "other", now())).await;
    let foreign: i64 =
        sqlx::query_scalar("SELECT id FROM messages WHERE conversation_id <> $1 LIMIT 1")
            .bind(conversation)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    for stray in [foreign, i64::MAX] {
        let read = talk
            .get_for(&admin, conversation, Some(stray))
            .await
            .unwrap();
        assert_eq!(ids(&read).len(), page, "from {stray}");
        assert_eq!(read.earlier, newest.earlier);
    }

    // Exports read every message.
    assert_eq!(ids(&talk.get(conversation).await.unwrap()), order);
}
