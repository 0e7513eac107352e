//! Insights > Reports: every figure of a generated month of traffic equals a plain SQL count
//! over the raw rows, in several time zones (a conversation across midnight, a daylight-saving
//! change in Rome); read from the hourly rollups where the reader's days start on whole hours
//! (durations within their bucket), from the raw rows in India; the rollups follow every change
//! and a rebuild from the raw rows gives the same; supervisors see their queues only; bad
//! periods get field errors.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, world, World};
use crate::routing::{staff, workstream};
use domain::agent::Presence;
use domain::insights::report::{nearest_rank, ChartKind, ReportRequest};
use domain::insights::rollup::{bucket_estimate, bucket_of, bucket_uppers};
use domain::queue::TransferTarget;
use domain::user::ClientInfo;
use domain::{AppError, Problem, Role};
use linedesk::db::Db;
use linedesk::engine::distribution;
use serde_json::json;

db_tests!(
    every_report_figure_matches_plain_sql_over_a_generated_month,
    conversations_keep_the_facts_reports_need_as_they_move,
    rollups_follow_every_change_and_rebuild_to_the_same_counts,
    supervisors_report_on_their_queues_and_bad_periods_are_refused,
);

const MINUTE: i64 = 60_000;

/// The local midnight starting `date` (YYYY-MM-DD) in `zone`, from the tz database.
fn midnight(zone: &str, date: &str) -> i64 {
    let tz = jiff::tz::TimeZone::get(zone).unwrap();
    let date: jiff::civil::Date = date.parse().unwrap();
    date.to_zoned(tz).unwrap().timestamp().as_millisecond()
}

fn zone(name: &str) -> domain::time::ZoneTable {
    app::ssr::zone_table(name).unwrap()
}

/// A small deterministic generator (the same month on every run and both databases).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as i64
    }
}

struct Month {
    queue: i64,
    other_queue: i64,
    ana: i64,
    ben: i64,
}

