//! A report's charts in the reader's language: titles, series, row labels. The page's charts,
//! their tables and the CSV export all word the same `ChartData` here, so they show the same
//! numbers under the same names.

use crate::i18n::*;
use domain::insights::report::{iso_date, ChartData, ChartKind, Report, RowLabel, Series};
use domain::time::{month_day, ZoneTable};

/// A chart's numbers with their words: what the page draws, tabulates and exports.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartTable {
    pub kind: ChartKind,
    /// The heading of the label column ("Day").
    pub row_heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<i64>)>,
}

pub fn title(locale: Locale, kind: ChartKind) -> String {
    match kind {
        ChartKind::Incoming => td_string!(locale, report.chart_incoming),
        ChartKind::Outcomes => td_string!(locale, report.chart_outcomes),
        ChartKind::Ratings => td_string!(locale, report.chart_ratings),
        ChartKind::Heatmap => td_string!(locale, report.chart_heatmap),
    }
    .to_string()
}

pub fn series(locale: Locale, series: Series) -> String {
    match series {
        Series::Incoming => td_string!(locale, report.series_this_period).to_string(),
        Series::PreviousIncoming => td_string!(locale, report.series_previous_period).to_string(),
        Series::Engaged => td_string!(locale, report.engaged).to_string(),
        Series::Abandoned => td_string!(locale, report.abandoned).to_string(),
        Series::BotOnly => td_string!(locale, report.bot_only).to_string(),
        Series::Other => td_string!(locale, report.series_other).to_string(),
        Series::Answers => td_string!(locale, report.series_answers).to_string(),
        Series::Hour(hour) => format!("{hour:02}"),
    }
}

pub fn weekday(locale: Locale, weekday: usize) -> String {
    match weekday {
        0 => td_string!(locale, report.monday),
        1 => td_string!(locale, report.tuesday),
        2 => td_string!(locale, report.wednesday),
        3 => td_string!(locale, report.thursday),
        4 => td_string!(locale, report.friday),
        5 => td_string!(locale, report.saturday),
        _ => td_string!(locale, report.sunday),
    }
    .to_string()
}

fn row_heading(locale: Locale, kind: ChartKind) -> String {
    match kind {
        ChartKind::Incoming | ChartKind::Outcomes => td_string!(locale, report.day),
        ChartKind::Ratings => td_string!(locale, report.rating_column),
        ChartKind::Heatmap => td_string!(locale, report.weekday),
    }
    .to_string()
}

/// A row's label on the page: a short local date ("12/6", Italian "6/12"), a rating, a weekday.
fn row_label(locale: Locale, zone: &ZoneTable, label: RowLabel) -> String {
    match label {
        RowLabel::Day(ms) => {
            let local = ms + i64::from(zone.offset_at(ms)) * 1000;
            let (month, day) = month_day(local.div_euclid(86_400_000));
            td_string!(locale, report.day_label, month = month, day = day).to_string()
        }
        RowLabel::Rating(rating) => rating.to_string(),
        RowLabel::Weekday(day) => weekday(locale, day),
    }
}

/// The chart's table as the page shows it.
pub fn table(locale: Locale, zone: &ZoneTable, data: &ChartData) -> ChartTable {
    ChartTable {
        kind: data.kind,
        row_heading: row_heading(locale, data.kind),
        columns: data.series.iter().map(|s| series(locale, *s)).collect(),
        rows: data
            .rows
            .iter()
            .map(|(label, values)| (row_label(locale, zone, *label), values.clone()))
            .collect(),
    }
}

/// The chart's CSV file: the same numbers as its table, days written YYYY-MM-DD, UTF-8 with a
/// byte order mark (as the audit export, so Excel reads it as UTF-8).
pub fn csv(locale: Locale, zone: &ZoneTable, report: &Report, kind: ChartKind) -> String {
    let data = report.chart(kind);
    let mut out = String::from("\u{feff}");
    let mut header = vec![row_heading(locale, kind)];
    header.extend(data.series.iter().map(|s| series(locale, *s)));
    out.push_str(
        &header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for (label, values) in &data.rows {
        let label = match label {
            RowLabel::Day(ms) => iso_date(zone, *ms),
            other => row_label(locale, zone, *other),
        };
        let mut fields = vec![csv_field(&label)];
        fields.extend(values.iter().map(i64::to_string));
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
