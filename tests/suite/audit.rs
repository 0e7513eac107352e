use crate::db_tests;
use domain::ports::{AuditQuery, AuditService, UserService};
use domain::user::{ClientInfo, CurrentUser, NewUser};
use domain::Role;
use linedesk::db::{audit, Db};
use linedesk::services::audit::AuditLog;
use linedesk::services::users::Users;

db_tests!(
    changes_are_audited_without_secrets,
    an_altered_entry_breaks_the_chain
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
