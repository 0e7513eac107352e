use crate::api::routing::{get_my_presence, SetMyPresence};
use domain::agent::Presence;
use leptos::prelude::*;

/// The signed-in agent's presence in the top bar: work is offered only while they are
/// available (or busy, when the workstream allows it). Stored on the server, so it survives
/// reloads and other tabs.
#[component]
pub fn PresenceMenu() -> impl IntoView {
    let set = ServerAction::<SetMyPresence>::new();
    let presence = Resource::new(move || set.version().get(), |_| get_my_presence());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let current = presence.await.unwrap_or_default();
                view! {
                    <ActionForm action=set attr:class="presence-menu">
                        <span class=format!("presence-dot presence--{}", current.key()) aria-hidden="true"></span>
                        <label class="visually-hidden" for="presence">"Presence"</label>
                        <select id="presence" name="presence" data-testid="presence">
                            {Presence::ALL.into_iter().map(|p| view! {
                                <option value=p.key() selected=p == current>{p.label()}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button button--small button--ghost">"Set"</button>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}
