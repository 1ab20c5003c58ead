//! Support requests repository.
use app::error::AppError;
use app::ports::Support;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

use super::entities::support_requests;
use crate::clock::Clock;

pub struct SupportRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
}

#[async_trait::async_trait]
impl Support for SupportRepo {
    async fn record(
        &self,
        iin: Option<String>,
        contact: String,
        message: String,
        page: String,
        lang: &str,
    ) -> Result<i64, AppError> {
        let row = support_requests::ActiveModel {
            created_at: Set((self.clock)()),
            iin: Set(iin),
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
