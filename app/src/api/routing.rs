//! Queues, agents, routing rules, bots (administrators), presence (staff), and taking work:
//! accept, decline, pick, transfer. One server function a file; forms post flat fields so they
//! work without JavaScript; rule and bot editors load the stored document, change their part,
//! and save it whole.

mod accept_offer;
mod add_bot_answer;
mod add_routing_rule;
mod add_ruleset;
mod change_queue_member;
mod change_routing_rule;
mod create_queue;
mod decline_offer;
mod delete_queue;
mod get_bot;
mod get_my_presence;
mod get_routing;
mod list_agents;
mod list_queue_details;
mod pick_conversation;
mod remove_bot_answer;
mod remove_ruleset;
mod save_bot;
mod set_my_presence;
mod set_routing_time_zone;
#[cfg(feature = "ssr")]
mod support;
mod test_routing;
mod transfer_conversation;
mod update_agent;
mod update_queue;

pub use accept_offer::{accept_offer, AcceptOffer};
pub use add_bot_answer::{add_bot_answer, AddBotAnswer};
pub use add_routing_rule::{
    add_routing_rule, AddRoutingRule, RuleForm, CONDITION_ROWS, OUTPUT_ROWS,
};
pub use add_ruleset::{add_ruleset, AddRuleset};
pub use change_queue_member::{change_queue_member, ChangeQueueMember};
pub use change_routing_rule::{change_routing_rule, ChangeRoutingRule};
pub use create_queue::{create_queue, CreateQueue};
pub use decline_offer::{decline_offer, DeclineOffer};
pub use delete_queue::{delete_queue, DeleteQueue};
pub use get_bot::{get_bot, GetBot};
pub use get_my_presence::{get_my_presence, GetMyPresence};
pub use get_routing::{get_routing, GetRouting};
pub use list_agents::{list_agents, ListAgents};
pub use list_queue_details::{list_queue_details, ListQueueDetails};
pub use pick_conversation::{pick_conversation, PickConversation};
pub use remove_bot_answer::{remove_bot_answer, RemoveBotAnswer};
pub use remove_ruleset::{remove_ruleset, RemoveRuleset};
pub use save_bot::{save_bot, BotForm, SaveBot};
pub use set_my_presence::{set_my_presence, SetMyPresence};
pub use set_routing_time_zone::{set_routing_time_zone, SetRoutingTimeZone};
pub use test_routing::{test_routing, RouteSample, TestRouting};
pub use transfer_conversation::{transfer_conversation, TransferConversation};
pub use update_agent::{update_agent, UpdateAgent};
pub use update_queue::{update_queue, UpdateQueue};
