//! A messaging account's end and a refused one's traces (issue 27 item 10): deleting clears
//! LINE's webhook URL (or names the console steps when LINE can't), ends the account's open
//! conversations with an end message and frees capacity; a duplicate channel leaves no secret
//! behind (a rejected token: accounts::a_token_line_rejects_is_an_error_on_the_token_field).

use crate::accounts::{admin, demo_credentials, service};
use crate::db_tests;
use crate::engine::{deliver, now, only_conversation, text_event, world, World};
use crate::workstreams::{live_channel, sent_texts};
use domain::account::AccountService;
use domain::account::WebhookCleanup;
use domain::user::ClientInfo;
use domain::workstream::ChannelConfig;
use fake_line::{Fault, DEMO_CHANNEL_ID};
use linedesk::db::{agents, Db};
use linedesk::engine::sender;

db_tests!(
    deleting_ends_open_conversations_frees_capacity_and_clears_the_webhook,
    deleting_while_line_is_unreachable_deletes_and_names_the_console_steps,
    a_duplicate_channel_id_is_refused_before_anything_is_stored,
);

fn client() -> ClientInfo {
    ClientInfo::default()
}

/// LINE's webhook URL for the demo channel, as the fake platform holds it.
fn line_endpoint(w: &World) -> Option<String> {
    let inner = w.desk.line.state.lock();
    let channel = inner
        .channels
        .iter()
        .find(|c| c.channel_id == DEMO_CHANNEL_ID)
        .unwrap();
    channel.webhook_endpoint.clone()
}

/// An account whose workstream channel was removed, with LINE's webhook set to its callback
/// and one conversation an agent (user 1) holds: what an admin deletes.
async fn account_with_an_active_conversation(db: Db) -> World {
    let w = world(db).await;
    let workstream = live_channel(&w, ChannelConfig::default()).await;
    let accounts = w.desk.state.services.accounts.clone();
    accounts
        .set_webhook(&admin(), w.account_id, &client())
        .await
        .unwrap();
    assert!(line_endpoint(&w)
        .unwrap()
        .starts_with("https://desk.example.com/line/callback/"));
    deliver(&w, text_event("900", "Is anyone there?", now())).await;
    sqlx::query("UPDATE conversations SET state = 'active', assigned_user_id = 1")
        .execute(&w.db.pool)
        .await
        .unwrap();
    w.desk
        .state
        .services
        .workstreams
        .delete_channel(&admin(), workstream, &client())
        .await
        .unwrap();
    w
}

/// Capacity in use by user 1 (the agent holding the conversation).
async fn load_of_user_1(w: &World) -> usize {
    agents::loads(&w.db.pool, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.user_id == 1)
        .count()
}

async fn deleting_ends_open_conversations_frees_capacity_and_clears_the_webhook(db: Db) {
    let w = account_with_an_active_conversation(db).await;
    assert_eq!(load_of_user_1(&w).await, 1);
    // The greeting goes out first and spends the reply token: the end message is pushed.
    sender::send_due(&w.engine).await.unwrap();
    let before = sent_texts(&w).len();
    let deletion = w
        .desk
        .state
        .services
        .accounts
        .delete(&admin(), w.account_id, &client())
        .await
        .unwrap();

    let conversation = only_conversation(&w).await;
    assert_eq!(conversation.state.as_str(), "closed");
    assert_eq!(load_of_user_1(&w).await, 0, "no capacity held, no wrap-up");
    // Told before the token was wiped.
    let told: Vec<_> = sent_texts(&w).into_iter().skip(before).collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("no longer answers"), "{told:?}");
    assert_eq!(line_endpoint(&w), None, "LINE's webhook URL was emptied");

    assert_eq!(deletion.webhook, WebhookCleanup::Cleared);
    assert_eq!(
        (deletion.conversations_ended, deletion.customers_told),
        (1, 1)
    );
    let summary = deletion.summary().join("\n");
    assert!(
        summary.contains("webhook URL on LINE was cleared"),
        "{summary}"
    );
    assert!(
        summary.contains("1 open conversation(s) ended"),
        "{summary}"
    );
}

