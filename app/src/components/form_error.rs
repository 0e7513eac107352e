use domain::AppError;
use leptos::prelude::*;

/// The message for a failed submission that is not about one field (or a summary when it is).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|err| {
            view! { <div class="alert alert--error" role="alert">{err.to_string()}</div> }
        })
    }
}

/// The error of an action's last result, if it failed.
pub fn last_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|result| result.err()))
}

/// The message for one field from an action's last error.
pub fn field_error<T, S>(value: S, field: &'static str) -> Signal<Option<String>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        value
            .get()
            .and_then(|result| result.err())
            .and_then(|err| err.field(field))
    })
}

/// The error of an action's last result when it is not about single fields (those show under
/// their fields): throttling, conflicts, outages.
pub fn general_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    let last = last_error(value);
    Signal::derive(move || {
        last.get()
            .filter(|err| !matches!(err, AppError::Invalid(_)))
    })
}
