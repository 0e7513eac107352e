//! Everything the portal's server functions may call, handed to them through the Leptos
//! context (`Services`), never in globals, so tests can hand in their own. Each service trait
//! lives with its area's types (`user::UserService`, `workstream::WorkstreamService`, ...).

use crate::account::AccountService;
use crate::audit::AuditService;
use crate::contact::ContactService;
use crate::conversation::ConversationService;
use crate::insights::InsightsService;
use crate::privacy::PrivacyService;
use crate::routing::RoutingService;
use crate::system::SystemService;
use crate::user::UserService;
use crate::workstream::WorkstreamService;
use std::sync::Arc;

/// Everything the portal's server functions may call, handed to them through the context.
#[derive(Clone)]
pub struct Services {
    pub users: Arc<dyn UserService>,
    pub audit: Arc<dyn AuditService>,
    pub accounts: Arc<dyn AccountService>,
    pub conversations: Arc<dyn ConversationService>,
    pub contacts: Arc<dyn ContactService>,
    pub workstreams: Arc<dyn WorkstreamService>,
    pub privacy: Arc<dyn PrivacyService>,
    pub routing: Arc<dyn RoutingService>,
    pub insights: Arc<dyn InsightsService>,
    pub system: Arc<dyn SystemService>,
}
