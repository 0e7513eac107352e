//! Where a chart's marks go: the plot area inside a fixed view box (the SVG scales to its box),
//! a rounded top for the value axis, and which labels fit under the bars.

/// The view box all charts draw in.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 240.0;
/// Room for the value axis on the left and the labels below.
pub const LEFT: f64 = 44.0;
pub const RIGHT: f64 = 12.0;
pub const TOP: f64 = 12.0;
pub const BOTTOM: f64 = 30.0;

pub fn plot_width() -> f64 {
    WIDTH - LEFT - RIGHT
}

pub fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

/// The smallest 1, 2 or 5 times a power of ten at or above `max` (at least 1): the axis top.
pub fn nice_ceiling(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// The value axis' ticks: 0, the middle when it is whole, the top.
pub fn ticks(top: i64) -> Vec<i64> {
    if top % 2 == 0 {
        vec![0, top / 2, top]
    } else {
        vec![0, top]
    }
}

/// The y coordinate of `value` on an axis from 0 to `top`.
pub fn y(value: i64, top: i64) -> f64 {
    TOP + plot_height() * (1.0 - value as f64 / top.max(1) as f64)
}

/// Show every n-th label under `count` slots so at most 8 are written.
pub fn label_stride(count: usize) -> usize {
    count.div_ceil(8).max(1)
}

/// Whole-pixel text for an attribute (SVG reads decimals, but fewer digits are smaller pages).
pub fn px(value: f64) -> String {
    format!("{:.1}", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_top_rounds_up_to_one_two_or_five() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(4_100), 5_000);
        assert_eq!(ticks(5), vec![0, 5]);
        assert_eq!(ticks(20), vec![0, 10, 20]);
        assert_eq!(label_stride(30), 4);
        assert_eq!(label_stride(7), 1);
    }
}
