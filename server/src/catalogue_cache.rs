//! The public catalogue kept in memory (issue 28: the admission-day rush).
//!
//! Every kindergarten with its card is loaded once and filtered in memory; the copy is kept
//! while the catalogue's version in the database ([`crate::db::catalogue_version`]) stays the
//! same. The version is read again when this process changed the catalogue itself, and
//! otherwise at most every `recheck` (`EKG_CATALOGUE_RECHECK_MS`, default 1 s), so another
//! app server's change (a referral taking a place, an admin's edit, an import) shows here
//! within that time, without a query per page.
//!
//! The version is read before the rows: a change committed in between is then loaded with
//! the older number and loaded again at the next check — never the other way round (old rows
//! kept under a new number).
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use app::domain::kindergarten::{CatalogueFilter, KindergartenCard};
use app::ports::{Catalogue, PortError};
use sea_orm::DatabaseConnection;

use crate::db::catalogue::{Listed, load_all, passes};
use crate::db::catalogue_version;

/// The catalogue as last loaded.
#[derive(Debug)]
pub struct Snapshot {
    /// The database's catalogue version these rows belong to.
    pub version: i64,
    rows: Arc<Vec<Listed>>,
    /// This process's change count when the version was read.
    changes_here: u64,
    checked_at: Instant,
}

pub struct CatalogueCache {
    db: DatabaseConnection,
    recheck: Duration,
    current: RwLock<Option<Arc<Snapshot>>>,
    /// One reload at a time; the others wait for it and use its result.
    reloading: tokio::sync::Mutex<()>,
}

impl CatalogueCache {
    pub fn new(db: DatabaseConnection, recheck: Duration) -> Self {
        CatalogueCache {
            db,
            recheck,
            current: RwLock::new(None),
            reloading: tokio::sync::Mutex::new(()),
        }
    }

    fn fresh(&self) -> Option<Arc<Snapshot>> {
        let guard = self.current.read().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|s| {
                s.changes_here == catalogue_version::changes_here()
                    && s.checked_at.elapsed() < self.recheck
            })
            .cloned()
    }

    /// The current catalogue: the kept copy while it is known to be current, else checked
    /// against (and if needed reloaded from) the database.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, PortError> {
        if let Some(s) = self.fresh() {
            return Ok(s);
        }
        let _one = self.reloading.lock().await;
        if let Some(s) = self.fresh() {
            return Ok(s);
        }
        let unavailable = |e: sea_orm::DbErr| PortError::Unavailable(e.to_string());
        let changes_here = catalogue_version::changes_here();
        let version = catalogue_version::current(&self.db)
            .await
            .map_err(unavailable)?;
        let kept = self
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let rows = match kept {
            Some(k) if k.version == version => k.rows.clone(),
            _ => {
                let rows = Arc::new(load_all(&self.db).await.map_err(unavailable)?);
                tracing::debug!(version, kindergartens = rows.len(), "catalogue loaded");
                rows
            }
        };
        let snapshot = Arc::new(Snapshot {
            version,
            rows,
            changes_here,
            checked_at: Instant::now(),
        });
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// The catalogue's version as currently known (see [`Self::snapshot`]).
    pub async fn version(&self) -> Result<i64, PortError> {
        Ok(self.snapshot().await?.version)
    }
}

#[async_trait::async_trait]
impl Catalogue for CatalogueCache {
    #[tracing::instrument(skip(self), fields(q = %filter.query))]
    async fn list(&self, filter: &CatalogueFilter) -> Result<Vec<KindergartenCard>, PortError> {
        let snapshot = self.snapshot().await?;
        Ok(snapshot
            .rows
            .iter()
            .filter(|k| passes(filter, k))
            .map(|k| k.card.clone())
            .collect())
    }
}
