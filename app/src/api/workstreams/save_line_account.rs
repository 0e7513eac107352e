#[cfg(feature = "ssr")]
use super::support::wizard_next;
#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

/// Set up LINE, page LINE: the account.
#[server(endpoint = "save_line_account")]
pub async fn save_line_account(
    id: i64,
    account_id: Option<i64>,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let account_id = account_id.ok_or_else(|| {
                FieldErrors::single("account_id", domain::Problem::PickLineAccount)
            })?;
            services()?
                .workstreams
                .set_channel_account(&actor, id, account_id, &client_info())
                .await?;
            wizard_next(id, "account", nav.as_deref());
            Ok(())
        }
        .await,
    )
}
