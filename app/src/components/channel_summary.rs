//! A LINE channel's choices at a glance: the Set up LINE summary page and the workstream page
//! both show it, so it lives here rather than in either page.

use crate::api::workstreams::line_setup_url;
use domain::automated::{language_label, Trigger};
use domain::workstream::{effective_message, LineChannelView, SurveyMode, WorkstreamSettings};
use leptos::prelude::*;

fn yes_no(on: bool) -> &'static str {
    if on {
        "On"
    } else {
        "Off"
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
    let config = channel.config.clone();
    let edit = move |step: &'static str, what: &'static str| {
        edit_links.then(|| view! {
            <a class="button button--small button--ghost" href=format!("{}&from=summary", line_setup_url(workstream_id, step)) aria-label=format!("Edit {what}")>"Edit"</a>
        })
    };
    let messages = Trigger::ALL
        .into_iter()
        .map(|t| {
            let (on, _) = effective_message(&config, &settings, t);
            let own_text = config.messages.get(&t).is_some_and(|s| s.text.is_some());
            let text = match (on, own_text) {
                (false, _) => "Off",
                (true, true) => "On, custom text",
                (true, false) => "On, default text",
            };
            view! { <li>{format!("{}: {text}", t.label())}</li> }
        })
        .collect_view();
    let survey = &config.survey;
    let survey_text = if !survey.enabled {
        "Off".to_string()
    } else if survey.mode == SurveyMode::Link {
        format!("Send a link: {}", survey.link_url)
    } else {
        "In the conversation (ratings 1-5, optional comment)".to_string()
    };
    let a = &config.attachments;
    view! {
        <dl class="facts summary" data-testid="line-summary">
            <dt>"LINE account"</dt>
            <dd>{channel.account_name.clone().unwrap_or_else(|| "— (account deleted)".into())}{channel.bot_basic_id.clone().map(|b| format!(" ({b})"))}" "{edit("account", "LINE account")}</dd>
            <dt>"Language"</dt>
            <dd data-testid="summary-language">{language_label(&config.language)}{(!config.languages.is_empty()).then(|| format!(" (also {})", config.languages.iter().map(|l| language_label(l)).collect::<Vec<_>>().join(", ")))}" "{edit("language", "language")}</dd>
            <dt>"Automated messages"</dt>
            <dd><ul class="plain-list">{messages}</ul>{edit("behaviors", "automated messages")}</dd>
            <dt>"Post-conversation survey"</dt>
            <dd>{survey_text}" "{edit("behaviors", "survey")}</dd>
            <dt>"File attachments"</dt>
            <dd>
                {format!("{} · customers can send: {} · agents can send: {} · up to {} MB · blocked: {}",
                    yes_no(a.enabled), yes_no(a.customers_can_send), yes_no(a.agents_can_send), a.max_size_mb,
                    if a.blocked_extensions.is_empty() { "none".to_string() } else { a.blocked_extensions.join(", ") })}
                " "{edit("features", "user features")}
            </dd>
        </dl>
    }
}
