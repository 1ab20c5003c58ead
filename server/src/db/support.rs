//! Support requests repository.
use app::api::SupportError;
use app::domain::CertifiedIin;
use app::domain::messages::Localized;
use app::error::AppError;
use app::ports::Support;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use super::entities::support_requests;
use crate::clock::Clock;

pub struct SupportRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
    /// Requests one client (see `client_origin`) may send in [`LIMIT_WINDOW_SECS`]; counted in
    /// the database, so the limit holds across every app server. Anyone may write without
    /// logging in, so without it one client could fill the support queue.
    pub per_client_limit: u64,
}

/// The window of [`SupportRepo::per_client_limit`].
pub const LIMIT_WINDOW_SECS: i64 = 10 * 60;

#[async_trait::async_trait]
impl Support for SupportRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn record(
        &self,
        iin: Option<CertifiedIin>,
        contact: String,
        message: String,
        page: String,
        lang: &str,
    ) -> Result<i64, AppError> {
        let now = (self.clock)();
        let client = crate::client_origin::current_origin();
        let recent = support_requests::Entity::find()
            .filter(support_requests::Column::Client.eq(client.clone()))
            .filter(support_requests::Column::CreatedAt.gt(now - LIMIT_WINDOW_SECS))
            .count(&self.db)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "support requests not counted");
                AppError::Unavailable
            })?;
        if recent >= self.per_client_limit {
            tracing::warn!(%client, recent, "support requests limited");
            return Err(AppError::Invalid(SupportError::TooMany.code().into()));
        }
        let row = support_requests::ActiveModel {
            client: Set(Some(client)),
            created_at: Set(now),
            iin: Set(iin.map(String::from)),
            contact: Set(contact),
            message: Set(message),
            page: Set(page),
            lang: Set(lang.to_string()),
            status: Set("new".into()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "support request not stored");
            AppError::Unavailable
        })?;
        tracing::info!(number = row.id, "support request");
        Ok(row.id)
    }
}
