use crate::api::workstreams::{
    get_workstream, line_setup_url, list_line_accounts_for_setup, FinishLineSetup, SaveLineAccount,
    SaveLineBehaviors, SaveLineLanguage, SaveLineUserFeatures, LINE_STEPS,
};
use crate::components::automated_messages::AutomatedMessageFields;
use crate::components::channel_summary::{language_name, trigger_name, ChannelSummary};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use crate::components::wizard_steps::WizardSteps;
use crate::i18n::*;
use domain::automated::{Trigger, LANGUAGES};
use domain::workstream::{
    effective_message, LineChannelView, SurveyMode, WorkstreamSettings, WorkstreamView,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The wizard's pages by name, as `LINE_STEPS` orders them.
fn step_labels(i18n: leptos_i18n::I18nContext<Locale>) -> Vec<TextProp> {
    vec![
        "LINE".into(),
        (move || t_string!(i18n, line_setup.step.language)).into(),
        (move || t_string!(i18n, line_setup.step.behaviors)).into(),
        (move || t_string!(i18n, line_setup.step.features)).into(),
        (move || t_string!(i18n, line_setup.step.summary)).into(),
    ]
}

/// Workstream › Set up LINE: LINE → Language → Behaviors → User features → Summary → Finish.
/// Every page saves on the server, so Back, Next and the summary's Edit links keep every choice,
/// with or without JavaScript.
#[component]
pub fn LineSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, line_setup.title).to_string()/>
        <Guarded path="/workstreams"><LineSetupContent/></Guarded>
    }
}

