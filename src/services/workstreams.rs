//! Workstreams, their fallback queues and their LINE channel (the Set up LINE wizard). Every
//! change is written together with its audit entry (before and after) in one transaction.

use crate::clock::now_ms;
use crate::db::line_channels::{self, ChannelRow};
use crate::db::workstreams::{self as rows, NewWorkstreamRow, WorkstreamRow};
use crate::db::{accounts, audit, queues, settings, Db};
use crate::engine::automated::parse_config;
use crate::error::{is_unique_violation, unique_as_field, OrInternal};
use crate::services::{audit_entry, changes};
use async_trait::async_trait;
use domain::routing::Routing;
use domain::user::{ClientInfo, CurrentUser};
use domain::workstream::WorkstreamService;
use domain::workstream::{
    check_channel, check_name, check_queue_name, check_settings, AvailableAccount, ChannelConfig,
    DistributionMode, LineChannelView, NewWorkstream, QueueView, WorkstreamSettings,
    WorkstreamView,
};
use domain::Problem;
use domain::{AppError, FieldErrors};
use serde_json::{json, Value};
use sqlx::AnyConnection;

const NAME_TAKEN: Problem = Problem::WorkstreamTaken;
const QUEUE_TAKEN: Problem = Problem::QueueTakenPick;
const MODE_FIXED: Problem = Problem::ModeFixed;
const ACCOUNT_TAKEN: Problem = Problem::ChannelAccountTaken;

pub struct Workstreams {
    pub db: Db,
}

fn not_found() -> AppError {
    AppError::NotFound(Problem::WorkstreamNotFound)
}

fn no_channel() -> AppError {
    AppError::Conflict(Problem::PickLineAccountFirstSetup)
}

/// Settings documents are written by this service only; an unreadable one is a bug, but the
/// workstream must still open, so it falls back to the defaults (and says so in the log).
fn parse_settings(row: &WorkstreamRow) -> WorkstreamSettings {
    serde_json::from_str(&row.settings).unwrap_or_else(|err| {
        tracing::error!(workstream = row.id, %err, "unreadable workstream settings; using defaults");
        WorkstreamSettings::default()
    })
}

fn channel_view(row: &ChannelRow) -> LineChannelView {
    LineChannelView {
        account_id: row.account_id,
        account_name: row.account_name.clone(),
        bot_basic_id: row.bot_basic_id.clone(),
        active: row.active != 0,
        config: parse_config(&row.config),
    }
}

/// Who changed which workstream, and how (the audit entry's action).
struct Change<'a> {
    actor: &'a CurrentUser,
    client: &'a ClientInfo,
    action: &'a str,
    id: i64,
}

async fn commit_with_audit(
    db: &Db,
    mut tx: crate::db::WriteTx,
    change: Change<'_>,
    detail: Value,
    now: i64,
) -> Result<(), AppError> {
    let entry = audit_entry(
        Some(change.actor),
        change.client,
        change.action,
        "workstream",
        Some(change.id.to_string()),
        detail,
    );
    audit::append(&mut tx, db.backend, &entry, now)
        .await
        .or_internal()?;
    tx.commit().await.or_internal()
}

impl Workstreams {
    async fn load(&self, id: i64) -> Result<WorkstreamRow, AppError> {
        rows::find(&self.db.pool, id)
            .await
            .or_internal()?
            .ok_or_else(not_found)
    }

    async fn view(&self, row: &WorkstreamRow) -> Result<WorkstreamView, AppError> {
        let queue = queues::find(&self.db.pool, row.fallback_queue_id)
            .await
            .or_internal()?
            .map(|q| QueueView {
                id: q.id,
                name: q.name,
                priority: q.priority,
            })
            .ok_or_else(|| AppError::Internal("missing fallback queue".into()))?;
        let channel = line_channels::for_workstream(&self.db.pool, row.id)
            .await
            .or_internal()?;
        Ok(WorkstreamView {
            id: row.id,
            name: row.name.clone(),
            mode: DistributionMode::parse(&row.mode).unwrap_or_default(),
            fallback_queue: queue,
            settings: parse_settings(row),
            channel: channel.as_ref().map(channel_view),
            open_conversations: rows::open_conversations(&self.db.pool, row.id)
                .await
                .or_internal()?,
            created_by: row.created_by_email.clone(),
            created_at: row.created_at,
        })
    }

