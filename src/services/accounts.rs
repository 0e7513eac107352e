//! LINE messaging accounts: the New account wizard, LINE checks, secrets sealed at rest,
//! callback keys, webhook settings on LINE, deletion (which clears LINE's webhook URL and ends
//! the account's conversations). Every change is audited; secrets appear in the audit log only
//! as "[redacted]".

use crate::clock::now_ms;
use crate::crypto::{random_token, MasterKey};
use crate::db::accounts::{self as rows, AccountRow, Forget, Sealed, Verification};
use crate::db::{audit, conversations, line_channels, messages, settings, webhook_events, Db};
use crate::engine::{automated, sender, Engine};
use crate::error::{unique_as_field, OrInternal};
use crate::line::client::{LineClient, LineError};
use crate::services::audit_entry;
use async_trait::async_trait;
use domain::account::AccountService;
use domain::account::{
    check_credentials, check_name, mask, AccountDeletion, AccountStatus, AccountView, BotProfile,
    Credentials, MarkRead, RawEvent, Region, WebhookCleanup, WebhookStatus, WebhookTest,
    PRIVACY_NOTICE_VERSION,
};
use domain::conversation::DeliveryState;
use domain::user::{ClientInfo, CurrentUser};
use domain::Problem;
use domain::{AppError, FieldErrors};
use serde_json::{json, Value};

const REDACTED: &str = "[redacted]";
const NAME_TAKEN: Problem = Problem::AccountNameTaken;
const CHANNEL_TAKEN: Problem = Problem::ChannelTaken;

/// The stored `verify_error`: LINE's refusal as a code (JSON), so each reader gets it in their
/// language. Rows written before codes hold the English text `LineError::describe` gave; it
/// reads back as the same code.
fn stored_problem(text: &str) -> Problem {
    if let Ok(problem) = serde_json::from_str::<Problem>(text) {
        return problem;
    }
    let text = text.trim_end_matches('.');
    if text == "LINE rejected this channel access token" {
        return Problem::LineRejectedToken;
    }
    if let Some(why) = text
        .strip_prefix("LINE could not be reached (")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return Problem::LineUnreachable { why: why.into() };
    }
    if let Some(rest) = text.strip_prefix("LINE answered with status ") {
        let (status, message) = rest.split_once(": ").unwrap_or((rest, ""));
        if let Ok(status) = status.parse() {
            return if message.is_empty() {
                Problem::LineStatus { status }
            } else {
                Problem::LineStatusMessage {
                    status,
                    message: message.into(),
                }
            };
        }
    }
    Problem::Request {
        detail: text.into(),
    }
}

fn store_problem(problem: &Problem) -> String {
    serde_json::to_string(problem).unwrap_or_else(|_| problem.to_string())
}

pub struct Accounts {
    pub db: Db,
    pub key: MasterKey,
    pub line: LineClient,
    /// PUBLIC_URL without a trailing slash: callback URLs start with it.
    pub public_base: String,
    /// Deleting an account ends its conversations and sends their end messages.
    pub engine: Engine,
}

