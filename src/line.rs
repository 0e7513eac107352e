//! Talking to LINE: the Messaging API client and the webhook callback.

pub mod callback;
pub mod callback_cache;
pub mod client;
pub mod ingest;

/// The signature check and delivery parsing live in their own pure crate (tested, fuzzed).
pub use line_webhook::signature;
