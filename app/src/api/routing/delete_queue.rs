#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "delete_queue")]
pub async fn delete_queue(id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .routing
                .delete_queue(&actor, id, &client_info())
                .await
        }
        .await,
    )
}
