use leptos::prelude::*;

/// A labelled input with its validation message underneath.
#[component]
pub fn Field(
    /// The visible label (a fixed text, or one that follows the reader's language).
    #[prop(into)]
    label: TextProp,
    /// The form field name (also the server function argument).
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    /// Help under the field (a fixed text, or one that follows the reader's language).
    #[prop(optional, into)]
    hint: Option<TextProp>,
    #[prop(optional, into)] placeholder: Option<TextProp>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: Option<String>,
    /// The message for this field from the last submission, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{move || label.get()}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                placeholder=move || placeholder.as_ref().map(|p| p.get())
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{move || hint.get()}</p> })}
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