fn last4(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

fn not_found() -> AppError {
    AppError::NotFound(Problem::AccountNotFound)
}

fn line_failure(err: &LineError) -> AppError {
    AppError::Conflict(err.problem())
}

impl Accounts {
    fn callback_url(&self, key: Option<&str>) -> String {
        key.map(|key| format!("{}/line/callback/{key}", self.public_base))
            .unwrap_or_default()
    }

    fn view(&self, row: &AccountRow) -> AccountView {
        let bot = row.bot_user_id.as_ref().map(|user_id| BotProfile {
            user_id: user_id.clone(),
            display_name: row.bot_display_name.clone().unwrap_or_default(),
            basic_id: row.bot_basic_id.clone().unwrap_or_default(),
            picture_url: row.bot_picture_url.clone(),
            chat_mode: row.bot_chat_mode.as_deref().and_then(|m| m.parse().ok()),
            read_mode: row
                .bot_mark_read_mode
                .as_deref()
                .and_then(|m| m.parse().ok()),
        });
        AccountView {
            id: row.id,
            name: row.name.clone(),
            channel_id: row.channel_id.clone(),
            status: AccountStatus::parse(&row.status),
            bot,
            mark_read: row.mark_read,
            secret_hint: row
                .secret_sealed
                .as_ref()
                .and(row.secret_last4.as_deref())
                .map(mask),
            token_hint: row
                .token_sealed
                .as_ref()
                .and(row.token_last4.as_deref())
                .map(mask),
            callback_url: self.callback_url(row.webhook_key.as_deref()),
            verify_error: row.verify_error.as_deref().map(stored_problem),
            verified_at: row.verified_at,
            last_webhook_at: row.last_webhook_at,
            // Filled in by `view_with_usage` where the list matters.
            workstreams: Vec::new(),
            privacy_ack_by: row.privacy_ack_email.clone(),
            privacy_ack_at: row.privacy_ack_at,
            privacy_notice_version: row.privacy_notice_version.clone(),
            created_by: row.created_by_email.clone(),
            created_at: row.created_at,
        }
    }

    /// The view with the workstreams whose LINE channel uses the account.
    async fn view_with_usage(&self, row: &AccountRow) -> Result<AccountView, AppError> {
        let mut view = self.view(row);
        view.workstreams = line_channels::workstreams_using(&self.db.pool, row.id)
            .await
            .or_internal()?;
        Ok(view)
    }

    async fn load(&self, id: i64) -> Result<AccountRow, AppError> {
        rows::find(&self.db.pool, id)
            .await
            .or_internal()?
            .ok_or_else(not_found)
    }

    async fn load_draft(&self, id: i64) -> Result<AccountRow, AppError> {
        let row = self.load(id).await?;
        if row.status != "draft" {
            return Err(AppError::Conflict(Problem::AccountSetUpChange));
        }
        Ok(row)
    }

    fn token(&self, row: &AccountRow) -> Result<String, AppError> {
        let sealed = row
            .token_sealed
            .as_deref()
            .ok_or(AppError::Conflict(Problem::NoTokenYet))?;
        let plain = self.key.open(sealed).or_internal()?;
        String::from_utf8(plain).or_internal()
    }

    async fn require_line_available(&self) -> Result<(), AppError> {
        if self.region().await? == Region::Government {
            return Err(AppError::Conflict(Problem::GovernmentRegion));
        }
        Ok(())
    }

    /// Writes `change` and its audit record in one transaction.
    async fn audited<F>(
        &self,
        actor: &CurrentUser,
        client: &ClientInfo,
        action: &str,
        id: i64,
        detail: Value,
        change: F,
    ) -> Result<(), AppError>
    where
        F: for<'t> FnOnce(
            &'t mut sqlx::AnyConnection,
            i64,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<(), AppError>> + Send + 't>,
        >,
    {
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        change(&mut tx, now).await?;
        let entry = audit_entry(
            Some(actor),
            client,
            action,
            "line_account",
            Some(id.to_string()),
            detail,
        );
        audit::append(&mut tx, self.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    /// Empties LINE's webhook URL for the account's channel when it is one of this desk's
    /// callbacks (also an old key's) but no other account's; another system's URL is left alone.
    /// LINE's API takes an empty endpoint (SetWebhookEndpointRequest: minLength 0); when LINE is
    /// unreachable or refuses, the outcome is `Manual` with LINE's answer, and the admin gets
    /// the console steps.
    async fn clear_webhook(
        &self,
        id: i64,
        token: Option<&str>,
    ) -> Result<(WebhookCleanup, Option<String>), AppError> {
        let Some(token) = token else {
            let why = "the account has no channel access token to ask LINE with";
            return Ok((WebhookCleanup::Manual, Some(why.into())));
        };
        let endpoint = match self.line.webhook_endpoint(token).await {
            Ok((endpoint, _)) => endpoint,
            Err(err) => return Ok((WebhookCleanup::Manual, Some(err.describe()))),
        };
        if endpoint.is_empty() {
            return Ok((WebhookCleanup::NotSet, None));
        }
        let others = rows::list_live(&self.db.pool).await.or_internal()?;
        let another_accounts = others.iter().any(|other| {
            other.id != id && self.callback_url(other.webhook_key.as_deref()) == endpoint
        });
        let ours = format!("{}/line/callback/", self.public_base);
        if !endpoint.starts_with(&ours) || another_accounts {
            return Ok((WebhookCleanup::Elsewhere, None));
        }
        Ok(match self.line.set_webhook_endpoint(token, "").await {
            Ok(()) => (WebhookCleanup::Cleared, None),
            Err(err) => (WebhookCleanup::Manual, Some(err.describe())),
        })
    }

    /// Ends the account's open conversations and sends their end messages while the token still
    /// works. Returns (ended, customers LINE took the end message for).
    async fn end_conversations(&self, id: i64) -> Result<(u32, u32), AppError> {
        let engine = &self.engine;
        let open = conversations::open_for_account(&self.db.pool, id)
            .await
            .or_internal()?;
        let mut messages_queued = Vec::new();
        for conversation in &open {
            if let Some(message) = automated::end_for_deleted_account(engine, conversation)
                .await
                .or_internal()?
            {
                messages_queued.push(message);
            }
        }
        if !messages_queued.is_empty() {
            // A message LINE did not take now is not retried: the token goes with the account.
            if let Err(err) = sender::send_account_now(engine, id).await {
                tracing::warn!(account = id, %err, "sending end messages of a deleted account");
            }
        }
        let mut told = 0;
        for message in messages_queued {
            let delivery = messages::delivery(&self.db.pool, message)
                .await
                .or_internal()?;
            if delivery == Some(DeliveryState::Sent) {
                told += 1;
            }
        }
        Ok((open.len() as u32, told))
    }

    /// A channel ID another (finished) account uses is refused with a field error.
    async fn refuse_taken_channel(&self, channel_id: &str, except_id: i64) -> Result<(), AppError> {
        if !channel_id.is_empty()
            && rows::taken(&self.db.pool, "channel_id", channel_id, except_id)
                .await
                .or_internal()?
        {
            return Err(FieldErrors::single("channel_id", CHANNEL_TAKEN));
        }
        Ok(())
    }

    /// Asks LINE about the token and records the outcome on the row.
    async fn check_with_line(
        &self,
        row: &AccountRow,
        token: &str,
        live_status: bool,
    ) -> Result<Result<BotProfile, LineError>, AppError> {
        let outcome = self.line.bot_info(token).await;
        let now = now_ms();
        let (status, verified_at, error) = match &outcome {
            Ok(_) => (Some("verified"), Some(now), None),
            Err(LineError::Rejected) => (
                Some("inactive"),
                None,
                Some(store_problem(&Problem::LineRejectedToken)),
            ),
            Err(err) => (None, None, Some(store_problem(&err.problem()))),
        };
        let bot = outcome.as_ref().ok();
        let verification = Verification {
            // A draft stays a draft; a live account's status follows LINE's answer.
            status: if live_status { status } else { None },
            bot_user_id: bot.map(|b| b.user_id.as_str()),
            bot_display_name: bot.map(|b| b.display_name.as_str()),
            bot_basic_id: bot.map(|b| b.basic_id.as_str()),
            bot_picture_url: bot.and_then(|b| b.picture_url.as_deref()),
            bot_chat_mode: bot.and_then(|b| b.chat_mode),
            bot_mark_read_mode: bot.and_then(|b| b.read_mode),
            verified_at,
            verify_error: error.as_deref(),
        };
        rows::set_verification(&self.db.pool, row.id, &verification, now)
            .await
            .or_internal()?;
        Ok(outcome)
    }
}

#[async_trait]
impl AccountService for Accounts {
    async fn list(&self) -> Result<Vec<AccountView>, AppError> {
        let rows = rows::list_live(&self.db.pool).await.or_internal()?;
        let mut views = Vec::with_capacity(rows.len());
        for row in &rows {
            views.push(self.view_with_usage(row).await?);
        }
        Ok(views)
    }

    async fn get(&self, id: i64) -> Result<AccountView, AppError> {
        self.view_with_usage(&self.load(id).await?).await
    }

    async fn region(&self) -> Result<Region, AppError> {
        Ok(settings::get(&self.db.pool, "region")
            .await
            .or_internal()?
            .map(|r| Region::parse(&r))
            .unwrap_or(Region::Commercial))
    }

    async fn set_region(
        &self,
        actor: &CurrentUser,
        region: Region,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let before = self.region().await?;
        if before == region {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await.or_internal()?;
        settings::set(&mut *tx, "region", region.as_str(), now)
            .await
            .or_internal()?;
        let detail = json!({ "before": { "region": before.as_str() }, "after": { "region": region.as_str() } });
        let entry = audit_entry(
            Some(actor),
            client,
            "settings.region",
            "settings",
            Some("region".into()),
            detail,
        );
        audit::append(&mut tx, self.db.backend, &entry, now)
            .await
            .or_internal()?;
        tx.commit().await.or_internal()
    }

    async fn save_draft_name(
        &self,
        actor: &CurrentUser,
        draft_id: Option<i64>,
        name: &str,
        _client: &ClientInfo,
    ) -> Result<i64, AppError> {
        self.require_line_available().await?;
        let name = name.trim();
        let mut errors = FieldErrors::new();
        check_name(name, &mut errors);
        errors.into_result()?;
        if rows::taken(&self.db.pool, "name", name, draft_id.unwrap_or(0))
            .await
            .or_internal()?
        {
            return Err(FieldErrors::single("name", NAME_TAKEN));
        }
        let now = now_ms();
        match draft_id {
            Some(id) => {
                self.load_draft(id).await?;
                rows::set_name(&self.db.pool, id, name, now)
                    .await
                    .or_internal()?;
                Ok(id)
            }
            None => rows::insert_draft(
                &self.db.pool,
                name,
                &random_token(),
                actor.id,
                &actor.email,
                now,
            )
            .await
            .or_internal(),
        }
    }

    async fn save_draft_credentials(
        &self,
        _actor: &CurrentUser,
        draft_id: i64,
        credentials: Credentials,
        check: bool,
        save_unverified: bool,
        _client: &ClientInfo,
    ) -> Result<AccountView, AppError> {
        self.require_line_available().await?;
        let row = self.load_draft(draft_id).await?;
        let credentials = Credentials {
            channel_id: credentials.channel_id.trim().to_string(),
            channel_secret: credentials.channel_secret.trim().to_string(),
            access_token: credentials.access_token.trim().to_string(),
        };
        let mut errors = FieldErrors::new();
        check_credentials(
            &credentials,
            row.secret_sealed.is_none(),
            row.token_sealed.is_none(),
            &mut errors,
        );

        let now = now_ms();
        let channel_id: String = credentials.channel_id.chars().take(40).collect();
        // Another account's channel: keep nothing of it (nor what the draft held before), so
        // no draft carries that channel's secrets or offers to change its webhook.
        if let Err(taken) = self.refuse_taken_channel(&channel_id, draft_id).await {
            rows::forget_in_draft(&self.db.pool, draft_id, Forget::Channel, now)
                .await
                .or_internal()?;
            return if check {
                Err(taken)
            } else {
                self.get(draft_id).await
            };
        }
        // Keep what was typed (so Back, and a form shown again after an error, still have it);
        // secrets only when they are well-formed, and only sealed.
        rows::set_channel_id(&self.db.pool, draft_id, &channel_id, now)
            .await
            .or_internal()?;
        for (which, field, value) in [
            (
                Sealed::ChannelSecret,
                "channel_secret",
                &credentials.channel_secret,
            ),
            (
                Sealed::AccessToken,
                "access_token",
                &credentials.access_token,
            ),
        ] {
            if !value.is_empty() && errors.get(field).is_none() {
                let sealed = self.key.seal(value.as_bytes());
                rows::set_sealed(&self.db.pool, draft_id, which, sealed, &last4(value), now)
                    .await
                    .or_internal()?;
            }
        }
        if !check {
            return self.get(draft_id).await;
        }
        errors.into_result()?;

        let row = self.load(draft_id).await?;
        let token = self.token(&row)?;
        match self.check_with_line(&row, &token, false).await? {
            Ok(_) => {}
            Err(LineError::Rejected) => {
                // A token LINE refused is not kept.
                rows::forget_in_draft(&self.db.pool, draft_id, Forget::Token, now)
                    .await
                    .or_internal()?;
                return Err(FieldErrors::single(
                    "access_token",
                    Problem::LineRejectedToken,
                ));
            }
            Err(err) if err.is_transient() => {
                if !save_unverified {
                    return Err(FieldErrors::single("line", err.retry_problem()));
                }
            }
            Err(err) => {
                rows::forget_in_draft(&self.db.pool, draft_id, Forget::Token, now)
                    .await
                    .or_internal()?;
                return Err(FieldErrors::single("access_token", err.problem()));
            }
        }
        self.get(draft_id).await
    }

    async fn finish(
        &self,
        actor: &CurrentUser,
        draft_id: i64,
        acknowledged: bool,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError> {
        self.require_line_available().await?;
        let row = self.load_draft(draft_id).await?;
        let details_done = !row.channel_id.is_empty()
            && row.secret_sealed.is_some()
            && row.token_sealed.is_some()
            && (row.verified_at.is_some()
                || row
                    .verify_error
                    .as_deref()
                    .is_some_and(|e| stored_problem(e) != Problem::LineRejectedToken));
        if !details_done {
            return Err(AppError::Conflict(Problem::FinishDetailsFirst));
        }
        if !acknowledged {
            return Err(FieldErrors::single(
                "acknowledge",
                Problem::AcknowledgeNotice,
            ));
        }
        let status = if row.verified_at.is_some() {
            "verified"
        } else {
            "unverified"
        };
        let detail = json!({
            "name": row.name,
            "channel_id": row.channel_id,
            "status": status,
            "channel_secret": REDACTED,
            "access_token": REDACTED,
            "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        });
        let (actor_id, actor_email) = (actor.id, actor.email.clone());
        self.audited(
            actor,
            client,
            "account.create",
            draft_id,
            detail,
            move |conn, now| {
                Box::pin(async move {
                    let changed = rows::go_live(
                        &mut *conn,
                        draft_id,
                        status,
                        actor_id,
                        &actor_email,
                        PRIVACY_NOTICE_VERSION,
                        now,
                    )
                    .await
                    .map_err(|err| unique_as_field(err, "name", Problem::LiveAccountTaken))?;
                    if changed == 0 {
                        return Err(AppError::Conflict(Problem::AccountSetUp));
                    }
                    Ok(())
                })
            },
        )
        .await?;
        self.get(draft_id).await
    }

    async fn create(
        &self,
        actor: &CurrentUser,
        name: &str,
        credentials: Credentials,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError> {
        let mut errors = FieldErrors::new();
        check_name(name, &mut errors);
        check_credentials(&credentials, true, true, &mut errors);
        errors.into_result()?;
        self.refuse_taken_channel(credentials.channel_id.trim(), 0)
            .await?;
        let id = self.save_draft_name(actor, None, name, client).await?;
        let created = async {
            self.save_draft_credentials(actor, id, credentials, true, true, client)
                .await?;
            self.finish(actor, id, true, client).await
        }
        .await;
        if created.is_err() {
            // Nothing of a refused account stays behind: no draft, no secret.
            rows::delete_draft(&self.db.pool, id).await.or_internal()?;
        }
        created
    }

    async fn rename(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.load(id).await?;
        let name = name.trim().to_string();
        let mut errors = FieldErrors::new();
        check_name(&name, &mut errors);
        errors.into_result()?;
        if name == row.name {
            return Ok(());
        }
        if rows::taken(&self.db.pool, "name", &name, id)
            .await
            .or_internal()?
        {
            return Err(FieldErrors::single("name", NAME_TAKEN));
        }
        let detail = json!({ "before": { "name": row.name }, "after": { "name": name } });
        self.audited(
            actor,
            client,
            "account.update",
            id,
            detail,
            move |conn, now| {
                Box::pin(async move {
                    rows::set_name(&mut *conn, id, &name, now)
                        .await
                        .map_err(|err| unique_as_field(err, "name", NAME_TAKEN))?;
                    Ok(())
                })
            },
        )
        .await
    }

    async fn set_mark_read(
        &self,
        actor: &CurrentUser,
        id: i64,
        mark_read: MarkRead,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.load(id).await?;
        if row.mark_read == mark_read {
            return Ok(());
        }
        let detail = json!({
            "before": { "mark_read": row.mark_read },
            "after": { "mark_read": mark_read },
        });
        self.audited(
            actor,
            client,
            "account.update",
            id,
            detail,
            move |conn, now| {
                Box::pin(async move {
                    rows::set_mark_read(&mut *conn, id, mark_read, now)
                        .await
                        .or_internal()?;
                    Ok(())
                })
            },
        )
        .await
    }

    async fn replace_secret(
        &self,
        actor: &CurrentUser,
        id: i64,
        secret: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let row = self.load(id).await?;
        let secret = secret.trim().to_string();
        let mut errors = FieldErrors::new();
        let credentials = Credentials {
            channel_id: row.channel_id.clone(),
            channel_secret: secret.clone(),
            access_token: String::new(),
        };
        check_credentials(&credentials, true, false, &mut errors);
        errors.0.retain(|field, _| field == "channel_secret");
        errors.into_result()?;
        let sealed = self.key.seal(secret.as_bytes());
        let tail = last4(&secret);
        self.audited(
            actor,
            client,
            "account.secret_replace",
            id,
            json!({ "channel_secret": REDACTED }),
            move |conn, now| {
                Box::pin(async move {
                    rows::set_sealed(&mut *conn, id, Sealed::ChannelSecret, sealed, &tail, now)
                        .await
                        .or_internal()
                })
            },
        )
        .await
    }

    async fn replace_token(
        &self,
        actor: &CurrentUser,
        id: i64,
        token: &str,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError> {
        let row = self.load(id).await?;
        let token = token.trim().to_string();
        let mut errors = FieldErrors::new();
        let credentials = Credentials {
            channel_id: row.channel_id.clone(),
            channel_secret: String::new(),
            access_token: token.clone(),
        };
        check_credentials(&credentials, false, true, &mut errors);
        errors.0.retain(|field, _| field == "access_token");
        errors.into_result()?;
        let sealed = self.key.seal(token.as_bytes());
        let tail = last4(&token);
        self.audited(
            actor,
            client,
            "account.token_replace",
            id,
            json!({ "access_token": REDACTED }),
            move |conn, now| {
                Box::pin(async move {
                    rows::set_sealed(&mut *conn, id, Sealed::AccessToken, sealed, &tail, now)
                        .await
                        .or_internal()
                })
            },
        )
        .await?;
        self.verify(actor, id, client).await
    }

    async fn verify(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError> {
        let row = self.load(id).await?;
        let token = self.token(&row)?;
        let outcome = self
            .check_with_line(&row, &token, row.status != "draft")
            .await?;
        let result = match &outcome {
            Ok(_) => "verified".to_string(),
            Err(err) => err.describe(),
        };
        self.audited(
            actor,
            client,
            "account.verify",
            id,
            json!({ "result": result }),
            |_, _| Box::pin(async { Ok(()) }),
        )
        .await?;
        self.get(id).await
    }

    async fn regenerate_key(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<AccountView, AppError> {
        self.load(id).await?;
        let key = random_token();
        self.audited(
            actor,
            client,
            "account.key_regenerate",
            id,
            json!({ "callback_key": REDACTED }),
            move |conn, now| {
                Box::pin(
                    async move { rows::set_key(&mut *conn, id, &key, now).await.or_internal() },
                )
            },
        )
        .await?;
        self.get(id).await
    }

    async fn webhook_status(&self, id: i64) -> Result<WebhookStatus, AppError> {
        let row = self.load(id).await?;
        let token = self.token(&row)?;
        let ours = self.callback_url(row.webhook_key.as_deref());
        let (endpoint, active) = self
            .line
            .webhook_endpoint(&token)
            .await
            .map_err(|e| line_failure(&e))?;
        Ok(WebhookStatus {
            matches_ours: endpoint == ours,
            endpoint,
            active,
        })
    }

    async fn set_webhook(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<WebhookStatus, AppError> {
        let row = self.load(id).await?;
        let token = self.token(&row)?;
        let ours = self.callback_url(row.webhook_key.as_deref());
        self.line
            .set_webhook_endpoint(&token, &ours)
            .await
            .map_err(|e| line_failure(&e))?;
        self.audited(
            actor,
            client,
            "account.webhook_set",
            id,
            json!({ "endpoint": ours }),
            |_, _| Box::pin(async { Ok(()) }),
        )
        .await?;
        self.webhook_status(id).await
    }

    async fn test_webhook(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<WebhookTest, AppError> {
        let row = self.load(id).await?;
        let token = self.token(&row)?;
        let ours = self.callback_url(row.webhook_key.as_deref());
        let result = self
            .line
            .test_webhook(&token, &ours)
            .await
            .map_err(|e| line_failure(&e))?;
        let detail = json!({ "success": result.success, "status_code": result.status_code, "reason": result.reason });
        self.audited(actor, client, "account.webhook_test", id, detail, |_, _| {
            Box::pin(async { Ok(()) })
        })
        .await?;
        Ok(result)
    }

    async fn raw_events(&self, id: i64, filter: &str) -> Result<Vec<RawEvent>, AppError> {
        self.load(id).await?;
        let rows = webhook_events::raw_events(&self.db.pool, id, filter)
            .await
            .or_internal()?;
        Ok(rows
            .into_iter()
            .map(|r| RawEvent {
                id: r.id,
                event_type: r.event_type,
                source_user_id: r.source_user_id,
                redelivery: r.redelivery != 0,
                received_at: r.received_at,
                processed_at: r.processed_at,
                attempts: r.attempts,
                last_error: r.last_error,
                body: r.body,
            })
            .collect())
    }

    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<AccountDeletion, AppError> {
        let row = self.load(id).await?;
        let view = self.view_with_usage(&row).await?;
        if !view.workstreams.is_empty() {
            return Err(AppError::Conflict(Problem::AccountInUse {
                workstreams: view.workstreams.join(", "),
            }));
        }
        let token = match row.token_sealed {
            Some(_) => Some(self.token(&row)?),
            None => None,
        };
        // LINE first, while the token is still ours. The deletion goes ahead when LINE cannot
        // be reached: the admin wants the account gone (secrets wiped, callback closed) either
        // way, and the confirmation names the console steps that finish the job.
        let (webhook, line_error) = self.clear_webhook(id, token.as_deref()).await?;
        let (ended, told) = self.end_conversations(id).await?;
        let deletion = AccountDeletion {
            channel_id: row.channel_id.clone(),
            webhook,
            line_error,
            conversations_ended: ended,
            customers_told: told,
        };
        let detail = json!({
            "name": row.name,
            "channel_id": row.channel_id,
            "channel_secret": REDACTED,
            "access_token": REDACTED,
            "webhook": webhook.as_str(),
            "line_error": deletion.line_error,
            "conversations_ended": ended,
            "customers_told": told,
        });
        self.audited(
            actor,
            client,
            "account.delete",
            id,
            detail,
            move |conn, now| {
                Box::pin(async move {
                    if rows::soft_delete(&mut *conn, id, now).await.or_internal()? == 0 {
                        return Err(not_found());
                    }
                    Ok(())
                })
            },
        )
        .await?;
        Ok(deletion)
    }
}