async fn deleting_while_line_is_unreachable_deletes_and_names_the_console_steps(db: Db) {
    let w = account_with_an_active_conversation(db).await;
    let endpoint = line_endpoint(&w);
    for path_prefix in ["/v2/bot/channel/webhook", "/v2/bot/message"] {
        w.desk.line.state.add_fault(Fault {
            method: None,
            path_prefix: path_prefix.into(),
            status: None,
            body: None,
            delay_ms: 0,
            drop: true,
            times: 10,
        });
    }
    let accounts = w.desk.state.services.accounts.clone();
    let deletion = accounts
        .delete(&admin(), w.account_id, &client())
        .await
        .unwrap();

    // Deleted all the same, conversations ended and capacity freed; LINE still has the URL.
    assert!(accounts.get(w.account_id).await.is_err());
    assert_eq!(only_conversation(&w).await.state.as_str(), "closed");
    assert_eq!(load_of_user_1(&w).await, 0);
    assert_eq!(line_endpoint(&w), endpoint);

    assert_eq!(deletion.webhook, WebhookCleanup::Manual);
    assert!(deletion
        .line_error
        .as_deref()
        .unwrap()
        .contains("could not be reached"));
    assert_eq!(
        (deletion.conversations_ended, deletion.customers_told),
        (1, 0)
    );
    let summary = deletion.summary().join("\n");
    for words in [
        "could not clear the webhook URL on LINE",
        "LINE Developers console",
        "Channel ID 2000000001",
        "Messaging API",
        "Use webhook off",
        "LINE did not take it for the other 1",
    ] {
        assert!(summary.contains(words), "{words}: {summary}");
    }
}

/// Rows of `line_accounts` and how many hold a sealed secret or token.
async fn stored(db: &Db) -> (i64, i64) {
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM line_accounts")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let with_secrets: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM line_accounts WHERE secret_sealed IS NOT NULL OR token_sealed IS NOT NULL",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    (rows, with_secrets)
}

async fn a_duplicate_channel_id_is_refused_before_anything_is_stored(db: Db) {
    let (accounts, _line) = service(db.clone()).await;
    accounts
        .create(&admin(), "Support JP", demo_credentials(), &client())
        .await
        .unwrap();
    assert_eq!(stored(&db).await, (1, 1));

    // The CLI's and the service's create: refused on the field, nothing stored.
    let err = accounts
        .create(&admin(), "Support JP 2", demo_credentials(), &client())
        .await
        .unwrap_err();
    assert_eq!(
        err.field("channel_id").as_deref(),
        Some("Another messaging account already uses this Channel ID.")
    );
    assert_eq!(stored(&db).await, (1, 1), "no draft, no secret");

    // The wizard: its draft (the name typed on step 1) keeps neither the channel ID nor its
    // secrets, whether Next or Back was pressed.
    let draft = accounts
        .save_draft_name(&admin(), None, "Copy", &client())
        .await
        .unwrap();
    for check in [true, false] {
        let result = accounts
            .save_draft_credentials(&admin(), draft, demo_credentials(), check, false, &client())
            .await;
        if check {
            assert!(result.unwrap_err().field("channel_id").is_some());
        }
        let (channel_id, secret, token): (String, Option<Vec<u8>>, Option<Vec<u8>>) =
            sqlx::query_as(
                "SELECT channel_id, secret_sealed, token_sealed FROM line_accounts WHERE id = $1",
            )
            .bind(draft)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(
            (channel_id.as_str(), secret.is_none(), token.is_none()),
            ("", true, true),
            "check={check}"
        );
    }
    assert_eq!(stored(&db).await, (2, 1));
    let with_channel = accounts
        .list()
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.channel_id == DEMO_CHANNEL_ID)
        .count();
    assert_eq!(with_channel, 1, "the list shows the channel once");
}
