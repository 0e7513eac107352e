use crate::i18n::*;
use domain::automated::Trigger;
use domain::AppError;
use leptos::prelude::*;

/// A trigger's name in the reader's language (the product's words for it).
pub fn trigger_label(locale: Locale, trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::Greeting => td_string!(locale, automated_messages.trigger.greeting),
        Trigger::AgentAssigned => td_string!(locale, automated_messages.trigger.agent_assigned),
        Trigger::NoAgent => td_string!(locale, automated_messages.trigger.no_agent),
        Trigger::AgentEnded => td_string!(locale, automated_messages.trigger.agent_ended),
        Trigger::QueuePosition => td_string!(locale, automated_messages.trigger.queue_position),
        Trigger::OutOfHours => td_string!(locale, automated_messages.trigger.out_of_hours),
        Trigger::SessionEnded => td_string!(locale, automated_messages.trigger.session_ended),
        Trigger::AttachmentRefused => {
            td_string!(locale, automated_messages.trigger.attachment_refused)
        }
    }
}

/// A customer language (`domain::automated::LANGUAGES` code) named in the reader's language;
/// an unknown code reads as English, as `domain::automated::language_label` does.
pub fn language_name(locale: Locale, code: &str) -> &'static str {
    match code {
        "ja" => td_string!(locale, automated_messages.language.ja),
        "th" => td_string!(locale, automated_messages.language.th),
        "zh-TW" => td_string!(locale, automated_messages.language.zh_tw),
        "it" => td_string!(locale, automated_messages.language.it),
        _ => td_string!(locale, automated_messages.language.en),
    }
}

/// One row per automated-message trigger: a "send it" checkbox and the text, named
/// `{trigger}_on` and `{trigger}_text` for the form. `messages` holds each trigger's current
/// (enabled, text); errors from the last submission show under their trigger.
#[component]
pub fn AutomatedMessageFields(
    messages: Vec<(Trigger, bool, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    messages
        .into_iter()
        .map(|(trigger, enabled, text)| {
            let key = trigger.key();
            let message = move || error.get().and_then(|e| crate::components::form_error::field_message(&e, trigger.field()));
            let label = move || trigger_label(i18n.get_locale(), trigger);
            view! {
                <div class="automated" class:field--invalid=move || message().is_some() data-trigger=key>
                    <label class="checkbox"><input type="checkbox" name=format!("{key}_on") checked=enabled/>" "<strong>{label}</strong></label>
                    <label class="visually-hidden" for=format!("field-{key}_text")>{t!(i18n, automated_messages.text_label, trigger = label)}</label>
                    <textarea id=format!("field-{key}_text") name=format!("{key}_text") rows="2">{text}</textarea>
                    <p class="field__error" role="alert">{message}</p>
                </div>
            }
        })
        .collect_view()
}
