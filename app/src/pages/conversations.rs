use crate::api::conversations::list_conversations;
use crate::components::guarded::Guarded;
use crate::components::live_updates::live_version;
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
    match picture {
        Some(url) => view! { <img class="avatar avatar--picture" src=url alt=""/> }.into_any(),
        None => view! { <span class="avatar" aria-hidden="true">{initial}</span> }.into_any(),
    }
}

#[component]
fn ConversationsContent() -> impl IntoView {
    let list = Resource::new(live_version, |_| list_conversations());
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Service"</p>
            <h1>"Conversations"</h1>
            <p class="muted">"Open conversations with LINE customers, the most recent first."</p>
        </div>
        <section class="panel panel--flush">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! {
                            <div class="empty-state">
                                <h2>"No open conversations"</h2>
                                <p class="muted">"When a customer writes to one of your LINE accounts, the conversation appears here."</p>
                            </div>
                        }.into_any(),
                        Ok(rows) => view! {
                            <ul class="inbox">
                                {rows.into_iter().map(|c| view! {
                                    <li>
                                        <a class="inbox__row" href=format!("/conversations/{}", c.id) data-conversation=c.id>
                                            {avatar(&c.customer_name, c.picture_url.clone())}
                                            <span class="inbox__main">
                                                <span class="inbox__name">{c.customer_name.clone()}</span>
                                                <span class="inbox__last">{c.last_message.clone().unwrap_or_default()}</span>
                                            </span>
                                            <span class="inbox__meta">
                                                <span class=format!("badge badge--state-{}", c.state)>{c.state.clone()}</span>
                                                <span class="cell-secondary">{c.account_name.clone()}</span>
                                                {c.account_deleted.then(|| view! { <span class="badge badge--muted">"Account deleted"</span> })}
                                                <span class="cell-secondary nowrap">{format_utc(c.last_message_at)}</span>
                                            </span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <div class="alert alert--error">{err.to_string()}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
