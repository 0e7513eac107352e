use crate::chart_geometry::{px, ticks, y, LEFT, RIGHT, WIDTH};
use leptos::prelude::*;

/// The value axis of a line or bar chart: grid lines and their numbers from 0 to `top`.
#[component]
pub fn ValueAxis(top: i64) -> impl IntoView {
    ticks(top)
        .into_iter()
        .map(|tick| {
            let at = px(y(tick, top));
            view! {
                <line class="chart-rule" x1=px(LEFT) x2=px(WIDTH - RIGHT) y1=at.clone() y2=at.clone()></line>
                <text class="chart-axis" x=px(LEFT - 6.0) y=px(y(tick, top) + 4.0) text-anchor="end">{tick.to_string()}</text>
            }
        })
        .collect_view()
}
