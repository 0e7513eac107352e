//! For tests of server functions whose forms post flat fields: a post read as server_fn reads
//! it, and what the browser sends for the same arguments.

use serde::{de::DeserializeOwned, Serialize};

/// A form post read into a server function's arguments, as server_fn reads it.
pub fn read<T: DeserializeOwned>(posted: &str) -> Result<T, serde_qs::Error> {
    serde_qs::Config::new(5, false).deserialize_str(posted)
}

/// What the browser posts for `args`. Fails the test when a name comes out nested
/// (`form[name]`), which the server would not read.
pub fn sent<T: Serialize>(args: &T) -> String {
    let sent = serde_qs::to_string(args).unwrap();
    assert!(!sent.contains('['), "{sent}");
    sent
}
