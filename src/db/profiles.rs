//! `social_profiles`: a LINE user as one messaging account knows them.

use sqlx::{Any, Executor, FromRow};

#[derive(Clone, Debug, FromRow)]
pub struct ProfileRow {
    pub id: i64,
    pub account_id: i64,
    pub line_user_id: String,
    pub display_name: Option<String>,
    pub picture_url: Option<String>,
    pub language: Option<String>,
    pub blocked: i16,
    pub friend_since: Option<i64>,
    pub contact_id: Option<i64>,
    pub fetched_at: Option<i64>,
}

pub(crate) const COLUMNS: &str = "id, account_id, line_user_id, display_name, picture_url, language, blocked, friend_since, contact_id, fetched_at";

/// The profile row for this user, created empty when it is the first contact.
pub async fn ensure(
    conn: &mut sqlx::AnyConnection,
    account_id: i64,
    line_user_id: &str,
    now: i64,
) -> sqlx::Result<ProfileRow> {
    // Nearly every event comes from a customer we know: read first, write only for a new one.
    if let Some(known) = find(&mut *conn, account_id, line_user_id).await? {
        return Ok(known);
    }
    // RETURNING gives the new row in the same statement; only when another writer added the
    // customer meanwhile (the conflict) is it read again.
    let inserted = sqlx::query_as::<_, ProfileRow>(&format!(
        "INSERT INTO social_profiles (account_id, line_user_id, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (account_id, line_user_id) DO NOTHING RETURNING {COLUMNS}"
    ))
    .bind(account_id)
    .bind(line_user_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    match inserted {
        Some(row) => Ok(row),
        None => find(&mut *conn, account_id, line_user_id)
            .await?
            .ok_or(sqlx::Error::RowNotFound),
    }
}

pub async fn find<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_id: &str,
) -> sqlx::Result<Option<ProfileRow>> {
    sqlx::query_as::<_, ProfileRow>(&format!(
        "SELECT {COLUMNS} FROM social_profiles WHERE account_id = $1 AND line_user_id = $2"
    ))
    .bind(account_id)
    .bind(line_user_id)
    .fetch_optional(db)
    .await
}

pub struct Details<'a> {
    pub display_name: &'a str,
    pub picture_url: Option<&'a str>,
    pub language: Option<&'a str>,
    pub status_message: Option<&'a str>,
}

pub async fn set_details<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    details: &Details<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE social_profiles SET display_name = $1, picture_url = $2, language = $3, status_message = $4,
            fetched_at = $5, updated_at = $5 WHERE id = $6",
    )
    .bind(details.display_name)
    .bind(details.picture_url)
    .bind(details.language)
    .bind(details.status_message)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// follow (blocked = false, friend since now unless known) and unfollow (blocked = true).
pub async fn set_blocked<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
    blocked: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE social_profiles SET blocked = $1, updated_at = $2,
            friend_since = CASE WHEN $1 = 0 THEN COALESCE(friend_since, $2) ELSE friend_since END
         WHERE id = $3",
    )
    .bind(i16::from(blocked))
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// A LINE user as a data subject (the Privacy page's search, export and erasure).
#[derive(FromRow)]
pub struct SubjectRow {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub display_name: Option<String>,
    pub line_user_id: String,
    pub conversations: i64,
    pub erased_at: Option<i64>,
}

const SUBJECTS: &str = "SELECT p.id, p.account_id, a.name AS account_name, p.display_name, p.line_user_id,
        (SELECT COUNT(*) FROM conversations c WHERE c.profile_id = p.id) AS conversations, p.erased_at
    FROM social_profiles p JOIN line_accounts a ON a.id = p.account_id";

/// The data subject of profile `id`.
pub async fn subject<'c>(
    db: impl Executor<'c, Database = Any>,
    id: i64,
) -> sqlx::Result<Option<SubjectRow>> {
    sqlx::query_as::<_, SubjectRow>(&format!("{SUBJECTS} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The first 50 data subjects whose name or LINE user id (lower-cased) is LIKE `pattern`.
pub async fn search_subjects<'c>(
    db: impl Executor<'c, Database = Any>,
    pattern: &str,
) -> sqlx::Result<Vec<SubjectRow>> {
    sqlx::query_as::<_, SubjectRow>(&format!(
        "{SUBJECTS} WHERE LOWER(COALESCE(p.display_name, '')) LIKE $1 ESCAPE '\\' OR LOWER(p.line_user_id) LIKE $1 ESCAPE '\\'
         ORDER BY p.id LIMIT 50"
    ))
    .bind(pattern)
    .fetch_all(db)
    .await
}

/// The names LINE gave these users of the account (group and room members): (user id, name).
pub async fn names<'c>(
    db: impl Executor<'c, Database = Any>,
    account_id: i64,
    line_user_ids: &[String],
) -> sqlx::Result<Vec<(String, String)>> {
    if line_user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = crate::db::placeholders(2, line_user_ids.len());
    let sql = format!(
        "SELECT line_user_id, display_name FROM social_profiles
         WHERE account_id = $1 AND display_name IS NOT NULL AND line_user_id IN ({list})"
    );
    let mut query = sqlx::query_as::<_, (String, String)>(&sql).bind(account_id);
    for id in line_user_ids {
        query = query.bind(id);
    }
    query.fetch_all(db).await
}
