//! The role sets of the conversation server functions. Server side only.

use domain::Role;

pub const STAFF: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent];
/// Staff, and auditors (the service lets them read only under a transcript grant).
pub const READERS: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent, Role::Auditor];
