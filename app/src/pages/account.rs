use crate::api::accounts::{
    get_account, get_account_webhook, DeleteAccount, RegenerateCallbackKey, RenameAccount,
    ReplaceAccountSecret, ReplaceAccountToken, SetAccountMarkRead, SetAccountWebhook,
    TestAccountWebhook, VerifyAccount,
};
use crate::components::account_status_badge::status_badge;
use crate::components::copy_button::CopyField;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::read_receipts_panel::ReadReceiptsPanel;
use crate::components::route_id::route_id;
use crate::i18n::*;
use domain::account::AccountView;
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// One messaging account: its details, secrets (masked), callback and webhook, privacy, deletion.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, account.title).to_string()/>
        <Guarded path="/channels/accounts"><AccountContent/></Guarded>
    }
}

#[component]
fn AccountContent() -> impl IntoView {
    let id = route_id();
    let rename = ServerAction::<RenameAccount>::new();
    let secret = ServerAction::<ReplaceAccountSecret>::new();
    let token = ServerAction::<ReplaceAccountToken>::new();
    let verify = ServerAction::<VerifyAccount>::new();
    let regenerate = ServerAction::<RegenerateCallbackKey>::new();
    let set_webhook = ServerAction::<SetAccountWebhook>::new();
    let test_webhook = ServerAction::<TestAccountWebhook>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let mark_read = ServerAction::<SetAccountMarkRead>::new();
    let account = Resource::new(
        move || {
            (
                id(),
                rename.version().get(),
                secret.version().get(),
                token.version().get(),
                verify.version().get(),
                regenerate.version().get(),
                test_webhook.version().get(),
                mark_read.version().get(),
            )
        },
        |(id, ..)| get_account(id),
    );
    let webhook = Resource::new(
        move || {
            (
                id(),
                set_webhook.version().get(),
                regenerate.version().get(),
                token.version().get(),
                // LINE tests the URL it has: read that again so the two lines agree.
                test_webhook.version().get(),
            )
        },
        |(id, ..)| get_account_webhook(id),
    );
    let actions = Actions {
        rename,
        secret,
        token,
        verify,
        regenerate,
        set_webhook,
        test_webhook,
        delete,
        mark_read,
        webhook,
    };
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, account.loading)}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => view! { <AccountBody account actions/> }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=move || t_string!(i18n, account.not_found) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameAccount>,
    secret: ServerAction<ReplaceAccountSecret>,
    token: ServerAction<ReplaceAccountToken>,
    verify: ServerAction<VerifyAccount>,
    regenerate: ServerAction<RegenerateCallbackKey>,
    set_webhook: ServerAction<SetAccountWebhook>,
    test_webhook: ServerAction<TestAccountWebhook>,
    delete: ServerAction<DeleteAccount>,
    mark_read: ServerAction<SetAccountMarkRead>,
    webhook: Resource<Result<domain::account::WebhookStatus, AppError>>,
}

