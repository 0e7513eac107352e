use crate::api::contacts::{get_contact, DeleteContact, MergeContacts, UpdateContact};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::past_conversations::PastConversations;
use crate::components::route_id::route_id;
use crate::session::SessionContext;
use domain::contact::ContactView;
use domain::time::format_utc;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One contact: details (editable), linked LINE profiles, conversations, merging another
/// contact into this one and deleting it.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <Title text="Contact"/>
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
    let contact = Resource::new(
        move || (id(), update.version().get(), merge.version().get()),
        |(id, ..)| get_contact(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let role = session.me.await.ok().flatten().map(|u| u.role);
                match contact.await {
                    Ok(contact) => view! { <ContactBody contact update merge delete can_merge=matches!(role, Some(Role::Admin | Role::Supervisor))/> }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title="Contact not found" message=crate::components::form_error::error_message(&err)/>
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
    let notice = move || {
        let q = query.read();
        let text = if q.get("created").is_some() {
            Some("Contact created.")
        } else if q.get("merged").is_some() {
            Some("Contacts merged: the other contact's LINE profiles and conversations are now here.")
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
            <p class="breadcrumb"><a href="/contacts">"Contacts"</a></p>
            <h1>{contact.name.clone()}</h1>
            <p class="muted">{format!("Contact #{id} · created {} · updated {}", format_utc(contact.created_at), format_utc(contact.updated_at))}</p>
        </div>
        {notice}
        <div class="layout-two">
            <div class="stack">
                <section class="panel">
                    <h2>"Previous conversations"</h2>
                    <PastConversations list=contact.conversations.clone()/>
                </section>
                <section class="panel">
                    <h2>"LINE profiles"</h2>
                    {if contact.profiles.is_empty() {
                        view! { <p class="muted">"No LINE profile is linked. Link one from a conversation's customer panel."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="profile-list" data-testid="linked-profiles">
                                {contact.profiles.iter().map(|p| view! {
                                    <li>
                                        <crate::components::avatar::Avatar name=p.display_name.clone().unwrap_or_else(|| "LINE user".into()) picture=p.picture_url.clone()/>
                                        <div>
                                            <strong>{p.display_name.clone().unwrap_or_else(|| "LINE user".into())}</strong>
                                            <p class="cell-secondary">{format!("{} · {}", p.account_name, p.line_user_id)}{p.blocked.then_some(" · blocked")}</p>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
            <div class="stack">
                <section class="panel">
                    <h2>"Details"</h2>
                    <FormError error=general_error(updated)/>
                    <ActionForm action=update attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <Field label="Name" name="name" required=true value=contact.name.clone() error=field_error(updated, "name")/>
                        <Field label="Email" name="email" kind="email" value=contact.email.clone().unwrap_or_default() error=field_error(updated, "email")/>
                        <Field label="Phone" name="phone" kind="tel" value=contact.phone.clone().unwrap_or_default() error=field_error(updated, "phone")/>
                        <div class="button-row">
                            <button type="submit" class="button button--primary">"Save contact"</button>
                            {move || matches!(updated.get(), Some(Ok(_))).then(|| view! { <span class="ok-line" role="status">"Saved."</span> })}
                        </div>
                    </ActionForm>
                </section>
                {can_merge.then(|| view! {
                    <section class="panel">
                        <h2>"Merge another contact into this one"</h2>
                        <p class="muted">"The other contact's LINE profiles and conversations move here; empty email or phone here take its values; the other contact is deleted."</p>
                        <FormError error=general_error(merged)/>
                        <ActionForm action=merge attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <Field label="Contact number to merge" name="other_id" kind="number" hint="The number shown under the other contact's name (Contact #…)." error=field_error(merged, "other_id")/>
                            <button type="submit" class="button button--secondary">"Merge into this contact"</button>
                        </ActionForm>
                    </section>
                })}
                // The same leads who merge may delete; a ticked box confirms it, with or without JavaScript.
                {can_merge.then(|| view! {
                    <section class="panel" data-testid="delete-contact">
                        <h2>"Delete this contact"</h2>
                        <p class="muted">"The contact's name, email and phone go; its LINE profiles are unlinked and its conversations stay, without a contact."</p>
                        <FormError error=general_error(deleted)/>
                        <ActionForm action=delete attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <label class="checkbox"><input type="checkbox" name="confirm"/>" I understand this cannot be undone"</label>
                            <p class="field__error" role="alert">{move || field_error(deleted, "confirm").get()}</p>
                            <button type="submit" class="button button--danger">"Delete contact"</button>
                        </ActionForm>
                    </section>
                })}
            </div>
        </div>
    }
}