/// About 400 conversations from 2026-10-10 to 2026-11-10 (UTC), with every outcome, plus two
/// placed on purpose: one opened 23:50 in Rome on 24 October that closes after midnight, one at
/// 00:30 on 25 October, the night Rome's clocks go back.
async fn generate_month(w: &World) -> Month {
    let (workstream_id, queue) = workstream(w, "push").await;
    let other_queue = w
        .desk
        .state
        .services
        .routing
        .create_queue(&admin(), "Second line", 0, &ClientInfo::default())
        .await
        .unwrap();
    let ana = staff(w, "Ana", Role::Agent).await.id;
    let ben = staff(w, "Ben", Role::Agent).await.id;
    let start = midnight("UTC", "2026-10-10");
    let mut rng = Lcg(7);
    let mut opened: Vec<i64> = (0..400)
        .map(|_| start + rng.next(31 * 24 * 60) * MINUTE)
        .collect();
    opened.push(midnight("Europe/Rome", "2026-10-24") + (23 * 60 + 50) * MINUTE);
    opened.push(midnight("Europe/Rome", "2026-10-25") + 30 * MINUTE);
    for (n, opened_at) in opened.into_iter().enumerate() {
        let kind = if n >= 400 { 0 } else { rng.next(6) };
        let agent = if rng.next(2) == 0 { ana } else { ben };
        let q = if rng.next(4) == 0 { other_queue } else { queue };
        let bot = kind == 3 || kind == 4;
        let queued = (kind != 3).then(|| opened_at + rng.next(5) * MINUTE);
        let assigned =
            (kind == 0 || kind == 4 || kind == 5).then(|| queued.unwrap() + rng.next(10) * MINUTE);
        let reply =
            (kind == 0 || kind == 4).then(|| assigned.unwrap() + rng.next(7) * MINUTE + 1000);
        // kind 0, 3, 4: closed; 1: abandoned (closed, no reply); 2: still waiting; 5: taken, no reply yet.
        let closed = match kind {
            0 | 4 => Some(reply.unwrap() + (5 + rng.next(60)) * MINUTE),
            1 => Some(queued.unwrap() + (1 + rng.next(20)) * MINUTE),
            3 => Some(opened_at + (1 + rng.next(10)) * MINUTE),
            _ => None,
        };
        let state = match (closed, assigned) {
            (Some(_), _) => "closed",
            (None, Some(_)) => "active",
            (None, None) => "waiting",
        };
        let transfers = if kind == 0 && rng.next(5) == 0 { 1 } else { 0 };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO conversations (account_id, chat_kind, chat_id, state, opened_at, last_message_at,
                 closed_at, workstream_id, queue_id, assigned_user_id, assigned_at, queued_at,
                 first_queued_at, first_assigned_at, bot_served, transfers)
             VALUES ($1, 'user', $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $10, $9, $11, $12) RETURNING id",
        )
        .bind(w.account_id)
        .bind(format!("U{n:032x}"))
        .bind(state)
        .bind(opened_at)
        .bind(closed)
        .bind(workstream_id)
        .bind((kind != 3).then_some(q))
        .bind(assigned.map(|_| agent))
        .bind(assigned)
        .bind(queued)
        .bind(i16::from(bot))
        .bind(transfers)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        let message = |direction: &'static str, author: Option<i64>, at: i64| {
            sqlx::query(
                "INSERT INTO messages (conversation_id, direction, kind, author_user_id, body, payload, sent_at, created_at)
                 VALUES ($1, $2, 'text', $3, 'hello', '{}', $4, $4)",
            )
            .bind(id)
            .bind(direction)
            .bind(author)
            .bind(at)
        };
        message("in", None, opened_at)
            .execute(&w.db.pool)
            .await
            .unwrap();
        if bot {
            // The bot's answer: an outgoing message with no agent.
            message("out", None, opened_at + 2000)
                .execute(&w.db.pool)
                .await
                .unwrap();
        }
        message("system", None, opened_at + 3000)
            .execute(&w.db.pool)
            .await
            .unwrap();
        if let Some(at) = reply {
            message("out", Some(agent), at)
                .execute(&w.db.pool)
                .await
                .unwrap();
            message("out", Some(agent), at + MINUTE)
                .execute(&w.db.pool)
                .await
                .unwrap();
        }
        if let (Some(closed), true) = (closed, kind == 0 || kind == 4) {
            let rating = match rng.next(7) {
                0 | 1 => None,
                r => Some(r - 1),
            };
            sqlx::query(
                "INSERT INTO survey_responses (conversation_id, account_id, chat_id, rating, sent_at, answered_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(w.account_id)
            .bind(format!("U{n:032x}"))
            .bind(rating)
            .bind(closed + 1000)
            .bind(rating.map(|_| closed + 60_000))
            .execute(&w.db.pool)
            .await
            .unwrap();
        }
    }
    Month {
        queue,
        other_queue,
        ana,
        ben,
    }
}

async fn scalar(w: &World, sql: &str, from: i64, to: i64) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(from)
        .bind(to)
        .fetch_one(&w.db.pool)
        .await
        .unwrap()
}

/// Median and 90th percentile of the durations `sql` lists, exact, or (`bucketed`) as the
/// rollups read them: the middle of the bucket that holds the exact value.
async fn durations(
    w: &World,
    sql: &str,
    from: i64,
    to: i64,
    bucketed: bool,
) -> (Option<i64>, Option<i64>) {
    let mut values: Vec<i64> = sqlx::query_scalar::<_, i64>(sql)
        .bind(from)
        .bind(to)
        .fetch_all(&w.db.pool)
        .await
        .unwrap();
    values.sort_unstable();
    let read = |exact: Option<i64>| match bucketed {
        true => exact.map(|ms| bucket_estimate(bucket_of(ms))),
        false => exact,
    };
    (
        read(nearest_rank(&values, 50)),
        read(nearest_rank(&values, 90)),
    )
}

