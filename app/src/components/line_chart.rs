use crate::chart_geometry::{label_stride, nice_ceiling, plot_width, px, y, HEIGHT, LEFT, WIDTH};
use crate::chart_words::ChartTable;
use crate::components::value_axis::ValueAxis;
use leptos::prelude::*;

/// A line per column of `table` over its rows (days), drawn as SVG on the server: readable
/// without JavaScript, named by its title and described for screen readers.
#[component]
pub fn LineChart(
    id: &'static str,
    title: String,
    desc: String,
    table: ChartTable,
) -> impl IntoView {
    let top = nice_ceiling(
        table
            .rows
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .max()
            .unwrap_or(0),
    );
    let count = table.rows.len();
    let x = move |i: usize| {
        if count < 2 {
            LEFT + plot_width() / 2.0
        } else {
            LEFT + plot_width() * i as f64 / (count - 1) as f64
        }
    };
    let stride = label_stride(count);
    let lines = (0..table.columns.len())
        .map(|s| {
            let points = table
                .rows
                .iter()
                .enumerate()
                .map(|(i, (_, values))| format!("{},{}", px(x(i)), px(y(values[s], top))))
                .collect::<Vec<_>>()
                .join(" ");
            let dots = table
                .rows
                .iter()
                .enumerate()
                .map(|(i, (label, values))| {
                    let tip = format!("{label} · {}: {}", table.columns[s], values[s]);
                    view! { <circle class=format!("chart-dot series-{s}") cx=px(x(i)) cy=px(y(values[s], top)) r="3"><title>{tip}</title></circle> }
                })
                .collect_view();
            view! {
                <polyline class=format!("chart-line series-{s}") points=points fill="none"></polyline>
                {dots}
            }
        })
        .collect_view();
    let labels = table
        .rows
        .iter()
        .enumerate()
        .filter(|(i, _)| i % stride == 0)
        .map(|(i, (label, _))| view! { <text class="chart-axis" x=px(x(i)) y=px(HEIGHT - 10.0) text-anchor="middle">{label.clone()}</text> })
        .collect_view();
    view! {
        <svg class="chart chart--line" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-labelledby=format!("{id}-title {id}-desc")>
            <title id=format!("{id}-title")>{title}</title>
            <desc id=format!("{id}-desc")>{desc}</desc>
            <ValueAxis top/>
            {lines}
            {labels}
        </svg>
    }
}
