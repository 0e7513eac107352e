//! Message text search through the trigram index (db/text_search.rs): Japanese and Thai
//! substrings inside sentences, 2-character queries, newest first by cursor, and text that
//! leaves (unsent, erased, purged) leaves the index too.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, world, World, USER};
use crate::privacy::text_from;
use domain::contact::ErasedContact;
use domain::conversation::HistoryQuery;
use domain::user::ClientInfo;
use linedesk::db::{text_search, Db};
use serde_json::json;

db_tests!(
    japanese_thai_and_english_are_found_inside_sentences,
    text_that_leaves_a_message_leaves_the_search,
    contacts_are_found_by_part_of_a_name_in_any_script,
);

const ANN: &str = "U00000000000000000000000000000a01";
const BEN: &str = "U00000000000000000000000000000b02";
const CHAI: &str = "U00000000000000000000000000000c03";
const DAN: &str = "U00000000000000000000000000000d04";

/// The ids of the messages whose text is `text`, newest first.
async fn ids_of(w: &World, texts: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for text in texts {
        let id: i64 = sqlx::query_scalar("SELECT id FROM messages WHERE body = $1")
            .bind(*text)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
        ids.push(id);
    }
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids
}

async fn found(w: &World, typed: &str) -> Vec<i64> {
    text_search::message_ids(&w.db, typed, None, 100)
        .await
        .unwrap()
}

const JA_1: &str = "明日の配送について教えてください";
const JA_2: &str = "注文した商品の配送";
const JA_3: &str = "発送はいつですか";
const TH: &str = "สวัสดีครับ ผมยังไม่ได้รับการจัดส่งสินค้า";
const EN: &str = "Where is my REFUND? It's been 10% late";

async fn japanese_thai_and_english_are_found_inside_sentences(db: Db) {
    let w = world(db).await;
    for (i, (user, text)) in [(ANN, JA_1), (ANN, TH), (BEN, JA_2), (BEN, EN), (CHAI, JA_3)]
        .into_iter()
        .enumerate()
    {
        deliver(&w, text_from(user, &format!("{}", 500 + i), text, now())).await;
    }
    // Two characters, inside a sentence and at its very end (JA_2 ends with 配送).
    assert_eq!(found(&w, "配送").await, ids_of(&w, &[JA_1, JA_2]).await);
    assert_eq!(found(&w, "商品").await, ids_of(&w, &[JA_2]).await);
    assert_eq!(found(&w, "品の").await, ids_of(&w, &[JA_2]).await);
    assert!(found(&w, "配達").await.is_empty(), "no text has 配達");
    // Three characters and more: the whole substring, in order.
    assert_eq!(found(&w, "配送に").await, ids_of(&w, &[JA_1]).await);
    assert_eq!(found(&w, "の配送").await, ids_of(&w, &[JA_1, JA_2]).await);
    assert!(
        found(&w, "送配の").await.is_empty(),
        "same trigrams' characters, other order"
    );
    // A Thai word inside a sentence without spaces around it, and an English word in any case.
    assert_eq!(found(&w, "จัดส่ง").await, ids_of(&w, &[TH]).await);
    assert_eq!(found(&w, " refund ").await, ids_of(&w, &[EN]).await);
    assert_eq!(found(&w, "it's").await, ids_of(&w, &[EN]).await);
    // One character scans; LIKE's wildcards are only themselves.
    assert_eq!(found(&w, "発").await, ids_of(&w, &[JA_3]).await);
    assert_eq!(found(&w, "0%").await, ids_of(&w, &[EN]).await);
    assert!(found(&w, "1_%").await.is_empty());

    // Newest first, a page at a time: the cursor is the last id of the previous page.
    let all = found(&w, "の").await;
    assert_eq!(all, ids_of(&w, &[JA_1, JA_2]).await);
    let first = text_search::message_ids(&w.db, "の配送", None, 1)
        .await
        .unwrap();
    let next = text_search::message_ids(&w.db, "の配送", Some(first[0]), 1)
        .await
        .unwrap();
    assert_eq!([first, next].concat(), ids_of(&w, &[JA_1, JA_2]).await);

    // History finds the conversations with those messages.
    let services = w.desk.state.services.clone();
    let me = crate::routing::staff(&w, "Ada", domain::Role::Admin).await;
    let history = |text: &str| HistoryQuery {
        text: text.into(),
        ..HistoryQuery::default()
    };
    for (typed, expected) in [
        ("配送", 2),
        ("配送に", 1),
        ("จัดส่ง", 1),
        ("refund", 1),
        ("配達", 0),
    ] {
        let page = services.conversations.history(&me, history(typed)).await;
        assert_eq!(page.unwrap().total, expected, "{typed}");
    }
}

