//! Insights > Reports: what happened over a period of the reader's days. The figures are
//! defined here, once: the server computes them from one row per conversation, and the page
//! and the CSV export show exactly these numbers.

use crate::time::{local_days, parse_date, ZoneTable};
use crate::{AppError, FieldErrors, Problem};
use serde::{Deserialize, Serialize};

/// The longest custom period a report covers.
pub const MAX_REPORT_DAYS: usize = 366;

const HOUR: i64 = 3_600_000;

crate::text_enum! {
    /// The stretch of the reader's days a report covers (ending today, except a custom one).
    pub enum Period {
        Today = "today",
        Week = "7d",
        Month = "30d",
        Custom = "custom",
    }
}

/// What the Reports page asks for: its query string as typed (empty means "all" or default).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportRequest {
    pub period: String,
    /// First and last day of a custom period, YYYY-MM-DD, both included.
    pub from: String,
    pub to: String,
    pub account: String,
    pub workstream: String,
    pub queue: String,
    pub agent: String,
}

impl ReportRequest {
    /// The request as a query string, empty fields left out (links that repeat the report).
    pub fn query_string(&self) -> String {
        [
            ("period", &self.period),
            ("from", &self.from),
            ("to", &self.to),
            ("account", &self.account),
            ("workstream", &self.workstream),
            ("queue", &self.queue),
            ("agent", &self.agent),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::audit::percent_encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// Which conversations count (None: all the reader may see).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilters {
    pub account: Option<i64>,
    pub workstream: Option<i64>,
    pub queue: Option<i64>,
    pub agent: Option<i64>,
}

/// A checked request: the days it covers and the same number of days before them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    pub period: Period,
    /// Local midnights (Unix ms) of each day, then the end of the last day.
    pub days: Vec<i64>,
    /// The same for the period of the same length just before.
    pub previous: Vec<i64>,
    pub filters: ReportFilters,
}

impl ReportScope {
    pub fn from(&self) -> i64 {
        self.days[0]
    }

    pub fn to(&self) -> i64 {
        self.days[self.days.len() - 1]
    }

    pub fn previous_from(&self) -> i64 {
        self.previous[0]
    }

    /// One zero row per day, for the counts to go in.
    pub fn empty_days(&self) -> Vec<DayCounts> {
        self.days[..self.days.len() - 1]
            .iter()
            .map(|day| DayCounts {
                day: *day,
                ..DayCounts::default()
            })
            .collect()
    }
}

impl ReportRequest {
    /// Checks the request in the reader's `zone`, `now` being today.
    pub fn scope(&self, zone: &ZoneTable, now: i64) -> Result<ReportScope, AppError> {
        let mut errors = FieldErrors::new();
        let period = match self.period.trim() {
            "" => Period::Today,
            typed => typed.parse().unwrap_or_else(|_| {
                errors.add("period", Problem::PickPeriod);
                Period::Today
            }),
        };
        let mut id = |field: &str, typed: &str| match typed.trim() {
            "" => None,
            typed => typed.parse::<i64>().ok().filter(|id| *id > 0).or_else(|| {
                errors.add(field, Problem::PickFromList);
                None
            }),
        };
        let filters = ReportFilters {
            account: id("account", &self.account),
            workstream: id("workstream", &self.workstream),
            queue: id("queue", &self.queue),
            agent: id("agent", &self.agent),
        };
        let today = zone.day_start(now);
        let (first, count) = match period {
            Period::Today => (today, 1),
            Period::Week => (local_days(zone, today, -6)[0], 7),
            Period::Month => (local_days(zone, today, -29)[0], 30),
            Period::Custom => {
                let mut day = |field: &str, typed: &str| match parse_date(typed) {
                    // Noon UTC of that date, moved to the zone's noon: inside the local day.
                    Some(utc) => {
                        let noon = utc + 12 * HOUR;
                        Some(zone.day_start(noon - i64::from(zone.offset_at(noon)) * 1000))
                    }
                    None => {
                        errors.add(field, Problem::EnterDate);
                        None
                    }
                };
                let (from, to) = (day("from", &self.from), day("to", &self.to));
                match (from, to) {
                    (Some(from), Some(to)) => {
                        let count = count_days(zone, from, to);
                        if count == 0 || count > MAX_REPORT_DAYS {
                            errors.add(
                                "to",
                                Problem::ReportRange {
                                    max: MAX_REPORT_DAYS as i64,
                                },
                            );
                        }
                        (from, count.clamp(1, MAX_REPORT_DAYS))
                    }
                    _ => (today, 1),
                }
            }
        };
        errors.into_result()?;
        let days = local_days(zone, first, count as i64);
        let previous = local_days(zone, first, -(count as i64));
        Ok(ReportScope {
            period,
            days,
            previous,
            filters,
        })
    }
}

/// How many local days from the day starting at `from` through the day starting at `to` (0 when
/// `to` is earlier; counting stops past the longest period).
fn count_days(zone: &ZoneTable, from: i64, to: i64) -> usize {
    let mut day = from;
    let mut count = 0;
    while day <= to && count <= MAX_REPORT_DAYS {
        day = zone.next_day_start(day);
        count += 1;
    }
    count
}

/// One conversation as a report sees it (all times Unix ms).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationFacts {
    pub id: i64,
    pub agent_id: Option<i64>,
    pub opened_at: i64,
    pub first_queued_at: Option<i64>,
    pub first_assigned_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The first message an agent (not the bot or an automated message) sent.
    pub first_agent_reply: Option<i64>,
    pub bot_served: bool,
    pub transfers: i64,
}

