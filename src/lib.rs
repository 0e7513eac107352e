//! The linedesk server: configuration, database, authentication, HTTP and the services the
//! portal's server functions call.

pub mod auth;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod engine;
pub mod error;
pub mod http;
pub mod line;
pub mod live;
pub mod net;
pub mod private_files;
pub mod server;
pub mod services;
pub mod setup;
pub mod short_cache;
pub mod telemetry;
pub mod workers;
