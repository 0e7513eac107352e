//! The server's integration suite: every repository/service test runs against SQLite and
//! PostgreSQL alike (`db_tests!`), and HTTP tests drive the real router with `oneshot`.

mod support;

mod account_lifecycle;
mod accounts;
mod acting;
mod audit;
mod backup;
mod callback;
mod contacts;
mod conversation_pages;
mod deploy;
mod engine;
mod files;
mod groups;
mod http;
mod insights;
mod line_openapi;
mod live;
mod privacy;
mod quotes;
mod read_receipts;
mod replies;
mod reports;
mod routing;
mod scale_seed;
mod schema;
mod search;
mod system;
mod two_paths;
mod upgrade;
mod users;
mod workstreams;
