#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::privacy::PurgeCounts;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{contact::ErasedContact, FieldErrors, Role};
use leptos::prelude::*;

#[server(endpoint = "erase_data_subject")]
pub async fn erase_data_subject(
    profile_id: i64,
    contact: String,
    confirm: Option<String>,
) -> Result<PurgeCounts, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            if confirm.is_none() {
                return Err(FieldErrors::single(
                    "confirm",
                    domain::Problem::ConfirmErase,
                ));
            }
            let contact = ErasedContact::parse(&contact).ok_or_else(|| {
                FieldErrors::single("contact", domain::Problem::ChooseContactFate)
            })?;
            services()?
                .privacy
                .erase_subject(&actor, profile_id, contact, &client_info())
                .await
        }
        .await,
    )
}
