use crate::api::conversations::search_history;
use crate::components::guarded::Guarded;
use domain::conversation::{HistoryQuery, HISTORY_STATES};
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Conversation history: every conversation the user may read, searched by customer, contact,
/// agent, text, state and opening date, a page at a time. The filters live in the URL (a GET
/// form), so results can be bookmarked and work without JavaScript.
#[component]
pub fn HistoryPage() -> impl IntoView {
    view! {
        <Title text="History"/>
        <Guarded path="/history"><HistoryContent/></Guarded>
    }
}

fn query_from_url(map: &leptos_router::params::ParamsMap) -> HistoryQuery {
    let get = |key: &str| map.get(key).unwrap_or_default();
    HistoryQuery {
        customer: get("customer"),
        contact: get("contact"),
        agent: get("agent"),
        text: get("text"),
        state: get("state"),
        from: get("from"),
        to: get("to"),
        page: get("page").parse().unwrap_or(1),
    }
}

/// The URL of another page of the same search.
fn page_url(query: &HistoryQuery, page: u32) -> String {
    let pairs = [
        ("customer", &query.customer),
        ("contact", &query.contact),
        ("agent", &query.agent),
        ("text", &query.text),
        ("state", &query.state),
        ("from", &query.from),
        ("to", &query.to),
    ];
    let mut url = format!("/history?page={page}");
    for (key, value) in pairs {
        if !value.is_empty() {
            url.push_str(&format!("&{key}={}", domain::audit::percent_encode(value)));
        }
    }
    url
}

#[component]
fn HistoryContent() -> impl IntoView {
    let params = use_query_map();
    let query = move || query_from_url(&params.read());
    let results = Resource::new(query, |q| {
        search_history(
            q.customer, q.contact, q.agent, q.text, q.state, q.from, q.to, q.page,
        )
    });
    let typed = query_from_url(&params.read_untracked());
    let field = |id: &'static str, label: &'static str, kind: &'static str, value: String| {
        view! {
            <div class="field">
                <label for=format!("history-{id}")>{label}</label>
                <input id=format!("history-{id}") name=id type=kind value=value/>
            </div>
        }
    };
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Service"</p>
            <h1>"History"</h1>
            <p class="muted">"Conversations you may read, newest first. Open one to read it or export its transcript."</p>
        </div>
        <section class="panel">
            <form class="form history-filters" method="get" action="/history" role="search">
                {field("customer", "Customer (LINE name)", "search", typed.customer.clone())}
                {field("contact", "Contact (name, email or phone)", "search", typed.contact.clone())}
                {field("agent", "Agent", "search", typed.agent.clone())}
                {field("text", "Message text", "search", typed.text.clone())}
                <div class="field">
                    <label for="history-state">"State"</label>
                    <select id="history-state" name="state">
                        <option value="" selected=typed.state.is_empty()>"Any"</option>
                        {HISTORY_STATES.into_iter().map(|s| view! { <option value=s selected=typed.state == s>{s}</option> }).collect_view()}
                    </select>
                </div>
                {field("from", "Opened from (YYYY-MM-DD)", "text", typed.from.clone())}
                {field("to", "Opened until (YYYY-MM-DD)", "text", typed.to.clone())}
                <div class="button-row">
                    <button type="submit" class="button button--primary">"Search"</button>
                    <a class="button button--ghost" href="/history">"Clear"</a>
                </div>
            </form>
        </section>
        <section class="panel" aria-labelledby="results-heading">
            <h2 id="results-heading">"Conversations"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let q = query();
                    match results.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">"No conversations match."</p> }.into_any(),
                        Ok(page) => view! {
                            <p class="muted" role="status">{format!("{} conversation{} · page {} of {}", page.total, if page.total == 1 { "" } else { "s" }, page.page, page.pages)}</p>
                            <table class="table" data-testid="history">
                                <thead><tr><th>"Customer"</th><th>"Contact"</th><th>"Account"</th><th>"State"</th><th>"Agent"</th><th>"Opened"</th><th>"Messages"</th><th>"Transcript"</th></tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|c| view! {
                                        <tr>
                                            <td class="cell-primary"><a href=format!("/conversations/{}", c.id)>{c.customer_name.clone()}</a></td>
                                            <td>{c.contact_name.clone().unwrap_or_default()}</td>
                                            <td>{c.account_name.clone()}</td>
                                            <td><span class=format!("badge badge--{}", c.state)>{c.state.clone()}</span></td>
                                            <td>{c.agent.clone().unwrap_or_default()}</td>
                                            <td class="cell-secondary">{format_utc(c.opened_at)}</td>
                                            <td>{c.messages}</td>
                                            <td class="cell-actions">
                                                <a href=format!("/conversations/{}/transcript.txt", c.id) rel="external" download="" aria-label=format!("Transcript of conversation {} as text", c.id)>"Text"</a>" · "
                                                <a href=format!("/conversations/{}/transcript.json", c.id) rel="external" download="" aria-label=format!("Transcript of conversation {} as JSON", c.id)>"JSON"</a>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <nav class="pager" aria-label="Pages">
                                {(page.page > 1).then(|| view! { <a class="button button--secondary" href=page_url(&q, page.page - 1)>"Previous"</a> })}
                                {(page.page < page.pages).then(|| view! { <a class="button button--secondary" href=page_url(&q, page.page + 1)>"Next"</a> })}
                            </nav>
                        }.into_any(),
                        Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
