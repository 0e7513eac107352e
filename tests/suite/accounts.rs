use crate::db_tests;
use domain::account::AccountService;
use domain::account::{AccountStatus, Credentials, Region};
use domain::audit::{AuditQuery, AuditService};
use domain::user::{ClientInfo, CurrentUser};
use domain::{AppError, Role};
use fake_line::{FakeLine, DEMO_ACCESS_TOKEN, DEMO_CHANNEL_ID, DEMO_CHANNEL_SECRET};
use linedesk::crypto::MasterKey;
use linedesk::db::{accounts as rows, Backend, Db};
use linedesk::engine::Engine;
use linedesk::line::client::LineClient;
use linedesk::net::outbound::{AllowList, Outbound};
use linedesk::services::accounts::Accounts;
use linedesk::services::audit::AuditLog;

pub fn admin() -> CurrentUser {
    CurrentUser {
        id: 1,
        email: "admin@example.com".into(),
        display_name: "Admin".into(),
        role: Role::Admin,
    }
}

pub fn demo_credentials() -> Credentials {
    Credentials {
        channel_id: DEMO_CHANNEL_ID.into(),
        channel_secret: DEMO_CHANNEL_SECRET.into(),
        access_token: DEMO_ACCESS_TOKEN.into(),
    }
}

/// The account service wired to a fresh fake LINE platform.
pub async fn service(db: Db) -> (Accounts, FakeLine) {
    let line = FakeLine::start("127.0.0.1:0").await.unwrap();
    let base: url::Url = line.base_url().parse().unwrap();
    let key = MasterKey::from_bytes([9u8; 32]);
    let line_client = LineClient::new(base.clone(), base);
    let engine = Engine {
        db: db.clone(),
        key: key.clone(),
        line: line_client.clone(),
        live: linedesk::live::Notifier::local(),
        media_dir: std::env::temp_dir().join("linedesk-accounts-suite"),
        public_base: "https://desk.example.com".into(),
        routing: Default::default(),
        tokens: Default::default(),
        outbound: Outbound::new(AllowList::parse("")),
    };
    let accounts = Accounts {
        db,
        key,
        line: line_client,
        public_base: "https://desk.example.com".into(),
        engine,
    };
    (accounts, line)
}

fn client() -> ClientInfo {
    ClientInfo {
        address: Some("203.0.113.9".into()),
    }
}

db_tests!(
    wizard_creates_a_verified_account_after_the_acknowledgement,
    a_token_line_rejects_is_an_error_on_the_token_field,
    unreachable_line_offers_saving_as_unverified,
    bad_input_gets_field_errors_and_duplicates_are_refused,
    secrets_are_never_stored_in_plaintext,
    every_change_is_audited_with_secrets_redacted,
    regenerating_the_key_and_deleting_retire_the_callback,
    government_region_disables_line,
    back_keeps_what_was_typed,
);

async fn wizard_creates_a_verified_account_after_the_acknowledgement(db: Db) {
    let (accounts, _line) = service(db).await;
    let id = accounts
        .save_draft_name(&admin(), None, "Support Japan", &client())
        .await
        .unwrap();
    let draft = accounts
        .save_draft_credentials(&admin(), id, demo_credentials(), true, false, &client())
        .await
        .unwrap();
    assert_eq!(draft.status, AccountStatus::Draft);
    assert_eq!(draft.bot.as_ref().unwrap().display_name, "linedesk demo");
    assert_eq!(draft.secret_hint.as_deref(), Some("••••a2e5"));
    assert!(draft
        .callback_url
        .starts_with("https://desk.example.com/line/callback/"));
    assert!(
        !draft.callback_url.contains(DEMO_CHANNEL_ID),
        "the key is not the channel ID"
    );
    let err = accounts
        .finish(&admin(), id, false, &client())
        .await
        .unwrap_err();
    assert!(err.field("acknowledge").is_some(), "{err:?}");
    let account = accounts
        .finish(&admin(), id, true, &client())
        .await
        .unwrap();
    assert_eq!(account.status, AccountStatus::Verified);
    assert_eq!(account.privacy_ack_by.as_deref(), Some("admin@example.com"));
    assert!(account.privacy_ack_at.is_some());
    assert_eq!(account.bot.unwrap().basic_id, "@linedesk-demo");
    let again = accounts.finish(&admin(), id, true, &client()).await;
    assert!(matches!(again, Err(AppError::Conflict(_))));
}

