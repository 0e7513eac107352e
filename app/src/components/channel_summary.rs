//! A LINE channel's choices at a glance: the Set up LINE summary page and the workstream page
//! both show it, so it lives here rather than in either page.

use crate::api::workstreams::line_setup_url;
use crate::i18n::*;
use domain::automated::Trigger;
use domain::workstream::{effective_message, LineChannelView, SurveyMode, WorkstreamSettings};
use leptos::prelude::*;

/// A customer-facing language (`domain::automated::LANGUAGES`, by code) named in the reader's
/// language; an unknown code reads as English, as `language_label` does.
pub fn language_name(locale: Locale, code: &str) -> String {
    match code {
        "ja" => td_string!(locale, channel_summary.language_name.ja).to_string(),
        "th" => td_string!(locale, channel_summary.language_name.th).to_string(),
        "zh-TW" => td_string!(locale, channel_summary.language_name.zh_tw).to_string(),
        "it" => td_string!(locale, channel_summary.language_name.it).to_string(),
        _ => td_string!(locale, channel_summary.language_name.en).to_string(),
    }
}

/// A LINE profile's language as agents read it: "Thai (th)" in the reader's language, or the
/// tag itself when it is not a desk language ("ko"); `domain::automated::describe_language`
/// in English.
pub fn describe_language(locale: Locale, tag: &str) -> String {
    match domain::automated::desk_language(tag) {
        Some(code) => format!("{} ({tag})", language_name(locale, code)),
        None => tag.to_string(),
    }
}

/// An automated message's trigger by the product's name for it, in the reader's language.
pub fn trigger_name(locale: Locale, trigger: Trigger) -> String {
    match trigger {
        Trigger::Greeting => td_string!(locale, channel_summary.trigger.greeting).to_string(),
        Trigger::AgentAssigned => {
            td_string!(locale, channel_summary.trigger.agent_assigned).to_string()
        }
        Trigger::NoAgent => td_string!(locale, channel_summary.trigger.no_agent).to_string(),
        Trigger::AgentEnded => td_string!(locale, channel_summary.trigger.agent_ended).to_string(),
        Trigger::QueuePosition => {
            td_string!(locale, channel_summary.trigger.queue_position).to_string()
        }
        Trigger::OutOfHours => td_string!(locale, channel_summary.trigger.out_of_hours).to_string(),
        Trigger::SessionEnded => {
            td_string!(locale, channel_summary.trigger.session_ended).to_string()
        }
        Trigger::AttachmentRefused => {
            td_string!(locale, channel_summary.trigger.attachment_refused).to_string()
        }
    }
}

fn yes_no(locale: Locale, on: bool) -> &'static str {
    if on {
        td_string!(locale, channel_summary.on)
    } else {
        td_string!(locale, channel_summary.off)
    }
}

