//! Fault tests with real linedesk processes: SIGKILL under webhook load, the fake LINE platform
//! failing during sends, PostgreSQL going away during load, and two processes on one database.

mod crash;
mod desk;
mod line_faults;
mod live_client;
mod pg_cluster;
mod postgres_outage;
mod scale_out;

use linedesk::db::Db;
use linedesk::engine::Engine;
use std::path::Path;

/// An engine on the same database and key as the processes under test, for queueing replies
/// the way an agent's reply is queued (the processes' workers send them).
pub fn engine_for(db: &Db, key_file: &Path, line_api: &str) -> Engine {
    let base: url::Url = line_api.parse().unwrap();
    Engine {
        db: db.clone(),
        key: linedesk::crypto::MasterKey::load_or_create(key_file).unwrap(),
        line: linedesk::line::client::LineClient::new(base.clone(), base),
        live: linedesk::live::Notifier::local(),
        public_base: "http://127.0.0.1".into(),
        routing: Default::default(),
        tokens: Default::default(),
        outbound: linedesk::net::outbound::Outbound::new(Default::default()),
        media_dir: std::env::temp_dir().join("linedesk-faults-media"),
    }
}
