//! Appending to the hash-chained audit log and verifying it.
//!
//! An audited change [`record`]s its entry in the change's own transaction (table
//! `audit_pending`), so a change is never committed without its entry, even if the server dies
//! right after the commit. [`flush`] then moves the recorded entries onto the chain
//! (`audit_log`) one at a time, in the order they were recorded (by id; on PostgreSQL two
//! transactions may commit out of id order, so `at` need not grow along the chain): under a process-wide lock, and `prev_hash` is
//! unique in the table, so a second server process racing this one gets a conflict and retries
//! instead of forking the chain. Entries a crash left recorded are chained at the next start.
use app::domain::AuditAction;
pub use app::domain::audit_chain::AuditEntry;
use app::domain::audit_chain::{ChainBreak, GENESIS, entry_hash, verify_chain_from};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryOrder,
    QuerySelect, Set,
};

use super::entities::{audit_checkpoints, audit_log, audit_pending};

static APPEND: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Records `entry` on `conn`: give it the transaction of the change the entry is about, so
/// that both are committed or neither is, then call [`flush`] after the commit to put the
/// entry on the chain.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn record<C: ConnectionTrait>(conn: &C, entry: AuditEntry) -> Result<(), DbErr> {
    let row = audit_pending::ActiveModel {
        at: Set(entry.at),
        actor: Set(entry.actor),
        action: Set(entry.action),
        subject: Set(entry.subject),
        detail: Set(entry.detail),
        origin: Set(entry.origin),
        department_id: Set(entry.department_id),
        ..Default::default()
    };
    audit_pending::Entity::insert(row)
        .exec_without_returning(conn)
        .await
        .map(|_| ())
}

/// Records `entry` on its own (for actions with no transaction of their own, e.g. a log-in or
/// a staff member reading a family's document) and chains it. Failures are logged, never
/// shown to the user (the action itself already happened).
#[tracing::instrument(level = "debug", skip_all)]
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
#[tracing::instrument(level = "debug", skip_all)]
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
            Err(e) if super::error::is_unique_violation(&e) && conflicts < 5 => {
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
#[tracing::instrument(level = "debug", skip_all)]
pub async fn flush_all(db: &DatabaseConnection) {
    while flush(db).await == FLUSH_BATCH {}
}

/// Moves `pending` onto the chain in one transaction. The pending row is taken first (the
/// first statement writes, so on SQLite the transaction holds the write lock from its start),
/// and if another process already took it, nothing is done.
#[tracing::instrument(level = "debug", skip_all)]
async fn chain_one(db: &DatabaseConnection, pending: &audit_pending::Model) -> Result<(), DbErr> {
    let txn = super::write_turn::begin_write(db).await?;
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
    let row = audit_log::ActiveModel {
        at: Set(entry.at),
        actor: Set(entry.actor),
        action: Set(entry.action),
        subject: Set(entry.subject),
        detail: Set(entry.detail),
        origin: Set(entry.origin),
        department_id: Set(entry.department_id),
        prev_hash: Set(prev),
        hash: Set(hash),
        ..Default::default()
    };
    audit_log::Entity::insert(row)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await
}

/// The entry `actor` doing `action` to `subject` at `at`, from the current request's origin,
/// of no department (see [`AuditEntry::in_department`]).
pub fn entry(
    at: i64,
    actor: &str,
    action: AuditAction,
    subject: String,
    detail: String,
) -> AuditEntry {
    AuditEntry {
        at,
        actor: actor.to_string(),
        action: action.as_str().to_string(),
        subject,
        detail,
        origin: crate::client_origin::current_origin(),
        department_id: None,
    }
}

/// A shorthand for [`append`] of an [`entry`].
#[tracing::instrument(level = "debug", skip_all)]
pub async fn log(
    db: &DatabaseConnection,
    at: i64,
    actor: &str,
    action: AuditAction,
    subject: String,
    detail: String,
) {
    append(db, entry(at, actor, action, subject, detail)).await;
}

/// Verifies the whole chain (in pages, so a long log does not load at once). Returns how
/// many entries were checked, or where the chain breaks. On success the newest entry becomes
/// a checkpoint; on a break, checkpoints at or after the break are removed, so that
/// [`verify_from_checkpoint`] (the admin page) reports it too.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn verify(db: &DatabaseConnection) -> anyhow::Result<Result<usize, ChainBreak>> {
    let outcome = verify_after(db, 0, GENESIS.to_string()).await?;
    match &outcome {
        Ok((n, Some((last_id, last_hash)))) => {
            save_checkpoint(db, *last_id, last_hash, *n as i64).await?;
        }
        Ok(_) => {}
        Err(ChainBreak::Edited { id } | ChainBreak::Unlinked { id }) => {
            use sea_orm::{ColumnTrait, QueryFilter};
            audit_checkpoints::Entity::delete_many()
                .filter(audit_checkpoints::Column::LastId.gte(*id))
                .exec(db)
                .await?;
        }
    }
    Ok(outcome.map(|(n, _)| n))
}

