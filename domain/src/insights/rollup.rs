//! Insights rollups: the counts the database keeps per slice (the desk, a messaging account,
//! workstream or queue, every agent or one) by hour, and durations by UTC day (migration 0020
//! keeps them by triggers), and a report built from them. Durations are kept in buckets, so a
//! median or 90th percentile read from them is the middle of the bucket that holds the exact
//! value: within 5 % of it.

use super::report::{
    self, weekday_hour, AgentFigures, Choice, ConversationFacts, Figures, Report, ReportFilters,
    ReportScope, Spread,
};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

pub const HOUR_MS: i64 = 3_600_000;

/// The durations a report measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    /// From reaching a queue to the first agent reply.
    FirstResponse,
    /// From reaching a queue to an agent taking it.
    Wait,
    /// From an agent taking it to closing.
    Handle,
    /// From opening to closing.
    Resolution,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::FirstResponse,
        Measure::Wait,
        Measure::Handle,
        Measure::Resolution,
    ];

    /// The number the database stores (migration 0020).
    pub fn code(self) -> i64 {
        match self {
            Measure::FirstResponse => 1,
            Measure::Wait => 2,
            Measure::Handle => 3,
            Measure::Resolution => 4,
        }
    }

    pub fn from_code(code: i64) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.code() == code)
    }

    fn index(self) -> usize {
        self.code() as usize - 1
    }
}

/// The longest duration with a bucket of its own; the last bucket holds anything longer.
const LONGEST_MS: i64 = 90 * 24 * HOUR_MS;

/// Upper bounds (ms, included) of the duration buckets: up to a second, then each a tenth
/// wider than the one before until past 90 days, then one for anything longer. Migration 0020
/// stores the same list (the suite compares them).
pub fn bucket_uppers() -> &'static [i64] {
    static UPPERS: LazyLock<Vec<i64>> = LazyLock::new(|| {
        let mut uppers = vec![1000i64];
        while let Some(&last) = uppers.last().filter(|last| **last <= LONGEST_MS) {
            uppers.push(last + last / 10);
        }
        uppers.push(i64::MAX);
        uppers
    });
    &UPPERS
}

/// The bucket a duration falls in (negative ones count as 0).
pub fn bucket_of(ms: i64) -> usize {
    bucket_uppers().partition_point(|upper| *upper < ms.max(0))
}

/// What a report shows for a value in `bucket`: the bucket's middle (the last bucket's lower
/// bound: "more than").
pub fn bucket_estimate(bucket: usize) -> i64 {
    let uppers = bucket_uppers();
    let bucket = bucket.min(uppers.len() - 1);
    let lower = if bucket == 0 { 0 } else { uppers[bucket - 1] };
    if bucket == uppers.len() - 1 {
        lower
    } else {
        lower + (uppers[bucket] - lower) / 2
    }
}

/// Durations counted per bucket.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Histogram {
    counts: Vec<i64>,
}

impl Histogram {
    pub fn add(&mut self, bucket: usize, count: i64) {
        if self.counts.len() <= bucket {
            self.counts.resize(bucket + 1, 0);
        }
        self.counts[bucket] += count;
    }

    /// Median and 90th percentile by nearest rank, each the estimate of its bucket.
    pub fn spread(&self) -> Spread {
        let count: i64 = self.counts.iter().sum();
        let at = |p: i64| {
            let rank = (p * count + 99) / 100;
            let mut seen = 0;
            self.counts.iter().position(|n| {
                seen += n;
                seen >= rank.max(1)
            })
        };
        if count <= 0 {
            return Spread::default();
        }
        Spread {
            count,
            median: at(50).map(bucket_estimate),
            p90: at(90).map(bucket_estimate),
        }
    }
}

/// One hour's counts: of the conversations opened in it, and the messages and surveys sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HourCounts {
    /// The hour's start (Unix ms).
    pub hour: i64,
    pub incoming: i64,
    pub engaged: i64,
    pub abandoned: i64,
    pub bot_only: i64,
    pub handed_off: i64,
    pub transfers: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    pub surveys_sent: i64,
    pub ratings: [i64; 5],
}

/// One agent's counts over the period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentCounts {
    pub agent_id: i64,
    /// Conversations opened in the period that are theirs now.
    pub incoming: i64,
    pub engaged: i64,
    pub ratings: [i64; 5],
}