    async fn channel(&self, workstream_id: i64) -> Result<ChannelRow, AppError> {
        line_channels::for_workstream(&self.db.pool, workstream_id)
            .await
            .or_internal()?
            .ok_or_else(no_channel)
    }

    /// The fallback queue a form asked for: an existing one, or a new one created in `conn`.
    async fn resolve_queue(
        conn: &mut AnyConnection,
        existing: Option<i64>,
        new_name: Option<&str>,
        now: i64,
    ) -> Result<(i64, Option<String>), AppError> {
        match (existing, new_name.map(str::trim).filter(|n| !n.is_empty())) {
            (_, Some(name)) => {
                let mut errors = FieldErrors::new();
                check_queue_name(name, "new_queue_name", &mut errors);
                errors.into_result()?;
                let id = queues::insert(&mut *conn, name, now)
                    .await
                    .map_err(|err| unique_as_field(err, "new_queue_name", QUEUE_TAKEN))?;
                Ok((id, Some(name.to_string())))
            }
            (Some(id), None) => {
                queues::find(&mut *conn, id)
                    .await
                    .or_internal()?
                    .ok_or_else(|| FieldErrors::single("fallback_queue_id", Problem::QueueGone))?;
                Ok((id, None))
            }
            (None, None) => Err(FieldErrors::single(
                "fallback_queue_id",
                Problem::PickFallbackQueue,
            )),
        }
    }
}

