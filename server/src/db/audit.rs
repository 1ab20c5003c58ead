//! Appending to the hash-chained audit log and verifying it.
//!
//! An audited change [`record`]s its entry in the change's own transaction (table
//! `audit_pending`), so a change is never committed without its entry, even if the server dies
//! right after the commit. [`flush`] then moves the recorded entries onto the chain
//! (`audit_log`) one at a time, in the order they were recorded (by id; on PostgreSQL two
//! transactions may commit out of id order, so `at` need not grow along the chain): under a process-wide lock, and `prev_hash` is
//! unique in the table, so a second server process racing this one gets a conflict and retries
//! instead of forking the chain. Entries a crash left recorded are chained at the next start.
use app::domain::audit_chain::{AuditEntry, ChainBreak, GENESIS, entry_hash, verify_chain_from};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::entities::{audit_log, audit_pending};

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

/// Records `entry` on `conn`: give it the transaction of the change the entry is about, so
/// that both are committed or neither is, then call [`flush`] after the commit to put the
/// entry on the chain.
pub async fn record<C: ConnectionTrait>(conn: &C, entry: AuditEntry) -> Result<(), DbErr> {
    audit_pending::ActiveModel {
        at: Set(entry.at),
        actor: Set(entry.actor),
        action: Set(entry.action),
        subject: Set(entry.subject),
        detail: Set(entry.detail),
        origin: Set(entry.origin),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map(|_| ())
}

/// Records `entry` on its own (for actions with no transaction of their own, e.g. a log-in or
/// a staff member reading a family's document) and chains it. Failures are logged, never
/// shown to the user (the action itself already happened).
pub async fn append(db: &DatabaseConnection, entry: AuditEntry) {
    let action = entry.action.clone();
    if let Err(e) = record(db, entry).await {
        tracing::error!(error = %e, %action, "audit entry not written");
        return;
    }
    if crate::failpoint::hit("audit.before_chain").is_err() {
        return;
    }
    flush(db).await;
}

/// Entries one [`flush`] chains at most: a request that flushes after its change never pays
/// for a long backlog (after an outage); the background task drains it with [`flush_all`].
const FLUSH_BATCH: usize = 32;

/// Moves recorded entries onto the hash chain in the order they were recorded (by id), at most
/// [`FLUSH_BATCH`]; returns how many it chained. Called after each audited change. An entry
/// that cannot be chained now stays recorded for the next flush (the failure is logged).
pub async fn flush(db: &DatabaseConnection) -> usize {
    let _guard = APPEND.lock().await;
    let mut conflicts = 0;
    let mut chained = 0;
    while chained < FLUSH_BATCH {
        let next = audit_pending::Entity::find()
            .order_by_asc(audit_pending::Column::Id)
            .limit(1)
            .one(db)
            .await;
        let pending = match next {
            Ok(Some(p)) => p,
            Ok(None) => return chained,
            Err(e) => {
                tracing::error!(error = %e, "audit entries not chained: pending entries unreadable");
                return chained;
            }
        };
        match chain_one(db, &pending).await {
            Ok(()) => {
                conflicts = 0;
                chained += 1;
            }
            // Another server process moved the head of the chain meanwhile: read it again.
            Err(e) if super::referrals::is_unique_violation(&e) && conflicts < 5 => {
                conflicts += 1;
            }
            Err(e) => {
                tracing::error!(error = %e, action = %pending.action, "audit entry not chained yet");
                return chained;
            }
        }
    }
    chained
}

/// [`flush`] until nothing is left to chain (or chaining fails): at start and every 10 minutes.
pub async fn flush_all(db: &DatabaseConnection) {
    while flush(db).await == FLUSH_BATCH {}
}

/// Moves `pending` onto the chain in one transaction. The pending row is taken first (the
/// first statement writes, so on SQLite the transaction holds the write lock from its start),
/// and if another process already took it, nothing is done.
async fn chain_one(db: &DatabaseConnection, pending: &audit_pending::Model) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let taken = audit_pending::Entity::delete_by_id(pending.id)
        .exec(&txn)
        .await?;
    if taken.rows_affected == 0 {
        return txn.rollback().await;
    }
    let prev = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(1)
        .one(&txn)
        .await?
        .map_or_else(|| GENESIS.to_string(), |r| r.hash);
    let entry = pending.entry();
    let hash = entry_hash(&prev, &entry);
    audit_log::ActiveModel {
        at: Set(entry.at),
        actor: Set(entry.actor),
        action: Set(entry.action),
        subject: Set(entry.subject),
        detail: Set(entry.detail),
        origin: Set(entry.origin),
        prev_hash: Set(prev),
        hash: Set(hash),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await
}

/// The entry `actor` doing `action` to `subject` at `at`, from the current request's origin.
pub fn entry(at: i64, actor: &str, action: &str, subject: String, detail: String) -> AuditEntry {
    AuditEntry {
        at,
        actor: actor.to_string(),
        action: action.to_string(),
        subject,
        detail,
        origin: current_origin(),
    }
}

/// A shorthand for [`append`] of an [`entry`].
pub async fn log(
    db: &DatabaseConnection,
    at: i64,
    actor: &str,
    action: &str,
    subject: String,
    detail: String,
) {
    append(db, entry(at, actor, action, subject, detail)).await;
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
