//! LINE webhook deliveries: the signature check and the parse the callback does on every request
//! (`delivery`), and a stored event read into types for the engine (`event`). No I/O, so it is
//! tested with LINE's fixtures and fuzzed.

pub mod delivery;
pub mod event;
pub mod signature;

pub use delivery::{parse, Event, Malformed};
