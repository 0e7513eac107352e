//! The desk's left pane: offers, the agent's conversations and the queues' waiting work, each
//! row with the customer's latest message and how long they have waited for an answer.

use crate::components::assignment_bar::{TakeButtons, WorkActions};
use crate::components::avatar::Avatar;
use domain::conversation::ConversationSummary;
use domain::time::{format_utc, format_waited};
use domain::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The list's sections, in order: what needs an answer from this user first.
fn section_of(c: &ConversationSummary) -> usize {
    if c.offer_expires_at.is_some() {
        0
    } else if c.mine {
        1
    } else if c.can_pick || (c.state == "waiting" && c.assigned_to.is_none()) {
        2
    } else {
        3
    }
}

const SECTIONS: [&str; 4] = [
    "Offered to you",
    "Yours",
    "Waiting in queues",
    "Other open conversations",
];

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
    view! {
        <div class="desk__list-head">
            {move || if open.get().is_some() {
                view! { <h2 class="desk__title" id="desk-list-title">"Conversations"</h2> }.into_any()
            } else {
                view! { <h1 class="desk__title" id="desk-list-title">"Conversations"</h1> }.into_any()
            }}
            <form class="desk__filter" method="get" action="/conversations" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="conversation-filter" class="visually-hidden">"Filter conversations"</label>
                <input id="conversation-filter" type="search" name="q" placeholder="Filter by name or message"
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))/>
            </form>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <div class="empty-state">
                            <h2>"No open conversations"</h2>
                            <p class="muted">"When a customer writes to one of your LINE accounts, the conversation appears here."</p>
                        </div>
                    }.into_any(),
                    Ok(rows) => SECTIONS.iter().enumerate().filter_map(|(i, title)| {
                        let rows: Vec<ConversationSummary> = rows.iter().filter(|c| section_of(c) == i).cloned().collect();
                        (!rows.is_empty()).then(|| view! {
                            <section class="inbox-section" data-section=*title aria-label=*title>
                                <h3 class="inbox-section__title">{format!("{title} ({})", rows.len())}</h3>
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
    let who = if c.bot {
        Some("Bot answering".to_string())
    } else {
        c.assigned_to
            .clone()
            .map(|a| if c.mine { "You".to_string() } else { a })
    };
    // The customer's question, not the bot's or the agent's last line.
    let preview = c
        .last_customer_message
        .clone()
        .or_else(|| c.last_message.clone())
        .unwrap_or_default();
    let waited = c
        .waiting_since
        .filter(|_| c.state != "closed")
        .map(|since| format!("Waiting {}", format_waited(c.read_at - since)));
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
                        {(c.unread > 0).then(|| view! { <span class="badge badge--unread" data-testid="unread" aria-label=format!("{} unanswered", c.unread)>{c.unread}</span> })}</span>
                    <span class="inbox__last" data-testid="preview">{preview}</span>
                    <span class="inbox__meta">
                        {waited.map(|w| view! { <span class="inbox__waited" data-testid="waited">{w}</span> })}
                        <span class=format!("badge badge--state-{}", c.state)>{c.state.clone()}</span>
                        {c.queue.clone().map(|q| view! { <span>{q}</span> })}
                        {who.map(|w| view! { <span data-testid="assigned">{w}</span> })}
                        <span>{c.account_name.clone()}</span>
                        {c.account_deleted.then(|| view! { <span class="badge badge--muted">"Account deleted"</span> })}
                        <span class="nowrap">{format_utc(c.last_message_at)}</span>
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
    fn the_filter_matches_name_question_and_queue_ignoring_case() {
        let c = summary("Aiko", Some("配送はいつですか"));
        assert!(matches(&c, ""));
        assert!(matches(&c, "  aiko "));
        assert!(matches(&c, "配送"));
        assert!(matches(&c, "tokyo"));
        assert!(!matches(&c, "refund"));
    }
}
