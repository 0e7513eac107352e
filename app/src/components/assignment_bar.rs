use crate::api::routing::{
    list_agents, list_queue_details, AcceptOffer, DeclineOffer, PickConversation,
    TransferConversation,
};
use crate::components::form_error::last_error;
use domain::conversation::ConversationSummary;
use domain::time::format_utc;
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
    view! {
        {summary.offer_expires_at.map(|until| view! {
            <span class="offer" data-testid="offer">{format!("Offered to you until {}", format_utc(until))}</span>
            <ActionForm action=actions.accept attr:class="inline-form">
                <input type="hidden" name="conversation_id" value=id1/>
                <button type="submit" class="button button--small button--primary" data-shortcut="accept" aria-keyshortcuts="a">"Accept"</button>
            </ActionForm>
            <ActionForm action=actions.decline attr:class="inline-form">
                <input type="hidden" name="conversation_id" value=id2/>
                <button type="submit" class="button button--small button--secondary" data-shortcut="decline" aria-keyshortcuts="d">"Decline"</button>
            </ActionForm>
        })}
        {summary.can_pick.then(|| view! {
            <ActionForm action=actions.pick attr:class="inline-form">
                <input type="hidden" name="conversation_id" value=id3/>
                <button type="submit" class="button button--small button--primary">"Pick"</button>
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
    let status = if summary.bot {
        "The bot is answering".to_string()
    } else {
        match (&summary.assigned_to, summary.mine) {
            (_, true) => "Assigned to you".to_string(),
            (Some(agent), false) => format!("Assigned to {agent}"),
            (None, _) if summary.state == "waiting" => "Waiting for an agent".to_string(),
            (None, _) => "Unassigned".to_string(),
        }
    };
    view! {
        <span class="assignment__status" data-testid="assignment-status">{status}</span>
        {summary.queue.clone().map(|q| view! { <span class="badge">{format!("Queue {q}")}</span> })}
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
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let agents = agents.await.unwrap_or_default();
                let queues = queues.await.unwrap_or_default();
                view! {
                    <ActionForm action=actions.transfer attr:class="inline-form transfer">
                        <input type="hidden" name="conversation_id" value=conversation_id.to_string()/>
                        <label for="transfer-target">"Transfer to"</label>
                        <select id="transfer-target" name="target">
                            <optgroup label="Agents">
                                {agents.into_iter().map(|a| view! {
                                    <option value=format!("agent:{}", a.user_id)>{format!("{} · {} · {}/{}", a.name, a.presence.label(), a.load, a.capacity)}</option>
                                }).collect_view()}
                            </optgroup>
                            <optgroup label="Queues">
                                {queues.into_iter().map(|q| view! {
                                    <option value=format!("queue:{}", q.id)>{format!("{} ({} waiting)", q.name, q.waiting)}</option>
                                }).collect_view()}
                            </optgroup>
                        </select>
                        <button type="submit" class="button button--small button--secondary">"Transfer"</button>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}
