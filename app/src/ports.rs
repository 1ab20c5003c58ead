//! What server functions need from the server, as traits: the `server` crate implements
//! them (sea-orm, storage, PKI) and provides a [`Ports`] as Leptos context. Never in WASM.
use std::sync::Arc;

use crate::domain::kindergarten::{CatalogueFilter, KindergartenCard};

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

/// Everything server functions may reach; cheap to clone.
#[derive(Clone)]
pub struct Ports {
    pub catalogue: Arc<dyn Catalogue>,
}

/// The ports provided for this request.
pub fn use_ports() -> Result<Ports, crate::error::AppError> {
    leptos::prelude::use_context::<Ports>().ok_or(crate::error::AppError::Unavailable)
}
