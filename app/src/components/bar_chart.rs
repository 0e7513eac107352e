use crate::chart_geometry::{label_stride, nice_ceiling, plot_width, px, y, HEIGHT, LEFT, WIDTH};
use crate::chart_words::ChartTable;
use crate::components::value_axis::ValueAxis;
use leptos::prelude::*;

/// A bar per row of `table`, its columns stacked (one column: plain bars), drawn as SVG on the
/// server with a title and a description for screen readers.
#[component]
pub fn BarChart(id: &'static str, title: String, desc: String, table: ChartTable) -> impl IntoView {
    let top = nice_ceiling(
        table
            .rows
            .iter()
            .map(|(_, v)| v.iter().sum::<i64>())
            .max()
            .unwrap_or(0),
    );
    let count = table.rows.len().max(1);
    let band = plot_width() / count as f64;
    let width = (band * 0.7).min(48.0);
    let stride = label_stride(count);
    let bars = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let left = LEFT + band * i as f64 + (band - width) / 2.0;
            let mut below = 0;
            let segments = values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0)
                .map(|(s, value)| {
                    let (bottom, top_of) = (y(below, top), y(below + value, top));
                    below += value;
                    let tip = format!("{label} · {}: {value}", table.columns[s]);
                    view! {
                        <rect class=format!("chart-bar series-{s}") x=px(left) width=px(width)
                            y=px(top_of) height=px(bottom - top_of)><title>{tip}</title></rect>
                    }
                })
                .collect_view();
            let text = (i % stride == 0).then(|| view! {
                <text class="chart-axis" x=px(left + width / 2.0) y=px(HEIGHT - 10.0) text-anchor="middle">{label.clone()}</text>
            });
            view! { {segments} {text} }
        })
        .collect_view();
    view! {
        <svg class="chart chart--bar" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-labelledby=format!("{id}-title {id}-desc")>
            <title id=format!("{id}-title")>{title}</title>
            <desc id=format!("{id}-desc")>{desc}</desc>
            <ValueAxis top/>
            {bars}
        </svg>
    }
}
