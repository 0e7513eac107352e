//! SQLite writes a customer's message on its direct connection (db/sqlite/chat_append.rs, and a
//! round's first messages of distinct chats together, engine/events/batch.rs); PostgreSQL
//! writes it statement by statement through sqlx. Two fresh SQLite databases record the same
//! events, one each way (`Db::without_direct_writes`), and must end with the same profiles,
//! contacts, conversations and messages. Ids are compared through what they point at, and
//! times written from the clock (not from the events) as "now".

use crate::engine::{world, World};
use crate::routing::workstream;
use domain::contact::ContactInput;
use line_webhook::event::Event;
use linedesk::db::sqlite::direct::WritePath;
use linedesk::db::{contacts, conversations, profiles, Db};
use linedesk::engine::events;
use rusqlite::types::Value;
use serde_json::{json, Value as Json};
use std::collections::HashMap;

const NEW: &str = "Ua0000000000000000000000000000001";
const KNOWN: &str = "Ub0000000000000000000000000000002";
const THIRD: &str = "Uc0000000000000000000000000000003";
const FOURTH: &str = "Ud0000000000000000000000000000004";
/// The events' times, fixed and long past: every later time in a row came from the clock.
const T: i64 = 1_600_000_000_000;

#[tokio::test]
async fn direct_and_sqlx_writes_leave_the_same_rows() {
    let started = linedesk::clock::now_ms();
    let direct = crate::support::sqlite().await;
    let through_sqlx = crate::support::sqlite().await.without_direct_writes();
    assert_eq!(direct.write_path(), WritePath::Direct);
    assert_eq!(through_sqlx.write_path(), WritePath::Sqlx);
    let direct = rows(&record_the_same_messages(direct).await, started);
    let through_sqlx = rows(&record_the_same_messages(through_sqlx).await, started);
    for table in TABLES {
        assert!(!direct[table].is_empty(), "{table} has rows");
        assert_eq!(
            direct[table], through_sqlx[table],
            "{table}: direct, then sqlx"
        );
    }
}

/// A user chat's text event.
fn text(id: &str, user: &str, body: &str, at: i64) -> Json {
    json!({
        "type": "message", "mode": "active", "timestamp": at,
        "source": { "type": "user", "userId": user },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"),
        "message": { "id": id, "type": "text", "text": body, "quoteToken": "q" }
    })
}

/// The events as one delivery through the callback, then what is due applied.
async fn deliver(w: &World, events: &[Json]) {
    crate::engine::deliver(w, json!({ "destination": "Ubot", "events": events })).await;
}

