use crate::api::accounts::{
    get_account, get_region, FinishAccount, SaveAccountChannelDetails, SaveAccountDetails,
};
use crate::components::account_status_badge::status_badge;
use crate::components::copy_button::CopyField;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::wizard_steps::WizardSteps;
use crate::i18n::*;
use domain::account::{AccountView, BotProfile, Region};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The wizard's steps by name.
fn steps(i18n: leptos_i18n::I18nContext<Locale>) -> Vec<TextProp> {
    vec![
        (move || t_string!(i18n, account_wizard.step.channel)).into(),
        (move || t_string!(i18n, account_wizard.step.account)).into(),
        (move || t_string!(i18n, account_wizard.step.callback)).into(),
        (move || t_string!(i18n, account_wizard.step.done)).into(),
    ]
}

/// Channels > Messaging accounts > New account. Each step is saved on the server (secrets
/// sealed), so Back and Next keep what was typed, with or without JavaScript.
#[component]
pub fn AccountWizardPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, account_wizard.title).to_string()/>
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
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/channels">{t!(i18n, page.channels)}</a>" › "<a href="/channels/accounts">{t!(i18n, account_wizard.messaging_accounts)}</a></p>
            <h1>{t!(i18n, account_wizard.title)}</h1>
        </div>
        <section class="panel wizard">
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, account_wizard.loading)}</p> }>
                {move || Suspend::new(async move {
                    let step = step();
                    if region.await == Ok(Region::Government) && step != "done" {
                        return view! { <div class="alert alert--info" role="status">{t!(i18n, channels.government_region)}</div> }.into_any();
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
    let i18n = use_i18n();
    view! {
        <WizardSteps steps=steps(i18n) current=0/>
        <h2>{t!(i18n, account_wizard.step.channel)}</h2>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            {id.map(|id| view! { <input type="hidden" name="draft_id" value=id/> })}
            <Field label=move || t_string!(i18n, account_wizard.name) name="name" required=true value=name.unwrap_or_default()
                hint=move || t_string!(i18n, account_wizard.name_hint) error=field_error(value, "name")/>
            <div class="field">
                <label for="field-channel">{t!(i18n, account_wizard.channel)}</label>
                <select id="field-channel" name="channel">
                    <option value="line" selected=true>"LINE"</option>
                </select>
                <p class="field__hint">{t!(i18n, account_wizard.channel_hint)}</p>
            </div>
            <div class="wizard__actions">
                <button type="submit" class="button button--primary">{t!(i18n, account_wizard.next)}</button>
                <a class="button button--secondary" href="/channels/accounts">{t!(i18n, account_wizard.cancel)}</a>
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
    let i18n = use_i18n();
    let stored_secret = draft.secret_hint.clone();
    // A field hint is text, not a view, so the stored hint goes in by hand: `{hint}` in
    // these two texts is not an i18n variable.
    let secret_hint = move || match &stored_secret {
        Some(hint) => t_string!(i18n, account_wizard.secret_hint_stored).replace("{hint}", hint),
        None => t_string!(i18n, account_wizard.secret_hint).to_string(),
    };
    let stored_token = draft.token_hint.clone();
    let token_hint = move || match &stored_token {
        Some(hint) => t_string!(i18n, account_wizard.token_hint_stored).replace("{hint}", hint),
        None => t_string!(i18n, account_wizard.token_hint).to_string(),
    };
    view! {
        <WizardSteps steps=steps(i18n) current=1/>
        <h2>{t!(i18n, account_wizard.step.account)}</h2>
        <p class="muted">{t!(i18n, account_wizard.checks_token)}</p>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft.id.to_string()/>
            <Field label=move || t_string!(i18n, account_wizard.channel_id) name="channel_id" required=true value=draft.channel_id.clone()
                hint=move || t_string!(i18n, account_wizard.channel_id_hint) error=field_error(value, "channel_id")/>
            <Field label=move || t_string!(i18n, account_wizard.channel_secret) name="channel_secret" kind="password" autocomplete="off" required=draft.secret_hint.is_none()
                hint=secret_hint error=field_error(value, "channel_secret")/>
            <Field label=move || t_string!(i18n, account_wizard.access_token) name="access_token" kind="password" autocomplete="off" required=draft.token_hint.is_none()
                hint=token_hint error=field_error(value, "access_token")/>
            {move || line_error.get().map(|message| view! {
                <div class="alert alert--warn" role="alert">
                    <p>{message}</p>
                    <label class="checkbox"><input type="checkbox" name="save_unverified"/>" "{t!(i18n, account_wizard.save_unverified)}</label>
                </div>
            })}
            {draft.bot.clone().map(|bot| view! { <p class="field__hint">{t!(i18n, account_wizard.bot_known_as)}</p><BotCard bot/> })}
            <div class="wizard__actions">
                <button type="submit" class="button button--primary" name="nav" value="next">{t!(i18n, account_wizard.next)}</button>
                <button type="submit" class="button button--secondary" name="nav" value="back" formnovalidate=true>{t!(i18n, account_wizard.back)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn StepCallback(draft: AccountView) -> impl IntoView {
    let action = ServerAction::<FinishAccount>::new();
    let value = action.value();
    let i18n = use_i18n();
    view! {
        <WizardSteps steps=steps(i18n) current=2/>
        <h2>{t!(i18n, account_wizard.step.callback)}</h2>
        <p class="muted">{t!(i18n, account_wizard.callback_intro)}</p>
        <CopyField label=move || t_string!(i18n, account_wizard.callback_url) id="callback-url" value=draft.callback_url.clone()/>
        {match draft.bot.clone() {
            Some(bot) if draft.verify_error.is_none() => view! {
                <div class="verified"><span class="badge badge--ok">{t!(i18n, account_wizard.verified)}</span><BotCard bot/></div>
            }.into_any(),
            _ => view! {
                <div class="alert alert--warn" role="status">
                    {t!(i18n, account_wizard.will_be_unverified, reason = draft.verify_error.as_ref().map(|p| crate::error_text::problem_text(i18n.get_locale(), p)).unwrap_or_default())}
                </div>
            }.into_any(),
        }}
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft.id.to_string()/>
            <div class="notice" class:notice--invalid=move || field_error(value, "acknowledge").get().is_some()>
                <h3>{t!(i18n, account_wizard.sharing_heading)}</h3>
                <p>{t!(i18n, account_wizard.sharing_body)}</p>
                <p>{t!(i18n, account_wizard.sharing_recorded)}</p>
                <label class="checkbox">
                    <input type="checkbox" name="acknowledge" id="field-acknowledge"/>
                    " "{t!(i18n, account_wizard.acknowledge)}
                </label>
                <p class="field__error" role="alert">{move || field_error(value, "acknowledge").get()}</p>
            </div>
            <div class="wizard__actions">
                <button type="submit" class="button button--primary" name="nav" value="done">{t!(i18n, account_wizard.step.done)}</button>
                <button type="submit" class="button button--secondary" name="nav" value="back">{t!(i18n, account_wizard.back)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn StepDone(account: AccountView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <WizardSteps steps=steps(i18n) current=3/>
        <div class="done">
            <h2>{t!(i18n, account_wizard.created)}</h2>
            <p>{t!(i18n, account_wizard.connected, name = account.name.clone())}" "{status_badge(account.status)}</p>
            {account.bot.clone().map(|bot| view! { <BotCard bot/> })}
            <p class="muted">{t!(i18n, account_wizard.next_steps)}</p>
            <div class="wizard__actions">
                <a class="button button--primary" href=format!("/channels/accounts/{}", account.id)>{t!(i18n, account_wizard.open_account)}</a>
                <a class="button button--secondary" href="/channels/accounts">{t!(i18n, account_wizard.back_to_accounts)}</a>
            </div>
        </div>
    }
}
