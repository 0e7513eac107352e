use crate::components::frame::Frame;
use crate::components::status_panel::StatusPanel;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Page not found"/>
        <Frame>
            <StatusPanel code=404 title="Page not found" message="There is no page at this address. It may have moved, or the link may be mistyped."/>
        </Frame>
    }
}
