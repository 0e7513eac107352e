use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::collections::BTreeMap;
use std::fmt;

/// What is wrong with individual form fields, keyed by the field's name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, Problem>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes `problem` on `field`, unless the field has one already (the first one stays).
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.entry(field.to_string()).or_insert(problem);
    }

    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.get(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was wrong, otherwise the collected problems as an error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }

    pub fn single(field: &str, problem: Problem) -> AppError {
        let mut errors = Self::new();
        errors.add(field, problem);
        AppError::Invalid(errors)
    }
}

/// The one error type of every server function and service. It carries codes, never
/// sentences: the browser words them in the reader's language (the portal's `error`
/// catalogue); `Display` is the English wording for logs, the CLI and plain-text answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    Unauthorized,
    Forbidden,
    NotFound(Problem),
    Invalid(FieldErrors),
    Conflict(Problem),
    Throttled(Problem),
    /// Internal details are logged on the server; this is the reference to them.
    Internal(String),
    /// Transport problems between the browser and the server (offline, bad request shape).
    Request(String),
}

impl AppError {
    /// The sentence this error stands for (the one `Display` words in English).
    pub fn problem(&self) -> Problem {
        match self {
            AppError::Unauthorized => Problem::SignIn,
            AppError::Forbidden => Problem::Forbidden,
            AppError::Invalid(_) => Problem::FieldsNeedAttention,
            AppError::NotFound(problem)
            | AppError::Conflict(problem)
            | AppError::Throttled(problem) => problem.clone(),
            AppError::Internal(reference) => Problem::Internal {
                reference: reference.clone(),
            },
            AppError::Request(detail) => Problem::Request {
                detail: detail.clone(),
            },
        }
    }

    /// The problem with one field, when this is a validation error.
    pub fn field_problem(&self, name: &str) -> Option<&Problem> {
        match self {
            AppError::Invalid(errors) => errors.get(name),
            _ => None,
        }
    }

    /// The message for one field in English, when this is a validation error.
    pub fn field(&self, name: &str) -> Option<String> {
        self.field_problem(name).map(Problem::to_string)
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

impl fmt::Display for AppError {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::NotFound(problem)
            | AppError::Conflict(problem)
            | AppError::Throttled(problem) => problem.fmt(out),
            other => other.problem().fmt(out),
        }
    }
}

impl std::error::Error for AppError {}

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
        errors.add("email", Problem::EnterEmail);
        errors.add("email", Problem::EmailLike);
        let err = errors.into_result().unwrap_err();
        assert_eq!(err.field_problem("email"), Some(&Problem::EnterEmail));
        assert_eq!(
            err.field("email").as_deref(),
            Some("Enter an email address.")
        );
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

    #[test]
    fn english_wording_is_unchanged() {
        assert_eq!(
            AppError::Unauthorized.to_string(),
            "Please sign in to continue."
        );
        assert_eq!(
            AppError::Forbidden.to_string(),
            "You don't have permission to do that."
        );
        assert_eq!(
            AppError::Invalid(FieldErrors::new()).to_string(),
            "Some fields need your attention."
        );
        assert_eq!(
            AppError::NotFound(Problem::UserNotFound).to_string(),
            "That user was not found."
        );
        assert_eq!(
            AppError::Request("offline".into()).to_string(),
            "The request could not be completed: offline"
        );
    }
}
