//! Finding messages and contacts by a piece of their text, in any language. Japanese, Thai and
//! Chinese put no spaces between words, so the indexes hold character trigrams, not words
//! (migrations 0022): SQLite's FTS5 trigram tables, PostgreSQL's GIN indexes of
//! `linedesk_trigrams`. A query of 3+ characters needs all its trigrams; one of 2 characters
//! (配送) is the trigrams that start with it; a single character reads every row. The index
//! only narrows the rows: each caller's LIKE condition still decides.

use super::history::Bound;
use super::{Backend, Db};

/// A 2-character query that starts more distinct trigrams than this is common enough that
/// reading the rows finds it sooner than an OR of every trigram.
const MOST_PREFIX_TERMS: i64 = 2_000;

/// What is searched.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Index {
    /// `messages m`: the text.
    Messages,
    /// `contacts ct`: name, email, phone and folded reading.
    Contacts,
}

impl Index {
    /// SQLite's FTS5 table and its term list.
    fn fts(self) -> (&'static str, &'static str) {
        match self {
            Index::Messages => ("message_search", "message_search_terms"),
            Index::Contacts => ("contact_search", "contact_search_terms"),
        }
    }

    /// The row id the FTS5 rowid stands for.
    fn key(self) -> &'static str {
        match self {
            Index::Messages => "m.id",
            Index::Contacts => "ct.id",
        }
    }

    /// PostgreSQL: the indexed expression, exactly as in its index (with the index's own
    /// conditions for a partial one), so the planner uses it.
    fn postgres_match(self, n: usize) -> String {
        match self {
            Index::Messages => format!(
                "m.body IS NOT NULL AND m.body <> '' AND linedesk_trigrams(m.body) @@ CAST(${n} AS tsquery)"
            ),
            Index::Contacts => format!(
                "linedesk_trigrams(COALESCE(ct.name, '') || chr(10) || COALESCE(ct.email, '') || chr(10)
                   || COALESCE(ct.phone, '') || chr(10) || COALESCE(ct.reading_fold, '')) @@ CAST(${n} AS tsquery)"
            ),
        }
    }
}

/// Which rows may hold the text, before the caller's LIKE decides.
enum Candidates {
    /// None (a 2-character query that starts no trigram).
    Nothing,
    /// Every row (a single character, or a 2-character one too common to expand).
    All,
    /// SQLite: the rows this FTS5 query finds.
    Fts(String),
    /// PostgreSQL: the rows whose trigrams match this tsquery.
    Tsquery(String),
}

impl Candidates {
    /// Rows of `index` that may contain one of `texts` (lower-cased, trimmed, not empty).
    async fn find(db: &Db, index: Index, texts: &[String]) -> sqlx::Result<Candidates> {
        if texts.is_empty() {
            return Ok(Candidates::All);
        }
        let mut parts = Vec::new();
        for text in texts {
            let chars: Vec<char> = text.chars().collect();
            if chars.len() < 2 {
                return Ok(Candidates::All);
            }
            match db.backend {
                Backend::Sqlite if chars.len() == 2 => {
                    // The trigrams "配送x" for every x, and "配送\n" for a text that ends with
                    // it (each is indexed with a line break after it).
                    let sql = format!(
                        "SELECT term FROM {} WHERE term >= $1 AND term < $2 LIMIT $3",
                        index.fts().1
                    );
                    let terms: Vec<String> = sqlx::query_scalar(&sql)
                        .bind(text)
                        .bind(format!("{text}{}", char::MAX))
                        .bind(MOST_PREFIX_TERMS + 1)
                        .fetch_all(&db.pool)
                        .await?;
                    if terms.len() as i64 > MOST_PREFIX_TERMS {
                        return Ok(Candidates::All);
                    }
                    parts.extend(terms.iter().map(|t| fts_phrase(t)));
                }
                Backend::Sqlite => parts.push(fts_phrase(text)),
                Backend::Postgres if chars.len() == 2 => {
                    parts.push(format!("{}:*", ts_lexeme(text)))
                }
                Backend::Postgres => {
                    let mut trigrams: Vec<String> =
                        chars.windows(3).map(|w| w.iter().collect()).collect();
                    trigrams.sort();
                    trigrams.dedup();
                    let all: Vec<String> = trigrams.iter().map(|t| ts_lexeme(t)).collect();
                    parts.push(format!("({})", all.join(" & ")));
                }
            }
        }
        Ok(match db.backend {
            _ if parts.is_empty() => Candidates::Nothing,
            Backend::Sqlite => Candidates::Fts(parts.join(" OR ")),
            Backend::Postgres => Candidates::Tsquery(parts.join(" | ")),
        })
    }

