//! What server functions need from the server, as traits: the `server` crate implements
//! them (sea-orm, storage, PKI) and provides a [`Ports`] as Leptos context. Never in WASM.
use std::sync::Arc;

use crate::auth_model::{Challenge, ChallengePurpose, CurrentUser};
use crate::domain::kindergarten::{CatalogueFilter, KindergartenCard};
use crate::error::AppError;

/// A failure of a port; details are logged on the server, the client gets an [`crate::error::AppError`].
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    #[error("storage unavailable: {0}")]
    Unavailable(String),
}

impl From<PortError> for crate::error::AppError {
    fn from(e: PortError) -> Self {
        leptos::logging::error!("port error: {e}");
        crate::error::AppError::Unavailable
    }
}

#[async_trait::async_trait]
pub trait Catalogue: Send + Sync {
    async fn list(&self, filter: &CatalogueFilter) -> Result<Vec<KindergartenCard>, PortError>;
}

/// Identification by EDS and sessions.
#[async_trait::async_trait]
pub trait Auth: Send + Sync {
    /// A fresh one-time challenge bound to the browser (`binding` = its pre-session cookie).
    async fn issue_challenge(
        &self,
        binding: &str,
        purpose: ChallengePurpose,
    ) -> Result<Challenge, AppError>;
    /// Consumes the challenge and verifies the CMS over its text with an AUTH key; returns
    /// the person the certificate names (IIN, names) — not yet a session.
    async fn verify_challenge(
        &self,
        binding: &str,
        challenge_id: &str,
        purpose: ChallengePurpose,
        cms_der: &[u8],
    ) -> Result<CurrentUser, AppError>;
    /// Finds or creates the account of `user` (by IIN) and opens a session; returns its token.
    async fn open_session(&self, user: &CurrentUser) -> Result<String, AppError>;
    /// The person of a live session token.
    async fn session_user(&self, token: &str) -> Result<Option<CurrentUser>, AppError>;
    async fn close_session(&self, token: &str) -> Result<(), AppError>;
}

/// Support requests.
#[async_trait::async_trait]
pub trait Support: Send + Sync {
    /// Stores a request; returns its number.
    async fn record(
        &self,
        iin: Option<String>,
        contact: String,
        message: String,
        page: String,
        lang: &str,
    ) -> Result<i64, AppError>;
}

/// Everything server functions may reach; cheap to clone.
#[derive(Clone)]
pub struct Ports {
    pub catalogue: Arc<dyn Catalogue>,
    pub auth: Arc<dyn Auth>,
    pub support: Arc<dyn Support>,
    /// Demo mode: the demo people and their key files (None in production).
    pub demo_people: Option<Arc<Vec<crate::pages::demo::model::DemoPerson>>>,
}

/// The ports provided for this request.
pub fn use_ports() -> Result<Ports, crate::error::AppError> {
    leptos::prelude::use_context::<Ports>().ok_or(crate::error::AppError::Unavailable)
}