async fn record_the_same_messages(db: Db) -> Db {
    let w = world(db.clone()).await;
    workstream(&w, "pick").await;
    // A customer whose profile is linked to a contact already: the conversation takes both.
    let mut conn = db.pool.acquire().await.unwrap();
    let known = profiles::ensure(&mut conn, w.account_id, KNOWN, T)
        .await
        .unwrap();
    drop(conn);
    let contact = ContactInput {
        name: "Aiko Tanaka".into(),
        email: "aiko@example.jp".into(),
        ..Default::default()
    };
    let contact = contacts::insert(&db.pool, &contact, T).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    contacts::link_profile(&mut tx, known.id, Some(contact))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // A new customer, a known one, the new one's second message in the open conversation.
    deliver(&w, &[text("1", NEW, "hello", T + 1)]).await;
    deliver(&w, &[text("2", KNOWN, "konnichiwa", T + 2)]).await;
    let second = text("3", NEW, "still there?", T + 3);
    deliver(&w, std::slice::from_ref(&second)).await;
    // LINE delivers it again (a new event id, the same message), and the worker applies it again.
    let mut redelivered = second.clone();
    redelivered["webhookEventId"] = json!("evt-3-again");
    redelivered["deliveryContext"]["isRedelivery"] = json!(true);
    deliver(&w, &[redelivered]).await;
    events::apply(&w.engine, w.account_id, &Event::from_value(second.clone()))
        .await
        .unwrap();
    // A sticker, a place, a standby message (no reply token kept).
    let mut sticker = text("4", NEW, "", T + 4);
    sticker["message"] = json!({ "id": "4", "type": "sticker", "packageId": "446", "stickerId": "1988", "keywords": ["hi"] });
    let mut place = text("5", NEW, "", T + 5);
    place["message"] = json!({ "id": "5", "type": "location", "title": "Shibuya",
        "address": "Tokyo", "latitude": 35.66, "longitude": 139.7 });
    let mut standby = text("6", NEW, "on standby", T + 6);
    standby["mode"] = json!("standby");
    deliver(&w, &[sticker, place, standby]).await;
    // Group and room chats: a member's message, one from a sender LINE does not name, a join.
    let mut in_group = text("7", NEW, "group hello", T + 7);
    in_group["source"] = json!({ "type": "group", "groupId": "Cgroup1", "userId": KNOWN });
    let mut unnamed = text("8", NEW, "who am I", T + 8);
    unnamed["source"] = json!({ "type": "group", "groupId": "Cgroup1" });
    let mut in_room = text("9", NEW, "room hello", T + 9);
    in_room["source"] = json!({ "type": "room", "roomId": "Rroom1", "userId": NEW });
    let join = json!({ "type": "join", "mode": "active", "timestamp": T + 10,
        "source": { "type": "group", "groupId": "Cgroup2" }, "webhookEventId": "evt-join",
        "deliveryContext": { "isRedelivery": false }, "replyToken": "reply-join" });
    deliver(&w, &[in_group, unnamed, in_room, join]).await;
    // The conversation closes; its message applied again is old news; the next opens another.
    let open = conversations::find_open(&db.pool, w.account_id, NEW)
        .await
        .unwrap()
        .unwrap();
    conversations::close(&db.pool, open.id, T + 11)
        .await
        .unwrap();
    events::apply(&w.engine, w.account_id, &Event::from_value(second.clone()))
        .await
        .unwrap();
    deliver(&w, &[text("12", NEW, "back again", T + 12)]).await;
    // One round of several chats (on SQLite the first message of each is stored together): two
    // new customers, the known one again, and a second message of one of them.
    deliver(
        &w,
        &[
            text("13", THIRD, "c1", T + 13),
            text("14", FOURTH, "d1", T + 14),
            text("15", KNOWN, "b2", T + 15),
            text("16", THIRD, "c2", T + 16),
        ],
    )
    .await;
    db
}

const TABLES: [&str; 4] = ["social_profiles", "contacts", "conversations", "messages"];

/// Each table's rows as sorted lines of `column=value`: ids replaced by what identifies the row
/// they point at, and times at or after `started` (written from the clock) by "now".
fn rows(db: &Db, started: i64) -> HashMap<&'static str, Vec<String>> {
    let conn = rusqlite::Connection::open(db.sqlite_file().unwrap()).unwrap();
    let read = |table: &str| -> Vec<Vec<(String, Value)>> {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
            .unwrap();
        let names: Vec<String> = statement
            .column_names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        statement
            .query_map([], |row| {
                names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| Ok((name.clone(), row.get::<_, Value>(i)?)))
                    .collect()
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let tables: HashMap<&str, _> = TABLES.iter().map(|&t| (t, read(t))).collect();
    // What identifies a row of each table apart from its id.
    let natural = |table: &str, keys: &[&str]| -> HashMap<i64, String> {
        tables[table]
            .iter()
            .map(|row| {
                let value = |name: &str| &row.iter().find(|(n, _)| n == name).unwrap().1;
                let Value::Integer(id) = value("id") else {
                    panic!("{table}.id")
                };
                let key: Vec<String> = keys.iter().map(|k| format!("{:?}", value(k))).collect();
                (*id, key.join("/"))
            })
            .collect()
    };
    let references = HashMap::from([
        (
            "conversation_id",
            natural("conversations", &["chat_id", "opened_at"]),
        ),
        ("profile_id", natural("social_profiles", &["line_user_id"])),
        ("contact_id", natural("contacts", &["name"])),
    ]);
    tables
        .iter()
        .map(|(&table, rows)| {
            let mut lines: Vec<String> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .filter(|(name, _)| name != "id")
                        .map(|(name, value)| {
                            let shown = match (references.get(name.as_str()), value) {
                                (Some(keys), Value::Integer(id)) => keys[id].clone(),
                                (_, Value::Integer(at)) if *at >= started => "now".into(),
                                _ => format!("{value:?}"),
                            };
                            format!("{name}={shown}")
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            lines.sort();
            (table, lines)
        })
        .collect()
}
