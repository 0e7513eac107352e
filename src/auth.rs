//! Authentication: password hashing, the session layer and resolving the current user.

pub mod current_user;
pub mod password;
pub mod reader;
