//! The System page's and `linedesk doctor`'s checks against a desk and the fake LINE platform:
//! each account's webhook (nowhere, then here), LINE's clock, work waiting, backups.

use crate::accounts::admin;
use crate::callback::post;
use crate::db_tests;
use crate::engine::{now, text_event, world};
use axum::http::StatusCode;
use domain::system::{AccountWebhook, Check, Finding, Health};
use domain::user::ClientInfo;
use fake_line::{sign, DEMO_CHANNEL_SECRET};
use linedesk::db::{backups, Db};

db_tests!(the_system_checks_say_what_the_desk_needs,);

fn find(checks: &[Check], pick: impl Fn(&Finding) -> bool) -> &Check {
    checks
        .iter()
        .find(|c| pick(&c.finding))
        .expect("the check is there")
}

async fn the_system_checks_say_what_the_desk_needs(db: Db) {
    let w = world(db).await;
    let system = w.desk.state.services.system.clone();
    // One delivery stored, not yet applied: work waiting.
    let body = text_event("600001", "hello", now())
        .to_string()
        .into_bytes();
    let signature = sign(DEMO_CHANNEL_SECRET, &body);
    assert_eq!(
        post(&w.desk.app, &w.path, body, Some(signature)).await,
        StatusCode::OK
    );

    let checks = system.checks().await.unwrap();
    let public = find(&checks, |f| matches!(f, Finding::PublicUrl { .. }));
    // https://desk.example.com is https but not this test's server.
    assert_eq!(public.health, Health::Failing);
    assert!(matches!(
        &public.finding,
        Finding::PublicUrl {
            https: true,
            unreachable: Some(_),
            ..
        }
    ));
    assert_eq!(
        find(&checks, |f| matches!(f, Finding::Database { .. })).health,
        Health::Ok
    );
    let clock = find(&checks, |f| matches!(f, Finding::Clock { .. }));
    let Finding::Clock {
        skew_ms: Some(skew),
        ..
    } = clock.finding
    else {
        panic!("LINE's clock was read: {clock:?}");
    };
    assert!(
        skew.abs() < 2_000,
        "the fake platform shares our clock: {skew} ms"
    );
    assert_eq!(clock.health, Health::Ok);
    let jobs = find(&checks, |f| matches!(f, Finding::Jobs { .. }));
    assert!(matches!(
        jobs.finding,
        Finding::Jobs {
            events_waiting: 1,
            events_set_aside: 0,
            ..
        }
    ));
    let backup = find(&checks, |f| matches!(f, Finding::Backup { .. }));
    if w.db.backend == linedesk::db::Backend::Sqlite {
        assert_eq!(backup.health, Health::Warning, "no backup yet");
    }
    let account = find(&checks, |f| matches!(f, Finding::Account { .. }));
    assert_eq!(account.health, Health::Failing);
    assert!(
        matches!(&account.finding, Finding::Account { webhook: AccountWebhook::Elsewhere { endpoint, .. }, .. } if endpoint.is_empty()),
        "{account:?}"
    );

    // The administrator sets the webhook URL on LINE and takes a backup: both are fine now.
    w.desk
        .state
        .services
        .accounts
        .set_webhook(&admin(), w.account_id, &ClientInfo::default())
        .await
        .unwrap();
    backups::record(&w.db.pool, now(), "/backups/desk.linedesk", 1024)
        .await
        .unwrap();
    let checks = system.checks().await.unwrap();
    let account = find(&checks, |f| matches!(f, Finding::Account { .. }));
    assert!(
        matches!(
            account.finding,
            Finding::Account {
                webhook: AccountWebhook::Ours { active: true },
                ..
            }
        ),
        "{account:?}"
    );
    assert_eq!(account.health, Health::Ok);
    assert_eq!(
        find(&checks, |f| matches!(f, Finding::Backup { .. })).health,
        Health::Ok
    );
}
