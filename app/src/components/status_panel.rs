use crate::i18n::*;
use leptos::prelude::*;

/// The body of an error page (403, 404, 500), shown inside the usual frame. Title and message
/// are fixed texts or ones that follow the reader's language.
#[component]
pub fn StatusPanel(
    code: u16,
    #[prop(into)] title: TextProp,
    #[prop(into)] message: TextProp,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_page_status(code);
    let i18n = use_i18n();
    view! {
        <section class="status-panel" data-status=code>
            <p class="status-panel__code">{code}</p>
            <h1>{move || title.get()}</h1>
            <p>{move || message.get()}</p>
            <a class="button button--secondary" href="/">{t!(i18n, status_panel.go_home)}</a>
        </section>
    }
}