#[async_trait]
impl WorkstreamService for Workstreams {
    async fn list(&self) -> Result<Vec<WorkstreamView>, AppError> {
        let rows = rows::list(&self.db.pool).await.or_internal()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(self.view(row).await?);
        }
        Ok(out)
    }

    async fn get(&self, id: i64) -> Result<WorkstreamView, AppError> {
        let row = self.load(id).await?;
        self.view(&row).await
    }

    async fn list_queues(&self) -> Result<Vec<QueueView>, AppError> {
        Ok(queues::list(&self.db.pool)
            .await
            .or_internal()?
            .into_iter()
            .map(|q| QueueView {
                id: q.id,
                name: q.name,
                priority: q.priority,
            })
            .collect())
    }

    async fn create(
        &self,
        actor: &CurrentUser,
        new: NewWorkstream,
        client: &ClientInfo,
    ) -> Result<i64, AppError> {
        let name = new.name.trim().to_string();
        let mut errors = FieldErrors::new();
        check_name(&name, &mut errors);
        let mode = DistributionMode::parse(&new.mode);
        if mode.is_none() {
            errors.add("mode", Problem::ChoosePushOrPick);
        }
        errors.into_result()?;
        let mode = mode.unwrap_or_default();
        if rows::name_taken(&self.db.pool, &name, 0)
            .await
            .or_internal()?
        {
            return Err(FieldErrors::single("name", NAME_TAKEN));
        }
        // Hours and routing start in the organisation's time zone (else UTC).
        let time_zone = settings::get(&self.db.pool, crate::auth::reader::DEFAULT_TIME_ZONE)
            .await
            .or_internal()?
            .filter(|zone| domain::zone::is_known(zone))
            .unwrap_or_else(|| domain::zone::UTC.to_string());
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        let (queue_id, new_queue) = Self::resolve_queue(
            &mut tx,
            new.fallback_queue_id,
            new.new_queue_name.as_deref(),
            now,
        )
        .await?;
        let mut settings = WorkstreamSettings::default();
        settings.operating_hours.time_zone = time_zone.clone();
        let routing = Routing {
            time_zone,
            ..Routing::default()
        };
        let id = rows::insert(
            &mut *tx,
            &NewWorkstreamRow {
                name: &name,
                mode: mode.as_str(),
                fallback_queue_id: queue_id,
                settings: &serde_json::to_string(&settings).or_internal()?,
                routing: &serde_json::to_string(&routing).or_internal()?,
                created_by_email: &actor.email,
            },
            now,
        )
        .await
        .map_err(|err| unique_as_field(err, "name", NAME_TAKEN))?;
        let detail = json!({ "after": {
            "name": name, "mode": mode.as_str(), "fallback_queue_id": queue_id,
            "new_queue": new_queue,
        }});
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "workstream.create",
                id,
            },
            detail,
            now,
        )
        .await?;
        Ok(id)
    }

    async fn update_details(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        mode: Option<&str>,
        fallback_queue_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.load(id).await?;
        if mode.is_some_and(|m| m != row.mode) {
            return Err(FieldErrors::single("mode", MODE_FIXED));
        }
        let name = name.trim().to_string();
        let mut errors = FieldErrors::new();
        check_name(&name, &mut errors);
        errors.into_result()?;
        if rows::name_taken(&self.db.pool, &name, id)
            .await
            .or_internal()?
        {
            return Err(FieldErrors::single("name", NAME_TAKEN));
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        let (queue_id, _) =
            Self::resolve_queue(&mut tx, Some(fallback_queue_id), None, now).await?;
        if rows::set_details(&mut *tx, id, &name, queue_id, now)
            .await
            .map_err(|err| unique_as_field(err, "name", NAME_TAKEN))?
            == 0
        {
            return Err(not_found());
        }
        let detail = json!({
            "before": { "name": row.name, "fallback_queue_id": row.fallback_queue_id },
            "after": { "name": name, "fallback_queue_id": queue_id },
        });
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "workstream.update",
                id,
            },
            detail,
            now,
        )
        .await
    }

    async fn update_settings(
        &self,
        actor: &CurrentUser,
        id: i64,
        settings: WorkstreamSettings,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.load(id).await?;
        let mode = DistributionMode::parse(&row.mode).unwrap_or_default();
        check_settings(&settings, mode).into_result()?;
        let before = parse_settings(&row);
        if before == settings {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        if rows::set_settings(
            &mut *tx,
            id,
            &serde_json::to_string(&settings).or_internal()?,
            now,
        )
        .await
        .or_internal()?
            == 0
        {
            return Err(not_found());
        }
        let detail = changes(
            &serde_json::to_value(&before).or_internal()?,
            &serde_json::to_value(&settings).or_internal()?,
        );
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "workstream.settings",
                id,
            },
            detail,
            now,
        )
        .await
    }

    async fn copy(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<i64, AppError> {
        let row = self.load(id).await?;
        let base: String = format!("Copy of {}", row.name)
            .chars()
            .take(domain::workstream::NAME_MAX - 4)
            .collect();
        let now = now_ms();
        // The copy has no rules yet, but keeps the time zone they are read in.
        let routing = Routing {
            time_zone: serde_json::from_str::<Routing>(&row.routing)
                .map(|r| r.time_zone)
                .unwrap_or_else(|_| domain::zone::UTC.to_string()),
            ..Routing::default()
        };
        let routing = serde_json::to_string(&routing).or_internal()?;
        // "Copy of X", then "Copy of X (2)"... until a free name.
        for n in 1..100 {
            let name = if n == 1 {
                base.clone()
            } else {
                format!("{base} ({n})")
            };
            if rows::name_taken(&self.db.pool, &name, 0)
                .await
                .or_internal()?
            {
                continue;
            }
            let mut tx = self.db.begin_write().await.or_internal()?;
            let new_id = match rows::insert(
                &mut *tx,
                &NewWorkstreamRow {
                    name: &name,
                    mode: &row.mode,
                    fallback_queue_id: row.fallback_queue_id,
                    settings: &row.settings,
                    routing: &routing,
                    created_by_email: &actor.email,
                },
                now,
            )
            .await
            {
                Ok(new_id) => new_id,
                Err(err) if is_unique_violation(&err) => continue,
                Err(err) => return Err(crate::error::internal(err)),
            };
            let detail = json!({ "copied_from": id, "after": { "name": name, "mode": row.mode } });
            commit_with_audit(
                &self.db,
                tx,
                Change {
                    actor,
                    client,
                    action: "workstream.copy",
                    id: new_id,
                },
                detail,
                now,
            )
            .await?;
            return Ok(new_id);
        }
        Err(AppError::Conflict(Problem::TooManyCopies))
    }

    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.load(id).await?;
        let channel = line_channels::for_workstream(&self.db.pool, id)
            .await
            .or_internal()?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        line_channels::delete(&mut *tx, id).await.or_internal()?;
        if rows::soft_delete(&mut *tx, id, now).await.or_internal()? == 0 {
            return Err(not_found());
        }
        let detail = json!({ "before": {
            "name": row.name, "mode": row.mode,
            "line_channel_account": channel.as_ref().and_then(|c| c.account_name.clone()),
        }});
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "workstream.delete",
                id,
            },
            detail,
            now,
        )
        .await
    }

    async fn available_accounts(&self) -> Result<Vec<AvailableAccount>, AppError> {
        let accounts = accounts::list_live(&self.db.pool).await.or_internal()?;
        let channels = line_channels::all(&self.db.pool).await.or_internal()?;
        let workstreams = rows::list(&self.db.pool).await.or_internal()?;
        Ok(accounts
            .into_iter()
            .filter(|a| a.status != "draft")
            .map(|a| {
                let taken_by = channels
                    .iter()
                    .find(|c| c.account_id == Some(a.id))
                    .and_then(|c| workstreams.iter().find(|w| w.id == c.workstream_id))
                    .map(|w| w.name.clone());
                AvailableAccount {
                    id: a.id,
                    name: a.name,
                    basic_id: a.bot_basic_id,
                    taken_by,
                }
            })
            .collect())
    }

    async fn set_channel_account(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        account_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.load(workstream_id).await?;
        let account = accounts::find(&self.db.pool, account_id)
            .await
            .or_internal()?
            .filter(|a| a.status != "draft")
            .ok_or_else(|| FieldErrors::single("account_id", Problem::PickListedAccount))?;
        let before = line_channels::for_workstream(&self.db.pool, workstream_id)
            .await
            .or_internal()?;
        if before.as_ref().and_then(|c| c.account_id) == Some(account_id) {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        let default = serde_json::to_string(&ChannelConfig::default()).or_internal()?;
        line_channels::set_account(&mut *tx, workstream_id, account_id, &default, now)
            .await
            .map_err(|err| unique_as_field(err, "account_id", ACCOUNT_TAKEN))?;
        let detail = json!({
            "before": { "account": before.and_then(|c| c.account_name) },
            "after": { "account": account.name },
        });
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "line_channel.account",
                id: workstream_id,
            },
            detail,
            now,
        )
        .await
    }

    async fn update_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        config: ChannelConfig,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.load(workstream_id).await?;
        let channel = self.channel(workstream_id).await?;
        check_channel(&config).into_result()?;
        let before = parse_config(&channel.config);
        if before == config {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        line_channels::set_config(
            &mut *tx,
            workstream_id,
            &serde_json::to_string(&config).or_internal()?,
            now,
        )
        .await
        .or_internal()?;
        let detail = changes(
            &serde_json::to_value(&before).or_internal()?,
            &serde_json::to_value(&config).or_internal()?,
        );
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "line_channel.update",
                id: workstream_id,
            },
            detail,
            now,
        )
        .await
    }

    async fn finish_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.load(workstream_id).await?;
        let channel = self.channel(workstream_id).await?;
        if channel.account_id.is_none() || channel.account_name.is_none() {
            return Err(no_channel());
        }
        if channel.active != 0 {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        line_channels::activate(&mut *tx, workstream_id, now)
            .await
            .or_internal()?;
        let detail = json!({ "after": { "account": channel.account_name, "active": true } });
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "line_channel.finish",
                id: workstream_id,
            },
            detail,
            now,
        )
        .await
    }

    async fn delete_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.load(workstream_id).await?;
        let channel = self.channel(workstream_id).await?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        line_channels::delete(&mut *tx, workstream_id)
            .await
            .or_internal()?;
        let detail = json!({ "before": {
            "account": channel.account_name,
            "config": parse_config(&channel.config),
        }});
        commit_with_audit(
            &self.db,
            tx,
            Change {
                actor,
                client,
                action: "line_channel.delete",
                id: workstream_id,
            },
            detail,
            now,
        )
        .await
    }
}
