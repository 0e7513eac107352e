//! The insights rollups (migration 0020): what Reports reads instead of the raw rows, and
//! their rebuild from the raw rows. Triggers keep them as conversations, messages and surveys
//! change; nothing here writes them otherwise.

use super::insights::{bind_all, ReportWhere};
use domain::insights::rollup::{AgentCounts, BucketCount, HourCounts, Measure};
use sqlx::{Any, AnyConnection, Executor, FromRow};

/// A row's messaging account, workstream, queue and agent, 0 for none (as the rollups key them).
const DIMENSIONS: &str = "c.account_id, COALESCE(c.workstream_id, 0), COALESCE(c.queue_id, 0), COALESCE(c.assigned_user_id, 0)";
const KEY: &str = "hour, account_id, workstream_id, queue_id, agent_id";

/// How a conversation went, as the rollups count it (the same rules as report::build).
const ENGAGED: &str = "c.first_replied_at IS NOT NULL";
const ABANDONED: &str =
    "c.first_replied_at IS NULL AND c.closed_at IS NOT NULL AND c.first_queued_at IS NOT NULL";
const BOT_ONLY: &str = "c.first_replied_at IS NULL AND c.closed_at IS NOT NULL AND c.first_queued_at IS NULL AND c.bot_served = 1";
const HANDED_OFF: &str = "c.bot_served = 1 AND c.first_queued_at IS NOT NULL";

/// Each measure's (end, start) columns.
fn measure_columns(measure: Measure) -> (&'static str, &'static str) {
    match measure {
        Measure::FirstResponse => ("c.first_replied_at", "c.first_queued_at"),
        Measure::Wait => ("c.first_assigned_at", "c.first_queued_at"),
        Measure::Handle => ("c.closed_at", "c.first_assigned_at"),
        Measure::Resolution => ("c.closed_at", "c.opened_at"),
    }
}

