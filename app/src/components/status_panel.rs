use leptos::prelude::*;

/// The body of an error page (403, 404, 500), shown inside the usual frame.
#[component]
pub fn StatusPanel(code: u16, title: &'static str, #[prop(into)] message: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_page_status(code);
    view! {
        <section class="status-panel" data-status=code>
            <p class="status-panel__code">{code}</p>
            <h1>{title}</h1>
            <p>{message}</p>
            <a class="button button--secondary" href="/">"Go to Home"</a>
        </section>
    }
}
