use leptos::prelude::*;

/// A wait that keeps counting between live updates: the server's figure plus the time since this
/// page drew it. The browser's clock only measures that difference, so a skewed clock does not
/// show. Without JavaScript (and on the server) it is the figure as of the page.
#[component]
pub fn WaitClock(
    /// How long the longest-waiting customer had waited when the server read it, if anyone waits.
    waited_ms: Option<i64>,
) -> impl IntoView {
    let since_drawn = RwSignal::new(0_i64);
    #[cfg(feature = "hydrate")]
    if waited_ms.is_some() {
        let now = || {
            web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now())
                .unwrap_or(0.0)
        };
        let drawn = now();
        if let Ok(ticks) = set_interval_with_handle(
            move || since_drawn.set((now() - drawn) as i64),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || ticks.clear());
        }
    }
    move || {
        waited_ms.map_or_else(
            || "—".to_string(),
            |ms| crate::reader::duration(ms + since_drawn.get()),
        )
    }
}
