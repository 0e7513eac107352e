use crate::api::routing::{
    list_agents, list_queue_details, AcceptOffer, DeclineOffer, PickConversation,
    TransferConversation,
};
use crate::components::form_error::last_error;
use crate::i18n::*;
use domain::conversation::{ConversationState, ConversationSummary};
use leptos::prelude::*;

/// The actions that take or move a conversation, shared by the inbox and the conversation.
#[derive(Clone, Copy)]
pub struct WorkActions {
    pub accept: ServerAction<AcceptOffer>,
    pub decline: ServerAction<DeclineOffer>,
    pub pick: ServerAction<PickConversation>,
    pub transfer: ServerAction<TransferConversation>,
}

impl WorkActions {
    pub fn new() -> Self {
        WorkActions {
            accept: ServerAction::new(),
            decline: ServerAction::new(),
            pick: ServerAction::new(),
            transfer: ServerAction::new(),
        }
    }

    /// Changes whenever one of them completed: pages read their data again.
    pub fn version(&self) -> (usize, usize, usize, usize) {
        (
            self.accept.version().get(),
            self.decline.version().get(),
            self.pick.version().get(),
            self.transfer.version().get(),
        )
    }

    pub fn error(&self) -> Signal<Option<domain::AppError>> {
        let this = *self;
        Signal::derive(move || {
            last_error(this.accept.value())
                .get()
                .or_else(|| last_error(this.decline.value()).get())
                .or_else(|| last_error(this.pick.value()).get())
                .or_else(|| last_error(this.transfer.value()).get())
        })
    }
}

impl Default for WorkActions {
    fn default() -> Self {
        Self::new()
    }
}

/// Accept and decline an offer, or pick from the queue: what the viewer can do with it.
#[component]
pub fn TakeButtons(summary: ConversationSummary, actions: WorkActions) -> impl IntoView {
    let id = summary.id.to_string();
    let (id1, id2, id3) = (id.clone(), id.clone(), id);
    let i18n = use_i18n();
    view! {
        {summary.offer_expires_at.map(|until| view! {
            <span class="offer" data-testid="offer">{t!(i18n, assignment_bar.offered_until, time = crate::reader::datetime(until))}</span>
            <ActionForm action=actions.accept attr:class="inline-form">
                <input type="hidden" name="conversation_id" value=id1/>
                <button type="submit" class="button button--small button--primary" data-shortcut="accept" aria-keyshortcuts="a">{t!(i18n, assignment_bar.accept)}</button>
            </ActionForm>
            <ActionForm action=actions.decline attr:class="inline-form">
                <input type="hidden" name="conversation_id" value=id2/>
                <button type="submit" class="button button--small button--secondary" data-shortcut="decline" aria-keyshortcuts="d">{t!(i18n, assignment_bar.decline)}</button>
            </ActionForm>
        })}
        {summary.can_pick.then(|| view! {
            <ActionForm action=actions.pick attr:class="inline-form">
                <input type="hidden" name="conversation_id" value=id3/>
                <button type="submit" class="button button--small button--primary">{t!(i18n, assignment_bar.pick)}</button>
            </ActionForm>
        })}
    }
}

/// What the transfer form offers: agents and queues. Created by the page before it suspends
/// (resources created in the middle of a suspended view would shift hydration ids).
#[derive(Clone, Copy)]
pub struct TransferTargets {
    agents: Resource<Result<Vec<domain::agent::AgentView>, domain::AppError>>,
    queues: Resource<Result<Vec<domain::queue::QueueDetail>, domain::AppError>>,
}

impl TransferTargets {
    pub fn new() -> Self {
        TransferTargets {
            agents: Resource::new(|| (), |_| list_agents()),
            queues: Resource::new(|| (), |_| list_queue_details()),
        }
    }
}

impl Default for TransferTargets {
    fn default() -> Self {
        Self::new()
    }
}

/// Who has the conversation and where it waits, with the offer's or the queue's buttons.
/// Redrawn with every live change; the transfer form beside it is not (`TransferForm`).
#[component]
pub fn AssignmentStatus(summary: ConversationSummary, actions: WorkActions) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let status = if summary.bot {
        td_string!(locale, assignment_bar.bot_answering).into_any()
    } else {
        match (&summary.assigned_to, summary.mine) {
            (_, true) => td_string!(locale, assignment_bar.assigned_to_you).into_any(),
            (Some(agent), false) => {
                td!(locale, assignment_bar.assigned_to, agent = agent.clone()).into_any()
            }
            (None, _) if summary.state == ConversationState::Waiting => {
                td_string!(locale, assignment_bar.waiting_for_agent).into_any()
            }
            (None, _) => td_string!(locale, assignment_bar.unassigned).into_any(),
        }
    };
    view! {
        <span class="assignment__status" data-testid="assignment-status">{status}</span>
        {summary.queue.clone().map(|q| view! { <span class="badge">{format!("{} {q}", td_string!(locale, assignment_bar.queue))}</span> })}
        <TakeButtons summary=summary.clone() actions/>
    }
}

/// Supervisors move a conversation to an agent or a queue.
#[component]
pub fn TransferForm(
    conversation_id: i64,
    actions: WorkActions,
    targets: TransferTargets,
) -> impl IntoView {
    let TransferTargets { agents, queues } = targets;
    let i18n = use_i18n();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let agents = agents.await.unwrap_or_default();
                let queues = queues.await.unwrap_or_default();
                let locale = i18n.get_locale_untracked();
                view! {
                    <ActionForm action=actions.transfer attr:class="inline-form transfer">
                        <input type="hidden" name="conversation_id" value=conversation_id.to_string()/>
                        <label for="transfer-target">{t!(i18n, assignment_bar.transfer_to)}</label>
                        <select id="transfer-target" name="target">
                            <optgroup label=move || t_string!(i18n, page.agents).to_string()>
                                {agents.into_iter().map(|a| view! {
                                    <option value=format!("agent:{}", a.user_id)>{format!("{} · {} · {}/{}", a.name, crate::labels::presence(locale, a.presence), a.load, a.capacity)}</option>
                                }).collect_view()}
                            </optgroup>
                            <optgroup label=move || t_string!(i18n, page.queues).to_string()>
                                {queues.into_iter().map(|q| view! {
                                    <option value=format!("queue:{}", q.id)>{td!(locale, assignment_bar.queue_waiting, name = q.name.clone(), count = q.waiting)}</option>
                                }).collect_view()}
                            </optgroup>
                        </select>
                        <button type="submit" class="button button--small button--secondary">{t!(i18n, assignment_bar.transfer)}</button>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}
