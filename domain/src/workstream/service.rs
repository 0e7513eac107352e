//! `WorkstreamService`: what the server implements for this area and the portal's server functions call
//! (they find it in `ports::Services`).

use super::{
    AvailableAccount, ChannelConfig, NewWorkstream, QueueView, WorkstreamSettings, WorkstreamView,
};
use crate::user::{ClientInfo, CurrentUser};
use crate::AppError;
use async_trait::async_trait;

/// Workstreams, their fallback queues and their LINE channel (the Set up LINE wizard). Every
/// change is audited with what it was before and after.
#[async_trait]
pub trait WorkstreamService: Send + Sync {
    async fn list(&self) -> Result<Vec<WorkstreamView>, AppError>;
    async fn get(&self, id: i64) -> Result<WorkstreamView, AppError>;
    async fn list_queues(&self) -> Result<Vec<QueueView>, AppError>;
    async fn create(
        &self,
        actor: &CurrentUser,
        new: NewWorkstream,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    /// Name and fallback queue. `mode` is accepted only when unchanged: the distribution mode
    /// is fixed once a workstream exists.
    async fn update_details(
        &self,
        actor: &CurrentUser,
        id: i64,
        name: &str,
        mode: Option<&str>,
        fallback_queue_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn update_settings(
        &self,
        actor: &CurrentUser,
        id: i64,
        settings: WorkstreamSettings,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// A copy named "Copy of …" with the same settings and no LINE channel.
    async fn copy(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<i64, AppError>;
    /// Removes the workstream and its LINE channel; conversations and their history stay.
    async fn delete(
        &self,
        actor: &CurrentUser,
        id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;

    /// LINE accounts the wizard offers, with the workstream already using each.
    async fn available_accounts(&self) -> Result<Vec<AvailableAccount>, AppError>;
    /// Set up LINE, first page: picks the account (creating the channel as a draft).
    async fn set_channel_account(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        account_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Any later page: stores the whole configuration (validated).
    async fn update_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        config: ChannelConfig,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    /// Finish: the channel goes live (its account starts feeding this workstream).
    async fn finish_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
    async fn delete_channel(
        &self,
        actor: &CurrentUser,
        workstream_id: i64,
        client: &ClientInfo,
    ) -> Result<(), AppError>;
}
