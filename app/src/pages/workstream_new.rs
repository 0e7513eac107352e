use crate::api::workstreams::{list_queues, CreateWorkstream};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// Workstreams > New workstream: name, type, channel, distribution mode, fallback queue.
#[component]
pub fn NewWorkstreamPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, workstream_new.title).to_string()/>
        <Guarded path="/workstreams"><NewWorkstreamForm/></Guarded>
    }
}

#[component]
fn NewWorkstreamForm() -> impl IntoView {
    let action = ServerAction::<CreateWorkstream>::new();
    let value = action.value();
    let queues = Resource::new(|| (), |_| list_queues());
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">{t!(i18n, page.workstreams)}</a></p>
            <h1>{t!(i18n, workstream_new.title)}</h1>
        </div>
        <section class="panel">
            <FormError error=general_error(value)/>
            <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
                <Field label=move || t_string!(i18n, workstream_new.name).to_string() name="name" required=true hint=move || t_string!(i18n, workstream_new.name_hint).to_string() error=field_error(value, "name")/>
                <div class="field">
                    <label for="field-type">{t!(i18n, workstream_new.kind)}</label>
                    <select id="field-type" name="kind" disabled=true><option>{t!(i18n, workstream_new.messaging)}</option></select>
                </div>
                <div class="field">
                    <label for="field-channel">{t!(i18n, workstream_new.channel)}</label>
                    <select id="field-channel" name="channel" disabled=true><option>"LINE"</option></select>
                </div>
                <fieldset class="field" class:field--invalid=move || field_error(value, "mode").get().is_some()>
                    <legend>{t!(i18n, workstream_new.mode)}</legend>
                    <label class="checkbox"><input type="radio" name="mode" value="push" checked=true/>" "{t!(i18n, workstream_new.push)}</label>
                    <label class="checkbox"><input type="radio" name="mode" value="pick"/>" "{t!(i18n, workstream_new.pick)}</label>
                    <p class="field__hint">{t!(i18n, workstream_new.mode_hint)}</p>
                    <p class="field__error" role="alert">{move || field_error(value, "mode").get()}</p>
                </fieldset>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, workstream_new.loading_queues)}</p> }>
                    {move || Suspend::new(async move {
                        let queues = queues.await.unwrap_or_default();
                        let has_queues = !queues.is_empty();
                        view! {
                            <div class="field" class:field--invalid=move || field_error(value, "fallback_queue_id").get().is_some()>
                                <label for="field-fallback_queue_id">{t!(i18n, workstream_new.fallback_queue)}</label>
                                <select id="field-fallback_queue_id" name="fallback_queue_id">
                                    {queues.into_iter().map(|q| view! { <option value=q.id.to_string()>{q.name}</option> }).collect_view()}
                                    <option value="new" selected=!has_queues>{t!(i18n, workstream_new.new_queue_option)}</option>
                                </select>
                                <p class="field__hint">{t!(i18n, workstream_new.fallback_hint)}</p>
                                <p class="field__error" role="alert">{move || field_error(value, "fallback_queue_id").get()}</p>
                            </div>
                        }
                    })}
                </Suspense>
                <Field label=move || t_string!(i18n, workstream_new.new_queue_name).to_string() name="new_queue_name" hint=move || t_string!(i18n, workstream_new.new_queue_hint).to_string() error=field_error(value, "new_queue_name")/>
                <div class="wizard__actions">
                    <button type="submit" class="button button--primary">{t!(i18n, workstream_new.create)}</button>
                    <a class="button button--secondary" href="/workstreams">{t!(i18n, workstream_new.cancel)}</a>
                </div>
            </ActionForm>
        </section>
    }
}
