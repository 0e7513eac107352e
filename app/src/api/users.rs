#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::user::UserView;
use domain::{AppError, Role};
use leptos::prelude::*;

#[server(endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    respond(
        async {
            require(&[Role::Admin])?;
            services()?.users.list().await
        }
        .await,
    )
}

#[server(endpoint = "create_user")]
pub async fn create_user(
    email: String,
    display_name: String,
    role: Role,
    password: String,
) -> Result<UserView, AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let user = domain::user::NewUser {
                email,
                display_name,
                password,
                role,
            };
            services()?.users.create(&actor, user, &client_info()).await
        }
        .await,
    )
}

#[server(endpoint = "change_user_role")]
pub async fn change_user_role(user_id: i64, role: Role) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .users
                .change_role(&actor, user_id, role, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "set_user_disabled")]
pub async fn set_user_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .users
                .set_disabled(&actor, user_id, disabled, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "reset_user_password")]
pub async fn reset_user_password(user_id: i64, password: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            services()?
                .users
                .reset_password(&actor, user_id, &password, &client_info())
                .await
        }
        .await,
    )
}
