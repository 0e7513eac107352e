use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::collections::BTreeMap;

/// Messages for individual form fields, keyed by the field's name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was wrong, otherwise the collected messages as an error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }

    pub fn single(field: &str, message: impl Into<String>) -> AppError {
        let mut errors = Self::new();
        errors.add(field, message);
        AppError::Invalid(errors)
    }
}

/// The one error type of every server function and service. Its `Display` is what a person
/// reads; internal details are logged on the server and replaced by a reference here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You don't have permission to do that.")]
    Forbidden,
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("Some fields need your attention.")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Throttled(String),
    #[error("Something went wrong on our side (reference {0}). Please try again.")]
    Internal(String),
    /// Transport problems between the browser and the server (offline, bad request shape).
    #[error("The request could not be completed: {0}")]
    Request(String),
}

impl AppError {
    /// The message for one field, when this is a validation error.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors.get(name).map(str::to_owned),
            _ => None,
        }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Throttled(_) => 429,
            AppError::Internal(_) => 500,
            AppError::Request(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_keep_the_first_message_per_field() {
        let mut errors = FieldErrors::new();
        errors.add("email", "first");
        errors.add("email", "second");
        let err = errors.into_result().unwrap_err();
        assert_eq!(err.field("email").as_deref(), Some("first"));
        assert_eq!(err.status(), 422);
    }

    #[test]
    fn internal_errors_show_only_a_reference() {
        let err = AppError::Internal("abc123".into());
        assert_eq!(
            err.to_string(),
            "Something went wrong on our side (reference abc123). Please try again."
        );
    }
}
