use crate::db_tests;
use domain::user::UserService;
use domain::user::{ClientInfo, CurrentUser, NewUser};
use domain::{AppError, Role};
use linedesk::db::{users as user_rows, Db};
use linedesk::services::users::{Users, FAILED_SIGN_INS, MAX_CLIENT_FAILURES, MAX_FAILURES};

fn operator() -> CurrentUser {
    CurrentUser {
        id: 0,
        email: "cli".into(),
        display_name: "cli".into(),
        role: Role::Admin,
    }
}

fn new_user(email: &str, role: Role) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: String::new(),
        password: "a long password".into(),
        role,
    }
}

fn client() -> ClientInfo {
    ClientInfo {
        address: Some("192.0.2.1".into()),
    }
}

db_tests!(
    sign_in_accepts_the_right_password_only,
    sign_in_is_throttled_after_repeated_failures,
    duplicate_email_is_a_field_error,
    setup_link_works_once_and_only_on_an_empty_desk,
    the_last_admin_cannot_be_demoted_or_disabled,
    disabling_and_password_reset_end_sessions,
    validation_errors_name_their_fields,
    common_passwords_are_refused_with_a_clear_message,
    sign_in_is_throttled_per_client_address_and_failures_are_counted,
);

async fn sign_in_accepts_the_right_password_only(db: Db) {
    let users = Users { db };
    users
        .create(
            &operator(),
            new_user("Ana@Example.com", Role::Agent),
            &client(),
        )
        .await
        .unwrap();
    let ok = users
        .sign_in("ana@example.com", "a long password", &client())
        .await
        .unwrap();
    assert_eq!(ok.user.email, "ana@example.com");
    assert_eq!(ok.user.role, Role::Agent);
    let wrong = users
        .sign_in("ana@example.com", "not the password", &client())
        .await
        .unwrap_err();
    assert_eq!(
        wrong.field("password").as_deref(),
        Some("Wrong email or password.")
    );
    let nobody = users
        .sign_in("nobody@example.com", "a long password", &client())
        .await
        .unwrap_err();
    assert_eq!(
        nobody.field("password").as_deref(),
        Some("Wrong email or password.")
    );
}

async fn sign_in_is_throttled_after_repeated_failures(db: Db) {
    let users = Users { db };
    users
        .create(
            &operator(),
            new_user("bo@example.com", Role::Agent),
            &client(),
        )
        .await
        .unwrap();
    for _ in 0..MAX_FAILURES {
        assert!(matches!(
            users
                .sign_in("bo@example.com", "guess guess", &client())
                .await,
            Err(AppError::Invalid(_))
        ));
    }
    // Even the right password waits now, with a message that says how long.
    match users
        .sign_in("bo@example.com", "a long password", &client())
        .await
    {
        Err(AppError::Throttled(message)) => {
            let message = message.to_string();
            assert!(message.contains("Try again in 15 minutes"), "{message}")
        }
        other => panic!("expected throttling, got {other:?}"),
    }
}

