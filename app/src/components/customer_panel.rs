use crate::api::contacts::{
    get_customer_panel, list_contacts, CreateLinkedContact, LinkContact, UnlinkContact,
};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::past_conversations::PastConversations;
use crate::i18n::*;
use domain::contact::CustomerPanel as Panel;
use domain::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The customer panel's data and its actions, created before the conversation page suspends
/// (a resource created inside a resumed Suspense would shift hydration ids).
#[derive(Clone, Copy)]
pub struct CustomerPanelData {
    pub panel: Resource<Result<Panel, AppError>>,
    pub matches: Resource<Option<Result<Vec<domain::contact::ContactListItem>, AppError>>>,
    pub link: ServerAction<LinkContact>,
    pub create: ServerAction<CreateLinkedContact>,
    pub unlink: ServerAction<UnlinkContact>,
}

impl CustomerPanelData {
    pub fn new(conversation: impl Fn() -> i64 + Send + Sync + Copy + 'static) -> Self {
        let link = ServerAction::<LinkContact>::new();
        let create = ServerAction::<CreateLinkedContact>::new();
        let unlink = ServerAction::<UnlinkContact>::new();
        let query = use_query_map();
        let panel = Resource::new(
            move || {
                (
                    conversation(),
                    link.version().get(),
                    create.version().get(),
                    unlink.version().get(),
                )
            },
            |(id, ..)| get_customer_panel(id),
        );
        // "Link to an existing contact" searches through the URL (?contact_q=), so it works
        // without JavaScript too.
        let matches = Resource::new(
            move || {
                query
                    .read()
                    .get("contact_q")
                    .filter(|q| !q.trim().is_empty())
            },
            |search| async move {
                match search {
                    Some(q) => Some(list_contacts(q).await),
                    None => None,
                }
            },
        );
        CustomerPanelData {
            panel,
            matches,
            link,
            create,
            unlink,
        }
    }

    /// Changes whenever the panel's actions ran (the conversation re-reads then too).
    pub fn version(&self) -> usize {
        self.link.version().get() + self.create.version().get() + self.unlink.version().get()
    }
}

