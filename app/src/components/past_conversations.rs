use domain::contact::PastConversation;
use domain::time::format_utc;
use leptos::prelude::*;

/// A customer's conversations: when, state, agent and survey rating, each opening read-only.
#[component]
pub fn PastConversations(list: Vec<PastConversation>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="muted">"No other conversations."</p> }.into_any();
    }
    view! {
        <ul class="past-list" data-testid="previous-conversations">
            {list.into_iter().map(|c| view! {
                <li>
                    <a href=format!("/conversations/{}", c.id)>{format!("#{} · {}", c.id, format_utc(c.opened_at))}</a>
                    <span class=format!("badge badge--{}", c.state)>{c.state.clone()}</span>
                    <span class="cell-secondary">
                        {format!("{} · {} message{}", c.account_name, c.messages, if c.messages == 1 { "" } else { "s" })}
                        {c.agent.clone().map(|a| format!(" · agent {a}"))}
                        {c.closed_at.map(|at| format!(" · closed {}", format_utc(at)))}
                        {c.rating.map(|r| format!(" · rated {r} of 5"))}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
