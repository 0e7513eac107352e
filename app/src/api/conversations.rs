//! Conversations: agents, supervisors and administrators read and answer them. One server
//! function a file.

mod end_conversation;
mod get_conversation;
mod list_conversations;
mod search_history;
mod send_reply;
mod show_typing;
#[cfg(feature = "ssr")]
mod support;

pub use end_conversation::{end_conversation, EndConversation};
pub use get_conversation::{get_conversation, GetConversation};
pub use list_conversations::{list_conversations, ListConversations};
pub use search_history::{search_history, HistoryFilters, SearchHistory};
pub use send_reply::{send_reply, SendReply};
pub use show_typing::{show_typing, ShowTyping};
