//! Group chats: a mention of the account is flagged on the conversation (its offer and the
//! list) and drawn in the message; members who are not the account's friends are named from
//! the group's member profile.

use crate::db_tests;
use crate::engine::{deliver, now, world, USER};
use crate::routing::staff;
use domain::message::{Rich, TextPart};
use domain::Role;
use linedesk::db::Db;
use serde_json::json;

db_tests!(a_mention_in_a_group_is_flagged_and_members_are_named,);

const NOT_A_FRIEND: &str = "Unf00000000000000000000000000c7d8";

fn group_message(
    id: &str,
    user: &str,
    text: &str,
    mention: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut message =
        json!({ "id": id, "type": "text", "text": text, "quoteToken": format!("quote-{id}") });
    if let Some(mention) = mention {
        message["mention"] = mention;
    }
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "group", "groupId": "Cgroup7", "userId": user },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"), "message": message
    }]})
}

async fn a_mention_in_a_group_is_flagged_and_members_are_named(db: Db) {
    let w = world(db).await;
    let admin = staff(&w, "Ada", Role::Admin).await;
    let talk = &w.desk.state.services.conversations;
    deliver(&w, group_message("g1", USER, "おはようございます", None)).await;
    let group = talk.list_open(&admin).await.unwrap();
    assert_eq!(group.len(), 1);
    assert!(!group[0].mentioned);

    // A member who is not the account's friend mentions the account (and a colleague).
    let mention = json!({ "mentionees": [
        { "index": 0, "length": 5, "type": "user", "isSelf": true },
        { "index": 6, "length": 4, "type": "user", "userId": USER }
    ]});
    deliver(
        &w,
        group_message(
            "g2",
            NOT_A_FRIEND,
            "@サポート @Ken 注文の件です",
            Some(mention),
        ),
    )
    .await;
    let list = talk.list_open(&admin).await.unwrap();
    assert!(list[0].mentioned, "{list:?}");
    let detail = talk.get_for(&admin, list[0].id, None).await.unwrap();
    let [first, second] = &detail.messages[..] else {
        panic!("{:?}", detail.messages)
    };
    // Named by LINE's user profile (a friend) and by the group's member profile (not one).
    assert_eq!(first.sender.as_deref(), Some("Customer 4af498"));
    assert_eq!(second.sender.as_deref(), Some("Member c7d8"));
    let Some(Rich::Text(parts)) = &second.rich else {
        panic!("{:?}", second.rich)
    };
    assert_eq!(
        parts[..3],
        [
            TextPart::Mention {
                text: "@サポート".into(),
                is_self: true
            },
            TextPart::Text(" ".into()),
            TextPart::Mention {
                text: "@Ken".into(),
                is_self: false
            },
        ]
    );
    let asked: Vec<String> = w
        .desk
        .line
        .state
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/member/"))
        .map(|r| r.path)
        .collect();
    assert_eq!(
        asked,
        vec![format!("/v2/bot/group/Cgroup7/member/{NOT_A_FRIEND}")]
    );

    // Answered: the flag is down until the next mention.
    talk.reply(&admin, list[0].id, "承知しました")
        .await
        .unwrap();
    assert!(!talk.list_open(&admin).await.unwrap()[0].mentioned);
}
