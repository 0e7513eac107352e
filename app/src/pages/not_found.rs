use crate::components::frame::Frame;
use crate::components::status_panel::StatusPanel;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.title).to_string()/>
        <Frame>
            <StatusPanel code=404 title=move || t_string!(i18n, not_found.title) message=move || t_string!(i18n, not_found.message)/>
        </Frame>
    }
}