    /// The condition on `index`'s rows, its parameter (if any) being `$n`.
    fn condition(self, index: Index, n: usize) -> (String, Option<Bound>) {
        match self {
            Candidates::Nothing => ("0 = 1".into(), None),
            Candidates::All => ("1 = 1".into(), None),
            Candidates::Fts(query) => {
                let (table, _) = index.fts();
                (
                    format!(
                        "{} IN (SELECT rowid FROM {table} WHERE {table} MATCH ${n})",
                        index.key()
                    ),
                    Some(Bound::Text(query)),
                )
            }
            Candidates::Tsquery(query) => (index.postgres_match(n), Some(Bound::Text(query))),
        }
    }
}

/// `text` as one FTS5 phrase: in double quotes, a double quote doubled.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `text` as one quoted tsquery lexeme (a quote doubled, a backslash escaped).
fn ts_lexeme(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// The condition "the row of `index` may contain `typed` or one of its `variants` (each
/// lower-cased)", its parameter numbered `$n` when there is one. AND it with the exact
/// LIKE condition.
pub async fn candidates(
    db: &Db,
    index: Index,
    typed: &str,
    variants: &[String],
    n: usize,
) -> sqlx::Result<(String, Option<Bound>)> {
    let mut texts = vec![typed.trim().to_lowercase()];
    for variant in variants {
        if !texts.contains(variant) {
            texts.push(variant.clone());
        }
    }
    texts.retain(|t| !t.is_empty());
    Ok(Candidates::find(db, index, &texts)
        .await?
        .condition(index, n))
}

/// The messages whose text may contain `typed` (one lookup of the index's terms at most).
async fn message_candidates(db: &Db, typed: &str) -> sqlx::Result<Candidates> {
    let text = typed.trim().to_lowercase();
    let texts: Vec<String> = (!text.is_empty()).then_some(text).into_iter().collect();
    Candidates::find(db, Index::Messages, &texts).await
}

/// The condition on `messages m` "its text contains `typed`", narrowed by `found`, with its
/// parameters numbered from `$first`.
fn message_condition(found: Candidates, typed: &str, first: usize) -> (String, Vec<Bound>) {
    let (indexed, bound) = found.condition(Index::Messages, first);
    let mut binds: Vec<Bound> = bound.into_iter().collect();
    binds.push(Bound::Text(super::contains_pattern(typed)));
    let like = binds.len() + first - 1;
    (
        format!(
            "{indexed} AND m.unsent = 0 AND LOWER(COALESCE(m.body, '')) LIKE ${like} ESCAPE '\\'"
        ),
        binds,
    )
}

/// The History condition "conversation `c` has a message whose text contains `typed`", with
/// its parameters numbered from `$first`.
pub async fn conversation_condition(
    db: &Db,
    typed: &str,
    first: usize,
) -> sqlx::Result<(String, Vec<Bound>)> {
    let found = message_candidates(db, typed).await?;
    let (condition, binds) = message_condition(found, typed, first);
    Ok((
        format!("c.id IN (SELECT m.conversation_id FROM messages m WHERE {condition})"),
        binds,
    ))
}

/// Up to `limit` ids of messages whose text contains `typed`, newest first, older than the
/// cursor `before` (the last id of the previous page) when given.
pub async fn message_ids(
    db: &Db,
    typed: &str,
    before: Option<i64>,
    limit: u32,
) -> sqlx::Result<Vec<i64>> {
    let before = before.unwrap_or(i64::MAX);
    let found = message_candidates(db, typed).await?;
    if let Candidates::Fts(query) = found {
        // FTS5's phrases are exact and it reads its rowids newest first without sorting: no
        // need to read the messages.
        return sqlx::query_scalar(
            "SELECT rowid FROM message_search WHERE message_search MATCH $1 AND rowid < $2
             ORDER BY rowid DESC LIMIT $3",
        )
        .bind(query)
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await;
    }
    let (condition, binds) = message_condition(found, typed, 1);
    let n = binds.len();
    let sql = format!(
        "SELECT m.id FROM messages m WHERE {condition} AND m.id < ${} ORDER BY m.id DESC LIMIT ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for bound in &binds {
        query = bound.bind_scalar_to(query);
    }
    query
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
}
