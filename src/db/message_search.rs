//! Finding messages by a piece of their text, in any language. Japanese, Thai and Chinese put no
//! spaces between words, so the index holds character trigrams, not words (migrations 0022):
//! SQLite's FTS5 trigram table `message_search`, PostgreSQL's GIN index of `linedesk_trigrams`.
//! A query of 3+ characters needs all its trigrams; one of 2 characters (配送) is the trigrams
//! that start with it; a single character scans.

use super::history::Bound;
use super::{Backend, Db};

/// A 2-character query that starts more distinct trigrams than this is common enough that
/// reading the newest messages finds it sooner than an OR of every trigram.
const MOST_PREFIX_TERMS: i64 = 2_000;

/// How one typed text is looked for.
enum Matcher {
    /// No stored text contains it (a 2-character query that starts no trigram).
    Nothing,
    /// SQLite: the message ids this FTS5 query finds.
    Fts(String),
    /// PostgreSQL: texts with every trigram of the tsquery, then LIKE the pattern (the index
    /// keeps no positions, so LIKE checks the order).
    Trigrams { query: String, like: String },
    /// Every message's text LIKE the pattern.
    Scan(String),
}

impl Matcher {
    async fn new(db: &Db, typed: &str) -> sqlx::Result<Matcher> {
        let text = typed.trim().to_lowercase();
        let like = format!("%{}%", super::escape_like(&text));
        let chars: Vec<char> = text.chars().collect();
        if chars.len() < 2 {
            return Ok(Matcher::Scan(like));
        }
        Ok(match db.backend {
            Backend::Sqlite if chars.len() == 2 => {
                // The trigrams "配送x" for every x, and "配送\n" for a text that ends with it.
                let terms: Vec<String> = sqlx::query_scalar(
                    "SELECT term FROM message_search_terms WHERE term >= $1 AND term < $2 LIMIT $3",
                )
                .bind(&text)
                .bind(format!("{text}{}", char::MAX))
                .bind(MOST_PREFIX_TERMS + 1)
                .fetch_all(&db.pool)
                .await?;
                match terms.len() as i64 {
                    0 => Matcher::Nothing,
                    n if n > MOST_PREFIX_TERMS => Matcher::Scan(like),
                    _ => Matcher::Fts(
                        terms
                            .iter()
                            .map(|t| fts_phrase(t))
                            .collect::<Vec<_>>()
                            .join(" OR "),
                    ),
                }
            }
            Backend::Sqlite => Matcher::Fts(fts_phrase(&text)),
            Backend::Postgres if chars.len() == 2 => Matcher::Trigrams {
                query: format!("{}:*", ts_lexeme(&text)),
                like,
            },
            Backend::Postgres => {
                let mut trigrams: Vec<String> =
                    chars.windows(3).map(|w| w.iter().collect()).collect();
                trigrams.sort();
                trigrams.dedup();
                let lexemes: Vec<String> = trigrams.iter().map(|t| ts_lexeme(t)).collect();
                Matcher::Trigrams {
                    query: lexemes.join(" & "),
                    like,
                }
            }
        })
    }

    /// The condition on `messages m`, its parameters numbered from `$first`, and their values.
    fn message_condition(self, first: usize) -> (String, Vec<Bound>) {
        match self {
            Matcher::Nothing => ("0 = 1".into(), Vec::new()),
            Matcher::Fts(query) => (
                format!(
                    "m.id IN (SELECT rowid FROM message_search WHERE message_search MATCH ${first})"
                ),
                vec![Bound::Text(query)],
            ),
            // The first two conditions are the index's own (it leaves out empty texts).
            Matcher::Trigrams { query, like } => (
                format!(
                    "m.body IS NOT NULL AND m.body <> '' AND linedesk_trigrams(m.body) @@ CAST(${first} AS tsquery)
                     AND LOWER(m.body) LIKE ${} ESCAPE '\\'",
                    first + 1
                ),
                vec![Bound::Text(query), Bound::Text(like)],
            ),
            Matcher::Scan(like) => (
                format!("m.unsent = 0 AND LOWER(COALESCE(m.body, '')) LIKE ${first} ESCAPE '\\'"),
                vec![Bound::Text(like)],
            ),
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

/// The History condition "conversation `c` has a message whose text contains `typed`", with
/// its parameters numbered from `$first`.
pub async fn conversation_condition(
    db: &Db,
    typed: &str,
    first: usize,
) -> sqlx::Result<(String, Vec<Bound>)> {
    let (condition, binds) = Matcher::new(db, typed).await?.message_condition(first);
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
    let sql = match Matcher::new(db, typed).await? {
        Matcher::Nothing => return Ok(Vec::new()),
        // Straight from the index, which reads its rowids newest first without sorting.
        Matcher::Fts(query) => {
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
        matcher => matcher.message_condition(1),
    };
    let (condition, binds) = sql;
    let n = binds.len();
    let text = format!(
        "SELECT m.id FROM messages m WHERE {condition} AND m.id < ${} ORDER BY m.id DESC LIMIT ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query_scalar::<_, i64>(&text);
    for bound in &binds {
        query = match bound {
            Bound::Int(v) => query.bind(*v),
            Bound::Text(v) => query.bind(v.as_str()),
        };
    }
    query
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&db.pool)
        .await
}
