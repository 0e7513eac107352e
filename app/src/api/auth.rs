#[cfg(feature = "ssr")]
use crate::ssr::{client_info, current_user, respond, services};
use domain::user::CurrentUser;
use domain::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(current_user())
}

#[cfg(feature = "ssr")]
async fn start_session(user_id: i64, epoch: i64) -> Result<(), AppError> {
    use domain::user::{SESSION_EPOCH, SESSION_USER_ID};
    let session: tower_sessions::Session = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal("session layer missing".into()))?;
    // A new id at sign-in, so an id planted before sign-in is worthless after it.
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    session
        .insert(SESSION_USER_ID, user_id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    session
        .insert(SESSION_EPOCH, epoch)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let signed_in = services()?
                .users
                .sign_in(&email, &password, &client_info())
                .await?;
            start_session(signed_in.user.id, signed_in.session_epoch).await?;
            // Only paths on this site, never another host.
            leptos_axum::redirect(&domain::redirect::local_path_or_home(
                next.as_deref().unwrap_or("/"),
                None,
            ));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    respond(
        async {
            if let Some(user) = current_user() {
                services()?
                    .users
                    .record_sign_out(&user, &client_info())
                    .await;
            }
            let session: tower_sessions::Session = leptos_axum::extract()
                .await
                .map_err(|_| AppError::Internal("session layer missing".into()))?;
            session
                .flush()
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
            leptos_axum::redirect("/login");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "get_setup_needed")]
pub async fn get_setup_needed() -> Result<bool, AppError> {
    respond(async { services()?.users.setup_needed().await }.await)
}

#[server(endpoint = "create_first_admin")]
pub async fn create_first_admin(
    token: String,
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    respond(
        async {
            if password != password_confirm {
                return Err(domain::FieldErrors::single(
                    "password_confirm",
                    domain::Problem::PasswordsDiffer,
                ));
            }
            let user = domain::user::NewUser {
                email,
                display_name,
                password,
                role: domain::Role::Admin,
            };
            let signed_in = services()?
                .users
                .complete_setup(&token, user, &client_info())
                .await?;
            start_session(signed_in.user.id, signed_in.session_epoch).await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}
