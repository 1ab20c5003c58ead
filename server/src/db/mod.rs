//! Persistence: the connection, sea-orm entities and repositories returning domain types.
//!
//! Every query function carries a `tracing::instrument` span at debug level
//! (`RUST_LOG=server::db=debug` shows each with its time) that records no arguments: they hold
//! IINs, names and documents.
pub mod admin;
pub mod audit;
pub mod cabinet;
pub mod catalogue;
pub mod catalogue_version;
pub mod contract_history;
pub mod contract_rows;
pub mod contracts;
pub mod entities;
pub mod error;
pub mod evidence;
pub mod head;
pub mod notify;
pub mod oversight;
pub mod parenthood;
pub mod people;
pub mod referrals;
pub mod region;
pub mod roles;
pub mod signature_evidence;
pub mod staff;
pub mod support;
pub mod templates;
pub mod write_turn;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::config::Config;

/// Opens the database (creating the data directory for SQLite) and runs pending migrations.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn connect_and_migrate(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let mut opts = ConnectOptions::new(config.database_url.clone());
    opts.sqlx_logging(false)
        .max_connections(if config.database_url.starts_with("sqlite:") {
            4
        } else {
            16
        })
        .acquire_timeout(std::time::Duration::from_secs(5));
    let db = Database::connect(opts).await?;
    if config.database_url.starts_with("sqlite:") {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared(
            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        )
        .await?;
    }
    Migrator::up(&db, None).await?;
    Ok(db)
}
