//! Talking to LINE: the Messaging API client and the webhook callback.

pub mod callback;
pub mod client;

/// The signature check and delivery parsing live in their own pure crate (tested, fuzzed).
pub use line_webhook::signature;
