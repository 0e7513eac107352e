//! `linedesk backup` / `restore` (src/backup.rs): a backup taken while webhooks keep arriving
//! restores every event acknowledged before it started, its files and key, and a verified audit
//! chain; a restore never replaces a desk unless forced (and keeps the old one), and refuses a
//! backup whose audit chain was altered. On PostgreSQL both say which pg_dump / pg_restore
//! command to run.

use crate::callback::post;
use crate::db_tests;
use crate::engine::{now, text_event, world, World};
use crate::routing::staff;
use axum::http::StatusCode;
use domain::Role;
use fake_line::{sign, DEMO_CHANNEL_SECRET};
use linedesk::backup::{self, Backup, Place, Restore};
use linedesk::db::{Backend, Db};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

db_tests!(a_backup_under_load_restores_every_acknowledged_event,);

fn place_in(dir: &Path) -> Place {
    Place {
        database_url: format!("sqlite://{}", dir.join("linedesk.db").display()),
        data_dir: dir.to_path_buf(),
        key_file: dir.join("master.key"),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "linedesk-backup-{name}-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Posts one webhook; true when linedesk acknowledged it (stored it durably).
async fn acknowledged(w: &World, n: usize) -> bool {
    let bytes = text_event(&format!("7{n:06}"), &format!("load {n}"), now())
        .to_string()
        .into_bytes();
    let signature = sign(DEMO_CHANNEL_SECRET, &bytes);
    post(&w.desk.app, &w.path, bytes, Some(signature)).await == StatusCode::OK
}

async fn event_ids(db: &Db) -> Vec<String> {
    sqlx::query_scalar("SELECT event_id FROM webhook_events")
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

async fn a_backup_under_load_restores_every_acknowledged_event(db: Db) {
    let w = world(db).await;
    staff(&w, "Ada", Role::Admin).await; // an audit entry or two
    let data_dir = w.desk.state.media_dir.parent().unwrap().to_path_buf();
    let place = Place {
        database_url: match w.db.sqlite_file() {
            Some(file) => format!("sqlite://{}", file.display()),
            None => "postgres://desk@db.example/linedesk".into(),
        },
        data_dir: data_dir.clone(),
        key_file: data_dir.join("master.key"),
    };
    let out = scratch("out").join("desk.linedesk-backup");

    if w.db.backend == Backend::Postgres {
        let Backup::UsePgDump(command) = backup::create(&place, &w.db, &out, true).await.unwrap()
        else {
            panic!("a PostgreSQL desk is backed up with pg_dump");
        };
        assert!(
            command.starts_with("pg_dump --format=custom --file="),
            "{command}"
        );
        assert!(
            command.ends_with("'postgres://desk@db.example/linedesk'"),
            "{command}"
        );
        assert!(!out.exists());
        let Restore::UsePgRestore(command) = backup::restore(&place, &out, false).await.unwrap()
        else {
            panic!("a PostgreSQL desk is restored with pg_restore");
        };
        assert!(command.starts_with("pg_restore "), "{command}");
        return;
    }

    std::fs::create_dir_all(&data_dir).unwrap();
    std::fs::write(&place.key_file, [5u8; 32]).unwrap();
    std::fs::create_dir_all(data_dir.join("attachments/3")).unwrap();
    std::fs::write(data_dir.join("attachments/3/42"), b"a customer's photo").unwrap();

    // Webhooks arrive all along; the backup starts once some were acknowledged.
    let mut acked = Vec::new();
    let mut acked_before_backup = 0;
    let backing_up = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let load = async {
        let mut n = 0;
        while !done.load(Ordering::Acquire) {
            n += 1;
            if acknowledged(&w, n).await {
                acked.push(format!("evt-7{n:06}"));
            }
            if n == 40 {
                acked_before_backup = acked.len();
                backing_up.store(true, Ordering::Release);
            }
            tokio::task::yield_now().await;
        }
        n
    };
    let taking = async {
        while !backing_up.load(Ordering::Acquire) {
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        let made = backup::create(&place, &w.db, &out, true).await;
        done.store(true, Ordering::Release);
        made
    };
    let (posted, made) = tokio::join!(load, taking);
    let Backup::Written(manifest) = made.unwrap() else {
        panic!("SQLite desks are backed up by linedesk");
    };
    assert!(manifest.with_key);
    assert_eq!(manifest.files, 1);
    assert!(posted > 40, "webhooks kept arriving while the backup ran");
    assert_eq!(acked.len(), posted, "every webhook was acknowledged");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The same file name again is refused: a backup never overwrites another.
    assert!(backup::create(&place, &w.db, &out, false).await.is_err());

    // Restored into an empty place: every event acknowledged before the backup, the file, the key.
    let elsewhere = scratch("restore");
    let target = place_in(&elsewhere);
    let Restore::Restored {
        rows,
        audit_entries,
        moved_aside,
        ..
    } = backup::restore(&target, &out, false).await.unwrap()
    else {
        panic!("restored");
    };
    assert!(audit_entries >= 1);
    assert!(moved_aside.is_empty());
    let restored = Db::open(&target.database_url).await.unwrap();
    let stored = event_ids(&restored).await;
    for id in &acked[..acked_before_backup] {
        assert!(
            stored.contains(id),
            "{id} was acknowledged before the backup"
        );
    }
    let events_row = rows.iter().find(|(t, _)| t == "webhook_events").unwrap();
    assert_eq!(events_row.1 as usize, stored.len());
    assert_eq!(
        std::fs::read(elsewhere.join("attachments/3/42")).unwrap(),
        b"a customer's photo"
    );
    assert_eq!(std::fs::read(&target.key_file).unwrap(), [5u8; 32]);

    // Someone edits an audit entry in the restored desk and backs that up: restoring it is
    // refused, and the desk it would have replaced is untouched.
    sqlx::query("UPDATE audit_log SET actor_email = 'someone@else.example' WHERE id = 1")
        .execute(&restored.pool)
        .await
        .unwrap();
    let tampered = scratch("tampered").join("tampered.backup");
    assert!(matches!(
        backup::create(&target, &restored, &tampered, false)
            .await
            .unwrap(),
        Backup::Written(_)
    ));
    restored.close().await;
    let third = scratch("third");
    let refused = backup::restore(&place_in(&third), &tampered, false).await;
    let message = format!("{:#}", refused.err().expect("a broken chain is refused"));
    assert!(
        message.contains("audit chain is broken at entry #1"),
        "{message}"
    );
    assert!(!third.join("linedesk.db").exists());

    // A desk that holds data is replaced only with --force, and kept beside the new one.
    let message = format!(
        "{:#}",
        backup::restore(&target, &out, false).await.err().unwrap()
    );
    assert!(message.contains("--force"), "{message}");
    let Restore::Restored { moved_aside, .. } = backup::restore(&target, &out, true).await.unwrap()
    else {
        panic!("restored");
    };
    assert!(moved_aside
        .iter()
        .any(|p| p.to_string_lossy().contains("linedesk.db.before-restore-")));
    let again = Db::open(&target.database_url).await.unwrap();
    assert_eq!(event_ids(&again).await.len(), stored.len());
    again.close().await;
}
