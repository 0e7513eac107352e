use crate::db_tests;
use domain::audit::{AuditQuery, AuditService};
use domain::user::UserService;
use domain::user::{ClientInfo, CurrentUser, NewUser};
use domain::Role;
use linedesk::db::{audit, Db};
use linedesk::services::audit::AuditLog;
use linedesk::services::users::Users;

db_tests!(
    changes_are_audited_without_secrets,
    an_altered_entry_breaks_the_chain,
    filters_by_entity_and_date_and_exports_are_audited
);

fn operator() -> CurrentUser {
    CurrentUser {
        id: 0,
        email: "cli".into(),
        display_name: "cli".into(),
        role: Role::Admin,
    }
}

async fn changes_are_audited_without_secrets(db: Db) {
    let users = Users { db: db.clone() };
    let client = ClientInfo {
        address: Some("198.51.100.7".into()),
    };
    let new = NewUser {
        email: "ed@example.com".into(),
        display_name: "Ed".into(),
        password: "secret password 1".into(),
        role: Role::Agent,
    };
    let ed = users.create(&operator(), new, &client).await.unwrap();
    users
        .change_role(&operator(), ed.id, Role::Supervisor, &client)
        .await
        .unwrap();
    users
        .reset_password(&operator(), ed.id, "secret password 2", &client)
        .await
        .unwrap();
    let _ = users
        .sign_in("ed@example.com", "wrong wrong wrong", &client)
        .await;
    let log = AuditLog { db: db.clone() };
    let entries = log
        .list(AuditQuery {
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "auth.login_failed",
            "user.password_reset",
            "user.role_change",
            "user.create"
        ]
    );
    let role_change = &entries[2];
    assert!(
        role_change.detail.contains(r#""before":{"role":"agent"}"#),
        "{}",
        role_change.detail
    );
    assert!(role_change
        .detail
        .contains(r#""after":{"role":"supervisor"}"#));
    assert_eq!(role_change.client_address.as_deref(), Some("198.51.100.7"));
    for entry in &entries {
        assert!(
            !entry.detail.contains("secret password"),
            "secret in {}",
            entry.detail
        );
    }
    let filtered = log
        .list(AuditQuery {
            action: Some("user.create".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);
}

async fn an_altered_entry_breaks_the_chain(db: Db) {
    let users = Users { db: db.clone() };
    let client = ClientInfo::default();
    for i in 0..3 {
        let new = NewUser {
            email: format!("u{i}@example.com"),
            display_name: String::new(),
            password: "a long password".into(),
            role: Role::Agent,
        };
        users.create(&operator(), new, &client).await.unwrap();
    }
    assert_eq!(audit::verify(&db.pool).await.unwrap(), Ok(3));
    let second: i64 = sqlx::query_scalar("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET detail = $1 WHERE id = $2")
        .bind(r#"{"email":"someone-else@example.com"}"#)
        .bind(second)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(audit::verify(&db.pool).await.unwrap(), Err(second));
}

async fn filters_by_entity_and_date_and_exports_are_audited(db: Db) {
    let users = Users { db: db.clone() };
    let client = ClientInfo {
        address: Some("203.0.113.9".into()),
    };
    for email in ["a@example.com", "b@example.com"] {
        let new = NewUser {
            email: email.into(),
            display_name: String::new(),
            password: "secret password 1".into(),
            role: Role::Agent,
        };
        users.create(&operator(), new, &client).await.unwrap();
    }
    let log = AuditLog { db: db.clone() };
    let now = linedesk::clock::now_ms();
    let query = |entity: Option<&str>, from: Option<i64>, until: Option<i64>| AuditQuery {
        entity: entity.map(str::to_owned),
        from,
        until,
        limit: 50,
        ..Default::default()
    };
    assert_eq!(
        log.list(query(Some("user"), None, None))
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        log.list(query(Some("workstream"), None, None))
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        log.list(query(None, Some(now + 60_000), None))
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        log.list(query(None, Some(now - 60_000), Some(now + 60_000)))
            .await
            .unwrap()
            .len(),
        2
    );

    let csv = log
        .export_csv(&operator(), query(Some("user"), None, None), &[], &client)
        .await
        .unwrap();
    let csv = csv.strip_prefix('\u{FEFF}').expect("a byte order mark");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,time_utc,actor,action,entity,entity_id,client_address,detail"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(csv.contains("203.0.113.9"));
    assert!(!csv.contains("secret password"), "no secrets in exports");
    let exports = log
        .list(AuditQuery {
            action: Some("audit.export".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert!(exports[0].detail.contains("\"entries\":2"));
    assert_eq!(log.verify().await.unwrap().first_altered, None);
}