/// One survey sent in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyFact {
    pub agent_id: Option<i64>,
    pub rating: Option<i64>,
}

/// Median and 90th percentile of some durations, in ms (nearest rank; None without any).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    pub count: i64,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

impl Spread {
    pub fn of(mut values: Vec<i64>) -> Spread {
        values.sort_unstable();
        Spread {
            count: values.len() as i64,
            median: nearest_rank(&values, 50),
            p90: nearest_rank(&values, 90),
        }
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `p` per cent
/// of the values at or below it.
pub fn nearest_rank(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The period's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Conversations opened in the period.
    pub incoming: i64,
    /// Of those, an agent replied.
    pub engaged: i64,
    /// Reached a queue and closed before any agent reply.
    pub abandoned: i64,
    /// The bot answered and it closed without reaching a queue.
    pub bot_only: i64,
    /// The bot answered, then handed it to a queue.
    pub handed_off: i64,
    /// From reaching a queue to the first agent reply.
    pub first_response: Spread,
    /// From reaching a queue to an agent taking it.
    pub wait: Spread,
    /// From an agent taking it to closing.
    pub handle: Spread,
    /// From opening to closing.
    pub resolution: Spread,
    pub transfers: i64,
    /// Customer messages and replies (agents, bot, automated) sent in the period.
    pub messages_in: i64,
    pub messages_out: i64,
    pub surveys_sent: i64,
    /// Answers per rating 1 to 5.
    pub ratings: [i64; 5],
}

impl Figures {
    pub fn survey_answers(&self) -> i64 {
        self.ratings.iter().sum()
    }

    /// Whole per cent of surveys answered.
    pub fn response_rate(&self) -> Option<i64> {
        (self.surveys_sent > 0)
            .then(|| (self.survey_answers() * 100 + self.surveys_sent / 2) / self.surveys_sent)
    }

    /// Average rating in tenths (4.3 is 43).
    pub fn rating_tenths(&self) -> Option<i64> {
        rating_tenths(&self.ratings)
    }
}

fn rating_tenths(ratings: &[i64; 5]) -> Option<i64> {
    let answers: i64 = ratings.iter().sum();
    let total: i64 = ratings.iter().zip(1..).map(|(n, r)| n * r).sum();
    (answers > 0).then(|| (total * 10 + answers / 2) / answers)
}

/// One day's counts, for the trend and outcome charts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCounts {
    /// The local midnight (Unix ms) that starts the day.
    pub day: i64,
    pub incoming: i64,
    /// The same weekday-position day of the previous period.
    pub previous_incoming: i64,
    pub engaged: i64,
    pub abandoned: i64,
    pub bot_only: i64,
    /// Neither of the three yet (still open, or closed without queue or bot).
    pub other: i64,
}

/// One agent's row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentFigures {
    pub agent_id: i64,
    pub name: String,
    pub engaged: i64,
    pub first_response_median: Option<i64>,
    pub handle_median: Option<i64>,
    pub ratings: [i64; 5],
}

impl AgentFigures {
    pub fn rating_tenths(&self) -> Option<i64> {
        rating_tenths(&self.ratings)
    }
}

/// A choice in one of the page's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// What the filters offer the reader (only what they may see).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportChoices {
    pub accounts: Vec<Choice>,
    pub workstreams: Vec<Choice>,
    pub queues: Vec<Choice>,
    pub agents: Vec<Choice>,
}

/// A whole report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub zone: String,
    pub from: i64,
    /// The end of the last day (exclusive).
    pub to: i64,
    pub figures: Figures,
    pub previous: Figures,
    pub daily: Vec<DayCounts>,
    /// Incoming conversations by local weekday (Monday first) and hour.
    pub heatmap: Vec<[i64; 24]>,
    pub agents: Vec<AgentFigures>,
    pub choices: ReportChoices,
}