async fn duplicate_email_is_a_field_error(db: Db) {
    let users = Users { db };
    users
        .create(
            &operator(),
            new_user("cy@example.com", Role::Agent),
            &client(),
        )
        .await
        .unwrap();
    let err = users
        .create(
            &operator(),
            new_user("CY@example.com", Role::Auditor),
            &client(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.field("email").as_deref(),
        Some("A user with this email address already exists.")
    );
}

async fn setup_link_works_once_and_only_on_an_empty_desk(db: Db) {
    let link = linedesk::setup::setup_link_if_needed(&db, "http://desk")
        .await
        .unwrap()
        .unwrap();
    let token = link.split("token=").nth(1).unwrap().to_string();
    let users = Users { db: db.clone() };
    assert!(users.setup_needed().await.unwrap());
    let wrong = users
        .complete_setup(
            "not-the-token",
            new_user("root@example.com", Role::Agent),
            &client(),
        )
        .await;
    assert!(matches!(wrong, Err(AppError::Conflict(_))), "{wrong:?}");
    let admin = users
        .complete_setup(&token, new_user("root@example.com", Role::Agent), &client())
        .await
        .unwrap();
    assert_eq!(
        admin.user.role,
        Role::Admin,
        "setup always makes an administrator"
    );
    assert!(!users.setup_needed().await.unwrap());
    let again = users
        .complete_setup(
            &token,
            new_user("other@example.com", Role::Admin),
            &client(),
        )
        .await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    assert!(linedesk::setup::setup_link_if_needed(&db, "http://desk")
        .await
        .unwrap()
        .is_none());
}

async fn the_last_admin_cannot_be_demoted_or_disabled(db: Db) {
    let users = Users { db };
    let admin = users
        .create(
            &operator(),
            new_user("ad@example.com", Role::Admin),
            &client(),
        )
        .await
        .unwrap();
    let err = users
        .change_role(&operator(), admin.id, Role::Agent, &client())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    let err = users
        .set_disabled(&operator(), admin.id, true, &client())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    let second = users
        .create(
            &operator(),
            new_user("ad2@example.com", Role::Admin),
            &client(),
        )
        .await
        .unwrap();
    users
        .change_role(&operator(), admin.id, Role::Supervisor, &client())
        .await
        .unwrap();
    let listed = users.list().await.unwrap();
    assert_eq!(
        listed.iter().find(|u| u.id == admin.id).unwrap().role,
        Role::Supervisor
    );
    assert_eq!(
        listed.iter().find(|u| u.id == second.id).unwrap().role,
        Role::Admin
    );
    let missing = users
        .change_role(&operator(), 999_999, Role::Agent, &client())
        .await
        .unwrap_err();
    assert!(matches!(missing, AppError::NotFound(_)));
}

async fn disabling_and_password_reset_end_sessions(db: Db) {
    let users = Users { db: db.clone() };
    let agent = users
        .create(
            &operator(),
            new_user("di@example.com", Role::Agent),
            &client(),
        )
        .await
        .unwrap();
    let first = users
        .sign_in("di@example.com", "a long password", &client())
        .await
        .unwrap();
    users
        .reset_password(&operator(), agent.id, "another long password", &client())
        .await
        .unwrap();
    let row = user_rows::find_by_id(&db.pool, agent.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(
        row.session_epoch, first.session_epoch,
        "old sessions no longer match"
    );
    assert!(users
        .sign_in("di@example.com", "a long password", &client())
        .await
        .is_err());
    users
        .sign_in("di@example.com", "another long password", &client())
        .await
        .unwrap();
    users
        .set_disabled(&operator(), agent.id, true, &client())
        .await
        .unwrap();
    let err = users
        .sign_in("di@example.com", "another long password", &client())
        .await
        .unwrap_err();
    assert!(err.field("email").unwrap().contains("disabled"));
}

async fn validation_errors_name_their_fields(db: Db) {
    let users = Users { db };
    let bad = NewUser {
        email: "nope".into(),
        display_name: "x".repeat(101),
        password: "short".into(),
        role: Role::Agent,
    };
    let err = users.create(&operator(), bad, &client()).await.unwrap_err();
    assert!(err.field("email").is_some());
    assert!(err.field("display_name").is_some());
    assert!(err.field("password").is_some());
    assert!(users.list().await.unwrap().is_empty(), "nothing stored");
}

async fn common_passwords_are_refused_with_a_clear_message(db: Db) {
    let users = Users { db };
    for weak in ["passwordpassword", "1234567890", "ev@example.com"] {
        let err = users
            .create(
                &operator(),
                NewUser {
                    password: weak.into(),
                    ..new_user("ev@example.com", Role::Agent)
                },
                &client(),
            )
            .await
            .unwrap_err();
        let message = err.field("password").unwrap_or_default();
        assert!(
            message.contains("too common or easy to guess"),
            "{weak}: {err:?}"
        );
    }
    assert!(users.list().await.unwrap().is_empty(), "nothing stored");
    let ev = users
        .create(
            &operator(),
            new_user("ev@example.com", Role::Agent),
            &client(),
        )
        .await
        .unwrap();
    let err = users
        .reset_password(&operator(), ev.id, "1234567890", &client())
        .await
        .unwrap_err();
    assert!(err.field("password").unwrap().contains("too common"));
}

/// One machine guessing at many addresses pauses too, whatever the addresses; another client
/// is not held back by it. Every failure moves the /metrics counter.
async fn sign_in_is_throttled_per_client_address_and_failures_are_counted(db: Db) {
    let users = Users { db };
    users
        .create(
            &operator(),
            new_user("fa@example.com", Role::Agent),
            &client(),
        )
        .await
        .unwrap();
    let before = FAILED_SIGN_INS.load(std::sync::atomic::Ordering::Relaxed);
    let guesser = ClientInfo {
        address: Some("198.51.100.66".into()),
    };
    for n in 0..MAX_CLIENT_FAILURES {
        let err = users
            .sign_in(&format!("nobody{n}@example.com"), "guess guess", &guesser)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{n}: {err:?}");
    }
    let after = FAILED_SIGN_INS.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        after >= before + MAX_CLIENT_FAILURES as u64,
        "{before} -> {after}"
    );
    match users
        .sign_in("fa@example.com", "a long password", &guesser)
        .await
    {
        Err(AppError::Throttled(message)) => {
            let message = message.to_string();
            assert!(message.contains("Try again in 15 minutes"), "{message}")
        }
        other => panic!("expected throttling, got {other:?}"),
    }
    users
        .sign_in("fa@example.com", "a long password", &client())
        .await
        .unwrap();
}
