#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::privacy::DataSubject;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::Role;
use leptos::prelude::*;

#[server(endpoint = "find_data_subjects")]
pub async fn find_data_subjects(query: String) -> Result<Vec<DataSubject>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.privacy.find_subjects(&query).await
        }
        .await,
    )
}
