//! Network rules for requests linedesk makes to addresses it is given.

pub mod outbound;
