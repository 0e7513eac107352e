use crate::api::insights::get_report;
use crate::chart_words;
use crate::components::bar_chart::BarChart;
use crate::components::chart_figure::ChartFigure;
use crate::components::form_error::{error_message, field_message};
use crate::components::guarded::Guarded;
use crate::components::heat_map::HeatMap;
use crate::components::line_chart::LineChart;
use crate::counts::grouped;
use crate::i18n::*;
use crate::reader::duration;
use domain::insights::report::{
    iso_date, AgentFigures, ChartKind, Choice, Figures, Period, Report, ReportRequest, Spread,
};
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Insights > Reports: a period of the reader's days (today, 7 or 30 days, or their own), its
/// figures against the period before, charts drawn on the server (each with its table and CSV),
/// and each agent's row. The filters are a GET form, so the page works without JavaScript and
/// every report has an address to share.
#[component]
pub fn InsightsReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.insights_reports).to_string()/>
        <Guarded path="/insights/reports"><ReportContent/></Guarded>
    }
}

fn request_of(query: &leptos_router::params::ParamsMap) -> ReportRequest {
    let get = |key: &str| query.get(key).unwrap_or_default();
    ReportRequest {
        period: get("period"),
        from: get("from"),
        to: get("to"),
        account: get("account"),
        workstream: get("workstream"),
        queue: get("queue"),
        agent: get("agent"),
    }
}