/// Beside the conversation: the LINE profile, the linked contact (or ways to link one), and the
/// customer's other conversations.
#[component]
pub fn CustomerPanel(data: CustomerPanelData) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="panel customer-panel" aria-label=move || t_string!(i18n, customer_panel.customer).to_string() data-testid="customer-panel">
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, customer_panel.loading)}</p> }>
                {move || Suspend::new(async move {
                    let matches = data.matches.await;
                    match data.panel.await {
                        Ok(panel) => view! { <PanelBody panel matches data/> }.into_any(),
                        Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
        </aside>
    }
}

#[component]
fn PanelBody(
    panel: Panel,
    matches: Option<Result<Vec<domain::contact::ContactListItem>, AppError>>,
    data: CustomerPanelData,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let conversation_id = panel.conversation_id;
    let hidden = move || view! { <input type="hidden" name="conversation_id" value=conversation_id.to_string()/> };
    let profile = panel.profile.clone().map(|p| {
        let name = p
            .display_name
            .clone()
            .unwrap_or_else(|| td_string!(locale, customer_panel.line_user).into());
        view! {
            <div class="customer-panel__profile">
                <crate::components::avatar::Avatar name=name.clone() picture=p.picture_url.clone()/>
                <div>
                    <strong>{name.clone()}</strong>
                    <dl class="facts">
                        <dt>{t!(i18n, customer_panel.language)}</dt><dd data-testid="customer-language">{p.language.as_deref().map_or_else(|| td_string!(locale, customer_panel.unknown).into(), |tag| crate::components::channel_summary::describe_language(locale, tag))}</dd>
                        <dt>{t!(i18n, customer_panel.friend_since)}</dt><dd>{p.friend_since.map(crate::reader::datetime).unwrap_or_else(|| td_string!(locale, customer_panel.unknown).into())}</dd>
                        <dt>{t!(i18n, customer_panel.account)}</dt><dd>{p.account_name.clone()}</dd>
                        {p.blocked.then(|| view! { <dt>{t!(i18n, customer_panel.status)}</dt><dd class="text-danger">{t!(i18n, customer_panel.blocked)}</dd> })}
                    </dl>
                </div>
            </div>
        }
    });
    let default_name = panel
        .profile
        .as_ref()
        .and_then(|p| p.display_name.clone())
        .unwrap_or_default();
    let created = data.create.value();
    let linked = data.link.value();
    let contact = match panel.contact.clone() {
        Some(c) => view! {
            <div class="customer-panel__contact" data-testid="linked-contact">
                <h3>{t!(i18n, customer_panel.contact)}</h3>
                <p><a href=format!("/contacts/{}", c.id)><strong>{c.name.clone()}</strong></a>{c.reading.clone().map(|r| view! { " "<span class="cell-secondary">{r}</span> })}</p>
                <p class="cell-secondary">{c.email.clone().unwrap_or_default()}" "{c.phone.clone().unwrap_or_default()}</p>
                {panel.can_link.then(|| view! {
                    <FormError error=general_error(data.unlink.value())/>
                    <ActionForm action=data.unlink>
                        {hidden()}
                        <button type="submit" class="button button--small button--ghost">{t!(i18n, customer_panel.unlink)}</button>
                    </ActionForm>
                })}
            </div>
        }
        .into_any(),
        None if panel.can_link => view! {
            <div class="customer-panel__contact">
                <h3>{t!(i18n, customer_panel.contact)}</h3>
                <p class="muted">{t!(i18n, customer_panel.not_linked)}</p>
                <form class="form form--inline" method="get" role="search">
                    <div class="field">
                        <label for="contact-q">{t!(i18n, customer_panel.find_label)}</label>
                        <input id="contact-q" name="contact_q" type="search"/>
                    </div>
                    <button type="submit" class="button button--secondary">{t!(i18n, customer_panel.find)}</button>
                </form>
                <FormError error=general_error(linked)/>
                {matches.map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, customer_panel.no_matches)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="match-list" data-testid="contact-matches">
                            {list.into_iter().map(|c| view! {
                                <li>
                                    <span>{c.name.clone()}" "<span class="cell-secondary">{c.email.clone().unwrap_or_default()}</span></span>
                                    <ActionForm action=data.link>
                                        {hidden()}
                                        <input type="hidden" name="contact_id" value=c.id.to_string()/>
                                        <button type="submit" class="button button--small button--secondary" aria-label=format!("{} {}", td_string!(locale, customer_panel.link), c.name)>{t!(i18n, customer_panel.link)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                })}
                <details class="replace" open=move || matches!(created.get(), Some(Err(_)))>
                    <summary>{t!(i18n, customer_panel.create_heading)}</summary>
                    <FormError error=general_error(created)/>
                    <ActionForm action=data.create attr:class="form" attr:novalidate=true>
                        {hidden()}
                        <Field label=move || t_string!(i18n, customer_panel.name).to_string() name="name" required=true value=default_name error=field_error(created, "name")/>
                        <Field label=move || t_string!(i18n, customer_panel.reading).to_string() name="reading" error=field_error(created, "reading")/>
                        <Field label=move || t_string!(i18n, customer_panel.email).to_string() name="email" kind="email" error=field_error(created, "email")/>
                        <Field label=move || t_string!(i18n, customer_panel.phone).to_string() name="phone" kind="tel" error=field_error(created, "phone")/>
                        <button type="submit" class="button button--primary">{t!(i18n, customer_panel.create)}</button>
                    </ActionForm>
                </details>
            </div>
        }
        .into_any(),
        None => view! { <p class="muted">{t!(i18n, customer_panel.not_linkable)}</p> }.into_any(),
    };
    view! {
        <h2>{t!(i18n, customer_panel.customer)}</h2>
        {profile}
        {contact}
        <h3>{t!(i18n, customer_panel.summary)}</h3>
        <PastConversations list=panel.previous.clone()/>
    }
}
