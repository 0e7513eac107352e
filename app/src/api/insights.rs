//! Insights for supervisors and administrators: the live view of the queues, and the
//! service-level target each queue is measured against.

mod get_live_insights;
mod get_my_day;
mod get_report;
mod set_service_level;

pub use get_live_insights::{get_live_insights, GetLiveInsights};
pub use get_my_day::{get_my_day, GetMyDay};
pub use get_report::{get_report, GetReport};
pub use set_service_level::{set_service_level, SetServiceLevel};
