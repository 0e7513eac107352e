use crate::api::accounts::{
    get_account, get_account_webhook, DeleteAccount, RegenerateCallbackKey, RenameAccount,
    ReplaceAccountSecret, ReplaceAccountToken, SetAccountWebhook, TestAccountWebhook,
    VerifyAccount,
};
use crate::components::account_status_badge::status_badge;
use crate::components::copy_button::CopyField;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use domain::account::AccountView;
use domain::time::format_utc;
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// One messaging account: its details, secrets (masked), callback and webhook, privacy, deletion.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Messaging account"/>
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
        webhook,
    };
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => view! { <AccountBody account actions/> }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title="Account not found" message=crate::components::form_error::error_message(&err)/>
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
        webhook,
    } = actions;
    let test_result = move || {
        test_webhook.value().get().and_then(|r| r.ok()).map(|result| {
            let class = if result.success { "alert alert--success" } else { "alert alert--error" };
            view! {
                <div class=class role="status" data-testid="webhook-test">
                    {if result.success { "Webhook test succeeded: LINE reached the URL it has for this channel" } else { "Webhook test failed: LINE could not reach the URL it has for this channel" }}
                    {format!(" — status {} ({}) {}", result.status_code, result.reason, result.detail)}
                </div>
            }
        })
    };
    let verify_error = account.verify_error.clone();
    let bot = account.bot.clone();
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb"><a href="/channels">"Channels"</a>" › "<a href="/channels/accounts">"Messaging accounts"</a></p>
                <h1>{account.name.clone()}" "{status_badge(account.status)}</h1>
                <p class="muted">{format!("LINE channel {} · created by {} on {}", account.channel_id, account.created_by.clone().unwrap_or_default(), format_utc(account.created_at))}</p>
            </div>
            <ActionForm action=verify>
                {hidden()}
                <button type="submit" class="button button--secondary">"Verify now"</button>
            </ActionForm>
        </div>
        <FormError error=general_error(verify.value())/>
        {verify_error.map(|message| view! { <div class="alert alert--warn" role="status">{format!("Last check: {message}")}</div> })}
        <div class="layout-two">
            <div class="stack">
                <section class="panel">
                    <h2>"Account details"</h2>
                    {bot.map(|bot| view! {
                        <div class="bot-card">
                            <div>
                                <div class="cell-primary" data-testid="bot-name">{bot.display_name}</div>
                                <div class="cell-secondary">{format!("{} · bot user {}", bot.basic_id, bot.user_id)}</div>
                            </div>
                        </div>
                    })}
                    <ActionForm action=rename attr:class="form form--inline" attr:novalidate=true>
                        {hidden()}
                        <Field label="Name" name="name" value=account.name.clone() error=field_error(rename.value(), "name")/>
                        <button type="submit" class="button button--secondary">"Save name"</button>
                    </ActionForm>
                    <FormError error=general_error(rename.value())/>
                    <dl class="facts">
                        <dt>"Channel ID"</dt><dd class="mono">{account.channel_id.clone()}</dd>
                        <dt>"Channel secret"</dt><dd class="mono" data-testid="secret-hint">{account.secret_hint.clone().unwrap_or_default()}</dd>
                        <dt>"Channel access token"</dt><dd class="mono" data-testid="token-hint">{account.token_hint.clone().unwrap_or_default()}</dd>
                    </dl>
                    <details class="replace">
                        <summary>"Replace channel secret"</summary>
                        <ActionForm action=secret attr:class="form form--inline" attr:novalidate=true>
                            {hidden()}
                            <Field label="New channel secret" name="channel_secret" kind="password" autocomplete="off" error=field_error(secret.value(), "channel_secret")/>
                            <button type="submit" class="button button--secondary">"Replace"</button>
                        </ActionForm>
                    </details>
                    <details class="replace">
                        <summary>"Replace channel access token"</summary>
                        <ActionForm action=token attr:class="form form--inline" attr:novalidate=true>
                            {hidden()}
                            <Field label="New channel access token" name="access_token" kind="password" autocomplete="off" hint="linedesk checks the new token with LINE." error=field_error(token.value(), "access_token")/>
                            <button type="submit" class="button button--secondary">"Replace"</button>
                        </ActionForm>
                    </details>
                </section>
                <section class="panel">
                    <h2>"Callback information"</h2>
                    <CopyField label="Callback URL" id="callback-url" value=account.callback_url.clone()/>
                    {account.callback_url.starts_with("http://").then(|| view! {
                        <div class="alert alert--warn" role="status" data-testid="callback-http">
                            "LINE only sends webhooks to https URLs. Set PUBLIC_URL to the https address this desk is reached at (behind a TLS proxy), then set the webhook URL on LINE again."
                        </div>
                    })}
                    <Suspense fallback=|| view! { <p class="loading">"Asking LINE…"</p> }>
                        {move || Suspend::new(async move {
                            match webhook.await {
                                Ok(status) if status.matches_ours && status.active => view! {
                                    <p class="ok-line" data-testid="line-webhook">"LINE sends webhooks to this URL, and Use webhook is on."</p>
                                }.into_any(),
                                Ok(status) => view! {
                                    <div class="alert alert--warn" role="status" data-testid="line-webhook">
                                        {if status.endpoint.is_empty() { "LINE has no webhook URL for this channel yet.".to_string() }
                                         else if !status.matches_ours { format!("LINE sends webhooks to a different URL: {}", status.endpoint) }
                                         else { "LINE has this URL, but Use webhook is off in the LINE console.".to_string() }}
                                    </div>
                                }.into_any(),
                                Err(err) => view! { <div class="alert alert--warn" role="status" data-testid="line-webhook">{format!("Could not read LINE's webhook settings: {err}")}</div> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <div class="button-row">
                        <ActionForm action=set_webhook>{hidden()}<button type="submit" class="button button--primary">"Set webhook URL on LINE"</button></ActionForm>
                        <ActionForm action=test_webhook>{hidden()}<button type="submit" class="button button--secondary">"Test webhook"</button></ActionForm>
                    </div>
                    <FormError error=general_error(set_webhook.value())/>
                    <FormError error=general_error(test_webhook.value())/>
                    {test_result}
                    <details class="replace">
                        <summary>"Regenerate callback URL"</summary>
                        <p class="muted">"The current URL stops working at once (LINE gets 404 until you set the new one on LINE)."</p>
                        <ActionForm action=regenerate>{hidden()}<button type="submit" class="button button--danger">"Regenerate"</button></ActionForm>
                    </details>
                    <p class="cell-secondary">{format!("Last webhook received: {}", account.last_webhook_at.map(format_utc).unwrap_or_else(|| "never".into()))}</p>
                    <a class="button button--ghost" href=format!("/channels/accounts/{}/events", account.id)>"Raw event log"</a>
                </section>
            </div>
            <div class="stack">
                <section class="panel">
                    <h2>"Privacy"</h2>
                    <dl class="facts">
                        <dt>"Data-sharing notice"</dt>
                        <dd>{match (&account.privacy_ack_by, account.privacy_ack_at) {
                            (Some(who), Some(at)) => format!("Acknowledged by {who} on {} (notice {})", format_utc(at), account.privacy_notice_version.clone().unwrap_or_default()),
                            _ => "Not acknowledged".to_string(),
                        }}</dd>
                    </dl>
                </section>
                <section class="panel panel--danger">
                    <h2>"Delete account"</h2>
                    <p>{if account.workstreams.is_empty() { "No workstream uses this account.".to_string() } else { format!("Used by: {}. Deleting is refused until they stop using it.", account.workstreams.join(", ")) }}</p>
                    <p class="muted">"Deleting first clears the webhook URL on LINE (when LINE has this desk's URL; if LINE can't be reached you get the steps to do it in the LINE console), then ends this account's open conversations (customers get an end message where LINE accepts it, and agents' capacity is freed), then wipes the secrets; the callback URL stops working. Past conversations stay in history, marked \"account deleted\"; the audit trail stays."</p>
                    <FormError error=general_error(delete.value())/>
                    <ActionForm action=delete attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label="Type the account name to confirm" name="confirm_name" error=field_error(delete.value(), "confirm_name")/>
                        <button type="submit" class="button button--danger">"Delete account"</button>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}