async fn a_token_line_rejects_is_an_error_on_the_token_field(db: Db) {
    let (accounts, _line) = service(db).await;
    let id = accounts
        .save_draft_name(&admin(), None, "Rejected", &client())
        .await
        .unwrap();
    let credentials = Credentials {
        access_token: "not-a-token-line-knows".into(),
        ..demo_credentials()
    };
    let err = accounts
        .save_draft_credentials(&admin(), id, credentials, true, false, &client())
        .await
        .unwrap_err();
    assert_eq!(
        err.field("access_token").as_deref(),
        Some("LINE rejected this channel access token.")
    );
    // No draft keeps a token LINE refused.
    assert!(accounts.get(id).await.unwrap().token_hint.is_none());
    assert!(matches!(
        accounts.finish(&admin(), id, true, &client()).await,
        Err(AppError::Conflict(_))
    ));
}

async fn unreachable_line_offers_saving_as_unverified(db: Db) {
    let (mut accounts, line) = service(db).await;
    // 5xx from LINE: a clear message and the choice to save as unverified.
    line.state.add_fault(fake_line::Fault {
        method: None,
        path_prefix: "/v2/bot/info".into(),
        status: Some(503),
        body: None,
        delay_ms: 0,
        drop: false,
        times: 1,
    });
    let id = accounts
        .save_draft_name(&admin(), None, "Flaky", &client())
        .await
        .unwrap();
    let err = accounts
        .save_draft_credentials(&admin(), id, demo_credentials(), true, false, &client())
        .await
        .unwrap_err();
    assert!(err.field("line").unwrap().contains("status 503"), "{err:?}");
    // Nothing listens here: unreachable.
    let nowhere: url::Url = "http://127.0.0.1:9".parse().unwrap();
    accounts.line = LineClient::new(nowhere.clone(), nowhere);
    let err = accounts
        .save_draft_credentials(
            &admin(),
            id,
            Credentials {
                channel_secret: String::new(),
                access_token: String::new(),
                ..demo_credentials()
            },
            true,
            false,
            &client(),
        )
        .await
        .unwrap_err();
    assert!(
        err.field("line").unwrap().contains("could not be reached"),
        "{err:?}"
    );
    accounts
        .save_draft_credentials(&admin(), id, demo_credentials(), true, true, &client())
        .await
        .unwrap();
    let account = accounts
        .finish(&admin(), id, true, &client())
        .await
        .unwrap();
    assert_eq!(account.status, AccountStatus::Unverified);
    assert!(account
        .verify_error
        .unwrap()
        .to_string()
        .contains("could not be reached"));
}

async fn bad_input_gets_field_errors_and_duplicates_are_refused(db: Db) {
    let (accounts, _line) = service(db).await;
    assert!(accounts
        .save_draft_name(&admin(), None, " ", &client())
        .await
        .unwrap_err()
        .field("name")
        .is_some());
    assert!(accounts
        .save_draft_name(&admin(), None, &"n".repeat(101), &client())
        .await
        .unwrap_err()
        .field("name")
        .is_some());
    let id = accounts
        .save_draft_name(&admin(), None, "First", &client())
        .await
        .unwrap();
    let bad = Credentials {
        channel_id: "12a".into(),
        channel_secret: "xyz".into(),
        access_token: "t".repeat(1001),
    };
    let err = accounts
        .save_draft_credentials(&admin(), id, bad, true, false, &client())
        .await
        .unwrap_err();
    for field in ["channel_id", "channel_secret", "access_token"] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    accounts
        .save_draft_credentials(&admin(), id, demo_credentials(), true, false, &client())
        .await
        .unwrap();
    accounts
        .finish(&admin(), id, true, &client())
        .await
        .unwrap();
    let err = accounts
        .save_draft_name(&admin(), None, "FIRST", &client())
        .await
        .unwrap_err();
    assert_eq!(
        err.field("name").as_deref(),
        Some("A messaging account with this name already exists.")
    );
    let second = accounts
        .save_draft_name(&admin(), None, "Second", &client())
        .await
        .unwrap();
    let err = accounts
        .save_draft_credentials(&admin(), second, demo_credentials(), true, false, &client())
        .await
        .unwrap_err();
    assert_eq!(
        err.field("channel_id").as_deref(),
        Some("Another messaging account already uses this Channel ID.")
    );
    assert_eq!(
        accounts
            .list()
            .await
            .unwrap()
            .iter()
            .filter(|a| a.status != AccountStatus::Draft)
            .count(),
        1
    );
}

