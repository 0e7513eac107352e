use crate::api::accounts::{
    get_account, get_region, FinishAccount, SaveAccountChannelDetails, SaveAccountDetails,
};
use crate::components::account_status_badge::status_badge;
use crate::components::copy_button::CopyField;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::wizard_steps::WizardSteps;
use domain::account::{AccountView, BotProfile, Region, GOVERNMENT_REGION_REASON};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const STEPS: &[&str] = &[
    "Channel details",
    "Account details",
    "Callback information",
    "Done",
];

/// Channels > Messaging accounts > New account. Each step is saved on the server (secrets
/// sealed), so Back and Next keep what was typed, with or without JavaScript.
#[component]
pub fn AccountWizardPage() -> impl IntoView {
    view! {
        <Title text="New account"/>
        <Guarded path="/channels/accounts"><WizardContent/></Guarded>
    }
}

#[component]
fn WizardContent() -> impl IntoView {
    let query = use_query_map();
    let draft_id = move || {
        query
            .read()
            .get("draft")
            .and_then(|v| v.parse::<i64>().ok())
    };
    let step = move || query.read().get("step").unwrap_or_else(|| "channel".into());
    // Keyed on the step too: each step's save changes the draft, and with JavaScript the next
    // step arrives by client-side navigation.
    let draft = Resource::new(
        move || (draft_id(), step()),
        |(id, _)| async move {
            match id {
                Some(id) => get_account(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let region = Resource::new(|| (), |_| get_region());
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/channels">"Channels"</a>" › "<a href="/channels/accounts">"Messaging accounts"</a></p>
            <h1>"New account"</h1>
        </div>
        <section class="panel wizard">
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let step = step();
                    if region.await == Ok(Region::Government) && step != "done" {
                        return view! { <div class="alert alert--info" role="status">{GOVERNMENT_REGION_REASON}</div> }.into_any();
                    }
                    match (draft.await, step.as_str()) {
                        (Err(err), _) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        (Ok(Some(draft)), "account") => view! { <StepAccount draft/> }.into_any(),
                        (Ok(Some(draft)), "callback") => view! { <StepCallback draft/> }.into_any(),
                        (Ok(Some(account)), "done") => view! { <StepDone account/> }.into_any(),
                        (Ok(draft), _) => view! { <StepChannel draft/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StepChannel(draft: Option<AccountView>) -> impl IntoView {
    let action = ServerAction::<SaveAccountChannelDetails>::new();
    let value = action.value();
    let name = draft.as_ref().map(|d| d.name.clone());
    let id = draft.as_ref().map(|d| d.id.to_string());
    view! {
        <WizardSteps steps=STEPS current=0/>
        <h2>"Channel details"</h2>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            {id.map(|id| view! { <input type="hidden" name="draft_id" value=id/> })}
            <Field label="Name" name="name" required=true value=name.unwrap_or_default()
                hint="How this account appears in linedesk, for example \"Support Japan\"." error=field_error(value, "name")/>
            <div class="field">
                <label for="field-channel">"Channel"</label>
                <select id="field-channel" name="channel">
                    <option value="line" selected=true>"LINE"</option>
                </select>
                <p class="field__hint">"A LINE Official Account with the Messaging API enabled."</p>
            </div>
            <div class="wizard__actions">
                <button type="submit" class="button button--primary">"Next"</button>
                <a class="button button--secondary" href="/channels/accounts">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn BotCard(bot: BotProfile) -> impl IntoView {
    let initial = bot.display_name.chars().next().unwrap_or('?').to_string();
    view! {
        <div class="bot-card">
            {match bot.picture_url.clone().filter(|url| domain::validation::is_https_url(url)) {
                Some(url) => view! { <img class="bot-card__picture" src=url alt=""/> }.into_any(),
                None => view! { <span class="bot-card__picture bot-card__picture--empty" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <div>
                <div class="cell-primary" data-testid="bot-name">{bot.display_name}</div>
                <div class="cell-secondary">{bot.basic_id}</div>
            </div>
        </div>
    }
}

#[component]
fn StepAccount(draft: AccountView) -> impl IntoView {
    let action = ServerAction::<SaveAccountDetails>::new();
    let value = action.value();
    let line_error = field_error(value, "line");
    let secret_hint = match &draft.secret_hint {
        Some(hint) => format!("Stored: {hint}. Leave blank to keep it. LINE Developers console › your channel › Basic settings › Channel secret."),
        None => "LINE Developers console › your channel › Basic settings › Channel secret (32 characters).".to_string(),
    };
    let token_hint = match &draft.token_hint {
        Some(hint) => format!("Stored: {hint}. Leave blank to keep it. Messaging API tab › Channel access token (long-lived) › Issue."),
        None => "LINE Developers console › your channel › Messaging API tab › Channel access token (long-lived) › Issue.".to_string(),
    };
    view! {
        <WizardSteps steps=STEPS current=1/>
        <h2>"Account details"</h2>
        <p class="muted">"linedesk checks the token with LINE when you continue."</p>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft.id.to_string()/>
            <Field label="Channel ID" name="channel_id" required=true value=draft.channel_id.clone()
                hint="LINE Developers console › your Messaging API channel › Basic settings › Channel ID (digits only)." error=field_error(value, "channel_id")/>
            <Field label="Channel secret" name="channel_secret" kind="password" autocomplete="off" required=draft.secret_hint.is_none()
                hint=secret_hint error=field_error(value, "channel_secret")/>
            <Field label="Channel access token" name="access_token" kind="password" autocomplete="off" required=draft.token_hint.is_none()
                hint=token_hint error=field_error(value, "access_token")/>
            {move || line_error.get().map(|message| view! {
                <div class="alert alert--warn" role="alert">
                    <p>{message}</p>
                    <label class="checkbox"><input type="checkbox" name="save_unverified"/>" Save as unverified and check later with Verify now"</label>
                </div>
            })}
            {draft.bot.clone().map(|bot| view! { <p class="field__hint">"Last check: LINE knows this token as"</p><BotCard bot/> })}
            <div class="wizard__actions">
                <button type="submit" class="button button--primary" name="nav" value="next">"Next"</button>
                <button type="submit" class="button button--secondary" name="nav" value="back" formnovalidate=true>"Back"</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn StepCallback(draft: AccountView) -> impl IntoView {
    let action = ServerAction::<FinishAccount>::new();
    let value = action.value();
    view! {
        <WizardSteps steps=STEPS current=2/>
        <h2>"Callback information"</h2>
        <p class="muted">"LINE sends your customers' messages to this URL. In the LINE Developers console open Messaging API › Webhook settings, paste it into Webhook URL and turn on Use webhook. You can also set it from the account page after Done."</p>
        <CopyField label="Callback URL" id="callback-url" value=draft.callback_url.clone()/>
        {match draft.bot.clone() {
            Some(bot) if draft.verify_error.is_none() => view! {
                <div class="verified"><span class="badge badge--ok">"Verified"</span><BotCard bot/></div>
            }.into_any(),
            _ => view! {
                <div class="alert alert--warn" role="status">
                    {format!("This account will be saved as unverified: {}", draft.verify_error.clone().unwrap_or_default())}
                </div>
            }.into_any(),
        }}
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft.id.to_string()/>
            <div class="notice" class:notice--invalid=move || field_error(value, "acknowledge").get().is_some()>
                <h3>"Data sharing with LINE"</h3>
                <p>"Messages, profiles and files exchanged through this account are sent to and stored by LINE (LY Corporation). That data leaves your organisation's compliance and geographic boundary and is handled under LINE's terms."</p>
                <p>"Your customers must be told that their communications may be recorded."</p>
                <label class="checkbox">
                    <input type="checkbox" name="acknowledge" id="field-acknowledge"/>
                    " I acknowledge that data will be shared with LINE outside our compliance boundary"
                </label>
                <p class="field__error" role="alert">{move || field_error(value, "acknowledge").get()}</p>
            </div>
            <div class="wizard__actions">
                <button type="submit" class="button button--primary" name="nav" value="done">"Done"</button>
                <button type="submit" class="button button--secondary" name="nav" value="back">"Back"</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn StepDone(account: AccountView) -> impl IntoView {
    view! {
        <WizardSteps steps=STEPS current=3/>
        <div class="done">
            <h2>"Account created"</h2>
            <p>{format!("{} is connected. ", account.name)}{status_badge(account.status)}</p>
            {account.bot.clone().map(|bot| view! { <BotCard bot/> })}
            <p class="muted">"Next: set the webhook URL on LINE and add this account to a workstream's LINE channel."</p>
            <div class="wizard__actions">
                <a class="button button--primary" href=format!("/channels/accounts/{}", account.id)>"Open account"</a>
                <a class="button button--secondary" href="/channels/accounts">"Back to accounts"</a>
            </div>
        </div>
    }
}
