//! Contacts and the customer panel beside a conversation. Staff read and edit; merging is for
//! supervisors and administrators (the service checks roles and who may read which conversation).

#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
#[cfg(feature = "ssr")]
use domain::contact::ContactInput;
use domain::contact::{ContactListItem, ContactView, CustomerPanel};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{FieldErrors, Role};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const STAFF: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent];

#[cfg(feature = "ssr")]
fn contact_id(field: &str, typed: &str) -> Result<i64, AppError> {
    typed
        .trim()
        .parse::<i64>()
        .map_err(|_| FieldErrors::single(field, domain::Problem::ChooseContact))
}

#[server(endpoint = "list_contacts")]
pub async fn list_contacts(search: String) -> Result<Vec<ContactListItem>, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.contacts.list(&actor, &search).await
        }
        .await,
    )
}

#[server(endpoint = "get_contact")]
pub async fn get_contact(id: i64) -> Result<ContactView, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.contacts.get(&actor, id).await
        }
        .await,
    )
}

#[server(endpoint = "create_contact")]
pub async fn create_contact(
    name: String,
    email: String,
    phone: String,
    reading: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            let input = ContactInput {
                name,
                email,
                phone,
                reading: reading.unwrap_or_default(),
            };
            let id = services()?
                .contacts
                .create(&actor, input, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/contacts/{id}?created=1"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "update_contact")]
pub async fn update_contact(
    id: i64,
    name: String,
    email: String,
    phone: String,
    reading: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            let input = ContactInput {
                name,
                email,
                phone,
                reading: reading.unwrap_or_default(),
            };
            services()?
                .contacts
                .update(&actor, id, input, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "merge_contacts")]
pub async fn merge_contacts(id: i64, other_id: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin, Role::Supervisor])?;
            let other = contact_id("other_id", &other_id)?;
            services()?
                .contacts
                .merge(&actor, id, other, &client_info())
                .await?;
            leptos_axum::redirect(&format!("/contacts/{id}?merged=1"));
            Ok(())
        }
        .await,
    )
}

/// Supervisors and administrators delete a contact after ticking the confirmation; its LINE
/// profiles are unlinked and its conversations stay.
#[server(endpoint = "delete_contact")]
pub async fn delete_contact(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin, Role::Supervisor])?;
            if confirm.is_none() {
                return Err(domain::FieldErrors::single(
                    "confirm",
                    domain::Problem::ConfirmContactDelete,
                ));
            }
            services()?
                .contacts
                .delete(&actor, id, &client_info())
                .await?;
            leptos_axum::redirect("/contacts?deleted=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "get_customer_panel")]
pub async fn get_customer_panel(conversation_id: i64) -> Result<CustomerPanel, AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?.contacts.customer(&actor, conversation_id).await
        }
        .await,
    )
}

#[server(endpoint = "link_contact")]
pub async fn link_contact(conversation_id: i64, contact_id: String) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            let contact = self::contact_id("contact_id", &contact_id)?;
            services()?
                .contacts
                .link(&actor, conversation_id, contact, &client_info())
                .await
        }
        .await,
    )
}

/// Creates a contact (pre-filled from the LINE profile in the form) and links it.
#[server(endpoint = "create_linked_contact")]
pub async fn create_linked_contact(
    conversation_id: i64,
    name: String,
    email: String,
    phone: String,
    reading: Option<String>,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            let contacts = services()?.contacts;
            // Check the conversation first, so no orphan contact is left by a refused link.
            contacts.customer(&actor, conversation_id).await?;
            let input = ContactInput {
                name,
                email,
                phone,
                reading: reading.unwrap_or_default(),
            };
            let id = contacts.create(&actor, input, &client_info()).await?;
            contacts
                .link(&actor, conversation_id, id, &client_info())
                .await
        }
        .await,
    )
}

#[server(endpoint = "unlink_contact")]
pub async fn unlink_contact(conversation_id: i64) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(STAFF)?;
            services()?
                .contacts
                .unlink(&actor, conversation_id, &client_info())
                .await
        }
        .await,
    )
}
