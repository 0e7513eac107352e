//! Types shared by the linedesk server and the browser app. Everything here compiles to wasm:
//! ids, roles, DTOs, validation, errors and the ports (service traits) the server implements.
//! The one exception is the tz database (jiff), behind the `tz` feature: on by default, off in
//! the browser build (see `zone`).

pub mod access;
pub mod account;
pub mod agent;
pub mod audit;
pub mod automated;
pub mod bot;
pub mod contact;
pub mod conversation;
pub mod error;
pub mod file_type;
pub mod insights;
pub mod message;
pub mod operating_hours;
pub mod ports;
pub mod privacy;
pub mod problem;
mod problem_wire;
pub mod queue;
pub mod redirect;
pub mod role;
pub mod routing;
pub mod system;
pub mod text_enum;
pub mod time;
pub mod user;
pub mod validation;
pub mod workstream;
pub mod zone;

pub use error::{AppError, FieldErrors};
pub use problem::Problem;
pub use role::Role;
