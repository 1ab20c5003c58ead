//! What every request shares: the database, the ports the pages call, document storage,
//! trust, the clock and the in-memory caches. Built once by `startup`; handlers take it as
//! `State<AppState>`. It depends only on the things it holds, never on a route.
use std::sync::Arc;

use app::ports::Ports;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::catalogue_cache::CatalogueCache;
use crate::clock::Clock;

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub ports: Ports,
    pub data_dir: std::path::PathBuf,
    /// Where uploaded documents are kept (local directory or S3).
    pub documents: Arc<dyn crate::storage::DocumentStore>,
    pub upload_limiter: Arc<crate::routes::rate_limit::RateLimiter>,
    /// Uploaded pictures decoded at once (`EKG_UPLOAD_DECODES`, default: the cores).
    pub decode_slots: Arc<tokio::sync::Semaphore>,
    /// Trust anchors, CRLs and their freshness (`/healthz` reports it).
    pub trust: Arc<crate::pki::Trust>,
    pub clock: Clock,
    /// The public catalogue in memory (also `ports.catalogue`).
    pub catalogue: Arc<CatalogueCache>,
    /// Signing sessions for eGov Mobile / eGov Business (also `ports.mobile_sign`).
    pub mobile_sign: Arc<crate::mobile_sign::MobileSignService>,
    /// Anonymous public pages as rendered, by version of the catalogue.
    pub public_pages: Arc<crate::routes::public_pages::PublicPages>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}
