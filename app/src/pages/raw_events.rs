use crate::api::accounts::{get_account, list_raw_events};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Messaging account › Raw event log: every webhook event as LINE sent it, newest first, with
/// whether it was applied. Event types linedesk does not act on are kept and shown here.
#[component]
pub fn RawEventsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, raw_events.title).to_string()/>
        <Guarded path="/channels/accounts"><RawEventsContent/></Guarded>
    }
}

#[component]
fn RawEventsContent() -> impl IntoView {
    let id = route_id();
    let query = use_query_map();
    let filter = move || query.read().get("filter").unwrap_or_else(|| "all".into());
    let account = Resource::new(id, get_account);
    let events = Resource::new(
        move || (id(), filter()),
        |(id, f)| list_raw_events(id, Some(f)),
    );
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">
                <a href="/channels">{t!(i18n, page.channels)}</a>" › "<a href="/channels/accounts">{t!(i18n, raw_events.messaging_accounts)}</a>" › "
                <Suspense fallback=|| ()>{move || Suspend::new(async move {
                    account.await.map(|a| view! { <a href=format!("/channels/accounts/{}", a.id)>{a.name}</a> }).ok()
                })}</Suspense>
            </p>
            <h1>{t!(i18n, raw_events.title)}</h1>
            <p class="muted">{t!(i18n, raw_events.intro)}</p>
        </div>
        <section class="panel">
            <form method="get" class="filters">
                <div class="field">
                    <label for="filter">{t!(i18n, raw_events.show)}</label>
                    <select id="filter" name="filter">
                        {[("all", td_string!(i18n.get_locale_untracked(), raw_events.all)), ("other", td_string!(i18n.get_locale_untracked(), raw_events.other)), ("failed", td_string!(i18n.get_locale_untracked(), raw_events.failed))].into_iter().map(|(key, label)| view! {
                            <option value=key selected=move || filter() == key>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--secondary">{t!(i18n, raw_events.show)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, raw_events.loading)}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, raw_events.none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table" data-testid="raw-events">
                                <thead><tr><th>{t!(i18n, raw_events.received)}</th><th>{t!(i18n, raw_events.event_type)}</th><th>{t!(i18n, raw_events.from)}</th><th>{t!(i18n, raw_events.state)}</th><th>{t!(i18n, raw_events.event)}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| {
                                        let pretty = serde_json::from_str::<serde_json::Value>(&e.body)
                                            .and_then(|v| serde_json::to_string_pretty(&v))
                                            .unwrap_or(e.body.clone());
                                        let state = match (e.processed_at, e.last_error.clone()) {
                                            (Some(at), _) => t!(i18n, raw_events.applied, at = crate::reader::datetime(at)).into_any(),
                                            (None, Some(err)) => t!(i18n, raw_events.failed_times, count = e.attempts, error = err).into_any(),
                                            (None, None) => t!(i18n, raw_events.waiting).into_any(),
                                        };
                                        view! {
                                            <tr>
                                                <td class="nowrap cell-secondary">{crate::reader::datetime(e.received_at)}{e.redelivery.then_some(t!(i18n, raw_events.redelivered))}</td>
                                                <td><code>{e.event_type}</code></td>
                                                <td class="mono cell-secondary">{e.source_user_id.unwrap_or_default()}</td>
                                                <td class="cell-secondary">{state}</td>
                                                <td><details><summary>"JSON"</summary><pre class="json">{pretty}</pre></details></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
