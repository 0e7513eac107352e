//! The HTTP side: the router, cross-origin protection, request ids, metrics and health checks.

pub mod agent_files;
pub mod attachments;
pub mod audit_export;
pub mod client_address;
pub mod file_response;
pub mod health;
pub mod listener;
pub mod live;
pub mod metrics;
pub mod origin;
pub mod report_export;
pub mod request_id;
pub mod router;
pub mod security_headers;
pub mod server_fn_status;
pub mod subject_export;
pub mod transcript;
