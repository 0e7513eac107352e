//! One page per file, named as in the product.

pub mod audit;
pub mod home;
pub mod login;
pub mod not_found;
pub mod setup;
pub mod users;
