//! The desk's left pane: offers, the agent's conversations and the queues' waiting work, each
//! row with the customer's latest message and how long they have waited for an answer.

use crate::components::assignment_bar::{TakeButtons, WorkActions};
use crate::components::avatar::Avatar;
use crate::i18n::*;
use crate::labels::fill;
use domain::conversation::{ConversationState, ConversationSummary};
use domain::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The list's sections, in order: what needs an answer from this user first.
fn section_of(c: &ConversationSummary) -> usize {
    if c.offer_expires_at.is_some() {
        0
    } else if c.mine {
        1
    } else if c.can_pick || (c.state == ConversationState::Waiting && c.assigned_to.is_none()) {
        2
    } else {
        3
    }
}

/// The sections' English names (the page's `data-section`, which tests and styles read).
const SECTIONS: [&str; 4] = [
    "Offered to you",
    "Yours",
    "Waiting in queues",
    "Other open conversations",
];

/// A section's title in the reader's language.
fn section_title(locale: Locale, section: usize) -> &'static str {
    match section {
        0 => td_string!(locale, conversation_list.section.offered),
        1 => td_string!(locale, conversation_list.section.yours),
        2 => td_string!(locale, conversation_list.section.waiting),
        _ => td_string!(locale, conversation_list.section.other),
    }
}

/// A conversation's state in the reader's language.
pub fn state_label(locale: Locale, state: ConversationState) -> &'static str {
    match state {
        ConversationState::Open => td_string!(locale, conversation_state.open),
        ConversationState::Active => td_string!(locale, conversation_state.active),
        ConversationState::Waiting => td_string!(locale, conversation_state.waiting),
        ConversationState::Wrapup => td_string!(locale, conversation_state.wrapup),
        ConversationState::Closed => td_string!(locale, conversation_state.closed),
    }
}

/// What the filter box matches: the customer, their contact, the preview, account and queue.
fn matches(c: &ConversationSummary, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    if filter.is_empty() {
        return true;
    }
    [
        Some(&c.customer_name),
        c.contact_name.as_ref(),
        c.last_customer_message.as_ref(),
        c.last_message.as_ref(),
        Some(&c.account_name),
        c.queue.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|text| text.to_lowercase().contains(&filter))
}

