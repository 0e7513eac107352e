//! Insights for supervisors and administrators: the live view of the queues, and the
//! service-level target each queue is measured against.

mod get_live_insights;
mod set_service_level;

pub use get_live_insights::{get_live_insights, GetLiveInsights};
pub use set_service_level::{set_service_level, SetServiceLevel};
