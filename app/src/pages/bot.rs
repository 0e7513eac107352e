use crate::api::routing::{get_bot, AddBotAnswer, RemoveBotAnswer, SaveBot};
use crate::api::workstreams::get_workstream;
use crate::components::automated_messages::language_name;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use crate::i18n::*;
use domain::automated::LANGUAGES;
use domain::bot::{BotKind, BotView};
use leptos::prelude::*;
use leptos_meta::Title;

/// A workstream's bot: answers first (push workstreams), hands off to an agent on request,
/// without an answer, or when it fails.
#[component]
pub fn BotPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, bot.title).to_string()/>
        <Guarded path="/workstreams"><BotContent/></Guarded>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SaveBot>,
    add: ServerAction<AddBotAnswer>,
    remove: ServerAction<RemoveBotAnswer>,
}

#[component]
fn BotContent() -> impl IntoView {
    let id = route_id();
    let actions = Actions {
        save: ServerAction::new(),
        add: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let bot = Resource::new(
        move || {
            (
                id(),
                actions.save.version().get(),
                actions.add.version().get(),
                actions.remove.version().get(),
            )
        },
        |(id, ..)| get_bot(id),
    );
    let workstream = Resource::new(id, get_workstream);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, bot.loading)}</p> }>
            {move || Suspend::new(async move {
                let ws = workstream.await;
                match (bot.await, ws) {
                    (Ok(bot), Ok(ws)) => view! { <BotBody bot name=ws.name push=ws.mode.as_str() == "push" actions/> }.into_any(),
                    (Err(err), _) | (_, Err(err)) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=td_string!(i18n.get_locale_untracked(), bot.not_found) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BotBody(bot: BotView, name: String, push: bool, actions: Actions) -> impl IntoView {
    let ws = bot.workstream_id;
    let config = bot.config.clone();
    let saved = actions.save.value();
    let added = actions.add.value();
    let external = config.kind == BotKind::External;
    let i18n = use_i18n();
    let faqs = config
        .faqs
        .iter()
        .enumerate()
        .map(|(i, faq)| {
            view! {
                <li class="faq" data-faq=i.to_string()>
                    <div>
                        <div class="cell-primary">{faq.keywords.join(", ")}</div>
                        <div>{faq.answer.clone()}</div>
                        <div class="cell-secondary">
                            { let code = faq.language.clone(); move || if code.is_empty() { t_string!(i18n, bot.every_language) } else { language_name(i18n.get_locale(), &code) } }
                            {(!faq.quick_replies.is_empty()).then(|| t!(i18n, bot.faq_quick_replies, replies = faq.quick_replies.join(" | ")))}
                        </div>
                    </div>
                    <ActionForm action=actions.remove attr:class="inline-form">
                        <input type="hidden" name="workstream_id" value=ws.to_string()/>
                        <input type="hidden" name="index" value=i.to_string()/>
                        <button type="submit" class="button button--small button--ghost">{t!(i18n, bot.remove)}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">{t!(i18n, page.workstreams)}</a>" / "<a href=format!("/workstreams/{ws}")>{name}</a></p>
            <h1>{t!(i18n, bot.title)}</h1>
            <p class="muted">{t!(i18n, bot.intro)}</p>
        </div>
        {(!push).then(|| view! { <div class="alert alert--info">{t!(i18n, bot.pick_only)}</div> })}
        <FormError error=Signal::derive(move || last_error(actions.remove.value()).get())/>
        <div class="layout-two">
            <section class="panel" aria-labelledby="bot-heading">
                <h2 id="bot-heading">{t!(i18n, bot.settings)}</h2>
                {move || matches!(saved.get(), Some(Ok(()))).then(|| view! { <div class="alert alert--success" role="status">{t!(i18n, bot.saved)}</div> })}
                <FormError error=general_error(saved)/>
                <ActionForm action=actions.save attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="workstream_id" value=ws.to_string()/>
                    <div class="field field--check">
                        <label><input type="checkbox" name="enabled" checked=config.enabled/>" "{t!(i18n, bot.enabled)}</label>
                        <p class="field__error" role="alert">{move || field_error(saved, "enabled").get()}</p>
                    </div>
                    <div class="field">
                        <label for="bot-kind">{t!(i18n, bot.kind)}</label>
                        <select id="bot-kind" name="kind">
                            <option value="builtin" selected=!external>{t!(i18n, bot.kind_builtin)}</option>
                            <option value="external" selected=external>{t!(i18n, bot.kind_external)}</option>
                        </select>
                    </div>
                    <Field label=move || t_string!(i18n, bot.handoff_words).to_string() name="handoff_keywords" value=config.handoff_keywords.join(", ") hint=move || t_string!(i18n, bot.handoff_words_hint).to_string() error=field_error(saved, "handoff_keywords")/>
                    <Field label=move || t_string!(i18n, bot.handoff_message).to_string() name="handoff_text" value=config.handoff_text.clone() hint=move || t_string!(i18n, bot.handoff_message_hint).to_string() error=field_error(saved, "handoff_text")/>
                    <fieldset>
                        <legend>{t!(i18n, bot.external)}</legend>
                        <Field label=move || t_string!(i18n, bot.url).to_string() name="url" value=config.url.clone() placeholder="https://bot.example.com/line" hint=move || t_string!(i18n, bot.url_hint).to_string() error=field_error(saved, "url")/>
                        <Field label=move || t_string!(i18n, bot.secret).to_string() name="secret" kind="password" autocomplete="off" hint={ let stored = bot.has_secret; move || if stored { t_string!(i18n, bot.secret_stored) } else { t_string!(i18n, bot.secret_hint) }.to_string() } error=field_error(saved, "secret")/>
                        <Field label=move || t_string!(i18n, bot.timeout).to_string() name="timeout_seconds" kind="number" value=config.timeout_seconds.to_string() error=field_error(saved, "timeout_seconds")/>
                    </fieldset>
                    <button type="submit" class="button button--primary">{t!(i18n, bot.save)}</button>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="faq-heading">
                <h2 id="faq-heading">{t!(i18n, bot.answers)}</h2>
                {if config.faqs.is_empty() {
                    view! { <p class="muted">{t!(i18n, bot.no_answers)}</p> }.into_any()
                } else {
                    view! { <ul class="faq-list">{faqs}</ul> }.into_any()
                }}
                <h3>{t!(i18n, bot.add_answer)}</h3>
                <FormError error=general_error(added)/>
                <ActionForm action=actions.add attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="workstream_id" value=ws.to_string()/>
                    <div class="field">
                        <label for="faq-language">{t!(i18n, bot.language)}</label>
                        <select id="faq-language" name="language">
                            <option value="">{t!(i18n, bot.every_language)}</option>
                            {LANGUAGES.iter().map(|(code, _)| view! { <option value=*code>{move || language_name(i18n.get_locale(), code)}</option> }).collect_view()}
                        </select>
                    </div>
                    <Field label=move || t_string!(i18n, bot.keywords).to_string() name="keywords" required=true placeholder=move || t_string!(i18n, bot.keywords_placeholder).to_string() error=field_error(added, "keywords")/>
                    <div class="field">
                        <label for="faq-answer">{t!(i18n, bot.answer)}</label>
                        <textarea id="faq-answer" name="answer" rows="3"></textarea>
                        <p class="field__error" role="alert">{move || field_error(added, "answer").get()}</p>
                    </div>
                    <Field label=move || t_string!(i18n, bot.quick_replies).to_string() name="quick_replies" placeholder=move || t_string!(i18n, bot.quick_replies_placeholder).to_string() hint=move || t_string!(i18n, bot.quick_replies_hint).to_string() error=field_error(added, "quick_replies")/>
                    <button type="submit" class="button button--secondary">{t!(i18n, bot.add_answer)}</button>
                </ActionForm>
            </section>
        </div>
    }
}