#[component]
pub fn ConversationList(
    list: Resource<Result<Vec<ConversationSummary>, AppError>>,
    work: WorkActions,
    /// The conversation open beside the list, if any.
    open: Signal<Option<i64>>,
) -> impl IntoView {
    // The filter is a GET form (?q=) so it works before the page's code runs; with it, typing
    // filters at once. Its value lives here, outside the rows that live updates redraw.
    let query = use_query_map();
    let filter = RwSignal::new(query.read_untracked().get("q").unwrap_or_default());
    let i18n = use_i18n();
    view! {
        <div class="desk__list-head">
            {move || if open.get().is_some() {
                view! { <h2 class="desk__title" id="desk-list-title">{t!(i18n, page.conversations)}</h2> }.into_any()
            } else {
                view! { <h1 class="desk__title" id="desk-list-title">{t!(i18n, page.conversations)}</h1> }.into_any()
            }}
            <form class="desk__filter" method="get" action="/conversations" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="conversation-filter" class="visually-hidden">{t!(i18n, conversation_list.filter_label)}</label>
                <input id="conversation-filter" type="search" name="q" placeholder=move || t_string!(i18n, conversation_list.filter_placeholder).to_string()
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))/>
            </form>
        </div>
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, conversation_list.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <div class="empty-state">
                            <h2>{t!(i18n, conversation_list.empty_title)}</h2>
                            <p class="muted">{t!(i18n, conversation_list.empty_hint)}</p>
                        </div>
                    }.into_any(),
                    Ok(rows) => SECTIONS.iter().enumerate().filter_map(|(i, title)| {
                        let rows: Vec<ConversationSummary> = rows.iter().filter(|c| section_of(c) == i).cloned().collect();
                        (!rows.is_empty()).then(|| view! {
                            <section class="inbox-section" data-section=*title aria-label=move || section_title(i18n.get_locale(), i)>
                                <h3 class="inbox-section__title">{format!("{} ({})", section_title(i18n.get_locale_untracked(), i), rows.len())}</h3>
                                <ul class="inbox">
                                    {rows.into_iter().map(|c| view! { <ConversationRow c work open filter/> }).collect_view()}
                                </ul>
                            </section>
                        })
                    }).collect_view().into_any(),
                    Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ConversationRow(
    c: ConversationSummary,
    work: WorkActions,
    open: Signal<Option<i64>>,
    filter: RwSignal<String>,
) -> impl IntoView {
    let id = c.id;
    let locale = use_i18n().get_locale_untracked();
    let who = if c.bot {
        Some(td_string!(locale, conversation_list.bot_answering).to_string())
    } else {
        c.assigned_to.clone().map(|a| {
            if c.mine {
                td_string!(locale, conversation_list.you).to_string()
            } else {
                a
            }
        })
    };
    // The customer's question, not the bot's or the agent's last line.
    let preview = c
        .last_customer_message
        .clone()
        .or_else(|| c.last_message.clone())
        .unwrap_or_default();
    let waited = c
        .waiting_since
        .filter(|_| !c.state.is_closed())
        .map(|since| crate::reader::waited(c.read_at - since));
    let hidden = {
        let c = c.clone();
        move || !matches(&c, &filter.get())
    };
    view! {
        <li class="inbox__item" class:hidden=hidden>
            <a class="inbox__row" href=format!("/conversations/{id}") data-conversation=id
                aria-current=move || (open.get() == Some(id)).then_some("page")>
                <Avatar name=c.customer_name.clone() picture=c.picture_url.clone()/>
                <span class="inbox__main">
                    <span class="inbox__name">{c.customer_name.clone()}
                        {(c.unread > 0).then(|| view! { <span class="badge badge--unread" data-testid="unread" aria-label=fill(td_string!(locale, conversation_list.unanswered), &[("count", &c.unread.to_string())])>{c.unread}</span> })}</span>
                    <span class="inbox__last" data-testid="preview">
                        {c.mentioned.then(|| view! { <span class="badge badge--mention" data-testid="mentioned">{td_string!(locale, conversation_list.mentioned)}</span>" "})}
                        {preview}
                    </span>
                    <span class="inbox__meta">
                        {waited.map(|w| view! { <span class="inbox__waited" data-testid="waited">{td!(locale, conversation_list.waiting, time = w)}</span> })}
                        <span class=format!("badge badge--state-{}", c.state)>{state_label(locale, c.state)}</span>
                        {c.queue.clone().map(|q| view! { <span>{q}</span> })}
                        {who.map(|w| view! { <span data-testid="assigned">{w}</span> })}
                        <span>{c.account_name.clone()}</span>
                        {c.account_deleted.then(|| view! { <span class="badge badge--muted">{td_string!(locale, conversation_list.account_deleted)}</span> })}
                        <span class="nowrap">{crate::reader::datetime(c.last_message_at)}</span>
                    </span>
                </span>
            </a>
            <div class="inbox__actions"><TakeButtons summary=c.clone() actions=work/></div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(name: &str, question: Option<&str>) -> ConversationSummary {
        serde_json::from_value(serde_json::json!({
            "id": 1, "account_name": "Japan OA", "customer_name": name, "picture_url": null,
            "chat_kind": "user", "state": "active", "last_message": "Bot: anything else?",
            "first_message": null, "contact_name": null, "last_message_at": 0, "opened_at": 0,
            "account_deleted": false, "workstream": null, "queue": "Tokyo", "assigned_to": null,
            "mine": false, "bot": false, "offer_expires_at": null, "can_pick": false, "unread": 0,
            "notice": null, "last_customer_message": question
        }))
        .unwrap()
    }

    #[test]
    fn texts_read_as_before_in_english_and_translated_elsewhere() {
        assert_eq!(state_label(Locale::en, ConversationState::Wrapup), "wrapup");
        assert_eq!(state_label(Locale::ja, ConversationState::Closed), "終了");
        assert_eq!(section_title(Locale::en, 0), SECTIONS[0]);
        assert_eq!(section_title(Locale::th, 2), "รออยู่ในคิว");
        let unanswered = |locale: Locale| {
            fill(
                td_string!(locale, conversation_list.unanswered),
                &[("count", "3")],
            )
        };
        assert_eq!(unanswered(Locale::en), "3 unanswered");
        assert_eq!(unanswered(Locale::zh_TW), "3 則未回覆");
        // Kept with its trailing space: the rating follows it in the same line.
        assert_eq!(
            td_string!(Locale::en, conversation.survey),
            "Post-conversation survey: "
        );
    }

    #[test]
    fn the_filter_matches_name_question_and_queue_ignoring_case() {
        let c = summary("Aiko", Some("配送はいつですか"));
        assert!(matches(&c, ""));
        assert!(matches(&c, "  aiko "));
        assert!(matches(&c, "配送"));
        assert!(matches(&c, "tokyo"));
        assert!(!matches(&c, "refund"));
    }
}
