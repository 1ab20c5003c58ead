//! The catalogue's version: a number in the database that triggers move with every change of
//! a kindergarten or a department (migration 15), and a counter of changes made by this
//! process, so a server sees its own changes at once and other servers' changes at its next
//! check (see [`crate::catalogue_cache`]).
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

static CHANGED_HERE: AtomicU64 = AtomicU64::new(0);

/// Call after committing a change to kindergartens, their groups' places or departments:
/// this process's catalogue is checked against the database on its next use. (The database's
/// number moves by itself; this only spares the wait for the next periodic check.)
pub fn changed_here() {
    CHANGED_HERE.fetch_add(1, Ordering::AcqRel);
}

/// How many changes this process has made so far.
pub fn changes_here() -> u64 {
    CHANGED_HERE.load(Ordering::Acquire)
}

/// The catalogue's version in the database.
#[tracing::instrument(skip(db))]
pub async fn current(db: &DatabaseConnection) -> Result<i64, DbErr> {
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM catalogue_version WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("catalogue_version".into()))?;
    row.try_get_by_index::<i64>(0)
}