#[component]
fn AccountBody(account: AccountView, actions: Actions) -> impl IntoView {
    let account_id = account.id;
    let hidden = move || view! { <input type="hidden" name="id" value=account_id.to_string()/> };
    let Actions {
        rename,
        secret,
        token,
        verify,
        regenerate,
        set_webhook,
        test_webhook,
        delete,
        mark_read,
        webhook,
    } = actions;
    let i18n = use_i18n();
    let test_result = move || {
        test_webhook.value().get().and_then(|r| r.ok()).map(|result| {
            let class = if result.success { "alert alert--success" } else { "alert alert--error" };
            view! {
                <div class=class role="status" data-testid="webhook-test">
                    {if result.success { t_string!(i18n, account.test_succeeded) } else { t_string!(i18n, account.test_failed) }}
                    {t!(i18n, account.test_status, code = result.status_code, reason = result.reason.clone(), detail = result.detail.clone())}
                </div>
            }
        })
    };
    let verify_error = account.verify_error.clone();
    let bot = account.bot.clone();
    let read_receipts = view! {
        <ReadReceiptsPanel account_id=account.id mark_read=account.mark_read bot=account.bot.clone() action=mark_read/>
    };
    // Dates keep the desk's one format (`crate::reader::datetime`); the words around them are translated.
    let last_webhook = account.last_webhook_at.map(crate::reader::datetime);
    let acknowledged = match (&account.privacy_ack_by, account.privacy_ack_at) {
        (Some(who), Some(at)) => Some((
            crate::labels::actor(i18n.get_locale_untracked(), who),
            crate::reader::datetime(at),
            account.privacy_notice_version.clone().unwrap_or_default(),
        )),
        _ => None,
    };
    let used_by = account.workstreams.join(", ");
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb"><a href="/channels">{t!(i18n, page.channels)}</a>" › "<a href="/channels/accounts">{t!(i18n, account.messaging_accounts)}</a></p>
                <h1>{account.name.clone()}" "{status_badge(account.status)}</h1>
                <p class="muted">{t!(i18n, account.subtitle, channel = account.channel_id.clone(), by = crate::labels::actor(i18n.get_locale(), &account.created_by.clone().unwrap_or_default()), date = crate::reader::datetime(account.created_at))}</p>
            </div>
            <ActionForm action=verify>
                {hidden()}
                <button type="submit" class="button button--secondary">{t!(i18n, account.verify_now)}</button>
            </ActionForm>
        </div>
        <FormError error=general_error(verify.value())/>
        {verify_error.map(|problem| view! { <div class="alert alert--warn" role="status">{t!(i18n, account.last_check, message = crate::error_text::problem_text(i18n.get_locale(), &problem))}</div> })}
        <div class="layout-two">
            <div class="stack">
                <section class="panel">
                    <h2>{t!(i18n, account.details_heading)}</h2>
                    {bot.map(|bot| view! {
                        <div class="bot-card">
                            <div>
                                <div class="cell-primary" data-testid="bot-name">{bot.display_name}</div>
                                <div class="cell-secondary">{t!(i18n, account.bot_line, basic_id = bot.basic_id, user_id = bot.user_id)}</div>
                            </div>
                        </div>
                    })}
                    <ActionForm action=rename attr:class="form form--inline" attr:novalidate=true>
                        {hidden()}
                        <Field label=move || t_string!(i18n, account.name) name="name" value=account.name.clone() error=field_error(rename.value(), "name")/>
                        <button type="submit" class="button button--secondary">{t!(i18n, account.save_name)}</button>
                    </ActionForm>
                    <FormError error=general_error(rename.value())/>
                    <dl class="facts">
                        <dt>{t!(i18n, account.channel_id)}</dt><dd class="mono">{account.channel_id.clone()}</dd>
                        <dt>{t!(i18n, account.channel_secret)}</dt><dd class="mono" data-testid="secret-hint">{account.secret_hint.clone().unwrap_or_default()}</dd>
                        <dt>{t!(i18n, account.access_token)}</dt><dd class="mono" data-testid="token-hint">{account.token_hint.clone().unwrap_or_default()}</dd>
                    </dl>
                    <details class="replace">
                        <summary>{t!(i18n, account.replace_secret)}</summary>
                        <ActionForm action=secret attr:class="form form--inline" attr:novalidate=true>
                            {hidden()}
                            <Field label=move || t_string!(i18n, account.new_secret) name="channel_secret" kind="password" autocomplete="off" error=field_error(secret.value(), "channel_secret")/>
                            <button type="submit" class="button button--secondary">{t!(i18n, account.replace)}</button>
                        </ActionForm>
                    </details>
                    <details class="replace">
                        <summary>{t!(i18n, account.replace_token)}</summary>
                        <ActionForm action=token attr:class="form form--inline" attr:novalidate=true>
                            {hidden()}
                            <Field label=move || t_string!(i18n, account.new_token) name="access_token" kind="password" autocomplete="off" hint=move || t_string!(i18n, account.new_token_hint) error=field_error(token.value(), "access_token")/>
                            <button type="submit" class="button button--secondary">{t!(i18n, account.replace)}</button>
                        </ActionForm>
                    </details>
                </section>
                <section class="panel">
                    <h2>{t!(i18n, account.callback_heading)}</h2>
                    <CopyField label=move || t_string!(i18n, account.callback_url) id="callback-url" value=account.callback_url.clone()/>
                    {account.callback_url.starts_with("http://").then(|| view! {
                        <div class="alert alert--warn" role="status" data-testid="callback-http">
                            {t!(i18n, account.callback_http)}
                        </div>
                    })}
                    <Suspense fallback=move || view! { <p class="loading">{t!(i18n, account.asking_line)}</p> }>
                        {move || Suspend::new(async move {
                            match webhook.await {
                                Ok(status) if status.matches_ours && status.active => view! {
                                    <p class="ok-line" data-testid="line-webhook">{t!(i18n, account.webhook_ok)}</p>
                                }.into_any(),
                                Ok(status) => view! {
                                    <div class="alert alert--warn" role="status" data-testid="line-webhook">
                                        {if status.endpoint.is_empty() { t!(i18n, account.webhook_none).into_any() }
                                         else if !status.matches_ours { t!(i18n, account.webhook_elsewhere, url = status.endpoint.clone()).into_any() }
                                         else { t!(i18n, account.webhook_off).into_any() }}
                                    </div>
                                }.into_any(),
                                Err(err) => view! { <div class="alert alert--warn" role="status" data-testid="line-webhook">{t!(i18n, account.webhook_unreadable, error = crate::components::form_error::error_message(&err))}</div> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <div class="button-row">
                        <ActionForm action=set_webhook>{hidden()}<button type="submit" class="button button--primary">{t!(i18n, account.set_webhook)}</button></ActionForm>
                        <ActionForm action=test_webhook>{hidden()}<button type="submit" class="button button--secondary">{t!(i18n, account.test_webhook)}</button></ActionForm>
                    </div>
                    <FormError error=general_error(set_webhook.value())/>
                    <FormError error=general_error(test_webhook.value())/>
                    {test_result}
                    <details class="replace">
                        <summary>{t!(i18n, account.regenerate_heading)}</summary>
                        <p class="muted">{t!(i18n, account.regenerate_warning)}</p>
                        <ActionForm action=regenerate>{hidden()}<button type="submit" class="button button--danger">{t!(i18n, account.regenerate)}</button></ActionForm>
                    </details>
                    <p class="cell-secondary">{t!(i18n, account.last_webhook, when = move || last_webhook.clone().unwrap_or_else(|| t_string!(i18n, account.never).to_string()))}</p>
                    <a class="button button--ghost" href=format!("/channels/accounts/{}/events", account.id)>{t!(i18n, account.event_log)}</a>
                </section>
            </div>
            <div class="stack">
                {read_receipts}
                <section class="panel">
                    <h2>{t!(i18n, account.privacy_heading)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, account.notice)}</dt>
                        <dd>{match acknowledged {
                            Some((who, at, version)) => t!(i18n, account.acknowledged, who = who, date = at, version = version).into_any(),
                            None => t!(i18n, account.not_acknowledged).into_any(),
                        }}</dd>
                    </dl>
                </section>
                <section class="panel panel--danger">
                    <h2>{t!(i18n, account.delete_heading)}</h2>
                    <p>{if used_by.is_empty() { t!(i18n, account.unused).into_any() } else { t!(i18n, account.used_by, workstreams = used_by).into_any() }}</p>
                    <p class="muted">{t!(i18n, account.delete_explained)}</p>
                    <FormError error=general_error(delete.value())/>
                    <ActionForm action=delete attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label=move || t_string!(i18n, account.confirm_name) name="confirm_name" error=field_error(delete.value(), "confirm_name")/>
                        <button type="submit" class="button button--danger">{t!(i18n, account.delete_heading)}</button>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}
