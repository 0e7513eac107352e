use crate::components::conversation_list::state_label;
use crate::i18n::*;
use crate::labels::fill;
use domain::contact::PastConversation;
use leptos::prelude::*;

/// A customer's conversations: when, state, agent and survey rating, each opening read-only.
#[component]
pub fn PastConversations(list: Vec<PastConversation>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if list.is_empty() {
        return view! { <p class="muted">{t!(i18n, past_conversations.none)}</p> }.into_any();
    }
    view! {
        <ul class="past-list" data-testid="previous-conversations">
            {list.into_iter().map(|c| view! {
                <li>
                    <a href=format!("/conversations/{}", c.id)>{format!("#{} · {}", c.id, crate::reader::datetime(c.opened_at))}</a>
                    <span class=format!("badge badge--{}", c.state)>{state_label(locale, c.state)}</span>
                    <span class="cell-secondary">
                        {format!("{} · {}", c.account_name, crate::counts::message_count(locale, c.messages))}
                        {c.agent.clone().map(|a| format!(" · {} {a}", td_string!(locale, past_conversations.agent)))}
                        {c.closed_at.map(|at| format!(" · {} {}", td_string!(locale, past_conversations.closed), crate::reader::datetime(at)))}
                        {c.rating.map(|r| format!(" · {}", fill(td_string!(locale, past_conversations.rated), &[("rating", &r.to_string())])))}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
