//! Workstreams and Set up LINE, administrators only. One server function a file; forms post
//! flat fields (they must work without JavaScript), the big ones gathered in a flattened
//! struct; each function loads what is stored, changes its part, and hands the whole document
//! to the service, which validates and audits it.

mod add_context_variable;
mod add_quick_reply;
mod copy_workstream;
mod create_workstream;
mod delete_line_channel;
mod delete_workstream;
mod finish_line_setup;
mod get_workstream;
mod line_steps;
mod list_line_accounts_for_setup;
mod list_queues;
mod list_workstreams;
mod messages_form;
mod remove_context_variable;
mod remove_quick_reply;
mod save_line_account;
mod save_line_behaviors;
mod save_line_language;
mod save_line_user_features;
mod save_workstream_messages;
#[cfg(feature = "ssr")]
mod support;
mod update_agent_notifications;
mod update_operating_hours;
mod update_session_settings;
mod update_work_distribution;
mod update_workstream;

pub use add_context_variable::{add_context_variable, AddContextVariable};
pub use add_quick_reply::{add_quick_reply, AddQuickReply};
pub use copy_workstream::{copy_workstream, CopyWorkstream};
pub use create_workstream::{create_workstream, CreateWorkstream};
pub use delete_line_channel::{delete_line_channel, DeleteLineChannel};
pub use delete_workstream::{delete_workstream, DeleteWorkstream};
pub use finish_line_setup::{finish_line_setup, FinishLineSetup};
pub use get_workstream::{get_workstream, GetWorkstream};
pub use line_steps::{line_setup_url, LINE_STEPS};
pub use list_line_accounts_for_setup::{list_line_accounts_for_setup, ListLineAccountsForSetup};
pub use list_queues::{list_queues, ListQueues};
pub use list_workstreams::{list_workstreams, ListWorkstreams};
pub use messages_form::MessagesForm;
pub use remove_context_variable::{remove_context_variable, RemoveContextVariable};
pub use remove_quick_reply::{remove_quick_reply, RemoveQuickReply};
pub use save_line_account::{save_line_account, SaveLineAccount};
pub use save_line_behaviors::{save_line_behaviors, SaveLineBehaviors, SurveyForm};
pub use save_line_language::{save_line_language, LanguageForm, SaveLineLanguage};
pub use save_line_user_features::{save_line_user_features, AttachmentsForm, SaveLineUserFeatures};
pub use save_workstream_messages::{save_workstream_messages, SaveWorkstreamMessages};
pub use update_agent_notifications::{
    update_agent_notifications, NotificationsForm, UpdateAgentNotifications,
};
pub use update_operating_hours::{update_operating_hours, HoursForm, UpdateOperatingHours};
pub use update_session_settings::{update_session_settings, UpdateSessionSettings};
pub use update_work_distribution::{
    update_work_distribution, DistributionForm, UpdateWorkDistribution,
};
pub use update_workstream::{update_workstream, UpdateWorkstream};
