//! SQLite's own write path, beside the portable sqlx repositories. Everything here exists for
//! speed, and only on SQLite: sqlx runs a SQLite connection on a thread of its own and hands
//! every statement's rows and result across one by one, each hand-off a thread wake-up, and on
//! the callback and the event worker those wake-ups cost more than the SQL (perf: ~45 % of the
//! worker's CPU against ~5 % executing SQL; the callback's throughput halved). So the callback's
//! group commit (`callback_writer`) and the event worker's chat write and claims (`direct`,
//! `chat_append`, `event_claims`) run through rusqlite on the calling thread, with the same SQL
//! as the sqlx statements; `callback_first` lets the callback's writes go first, and
//! `checkpointer` keeps WAL checkpoints out of commits. The figures are in bench/ANALYSIS.md
//! (sessions 11, 13, 15, 16 and 17). PostgreSQL writes everything through sqlx, and so can SQLite
//! (`Db::without_direct_writes`): the suite records the same messages both ways and compares
//! the rows (tests/suite/two_paths.rs).

pub mod callback_first;
pub mod callback_writer;
pub mod chat_append;
pub mod checkpointer;
pub mod connection;
pub mod direct;
pub mod event_claims;
pub mod rows;
