//! Live updates: "this conversation changed" signals for connected browsers. In one process a
//! broadcast channel carries them; with PostgreSQL they also travel through LISTEN/NOTIFY so a
//! browser connected to one linedesk process hears about work another process did.

use crate::db::Backend;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

const CHANNEL: &str = "linedesk_live";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub conversation_id: i64,
    #[serde(default)]
    pub subject: Subject,
}

/// What a change is about: one conversation, or the desk's staffing (someone's presence or
/// capacity), which only the queue figures of supervisors and administrators show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    #[default]
    Conversation,
    Staffing,
}

#[derive(Clone)]
pub struct Notifier {
    local: broadcast::Sender<Change>,
    /// Set with PostgreSQL: changes are published there and come back through the listener.
    pool: Option<sqlx::AnyPool>,
}

impl Notifier {
    /// A notifier for one process only (SQLite, tests).
    pub fn local() -> Self {
        Self {
            local: broadcast::channel(1024).0,
            pool: None,
        }
    }

    /// With PostgreSQL, starts a listener that forwards every process's changes to this one.
    pub async fn for_database(db: &crate::db::Db, url: &str) -> anyhow::Result<Self> {
        let mut notifier = Self::local();
        if db.backend == Backend::Postgres {
            let mut listener = sqlx::postgres::PgListener::connect(url).await?;
            listener.listen(CHANNEL).await?;
            let local = notifier.local.clone();
            tokio::spawn(async move {
                loop {
                    match listener.recv().await {
                        Ok(notification) => {
                            if let Ok(change) =
                                serde_json::from_str::<Change>(notification.payload())
                            {
                                let _ = local.send(change);
                            }
                        }
                        // PgListener reconnects by itself on the next recv; pause a moment.
                        Err(err) => {
                            tracing::warn!(%err, "live updates: listener");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    }
                }
            });
            notifier.pool = Some(db.pool.clone());
        }
        Ok(notifier)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.local.subscribe()
    }

    /// Tells every connected browser (in every process) that the conversation changed.
    pub async fn publish(&self, conversation_id: i64) {
        self.send(Change {
            conversation_id,
            subject: Subject::Conversation,
        })
        .await
    }

    /// Someone's presence or capacity changed (no conversation did).
    pub async fn publish_staffing(&self) {
        self.send(Change {
            conversation_id: 0,
            subject: Subject::Staffing,
        })
        .await
    }

    async fn send(&self, change: Change) {
        match &self.pool {
            Some(pool) => {
                let payload = serde_json::to_string(&change).unwrap_or_default();
                if let Err(err) = crate::db::notify::pg_notify(pool, CHANNEL, payload).await {
                    tracing::warn!(%err, "live updates: publishing");
                    let _ = self.local.send(change);
                }
            }
            None => {
                let _ = self.local.send(change);
            }
        }
    }
}
