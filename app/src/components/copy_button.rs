use crate::i18n::*;
use leptos::prelude::*;

/// A read-only field with a Copy button. Without JavaScript the text can still be selected.
#[component]
pub fn CopyField(
    /// The visible label (a fixed text, or one that follows the reader's language).
    #[prop(into)]
    label: TextProp,
    id: &'static str,
    value: String,
) -> impl IntoView {
    let i18n = use_i18n();
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
            <label for=id>{move || label.get()}</label>
            <div class="copy-field">
                <input id=id type="text" readonly value=value/>
                <button type="button" class="button button--secondary" on:click=copy>
                    {move || if copied.get() { t_string!(i18n, copy_button.copied) } else { t_string!(i18n, copy_button.copy) }}
                </button>
            </div>
        </div>
    }
}
