//! One page per file, named as in the product.

pub mod account;
pub mod account_wizard;
pub mod accounts;
pub mod agents;
pub mod audit;
pub mod bot;
pub mod channels;
pub mod contact;
pub mod contacts;
pub mod conversation;
pub mod conversations;
pub mod history;
pub mod home;
pub mod line_setup;
pub mod login;
pub mod not_found;
pub mod preferences;
pub mod privacy;
pub mod queues;
pub mod raw_events;
pub mod routing;
pub mod setup;
pub mod users;
pub mod workstream;
pub mod workstream_new;
pub mod workstreams;
