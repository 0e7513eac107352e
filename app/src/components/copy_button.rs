use leptos::prelude::*;

/// A read-only field with a Copy button. Without JavaScript the text can still be selected.
#[component]
pub fn CopyField(label: &'static str, id: &'static str, value: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = value.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
                copied.set(true);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="copy-field">
                <input id=id type="text" readonly value=value/>
                <button type="button" class="button button--secondary" on:click=copy>
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </div>
        </div>
    }
}
