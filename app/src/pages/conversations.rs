use crate::api::conversations::list_conversations;
use crate::components::assignment_bar::{TakeButtons, WorkActions};
use crate::components::form_error::FormError;
use crate::components::guarded::Guarded;
use crate::components::live_updates::live_version;
use domain::conversation::ConversationSummary;
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;

/// Conversations: every open LINE conversation, the most recent first.
#[component]
pub fn ConversationsPage() -> impl IntoView {
    view! {
        <Title text="Conversations"/>
        <Guarded path="/conversations"><ConversationsContent/></Guarded>
    }
}

pub fn avatar(name: &str, picture: Option<String>) -> impl IntoView {
    let initial = name
        .chars()
        .next()
        .unwrap_or('?')
        .to_uppercase()
        .to_string();
    // LINE's picture URL goes into <img src>: https only.
    match picture.filter(|url| domain::validation::is_https_url(url)) {
        Some(url) => view! { <img class="avatar avatar--picture" src=url alt=""/> }.into_any(),
        None => view! { <span class="avatar" aria-hidden="true">{initial}</span> }.into_any(),
    }
}

/// The inbox's sections, in order: what needs an answer from this user first.
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

#[component]
fn ConversationsContent() -> impl IntoView {
    let work = WorkActions::new();
    let list = Resource::new(
        move || (live_version(), work.version()),
        |_| list_conversations(),
    );
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Service"</p>
            <h1>"Conversations"</h1>
            <p class="muted">"Offers waiting for you, your conversations, and the work waiting in your queues, the most recent first."</p>
        </div>
        <FormError error=work.error()/>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <section class="panel">
                            <div class="empty-state">
                                <h2>"No open conversations"</h2>
                                <p class="muted">"When a customer writes to one of your LINE accounts, the conversation appears here."</p>
                            </div>
                        </section>
                    }.into_any(),
                    Ok(rows) => SECTIONS.iter().enumerate().filter_map(|(i, title)| {
                        let rows: Vec<ConversationSummary> = rows.iter().filter(|c| section_of(c) == i).cloned().collect();
                        (!rows.is_empty()).then(|| view! {
                            <section class="panel panel--flush inbox-section" data-section=*title>
                                <h2 class="inbox-section__title">{format!("{title} ({})", rows.len())}</h2>
                                <ul class="inbox">
                                    {rows.into_iter().map(|c| view! { <InboxRow c work/> }).collect_view()}
                                </ul>
                            </section>
                        })
                    }).collect_view().into_any(),
                    Err(err) => view! { <div class="alert alert--error">{err.to_string()}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InboxRow(c: ConversationSummary, work: WorkActions) -> impl IntoView {
    let who = if c.bot {
        Some("Bot answering".to_string())
    } else {
        c.assigned_to
            .clone()
            .map(|a| if c.mine { "You".to_string() } else { a })
    };
    view! {
        <li class="inbox__item">
            <a class="inbox__row" href=format!("/conversations/{}", c.id) data-conversation=c.id>
                {avatar(&c.customer_name, c.picture_url.clone())}
                <span class="inbox__main">
                    <span class="inbox__name">{c.customer_name.clone()}
                        {(c.unread > 0).then(|| view! { <span class="badge badge--unread" data-testid="unread" aria-label=format!("{} unanswered", c.unread)>{c.unread}</span> })}</span>
                    <span class="inbox__last">{c.last_message.clone().unwrap_or_default()}</span>
                </span>
                <span class="inbox__meta">
                    <span class=format!("badge badge--state-{}", c.state)>{c.state.clone()}</span>
                    {c.queue.clone().map(|q| view! { <span class="cell-secondary">{q}</span> })}
                    {who.map(|w| view! { <span class="cell-secondary" data-testid="assigned">{w}</span> })}
                    <span class="cell-secondary">{c.account_name.clone()}</span>
                    {c.account_deleted.then(|| view! { <span class="badge badge--muted">"Account deleted"</span> })}
                    <span class="cell-secondary nowrap">{format_utc(c.last_message_at)}</span>
                </span>
            </a>
            <div class="inbox__actions"><TakeButtons summary=c.clone() actions=work/></div>
        </li>
    }
}
