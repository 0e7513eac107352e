//! LINE webhook deliveries, before anything is stored: the signature check and the parse the
//! callback does on every request. No I/O, so it is tested with LINE's fixtures and fuzzed.

pub mod delivery;
pub mod signature;

pub use delivery::{chat, parse, Event, Malformed};
