//! Reusable pieces of the portal, one component per file.

pub mod account_status_badge;
pub mod assignment_bar;
pub mod automated_messages;
pub mod avatar;
pub mod channel_summary;
pub mod composer;
pub mod conversation_list;
pub mod copy_button;
pub mod customer_panel;
pub mod field;
pub mod form_error;
pub mod frame;
pub mod guarded;
pub mod hydrated;
pub mod keyboard_shortcuts;
pub mod language_menu;
pub mod live_updates;
pub mod offer_notifier;
pub mod operating_hours_form;
pub mod past_conversations;
pub mod presence_menu;
pub mod route_id;
pub mod status_panel;
pub mod time_zone_select;
pub mod transcript_access;
pub mod wizard_steps;
