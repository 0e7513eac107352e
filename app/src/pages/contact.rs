use crate::api::contacts::{get_contact, DeleteContact, MergeContacts, UpdateContact};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::past_conversations::PastConversations;
use crate::components::route_id::route_id;
use crate::i18n::*;
use crate::session::SessionContext;
use domain::contact::ContactView;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One contact: details (editable), linked LINE profiles, conversations, merging another
/// contact into this one and deleting it.
#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, contact.title).to_string()/>
        <Guarded path="/contacts"><ContactContent/></Guarded>
    }
}

#[component]
fn ContactContent() -> impl IntoView {
    let id = route_id();
    let update = ServerAction::<UpdateContact>::new();
    let merge = ServerAction::<MergeContacts>::new();
    let delete = ServerAction::<DeleteContact>::new();
    let session = expect_context::<SessionContext>();
    let i18n = use_i18n();
    let contact = Resource::new(
        move || (id(), update.version().get(), merge.version().get()),
        |(id, ..)| get_contact(id),
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, contact.loading)}</p> }>
            {move || Suspend::new(async move {
                let role = session.me.await.ok().flatten().map(|u| u.role);
                match contact.await {
                    Ok(contact) => view! { <ContactBody contact update merge delete can_merge=matches!(role, Some(Role::Admin | Role::Supervisor))/> }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=td_string!(i18n.get_locale_untracked(), contact.not_found) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ContactBody(
    contact: ContactView,
    update: ServerAction<UpdateContact>,
    merge: ServerAction<MergeContacts>,
    delete: ServerAction<DeleteContact>,
    can_merge: bool,
) -> impl IntoView {
    let id = contact.id;
    let query = use_query_map();
    let i18n = use_i18n();
    let notice = move || {
        let q = query.read();
        let locale = i18n.get_locale();
        let text = if q.get("created").is_some() {
            Some(td_string!(locale, contact.created))
        } else if q.get("merged").is_some() {
            Some(td_string!(locale, contact.merged))
        } else {
            None
        };
        text.map(|t| view! { <div class="alert alert--success" role="status">{t}</div> })
    };
    let updated = update.value();
    let merged = merge.value();
    let deleted = delete.value();
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/contacts">{t!(i18n, page.contacts)}</a></p>
            <h1>{contact.name.clone()}</h1>
            {contact.reading.clone().map(|r| view! { <p class="muted" data-testid="contact-reading" lang="ja">{r}</p> })}
            <p class="muted">{t!(i18n, contact.meta, id = id, created = crate::reader::datetime(contact.created_at), updated = crate::reader::datetime(contact.updated_at))}</p>
        </div>
        {notice}
        <div class="layout-two">
            <div class="stack">
                <section class="panel">
                    <h2>{t!(i18n, contact.previous_conversations)}</h2>
                    <PastConversations list=contact.conversations.clone()/>
                </section>
                <section class="panel">
                    <h2>{t!(i18n, contact.line_profiles)}</h2>
                    {if contact.profiles.is_empty() {
                        view! { <p class="muted">{t!(i18n, contact.no_profiles)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="profile-list" data-testid="linked-profiles">
                                {contact.profiles.iter().map(|p| {
                                    let fallback = td_string!(i18n.get_locale_untracked(), contact.line_user);
                                    view! {
                                    <li>
                                        <crate::components::avatar::Avatar name=p.display_name.clone().unwrap_or_else(|| fallback.into()) picture=p.picture_url.clone()/>
                                        <div>
                                            <strong>{p.display_name.clone().unwrap_or_else(|| fallback.into())}</strong>
                                            <p class="cell-secondary">{format!("{} · {}", p.account_name, p.line_user_id)}{p.blocked.then_some(t!(i18n, contact.blocked))}</p>
                                        </div>
                                    </li>
                                }}).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
            <div class="stack">
                <section class="panel">
                    <h2>{t!(i18n, contact.details)}</h2>
                    <FormError error=general_error(updated)/>
                    <ActionForm action=update attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <Field label=move || t_string!(i18n, contact.name).to_string() name="name" required=true value=contact.name.clone() error=field_error(updated, "name")/>
                        <Field label=move || t_string!(i18n, contact.reading).to_string() name="reading" hint=move || t_string!(i18n, contact.reading_hint).to_string() value=contact.reading.clone().unwrap_or_default() error=field_error(updated, "reading")/>
                        <Field label=move || t_string!(i18n, contact.email).to_string() name="email" kind="email" value=contact.email.clone().unwrap_or_default() error=field_error(updated, "email")/>
                        <Field label=move || t_string!(i18n, contact.phone).to_string() name="phone" kind="tel" value=contact.phone.clone().unwrap_or_default() error=field_error(updated, "phone")/>
                        <div class="button-row">
                            <button type="submit" class="button button--primary">{t!(i18n, contact.save)}</button>
                            {move || matches!(updated.get(), Some(Ok(_))).then(|| view! { <span class="ok-line" role="status">{t!(i18n, contact.saved)}</span> })}
                        </div>
                    </ActionForm>
                </section>
                {can_merge.then(|| view! {
                    <section class="panel">
                        <h2>{t!(i18n, contact.merge_heading)}</h2>
                        <p class="muted">{t!(i18n, contact.merge_hint)}</p>
                        <FormError error=general_error(merged)/>
                        <ActionForm action=merge attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <Field label=move || t_string!(i18n, contact.merge_number).to_string() name="other_id" kind="number" hint=move || t_string!(i18n, contact.merge_number_hint).to_string() error=field_error(merged, "other_id")/>
                            <button type="submit" class="button button--secondary">{t!(i18n, contact.merge)}</button>
                        </ActionForm>
                    </section>
                })}
                // The same leads who merge may delete; a ticked box confirms it, with or without JavaScript.
                {can_merge.then(|| view! {
                    <section class="panel" data-testid="delete-contact">
                        <h2>{t!(i18n, contact.delete_heading)}</h2>
                        <p class="muted">{t!(i18n, contact.delete_hint)}</p>
                        <FormError error=general_error(deleted)/>
                        <ActionForm action=delete attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <label class="checkbox"><input type="checkbox" name="confirm"/>" "{t!(i18n, contact.confirm)}</label>
                            <p class="field__error" role="alert">{move || field_error(deleted, "confirm").get()}</p>
                            <button type="submit" class="button button--danger">{t!(i18n, contact.delete)}</button>
                        </ActionForm>
                    </section>
                })}
            </div>
        </div>
    }
}
