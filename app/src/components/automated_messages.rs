use domain::automated::Trigger;
use domain::AppError;
use leptos::prelude::*;

/// One row per automated-message trigger: a "send it" checkbox and the text, named
/// `{trigger}_on` and `{trigger}_text` for the form. `messages` holds each trigger's current
/// (enabled, text); errors from the last submission show under their trigger.
#[component]
pub fn AutomatedMessageFields(
    messages: Vec<(Trigger, bool, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    messages
        .into_iter()
        .map(|(trigger, enabled, text)| {
            let key = trigger.key();
            let message = move || {
                error
                    .get()
                    .and_then(|e| crate::components::form_error::field_message(&e, trigger.field()))
            };
            view! {
                <div class="automated" class:field--invalid=move || message().is_some() data-trigger=key>
                    <label class="checkbox"><input type="checkbox" name=format!("{key}_on") checked=enabled/>" "<strong>{trigger.label()}</strong></label>
                    <label class="visually-hidden" for=format!("field-{key}_text")>{format!("{} text", trigger.label())}</label>
                    <textarea id=format!("field-{key}_text") name=format!("{key}_text") rows="2">{text}</textarea>
                    <p class="field__error" role="alert">{message}</p>
                </div>
            }
        })
        .collect_view()
}
