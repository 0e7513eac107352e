//! `contacts`: the organisation's customers, and which LINE profiles and conversations they own.

use super::history::Bound;
use super::{text_search, Db};
use domain::contact::{search_fold, ContactInput, ContactListItem, PastConversation, ProfileView};
use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub reading: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(FromRow)]
struct ListRow {
    id: i64,
    name: String,
    reading: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    profiles: i64,
    conversations: i64,
    updated_at: i64,
}

const LIST_SQL: &str = "SELECT ct.id, ct.name, ct.reading, ct.email, ct.phone,
        (SELECT COUNT(*) FROM social_profiles p WHERE p.contact_id = ct.id) AS profiles,
        (SELECT COUNT(*) FROM conversations c WHERE c.contact_id = ct.id) AS conversations,
        ct.updated_at
    FROM contacts ct";

impl ListRow {
    fn item(self) -> ContactListItem {
        ContactListItem {
            id: self.id,
            name: self.name,
            reading: self.reading,
            email: self.email,
            phone: self.phone,
            profiles: self.profiles,
            conversations: self.conversations,
            updated_at: self.updated_at,
        }
    }
}

/// The condition "this contact (`ct`) matches the search": name, email or phone contain the
/// lower-case LIKE pattern `$name`, or the folded reading contains the folded pattern `$fold`
/// (see `fold_pattern`). The caller binds both.
fn matches_sql(name: usize, fold: usize) -> String {
    format!(
        "(LOWER(COALESCE(ct.name, '')) LIKE ${name} ESCAPE '\\' OR LOWER(COALESCE(ct.email, '')) LIKE ${name} ESCAPE '\\'
            OR COALESCE(ct.phone, '') LIKE ${name} ESCAPE '\\' OR COALESCE(ct.reading_fold, '') LIKE ${fold} ESCAPE '\\')"
    )
}

/// A LIKE pattern as the stored `reading_fold` compares: katakana as hiragana.
fn fold_pattern(pattern: &str) -> String {
    search_fold(pattern)
}

/// The condition "contact `ct` matches `typed`" (name, email, phone or reading contain it;
/// the reading katakana or hiragana alike), narrowed by the trigram index
/// (db/text_search.rs), with its parameters numbered from `$first`.
pub async fn search_condition(
    db: &Db,
    typed: &str,
    first: usize,
) -> sqlx::Result<(String, Vec<Bound>)> {
    let fold = search_fold(typed.trim());
    let (indexed, bound) =
        text_search::candidates(db, text_search::Index::Contacts, typed, &[fold], first).await?;
    let mut binds: Vec<Bound> = bound.into_iter().collect();
    let pattern = crate::db::contains_pattern(typed);
    binds.push(Bound::Text(pattern.clone()));
    binds.push(Bound::Text(fold_pattern(&pattern)));
    let name = first + binds.len() - 2;
    Ok((
        format!("{indexed} AND {}", matches_sql(name, name + 1)),
        binds,
    ))
}

/// Contacts whose name, email, phone or reading contains `typed`, newest first.
pub async fn search(db: &Db, typed: &str, limit: i64) -> sqlx::Result<Vec<ContactListItem>> {
    let (condition, binds) = search_condition(db, typed, 1).await?;
    let sql = format!(
        "{LIST_SQL} WHERE {condition} ORDER BY ct.updated_at DESC, ct.id DESC LIMIT ${}",
        binds.len() + 1
    );
    let mut query = sqlx::query_as::<_, ListRow>(&sql);
    for bound in &binds {
        query = bound.bind_to(query);
    }
    let rows = query.bind(limit).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(ListRow::item).collect())
}

