use crate::api::contacts::{list_contacts, CreateContact};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Contacts: search by name, reading (furigana), email or phone; create one.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.contacts).to_string()/>
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
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Service")}</p>
            <h1>{t!(i18n, page.contacts)}</h1>
            <p class="muted">{t!(i18n, contacts.intro)}</p>
        </div>
        {move || query.read().get("deleted").map(|_| view! {
            <div class="alert alert--success" role="status">{t!(i18n, contacts.deleted)}</div>
        })}
        <div class="layout-two">
            <section class="panel" aria-labelledby="contacts-heading">
                <h2 id="contacts-heading">{t!(i18n, page.contacts)}</h2>
                // A plain GET form: search works the same with or without JavaScript.
                <form class="form form--inline" method="get" action="/contacts" role="search">
                    <div class="field">
                        <label for="contacts-q">{t!(i18n, contacts.search_label)}</label>
                        <input id="contacts-q" name="q" type="search" value=search/>
                    </div>
                    <button type="submit" class="button button--secondary">{t!(i18n, contacts.search)}</button>
                </form>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, contacts.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match contacts.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, contacts.none_found)}</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="table" data-testid="contacts">
                                    <thead><tr><th>{t!(i18n, contacts.name)}</th><th>{t!(i18n, contacts.email)}</th><th>{t!(i18n, contacts.phone)}</th><th>{t!(i18n, contacts.line_profiles)}</th><th>{t!(i18n, contacts.conversations)}</th><th>{t!(i18n, contacts.updated)}</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|c| view! {
                                            <tr>
                                                <td class="cell-primary"><a href=format!("/contacts/{}", c.id)>{c.name.clone()}</a>{c.reading.clone().map(|r| view! { <div class="cell-secondary" data-testid="contact-reading" lang="ja">{r}</div> })}</td>
                                                <td>{c.email.clone().unwrap_or_default()}</td>
                                                <td>{c.phone.clone().unwrap_or_default()}</td>
                                                <td>{c.profiles}</td>
                                                <td>{c.conversations}</td>
                                                <td class="cell-secondary">{crate::reader::datetime(c.updated_at)}</td>
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
                <h2 id="new-contact-heading">{t!(i18n, contacts.new_contact)}</h2>
                <FormError error=general_error(created)/>
                <ActionForm action=create attr:class="form" attr:novalidate=true>
                    <Field label=move || t_string!(i18n, contacts.name).to_string() name="name" required=true error=field_error(created, "name")/>
                    <Field label=move || t_string!(i18n, contacts.reading).to_string() name="reading" hint=move || t_string!(i18n, contacts.reading_hint).to_string() error=field_error(created, "reading")/>
                    <Field label=move || t_string!(i18n, contacts.email).to_string() name="email" kind="email" error=field_error(created, "email")/>
                    <Field label=move || t_string!(i18n, contacts.phone).to_string() name="phone" kind="tel" error=field_error(created, "phone")/>
                    <button type="submit" class="button button--primary">{t!(i18n, contacts.create)}</button>
                </ActionForm>
            </section>
        </div>
    }
}
