use crate::api::workstreams::{
    get_workstream, line_setup_url, list_line_accounts_for_setup, FinishLineSetup, SaveLineAccount,
    SaveLineBehaviors, SaveLineLanguage, SaveLineUserFeatures, LINE_STEPS,
};
use crate::components::automated_messages::AutomatedMessageFields;
use crate::components::channel_summary::ChannelSummary;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use crate::components::wizard_steps::WizardSteps;
use domain::automated::{language_label, Trigger, LANGUAGES};
use domain::workstream::{
    effective_message, LineChannelView, SurveyMode, WorkstreamSettings, WorkstreamView,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const STEP_LABELS: &[&str] = &["LINE", "Language", "Behaviors", "User features", "Summary"];

/// Workstream › Set up LINE: LINE → Language → Behaviors → User features → Summary → Finish.
/// Every page saves on the server, so Back, Next and the summary's Edit links keep every choice,
/// with or without JavaScript.
#[component]
pub fn LineSetupPage() -> impl IntoView {
    view! {
        <Title text="Set up LINE"/>
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
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let step = step();
                let from_summary = from_summary();
                match workstream.await {
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title="Workstream not found" message=crate::components::form_error::error_message(&err)/>
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
                                <WizardSteps steps=STEP_LABELS current/>
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
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">"Workstreams"</a>" › "<a href=format!("/workstreams/{}", workstream.id)>{workstream.name.clone()}</a></p>
            <h1>"Set up LINE"</h1>
        </div>
    }
}

/// Next / Back, and "Save and return to summary" when the admin came from the summary.
#[component]
fn WizardButtons(#[prop(optional)] first: bool, from_summary: bool) -> impl IntoView {
    view! {
        <div class="wizard__actions">
            {from_summary.then(|| view! { <button type="submit" class="button button--primary" name="nav" value="summary">"Save and return to summary"</button> })}
            <button type="submit" class=if from_summary { "button button--secondary" } else { "button button--primary" } name="nav" value="next">"Next"</button>
            {(!first).then(|| view! { <button type="submit" class="button button--secondary" name="nav" value="back">"Back"</button> })}
        </div>
    }
}

#[component]
fn StepAccount(id: i64, channel: Option<LineChannelView>, from_summary: bool) -> impl IntoView {
    let action = ServerAction::<SaveLineAccount>::new();
    let value = action.value();
    let accounts = Resource::new(|| (), |_| list_line_accounts_for_setup());
    let current = channel.and_then(|c| c.account_id);
    view! {
        <h2>"LINE"</h2>
        <p class="muted">"Choose the LINE messaging account whose customers this workstream serves. An account feeds one workstream's LINE channel."</p>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <Suspense fallback=|| view! { <p class="loading">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    let accounts = accounts.await.unwrap_or_default();
                    if accounts.is_empty() {
                        return view! {
                            <div class="empty-state">
                                <p>"No LINE messaging account yet."</p>
                                <a class="button button--primary" href="/channels/accounts/new">"New account"</a>
                            </div>
                        }.into_any();
                    }
                    view! {
                        <fieldset class="field" class:field--invalid=move || field_error(value, "account_id").get().is_some()>
                            <legend>"LINE account"</legend>
                            {accounts.into_iter().map(|a| {
                                let taken = a.taken_by.clone().filter(|_| Some(a.id) != current);
                                let is_taken = taken.is_some();
                                view! {
                                    <label class="checkbox account-choice" class:account-choice--taken=is_taken>
                                        <input type="radio" name="account_id" value=a.id.to_string() checked=Some(a.id) == current disabled=is_taken/>
                                        " "<span class="cell-primary">{a.name.clone()}</span>
                                        " "<span class="cell-secondary">{a.basic_id.clone().unwrap_or_default()}</span>
                                        {taken.map(|w| view! { " "<span class="badge badge--muted">{format!("Taken by {w}")}</span> })}
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
    view! {
        <h2>"Language"</h2>
        <p class="muted">"The language of the messages customers get from linedesk (automated messages and the survey). Defaults ship in each listed language."</p>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <div class="field" class:field--invalid=move || field_error(value, "language").get().is_some()>
                <label for="field-language">"Language"</label>
                <select id="field-language" name="language">
                    {LANGUAGES.iter().map(|(code, label)| view! { <option value=*code selected=current == *code>{*label}</option> }).collect_view()}
                </select>
                <p class="field__error" role="alert">{move || field_error(value, "language").get()}</p>
            </div>
            <fieldset class="field">
                <legend>"Also answer in"</legend>
                <p class="muted">"A customer whose LINE app is set to one of these gets linedesk's messages in it; everyone else gets the language above. Texts you write under Behaviors are in the language above."</p>
                {LANGUAGES.iter().map(|(code, label)| {
                    let name = format!("also_{}", code.replace('-', "_").to_lowercase());
                    let checked = also.iter().any(|l| l == code);
                    view! { <div class="field field--check"><label><input type="checkbox" name=name value="on" checked=checked/>" "{*label}</label></div> }
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
    view! {
        <h2>"Behaviors"</h2>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <h3>"Automated messages"</h3>
            <p class="muted">{format!("Sent in {}. {{AgentName}}, {{QueueName}} and {{CustomerName}} are replaced when a message is sent, as are context variables.", language_label(&config.language))}</p>
            <AutomatedMessageFields messages error=last_error(value)/>
            <h3>"Post-conversation survey"</h3>
            <label class="checkbox"><input type="checkbox" name="survey_enabled" checked=survey.enabled/>" Send a survey when a conversation ends"</label>
            <fieldset class="field">
                <legend>"Survey mode"</legend>
                <label class="checkbox"><input type="radio" name="survey_mode" value="in_conversation" checked=!link/>" In the conversation — ratings 1 to 5 as LINE quick replies, then an optional comment"</label>
                <label class="checkbox"><input type="radio" name="survey_mode" value="link" checked=link/>" Send a link"</label>
            </fieldset>
            <Field label="Link text (at most 200 characters)" name="survey_link_text" value=survey.link_text.clone() error=field_error(value, "survey_link_text")/>
            <Field label="Survey URL" name="survey_link_url" kind="url" value=survey.link_url.clone() placeholder="https://" error=field_error(value, "survey_link_url")/>
            <WizardButtons from_summary/>
        </ActionForm>
    }
}

#[component]
fn StepFeatures(id: i64, channel: LineChannelView, from_summary: bool) -> impl IntoView {
    let action = ServerAction::<SaveLineUserFeatures>::new();
    let value = action.value();
    let a = channel.config.attachments.clone();
    view! {
        <h2>"User features"</h2>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
            <input type="hidden" name="id" value=id.to_string()/>
            <h3>"File attachments"</h3>
            <label class="checkbox"><input type="checkbox" name="attachments_enabled" checked=a.enabled/>" File attachments"</label>
            <label class="checkbox"><input type="checkbox" name="customers_can_send" checked=a.customers_can_send/>" Customers can send file attachments"</label>
            <label class="checkbox"><input type="checkbox" name="agents_can_send" checked=a.agents_can_send/>" Agents can send file attachments"</label>
            <Field label="Size limit (MB)" name="max_size_mb" kind="number" value=a.max_size_mb.to_string() error=field_error(value, "max_size_mb")/>
            <Field label="Blocked file extensions" name="blocked_extensions" value=a.blocked_extensions.join(", ") hint="Separated by commas, for example exe, bat." error=field_error(value, "blocked_extensions")/>
            <p class="muted">"A customer's file that is not accepted is not downloaded: the customer gets the \"File not accepted\" message and the agent sees that a file was refused."</p>
            <WizardButtons from_summary/>
        </ActionForm>
    }
}

#[component]
fn StepSummary(id: i64, channel: LineChannelView, settings: WorkstreamSettings) -> impl IntoView {
    let action = ServerAction::<FinishLineSetup>::new();
    let value = action.value();
    let active = channel.active;
    view! {
        <h2>"Summary"</h2>
        <p class="muted">"Check every choice; Edit takes you back to its page."</p>
        <ChannelSummary workstream_id=id channel settings edit_links=true/>
        <FormError error=general_error(value)/>
        <ActionForm action attr:class="form">
            <input type="hidden" name="id" value=id.to_string()/>
            <div class="wizard__actions">
                <button type="submit" class="button button--primary">{if active { "Done" } else { "Finish" }}</button>
                <a class="button button--secondary" href=line_setup_url(id, "features")>"Back"</a>
            </div>
        </ActionForm>
    }
}
