//! Talking to LINE: the Messaging API client and the webhook callback.

pub mod callback;
pub mod client;
pub mod signature;