/// A day's conversations per bucket of one duration (one row of the day table).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayBuckets {
    /// The agent's id where the read was per agent (else -1).
    pub agent_id: i64,
    pub measure: Option<Measure>,
    /// (bucket, conversations)
    pub counts: Vec<(usize, i64)>,
}

/// What a rollup slice is kept for (migration 0020's scope_kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeKind {
    /// The whole desk (scope id 0).
    Desk,
    Account,
    Workstream,
    Queue,
}

impl ScopeKind {
    /// The number the database stores.
    pub fn code(self) -> i64 {
        match self {
            ScopeKind::Desk => 0,
            ScopeKind::Account => 1,
            ScopeKind::Workstream => 2,
            ScopeKind::Queue => 3,
        }
    }
}

/// The rollup rows a report reads: one kind of scope (with the ids it covers) and every agent
/// together (None) or one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollupSlice {
    pub kind: ScopeKind,
    pub scopes: Vec<i64>,
    pub agent: Option<i64>,
}

impl RollupSlice {
    /// The slice for a report's filters and, for a supervisor, the queues they watch; None when
    /// the rollups keep no such slice (filters on two of account, workstream and queue): the
    /// report then counts the raw rows.
    pub fn of(filters: &ReportFilters, watched: Option<&[i64]>) -> Option<RollupSlice> {
        let queues = match (filters.queue, watched) {
            (Some(queue), _) => Some(vec![queue]),
            (None, Some(watched)) => Some(watched.to_vec()),
            (None, None) => None,
        };
        let scopes: Vec<(ScopeKind, Vec<i64>)> = [
            filters.account.map(|id| (ScopeKind::Account, vec![id])),
            filters
                .workstream
                .map(|id| (ScopeKind::Workstream, vec![id])),
            queues.map(|ids| (ScopeKind::Queue, ids)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let (kind, scopes) = match scopes.len() {
            0 => (ScopeKind::Desk, vec![0]),
            1 => scopes.into_iter().next()?,
            _ => return None,
        };
        Some(RollupSlice {
            kind,
            scopes,
            agent: filters.agent,
        })
    }
}

/// What the server read for a report from the rollups (and the raw rows at its ends).
#[derive(Clone, Debug, Default)]
pub struct RollupInput {
    /// Hours of both periods.
    pub hours: Vec<HourCounts>,
    pub agents: Vec<AgentCounts>,
    /// Whole UTC days inside each period.
    pub durations: Vec<DayBuckets>,
    pub previous_durations: Vec<DayBuckets>,
    /// First response and handle time per agent, this period's whole days.
    pub agent_durations: Vec<DayBuckets>,
    /// Conversations opened in the partial UTC days at the ends of both periods.
    pub edges: Vec<ConversationFacts>,
}

impl ReportScope {
    /// Whether every day boundary falls on a whole hour, so the rollups' hours add up to the
    /// reader's days exactly (not in zones half an hour off, such as India's).
    pub fn on_whole_hours(&self) -> bool {
        self.days
            .iter()
            .chain(&self.previous)
            .all(|at| at.rem_euclid(HOUR_MS) == 0)
    }

    /// The whole UTC days inside [from, to) (the day table covers them; the rest are the
    /// ends, read from the raw rows). Empty (from == to) when none fits.
    pub fn whole_days(from: i64, to: i64) -> (i64, i64) {
        let first = from.div_euclid(DAY_MS) * DAY_MS;
        let first = if first < from { first + DAY_MS } else { first };
        let end = to.div_euclid(DAY_MS) * DAY_MS;
        if first < end {
            (first, end)
        } else {
            (from, from)
        }
    }

    /// [from, to) without its whole UTC days: up to two ranges.
    pub fn ends(from: i64, to: i64) -> Vec<(i64, i64)> {
        let (first, end) = ReportScope::whole_days(from, to);
        if first == end {
            return vec![(from, to)];
        }
        [(from, first), (end, to)]
            .into_iter()
            .filter(|(a, b)| a < b)
            .collect()
    }
}

const DAY_MS: i64 = 24 * HOUR_MS;

/// A conversation's duration of `measure` (None while it has none).
pub fn duration(c: &ConversationFacts, measure: Measure) -> Option<i64> {
    match measure {
        Measure::FirstResponse => report::first_response(c),
        Measure::Wait => report::wait(c),
        Measure::Handle => report::handle(c),
        Measure::Resolution => report::resolution(c),
    }
}

/// The four durations' histograms: of whole days' buckets and of the ends' conversations.
fn histograms<'a>(
    days: impl Iterator<Item = &'a DayBuckets>,
    ends: impl Iterator<Item = &'a ConversationFacts>,
) -> [Histogram; 4] {
    let mut histograms: [Histogram; 4] = Default::default();
    for row in days {
        if let Some(measure) = row.measure {
            for (bucket, count) in &row.counts {
                histograms[measure.index()].add(*bucket, *count);
            }
        }
    }
    for c in ends {
        for measure in Measure::ALL {
            if let Some(ms) = duration(c, measure) {
                histograms[measure.index()].add(bucket_of(ms), 1);
            }
        }
    }
    histograms
}

fn set_spreads(figures: &mut Figures, histograms: &[Histogram; 4]) {
    figures.first_response = histograms[0].spread();
    figures.wait = histograms[1].spread();
    figures.handle = histograms[2].spread();
    figures.resolution = histograms[3].spread();
}

fn add_hour(figures: &mut Figures, h: &HourCounts) {
    figures.incoming += h.incoming;
    figures.engaged += h.engaged;
    figures.abandoned += h.abandoned;
    figures.bot_only += h.bot_only;
    figures.handed_off += h.handed_off;
    figures.transfers += h.transfers;
    figures.messages_in += h.messages_in;
    figures.messages_out += h.messages_out;
    figures.surveys_sent += h.surveys_sent;
    for (total, n) in figures.ratings.iter_mut().zip(h.ratings) {
        *total += n;
    }
}

/// The report of `scope` (on whole hours) in `zone` from the rollups read for it; the same
/// figures as `report::build` over the raw rows, durations within their bucket.
pub fn build(
    scope: &ReportScope,
    zone: &crate::time::ZoneTable,
    input: &RollupInput,
    agent_names: &[Choice],
) -> Report {
    let (from, to, before) = (scope.from(), scope.to(), scope.previous_from());
    let mut figures = Figures::default();
    let mut previous = Figures::default();
    let mut daily = scope.empty_days();
    let mut heatmap = vec![[0i64; 24]; 7];
    for h in &input.hours {
        if (from..to).contains(&h.hour) {
            add_hour(&mut figures, h);
            let day = &mut daily[scope.days.partition_point(|d| *d <= h.hour) - 1];
            day.incoming += h.incoming;
            day.engaged += h.engaged;
            day.abandoned += h.abandoned;
            day.bot_only += h.bot_only;
            day.other += h.incoming - h.engaged - h.abandoned - h.bot_only;
            let (weekday, hour) = weekday_hour(zone, h.hour);
            heatmap[weekday][hour] += h.incoming;
        } else if (before..from).contains(&h.hour) {
            add_hour(&mut previous, h);
            let index = scope.previous.partition_point(|d| *d <= h.hour) - 1;
            if let Some(day) = daily.get_mut(index) {
                day.previous_incoming += h.incoming;
            }
        }
    }
    let current_ends = || {
        input
            .edges
            .iter()
            .filter(move |c| (from..to).contains(&c.opened_at))
    };
    set_spreads(
        &mut figures,
        &histograms(input.durations.iter(), current_ends()),
    );
    set_spreads(
        &mut previous,
        &histograms(
            input.previous_durations.iter(),
            input
                .edges
                .iter()
                .filter(|c| (before..from).contains(&c.opened_at)),
        ),
    );

    let mut agents: Vec<AgentFigures> = Vec::new();
    for choice in agent_names {
        let counts = input.agents.iter().find(|a| a.agent_id == choice.id);
        let mine = histograms(
            input
                .agent_durations
                .iter()
                .filter(|d| d.agent_id == choice.id),
            current_ends().filter(|c| c.agent_id == Some(choice.id)),
        );
        let row = AgentFigures {
            agent_id: choice.id,
            name: choice.name.clone(),
            engaged: counts.map_or(0, |c| c.engaged),
            first_response_median: mine[Measure::FirstResponse.index()].spread().median,
            handle_median: mine[Measure::Handle.index()].spread().median,
            ratings: counts.map_or([0; 5], |c| c.ratings),
        };
        if counts.is_some_and(|c| c.incoming > 0 || c.engaged > 0)
            || row.ratings.iter().any(|n| *n > 0)
        {
            agents.push(row);
        }
    }
    report::sort_agents(&mut agents);

    Report {
        zone: zone.name.clone(),
        from,
        to,
        figures,
        previous,
        daily,
        heatmap,
        agents,
        choices: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::report::nearest_rank;

    #[test]
    fn buckets_are_a_tenth_wide_and_cover_every_duration() {
        let uppers = bucket_uppers();
        assert_eq!(uppers[0], 1000);
        assert_eq!(*uppers.last().unwrap(), i64::MAX);
        assert!(uppers[uppers.len() - 2] > LONGEST_MS);
        for pair in uppers[..uppers.len() - 1].windows(2) {
            assert_eq!(pair[1], pair[0] + pair[0] / 10);
        }
        assert_eq!(bucket_of(-5), 0);
        assert_eq!(bucket_of(1000), 0);
        assert_eq!(bucket_of(1001), 1);
        assert_eq!(bucket_of(i64::MAX), uppers.len() - 1);
        // Every estimate is within 5 % of any value in its bucket (from 1 s on).
        for ms in [
            1_001,
            1_500,
            59_000,
            61_000,
            3_600_000,
            86_400_000,
            1_000_000_000,
        ] {
            let estimate = bucket_estimate(bucket_of(ms));
            assert!(
                (estimate - ms).abs() * 100 <= ms * 5,
                "{ms} ms read as {estimate}"
            );
        }
    }

    #[test]
    fn a_histograms_percentiles_are_the_buckets_of_the_exact_ones() {
        let values: Vec<i64> = (1..=97).map(|n| n * n * 1_337).collect();
        let mut histogram = Histogram::default();
        for v in &values {
            histogram.add(bucket_of(*v), 1);
        }
        let spread = histogram.spread();
        assert_eq!(spread.count, 97);
        for (p, read) in [(50, spread.median), (90, spread.p90)] {
            let exact = nearest_rank(&values, p).unwrap();
            assert_eq!(read, Some(bucket_estimate(bucket_of(exact))), "p{p}");
        }
        assert_eq!(Histogram::default().spread(), Spread::default());
    }

    #[test]
    fn a_period_splits_into_whole_utc_days_and_its_ends() {
        let day = DAY_MS;
        // Tokyo's 3 days: 15:00 UTC to 15:00 UTC.
        let (from, to) = (10 * day - 9 * HOUR_MS, 13 * day - 9 * HOUR_MS);
        assert_eq!(ReportScope::whole_days(from, to), (10 * day, 12 * day));
        assert_eq!(
            ReportScope::ends(from, to),
            vec![(from, 10 * day), (12 * day, to)]
        );
        // UTC days are all whole; a single Tokyo day has none.
        assert_eq!(ReportScope::ends(10 * day, 12 * day), vec![]);
        let tokyo_today = (from, from + day);
        assert_eq!(
            ReportScope::ends(tokyo_today.0, tokyo_today.1),
            vec![tokyo_today]
        );
    }

    #[test]
    fn filters_pick_the_slice_the_rollups_keep() {
        let none = ReportFilters::default();
        let slice = |filters: ReportFilters, watched: Option<&[i64]>| {
            RollupSlice::of(&filters, watched).map(|s| (s.kind, s.scopes, s.agent))
        };
        assert_eq!(slice(none, None), Some((ScopeKind::Desk, vec![0], None)));
        let agent = ReportFilters {
            agent: Some(7),
            ..none
        };
        assert_eq!(
            slice(agent, Some(&[3, 4])),
            Some((ScopeKind::Queue, vec![3, 4], Some(7)))
        );
        let queue = ReportFilters {
            queue: Some(4),
            ..none
        };
        assert_eq!(
            slice(queue, Some(&[3, 4])),
            Some((ScopeKind::Queue, vec![4], None))
        );
        let account = ReportFilters {
            account: Some(1),
            ..none
        };
        assert_eq!(
            slice(account, None),
            Some((ScopeKind::Account, vec![1], None))
        );
        // A supervisor's account filter, or account and workstream: no such slice.
        assert_eq!(slice(account, Some(&[3])), None);
        let two = ReportFilters {
            workstream: Some(2),
            ..account
        };
        assert_eq!(slice(two, None), None);
    }
}
