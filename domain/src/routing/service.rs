//! `RoutingService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{Facts, Routing};
use crate::agent::{AgentView, Presence};
use crate::bot::{BotConfig, BotView};
use crate::queue::{QueueDetail, RouteTest, TransferTarget};
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

/// Queues, routing rules, agents' presence and capacity, offers, picking, transfers and bots.
/// Every configuration change and every transfer is audited.
#[async_trait]
pub trait RoutingService: Send + Sync {
    async fn queues(&self) -> Result<Vec<QueueDetail>, AppError>;
    async fn create_queue(
        &self,
        actor: &CurrentUser,
        name: &str,
        priority: i32,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    async fn update_queue(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        priority: i32,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn set_queue_members(
        &self,
        actor: &CurrentUser,
        id: i64,
        user_ids: Vec<i64>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Refused (naming them) while a workstream or a routing rule sends work to the queue, or
    /// conversations wait in it.
    async fn delete_queue(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    async fn routing(&self, workstream_id: i64) -> Result<Routing, AppError>;
    /// Stores the whole routing document (validated against the limits and existing queues).
    async fn save_routing(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        routing: Routing,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Which rule a sample conversation would match (the "test this rule" panel).
    async fn test_routing(&self, workstream_id: i64, facts: Facts) -> Result<RouteTest, AppError>;

    async fn agents(&self) -> Result<Vec<AgentView>, AppError>;
    async fn set_agent(
        &self,
        actor: &CurrentUser,
        user_id: i64,
        capacity: u32,
        skills: Vec<String>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn presence(&self, user_id: i64) -> Result<Presence, AppError>;
    /// Going offline (or away) withdraws the offers waiting for the agent.
    async fn set_presence(&self, actor: &CurrentUser, presence: Presence) -> Result<(), AppError>;

    async fn accept_offer(&self, actor: &CurrentUser, conversation_id: i64)
        -> Result<(), AppError>;
    async fn decline_offer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
    ) -> Result<(), AppError>;
    /// Pick workstreams: exactly one of several agents picking at once gets the conversation.
    async fn pick(&self, actor: &CurrentUser, conversation_id: i64) -> Result<(), AppError>;
    /// Supervisors and administrators: to an agent (assigned at once) or to another queue.
    async fn transfer(
        &self,
        actor: &CurrentUser,
        conversation_id: i64,
        target: TransferTarget,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    async fn bot(&self, workstream_id: i64) -> Result<BotView, AppError>;
    /// `secret` None keeps the stored shared secret.
    async fn save_bot(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        config: BotConfig,
        secret: Option<String>,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}
