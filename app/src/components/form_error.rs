use crate::error_text;
use crate::i18n::*;
use domain::AppError;
use leptos::prelude::*;

/// The message for a failed submission, in the reader's language; for field problems, each
/// field's message (forms that show messages under their fields pass `general_error` instead).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|err| {
            let locale = i18n.get_locale();
            let text = match &err {
                // Small row forms show nothing under their fields: what is wrong is said here.
                AppError::Invalid(fields) if !fields.is_empty() => fields
                    .0
                    .values()
                    .map(|problem| error_text::problem_text(locale, problem))
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => error_text::error_text(locale, &err),
            };
            view! { <div class="alert alert--error" role="alert">{text}</div> }
        })
    }
}

/// `err` in the reader's language, for views that show an error themselves (a list that did
/// not load): `{move || error_message(&err)}`. Call it inside a component (it reads the
/// language from context).
pub fn error_message(err: &AppError) -> String {
    error_text::error_text(use_i18n().get_locale(), err)
}

/// The message for `field` in `err`, in the reader's language (for views that show field
/// errors without `field_error`).
pub fn field_message(err: &AppError, field: &str) -> Option<String> {
    let problem = err.field_problem(field)?;
    Some(error_text::problem_text(use_i18n().get_locale(), problem))
}

/// The problem a query string carries (the upload endpoint redirects with `file_error`), in
/// the reader's language.
pub fn query_problem_message(raw: &str) -> String {
    error_text::query_problem_text(use_i18n().get_locale(), raw)
}

/// The error of an action's last result, if it failed.
pub fn last_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|result| result.err()))
}

/// The message for one field from an action's last error, in the reader's language.
pub fn field_error<T, S>(value: S, field: &'static str) -> Signal<Option<String>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    Signal::derive(move || {
        let err = value.get().and_then(|result| result.err())?;
        let problem = err.field_problem(field)?;
        Some(error_text::problem_text(i18n.get_locale(), problem))
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

/// Empties `form` after each success of `action`, ready for the next one; a refused submission
/// keeps what was typed. (Without JavaScript the page comes back fresh anyway.)
pub fn reset_after_success<S>(action: ServerAction<S>, form: NodeRef<leptos::html::Form>)
where
    S: server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    Effect::new(move |seen: Option<usize>| {
        let version = action.version().get();
        let succeeded = action.value().with_untracked(|v| matches!(v, Some(Ok(_))));
        if seen.is_some_and(|s| s != version) && succeeded {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
        version
    });
}
