//! Turning internal failures into the `AppError` people see: the details go to the log with a
//! short reference, the person gets the reference and a clear sentence.

use domain::{AppError, FieldErrors, Problem};
use rand::Rng;
use std::fmt::Display;

/// Logs `err` with a fresh reference and returns the error a person may read.
pub fn internal(err: impl Display) -> AppError {
    let reference: String = {
        let mut rng = rand::thread_rng();
        (0..8)
            .map(|_| char::from(b"abcdefghjkmnpqrstuvwxyz23456789"[rng.gen_range(0..31)]))
            .collect()
    };
    tracing::error!(reference = %reference, error = %err, "internal error");
    AppError::Internal(reference)
}

pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, AppError>;
}

impl<T, E: Display> OrInternal<T> for Result<T, E> {
    fn or_internal(self) -> Result<T, AppError> {
        self.map_err(internal)
    }
}

/// True when the database refused a write because of a UNIQUE constraint (either backend).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}

/// A unique-constraint violation becomes a message on `field`; anything else is internal.
pub fn unique_as_field(err: sqlx::Error, field: &str, problem: Problem) -> AppError {
    if is_unique_violation(&err) {
        FieldErrors::single(field, problem)
    } else {
        internal(err)
    }
}
