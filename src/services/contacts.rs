//! Contacts: create, edit, merge, and link to the LINE profile of a conversation so that the
//! customer's later conversations link by themselves (the engine copies the profile's contact
//! onto each new conversation). Every change is audited by id and the names of the fields it
//! changed, never their values.

use crate::clock::now_ms;
use crate::db::contacts::{self, ContactRow};
use crate::db::conversations;
use crate::engine::Engine;
use crate::error::OrInternal;
use domain::conversation::ChatKind;
use domain::Problem;
// Contacts are for the people who answer customers, not for auditors (`require_staff`).
use crate::services::visibility::{
    require_actor, require_readable, require_staff, Act, AGENT_READS,
};
use crate::services::{audit_entry, commit_audited};
use async_trait::async_trait;
use domain::contact::ContactService;
use domain::contact::{check_contact, ContactInput, ContactListItem, ContactView, CustomerPanel};
use domain::user::{ClientInfo, CurrentUser};
use domain::{AppError, FieldErrors, Role};
use serde_json::json;

pub struct Contacts {
    pub engine: Engine,
}

fn snapshot(row: &ContactRow) -> serde_json::Value {
    json!({ "name": row.name, "email": row.email, "phone": row.phone, "reading": row.reading })
}

/// The contact fields whose values differ, by name. The audit log says which customer data
/// changed, never what it says (README: it holds no personal content).
fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<&'static str> {
    let value = |doc: &serde_json::Value, field: &str| doc.get(field).cloned().unwrap_or_default();
    ["name", "email", "phone", "reading"]
        .into_iter()
        .filter(|field| value(before, field) != value(after, field))
        .collect()
}

/// `%term%` for LIKE with the term's own `%`, `_` and `\` taken literally.
pub fn like_pattern(term: &str) -> String {
    crate::db::contains_pattern(term)
}

/// Merging and deleting contacts is for supervisors and administrators: agents fix a record,
/// leads decide that two are one or that one goes.
fn require_lead(actor: &CurrentUser) -> Result<(), AppError> {
    match actor.role {
        Role::Admin | Role::Supervisor => Ok(()),
        Role::Agent | Role::Auditor => Err(AppError::Forbidden),
    }
}

impl Contacts {
    async fn row(&self, id: i64) -> Result<ContactRow, AppError> {
        contacts::get(&self.engine.db.pool, id)
            .await
            .or_internal()?
            .ok_or(AppError::NotFound(Problem::ContactNotFound))
    }

    /// The conversation's LINE profile (1:1 chats only) and its current contact.
    async fn profile_of(&self, conversation_id: i64) -> Result<(i64, Option<i64>), AppError> {
        let row = conversations::profile_and_contact(&self.engine.db.pool, conversation_id)
            .await
            .or_internal()?;
        match row {
            None => Err(AppError::NotFound(Problem::ConversationNotFound)),
            Some((Some(profile), contact, ChatKind::User)) => Ok((profile, contact)),
            Some(_) => Err(AppError::Conflict(Problem::OneToOneOnly)),
        }
    }

    async fn set_link(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        contact: Option<i64>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_actor(&self.engine.db, actor, conversation_id, Act::Manage).await?;
        let (profile, before) = self.profile_of(conversation_id).await?;
        if let Some(id) = contact {
            self.row(id).await?;
        }
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        contacts::link_profile(&mut tx, profile, contact)
            .await
            .or_internal()?;
        let (action, entity_id) = match contact {
            Some(id) => ("contact.link", id),
            None => ("contact.unlink", before.unwrap_or_default()),
        };
        let entry = audit_entry(
            Some(actor),
            client,
            action,
            "contact",
            Some(entity_id.to_string()),
            json!({ "conversation": conversation_id, "profile": profile, "before": before, "after": contact }),
        );
        commit_audited(&self.engine.db, tx, entry, now_ms()).await?;
        self.engine.live.publish(conversation_id).await;
        Ok(())
    }
}

#[async_trait]
impl ContactService for Contacts {
    async fn list(
        &self,
        actor: &CurrentUser,
        search: &str,
    ) -> Result<Vec<ContactListItem>, AppError> {
        require_staff(actor)?;
        if search.chars().count() > 200 {
            return Err(FieldErrors::single("q", Problem::SearchAtMost { max: 200 }));
        }
        contacts::search(&self.engine.db, search, 100)
            .await
            .or_internal()
    }

    async fn get(&self, actor: &CurrentUser, id: i64) -> Result<ContactView, AppError> {
        require_staff(actor)?;
        let row = self.row(id).await?;
        let pool = &self.engine.db.pool;
        let profiles = contacts::profiles_of(pool, id).await.or_internal()?;
        // Agents see the conversations they may read; the rest of the record is shared.
        let conversations = if actor.role == Role::Agent {
            let condition = format!("c.contact_id = $2 AND {AGENT_READS}");
            contacts::conversations_where(pool, &condition, &[actor.id, id]).await
        } else {
            contacts::conversations_where(pool, "c.contact_id = $1", &[id]).await
        }
        .or_internal()?;
        Ok(ContactView {
            id: row.id,
            name: row.name,
            reading: row.reading,
            email: row.email,
            phone: row.phone,
            created_at: row.created_at,
            updated_at: row.updated_at,
            profiles,
            conversations,
        })
    }

