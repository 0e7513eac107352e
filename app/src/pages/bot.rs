use crate::api::routing::{get_bot, AddBotAnswer, RemoveBotAnswer, SaveBot};
use crate::api::workstreams::get_workstream;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use domain::automated::{language_label, LANGUAGES};
use domain::bot::{BotKind, BotView};
use leptos::prelude::*;
use leptos_meta::Title;

/// A workstream's bot: answers first (push workstreams), hands off to an agent on request,
/// without an answer, or when it fails.
#[component]
pub fn BotPage() -> impl IntoView {
    view! {
        <Title text="Bot"/>
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
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let ws = workstream.await;
                match (bot.await, ws) {
                    (Ok(bot), Ok(ws)) => view! { <BotBody bot name=ws.name push=ws.mode.as_str() == "push" actions/> }.into_any(),
                    (Err(err), _) | (_, Err(err)) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title="Workstream not found" message=crate::components::form_error::error_message(&err)/>
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
                            {if faq.language.is_empty() { "Every language".to_string() } else { language_label(&faq.language).to_string() }}
                            {(!faq.quick_replies.is_empty()).then(|| format!(" · quick replies: {}", faq.quick_replies.join(" | ")))}
                        </div>
                    </div>
                    <ActionForm action=actions.remove attr:class="inline-form">
                        <input type="hidden" name="workstream_id" value=ws.to_string()/>
                        <input type="hidden" name="index" value=i.to_string()/>
                        <button type="submit" class="button button--small button--ghost">"Remove"</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">"Workstreams"</a>" / "<a href=format!("/workstreams/{ws}")>{name}</a></p>
            <h1>"Bot"</h1>
            <p class="muted">"The bot answers a new conversation before any agent. It hands off to the workstream's queue when the customer asks for an agent, when it has no answer, or when it fails."</p>
        </div>
        {(!push).then(|| view! { <div class="alert alert--info">"Bots answer in push workstreams only; this workstream is pick."</div> })}
        <FormError error=Signal::derive(move || last_error(actions.remove.value()).get())/>
        <div class="layout-two">
            <section class="panel" aria-labelledby="bot-heading">
                <h2 id="bot-heading">"Bot settings"</h2>
                {move || matches!(saved.get(), Some(Ok(()))).then(|| view! { <div class="alert alert--success" role="status">"Saved."</div> })}
                <FormError error=general_error(saved)/>
                <ActionForm action=actions.save attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="workstream_id" value=ws.to_string()/>
                    <div class="field field--check">
                        <label><input type="checkbox" name="enabled" checked=config.enabled/>" The bot answers first"</label>
                        <p class="field__error" role="alert">{move || field_error(saved, "enabled").get()}</p>
                    </div>
                    <div class="field">
                        <label for="bot-kind">"Kind"</label>
                        <select id="bot-kind" name="kind">
                            <option value="builtin" selected=!external>"Built-in: keyword answers"</option>
                            <option value="external" selected=external>"External: linedesk asks your bot's URL"</option>
                        </select>
                    </div>
                    <Field label="Hand-off words" name="handoff_keywords" value=config.handoff_keywords.join(", ") hint="When the customer's message contains one of these, an agent takes over." error=field_error(saved, "handoff_keywords")/>
                    <Field label="Hand-off message" name="handoff_text" value=config.handoff_text.clone() hint="What the bot says when it hands off (empty: nothing)." error=field_error(saved, "handoff_text")/>
                    <fieldset>
                        <legend>"External bot"</legend>
                        <Field label="URL" name="url" value=config.url.clone() placeholder="https://bot.example.com/line" hint="linedesk POSTs {conversationId, chatId, language, text} signed with X-Linedesk-Signature (base64 HMAC-SHA256 of the body with the shared secret); answer {\"text\": …, \"quickReplies\": […], \"handoff\": false}." error=field_error(saved, "url")/>
                        <Field label="Shared secret" name="secret" kind="password" autocomplete="off" hint=if bot.has_secret { "A secret is stored; type a new one to replace it." } else { "At least 16 characters." } error=field_error(saved, "secret")/>
                        <Field label="Timeout (seconds)" name="timeout_seconds" kind="number" value=config.timeout_seconds.to_string() error=field_error(saved, "timeout_seconds")/>
                    </fieldset>
                    <button type="submit" class="button button--primary">"Save bot"</button>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="faq-heading">
                <h2 id="faq-heading">"Answers (built-in bot)"</h2>
                {if config.faqs.is_empty() {
                    view! { <p class="muted">"No answers yet: the bot hands every conversation off."</p> }.into_any()
                } else {
                    view! { <ul class="faq-list">{faqs}</ul> }.into_any()
                }}
                <h3>"Add answer"</h3>
                <FormError error=general_error(added)/>
                <ActionForm action=actions.add attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="workstream_id" value=ws.to_string()/>
                    <div class="field">
                        <label for="faq-language">"Language"</label>
                        <select id="faq-language" name="language">
                            <option value="">"Every language"</option>
                            {LANGUAGES.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                        </select>
                    </div>
                    <Field label="Keywords" name="keywords" required=true placeholder="opening hours, 営業時間" error=field_error(added, "keywords")/>
                    <div class="field">
                        <label for="faq-answer">"Answer"</label>
                        <textarea id="faq-answer" name="answer" rows="3"></textarea>
                        <p class="field__error" role="alert">{move || field_error(added, "answer").get()}</p>
                    </div>
                    <Field label="Quick replies" name="quick_replies" placeholder="Thanks, Agent" hint="Buttons under the answer, separated by commas (up to 13, 20 characters each)." error=field_error(added, "quick_replies")/>
                    <button type="submit" class="button button--secondary">"Add answer"</button>
                </ActionForm>
            </section>
        </div>
    }
}
