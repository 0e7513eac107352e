//! Messaging accounts (Channels > Messaging accounts), administrators only.

#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::account::{AccountPrivacy, AccountView, RawEvent, Region, WebhookStatus, WebhookTest};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{account::Credentials, Role};
use leptos::prelude::*;

/// Where the wizard lives; its step and draft travel in the query string.
pub fn wizard_url(draft: i64, step: &str) -> String {
    format!("/channels/accounts/new?draft={draft}&step={step}")
}

#[server(endpoint = "list_accounts")]
pub async fn list_accounts() -> Result<Vec<AccountView>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.accounts.list().await
        }
        .await,
    )
}

#[server(endpoint = "get_account")]
pub async fn get_account(id: i64) -> Result<AccountView, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.accounts.get(id).await
        }
        .await,
    )
}

#[server(endpoint = "get_region")]
pub async fn get_region() -> Result<Region, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            services()?.accounts.region().await
        }
        .await,
    )
}

/// Data-sharing acknowledgements of live accounts (no credentials), for admins and auditors.
#[server(endpoint = "list_account_privacy")]
pub async fn list_account_privacy() -> Result<Vec<AccountPrivacy>, AppError> {
    respond(
        async {
            require(&[Role::Admin, Role::Auditor])?;
            Ok(services()?.privacy.account_settings().await?.accounts)
        }
        .await,
    )
}

#[server(endpoint = "set_region")]
pub async fn set_region(region: Region) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .set_region(&actor, region, &client_info())
                .await
        }
        .await,
    )
}

/// Wizard step 1, Channel details.
#[server(endpoint = "save_account_channel_details")]
pub async fn save_account_channel_details(
    draft_id: Option<i64>,
    name: String,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let id = services()?
                .accounts
                .save_draft_name(&actor, draft_id, &name, &client_info())
                .await?;
            leptos_axum::redirect(&wizard_url(id, "account"));
            Ok(())
        }
        .await,
    )
}

/// Wizard step 2, Account details. `nav` is "back" or "next" (the button pressed).
#[server(endpoint = "save_account_details")]
pub async fn save_account_details(
    draft_id: i64,
    channel_id: String,
    channel_secret: String,
    access_token: String,
    nav: Option<String>,
    save_unverified: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let back = nav.as_deref() == Some("back");
            let credentials = Credentials {
                channel_id,
                channel_secret,
                access_token,
            };
            services()?
                .accounts
                .save_draft_credentials(
                    &actor,
                    draft_id,
                    credentials,
                    !back,
                    save_unverified.is_some(),
                    &client_info(),
                )
                .await?;
            leptos_axum::redirect(&wizard_url(
                draft_id,
                if back { "channel" } else { "callback" },
            ));
            Ok(())
        }
        .await,
    )
}

/// Wizard step 3, Callback information: Done (with the acknowledgement) or Back.
#[server(endpoint = "finish_account")]
pub async fn finish_account(
    draft_id: i64,
    acknowledge: Option<String>,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            if nav.as_deref() == Some("back") {
                leptos_axum::redirect(&wizard_url(draft_id, "account"));
                return Ok(());
            }
            services()?
                .accounts
                .finish(&actor, draft_id, acknowledge.is_some(), &client_info())
                .await?;
            leptos_axum::redirect(&wizard_url(draft_id, "done"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "rename_account")]
pub async fn rename_account(id: i64, name: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .rename(&actor, id, &name, &client_info())
                .await
        }
        .await,
    )
}

/// When the desk marks customers' messages read: on_view, on_reply or never.
#[server(endpoint = "set_account_mark_read")]
pub async fn set_account_mark_read(id: i64, mark_read: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let Ok(mark_read) = mark_read.parse() else {
                return Err(domain::FieldErrors::single(
                    "mark_read",
                    domain::Problem::PickFromList,
                ));
            };
            services()?
                .accounts
                .set_mark_read(&actor, id, mark_read, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "replace_account_secret")]
pub async fn replace_account_secret(id: i64, channel_secret: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .replace_secret(&actor, id, &channel_secret, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "replace_account_token")]
pub async fn replace_account_token(id: i64, access_token: String) -> Result<AccountView, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .replace_token(&actor, id, &access_token, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "verify_account")]
pub async fn verify_account(id: i64) -> Result<AccountView, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .verify(&actor, id, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "regenerate_callback_key")]
pub async fn regenerate_callback_key(id: i64) -> Result<AccountView, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .regenerate_key(&actor, id, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "get_account_webhook")]
pub async fn get_account_webhook(id: i64) -> Result<WebhookStatus, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.accounts.webhook_status(id).await
        }
        .await,
    )
}

#[server(endpoint = "set_account_webhook")]
pub async fn set_account_webhook(id: i64) -> Result<WebhookStatus, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .set_webhook(&actor, id, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "test_account_webhook")]
pub async fn test_account_webhook(id: i64) -> Result<WebhookTest, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .accounts
                .test_webhook(&actor, id, &client_info())
                .await
        }
        .await,
    )
}

/// Deletes after the admin typed the account's name to confirm: LINE's webhook URL is cleared
/// (or the list says how to clear it) and the account's open conversations end.
#[server(endpoint = "delete_account")]
pub async fn delete_account(id: i64, confirm_name: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let accounts = services()?.accounts;
            let account = accounts.get(id).await?;
            if confirm_name.trim() != account.name {
                return Err(domain::FieldErrors::single(
                    "confirm_name",
                    domain::Problem::ConfirmAccountName,
                ));
            }
            let deletion = accounts.delete(&actor, id, &client_info()).await?;
            // The list shows what the deletion did (webhook, conversations) from the query.
            leptos_axum::redirect(&format!("/channels/accounts?{}", deletion.query()));
            Ok(())
        }
        .await,
    )
}

/// The account's raw event log (administrators: it holds what customers wrote).
#[server(endpoint = "list_raw_events")]
pub async fn list_raw_events(id: i64, filter: Option<String>) -> Result<Vec<RawEvent>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?
                .accounts
                .raw_events(id, filter.as_deref().unwrap_or("all"))
                .await
        }
        .await,
    )
}
