//! `linedesk serve`: open the database, make the master key, print the setup link when the desk
//! is new, start background jobs and serve until SIGTERM / Ctrl-C.

use crate::config::Config;
use crate::crypto::MasterKey;
use crate::db::sessions::DbSessionStore;
use crate::db::{login_attempts, Db};
use crate::engine::wakers::Wakers;
use crate::engine::Engine;
use crate::http::listener::{self, ConnectionLimits};
use crate::http::metrics::Metrics;
use crate::http::origin::AllowedOrigins;
use crate::http::router::{self, AppState, AppStateFields};
use crate::line::client::LineClient;
use crate::live::Notifier;
use crate::services;
use crate::workers;
use anyhow::Context;
use domain::ports::Services;
use leptos::config::LeptosOptions;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

pub fn line_client(config: &Config) -> LineClient {
    LineClient::new(
        config.line_api_base.clone(),
        config.line_data_api_base.clone(),
    )
}

/// What the services and the workers share: the outbox waker and the live-update notifier.
pub fn engine(db: &Db, key: &MasterKey, config: &Config, live: &Notifier) -> Engine {
    Engine {
        db: db.clone(),
        key: key.clone(),
        line: line_client(config),
        live: live.clone(),
        media_dir: config.data_dir.join("attachments"),
        public_base: config.public_base(),
        routing: Default::default(),
        tokens: Default::default(),
        outbound: crate::net::outbound::Outbound::new(config.outbound_allow_hosts.clone()),
    }
}

pub fn services(
    db: &Db,
    key: &MasterKey,
    config: &Config,
    wakers: &Wakers,
    live: &Notifier,
) -> Services {
    let engine = engine(db, key, config, live);
    let accounts: Arc<dyn domain::account::AccountService> =
        Arc::new(services::accounts::Accounts {
            db: db.clone(),
            key: key.clone(),
            line: line_client(config),
            public_base: config.public_base(),
            engine: engine.clone(),
        });
    Services {
        system: Arc::new(services::system::System {
            db: db.clone(),
            line: line_client(config),
            accounts: accounts.clone(),
            public_base: config.public_base(),
            data_dir: config.data_dir.clone(),
        }),
        conversations: Arc::new(services::conversations::Conversations::new(
            engine.clone(),
            wakers.clone(),
        )),
        contacts: Arc::new(services::contacts::Contacts {
            engine: engine.clone(),
        }),
        users: Arc::new(services::users::Users { db: db.clone() }),
        audit: Arc::new(services::audit::AuditLog { db: db.clone() }),
        workstreams: Arc::new(services::workstreams::Workstreams { db: db.clone() }),
        routing: Arc::new(services::routing::Distribution {
            engine: engine.clone(),
            wakers: wakers.clone(),
        }),
        privacy: Arc::new(services::privacy::Privacy {
            engine: engine.clone(),
        }),
        insights: Arc::new(services::insights::Insights {
            engine: engine.clone(),
        }),
        accounts,
    }
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("linedesk"))
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.listen_addr)
        .build()
}

pub fn app_state(config: &Config, db: Db, key: MasterKey, live: Notifier) -> AppState {
    let wakers = Wakers::default();
    AppState::new(AppStateFields {
        leptos: leptos_options(config),
        media_dir: config.data_dir.join("attachments"),
        services: services(&db, &key, config, &wakers, &live),
        live,
        ingest: crate::line::ingest::Ingest::start(db.clone(), wakers.events.clone()),
        callback_cache: Default::default(),
        wakers,
        master_key: key,
        db,
        metrics: Arc::new(Metrics::with_token(config.metrics_token.clone())),
        allowed_origins: AllowedOrigins::of(&config.public_url),
        secure_cookies: config.secure_cookies(),
        session_idle_minutes: config.session_idle_minutes,
        trusted_proxies: crate::http::client_address::TrustedProxies(
            config.trusted_proxies.clone().into(),
        ),
    })
}

/// A client must send a whole request head within this (browsers and LINE take milliseconds).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// After SIGTERM, requests in flight get this long; open live streams are then closed.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

pub async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let shutdown = shutdown_signal();
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating DATA_DIR {}", config.data_dir.display()))?;
    let key = MasterKey::load_or_create(&config.secret_key_file)?;
    let db = Db::open(&config.database_url).await?;
    if !config.site_root.join("pkg").exists() {
        tracing::warn!(site_root = %config.site_root.display(), "no browser bundle found: pages will render but not hydrate (build with `make build`)");
    }

    let listener = tokio::net::TcpListener::bind(config.listen_addr)
        .await
        .with_context(|| format!("listening on LISTEN_ADDR {}", config.listen_addr))?;
    tracing::info!(url = %config.public_base(), "linedesk is serving");
    if let Some(link) = crate::setup::setup_link_if_needed(&db, &config.public_base()).await? {
        // Printed on stdout (not only the log) so that a person and a script can both find it.
        println!(
            "\nNo users yet. Create the first administrator here (valid for {} minutes):\n  {link}\n",
            crate::setup::SETUP_LINK_MINUTES
        );
    }

    spawn_housekeeping(db.clone());
    let live = Notifier::for_database(&db, &config.database_url).await?;
    let state = app_state(&config, db.clone(), key.clone(), live.clone());
    if config.workers {
        workers::release_claims_after_restart(&db).await?;
        workers::spawn(engine(&db, &key, &config, &live), state.wakers.clone())?;
    } else {
        tracing::info!("workers are off (WORKERS=off): another process applies events and sends");
    }
    let app = router::build(state);
    let limits = ConnectionLimits {
        header_read_timeout: HEADER_READ_TIMEOUT,
        max_connections: config.max_connections,
        shutdown_grace: SHUTDOWN_GRACE,
    };
    listener::serve(listener, app, limits, shutdown).await;
    tracing::info!("linedesk stopped");
    Ok(ExitCode::SUCCESS)
}

/// Expired sessions and old sign-in attempts are deleted every few minutes.
fn spawn_housekeeping(db: Db) {
    if db.backend == crate::db::Backend::Sqlite {
        crate::db::sqlite::checkpointer::spawn(db.clone());
    }
    tokio::spawn(async move {
        let store = DbSessionStore::new(db.pool.clone());
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            if let Err(err) = store.delete_expired().await {
                tracing::warn!(%err, "could not delete expired sessions");
            }
            let week_ago = crate::clock::now_ms() - 7 * 24 * 3600 * 1000;
            if let Err(err) = login_attempts::delete_older_than(&db.pool, week_ago).await {
                tracing::warn!(%err, "could not delete old sign-in attempts");
            }
        }
    });
}

/// Resolves on SIGTERM or Ctrl-C; in-flight requests then finish before the process exits.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    // The handlers are installed here, synchronously, not when the future is first polled: the
    // port accepts connections from the moment it is bound, and a SIGTERM sent then (by a
    // supervisor that saw the port open) would otherwise still kill the process outright.
    #[cfg(unix)]
    let (mut terminate, mut interrupt) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let terminate = async {
                match terminate.as_mut() {
                    Some(signal) => signal.recv().await,
                    None => std::future::pending().await,
                }
            };
            let interrupt = async {
                match interrupt.as_mut() {
                    Some(signal) => signal.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = terminate => {},
                _ = interrupt => {},
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing requests in flight");
    }
}
