use crate::api::audit::{list_audit_entries, verify_audit_chain};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use domain::audit::AuditFilters;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Entities the log knows, for the filter (values as stored).
const ENTITIES: &[&str] = &[
    "",
    "user",
    "line_account",
    "workstream",
    "settings",
    "audit_log",
];

/// The filter's name for an entity, in the reader's language.
fn entity_label(locale: Locale, entity: &str) -> String {
    match entity {
        "" => td_string!(locale, audit.entity.any).to_string(),
        "user" => td_string!(locale, audit.entity.user).to_string(),
        "line_account" => td_string!(locale, audit.entity.line_account).to_string(),
        "workstream" => td_string!(locale, audit.entity.workstream).to_string(),
        "settings" => td_string!(locale, audit.entity.settings).to_string(),
        "audit_log" => td_string!(locale, audit.entity.audit_log).to_string(),
        other => other.to_string(),
    }
}

/// What one entry is about ("user 3"), in the reader's language; an unknown kind as recorded.
fn entity_name(locale: Locale, entity: &str) -> String {
    match entity {
        "user" => td_string!(locale, audit.entity_name.user).to_string(),
        "line_account" => td_string!(locale, audit.entity_name.line_account).to_string(),
        "workstream" => td_string!(locale, audit.entity_name.workstream).to_string(),
        "settings" => td_string!(locale, audit.entity_name.settings).to_string(),
        "audit_log" => td_string!(locale, audit.entity_name.audit_log).to_string(),
        "contact" => td_string!(locale, audit.entity_name.contact).to_string(),
        "queue" => td_string!(locale, audit.entity_name.queue).to_string(),
        "conversation" => td_string!(locale, audit.entity_name.conversation).to_string(),
        other => other.to_string(),
    }
}

/// Audit log: read-only, newest first, filtered by actor, entity, action and date, 50 entries a
/// page; CSV export; the hash chain checked on demand.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.audit).to_string()/>
        <Guarded path="/audit"><AuditContent/></Guarded>
    }
}

#[component]
fn AuditContent() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        AuditFilters {
            action: q.get("action"),
            actor: q.get("actor"),
            entity: q.get("entity"),
            from: q.get("from"),
            to: q.get("to"),
        }
    };
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|v| v.parse::<i64>().ok())
    };
    let entries = Resource::new(
        move || (filters(), before()),
        |(f, before)| list_audit_entries(f.action, f.actor, f.entity, f.from, f.to, before),
    );
    // {t!(i18n, audit.verify)} is a plain GET (?verify=1), so it works the same with and without JavaScript.
    let verify = Resource::new(
        move || query.read().get("verify").is_some(),
        |requested| async move {
            if requested {
                verify_audit_chain().await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let verdict = move || {
        Suspend::new(async move {
            match verify.await {
                Ok(None) => ().into_any(),
                Ok(Some(status)) => match status.first_altered {
                    None => view! {
                        <div class="alert alert--success" role="status" data-testid="chain-status">
                            {t!(i18n, audit.intact, count = status.entries)}
                        </div>
                    }
                    .into_any(),
                    Some(id) => view! {
                        <div class="alert alert--error" role="alert" data-testid="chain-status">
                            {t!(i18n, audit.broken, id = id)}
                        </div>
                    }
                    .into_any(),
                },
                Err(err) => {
                    view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }
                        .into_any()
                }
            }
        })
    };
    let value =
        move |f: fn(&AuditFilters) -> &Option<String>| f(&filters()).clone().unwrap_or_default();

    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Privacy and audit")}</p>
                <h1>{t!(i18n, page.audit)}</h1>
                <p class="muted">{t!(i18n, audit.intro)}</p>
            </div>
            <form method="get" action="/audit">
                <input type="hidden" name="verify" value="1"/>
                <button type="submit" class="button button--secondary">{t!(i18n, audit.verify)}</button>
            </form>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, audit.verifying)}</p> }>{verdict}</Suspense>
        <section class="panel">
            <form method="get" class="filters" action="/audit">
                <div class="field">
                    <label for="filter-actor">{t!(i18n, audit.actor_email)}</label>
                    <input id="filter-actor" name="actor" value=move || value(|f| &f.actor)/>
                </div>
                <div class="field">
                    <label for="filter-entity">{t!(i18n, audit.entity_label)}</label>
                    <select id="filter-entity" name="entity">
                        {ENTITIES.iter().map(|key| view! {
                            <option value=*key selected=move || filters().entity.as_deref().unwrap_or_default() == *key>{move || entity_label(i18n.get_locale(), key)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-action">{t!(i18n, audit.action)}</label>
                    <input id="filter-action" name="action" placeholder=move || t_string!(i18n, audit.action_placeholder).to_string() value=move || value(|f| &f.action)/>
                </div>
                <div class="field">
                    <label for="filter-from">{t!(i18n, audit.from)}</label>
                    <input id="filter-from" name="from" type="date" value=move || value(|f| &f.from)/>
                </div>
                <div class="field">
                    <label for="filter-to">{t!(i18n, audit.to)}</label>
                    <input id="filter-to" name="to" type="date" value=move || value(|f| &f.to)/>
                </div>
                <button type="submit" class="button button--secondary">{t!(i18n, audit.filter)}</button>
                <a class="button button--ghost" href=move || format!("/audit/export.csv?{}", filters().query_string()) download="linedesk-audit-log.csv" rel="external">{t!(i18n, audit.export)}</a>
            </form>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, audit.loading)}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, audit.none)}</p> }.into_any(),
                        Ok(list) => {
                            let oldest = list.last().map(|e| e.id);
                            let full_page = list.len() >= 50;
                            let rows = list.into_iter().map(|entry| view! {
                                <tr data-entry=entry.id>
                                    <td class="cell-secondary nowrap">{crate::reader::datetime(entry.at)}</td>
                                    <td>{entry.actor.map_or_else(|| "—".into(), |who| crate::labels::actor(locale, &who))}</td>
                                    <td><code>{entry.action}</code></td>
                                    <td>{format!("{} {}", entity_name(locale, &entry.entity), entry.entity_id.unwrap_or_default())}</td>
                                    <td class="cell-secondary">{crate::labels::actor(locale, &entry.client_address.unwrap_or_default())}</td>
                                    <td><code class="detail">{entry.detail}</code></td>
                                </tr>
                            }).collect_view();
                            let older = oldest.filter(|_| full_page).map(|id| {
                                let href = format!("/audit?{}&before={id}", filters().query_string());
                                view! { <a class="button button--secondary" href=href>{t!(i18n, audit.older)}</a> }
                            });
                            view! {
                                <table class="table">
                                    <thead><tr><th>{t!(i18n, audit.time)}</th><th>{t!(i18n, audit.actor)}</th><th>{t!(i18n, audit.action)}</th><th>{t!(i18n, audit.entity_label)}</th><th>{t!(i18n, audit.client)}</th><th>{t!(i18n, audit.detail)}</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                {older}
                            }.into_any()
                        }
                        Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
