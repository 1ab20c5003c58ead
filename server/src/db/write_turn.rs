//! Write transactions that queue in this process instead of in SQLite's busy handler.
//!
//! SQLite admits one writer at a time. A second writer waits in SQLite's busy handler, which
//! sleeps 1, 2, 5, 10, 15, 20, 25, … ms between attempts: under load a transaction waited up to
//! 80 ms for a lock that was free again after one (902 such sleeps in 150 contracts of the load
//! test, the tail of the send's latency). SQLite serves one server process, so the busiest write
//! transactions (recording an upload, sending a contract, chaining the audit log) take their turn
//! here, first come first served, before they begin ([`begin_write`]), and so do the single
//! writes of preparing a contract and saving a wizard draft ([`turn`]); they then never meet
//! each other inside SQLite. On PostgreSQL there is no turn to take: row locks let writers run side by side.
//!
//! The turn is held until the transaction commits or rolls back (or is dropped). Inside it,
//! never begin another [`begin_write`] transaction: the turn is not re-entrant.
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, Statement, TransactionTrait,
};

/// One turn for every SQLite database of the process (tests run several servers in one
/// process; their short transactions then take turns too, which is harmless).
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// This process's SQLite write turn for statements written outside a transaction (none on
/// PostgreSQL): hold the guard across the writes only.
pub async fn turn(db: &impl ConnectionTrait) -> Option<tokio::sync::MutexGuard<'static, ()>> {
    match db.get_database_backend() {
        DbBackend::Sqlite => Some(TURN.lock().await),
        _ => None,
    }
}

/// A write transaction holding this process's SQLite write turn (none on PostgreSQL).
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<tokio::sync::MutexGuard<'static, ()>>,
}

/// Waits for the write turn (SQLite only), then begins a transaction.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let turn = turn(db).await;
    let txn = db.begin().await?;
    Ok(WriteTxn { txn, _turn: turn })
}

impl WriteTxn {
    /// Commits, then gives the turn to the next writer.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    /// Rolls back, then gives the turn to the next writer.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one(stmt).await
    }

    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectOptions, Database};

    /// The one value of table `n`.
    async fn counter(conn: &impl ConnectionTrait) -> i64 {
        conn.query_one(Statement::from_string(DbBackend::Sqlite, "SELECT v FROM n"))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index(0)
            .unwrap()
    }

    /// Writers of one SQLite database wait for their turn in this process, so none of them
    /// ever reaches SQLite's busy handler: 16 writers at once with a busy timeout of zero
    /// (a writer that met another inside SQLite would fail at once with "database is locked").
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writers_take_turns_and_never_meet_in_sqlite() {
        let dir = std::env::temp_dir().join(format!("ekg-write-turn-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.join("t.db").display());
        // Four connections, as the server opens (`db::connect_and_migrate`).
        let mut opts = ConnectOptions::new(url);
        opts.max_connections(4)
            .min_connections(4)
            .sqlx_logging(false);
        let db = Database::connect(opts).await.unwrap();
        db.execute_unprepared(
            "PRAGMA journal_mode=WAL; CREATE TABLE n (v INTEGER NOT NULL); INSERT INTO n VALUES (0);",
        )
        .await
        .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..20 {
                    let txn = begin_write(&db).await.unwrap();
                    txn.execute_unprepared("PRAGMA busy_timeout = 0")
                        .await
                        .unwrap();
                    // Read, then write: in SQLite the lock upgrade of a second writer would
                    // fail here without the turn.
                    let v = counter(&txn).await;
                    // Long enough for the other writers to read too.
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    txn.execute_unprepared(&format!("UPDATE n SET v = {}", v + 1))
                        .await
                        .unwrap();
                    txn.commit().await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let v = counter(&db).await;
        assert_eq!(v, 16 * 20, "no update lost");
        drop(db);
        let _ = std::fs::remove_dir_all(dir);
    }
}
