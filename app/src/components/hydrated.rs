use leptos::prelude::*;

/// Marks the page as hydrated (`data-hydrated` on this element) once the browser app runs.
/// Effects never run on the server, so tests can wait for this before clicking.
#[component]
pub fn HydrationMarker() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! { <span id="hydration-marker" hidden data-hydrated=move || hydrated.get().to_string()></span> }
}
