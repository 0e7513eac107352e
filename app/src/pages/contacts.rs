use crate::api::contacts::{list_contacts, CreateContact};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Contacts: search by name, email or phone; create one.
#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <Title text="Contacts"/>
        <Guarded path="/contacts"><ContactsContent/></Guarded>
    }
}

#[component]
fn ContactsContent() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let create = ServerAction::<CreateContact>::new();
    let contacts = Resource::new(search, list_contacts);
    let created = create.value();
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Service"</p>
            <h1>"Contacts"</h1>
            <p class="muted">"Customers on record. Link a LINE customer to a contact from the conversation; their later conversations link by themselves."</p>
        </div>
        {move || query.read().get("deleted").map(|_| view! {
            <div class="alert alert--success" role="status">"Contact deleted: its LINE profiles were unlinked and its conversations kept."</div>
        })}
        <div class="layout-two">
            <section class="panel" aria-labelledby="contacts-heading">
                <h2 id="contacts-heading">"Contacts"</h2>
                // A plain GET form: search works the same with or without JavaScript.
                <form class="form form--inline" method="get" action="/contacts" role="search">
                    <div class="field">
                        <label for="contacts-q">"Search by name, email or phone"</label>
                        <input id="contacts-q" name="q" type="search" value=search/>
                    </div>
                    <button type="submit" class="button button--secondary">"Search"</button>
                </form>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match contacts.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">"No contacts found."</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="table" data-testid="contacts">
                                    <thead><tr><th>"Name"</th><th>"Email"</th><th>"Phone"</th><th>"LINE profiles"</th><th>"Conversations"</th><th>"Updated"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|c| view! {
                                            <tr>
                                                <td class="cell-primary"><a href=format!("/contacts/{}", c.id)>{c.name.clone()}</a></td>
                                                <td>{c.email.clone().unwrap_or_default()}</td>
                                                <td>{c.phone.clone().unwrap_or_default()}</td>
                                                <td>{c.profiles}</td>
                                                <td>{c.conversations}</td>
                                                <td class="cell-secondary">{format_utc(c.updated_at)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel" aria-labelledby="new-contact-heading">
                <h2 id="new-contact-heading">"New contact"</h2>
                <FormError error=general_error(created)/>
                <ActionForm action=create attr:class="form" attr:novalidate=true>
                    <Field label="Name" name="name" required=true error=field_error(created, "name")/>
                    <Field label="Email" name="email" kind="email" error=field_error(created, "email")/>
                    <Field label="Phone" name="phone" kind="tel" error=field_error(created, "phone")/>
                    <button type="submit" class="button button--primary">"Create contact"</button>
                </ActionForm>
            </section>
        </div>
    }
}