/// What the server read for a scope: conversations opened in either period, message counts and
/// surveys per period.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub conversations: Vec<ConversationFacts>,
    /// (in, out) sent in the period and in the previous one.
    pub messages: (i64, i64),
    pub previous_messages: (i64, i64),
    pub surveys: Vec<SurveyFact>,
    pub previous_surveys: Vec<SurveyFact>,
}

/// Computes the report of `scope` in `zone` from what was read.
pub fn build(
    scope: &ReportScope,
    zone: &ZoneTable,
    input: &ReportInput,
    agent_names: &[Choice],
) -> Report {
    let (from, to) = (scope.from(), scope.to());
    let current: Vec<&ConversationFacts> = input
        .conversations
        .iter()
        .filter(|c| c.opened_at >= from && c.opened_at < to)
        .collect();
    let previous: Vec<&ConversationFacts> = input
        .conversations
        .iter()
        .filter(|c| c.opened_at >= scope.previous_from() && c.opened_at < from)
        .collect();
    let mut figures = figures_of(&current, &input.surveys);
    (figures.messages_in, figures.messages_out) = input.messages;
    let mut before = figures_of(&previous, &input.previous_surveys);
    (before.messages_in, before.messages_out) = input.previous_messages;

    let mut daily = scope.empty_days();
    let mut heatmap = vec![[0i64; 24]; 7];
    for c in &current {
        let index = scope.days.partition_point(|d| *d <= c.opened_at) - 1;
        let day = &mut daily[index];
        day.incoming += 1;
        match outcome(c) {
            Outcome::Engaged => day.engaged += 1,
            Outcome::Abandoned => day.abandoned += 1,
            Outcome::BotOnly => day.bot_only += 1,
            Outcome::Other => day.other += 1,
        }
        let (weekday, hour) = weekday_hour(zone, c.opened_at);
        heatmap[weekday][hour] += 1;
    }
    for c in &previous {
        let index = scope.previous.partition_point(|d| *d <= c.opened_at) - 1;
        if let Some(day) = daily.get_mut(index) {
            day.previous_incoming += 1;
        }
    }

    let mut agents: Vec<AgentFigures> = Vec::new();
    for choice in agent_names {
        let mine: Vec<&ConversationFacts> = current
            .iter()
            .copied()
            .filter(|c| c.agent_id == Some(choice.id))
            .collect();
        let mut ratings = [0; 5];
        for s in input
            .surveys
            .iter()
            .filter(|s| s.agent_id == Some(choice.id))
        {
            add_rating(&mut ratings, s.rating);
        }
        let row = AgentFigures {
            agent_id: choice.id,
            name: choice.name.clone(),
            engaged: mine
                .iter()
                .filter(|c| c.first_agent_reply.is_some())
                .count() as i64,
            first_response_median: Spread::of(
                mine.iter().filter_map(|c| first_response(c)).collect(),
            )
            .median,
            handle_median: Spread::of(mine.iter().filter_map(|c| handle(c)).collect()).median,
            ratings,
        };
        if row.engaged > 0 || !mine.is_empty() || row.ratings.iter().any(|n| *n > 0) {
            agents.push(row);
        }
    }
    sort_agents(&mut agents);

    Report {
        zone: zone.name.clone(),
        from,
        to,
        figures,
        previous: before,
        daily,
        heatmap,
        agents,
        choices: ReportChoices::default(),
    }
}

/// The agent table's order: most engaged first, then by name.
pub(crate) fn sort_agents(agents: &mut [AgentFigures]) {
    agents.sort_by(|a, b| b.engaged.cmp(&a.engaged).then(a.name.cmp(&b.name)));
}

enum Outcome {
    Engaged,
    Abandoned,
    BotOnly,
    Other,
}

fn outcome(c: &ConversationFacts) -> Outcome {
    if c.first_agent_reply.is_some() {
        Outcome::Engaged
    } else if c.closed_at.is_some() && c.first_queued_at.is_some() {
        Outcome::Abandoned
    } else if c.closed_at.is_some() && c.bot_served {
        Outcome::BotOnly
    } else {
        Outcome::Other
    }
}

pub(crate) fn first_response(c: &ConversationFacts) -> Option<i64> {
    Some((c.first_agent_reply? - c.first_queued_at?).max(0))
}

pub(crate) fn wait(c: &ConversationFacts) -> Option<i64> {
    Some((c.first_assigned_at? - c.first_queued_at?).max(0))
}

pub(crate) fn handle(c: &ConversationFacts) -> Option<i64> {
    Some((c.closed_at? - c.first_assigned_at?).max(0))
}

pub(crate) fn resolution(c: &ConversationFacts) -> Option<i64> {
    Some((c.closed_at? - c.opened_at).max(0))
}

fn add_rating(ratings: &mut [i64; 5], rating: Option<i64>) {
    if let Some(r @ 1..=5) = rating {
        ratings[(r - 1) as usize] += 1;
    }
}