/// What a verification from a checkpoint did: entries in the chain, and how many of them
/// were hashed now (the rest were verified before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub entries: usize,
    pub hashed_now: usize,
}

/// Verifies the chain from the newest checkpoint on: the checkpoint's entry must still be
/// there with its hash, and every entry after it must follow; then the newest entry becomes
/// the checkpoint. What lies before the checkpoint was verified when it was made, and is
/// verified again in full at start, every six hours ([`spawn_full_verification`]) and by
/// `server audit-verify`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn verify_from_checkpoint(
    db: &DatabaseConnection,
) -> anyhow::Result<Result<Verified, ChainBreak>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let checkpoint = audit_checkpoints::Entity::find()
        .order_by_desc(audit_checkpoints::Column::LastId)
        .limit(1)
        .one(db)
        .await?;
    let (after, prev, before) = match checkpoint {
        Some(c) => {
            let anchor = audit_log::Entity::find_by_id(c.last_id).one(db).await?;
            match anchor {
                Some(row) if row.hash == c.last_hash => {
                    (c.last_id, c.last_hash, c.entries as usize)
                }
                // The checkpoint's own entry was edited or removed.
                Some(_) => return Ok(Err(ChainBreak::Edited { id: c.last_id })),
                None => return Ok(Err(ChainBreak::Unlinked { id: c.last_id })),
            }
        }
        None => (0, GENESIS.to_string(), 0),
    };
    let outcome = verify_after(db, after, prev).await?;
    Ok(match outcome {
        Ok((n, last)) => {
            if let Some((last_id, last_hash)) = last {
                save_checkpoint(db, last_id, &last_hash, (before + n) as i64).await?;
                // Older checkpoints are of no further use.
                audit_checkpoints::Entity::delete_many()
                    .filter(audit_checkpoints::Column::LastId.lt(last_id))
                    .exec(db)
                    .await?;
            }
            Ok(Verified {
                entries: before + n,
                hashed_now: n,
            })
        }
        Err(e) => Err(e),
    })
}

#[tracing::instrument(level = "debug", skip_all)]
async fn save_checkpoint(
    db: &DatabaseConnection,
    last_id: i64,
    last_hash: &str,
    entries: i64,
) -> Result<(), DbErr> {
    audit_checkpoints::ActiveModel {
        last_id: Set(last_id),
        last_hash: Set(last_hash.to_string()),
        entries: Set(entries),
        created_at: Set(crate::clock::system()()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// How many entries verified, and the last one's id and hash; or where the chain breaks.
type Range = Result<(usize, Option<(i64, String)>), ChainBreak>;

/// Verifies the entries after id `after`, the first of which must follow `prev`: how many,
/// and the last one's id and hash (none if there are no entries after `after`).
#[tracing::instrument(level = "debug", skip_all)]
async fn verify_after(
    db: &DatabaseConnection,
    mut after: i64,
    mut prev: String,
) -> anyhow::Result<Range> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut checked = 0usize;
    let mut last = None;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after))
            .order_by_asc(audit_log::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        let Some(tail) = rows.last() else {
            return Ok(Ok((checked, last)));
        };
        let (last_hash, last_id) = (tail.hash.clone(), tail.id);
        let stored: Vec<_> = rows.iter().map(|r| r.stored()).collect();
        match verify_chain_from(&prev, &stored) {
            Ok(n) => checked += n,
            Err(e) => return Ok(Err(e)),
        }
        last = Some((last_id, last_hash.clone()));
        prev = last_hash;
        after = last_id;
    }
}

/// Verifies the whole chain at start and every six hours, for as long as the server runs; a
/// break is logged as an error (and removes the checkpoints after it, see [`verify`]).
pub fn spawn_full_verification(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(6 * 3600));
        loop {
            tick.tick().await;
            match verify(&db).await {
                Ok(Ok(n)) => tracing::info!(entries = n, "audit chain intact"),
                Ok(Err(e)) => tracing::error!(error = %e, "AUDIT CHAIN BROKEN"),
                Err(e) => tracing::warn!(error = %e, "audit chain not verified"),
            }
        }
    });
}
