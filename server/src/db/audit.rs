//! Appending to the hash-chained audit log and verifying it.
//!
//! Entries are appended one at a time (a process-wide lock; `prev_hash` is unique in the
//! table, so a second server process racing this one gets a conflict and retries instead of
//! forking the chain). An entry is written after the change it records was committed.
use app::domain::audit_chain::{AuditEntry, ChainBreak, GENESIS, entry_hash, verify_chain_from};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, QuerySelect, Set};

use super::entities::audit_log;

static APPEND: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

tokio::task_local! {
    /// Where the request being handled comes from (set by [`with_origin`] for every request).
    static ORIGIN: String;
}

/// Middleware: remembers the client address of the request — as the reverse proxy reports it
/// (`X-Forwarded-For` / `X-Real-IP`), else the TCP peer's address — so every audit entry
/// written while handling it says where it came from, and per-client limits can count it.
pub async fn with_origin(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut origin = crate::routes::documents::origin_of(req.headers());
    if origin == "-"
        && let Some(axum::extract::ConnectInfo(peer)) = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
    {
        origin = peer.ip().to_string();
    }
    ORIGIN.scope(origin, next.run(req)).await
}

/// The current request's origin, `-` outside a request (scheduled jobs, the CLI).
pub fn current_origin() -> String {
    ORIGIN.try_with(Clone::clone).unwrap_or_else(|_| "-".into())
}

/// Appends `entry`. Failures are logged, never shown to the user (the action itself already
/// happened); they are rare and visible in the server log.
pub async fn append(db: &DatabaseConnection, entry: AuditEntry) {
    let _guard = APPEND.lock().await;
    for _ in 0..5 {
        let last = audit_log::Entity::find()
            .order_by_desc(audit_log::Column::Id)
            .limit(1)
            .one(db)
            .await;
        let prev = match last {
            Ok(Some(r)) => r.hash,
            Ok(None) => GENESIS.to_string(),
            Err(e) => {
                tracing::error!(error = %e, "audit log unreadable");
                return;
            }
        };
        let hash = entry_hash(&prev, &entry);
        let row = audit_log::ActiveModel {
            at: Set(entry.at),
            actor: Set(entry.actor.clone()),
            action: Set(entry.action.clone()),
            subject: Set(entry.subject.clone()),
            detail: Set(entry.detail.clone()),
            origin: Set(entry.origin.clone()),
            prev_hash: Set(prev),
            hash: Set(hash),
            ..Default::default()
        };
        match row.insert(db).await {
            Ok(_) => return,
            Err(e) if super::referrals::is_unique_violation(&e) => continue,
            Err(e) => {
                tracing::error!(error = %e, action = %entry.action, "audit entry not written");
                return;
            }
        }
    }
    tracing::error!(action = %entry.action, "audit entry not written: the chain kept moving");
}

/// A shorthand for [`append`].
pub async fn log(
    db: &DatabaseConnection,
    at: i64,
    actor: &str,
    action: &str,
    subject: String,
    detail: String,
) {
    append(
        db,
        AuditEntry {
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            subject,
            detail,
            origin: current_origin(),
        },
    )
    .await;
}

/// Verifies the whole chain (in pages, so a long log does not load at once). Returns how
/// many entries were checked, or where the chain breaks.
pub async fn verify(db: &DatabaseConnection) -> anyhow::Result<Result<usize, ChainBreak>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut checked = 0usize;
    let mut prev = GENESIS.to_string();
    let mut after = 0i64;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after))
            .order_by_asc(audit_log::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        let (Some(last_hash), Some(last_id)) = (
            rows.last().map(|r| r.hash.clone()),
            rows.last().map(|r| r.id),
        ) else {
            return Ok(Ok(checked));
        };
        let stored: Vec<_> = rows.iter().map(|r| r.stored()).collect();
        match verify_chain_from(&prev, &stored) {
            Ok(n) => checked += n,
            Err(e) => return Ok(Err(e)),
        }
        prev = last_hash;
        after = last_id;
    }
}