fn figures_of(conversations: &[&ConversationFacts], surveys: &[SurveyFact]) -> Figures {
    let mut f = Figures {
        incoming: conversations.len() as i64,
        ..Figures::default()
    };
    for c in conversations {
        match outcome(c) {
            Outcome::Engaged => f.engaged += 1,
            Outcome::Abandoned => f.abandoned += 1,
            Outcome::BotOnly => f.bot_only += 1,
            Outcome::Other => {}
        }
        if c.bot_served && c.first_queued_at.is_some() {
            f.handed_off += 1;
        }
        f.transfers += c.transfers;
    }
    let spread = |measure: fn(&ConversationFacts) -> Option<i64>| {
        Spread::of(conversations.iter().filter_map(|c| measure(c)).collect())
    };
    f.first_response = spread(first_response);
    f.wait = spread(wait);
    f.handle = spread(handle);
    f.resolution = spread(resolution);
    f.surveys_sent = surveys.len() as i64;
    for s in surveys {
        add_rating(&mut f.ratings, s.rating);
    }
    f
}

/// Weekday (Monday is 0) and hour of `ms` in `zone`.
pub fn weekday_hour(zone: &ZoneTable, ms: i64) -> (usize, usize) {
    let local = ms + i64::from(zone.offset_at(ms)) * 1000;
    let days = local.div_euclid(86_400_000);
    // 1970-01-01 was a Thursday (3 with Monday as 0).
    let weekday = (days + 3).rem_euclid(7) as usize;
    let hour = (local.rem_euclid(86_400_000) / HOUR) as usize;
    (weekday, hour)
}

crate::text_enum! {
    /// The report's charts (each also a table and a CSV file).
    pub enum ChartKind {
        Incoming = "incoming",
        Outcomes = "outcomes",
        Ratings = "ratings",
        Heatmap = "heatmap",
    }
}

/// What a chart's row stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowLabel {
    /// A day, by its local midnight (Unix ms).
    Day(i64),
    /// A survey rating, 1 to 5.
    Rating(i64),
    /// A weekday, Monday is 0.
    Weekday(usize),
}

/// One series (a chart's column of numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Series {
    Incoming,
    PreviousIncoming,
    Engaged,
    Abandoned,
    BotOnly,
    Other,
    Answers,
    /// Incoming in one hour of the day (0 to 23).
    Hour(usize),
}

/// The numbers a chart draws: one row per label, one value per series.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartData {
    pub kind: ChartKind,
    pub series: Vec<Series>,
    pub rows: Vec<(RowLabel, Vec<i64>)>,
}

impl ChartData {
    pub fn max(&self) -> i64 {
        self.rows
            .iter()
            .flat_map(|(_, values)| values.iter().copied())
            .max()
            .unwrap_or(0)
    }

    /// The largest sum across one row (the height of the tallest stacked bar).
    pub fn max_row_sum(&self) -> i64 {
        self.rows
            .iter()
            .map(|(_, values)| values.iter().sum::<i64>())
            .max()
            .unwrap_or(0)
    }
}

impl Report {
    /// The numbers `kind` draws; its table and CSV export show exactly these.
    pub fn chart(&self, kind: ChartKind) -> ChartData {
        let (series, rows) = match kind {
            ChartKind::Incoming => (
                vec![Series::Incoming, Series::PreviousIncoming],
                self.daily
                    .iter()
                    .map(|d| (RowLabel::Day(d.day), vec![d.incoming, d.previous_incoming]))
                    .collect(),
            ),
            ChartKind::Outcomes => (
                vec![
                    Series::Engaged,
                    Series::Abandoned,
                    Series::BotOnly,
                    Series::Other,
                ],
                self.daily
                    .iter()
                    .map(|d| {
                        (
                            RowLabel::Day(d.day),
                            vec![d.engaged, d.abandoned, d.bot_only, d.other],
                        )
                    })
                    .collect(),
            ),
            ChartKind::Ratings => (
                vec![Series::Answers],
                (1..=5)
                    .map(|r| {
                        (
                            RowLabel::Rating(r),
                            vec![self.figures.ratings[(r - 1) as usize]],
                        )
                    })
                    .collect(),
            ),
            ChartKind::Heatmap => (
                (0..24).map(Series::Hour).collect(),
                self.heatmap
                    .iter()
                    .enumerate()
                    .map(|(weekday, hours)| (RowLabel::Weekday(weekday), hours.to_vec()))
                    .collect(),
            ),
        };
        ChartData { kind, series, rows }
    }
}

/// A local date as YYYY-MM-DD (CSV files and the custom period's fields).
pub fn iso_date(zone: &ZoneTable, ms: i64) -> String {
    let local = ms + i64::from(zone.offset_at(ms)) * 1000;
    crate::time::format_iso_date(local.div_euclid(86_400_000))
}