#[component]
fn LineSetupContent() -> impl IntoView {
    let query = use_query_map();
    let id = route_id();
    let step = move || query.read().get("step").unwrap_or_else(|| "account".into());
    let from_summary = move || query.read().get("from").as_deref() == Some("summary");
    let workstream = Resource::new(move || (id(), step()), |(id, _)| get_workstream(id));
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, line_setup.loading)}</p> }>
            {move || Suspend::new(async move {
                let step = step();
                let from_summary = from_summary();
                match workstream.await {
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=move || t_string!(i18n, line_setup.not_found) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                    Ok(workstream) => {
                        let current = LINE_STEPS.iter().position(|(s, _)| *s == step).unwrap_or(0);
                        // Later pages need the account picked on the first one.
                        let current = if workstream.channel.is_none() { 0 } else { current };
                        let page = match (current, workstream.channel.clone()) {
                            (1, Some(channel)) => view! { <StepLanguage id=workstream.id channel from_summary/> }.into_any(),
                            (2, Some(channel)) => view! { <StepBehaviors id=workstream.id channel settings=workstream.settings.clone() from_summary/> }.into_any(),
                            (3, Some(channel)) => view! { <StepFeatures id=workstream.id channel from_summary/> }.into_any(),
                            (4, Some(channel)) => view! { <StepSummary id=workstream.id channel settings=workstream.settings.clone()/> }.into_any(),
                            (_, channel) => view! { <StepAccount id=workstream.id channel from_summary/> }.into_any(),
                        };
                        view! {
                            <Header workstream=workstream.clone()/>
                            <section class="panel wizard">
                                <WizardSteps steps=step_labels(i18n) current/>
                                {page}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Header(workstream: WorkstreamView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">{t!(i18n, page.workstreams)}</a>" › "<a href=format!("/workstreams/{}", workstream.id)>{workstream.name.clone()}</a></p>
            <h1>{t!(i18n, line_setup.title)}</h1>
        </div>
    }
}

/// Next / Back, and "Save and return to summary" when the admin came from the summary.
#[component]
fn WizardButtons(#[prop(optional)] first: bool, from_summary: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="wizard__actions">
            {from_summary.then(|| view! { <button type="submit" class="button button--primary" name="nav" value="summary">{t!(i18n, line_setup.save_return)}</button> })}
            <button type="submit" class=if from_summary { "button button--secondary" } else { "button button--primary" } name="nav" value="next">{t!(i18n, line_setup.next)}</button>
            {(!first).then(|| view! { <button type="submit" class="button button--secondary" name="nav" value="back">{t!(i18n, line_setup.back)}</button> })}
        </div>
    }
}

#[component]
fn StepAccount(id: i64, channel: Option<LineChannelView>, from_summary: bool) -> impl IntoView {
    let action = ServerAction::<SaveLineAccount>::new();
    let value = action.value();
    let accounts = Resource::new(|| (), |_| list_line_accounts_for_setup());
    let current = channel.and_then(|c| c.account_id);
    let i18n = use_i18n();
    view! {
        <h2>"LINE"</h2>
        <p class="muted">{t!(i18n, line_setup.account_intro)}</p>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, line_setup.loading_accounts)}</p> }>
                {move || Suspend::new(async move {
                    let accounts = accounts.await.unwrap_or_default();
                    if accounts.is_empty() {
                        return view! {
                            <div class="empty-state">
                                <p>{t!(i18n, line_setup.no_account)}</p>
                                <a class="button button--primary" href="/channels/accounts/new">{t!(i18n, line_setup.new_account)}</a>
                            </div>
                        }.into_any();
                    }
                    view! {
                        <fieldset class="field" class:field--invalid=move || field_error(value, "account_id").get().is_some()>
                            <legend>{t!(i18n, line_setup.line_account)}</legend>
                            {accounts.into_iter().map(|a| {
                                let taken = a.taken_by.clone().filter(|_| Some(a.id) != current);
                                let is_taken = taken.is_some();
                                view! {
                                    <label class="checkbox account-choice" class:account-choice--taken=is_taken>
                                        <input type="radio" name="account_id" value=a.id.to_string() checked=Some(a.id) == current disabled=is_taken/>
                                        " "<span class="cell-primary">{a.name.clone()}</span>
                                        " "<span class="cell-secondary">{a.basic_id.clone().unwrap_or_default()}</span>
                                        {taken.map(|w| view! { " "<span class="badge badge--muted">{t!(i18n, line_setup.taken_by, workstream = w)}</span> })}
                                    </label>
                                }
                            }).collect_view()}
                            <p class="field__error" role="alert">{move || field_error(value, "account_id").get()}</p>
                        </fieldset>
                    }.into_any()
                })}
            </Suspense>
            <WizardButtons first=true from_summary/>
        </ActionForm>
    }
}

#[component]
fn StepLanguage(id: i64, channel: LineChannelView, from_summary: bool) -> impl IntoView {
    let action = ServerAction::<SaveLineLanguage>::new();
    let value = action.value();
    let current = channel.config.language.clone();
    let also = channel.config.languages.clone();
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, line_setup.step.language)}</h2>
        <p class="muted">{t!(i18n, line_setup.language_intro)}</p>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <div class="field" class:field--invalid=move || field_error(value, "language").get().is_some()>
                <label for="field-language">{t!(i18n, line_setup.step.language)}</label>
                <select id="field-language" name="language">
                    {LANGUAGES.iter().map(|(code, _)| view! { <option value=*code selected=current == *code>{move || language_name(i18n.get_locale(), code)}</option> }).collect_view()}
                </select>
                <p class="field__error" role="alert">{move || field_error(value, "language").get()}</p>
            </div>
            <fieldset class="field">
                <legend>{t!(i18n, line_setup.also_answer)}</legend>
                <p class="muted">{t!(i18n, line_setup.also_intro)}</p>
                {LANGUAGES.iter().map(|(code, _)| {
                    let name = format!("also_{}", code.replace('-', "_").to_lowercase());
                    let checked = also.iter().any(|l| l == code);
                    view! { <div class="field field--check"><label><input type="checkbox" name=name value="on" checked=checked/>" "{move || language_name(i18n.get_locale(), code)}</label></div> }
                }).collect_view()}
                <p class="field__error" role="alert">{move || field_error(value, "languages").get()}</p>
            </fieldset>
            <WizardButtons from_summary/>
        </ActionForm>
    }
}

