use crate::api::accounts::{get_region, list_accounts, wizard_url};
use crate::components::account_status_badge::status_badge;
use crate::components::guarded::Guarded;
use domain::account::{
    AccountDeletion, AccountStatus, AccountView, Region, WebhookCleanup, GOVERNMENT_REGION_REASON,
};
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Channels > Messaging accounts: "Accounts and channels".
#[component]
pub fn AccountsPage() -> impl IntoView {
    view! {
        <Title text="Messaging accounts"/>
        <Guarded path="/channels/accounts"><AccountsContent/></Guarded>
    }
}

#[component]
fn AccountsContent() -> impl IntoView {
    let accounts = Resource::new(|| (), |_| list_accounts());
    let region = Resource::new(|| (), |_| get_region());
    let query = use_query_map();
    let deleted = move || {
        let query = query.read();
        AccountDeletion::from_query(|name| query.get(name))
    };
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb"><a href="/channels">"Channels"</a>" › Messaging accounts"</p>
                <h1>"Accounts and channels"</h1>
                <p class="muted">"LINE Official Accounts this desk answers, and the workstreams that use them."</p>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if region.await == Ok(Region::Government) {
                        view! {
                            <div class="disabled-action">
                                <button class="button button--primary" disabled=true aria-describedby="new-account-why">"New account"</button>
                                <p id="new-account-why" class="field__hint">{GOVERNMENT_REGION_REASON}</p>
                            </div>
                        }.into_any()
                    } else {
                        view! { <a class="button button--primary" href="/channels/accounts/new">"New account"</a> }.into_any()
                    }
                })}
            </Suspense>
        </div>
        {move || deleted().map(|deletion| {
            let class = if deletion.webhook == WebhookCleanup::Manual { "alert alert--warn" } else { "alert alert--success" };
            view! {
                <div class=class role="status" data-testid="account-deleted">
                    {deletion.summary().into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </div>
            }
        })}
        <section class="panel">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty-state">
                                <h2>"No messaging accounts yet"</h2>
                                <p class="muted">"Add your LINE Official Account with New account. You need its Channel ID, Channel secret and Channel access token from the LINE Developers console."</p>
                            </div>
                        }.into_any(),
                        Ok(list) => view! { <AccountTable accounts=list/> }.into_any(),
                        Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountTable(accounts: Vec<AccountView>) -> impl IntoView {
    let rows = accounts.into_iter().map(|account| {
        let href = if account.status == AccountStatus::Draft {
            wizard_url(account.id, if account.channel_id.is_empty() { "account" } else { "callback" })
        } else {
            format!("/channels/accounts/{}", account.id)
        };
        let bot = match account.bot.clone() {
            Some(bot) => view! {
                <div class="cell-primary">{bot.display_name}</div>
                <div class="cell-secondary">{bot.basic_id}</div>
            }.into_any(),
            None => view! { <div class="cell-secondary">"—"</div> }.into_any(),
        };
        view! {
            <tr data-account=account.name.clone()>
                <td><a class="cell-primary" href=href>{account.name.clone()}</a></td>
                <td>"LINE"</td>
                <td class="mono">{if account.channel_id.is_empty() { "—".to_string() } else { account.channel_id.clone() }}</td>
                <td>{bot}</td>
                <td>{status_badge(account.status)}</td>
                <td class="cell-secondary">{if account.workstreams.is_empty() { "None".to_string() } else { account.workstreams.join(", ") }}</td>
                <td class="cell-secondary nowrap">{account.last_webhook_at.map(format_utc).unwrap_or_else(|| "Never".into())}</td>
                <td class="cell-secondary">
                    <div>{account.created_by.clone().unwrap_or_default()}</div>
                    <div class="nowrap">{format_utc(account.created_at)}</div>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th>"Name"</th><th>"Channel"</th><th>"LINE channel ID"</th><th>"Bot"</th>
                    <th>"Status"</th><th>"Workstreams"</th><th>"Last webhook"</th><th>"Created"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
