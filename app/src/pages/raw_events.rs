use crate::api::accounts::{get_account, list_raw_events};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Messaging account › Raw event log: every webhook event as LINE sent it, newest first, with
/// whether it was applied. Event types linedesk does not act on are kept and shown here.
#[component]
pub fn RawEventsPage() -> impl IntoView {
    view! {
        <Title text="Raw event log"/>
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
    view! {
        <div class="page-header">
            <p class="breadcrumb">
                <a href="/channels">"Channels"</a>" › "<a href="/channels/accounts">"Messaging accounts"</a>" › "
                <Suspense fallback=|| ()>{move || Suspend::new(async move {
                    account.await.map(|a| view! { <a href=format!("/channels/accounts/{}", a.id)>{a.name}</a> }).ok()
                })}</Suspense>
            </p>
            <h1>"Raw event log"</h1>
            <p class="muted">"The newest 100 webhook events of this account as LINE sent them. Types linedesk does not act on are kept here too."</p>
        </div>
        <section class="panel">
            <form method="get" class="filters">
                <div class="field">
                    <label for="filter">"Show"</label>
                    <select id="filter" name="filter">
                        {[("all", "All events"), ("other", "Types linedesk does not act on"), ("failed", "Events that failed to apply")].into_iter().map(|(key, label)| view! {
                            <option value=key selected=move || filter() == key>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--secondary">"Show"</button>
            </form>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"No events."</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table" data-testid="raw-events">
                                <thead><tr><th>"Received"</th><th>"Type"</th><th>"From"</th><th>"State"</th><th>"Event"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| {
                                        let pretty = serde_json::from_str::<serde_json::Value>(&e.body)
                                            .and_then(|v| serde_json::to_string_pretty(&v))
                                            .unwrap_or(e.body.clone());
                                        let state = match (e.processed_at, &e.last_error) {
                                            (Some(at), _) => format!("Applied {}", format_utc(at)),
                                            (None, Some(err)) => format!("Failed {} time(s): {err}", e.attempts),
                                            (None, None) => "Waiting".to_string(),
                                        };
                                        view! {
                                            <tr>
                                                <td class="nowrap cell-secondary">{format_utc(e.received_at)}{e.redelivery.then_some(" (redelivered)")}</td>
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
