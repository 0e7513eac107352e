//! The insights rollups (migration 0020): what Reports reads instead of the raw rows, and
//! their rebuild from the raw rows. Triggers keep them as conversations, messages and surveys
//! change; nothing here writes them otherwise.

use domain::insights::rollup::{AgentCounts, DayBuckets, HourCounts, Measure, RollupSlice};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use std::collections::BTreeMap;

const HOUR_KEY: &str = "hour, scope_kind, scope_id, agent_id";
const DAY_KEY: &str = "day, scope_kind, scope_id, agent_id, measure";

/// Every change counts in eight slices: the desk, its account, workstream and queue (k.kind 0
/// to 3), each for every agent together (agent -1) and for its own agent (a.own = 1).
const FANOUT: &str = "(SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k
    CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a";

/// The slice's (scope_kind, scope_id, agent_id) for conversation `c`.
const SLICE: &str = "k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id
    WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END,
    CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END";

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

fn count_when(condition: &str) -> String {
    format!("SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)")
}

/// The statements that recompute every rollup from `$1` (a UTC midnight) on, in order.
/// `object_agg` is the database's JSON object aggregate.
fn rebuild_statements(object_agg: &str) -> Vec<String> {
    let durations = Measure::ALL
        .iter()
        .map(|m| {
            let (end, start) = measure_columns(*m);
            format!(
                "SELECT c.opened_at, c.account_id, c.workstream_id, c.queue_id, c.assigned_user_id,
                        {code} AS measure, CASE WHEN {end} < {start} THEN 0 ELSE {end} - {start} END AS ms
                   FROM conversations c WHERE c.opened_at >= $1",
                code = m.code()
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rated = (1..=5)
        .map(|r| count_when(&format!("v.rating = {r}")))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        "DELETE FROM insight_hours WHERE hour >= $1".into(),
        "DELETE FROM insight_day_durations WHERE day >= $1".into(),
        format!(
            "INSERT INTO insight_hours ({HOUR_KEY}, incoming, engaged, abandoned, bot_only, handed_off, transfers)
             SELECT c.opened_at / 3600000 * 3600000, {SLICE}, COUNT(*), {}, {}, {}, {}, SUM(c.transfers)
               FROM conversations c CROSS JOIN {FANOUT}
              WHERE c.opened_at >= $1
              GROUP BY c.opened_at / 3600000 * 3600000, {SLICE}",
            count_when(ENGAGED),
            count_when(ABANDONED),
            count_when(BOT_ONLY),
            count_when(HANDED_OFF)
        ),
        format!(
            "INSERT INTO insight_hours ({HOUR_KEY}, messages_in, messages_out)
             SELECT m.sent_at / 3600000 * 3600000, {SLICE}, {}, {}
               FROM messages m JOIN conversations c ON c.id = m.conversation_id CROSS JOIN {FANOUT}
              WHERE m.sent_at >= $1 AND m.direction IN ('in', 'out')
              GROUP BY m.sent_at / 3600000 * 3600000, {SLICE}
             ON CONFLICT ({HOUR_KEY}) DO UPDATE SET {}",
            count_when("m.direction = 'in'"),
            count_when("m.direction = 'out'"),
            adds(&["messages_in", "messages_out"])
        ),
        format!(
            "INSERT INTO insight_hours ({HOUR_KEY}, surveys_sent, rated_1, rated_2, rated_3, rated_4, rated_5)
             SELECT v.sent_at / 3600000 * 3600000, {SLICE}, COUNT(*), {rated}
               FROM survey_responses v JOIN conversations c ON c.id = v.conversation_id CROSS JOIN {FANOUT}
              WHERE v.sent_at >= $1
              GROUP BY v.sent_at / 3600000 * 3600000, {SLICE}
             ON CONFLICT ({HOUR_KEY}) DO UPDATE SET {}",
            adds(&[
                "surveys_sent",
                "rated_1",
                "rated_2",
                "rated_3",
                "rated_4",
                "rated_5"
            ])
        ),
        // Per conversation and measure its bucket, counted per bucket, then one JSON object
        // per day, slice and measure (a grouped query cannot look the bucket up itself).
        format!(
            "INSERT INTO insight_day_durations ({DAY_KEY}, buckets)
             SELECT {DAY_KEY}, {object_agg}(CAST(bucket AS TEXT), n) FROM (
               SELECT {DAY_KEY}, bucket, COUNT(*) AS n FROM (
                 SELECT c.opened_at / 86400000 * 86400000 AS day, {slice}, c.measure,
                        (SELECT MIN(b.bucket) FROM insight_buckets b WHERE b.upper_ms >= c.ms) AS bucket
                   FROM ({durations}) c CROSS JOIN {FANOUT}
                  WHERE c.ms IS NOT NULL
               ) e GROUP BY {DAY_KEY}, bucket
             ) g GROUP BY {DAY_KEY}",
            slice = named_slice()
        ),
    ]
}

/// SLICE with its columns named.
fn named_slice() -> String {
    "k.kind AS scope_kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id
        WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END AS scope_id,
        CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END AS agent_id"
        .into()
}

/// Recomputes the rollups of every hour and day from `since` (Unix ms, a UTC midnight) on from
/// the raw rows, in the caller's transaction.
pub async fn rebuild(conn: &mut AnyConnection, since: i64) -> sqlx::Result<()> {
    let object_agg = match conn.backend_name() {
        "PostgreSQL" => "jsonb_object_agg",
        _ => "json_group_object",
    };
    for statement in rebuild_statements(object_agg) {
        sqlx::query(&statement)
            .bind(since)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Refreshes PostgreSQL's statistics and visibility map of the tables a report reads, after
/// writing many rows at once: until autovacuum does, the planner may scan instead of seeking a
/// slice, and reading the hours from their key index alone still visits the table's pages.
pub async fn analyze(pool: &sqlx::AnyPool) -> sqlx::Result<()> {
    sqlx::query("VACUUM (ANALYZE) conversations, insight_hours, insight_day_durations")
        .execute(pool)
        .await?;
    Ok(())
}

/// The duration buckets' upper bounds as the database has them.
pub async fn bucket_uppers<'c>(db: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT upper_ms FROM insight_buckets ORDER BY bucket")
        .fetch_all(db)
        .await
}

/// `AND …` conditions on `r` (a rollup row) for `slice`: its agent's rows, else each of
/// `agents`' rows (per agent), else every agent's together.
fn slice_sql(slice: &RollupSlice, agents: Option<&[i64]>) -> String {
    // Ids parsed as numbers or read from our own tables: written into the statement.
    let list = |ids: &[i64]| match ids {
        [] => "NULL".to_string(),
        ids => ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    };
    let agent = match (slice.agent, agents) {
        (Some(agent), _) => format!("r.agent_id = {agent}"),
        // Listed, so each agent's rows are one range of the key (not every agent's hours).
        (None, Some(agents)) => format!("r.agent_id IN ({})", list(agents)),
        (None, None) => "r.agent_id = -1".into(),
    };
    format!(
        " AND r.scope_kind = {} AND r.scope_id IN ({}) AND {agent}",
        slice.kind.code(),
        list(&slice.scopes)
    )
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

/// Per hour in [from, to): the slice's counts.
pub async fn hours<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    slice: &RollupSlice,
) -> sqlx::Result<Vec<HourCounts>> {
    let sql = format!(
        "SELECT r.hour, {SUMS} FROM insight_hours r
          WHERE r.hour >= $1 AND r.hour < $2{} GROUP BY r.hour",
        slice_sql(slice, None)
    );
    Ok(sqlx::query_as::<_, HourRow>(&sql)
        .bind(from)
        .bind(to)
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

/// Per agent of `agents` over [from, to): conversations, engaged and ratings.
pub async fn agents<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    slice: &RollupSlice,
    agents: &[i64],
) -> sqlx::Result<Vec<AgentCounts>> {
    let sql = format!(
        "SELECT r.agent_id, {SUMS} FROM insight_hours r
          WHERE r.hour >= $1 AND r.hour < $2{} GROUP BY r.agent_id",
        slice_sql(slice, Some(agents))
    );
    Ok(sqlx::query_as::<_, AgentRow>(&sql)
        .bind(from)
        .bind(to)
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

/// The slice's duration buckets of the whole UTC days in [from, to): every agent together, or
/// each of `per_agent`'s first response and handle time.
pub async fn day_durations<'c>(
    db: impl Executor<'c, Database = Any>,
    from: i64,
    to: i64,
    slice: &RollupSlice,
    per_agent: Option<&[i64]>,
) -> sqlx::Result<Vec<DayBuckets>> {
    if from >= to {
        return Ok(Vec::new());
    }
    let measures = if per_agent.is_some() {
        format!(
            " AND r.measure IN ({}, {})",
            Measure::FirstResponse.code(),
            Measure::Handle.code()
        )
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT r.agent_id, CAST(r.measure AS BIGINT), CAST(r.buckets AS TEXT)
           FROM insight_day_durations r
          WHERE r.day >= $1 AND r.day < $2{}{measures}",
        slice_sql(slice, per_agent)
    );
    let rows = sqlx::query_as::<_, (i64, i64, String)>(&sql)
        .bind(from)
        .bind(to)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(agent_id, measure, buckets)| DayBuckets {
            agent_id,
            measure: Measure::from_code(measure),
            // Written only by the triggers and the rebuild: an object of bucket -> count.
            counts: serde_json::from_str::<BTreeMap<usize, i64>>(&buckets)
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, n)| *n != 0)
                .collect(),
        })
        .collect())
}