/// Every table's text, for looking for plaintext secrets.
pub async fn dump_all(db: &Db) -> String {
    match db.backend {
        Backend::Sqlite => {
            let path: String =
                sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .fetch_one(&db.pool)
                    .await
                    .unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Backend::Postgres => {
            let tables: Vec<String> = sqlx::query_scalar("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()").fetch_all(&db.pool).await.unwrap();
            let mut all = String::new();
            for table in tables {
                let text: Option<String> =
                    sqlx::query_scalar(&format!("SELECT string_agg(t::text, '|') FROM {table} t"))
                        .fetch_one(&db.pool)
                        .await
                        .unwrap();
                all.push_str(&text.unwrap_or_default());
            }
            all
        }
    }
}

async fn secrets_are_never_stored_in_plaintext(db: Db) {
    let (accounts, _line) = service(db.clone()).await;
    let account = accounts
        .create(&admin(), "Sealed", demo_credentials(), &client())
        .await
        .unwrap();
    let new_secret = "0123456789abcdef0123456789abcdef";
    accounts
        .replace_secret(&admin(), account.id, new_secret, &client())
        .await
        .unwrap();
    let dump = dump_all(&db).await;
    assert!(dump.len() > 1000, "the dump has content");
    assert!(
        dump.contains("Sealed"),
        "the dump does contain ordinary data"
    );
    for secret in [DEMO_CHANNEL_SECRET, DEMO_ACCESS_TOKEN, new_secret] {
        assert!(
            !dump.contains(secret),
            "plaintext secret {secret} found in the database"
        );
    }
    let view = accounts.get(account.id).await.unwrap();
    let shown = serde_json::to_string(&view).unwrap();
    for secret in [DEMO_CHANNEL_SECRET, DEMO_ACCESS_TOKEN, new_secret] {
        assert!(!shown.contains(secret));
    }
}

async fn every_change_is_audited_with_secrets_redacted(db: Db) {
    let (accounts, _line) = service(db.clone()).await;
    let account = accounts
        .create(&admin(), "Audited", demo_credentials(), &client())
        .await
        .unwrap();
    let id = account.id;
    accounts
        .rename(&admin(), id, "Audited two", &client())
        .await
        .unwrap();
    accounts
        .replace_secret(&admin(), id, "fedcba9876543210fedcba9876543210", &client())
        .await
        .unwrap();
    accounts
        .replace_token(&admin(), id, DEMO_ACCESS_TOKEN, &client())
        .await
        .unwrap();
    accounts.verify(&admin(), id, &client()).await.unwrap();
    accounts
        .regenerate_key(&admin(), id, &client())
        .await
        .unwrap();
    accounts.set_webhook(&admin(), id, &client()).await.unwrap();
    accounts.delete(&admin(), id, &client()).await.unwrap();
    let log = AuditLog { db }
        .list(AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
    for action in [
        "account.create",
        "account.update",
        "account.secret_replace",
        "account.token_replace",
        "account.verify",
        "account.key_regenerate",
        "account.webhook_set",
        "account.delete",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    for entry in &log {
        assert_eq!(entry.actor.as_deref(), Some("admin@example.com"));
        for secret in [
            DEMO_CHANNEL_SECRET,
            DEMO_ACCESS_TOKEN,
            "fedcba9876543210fedcba9876543210",
        ] {
            assert!(
                !entry.detail.contains(secret),
                "{} leaks a secret: {}",
                entry.action,
                entry.detail
            );
        }
    }
    let secret_entry = log
        .iter()
        .find(|e| e.action == "account.secret_replace")
        .unwrap();
    assert!(secret_entry.detail.contains("[redacted]"));
    let rename = log.iter().find(|e| e.action == "account.update").unwrap();
    assert!(
        rename.detail.contains(r#""before":{"name":"Audited"}"#),
        "{}",
        rename.detail
    );
}

async fn regenerating_the_key_and_deleting_retire_the_callback(db: Db) {
    let (accounts, _line) = service(db.clone()).await;
    let account = accounts
        .create(&admin(), "Keys", demo_credentials(), &client())
        .await
        .unwrap();
    let old_key = account.callback_url.rsplit('/').next().unwrap().to_string();
    assert!(rows::find_by_key(&db.pool, &old_key)
        .await
        .unwrap()
        .is_some());
    let renewed = accounts
        .regenerate_key(&admin(), account.id, &client())
        .await
        .unwrap();
    assert_ne!(renewed.callback_url, account.callback_url);
    assert!(
        rows::find_by_key(&db.pool, &old_key)
            .await
            .unwrap()
            .is_none(),
        "the old URL no longer resolves"
    );
    let new_key = renewed.callback_url.rsplit('/').next().unwrap().to_string();
    accounts
        .delete(&admin(), account.id, &client())
        .await
        .unwrap();
    assert!(rows::find_by_key(&db.pool, &new_key)
        .await
        .unwrap()
        .is_none());
    assert!(accounts.list().await.unwrap().is_empty());
    assert!(matches!(
        accounts.get(account.id).await,
        Err(AppError::NotFound(_))
    ));
    let (sealed, deleted_at): (Option<Vec<u8>>, Option<i64>) =
        sqlx::query_as("SELECT secret_sealed, deleted_at FROM line_accounts WHERE id = $1")
            .bind(account.id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(sealed.is_none(), "secrets are wiped");
    assert!(deleted_at.is_some(), "the row stays for history");
    // The channel can be connected again after deletion.
    accounts
        .create(&admin(), "Keys", demo_credentials(), &client())
        .await
        .unwrap();
}

async fn government_region_disables_line(db: Db) {
    let (accounts, _line) = service(db).await;
    accounts
        .set_region(&admin(), Region::Government, &client())
        .await
        .unwrap();
    match accounts
        .save_draft_name(&admin(), None, "Gov", &client())
        .await
    {
        Err(AppError::Conflict(message)) => {
            let message = message.to_string();
            assert!(message.contains("government cloud"), "{message}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    accounts
        .set_region(&admin(), Region::Commercial, &client())
        .await
        .unwrap();
    accounts
        .save_draft_name(&admin(), None, "Gov", &client())
        .await
        .unwrap();
}

async fn back_keeps_what_was_typed(db: Db) {
    let (accounts, line) = service(db).await;
    let id = accounts
        .save_draft_name(&admin(), None, "Typed", &client())
        .await
        .unwrap();
    let partial = Credentials {
        channel_id: "12345".into(),
        channel_secret: DEMO_CHANNEL_SECRET.into(),
        access_token: String::new(),
    };
    let view = accounts
        .save_draft_credentials(&admin(), id, partial, false, false, &client())
        .await
        .unwrap();
    assert_eq!(view.channel_id, "12345");
    assert!(view.secret_hint.is_some() && view.token_hint.is_none());
    assert!(line.state.requests().is_empty(), "Back does not ask LINE");
    // Next with the secret left blank keeps the stored one.
    let rest = Credentials {
        channel_id: DEMO_CHANNEL_ID.into(),
        channel_secret: String::new(),
        access_token: DEMO_ACCESS_TOKEN.into(),
    };
    accounts
        .save_draft_credentials(&admin(), id, rest, true, false, &client())
        .await
        .unwrap();
    assert_eq!(
        accounts
            .finish(&admin(), id, true, &client())
            .await
            .unwrap()
            .status,
        AccountStatus::Verified
    );
}