/// Every choice of a LINE channel; with `edit_links`, each section links back to its page.
#[component]
pub fn ChannelSummary(
    workstream_id: i64,
    channel: LineChannelView,
    settings: WorkstreamSettings,
    edit_links: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = channel.config.clone();
    // `what` names the section for screen readers: "Edit LINE account" and so on.
    let edit = move |step: &'static str, what: fn(Locale) -> &'static str| {
        edit_links.then(|| view! {
            <a class="button button--small button--ghost" href=format!("{}&from=summary", line_setup_url(workstream_id, step)) aria-label=move || what(i18n.get_locale())>{t!(i18n, channel_summary.edit)}</a>
        })
    };
    let messages = Trigger::ALL
        .into_iter()
        .map(|t| {
            let (on, _) = effective_message(&config, &settings, t);
            let own_text = config.messages.get(&t).is_some_and(|s| s.text.is_some());
            let text = move |locale: Locale| match (on, own_text) {
                (false, _) => td_string!(locale, channel_summary.off),
                (true, true) => td_string!(locale, channel_summary.on_custom),
                (true, false) => td_string!(locale, channel_summary.on_default),
            };
            view! { <li>{t!(i18n, channel_summary.message_line, trigger = move || trigger_name(i18n.get_locale(), t), state = move || text(i18n.get_locale()))}</li> }
        })
        .collect_view();
    let survey = &config.survey;
    let survey_text = if !survey.enabled {
        t!(i18n, channel_summary.off).into_any()
    } else if survey.mode == SurveyMode::Link {
        t!(
            i18n,
            channel_summary.survey_link,
            url = survey.link_url.clone()
        )
        .into_any()
    } else {
        t!(i18n, channel_summary.survey_in_conversation).into_any()
    };
    let language = config.language.clone();
    let languages = config.languages.clone();
    let language_text = {
        let first = move || language_name(i18n.get_locale(), &language);
        let also = (!languages.is_empty()).then(|| {
            let list = move || {
                let locale = i18n.get_locale();
                languages
                    .iter()
                    .map(|l| language_name(locale, l))
                    .collect::<Vec<_>>()
                    .join(td_string!(locale, channel_summary.separator))
            };
            view! { " "{t!(i18n, channel_summary.also, languages = list)} }
        });
        view! { {first}{also} }
    };
    let a = &config.attachments;
    let (enabled, customers, agents) = (a.enabled, a.customers_can_send, a.agents_can_send);
    let blocked = a.blocked_extensions.join(", ");
    let attachments_text = t!(
        i18n,
        channel_summary.attachments_line,
        enabled = move || yes_no(i18n.get_locale(), enabled),
        customers = move || yes_no(i18n.get_locale(), customers),
        agents = move || yes_no(i18n.get_locale(), agents),
        size = a.max_size_mb,
        blocked = move || if blocked.is_empty() {
            t_string!(i18n, channel_summary.none).to_string()
        } else {
            blocked.clone()
        }
    );
    let account_name = channel.account_name.clone();
    view! {
        <dl class="facts summary" data-testid="line-summary">
            <dt>{t!(i18n, channel_summary.line_account)}</dt>
            <dd>{move || account_name.clone().unwrap_or_else(|| t_string!(i18n, channel_summary.account_deleted).to_string())}{channel.bot_basic_id.clone().map(|b| format!(" ({b})"))}" "{edit("account", |l| td_string!(l, channel_summary.edit_account))}</dd>
            <dt>{t!(i18n, channel_summary.language)}</dt>
            <dd data-testid="summary-language">{language_text}" "{edit("language", |l| td_string!(l, channel_summary.edit_language))}</dd>
            <dt>{t!(i18n, channel_summary.automated_messages)}</dt>
            <dd><ul class="plain-list">{messages}</ul>{edit("behaviors", |l| td_string!(l, channel_summary.edit_messages))}</dd>
            <dt>{t!(i18n, channel_summary.survey)}</dt>
            <dd>{survey_text}" "{edit("behaviors", |l| td_string!(l, channel_summary.edit_survey))}</dd>
            <dt>{t!(i18n, channel_summary.attachments)}</dt>
            <dd>
                {attachments_text}
                " "{edit("features", |l| td_string!(l, channel_summary.edit_features))}
            </dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::automated::LANGUAGES;

    /// English reads as the domain's own names (the end-to-end tests look for them).
    #[test]
    fn trigger_and_language_labels_read_as_the_domain_does() {
        for trigger in Trigger::ALL {
            assert_eq!(trigger_name(Locale::en, trigger), trigger.label());
        }
        for (code, label) in LANGUAGES {
            assert_eq!(language_name(Locale::en, code), *label);
        }
        assert_eq!(language_name(Locale::ja, "th"), "タイ語");
        for tag in ["th", "zh-Hant", "en-US", "ko"] {
            assert_eq!(
                describe_language(Locale::en, tag),
                domain::automated::describe_language(tag)
            );
        }
        assert_eq!(describe_language(Locale::ja, "th"), "タイ語 (th)");
    }
}
