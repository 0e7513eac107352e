use crate::api::routing::{get_my_presence, SetMyPresence};
use crate::i18n::*;
use domain::agent::Presence;
use leptos::prelude::*;

/// The signed-in agent's presence in the top bar: work is offered only while they are
/// available (or busy, when the workstream allows it). Stored on the server, so it survives
/// reloads and other tabs. The frame awaits it in the top bar's own Suspense: a Suspense or a
/// resource created after an await shifts hydration ids and breaks the page's hydration.
#[derive(Clone, Copy)]
pub struct PresenceState {
    pub set: ServerAction<SetMyPresence>,
    pub presence: Resource<Result<Presence, domain::AppError>>,
}

impl PresenceState {
    /// Created with the frame, before anything suspends: resources must be created in the same
    /// order on the server and in the browser, or hydration hands one's data to another.
    pub fn new() -> Self {
        let set = ServerAction::<SetMyPresence>::new();
        let presence = Resource::new(move || set.version().get(), |_| get_my_presence());
        PresenceState { set, presence }
    }
}

impl Default for PresenceState {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn PresenceMenu(state: PresenceState, current: Presence) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=state.set attr:class="presence-menu">
            <span class=format!("presence-dot presence--{}", current.key()) aria-hidden="true"></span>
            <label class="visually-hidden" for="presence">{t!(i18n, presence.label)}</label>
            <select id="presence" name="presence" data-testid="presence">
                {Presence::ALL.into_iter().map(|p| view! {
                    <option value=p.key() selected=p == current>{move || crate::labels::presence(i18n.get_locale(), p)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button button--small button--ghost">{t!(i18n, presence.set)}</button>
        </ActionForm>
    }
}
