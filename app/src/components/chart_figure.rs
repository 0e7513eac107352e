use crate::chart_words::ChartTable;
use crate::i18n::*;
use leptos::prelude::*;

/// A chart with its heading, its legend, its numbers as a table (one click away) and a link to
/// download them as CSV. `children` is the drawing.
#[component]
pub fn ChartFigure(
    id: &'static str,
    title: String,
    table: ChartTable,
    csv_href: String,
    /// Name the columns under the drawing (lines and stacked bars; a heat map needs none).
    #[prop(optional)]
    legend: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let legend = legend.then(|| {
        let items = table
            .columns
            .iter()
            .enumerate()
            .map(|(s, name)| view! { <li><span class=format!("swatch series-{s}") aria-hidden="true"></span>{name.clone()}</li> })
            .collect_view();
        view! { <ul class="chart-legend">{items}</ul> }
    });
    let head = table
        .columns
        .iter()
        .map(|c| view! { <th scope="col" class="num">{c.clone()}</th> })
        .collect_view();
    let body = table
        .rows
        .iter()
        .map(|(label, values)| {
            let cells = values
                .iter()
                .map(|v| view! { <td class="num">{v.to_string()}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <figure class="panel chart-figure" data-chart=table.kind.as_str()>
            <figcaption><h2 id=format!("{id}-heading")>{title}</h2></figcaption>
            {children()}
            {legend}
            <div class="chart-actions">
                <details class="chart-table">
                    <summary>{t!(i18n, report.show_table)}</summary>
                    <div class="table-scroll">
                        <table class="table table--compact">
                            <thead><tr><th scope="col">{table.row_heading.clone()}</th>{head}</tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                </details>
                <a class="button button--secondary button--small" href=csv_href download="">{t!(i18n, report.download_csv)}</a>
            </div>
        </figure>
    }
}
