use crate::api::accounts::{get_region, list_accounts, wizard_url};
use crate::components::account_status_badge::status_badge;
use crate::components::guarded::Guarded;
use crate::i18n::*;
use domain::account::{AccountDeletion, AccountStatus, AccountView, Region, WebhookCleanup};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Channels > Messaging accounts: "Accounts and channels".
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, accounts.messaging_accounts).to_string()/>
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
    let i18n = use_i18n();
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb"><a href="/channels">{t!(i18n, page.channels)}</a>" › "{t!(i18n, accounts.messaging_accounts)}</p>
                <h1>{t!(i18n, accounts.heading)}</h1>
                <p class="muted">{t!(i18n, accounts.intro)}</p>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    if region.await == Ok(Region::Government) {
                        view! {
                            <div class="disabled-action">
                                <button class="button button--primary" disabled=true aria-describedby="new-account-why">{t!(i18n, accounts.new_account)}</button>
                                <p id="new-account-why" class="field__hint">{t!(i18n, channels.government_region)}</p>
                            </div>
                        }.into_any()
                    } else {
                        view! { <a class="button button--primary" href="/channels/accounts/new">{t!(i18n, accounts.new_account)}</a> }.into_any()
                    }
                })}
            </Suspense>
        </div>
        {move || deleted().map(|deletion| {
            let class = if deletion.webhook == WebhookCleanup::Manual { "alert alert--warn" } else { "alert alert--success" };
            view! {
                <div class=class role="status" data-testid="account-deleted">
                    {deletion_lines(i18n.get_locale(), &deletion).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </div>
            }
        })}
        <section class="panel">
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, accounts.loading)}</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty-state">
                                <h2>{t!(i18n, accounts.empty_heading)}</h2>
                                <p class="muted">{t!(i18n, accounts.empty_body)}</p>
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
    let i18n = use_i18n();
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
        let workstreams = account.workstreams.join(", ");
        let last_webhook = account.last_webhook_at.map(crate::reader::datetime);
        view! {
            <tr data-account=account.name.clone()>
                <td><a class="cell-primary" href=href>{account.name.clone()}</a></td>
                <td>"LINE"</td>
                <td class="mono">{if account.channel_id.is_empty() { "—".to_string() } else { account.channel_id.clone() }}</td>
                <td>{bot}</td>
                <td>{status_badge(account.status)}</td>
                <td class="cell-secondary">{move || if workstreams.is_empty() { t_string!(i18n, accounts.none).to_string() } else { workstreams.clone() }}</td>
                <td class="cell-secondary nowrap">{move || last_webhook.clone().unwrap_or_else(|| t_string!(i18n, accounts.never).to_string())}</td>
                <td class="cell-secondary">
                    <div>{crate::labels::actor(i18n.get_locale_untracked(), &account.created_by.clone().unwrap_or_default())}</div>
                    <div class="nowrap">{crate::reader::datetime(account.created_at)}</div>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th>{t!(i18n, accounts.column.name)}</th><th>{t!(i18n, accounts.column.channel)}</th><th>{t!(i18n, accounts.column.channel_id)}</th><th>{t!(i18n, accounts.column.bot)}</th>
                    <th>{t!(i18n, accounts.column.status)}</th><th>{t!(i18n, page.workstreams)}</th><th>{t!(i18n, accounts.column.last_webhook)}</th><th>{t!(i18n, accounts.column.created)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The deletion's confirmation, one sentence per line, in the reader's language (the English
/// reads as `AccountDeletion::summary`).
fn deletion_lines(locale: Locale, deletion: &AccountDeletion) -> Vec<AnyView> {
    let mut lines = vec![td!(locale, accounts.deleted.done).into_any()];
    lines.push(match deletion.webhook {
        WebhookCleanup::Cleared => td!(locale, accounts.deleted.webhook_cleared).into_any(),
        WebhookCleanup::NotSet => td!(locale, accounts.deleted.webhook_not_set).into_any(),
        WebhookCleanup::Elsewhere => td!(locale, accounts.deleted.webhook_elsewhere).into_any(),
        WebhookCleanup::Manual => {
            let steps = td!(
                locale,
                accounts.deleted.manual_steps,
                channel_id = deletion.channel_id.clone()
            );
            match deletion.line_error.clone() {
                Some(error) => td!(
                    locale,
                    accounts.deleted.webhook_manual_error,
                    error = error,
                    steps = steps
                )
                .into_any(),
                None => td!(locale, accounts.deleted.webhook_manual, steps = steps).into_any(),
            }
        }
    });
    lines.push(
        match (deletion.conversations_ended, deletion.customers_told) {
            (0, _) => td!(locale, accounts.deleted.none_open).into_any(),
            (ended, told) if told == ended => {
                td!(locale, accounts.deleted.all_told, ended = ended).into_any()
            }
            (ended, told) => td!(
                locale,
                accounts.deleted.some_told,
                ended = ended,
                told = told,
                rest = ended - told
            )
            .into_any(),
        },
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English reads exactly as the domain's summary (the end-to-end tests look for it).
    #[test]
    fn deletion_labels_read_as_the_domain_does() {
        for webhook in [
            WebhookCleanup::Cleared,
            WebhookCleanup::NotSet,
            WebhookCleanup::Elsewhere,
            WebhookCleanup::Manual,
        ] {
            for line_error in [None, Some("HTTP 500".to_string())] {
                for (ended, told) in [(0, 0), (3, 3), (3, 1)] {
                    let deletion = AccountDeletion {
                        channel_id: "1234567890".into(),
                        webhook,
                        line_error: line_error.clone(),
                        conversations_ended: ended,
                        customers_told: told,
                    };
                    let lines: Vec<String> = deletion_lines(Locale::en, &deletion)
                        .into_iter()
                        .map(|line| line.to_html().replace("<!>", ""))
                        .collect();
                    assert_eq!(lines, deletion.summary());
                }
            }
        }
    }
}
