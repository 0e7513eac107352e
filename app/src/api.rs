//! Server functions, grouped by area, named verb_noun. Each one checks the caller's role on the
//! server before it does anything, and has a stable URL under /api/.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod contacts;
pub mod conversations;
#[cfg(test)]
mod form_post;
pub mod insights;
pub mod preferences;
pub mod privacy;
pub mod routing;
pub mod system;
pub mod time_zones;
pub mod users;
pub mod workstreams;