pub async fn list_item<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<ContactListItem>> {
    let row = sqlx::query_as::<_, ListRow>(&format!("{LIST_SQL} WHERE ct.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(ListRow::item))
}

pub async fn get<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<ContactRow>> {
    sqlx::query_as::<_, ContactRow>(
        "SELECT id, name, reading, email, phone, created_at, updated_at FROM contacts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn insert<'c>(
    db: impl Executor<'c, Database = Any>,
    input: &ContactInput,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO contacts (name, email, phone, reading, reading_fold, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(input.name.trim())
    .bind(input.email())
    .bind(input.phone())
    .bind(input.reading())
    .bind(input.reading().as_deref().map(search_fold))
    .bind(now)
    .fetch_one(db)
    .await
}

pub async fn update<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
    reading: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE contacts SET name = $1, email = $2, phone = $3, reading = $4, reading_fold = $5,
            updated_at = $6 WHERE id = $7",
    )
    .bind(name)
    .bind(email)
    .bind(phone)
    .bind(reading)
    .bind(reading.map(search_fold))
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete<'c>(db: impl Executor<'c, Database = Any>, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM contacts WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves every LINE profile and conversation of `from` to `to` (None unlinks them); returns
/// how many profiles and conversations moved.
pub async fn move_links(
    tx: &mut crate::db::WriteTx,
    from: i64,
    to: Option<i64>,
) -> sqlx::Result<(u64, u64)> {
    let profiles = sqlx::query("UPDATE social_profiles SET contact_id = $1 WHERE contact_id = $2")
        .bind(to)
        .bind(from)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    let conversations =
        sqlx::query("UPDATE conversations SET contact_id = $1 WHERE contact_id = $2")
            .bind(to)
            .bind(from)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    Ok((profiles, conversations))
}

/// The contact a LINE profile, or failing that one of its conversations, is linked to.
pub async fn of_profile<'c>(
    db: impl Executor<'c, Database = Any>,
    profile_id: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT COALESCE(p.contact_id,
                (SELECT c.contact_id FROM conversations c
                  WHERE c.profile_id = p.id AND c.contact_id IS NOT NULL LIMIT 1))
           FROM social_profiles p WHERE p.id = $1",
    )
    .bind(profile_id)
    .fetch_optional(db)
    .await
    .map(Option::flatten)
}

/// Links a LINE profile and all its conversations (past and open) to `contact` (None unlinks).
pub async fn link_profile(
    tx: &mut crate::db::WriteTx,
    profile_id: i64,
    contact: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE social_profiles SET contact_id = $1 WHERE id = $2")
        .bind(contact)
        .bind(profile_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE conversations SET contact_id = $1 WHERE profile_id = $2")
        .bind(contact)
        .bind(profile_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct ProfileRow {
    id: i64,
    account_name: String,
    line_user_id: String,
    display_name: Option<String>,
    picture_url: Option<String>,
    language: Option<String>,
    friend_since: Option<i64>,
    blocked: i16,
}

const PROFILE_SQL: &str = "SELECT p.id, a.name AS account_name, p.line_user_id, p.display_name,
        p.picture_url, p.language, p.friend_since, p.blocked
    FROM social_profiles p JOIN line_accounts a ON a.id = p.account_id";

impl ProfileRow {
    fn view(self) -> ProfileView {
        ProfileView {
            id: self.id,
            account_name: self.account_name,
            line_user_id: self.line_user_id,
            display_name: self.display_name,
            picture_url: self.picture_url,
            language: self.language,
            friend_since: self.friend_since,
            blocked: self.blocked != 0,
        }
    }
}

pub async fn profile<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<ProfileView>> {
    let row = sqlx::query_as::<_, ProfileRow>(&format!("{PROFILE_SQL} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(ProfileRow::view))
}

pub async fn profiles_of<'c>(
    db: impl Executor<'c, Database = Any>,
    contact_id: i64,
) -> sqlx::Result<Vec<ProfileView>> {
    let rows = sqlx::query_as::<_, ProfileRow>(&format!(
        "{PROFILE_SQL} WHERE p.contact_id = $1 ORDER BY p.id"
    ))
    .bind(contact_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(ProfileRow::view).collect())
}

#[derive(FromRow)]
struct PastRow {
    id: i64,
    account_name: String,
    opened_at: i64,
    closed_at: Option<i64>,
    #[sqlx(try_from = "String")]
    state: domain::conversation::ConversationState,
    agent: Option<String>,
    rating: Option<i32>,
    messages: i64,
}

/// Conversations matching `condition` (on `c`, with `$1`, `$2`… bound to `values`), newest first.
pub async fn conversations_where<'c>(
    db: impl Executor<'c, Database = Any>,
    condition: &str,
    values: &[i64],
) -> sqlx::Result<Vec<PastConversation>> {
    let sql = format!(
        "SELECT c.id, a.name AS account_name, c.opened_at, c.closed_at, c.state,
            CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS agent,
            s.rating, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messages
         FROM conversations c
         JOIN line_accounts a ON a.id = c.account_id
         LEFT JOIN users u ON u.id = c.assigned_user_id
         LEFT JOIN survey_responses s ON s.conversation_id = c.id
         WHERE {condition}
         ORDER BY c.opened_at DESC, c.id DESC LIMIT 200"
    );
    let mut query = sqlx::query_as::<_, PastRow>(&sql);
    for value in values {
        query = query.bind(*value);
    }
    let rows = query.fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| PastConversation {
            id: r.id,
            account_name: r.account_name,
            opened_at: r.opened_at,
            closed_at: r.closed_at,
            state: r.state,
            agent: r.agent,
            rating: r.rating,
            messages: r.messages,
        })
        .collect())
}

/// The contact's (name, email, phone), for routing conditions.
pub async fn name_email_phone<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<(String, Option<String>, Option<String>)>> {
    sqlx::query_as::<_, (String, Option<String>, Option<String>)>(
        "SELECT name, email, phone FROM contacts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}
