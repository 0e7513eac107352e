use crate::chart_geometry::{px, WIDTH};
use crate::chart_words::ChartTable;
use leptos::prelude::*;

/// Rows (weekdays) by columns (hours) of `table`, each cell shaded by its share of the largest,
/// drawn as SVG on the server with a title and a description for screen readers.
#[component]
pub fn HeatMap(id: &'static str, title: String, desc: String, table: ChartTable) -> impl IntoView {
    const LABELS: f64 = 48.0;
    const CELL_HEIGHT: f64 = 24.0;
    const HOURS_ROW: f64 = 20.0;
    let columns = table.columns.len().max(1);
    let cell = (WIDTH - LABELS - 4.0) / columns as f64;
    let height = CELL_HEIGHT * table.rows.len() as f64 + HOURS_ROW;
    let max = table
        .rows
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let cells = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, (label, values))| {
            let top = CELL_HEIGHT * r as f64;
            let row = values
                .iter()
                .enumerate()
                .map(|(c, value)| {
                    // Zero stays blank; anything else is at least faintly shaded.
                    let shade = if *value == 0 { 0.0 } else { 0.15 + 0.85 * *value as f64 / max as f64 };
                    let tip = format!("{label} {}: {value}", table.columns[c]);
                    view! {
                        <rect class="chart-heat" x=px(LABELS + cell * c as f64) y=px(top) width=px(cell - 1.0)
                            height=px(CELL_HEIGHT - 1.0) fill-opacity=format!("{shade:.2}")><title>{tip}</title></rect>
                    }
                })
                .collect_view();
            view! {
                <text class="chart-axis" x=px(LABELS - 6.0) y=px(top + CELL_HEIGHT * 0.65) text-anchor="end">{label.clone()}</text>
                {row}
            }
        })
        .collect_view();
    let hours = table
        .columns
        .iter()
        .enumerate()
        .filter(|(c, _)| c % 3 == 0)
        .map(|(c, name)| view! {
            <text class="chart-axis" x=px(LABELS + cell * c as f64 + cell / 2.0) y=px(height - 5.0) text-anchor="middle">{name.clone()}</text>
        })
        .collect_view();
    view! {
        <svg class="chart chart--heat" viewBox=format!("0 0 {WIDTH} {}", px(height)) role="img"
            aria-labelledby=format!("{id}-title {id}-desc")>
            <title id=format!("{id}-title")>{title}</title>
            <desc id=format!("{id}-desc")>{desc}</desc>
            {cells}
            {hours}
        </svg>
    }
}
