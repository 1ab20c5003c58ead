//! Orphan documents: bytes in the document store that no live `documents` row (nor a child's
//! birth certificate, `children.certificate_key`) refers to.
//!
//! An upload stores the bytes first and inserts their row second (so a row never points at
//! bytes that are not there). A crash between the two leaves bytes nobody can reach; so does a
//! delete whose row was marked deleted but whose bytes could not be removed. They hold
//! personal data (a child's photo, a health passport), so [`sweep`] removes them:
//!
//! - bytes with no row at all, once they are older than a grace period (default
//!   [`crate::config::defaults::ORPHAN_GRACE`]): an upload in progress on this or another app server, between its
//!   `put` and its `insert`, is never touched;
//! - bytes whose row is marked deleted, whatever their age.
//!
//! The grace period is measured from the file's modification time or the object's
//! `Last-Modified`, on the store's clock: keep the servers' and the store's clocks in sync (NTP);
//! a skew eats into the grace period. A sweep that would find most of the store unrecorded
//! (the wrong database, a restored one, a bucket shared with another deployment) removes
//! nothing and logs an error instead.
//!
//! The server runs a sweep at start and every [`SWEEP_EVERY`] ([`spawn_periodic`]).
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::db::entities::documents;
use crate::storage::{DocumentStore, StorageError, StoredDocument};

/// How often a running server sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(6 * 60 * 60);
/// Keys looked up per database query.
const KEYS_PER_QUERY: usize = 500;

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Documents in the store.
    pub listed: usize,
    /// Of those, removed: no row and older than the grace period, or a row marked deleted.
    pub removed: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("document storage: {0}")]
    Storage(#[from] StorageError),
    #[error("database: {0}")]
    Database(#[from] DbErr),
    /// Most of the store looks unrecorded: the server is more likely pointed at the wrong (or
    /// an empty, or a restored) database, or shares the store with another deployment, than
    /// that crashes left so many. Nothing is removed; an operator has to look.
    #[error(
        "refused to remove {unrecorded} of {listed} stored documents that no record refers to: \
         is this the right database for this document store?"
    )]
    Refused { unrecorded: usize, listed: usize },
}

/// A sweep that would remove more unrecorded documents than this, and more than half of the
/// store, removes nothing ([`SweepError::Refused`]).
const MAX_UNRECORDED_WITHOUT_QUESTION: usize = 10;

/// Whether the row of a stored document says it is in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowState {
    Live,
    Deleted,
}

/// Removes the orphans in `store` (see the [module docs](self)) as of `now`.
///
/// Removal errors of single documents are logged and the sweep goes on (the next one retries);
/// listing or database errors end it. If most of the store looks unrecorded it removes nothing
/// and says so ([`SweepError::Refused`]).
pub async fn sweep(
    db: &DatabaseConnection,
    store: &dyn DocumentStore,
    now: SystemTime,
    grace: Duration,
) -> Result<SweepReport, SweepError> {
    let stored = store.list().await?;
    let mut report = SweepReport {
        listed: stored.len(),
        removed: 0,
    };
    let mut orphans = Vec::new();
    let mut unrecorded = 0;
    for chunk in stored.chunks(KEYS_PER_QUERY) {
        let rows = row_states(db, chunk).await?;
        for doc in chunk {
            match rows.get(doc.key.as_str()) {
                Some(RowState::Live) => {}
                Some(RowState::Deleted) => orphans.push(&doc.key),
                None if now
                    .duration_since(doc.modified)
                    .is_ok_and(|age| age >= grace) =>
                {
                    unrecorded += 1;
                    orphans.push(&doc.key);
                }
                None => {}
            }
        }
    }
    if unrecorded > MAX_UNRECORDED_WITHOUT_QUESTION && unrecorded * 2 > report.listed {
        return Err(SweepError::Refused {
            unrecorded,
            listed: report.listed,
        });
    }
    for key in orphans {
        match store.delete(key).await {
            Ok(()) => report.removed += 1,
            Err(e) => tracing::warn!(error = %e, "orphan document not removed"),
        }
    }
    Ok(report)
}

/// The row state of each of `docs` that has a row.
async fn row_states(
    db: &DatabaseConnection,
    docs: &[StoredDocument],
) -> Result<HashMap<String, RowState>, DbErr> {
    let keys = docs.iter().map(|d| d.key.as_str().to_owned());
    // A parent's birth certificate (proof of parenthood) is referred to by its claim's row.
    let certificates: Vec<Option<String>> = crate::db::entities::children::Entity::find()
        .select_only()
        .column(crate::db::entities::children::Column::CertificateKey)
        .filter(crate::db::entities::children::Column::CertificateKey.is_in(keys.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let rows: Vec<(String, Option<i64>, i32, String)> = documents::Entity::find()
        .select_only()
        .column(documents::Column::Key)
        .column(documents::Column::DeletedAt)
        .column(documents::Column::ReferralId)
        .column(documents::Column::Sha256)
        .filter(documents::Column::Key.is_in(keys))
        .into_tuple()
        .all(db)
        .await?;
    // Bytes a sent contract includes are never removed, even under a row marked deleted.
    let deleted_referrals = rows
        .iter()
        .filter(|r| r.1.is_some())
        .map(|r| r.2)
        .collect::<std::collections::BTreeSet<_>>();
    let locked = crate::db::evidence::locked_digests(db, deleted_referrals).await?;
    Ok(certificates
        .into_iter()
        .flatten()
        .map(|key| (key, RowState::Live))
        .chain(rows.into_iter().map(|(key, deleted_at, referral, sha256)| {
            let state = if deleted_at.is_none()
                || crate::db::evidence::is_locked(&locked, referral, &sha256)
            {
                RowState::Live
            } else {
                RowState::Deleted
            };
            (key, state)
        }))
        .collect())
}

/// Sweeps now and then every [`SWEEP_EVERY`], for as long as the server runs.
pub fn spawn_periodic(db: DatabaseConnection, store: Arc<dyn DocumentStore>, grace: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            match sweep(&db, store.as_ref(), SystemTime::now(), grace).await {
                Ok(report) if report.removed > 0 => tracing::warn!(
                    listed = report.listed,
                    removed = report.removed,
                    "orphan sweep removed documents no record refers to"
                ),
                Ok(report) => tracing::info!(listed = report.listed, "orphan sweep: none"),
                Err(e @ SweepError::Refused { .. }) => tracing::error!(error = %e, "orphan sweep"),
                Err(e) => tracing::warn!(error = %e, "orphan sweep failed"),
            }
        }
    });
}
