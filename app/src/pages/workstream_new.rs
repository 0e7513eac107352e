use crate::api::workstreams::{list_queues, CreateWorkstream};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use leptos::prelude::*;
use leptos_meta::Title;

/// Workstreams > New workstream: name, type, channel, distribution mode, fallback queue.
#[component]
pub fn NewWorkstreamPage() -> impl IntoView {
    view! {
        <Title text="New workstream"/>
        <Guarded path="/workstreams"><NewWorkstreamForm/></Guarded>
    }
}

#[component]
fn NewWorkstreamForm() -> impl IntoView {
    let action = ServerAction::<CreateWorkstream>::new();
    let value = action.value();
    let queues = Resource::new(|| (), |_| list_queues());
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">"Workstreams"</a></p>
            <h1>"New workstream"</h1>
        </div>
        <section class="panel">
            <FormError error=general_error(value)/>
            <ActionForm action attr:class="form form--narrow" attr:novalidate=true>
                <Field label="Name" name="name" required=true hint="For example \"LINE Japan support\"." error=field_error(value, "name")/>
                <div class="field">
                    <label for="field-type">"Type"</label>
                    <select id="field-type" name="kind" disabled=true><option>"Messaging"</option></select>
                </div>
                <div class="field">
                    <label for="field-channel">"Channel"</label>
                    <select id="field-channel" name="channel" disabled=true><option>"LINE"</option></select>
                </div>
                <fieldset class="field" class:field--invalid=move || field_error(value, "mode").get().is_some()>
                    <legend>"Work distribution mode"</legend>
                    <label class="checkbox"><input type="radio" name="mode" value="push" checked=true/>" Push — linedesk offers each conversation to an available agent"</label>
                    <label class="checkbox"><input type="radio" name="mode" value="pick"/>" Pick — agents pick conversations from their queues"</label>
                    <p class="field__hint">"The mode can't be changed after the workstream is created."</p>
                    <p class="field__error" role="alert">{move || field_error(value, "mode").get()}</p>
                </fieldset>
                <Suspense fallback=|| view! { <p class="loading">"Loading queues…"</p> }>
                    {move || Suspend::new(async move {
                        let queues = queues.await.unwrap_or_default();
                        let has_queues = !queues.is_empty();
                        view! {
                            <div class="field" class:field--invalid=move || field_error(value, "fallback_queue_id").get().is_some()>
                                <label for="field-fallback_queue_id">"Fallback queue"</label>
                                <select id="field-fallback_queue_id" name="fallback_queue_id">
                                    {queues.into_iter().map(|q| view! { <option value=q.id.to_string()>{q.name}</option> }).collect_view()}
                                    <option value="new" selected=!has_queues>"Create a new queue…"</option>
                                </select>
                                <p class="field__hint">"Conversations no routing rule matches wait here."</p>
                                <p class="field__error" role="alert">{move || field_error(value, "fallback_queue_id").get()}</p>
                            </div>
                        }
                    })}
                </Suspense>
                <Field label="New queue name" name="new_queue_name" hint="Used when \"Create a new queue…\" is selected." error=field_error(value, "new_queue_name")/>
                <div class="wizard__actions">
                    <button type="submit" class="button button--primary">"Create"</button>
                    <a class="button button--secondary" href="/workstreams">"Cancel"</a>
                </div>
            </ActionForm>
        </section>
    }
}
