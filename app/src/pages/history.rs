use crate::api::conversations::{search_history, HistoryFilters};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use crate::labels::fill;
use domain::conversation::ConversationState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Conversation history: every conversation the user may read, searched by customer, contact,
/// agent, text, state and opening date, a page at a time. The filters live in the URL (a GET
/// form), so results can be bookmarked and work without JavaScript.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.history).to_string()/>
        <Guarded path="/history"><HistoryContent/></Guarded>
    }
}

/// The search in the URL: its filters, and the page (1 unless given).
fn query_from_url(map: &leptos_router::params::ParamsMap) -> (HistoryFilters, u32) {
    let get = |key: &str| map.get(key).unwrap_or_default();
    let filters = HistoryFilters {
        customer: get("customer"),
        contact: get("contact"),
        agent: get("agent"),
        text: get("text"),
        state: get("state"),
        from: get("from"),
        to: get("to"),
    };
    (filters, get("page").parse().unwrap_or(1))
}

/// A conversation state in the reader's language.
fn state_word(locale: Locale, state: ConversationState) -> &'static str {
    match state {
        ConversationState::Open => td_string!(locale, history.state.open),
        ConversationState::Active => td_string!(locale, history.state.active),
        ConversationState::Waiting => td_string!(locale, history.state.waiting),
        ConversationState::Wrapup => td_string!(locale, history.state.wrapup),
        ConversationState::Closed => td_string!(locale, history.state.closed),
    }
}

/// One search field of the filter form.
fn search_field(
    id: &'static str,
    label: impl IntoView + 'static,
    kind: &'static str,
    value: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=format!("history-{id}")>{label}</label>
            <input id=format!("history-{id}") name=id type=kind value=value/>
        </div>
    }
}

/// The URL of another page of the same search.
fn page_url(query: &HistoryFilters, page: u32) -> String {
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
    let results = Resource::new(query, |(filters, page)| search_history(filters, page));
    let (typed, _) = query_from_url(&params.read_untracked());
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Service")}</p>
            <h1>{t!(i18n, page.history)}</h1>
            <p class="muted">{t!(i18n, history.intro)}</p>
        </div>
        <section class="panel">
            <form class="form history-filters" method="get" action="/history" role="search">
                {search_field("customer", t!(i18n, history.customer_filter), "search", typed.customer.clone())}
                {search_field("contact", t!(i18n, history.contact_filter), "search", typed.contact.clone())}
                {search_field("agent", t!(i18n, history.agent), "search", typed.agent.clone())}
                {search_field("text", t!(i18n, history.text_filter), "search", typed.text.clone())}
                <div class="field">
                    <label for="history-state">{t!(i18n, history.state_label)}</label>
                    <select id="history-state" name="state">
                        <option value="" selected=typed.state.is_empty()>{t!(i18n, history.any)}</option>
                        {ConversationState::ALL.iter().copied().map(|s| view! { <option value=s.as_str() selected=typed.state == s.as_str()>{move || state_word(i18n.get_locale(), s)}</option> }).collect_view()}
                    </select>
                </div>
                {search_field("from", t!(i18n, history.from), "date", typed.from.clone())}
                {search_field("to", t!(i18n, history.to), "date", typed.to.clone())}
                <div class="button-row">
                    <button type="submit" class="button button--primary">{t!(i18n, history.search)}</button>
                    <a class="button button--ghost" href="/history">{t!(i18n, history.clear)}</a>
                </div>
            </form>
        </section>
        <section class="panel" aria-labelledby="results-heading">
            <h2 id="results-heading">{t!(i18n, history.results)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, history.loading)}</p> }>
                {move || Suspend::new(async move {
                    let (q, _) = query();
                    match results.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{t!(i18n, history.none)}</p> }.into_any(),
                        Ok(page) => view! {
                            <p class="muted" role="status">{let (total, at, pages) = (page.total, page.page, page.pages); move || crate::counts::history_summary(i18n.get_locale(), total, at, pages)}</p>
                            <table class="table" data-testid="history">
                                <thead><tr><th>{t!(i18n, history.customer)}</th><th>{t!(i18n, history.contact)}</th><th>{t!(i18n, history.account)}</th><th>{t!(i18n, history.state_label)}</th><th>{t!(i18n, history.agent)}</th><th>{t!(i18n, history.opened)}</th><th>{t!(i18n, history.messages)}</th><th>{t!(i18n, history.transcript)}</th></tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|c| {
                                        let locale = i18n.get_locale_untracked();
                                        let state = c.state;
                                        view! {
                                        <tr>
                                            <td class="cell-primary"><a href=format!("/conversations/{}", c.id)>{c.customer_name.clone()}</a></td>
                                            <td>{c.contact_name.clone().unwrap_or_default()}</td>
                                            <td>{c.account_name.clone()}</td>
                                            <td><span class=format!("badge badge--{}", c.state)>{move || state_word(i18n.get_locale(), state)}</span></td>
                                            <td>{c.agent.clone().unwrap_or_default()}</td>
                                            <td class="cell-secondary">{crate::reader::datetime(c.opened_at)}</td>
                                            <td>{c.messages}</td>
                                            <td class="cell-actions">
                                                <a href=format!("/conversations/{}/transcript.txt", c.id) rel="external" download="" aria-label=fill(td_string!(locale, history.transcript_text_label), &[("id", &c.id.to_string())])>{t!(i18n, history.text)}</a>" · "
                                                <a href=format!("/conversations/{}/transcript.json", c.id) rel="external" download="" aria-label=fill(td_string!(locale, history.transcript_json_label), &[("id", &c.id.to_string())])>"JSON"</a>
                                            </td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                            <nav class="pager" aria-label=move || t_string!(i18n, history.pages).to_string()>
                                {(page.page > 1).then(|| view! { <a class="button button--secondary" href=page_url(&q, page.page - 1)>{t!(i18n, history.previous)}</a> })}
                                {(page.page < page.pages).then(|| view! { <a class="button button--secondary" href=page_url(&q, page.page + 1)>{t!(i18n, history.next)}</a> })}
                            </nav>
                        }.into_any(),
                        Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