    async fn create(
        &self,
        actor: &CurrentUser,
        input: ContactInput,
        client: &ClientInfo,
    ) -> Result<i64, AppError> {
        require_staff(actor)?;
        let errors = check_contact(&input);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        let id = contacts::insert(&mut *tx, &input, now_ms())
            .await
            .or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "contact.create",
            "contact",
            Some(id.to_string()),
            json!({ "fields": changed_fields(
                &json!({}),
                &json!({ "name": input.name.trim(), "email": input.email(), "phone": input.phone(),
                         "reading": input.reading() }),
            ) }),
        );
        commit_audited(&self.engine.db, tx, entry, now_ms()).await?;
        Ok(id)
    }

    async fn update(
        &self,
        actor: &CurrentUser,
        id: i64,
        input: ContactInput,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_staff(actor)?;
        let errors = check_contact(&input);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let before = self.row(id).await?;
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        let (email, phone, reading) = (input.email(), input.phone(), input.reading());
        contacts::update(
            &mut *tx,
            id,
            input.name.trim(),
            email.as_deref(),
            phone.as_deref(),
            reading.as_deref(),
            now_ms(),
        )
        .await
        .or_internal()?;
        let after = json!({ "name": input.name.trim(), "email": email, "phone": phone,
                            "reading": reading });
        let entry = audit_entry(
            Some(actor),
            client,
            "contact.update",
            "contact",
            Some(id.to_string()),
            json!({ "fields": changed_fields(&snapshot(&before), &after) }),
        );
        commit_audited(&self.engine.db, tx, entry, now_ms()).await
    }

    async fn merge(
        &self,
        actor: &CurrentUser,
        keep: i64,
        other: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_lead(actor)?;
        if keep == other {
            return Err(FieldErrors::single("other_id", Problem::MergeOther));
        }
        let kept = self.row(keep).await?;
        let merged = match contacts::get(&self.engine.db.pool, other)
            .await
            .or_internal()?
        {
            Some(row) => row,
            None => return Err(FieldErrors::single("other_id", Problem::ContactMissing)),
        };
        let email = kept.email.clone().or(merged.email.clone());
        let phone = kept.phone.clone().or(merged.phone.clone());
        let reading = kept.reading.clone().or(merged.reading.clone());
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        contacts::move_links(&mut tx, other, Some(keep))
            .await
            .or_internal()?;
        contacts::update(
            &mut *tx,
            keep,
            &kept.name,
            email.as_deref(),
            phone.as_deref(),
            reading.as_deref(),
            now_ms(),
        )
        .await
        .or_internal()?;
        contacts::delete(&mut *tx, other).await.or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "contact.merge",
            "contact",
            Some(keep.to_string()),
            json!({ "merged": other, "fields": changed_fields(
                &snapshot(&kept),
                &json!({ "name": kept.name, "email": email, "phone": phone, "reading": reading }),
            ) }),
        );
        commit_audited(&self.engine.db, tx, entry, now_ms()).await
    }

    async fn customer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
    ) -> Result<CustomerPanel, AppError> {
        require_staff(actor)?;
        require_readable(&self.engine.db, actor, conversation_id).await?;
        let pool = &self.engine.db.pool;
        let (profile_id, contact_id, account_deleted) =
            conversations::panel_keys(pool, conversation_id)
                .await
                .or_internal()?;
        let profile = match profile_id {
            Some(id) => contacts::profile(pool, id).await.or_internal()?,
            None => None,
        };
        let contact = match contact_id {
            Some(id) => contacts::list_item(pool, id).await.or_internal()?,
            None => None,
        };
        // The same customer: by contact when linked, else by LINE profile.
        let (column, owner) = match (contact_id, profile_id) {
            (Some(id), _) => ("c.contact_id", id),
            (None, Some(id)) => ("c.profile_id", id),
            (None, None) => ("NULL", 0),
        };
        let mut previous = if actor.role == Role::Agent {
            let condition = format!("{column} = $2 AND {AGENT_READS}");
            contacts::conversations_where(pool, &condition, &[actor.id, owner]).await
        } else {
            contacts::conversations_where(pool, &format!("{column} = $1"), &[owner]).await
        }
        .or_internal()?;
        previous.retain(|c| c.id != conversation_id);
        Ok(CustomerPanel {
            conversation_id,
            // Only those who may act on the conversation see the link and unlink forms.
            can_link: profile.is_some()
                && account_deleted == 0
                && require_actor(&self.engine.db, actor, conversation_id, Act::Manage)
                    .await
                    .is_ok(),
            profile,
            contact,
            previous,
        })
    }

    async fn link(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        contact_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.set_link(actor, conversation_id, Some(contact_id), client)
            .await
    }

    async fn unlink(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.set_link(actor, conversation_id, None, client).await
    }

    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_lead(actor)?;
        self.row(id).await?;
        let mut tx = self.engine.db.begin_write().await.or_internal()?;
        let (profiles, conversations) = contacts::move_links(&mut tx, id, None)
            .await
            .or_internal()?;
        contacts::delete(&mut *tx, id).await.or_internal()?;
        let entry = audit_entry(
            Some(actor),
            client,
            "contact.delete",
            "contact",
            Some(id.to_string()),
            json!({ "unlinked": { "profiles": profiles, "conversations": conversations } }),
        );
        commit_audited(&self.engine.db, tx, entry, now_ms()).await
    }
}