async fn text_that_leaves_a_message_leaves_the_search(db: Db) {
    let w = world(db).await;
    let client = ClientInfo::default();
    deliver(&w, text_from(ANN, "600", "荷物の配送先を変更したい", now())).await;
    deliver(&w, text_from(BEN, "601", "配送先は東京です", now())).await;
    deliver(&w, text_from(USER, "602", "間違えて送った配送先", now())).await;
    assert_eq!(found(&w, "配送先").await.len(), 3);

    // Unsent: LINE asks that nobody sees it again.
    deliver(
        &w,
        json!({ "events": [{ "type": "unsend", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": USER }, "webhookEventId": "evt-unsend-602",
        "deliveryContext": { "isRedelivery": false }, "unsend": { "messageId": "602" } }] }),
    )
    .await;
    assert_eq!(found(&w, "配送先").await.len(), 2);
    assert!(found(&w, "間違").await.is_empty());

    // Erased: the data subject's words are gone from the search and from the index itself.
    let privacy = w.desk.state.services.privacy.clone();
    let subject = privacy.find_subjects(ANN).await.unwrap();
    assert_eq!(subject.len(), 1, "{subject:?}");
    privacy
        .erase_subject(
            &admin(),
            subject[0].profile_id,
            ErasedContact::Unlink,
            &client,
        )
        .await
        .unwrap();
    for typed in ["荷物", "荷物の配送先", "変更したい", "更し"] {
        assert!(found(&w, typed).await.is_empty(), "{typed} after erasing");
    }
    assert_eq!(
        found(&w, "配送先").await,
        ids_of(&w, &["配送先は東京です"]).await
    );
    if w.db.backend == linedesk::db::Backend::Sqlite {
        // secure-delete: not even the erased text's trigrams stay in the index's vocabulary.
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM message_search_terms WHERE term IN ('荷物の', '変更し', '更した')",
        )
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        assert_eq!(left, 0);
    }

    // Purged by retention: a text older than the account's 30 days.
    let old = now() - 40 * 86_400_000;
    deliver(&w, text_from(DAN, "603", "古い配送先の件", old)).await;
    assert_eq!(found(&w, "古い配送先").await.len(), 1);
    privacy
        .set_retention(&admin(), w.account_id, Some(30), &client)
        .await
        .unwrap();
    privacy.run_retention(&admin(), &client).await.unwrap();
    assert!(found(&w, "古い").await.is_empty());
    assert_eq!(
        found(&w, "配送先").await,
        ids_of(&w, &["配送先は東京です"]).await
    );
}

/// Contacts go through their own trigram index: part of a Japanese or Thai name, an email's
/// domain, a phone's digits; a deleted contact leaves it.
async fn contacts_are_found_by_part_of_a_name_in_any_script(db: Db) {
    let w = world(db).await;
    let contacts = w.desk.state.services.contacts.clone();
    let me = crate::routing::staff(&w, "Ada", domain::Role::Admin).await;
    let client = ClientInfo::default();
    let mut ids = Vec::new();
    for (name, email, phone) in [
        ("佐藤 花子", "hanako@example.jp", "090-1234-5678"),
        ("สมชาย ใจดี", "somchai@example.co.th", ""),
        ("Rossi Giulia", "", "+39 06 1234"),
    ] {
        let input = domain::contact::ContactInput {
            name: name.into(),
            email: email.into(),
            phone: phone.into(),
            reading: String::new(),
        };
        ids.push(contacts.create(&me, input, &client).await.unwrap());
    }
    let names = |list: Vec<domain::contact::ContactListItem>| -> Vec<String> {
        list.into_iter().map(|c| c.name).collect()
    };
    for (typed, expected) in [
        ("花子", vec!["佐藤 花子"]),
        ("佐藤 花", vec!["佐藤 花子"]),
        ("ใจดี", vec!["สมชาย ใจดี"]),
        ("example.jp", vec!["佐藤 花子"]),
        ("1234", vec!["Rossi Giulia", "佐藤 花子"]),
        ("GIULIA", vec!["Rossi Giulia"]),
        ("花田", vec![]),
        ("", vec!["Rossi Giulia", "สมชาย ใจดี", "佐藤 花子"]),
    ] {
        let found = names(contacts.list(&me, typed).await.unwrap());
        assert_eq!(found, expected, "{typed:?}");
    }
    contacts.delete(&me, ids[0], &client).await.unwrap();
    assert!(contacts.list(&me, "花子").await.unwrap().is_empty());
    if w.db.backend == linedesk::db::Backend::Sqlite {
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM contact_search_terms WHERE term IN ('佐藤 ', '藤 花', '花子\n')",
        )
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        assert_eq!(left, 0, "a deleted contact's trigrams leave the index");
    }
}