/// The rollups' non-zero rows, in key order (a move leaves zeros behind): hours, then the day
/// durations with each bucket object as sorted (bucket, count) pairs.
async fn rollups(w: &World) -> (Vec<Vec<i64>>, Vec<(Vec<i64>, Vec<(i64, i64)>)>) {
    use sqlx::Row;
    let counts = "incoming, engaged, abandoned, bot_only, handed_off, transfers, messages_in,
        messages_out, surveys_sent, rated_1, rated_2, rated_3, rated_4, rated_5";
    let key = "hour, scope_kind, scope_id, agent_id";
    let casts = |columns: &str| {
        columns
            .split(',')
            .map(|c| format!("CAST({} AS BIGINT)", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let nonzero = counts
        .split(',')
        .map(|c| format!("{} <> 0", c.trim()))
        .collect::<Vec<_>>()
        .join(" OR ");
    let hours = sqlx::query(&format!(
        "SELECT {}, {} FROM insight_hours WHERE {nonzero} ORDER BY {key}",
        casts(key),
        casts(counts)
    ))
    .fetch_all(&w.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| (0..18).map(|i| row.get::<i64, _>(i)).collect())
    .collect();
    let day_key = "day, scope_kind, scope_id, agent_id, measure";
    let days = sqlx::query(&format!(
        "SELECT {}, CAST(buckets AS TEXT) FROM insight_day_durations ORDER BY {day_key}",
        casts(day_key)
    ))
    .fetch_all(&w.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| {
        let buckets: std::collections::BTreeMap<i64, i64> =
            serde_json::from_str(&row.get::<String, _>(5)).unwrap();
        (
            (0..5).map(|i| row.get::<i64, _>(i)).collect::<Vec<_>>(),
            buckets
                .into_iter()
                .filter(|(_, n)| *n != 0)
                .collect::<Vec<_>>(),
        )
    })
    .filter(|(_, buckets)| !buckets.is_empty())
    .collect();
    (hours, days)
}

/// The rollups as the triggers kept them equal a rebuild from the raw rows.
async fn assert_rollups_rebuild_the_same(w: &World) {
    let kept = rollups(w).await;
    assert!(!kept.0.is_empty(), "the triggers counted something");
    let mut tx = w.db.begin_write().await.unwrap();
    linedesk::db::insight_rollups::rebuild(&mut tx, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let rebuilt = rollups(w).await;
    assert_eq!(kept.0, rebuilt.0, "hourly counts");
    assert_eq!(kept.1, rebuilt.1, "durations");
}

const AGENT_REPLIED: &str = "EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
    AND m.direction = 'out' AND m.author_user_id IS NOT NULL)";

fn custom(from: &str, to: &str) -> ReportRequest {
    ReportRequest {
        period: "custom".into(),
        from: from.into(),
        to: to.into(),
        ..ReportRequest::default()
    }
}

async fn every_report_figure_matches_plain_sql_over_a_generated_month(db: Db) {
    let w = world(db).await;
    let month = generate_month(&w).await;
    let insights = w.desk.state.services.insights.clone();
    // India's days start on the half hour: read from the raw rows, durations exact.
    for name in ["Europe/Rome", "Asia/Tokyo", "UTC", "Asia/Kolkata"] {
        let bucketed = name != "Asia/Kolkata";
        let (from, to) = (midnight(name, "2026-10-12"), midnight(name, "2026-11-06"));
        let report = insights
            .report(
                &admin(),
                &custom("2026-10-12", "2026-11-05"),
                &zone(name),
                now(),
            )
            .await
            .unwrap();
        assert_eq!(
            (report.from, report.to),
            (from, to),
            "{name}: the period is the reader's days"
        );
        assert_eq!(report.daily.len(), 25, "{name}");
        let f = &report.figures;
        let opened = "FROM conversations c WHERE c.opened_at >= $1 AND c.opened_at < $2";
        let count = |extra: &str| format!("SELECT COUNT(*) {opened} {extra}");
        assert_eq!(f.incoming, scalar(&w, &count(""), from, to).await, "{name}");
        assert!(
            f.incoming > 250,
            "{name}: a month of traffic ({})",
            f.incoming
        );
        assert_eq!(
            f.engaged,
            scalar(&w, &count(&format!("AND {AGENT_REPLIED}")), from, to).await
        );
        assert_eq!(
            f.abandoned,
            scalar(&w, &count(&format!("AND c.closed_at IS NOT NULL AND c.first_queued_at IS NOT NULL AND NOT {AGENT_REPLIED}")), from, to).await
        );
        assert_eq!(
            f.bot_only,
            scalar(&w, &count(&format!("AND c.closed_at IS NOT NULL AND c.first_queued_at IS NULL AND c.bot_served = 1 AND NOT {AGENT_REPLIED}")), from, to).await
        );
        assert_eq!(
            f.handed_off,
            scalar(
                &w,
                &count("AND c.bot_served = 1 AND c.first_queued_at IS NOT NULL"),
                from,
                to
            )
            .await
        );
        assert!(f.engaged > 0 && f.abandoned > 0 && f.bot_only > 0 && f.handed_off > 0);
        assert_eq!(
            f.transfers,
            scalar(
                &w,
                &format!("SELECT CAST(COALESCE(SUM(c.transfers), 0) AS BIGINT) {opened}"),
                from,
                to
            )
            .await
        );
        let first_reply = "(SELECT MIN(m.sent_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'out' AND m.author_user_id IS NOT NULL)";
        let spread = |expr: &str, when: &str| format!("SELECT {expr} {opened} AND {when}");
        assert_eq!(
            (f.first_response.median, f.first_response.p90),
            durations(
                &w,
                &spread(
                    &format!("{first_reply} - c.first_queued_at"),
                    &format!("{AGENT_REPLIED} AND c.first_queued_at IS NOT NULL")
                ),
                from,
                to,
                bucketed
            )
            .await,
            "{name}: first response"
        );
        assert_eq!(
            (f.wait.median, f.wait.p90),
            durations(
                &w,
                &spread(
                    "c.first_assigned_at - c.first_queued_at",
                    "c.first_assigned_at IS NOT NULL AND c.first_queued_at IS NOT NULL"
                ),
                from,
                to,
                bucketed
            )
            .await
        );
        assert_eq!(
            (f.handle.median, f.handle.p90),
            durations(
                &w,
                &spread(
                    "c.closed_at - c.first_assigned_at",
                    "c.closed_at IS NOT NULL AND c.first_assigned_at IS NOT NULL"
                ),
                from,
                to,
                bucketed
            )
            .await
        );
        assert_eq!(
            (f.resolution.median, f.resolution.p90),
            durations(
                &w,
                &spread("c.closed_at - c.opened_at", "c.closed_at IS NOT NULL"),
                from,
                to,
                bucketed
            )
            .await
        );
        let messages = |direction: &str| {
            format!(
                "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
                  WHERE m.sent_at >= $1 AND m.sent_at < $2 AND m.direction = '{direction}'"
            )
        };
        assert_eq!(f.messages_in, scalar(&w, &messages("in"), from, to).await);
        assert_eq!(f.messages_out, scalar(&w, &messages("out"), from, to).await);
        let surveys =
            "SELECT COUNT(*) FROM survey_responses s WHERE s.sent_at >= $1 AND s.sent_at < $2";
        assert_eq!(f.surveys_sent, scalar(&w, surveys, from, to).await);
        for rating in 1..=5 {
            assert_eq!(
                f.ratings[rating - 1],
                scalar(&w, &format!("{surveys} AND s.rating = {rating}"), from, to).await,
                "rating {rating}"
            );
        }
        assert!(f.survey_answers() > 0 && f.survey_answers() < f.surveys_sent);

        // Per day, in the reader's days: each day's count is the count between its midnights.
        let mut day = jiff::civil::date(2026, 10, 12);
        for counts in &report.daily {
            let (start, end) = (
                midnight(name, &day.to_string()),
                midnight(name, &day.tomorrow().unwrap().to_string()),
            );
            assert_eq!(counts.day, start, "{name} {day}");
            assert_eq!(
                counts.incoming,
                scalar(&w, &count(""), start, end).await,
                "{name} {day}"
            );
            assert_eq!(
                counts.engaged + counts.abandoned + counts.bot_only + counts.other,
                counts.incoming
            );
            day = day.tomorrow().unwrap();
        }
        // The previous period: the 25 days before.
        let before = midnight(name, "2026-09-17");
        assert_eq!(
            report.previous.incoming,
            scalar(&w, &count(""), before, from).await
        );
        assert_eq!(
            report
                .daily
                .iter()
                .map(|d| d.previous_incoming)
                .sum::<i64>(),
            report.previous.incoming
        );
        // The heat map holds every incoming conversation, each at its local weekday and hour.
        assert_eq!(report.heatmap.iter().flatten().sum::<i64>(), f.incoming);
        // Agents: Ana's engaged conversations are the ones she replied to.
        let ana = report
            .agents
            .iter()
            .find(|a| a.agent_id == month.ana)
            .unwrap();
        assert_eq!(
            ana.engaged,
            scalar(
                &w,
                &count(&format!(
                    "AND c.assigned_user_id = {} AND {AGENT_REPLIED}",
                    month.ana
                )),
                from,
                to
            )
            .await
        );
        assert_eq!(
            ana.first_response_median,
            durations(
                &w,
                &spread(
                    &format!("{first_reply} - c.first_queued_at"),
                    &format!(
                        "c.assigned_user_id = {} AND {AGENT_REPLIED} AND c.first_queued_at IS NOT NULL",
                        month.ana
                    )
                ),
                from,
                to,
                bucketed
            )
            .await
            .0,
            "{name}: Ana's first response"
        );
        assert!(report.agents.iter().any(|a| a.agent_id == month.ben));
        // A chart's numbers are the report's numbers.
        let chart = report.chart(ChartKind::Incoming);
        assert_eq!(
            chart.rows.iter().map(|(_, v)| v[0]).sum::<i64>(),
            f.incoming
        );
        let csv = app::chart_words::csv(
            app::i18n::Locale::en,
            &zone(name),
            &report,
            ChartKind::Incoming,
        );
        let mut lines = csv.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next(), Some("Day,This period,Previous period"));
        assert_eq!(
            lines.next(),
            Some(
                format!(
                    "2026-10-12,{},{}",
                    report.daily[0].incoming, report.daily[0].previous_incoming
                )
                .as_str()
            )
        );
    }

    // Rome, 24 October: the conversation opened at 23:50 counts on the 24th, not the 25th,
    // although it closed after midnight; the 25th is 25 hours long.
    let rome = zone("Europe/Rome");
    let one_day = insights
        .report(&admin(), &custom("2026-10-24", "2026-10-24"), &rome, now())
        .await
        .unwrap();
    let late = midnight("Europe/Rome", "2026-10-24") + (23 * 60 + 50) * MINUTE;
    assert_eq!(one_day.to, midnight("Europe/Rome", "2026-10-25"));
    assert_eq!(
        one_day.heatmap[5][23],
        scalar(
            &w,
            "SELECT COUNT(*) FROM conversations WHERE opened_at >= $1 AND opened_at < $2",
            late - 50 * MINUTE,
            late + 10 * MINUTE
        )
        .await,
        "Saturday 23:00"
    );
    let change = insights
        .report(&admin(), &custom("2026-10-25", "2026-10-25"), &rome, now())
        .await
        .unwrap();
    assert_eq!(
        change.to - change.from,
        25 * 60 * MINUTE,
        "the day the clocks go back"
    );

    // Filters narrow the same figures: the other queue only.
    let mut request = custom("2026-10-12", "2026-11-05");
    request.queue = month.other_queue.to_string();
    let narrowed = insights
        .report(&admin(), &request, &rome, now())
        .await
        .unwrap();
    let (from, to) = (
        midnight("Europe/Rome", "2026-10-12"),
        midnight("Europe/Rome", "2026-11-06"),
    );
    assert_eq!(
        narrowed.figures.incoming,
        scalar(&w, &format!("SELECT COUNT(*) FROM conversations c WHERE c.opened_at >= $1 AND c.opened_at < $2 AND c.queue_id = {}", month.other_queue), from, to).await
    );
    assert!(narrowed.figures.incoming > 0);
    // Account and queue together: no rollup slice keeps both, so the raw rows count it.
    request.account = w.account_id.to_string();
    let both = insights
        .report(&admin(), &request, &rome, now())
        .await
        .unwrap();
    let in_buckets = |f: &domain::insights::report::Figures| {
        let mut f = f.clone();
        for spread in [
            &mut f.first_response,
            &mut f.wait,
            &mut f.handle,
            &mut f.resolution,
        ] {
            spread.median = spread.median.map(|ms| bucket_estimate(bucket_of(ms)));
            spread.p90 = spread.p90.map(|ms| bucket_estimate(bucket_of(ms)));
        }
        f
    };
    assert_eq!(in_buckets(&both.figures), narrowed.figures);
    assert_eq!(both.daily, narrowed.daily);
}

async fn conversations_keep_the_facts_reports_need_as_they_move(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (_, queue) = workstream(&w, "push").await;
    let second = routing
        .create_queue(&admin(), "Second line", 0, &ClientInfo::default())
        .await
        .unwrap();
    let ana = staff(&w, "Ana", Role::Agent).await;
    let ben = staff(&w, "Ben", Role::Agent).await;
    routing
        .set_queue_members(&admin(), queue, vec![ana.id], &ClientInfo::default())
        .await
        .unwrap();
    routing
        .set_presence(&ana, Presence::Available)
        .await
        .unwrap();
    deliver(
        &w,
        json!({ "destination": "Ubot", "events": [{
            "type": "message", "mode": "active", "timestamp": now(),
            "source": { "type": "user", "userId": format!("U{:0>32}", "7e") },
            "webhookEventId": "evt-report-1", "deliveryContext": { "isRedelivery": false },
            "replyToken": "reply-report-1",
            "message": { "id": "report-1", "type": "text", "text": "hello", "quoteToken": "q" }
        }]}),
    )
    .await;
    let facts = |w: &World| {
        let pool = w.db.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, Option<i64>, Option<i64>, i64, i64)>(
                "SELECT id, first_queued_at, first_assigned_at, CAST(transfers AS BIGINT), CAST(bot_served AS BIGINT)
                   FROM conversations ORDER BY id DESC LIMIT 1",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (id, queued, assigned, transfers, bot) = facts(&w).await;
    assert!(queued.is_some() && assigned.is_none());
    assert_eq!((transfers, bot), (0, 0));
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 1);
    routing.accept_offer(&ana, id).await.unwrap();
    let (_, queued_again, first_assigned, _, _) = facts(&w).await;
    assert_eq!(queued_again, queued, "taking it keeps when it first queued");
    assert!(first_assigned.is_some());
    w.desk
        .state
        .services
        .conversations
        .reply(&ana, id, "Hello")
        .await
        .unwrap();
    // Ana's Home: her day so far.
    let insights = w.desk.state.services.insights.clone();
    let mine = insights.my_day(&ana, &zone("UTC"), now()).await.unwrap();
    assert_eq!((mine.agent_id, mine.engaged), (ana.id, 1));
    assert!(mine.first_response_median.is_some());
    let bens = insights.my_day(&ben, &zone("UTC"), now()).await.unwrap();
    assert_eq!(bens.engaged, 0);
    let auditor = staff(&w, "Audrey", Role::Auditor).await;
    assert!(matches!(
        insights.my_day(&auditor, &zone("UTC"), now()).await,
        Err(AppError::Forbidden)
    ));

    // Transfers: to Ben, then to another queue; the first times stay.
    routing
        .transfer(
            &admin(),
            id,
            TransferTarget::Agent(ben.id),
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    routing
        .transfer(
            &admin(),
            id,
            TransferTarget::Queue(second),
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    let (_, queued_after, assigned_after, transfers, _) = facts(&w).await;
    assert_eq!(
        (queued_after, assigned_after, transfers),
        (queued, first_assigned, 2)
    );

    let report = w
        .desk
        .state
        .services
        .insights
        .report(&admin(), &ReportRequest::default(), &zone("UTC"), now())
        .await
        .unwrap();
    assert_eq!(report.figures.incoming, 1);
    assert_eq!(report.figures.engaged, 1);
    assert_eq!(report.figures.transfers, 2);
    assert!(report.figures.first_response.median.is_some());
    // The engine's own writes (the event worker's one-call store on SQLite among them) kept the
    // rollups as a rebuild from the raw rows has them.
    assert_rollups_rebuild_the_same(&w).await;
}

async fn rollups_follow_every_change_and_rebuild_to_the_same_counts(db: Db) {
    let w = world(db).await;
    let month = generate_month(&w).await;
    let stored = linedesk::db::insight_rollups::bucket_uppers(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(
        stored,
        bucket_uppers(),
        "the migration's buckets are the code's"
    );
    assert_rollups_rebuild_the_same(&w).await;

    // Changes by any path (plain statements here): moves to another queue and agent, closes,
    // survey answers, an agent's first reply to a waiting customer.
    let run = |sql: String| {
        let pool = w.db.pool.clone();
        async move {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
    };
    let some = |condition: &str| {
        format!("SELECT id FROM conversations WHERE {condition} ORDER BY id LIMIT 15")
    };
    run(format!(
        "UPDATE conversations SET queue_id = {}, transfers = transfers + 1 WHERE id IN ({})",
        month.other_queue,
        some(&format!("queue_id = {}", month.queue))
    ))
    .await;
    run(format!(
        "UPDATE conversations SET assigned_user_id = {} WHERE id IN ({})",
        month.ben,
        some(&format!("assigned_user_id = {}", month.ana))
    ))
    .await;
    let waiting = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM conversations WHERE state = 'waiting' ORDER BY id LIMIT 1",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    run(format!(
        "INSERT INTO messages (conversation_id, direction, kind, author_user_id, body, payload, sent_at, created_at)
         SELECT id, 'out', 'text', {}, 'hello', '{{}}', opened_at + 600000, opened_at + 600000
           FROM conversations WHERE id = {waiting}",
        month.ana
    ))
    .await;
    run(format!(
        "UPDATE conversations SET state = 'closed', closed_at = opened_at + 7200000 WHERE id IN ({})",
        some("state <> 'closed'")
    ))
    .await;
    run(
        "UPDATE survey_responses SET rating = 5, answered_at = sent_at + 1000 WHERE rating IS NULL"
            .into(),
    )
    .await;
    let replied: Option<i64> =
        sqlx::query_scalar("SELECT first_replied_at FROM conversations WHERE id = $1")
            .bind(waiting)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert!(replied.is_some(), "the agent's reply is the first one");
    let mismatched = scalar(
        &w,
        "SELECT COUNT(*) FROM conversations c WHERE c.id >= $1 AND c.id < $2
            AND COALESCE(c.first_replied_at, -1) <> COALESCE((SELECT MIN(m.sent_at) FROM messages m
                WHERE m.conversation_id = c.id AND m.direction = 'out' AND m.author_user_id IS NOT NULL), -1)",
        0,
        i64::MAX,
    )
    .await;
    assert_eq!(mismatched, 0, "first_replied_at is the first agent reply");
    assert_rollups_rebuild_the_same(&w).await;

    // A rebuild from a day on leaves the hours before it and recomputes the rest the same.
    let whole = rollups(&w).await;
    let mut tx = w.db.begin_write().await.unwrap();
    linedesk::db::insight_rollups::rebuild(&mut tx, midnight("UTC", "2026-10-25"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(rollups(&w).await, whole);
}

async fn supervisors_report_on_their_queues_and_bad_periods_are_refused(db: Db) {
    let w = world(db).await;
    let month = generate_month(&w).await;
    let insights = w.desk.state.services.insights.clone();
    let routing = w.desk.state.services.routing.clone();
    let sue = staff(&w, "Sue", Role::Supervisor).await;
    routing
        .set_queue_members(
            &admin(),
            month.other_queue,
            vec![sue.id, month.ben],
            &ClientInfo::default(),
        )
        .await
        .unwrap();
    let utc = zone("UTC");
    let theirs = insights
        .report(&sue, &custom("2026-10-12", "2026-11-05"), &utc, now())
        .await
        .unwrap();
    let (from, to) = (midnight("UTC", "2026-10-12"), midnight("UTC", "2026-11-06"));
    assert_eq!(
        theirs.figures.incoming,
        scalar(&w, &format!("SELECT COUNT(*) FROM conversations c WHERE c.opened_at >= $1 AND c.opened_at < $2 AND c.queue_id = {}", month.other_queue), from, to).await,
        "Sue counts her queue only"
    );
    assert_eq!(theirs.choices.queues.len(), 1);
    assert!(theirs
        .choices
        .agents
        .iter()
        .all(|a| a.id == month.ben || a.id == sue.id));
    let mut elsewhere = custom("2026-10-12", "2026-11-05");
    elsewhere.queue = month.queue.to_string();
    assert!(matches!(
        insights.report(&sue, &elsewhere, &utc, now()).await,
        Err(AppError::Forbidden)
    ));
    for role in [Role::Agent, Role::Auditor] {
        let someone = staff(&w, &format!("{role:?}x"), role).await;
        assert!(matches!(
            insights
                .report(&someone, &ReportRequest::default(), &utc, now())
                .await,
            Err(AppError::Forbidden)
        ));
    }

    let refused = |request: ReportRequest| {
        let insights = insights.clone();
        let utc = utc.clone();
        async move { insights.report(&admin(), &request, &utc, now()).await }
    };
    let field = |result: Result<_, AppError>, name: &str| match result {
        Err(AppError::Invalid(fields)) => fields.get(name).cloned(),
        other => panic!("expected a field error on {name}, got {other:?}"),
    };
    assert_eq!(
        field(refused(custom("2026-11-05", "2026-10-12")).await, "to"),
        Some(Problem::ReportRange { max: 366 })
    );
    assert_eq!(
        field(refused(custom("2025-01-01", "2026-11-05")).await, "to"),
        Some(Problem::ReportRange { max: 366 })
    );
    assert_eq!(
        field(refused(custom("2026-02-30", "2026-03-01")).await, "from"),
        Some(Problem::EnterDate)
    );
    let bad = ReportRequest {
        period: "fortnight".into(),
        queue: "abc".into(),
        ..ReportRequest::default()
    };
    let result = refused(bad).await;
    assert!(
        matches!(&result, Err(AppError::Invalid(f)) if f.get("period") == Some(&Problem::PickPeriod) && f.get("queue") == Some(&Problem::PickFromList))
    );
}
