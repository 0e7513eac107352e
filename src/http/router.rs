//! The whole HTTP surface in one place: portal pages and server functions (Leptos), health,
//! metrics, static files, and the layers every request passes through.

use crate::auth::current_user;
use crate::crypto::MasterKey;
use crate::db::sessions::DbSessionStore;
use crate::db::Db;
use crate::engine::wakers::Wakers;
use crate::http::attachments::MediaStore;
use crate::http::health;
use crate::http::metrics::{self, SharedMetrics};
use crate::http::origin::{refuse_cross_origin, AllowedOrigins};
use crate::http::request_id::CounterRequestId;
use crate::line::callback::{self, CallbackState};
use crate::live::Notifier;
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use domain::ports::Services;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub const SESSION_COOKIE: &str = "linedesk_session";
/// LINE's callback, body included (LINE itself gives up after a few seconds).
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);
/// An agent's upload, whole, and with no bytes arriving.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const UPLOAD_STALL_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares, behind one `Arc`: axum clones the router's state for every
/// request, and cloning these fields one by one (Leptos's options, the services, the pools…)
/// was ~5 % of the callback's CPU under load.
#[derive(Clone)]
pub struct AppState(Arc<AppStateFields>);

impl AppState {
    pub fn new(fields: AppStateFields) -> AppState {
        AppState(Arc::new(fields))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppStateFields;
    fn deref(&self) -> &AppStateFields {
        &self.0
    }
}

pub struct AppStateFields {
    pub leptos: LeptosOptions,
    pub media_dir: std::path::PathBuf,
    pub live: Notifier,
    pub wakers: Wakers,
    /// LINE's callback stores events through this group-commit writer.
    pub ingest: crate::line::ingest::Ingest,
    pub callback_cache: crate::line::callback_cache::CallbackCache,
    pub master_key: MasterKey,
    pub db: Db,
    pub services: Services,
    pub metrics: SharedMetrics,
    pub allowed_origins: AllowedOrigins,
    pub secure_cookies: bool,
    pub session_idle_minutes: i64,
    /// TRUSTED_PROXIES: whose X-Forwarded-For names the client.
    pub trusted_proxies: crate::http::client_address::TrustedProxies,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}
impl FromRef<AppState> for SharedMetrics {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}
impl FromRef<AppState> for CallbackState {
    fn from_ref(state: &AppState) -> Self {
        CallbackState {
            db: state.db.clone(),
            ingest: state.ingest.clone(),
            cache: state.callback_cache.clone(),
            key: state.master_key.clone(),
            metrics: state.metrics.callback.clone(),
        }
    }
}
impl FromRef<AppState> for MediaStore {
    fn from_ref(state: &AppState) -> Self {
        MediaStore {
            db: state.db.clone(),
            dir: state.media_dir.clone(),
        }
    }
}
impl FromRef<AppState> for Notifier {
    fn from_ref(state: &AppState) -> Self {
        state.live.clone()
    }
}
impl FromRef<AppState> for AllowedOrigins {
    fn from_ref(state: &AppState) -> Self {
        state.allowed_origins.clone()
    }
}

/// The app's routes, listed once per process. Listing them runs the app with resource loading
/// switched off through a process-wide flag (leptos_server's SuppressResourceLoad), and a
/// resource first polled while it is off never loads: a page rendered by a router that was
/// already serving while a second router listed its routes hung until the request timed out
/// (seen in the suite, where each test builds its own router; leptos issue 4773).
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(app::App));

pub fn build(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let services = state.services.clone();
    let context = move || provide_context(services.clone());

    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.pool.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            state.session_idle_minutes,
        )));
    // Idle expiry needs the stored expiry to move with activity: `auth::current_user` touches
    // a signed-in session once a minute (not `with_always_save`, a write per page view).

    let leptos_options = state.leptos.clone();
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    let site_root = std::path::PathBuf::from(leptos_options.site_root.as_ref());

    // Health, metrics and LINE's callback need no session: no cookie parsing, no session query.
    let machines = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route(
            "/line/callback/{key}",
            // LINE sends a delivery in one go: a body trickled in holds a connection for nothing.
            post(callback::receive).layer(
                ServiceBuilder::new()
                    .layer(TimeoutLayer::with_status_code(
                        StatusCode::REQUEST_TIMEOUT,
                        CALLBACK_TIMEOUT,
                    ))
                    .layer(DefaultBodyLimit::max(callback::MAX_BODY)),
            ),
        )
        .route(
            "/media/{id}/{signature}",
            get(crate::http::agent_files::serve_signed),
        );
    // The browser bundle is public and immutable per build: served without a session either,
    // as the brotli or gzip copy a release build wrote next to each file when the browser
    // takes it (the main module: ~250 KB instead of 1 MB).
    let assets = Router::new()
        .nest_service(
            "/pkg",
            ServeDir::new(site_root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .route_service(
            "/favicon.ico",
            ServeFile::new(site_root.join("favicon.ico")),
        );
    // Pages and server functions answer within a minute; the live stream stays open.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(axum::middleware::map_response(
            crate::http::server_fn_status::bad_arguments,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ));
    let portal = Router::new()
        .route("/live", get(crate::http::live::stream))
        .route("/attachments/{id}", get(crate::http::attachments::serve))
        .route(
            "/conversations/{id}/{file}",
            get(crate::http::transcript::export),
        )
        .route("/audit/export.csv", get(crate::http::audit_export::export))
        .route(
            "/insights/reports.csv",
            get(crate::http::report_export::export),
        )
        .route(
            "/privacy/subjects/{id}/export.zip",
            get(crate::http::subject_export::export),
        )
        .route(
            "/conversations/{id}/attachments",
            // A large file on a slow line takes minutes, but a stalled one is dropped.
            post(crate::http::agent_files::upload).layer(
                ServiceBuilder::new()
                    .layer(TimeoutLayer::with_status_code(
                        StatusCode::REQUEST_TIMEOUT,
                        UPLOAD_TIMEOUT,
                    ))
                    .layer(RequestBodyTimeoutLayer::new(UPLOAD_STALL_TIMEOUT))
                    .layer(DefaultBodyLimit::max(
                        crate::http::agent_files::UPLOAD_LIMIT,
                    )),
            ),
        )
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(
            state.db.clone(),
            current_user::resolve,
        ))
        .layer(sessions);

    Router::new()
        .merge(machines)
        .merge(assets)
        .merge(portal)
        .layer(axum::middleware::from_fn_with_state(
            state.allowed_origins.clone(),
            refuse_cross_origin,
        ))
        .layer(axum::middleware::from_fn(crate::http::security_headers::add))
        .layer(axum::middleware::from_fn_with_state(
            state.trusted_proxies.clone(),
            crate::http::client_address::resolve,
        ))
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, CounterRequestId::new()))
        .with_state(state)
}