fn adds(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("{c} = insight_hours.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statements that recompute every rollup from hour `$1` on, in order.
fn rebuild_statements() -> Vec<String> {
    let when = |condition: &str| format!("SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)");
    let durations = Measure::ALL
        .iter()
        .map(|m| {
            let (end, start) = measure_columns(*m);
            format!(
                "SELECT c.opened_at / 3600000 * 3600000 AS hour, c.account_id AS account_id,
                        COALESCE(c.workstream_id, 0) AS workstream_id, COALESCE(c.queue_id, 0) AS queue_id,
                        COALESCE(c.assigned_user_id, 0) AS agent_id, {code} AS measure,
                        CASE WHEN {end} < {start} THEN 0 ELSE {end} - {start} END AS ms
                   FROM conversations c
                  WHERE c.opened_at >= $1 AND {end} IS NOT NULL AND {start} IS NOT NULL",
                code = m.code()
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rated = (1..=5)
        .map(|r| format!("SUM(CASE WHEN v.rating = {r} THEN 1 ELSE 0 END)"))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        "DELETE FROM insight_hours WHERE hour >= $1".into(),
        "DELETE FROM insight_durations WHERE hour >= $1".into(),
        format!(
            "INSERT INTO insight_hours ({KEY}, incoming, engaged, abandoned, bot_only, handed_off, transfers)
             SELECT c.opened_at / 3600000 * 3600000, {DIMENSIONS}, COUNT(*), {}, {}, {}, {}, SUM(c.transfers)
               FROM conversations c WHERE c.opened_at >= $1
              GROUP BY c.opened_at / 3600000 * 3600000, {DIMENSIONS}",
            when(ENGAGED),
            when(ABANDONED),
            when(BOT_ONLY),
            when(HANDED_OFF)
        ),
        format!(
            "INSERT INTO insight_hours ({KEY}, messages_in, messages_out)
             SELECT m.sent_at / 3600000 * 3600000, {DIMENSIONS}, {}, {}
               FROM messages m JOIN conversations c ON c.id = m.conversation_id
              WHERE m.sent_at >= $1 AND m.direction IN ('in', 'out')
              GROUP BY m.sent_at / 3600000 * 3600000, {DIMENSIONS}
             ON CONFLICT ({KEY}) DO UPDATE SET {}",
            when("m.direction = 'in'"),
            when("m.direction = 'out'"),
            adds(&["messages_in", "messages_out"])
        ),
        format!(
            "INSERT INTO insight_hours ({KEY}, surveys_sent, rated_1, rated_2, rated_3, rated_4, rated_5)
             SELECT v.sent_at / 3600000 * 3600000, {DIMENSIONS}, COUNT(*), {rated}
               FROM survey_responses v JOIN conversations c ON c.id = v.conversation_id
              WHERE v.sent_at >= $1
              GROUP BY v.sent_at / 3600000 * 3600000, {DIMENSIONS}
             ON CONFLICT ({KEY}) DO UPDATE SET {}",
            adds(&[
                "surveys_sent",
                "rated_1",
                "rated_2",
                "rated_3",
                "rated_4",
                "rated_5"
            ])
        ),
        // The bucket is found per conversation, then counted (a grouped query cannot look it
        // up from an ungrouped column).
        format!(
            "INSERT INTO insight_durations ({KEY}, measure, bucket, conversations)
             SELECT {KEY}, measure, bucket, COUNT(*) FROM (
               SELECT d.hour, d.account_id, d.workstream_id, d.queue_id, d.agent_id, d.measure,
                      (SELECT MIN(b.bucket) FROM insight_buckets b WHERE b.upper_ms >= d.ms) AS bucket
                 FROM ({durations}) d
             ) e
             GROUP BY {KEY}, measure, bucket"
        ),
    ]
}

/// Recomputes the rollups of every hour from `since` (Unix ms, a whole hour) on from the raw
/// rows, in the caller's transaction.
pub async fn rebuild(conn: &mut AnyConnection, since: i64) -> sqlx::Result<()> {
    for statement in rebuild_statements() {
        sqlx::query(&statement)
            .bind(since)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The duration buckets' upper bounds as the database has them.
pub async fn bucket_uppers<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT upper_ms FROM insight_buckets ORDER BY bucket")
        .fetch_all(db)
        .await
}

#[derive(FromRow)]
struct HourRow {
    hour: i64,
    incoming: i64,
    engaged: i64,
    abandoned: i64,
    bot_only: i64,
    handed_off: i64,
    transfers: i64,
    messages_in: i64,
    messages_out: i64,
    surveys_sent: i64,
    rated_1: i64,
    rated_2: i64,
    rated_3: i64,
    rated_4: i64,
    rated_5: i64,
}

const SUMS: &str = "CAST(SUM(r.incoming) AS BIGINT) AS incoming, CAST(SUM(r.engaged) AS BIGINT) AS engaged,
    CAST(SUM(r.abandoned) AS BIGINT) AS abandoned, CAST(SUM(r.bot_only) AS BIGINT) AS bot_only,
    CAST(SUM(r.handed_off) AS BIGINT) AS handed_off, CAST(SUM(r.transfers) AS BIGINT) AS transfers,
    CAST(SUM(r.messages_in) AS BIGINT) AS messages_in, CAST(SUM(r.messages_out) AS BIGINT) AS messages_out,
    CAST(SUM(r.surveys_sent) AS BIGINT) AS surveys_sent, CAST(SUM(r.rated_1) AS BIGINT) AS rated_1,
    CAST(SUM(r.rated_2) AS BIGINT) AS rated_2, CAST(SUM(r.rated_3) AS BIGINT) AS rated_3,
    CAST(SUM(r.rated_4) AS BIGINT) AS rated_4, CAST(SUM(r.rated_5) AS BIGINT) AS rated_5";

/// Per hour in [from, to): the counts of the rollups `scope` selects.
pub async fn hours<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    scope: &ReportWhere<'_>,
) -> sqlx::Result<Vec<HourCounts>> {
    let (conditions, binds) = scope.rollup_sql(2);
    let sql = format!(
        "SELECT r.hour, {SUMS} FROM insight_hours r
          WHERE r.hour >= $1 AND r.hour < $2{conditions} GROUP BY r.hour"
    );
    let query = bind_all(
        sqlx::query_as::<_, HourRow>(&sql).bind(from).bind(to),
        binds,
    );
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| HourCounts {
            hour: r.hour,
            incoming: r.incoming,
            engaged: r.engaged,
            abandoned: r.abandoned,
            bot_only: r.bot_only,
            handed_off: r.handed_off,
            transfers: r.transfers,
            messages_in: r.messages_in,
            messages_out: r.messages_out,
            surveys_sent: r.surveys_sent,
            ratings: [r.rated_1, r.rated_2, r.rated_3, r.rated_4, r.rated_5],
        })
        .collect())
}

#[derive(FromRow)]
struct AgentRow {
    agent_id: i64,
    incoming: i64,
    engaged: i64,
    rated_1: i64,
    rated_2: i64,
    rated_3: i64,
    rated_4: i64,
    rated_5: i64,
}

/// Per agent over [from, to): conversations, engaged and ratings.
pub async fn agents<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    scope: &ReportWhere<'_>,
) -> sqlx::Result<Vec<AgentCounts>> {
    let (conditions, binds) = scope.rollup_sql(2);
    let sql = format!(
        "SELECT r.agent_id, {SUMS} FROM insight_hours r
          WHERE r.hour >= $1 AND r.hour < $2 AND r.agent_id <> 0{conditions} GROUP BY r.agent_id"
    );
    let query = bind_all(
        sqlx::query_as::<_, AgentRow>(&sql).bind(from).bind(to),
        binds,
    );
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| AgentCounts {
            agent_id: r.agent_id,
            incoming: r.incoming,
            engaged: r.engaged,
            ratings: [r.rated_1, r.rated_2, r.rated_3, r.rated_4, r.rated_5],
        })
        .collect())
}

/// Duration buckets over [from, to), all together or (`per_agent`) each agent's first response
/// and handle time.
pub async fn durations<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    scope: &ReportWhere<'_>,
    per_agent: bool,
) -> sqlx::Result<Vec<BucketCount>> {
    let (conditions, binds) = scope.rollup_sql(2);
    let (agent, group, only) = if per_agent {
        (
            "r.agent_id",
            "r.agent_id, ",
            format!(
                " AND r.agent_id <> 0 AND r.measure IN ({}, {})",
                Measure::FirstResponse.code(),
                Measure::Handle.code()
            ),
        )
    } else {
        ("0", "", String::new())
    };
    let sql = format!(
        "SELECT {agent} AS agent_id, CAST(r.measure AS BIGINT), CAST(r.bucket AS BIGINT),
                CAST(SUM(r.conversations) AS BIGINT)
           FROM insight_durations r
          WHERE r.hour >= $1 AND r.hour < $2{only}{conditions}
          GROUP BY {group}r.measure, r.bucket"
    );
    let query = bind_all(
        sqlx::query_as::<_, (i64, i64, i64, i64)>(&sql)
            .bind(from)
            .bind(to),
        binds,
    );
    Ok(query
        .fetch_all(db)
        .await?
        .into_iter()
        .filter_map(|(agent_id, measure, bucket, count)| {
            Some(BucketCount {
                agent_id,
                measure: Measure::from_code(measure)?,
                bucket: usize::try_from(bucket).ok()?,
                count,
            })
        })
        .collect())
}