#[component]
fn StepBehaviors(
    id: i64,
    channel: LineChannelView,
    settings: WorkstreamSettings,
    from_summary: bool,
) -> impl IntoView {
    let action = ServerAction::<SaveLineBehaviors>::new();
    let value = action.value();
    let config = channel.config.clone();
    let survey = config.survey.clone();
    let link = survey.mode == SurveyMode::Link;
    let messages = Trigger::ALL
        .into_iter()
        .map(|t| {
            let (on, text) = effective_message(&config, &settings, t);
            (t, on, text)
        })
        .collect();
    let i18n = use_i18n();
    let language = config.language.clone();
    view! {
        <h2>{t!(i18n, line_setup.step.behaviors)}</h2>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <h3>{t!(i18n, line_setup.automated_messages)}</h3>
            <p class="muted">{t!(i18n, line_setup.sent_in, language = move || language_name(i18n.get_locale(), &language))}</p>
            <AutomatedMessageFields messages error=last_error(value)/>
            <h3>{t!(i18n, line_setup.survey_heading)}</h3>
            <label class="checkbox"><input type="checkbox" name="survey_enabled" checked=survey.enabled/>" "{t!(i18n, line_setup.survey_enabled)}</label>
            <fieldset class="field">
                <legend>{t!(i18n, line_setup.survey_mode)}</legend>
                <label class="checkbox"><input type="radio" name="survey_mode" value="in_conversation" checked=!link/>" "{t!(i18n, line_setup.survey_in_conversation)}</label>
                <label class="checkbox"><input type="radio" name="survey_mode" value="link" checked=link/>" "{t!(i18n, line_setup.survey_link)}</label>
            </fieldset>
            <Field label=move || t_string!(i18n, line_setup.link_text) name="survey_link_text" value=survey.link_text.clone() error=field_error(value, "survey_link_text")/>
            <Field label=move || t_string!(i18n, line_setup.survey_url) name="survey_link_url" kind="url" value=survey.link_url.clone() placeholder="https://" error=field_error(value, "survey_link_url")/>
            <WizardButtons from_summary/>
        </ActionForm>
    }
}

#[component]
fn StepFeatures(id: i64, channel: LineChannelView, from_summary: bool) -> impl IntoView {
    let action = ServerAction::<SaveLineUserFeatures>::new();
    let value = action.value();
    let a = channel.config.attachments.clone();
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, line_setup.step.features)}</h2>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <h3>{t!(i18n, line_setup.attachments_heading)}</h3>
            <label class="checkbox"><input type="checkbox" name="attachments_enabled" checked=a.enabled/>" "{t!(i18n, line_setup.attachments_enabled)}</label>
            <label class="checkbox"><input type="checkbox" name="customers_can_send" checked=a.customers_can_send/>" "{t!(i18n, line_setup.customers_can_send)}</label>
            <label class="checkbox"><input type="checkbox" name="agents_can_send" checked=a.agents_can_send/>" "{t!(i18n, line_setup.agents_can_send)}</label>
            <Field label=move || t_string!(i18n, line_setup.size_limit) name="max_size_mb" kind="number" value=a.max_size_mb.to_string() error=field_error(value, "max_size_mb")/>
            <Field label=move || t_string!(i18n, line_setup.blocked) name="blocked_extensions" value=a.blocked_extensions.join(", ") hint=move || t_string!(i18n, line_setup.blocked_hint) error=field_error(value, "blocked_extensions")/>
            <p class="muted">{t!(i18n, line_setup.refused_explained, message = move || trigger_name(i18n.get_locale(), Trigger::AttachmentRefused))}</p>
            <WizardButtons from_summary/>
        </ActionForm>
    }
}

#[component]
fn StepSummary(id: i64, channel: LineChannelView, settings: WorkstreamSettings) -> impl IntoView {
    let action = ServerAction::<FinishLineSetup>::new();
    let value = action.value();
    let active = channel.active;
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, line_setup.step.summary)}</h2>
        <p class="muted">{t!(i18n, line_setup.summary_intro)}</p>
        <ChannelSummary workstream_id=id channel settings edit_links=true/>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form">
            <input type="hidden" name="id" value=id.to_string()/>
            <div class="wizard__actions">
                <button type="submit" class="button button--primary">{move || if active { t_string!(i18n, line_setup.done) } else { t_string!(i18n, line_setup.finish) }}</button>
                <a class="button button--secondary" href=line_setup_url(id, "features")>{t!(i18n, line_setup.back)}</a>
            </div>
        </ActionForm>
    }
}