#[component]
fn ReportContent() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| request_of(&query.read()));
    let report = Resource::new(move || request.get(), get_report);
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Insights")}</p>
            <h1>{t!(i18n, page.insights_reports)}</h1>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, report.loading)}</p> }>
            {move || Suspend::new(async move {
                let request = request.get_untracked();
                match report.await {
                    Ok(report) => view! {
                        <Filters request=request.clone() report=Some(report.clone()) error=None/>
                        <ReportBody report request/>
                    }
                    .into_any(),
                    Err(err) => view! {
                        <div class="alert alert--error" role="alert">{error_message(&err)}</div>
                        <Filters request report=None error=Some(err)/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The period and filters: a GET form (no JavaScript needed; the address is the report).
#[component]
fn Filters(
    request: ReportRequest,
    report: Option<Report>,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let zone = crate::reader::zone();
    let period = request.period.parse::<Period>().unwrap_or(Period::Today);
    // The dates fields start at the shown period, so "Custom" begins from it.
    let (from, to) = match (&report, period) {
        (Some(r), p) if p != Period::Custom || request.from.is_empty() => {
            (iso_date(&zone.0, r.from), iso_date(&zone.0, r.to - 1))
        }
        _ => (request.from.clone(), request.to.clone()),
    };
    let choices = report.map(|r| r.choices).unwrap_or_default();
    let periods = Period::ALL
        .iter()
        .map(|p| {
            let label = match p {
                Period::Today => td_string!(locale, report.period_today),
                Period::Week => td_string!(locale, report.period_7d),
                Period::Month => td_string!(locale, report.period_30d),
                Period::Custom => td_string!(locale, report.period_custom),
            };
            view! { <option value=p.as_str() selected=*p == period>{label}</option> }
        })
        .collect_view();
    let from_error = error.as_ref().and_then(|e| field_message(e, "from"));
    let to_error = error.as_ref().and_then(|e| field_message(e, "to"));
    view! {
        <form method="get" action="/insights/reports" class="panel report-filters" data-testid="report-filters">
            <label class="field">
                <span class="field-label">{t!(i18n, report.period)}</span>
                <select name="period">{periods}</select>
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, report.from)}</span>
                <input type="date" name="from" value=from aria-invalid=from_error.is_some().then_some("true")/>
                {from_error.map(|m| view! { <span class="field-error">{m}</span> })}
            </label>
            <label class="field">
                <span class="field-label">{t!(i18n, report.to)}</span>
                <input type="date" name="to" value=to aria-invalid=to_error.is_some().then_some("true")/>
                {to_error.map(|m| view! { <span class="field-error">{m}</span> })}
            </label>
            <ChoiceSelect name="account" label=td_string!(locale, report.account).to_string() choices=choices.accounts selected=request.account.clone()/>
            <ChoiceSelect name="workstream" label=td_string!(locale, report.workstream).to_string() choices=choices.workstreams selected=request.workstream.clone()/>
            <ChoiceSelect name="queue" label=td_string!(locale, report.queue).to_string() choices=choices.queues selected=request.queue.clone()/>
            <ChoiceSelect name="agent" label=td_string!(locale, report.agent).to_string() choices=choices.agents selected=request.agent.clone()/>
            <div class="report-filters-submit">
                <button type="submit" class="button button--primary">{t!(i18n, report.apply)}</button>
            </div>
        </form>
    }
}

#[component]
fn ChoiceSelect(
    name: &'static str,
    label: String,
    choices: Vec<Choice>,
    selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = choices
        .into_iter()
        .map(|c| {
            let id = c.id.to_string();
            let chosen = id == selected;
            view! { <option value=id selected=chosen>{c.name}</option> }
        })
        .collect_view();
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <select name=name>
                <option value="">{t!(i18n, report.all)}</option>
                {options}
            </select>
        </label>
    }
}

#[component]
fn ReportBody(report: Report, request: ReportRequest) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let zone = crate::reader::zone();
    let last_day = report.to - 1;
    let span = if iso_date(&zone.0, report.from) == iso_date(&zone.0, last_day) {
        crate::reader::date(report.from)
    } else {
        format!(
            "{} – {}",
            crate::reader::date(report.from),
            crate::reader::date(last_day)
        )
    };
    let csv = |kind: ChartKind| match request.query_string() {
        query if query.is_empty() => format!("/insights/reports.csv?chart={kind}"),
        query => format!("/insights/reports.csv?chart={kind}&{query}"),
    };
    let days = report.daily.len();
    // Everything a chart needs, worked out here (its drawing is a child view, built later, so it
    // owns what it shows): title, the worded table, a description for screen readers, the CSV.
    let figure = |kind: ChartKind| {
        let title = chart_words::title(locale, kind);
        let table = chart_words::table(locale, &zone.0, &report.chart(kind));
        let total: i64 = table.rows.iter().flat_map(|(_, v)| v.iter()).sum();
        let (label, most) = table
            .rows
            .iter()
            .map(|(label, v)| (label.clone(), v.iter().sum::<i64>()))
            .max_by_key(|(_, sum)| *sum)
            .unwrap_or_default();
        let desc = td_string!(
            locale,
            report.chart_desc,
            title = title.clone(),
            total = grouped(locale, total),
            label = label,
            most = grouped(locale, most)
        )
        .to_string();
        (title, table, desc, csv(kind))
    };
    let (incoming, outcomes, ratings, heatmap) = (
        figure(ChartKind::Incoming),
        figure(ChartKind::Outcomes),
        figure(ChartKind::Ratings),
        figure(ChartKind::Heatmap),
    );
    view! {
        <p class="muted report-span" data-testid="report-span">
            {t!(i18n, report.span, span = span, zone = report.zone.clone(), days = days)}
        </p>
        <FigureTiles figures=report.figures.clone() previous=report.previous.clone()/>
        <div class="chart-grid">
            <ChartFigure id="chart-incoming" title=incoming.0.clone() table=incoming.1.clone() csv_href=incoming.3 legend=true>
                <LineChart id="chart-incoming" title=incoming.0.clone() desc=incoming.2.clone() table=incoming.1.clone()/>
            </ChartFigure>
            <ChartFigure id="chart-outcomes" title=outcomes.0.clone() table=outcomes.1.clone() csv_href=outcomes.3 legend=true>
                <BarChart id="chart-outcomes" title=outcomes.0.clone() desc=outcomes.2.clone() table=outcomes.1.clone()/>
            </ChartFigure>
            <ChartFigure id="chart-ratings" title=ratings.0.clone() table=ratings.1.clone() csv_href=ratings.3>
                <BarChart id="chart-ratings" title=ratings.0.clone() desc=ratings.2.clone() table=ratings.1.clone()/>
            </ChartFigure>
            <ChartFigure id="chart-heatmap" title=heatmap.0.clone() table=heatmap.1.clone() csv_href=heatmap.3>
                <HeatMap id="chart-heatmap" title=heatmap.0.clone() desc=heatmap.2.clone() table=heatmap.1.clone()/>
            </ChartFigure>
        </div>
        <AgentTable agents=report.agents.clone()/>
    }
}

/// A figure tile: test id, label, value, detail (90th percentile), previous period, definition.
type TileRow = (
    &'static str,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

#[component]
fn FigureTiles(figures: Figures, previous: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let count = |n: i64| grouped(locale, n);
    let median = |s: &Spread| s.median.map_or_else(|| "—".to_string(), duration);
    let spread_detail = |s: &Spread| {
        s.p90
            .map(|p90| td_string!(locale, report.p90, p90 = duration(p90)).to_string())
    };
    let before = |text: String| Some(td_string!(locale, report.previous, value = text).to_string());
    let percent = |n: Option<i64>| n.map_or_else(|| "—".to_string(), |p| format!("{p} %"));
    let rating = |tenths: Option<i64>| {
        tenths.map_or_else(
            || "—".to_string(),
            |t| format!("{} / 5", crate::counts::tenths(locale, t)),
        )
    };
    let tiles: Vec<TileRow> = vec![
        (
            "incoming",
            td_string!(locale, report.incoming).to_string(),
            count(figures.incoming),
            None,
            before(count(previous.incoming)),
            td_string!(locale, report.def_incoming).to_string(),
        ),
        (
            "engaged",
            td_string!(locale, report.engaged).to_string(),
            count(figures.engaged),
            None,
            before(count(previous.engaged)),
            td_string!(locale, report.def_engaged).to_string(),
        ),
        (
            "abandoned",
            td_string!(locale, report.abandoned).to_string(),
            count(figures.abandoned),
            None,
            before(count(previous.abandoned)),
            td_string!(locale, report.def_abandoned).to_string(),
        ),
        (
            "bot-only",
            td_string!(locale, report.bot_only).to_string(),
            count(figures.bot_only),
            None,
            before(count(previous.bot_only)),
            td_string!(locale, report.def_bot_only).to_string(),
        ),
        (
            "handed-off",
            td_string!(locale, report.handed_off).to_string(),
            count(figures.handed_off),
            None,
            before(count(previous.handed_off)),
            td_string!(locale, report.def_handed_off).to_string(),
        ),
        (
            "first-response",
            td_string!(locale, report.first_response).to_string(),
            median(&figures.first_response),
            spread_detail(&figures.first_response),
            before(median(&previous.first_response)),
            td_string!(locale, report.def_first_response).to_string(),
        ),
        (
            "wait",
            td_string!(locale, report.wait).to_string(),
            median(&figures.wait),
            spread_detail(&figures.wait),
            before(median(&previous.wait)),
            td_string!(locale, report.def_wait).to_string(),
        ),
        (
            "handle",
            td_string!(locale, report.handle).to_string(),
            median(&figures.handle),
            spread_detail(&figures.handle),
            before(median(&previous.handle)),
            td_string!(locale, report.def_handle).to_string(),
        ),
        (
            "resolution",
            td_string!(locale, report.resolution).to_string(),
            median(&figures.resolution),
            spread_detail(&figures.resolution),
            before(median(&previous.resolution)),
            td_string!(locale, report.def_resolution).to_string(),
        ),
        (
            "transfers",
            td_string!(locale, report.transfers).to_string(),
            count(figures.transfers),
            None,
            before(count(previous.transfers)),
            td_string!(locale, report.def_transfers).to_string(),
        ),
        (
            "messages-in",
            td_string!(locale, report.messages_in).to_string(),
            count(figures.messages_in),
            None,
            before(count(previous.messages_in)),
            td_string!(locale, report.def_messages_in).to_string(),
        ),
        (
            "messages-out",
            td_string!(locale, report.messages_out).to_string(),
            count(figures.messages_out),
            None,
            before(count(previous.messages_out)),
            td_string!(locale, report.def_messages_out).to_string(),
        ),
        (
            "response-rate",
            td_string!(locale, report.response_rate).to_string(),
            percent(figures.response_rate()),
            Some(
                td_string!(
                    locale,
                    report.answers_of,
                    answers = count(figures.survey_answers()),
                    sent = count(figures.surveys_sent)
                )
                .to_string(),
            ),
            before(percent(previous.response_rate())),
            td_string!(locale, report.def_response_rate).to_string(),
        ),
        (
            "rating",
            td_string!(locale, report.rating).to_string(),
            rating(figures.rating_tenths()),
            None,
            before(rating(previous.rating_tenths())),
            td_string!(locale, report.def_rating).to_string(),
        ),
    ];
    let items = tiles
        .into_iter()
        .map(|(test, label, value, detail, previous, definition)| {
            view! {
                <li class="tile report-tile" data-testid=format!("figure-{test}")>
                    <span class="tile-label">{label.clone()}</span>
                    <span class="tile-value" data-testid="value">{value}</span>
                    {detail.map(|d| view! { <span class="tile-detail">{d}</span> })}
                    {previous.map(|p| view! { <span class="tile-previous">{p}</span> })}
                    <details class="tile-definition">
                        <summary>{t!(i18n, report.what_is_this)}<span class="visually-hidden">{format!(" ({label})")}</span></summary>
                        <p>{definition}</p>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="tiles report-tiles" aria-label=td_string!(locale, report.figures).to_string()>{items}</ul> }
}

#[component]
fn AgentTable(agents: Vec<AgentFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if agents.is_empty() {
        return view! {
            <section class="panel"><h2>{t!(i18n, report.agents)}</h2><p class="muted">{t!(i18n, report.no_agents)}</p></section>
        }
        .into_any();
    }
    let rows = agents
        .into_iter()
        .map(|a| {
            let rating = a.rating_tenths().map_or_else(|| "—".to_string(), |t| crate::counts::tenths(locale, t));
            let answers: i64 = a.ratings.iter().sum();
            view! {
                <tr data-agent=a.name.clone()>
                    <th scope="row">{a.name.clone()}</th>
                    <td class="num" data-label=td_string!(locale, report.engaged).to_string() data-testid="engaged">{grouped(locale, a.engaged)}</td>
                    <td class="num" data-label=td_string!(locale, report.median_first_response).to_string()>{a.first_response_median.map_or_else(|| "—".to_string(), duration)}</td>
                    <td class="num" data-label=td_string!(locale, report.median_handle).to_string()>{a.handle_median.map_or_else(|| "—".to_string(), duration)}</td>
                    <td class="num" data-label=td_string!(locale, report.rating).to_string()>{rating}<span class="cell-secondary">{format!(" ({answers})")}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel panel--flush">
            <table class="table insights-table report-agents">
                <caption>{t!(i18n, report.agents)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, report.agent)}</th>
                    <th scope="col" class="num">{t!(i18n, report.engaged)}</th>
                    <th scope="col" class="num">{t!(i18n, report.median_first_response)}</th>
                    <th scope="col" class="num">{t!(i18n, report.median_handle)}</th>
                    <th scope="col" class="num">{t!(i18n, report.rating)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}
