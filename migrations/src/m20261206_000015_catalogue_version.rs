//! The catalogue's version (issue 28): one row whose number grows with every change of a
//! kindergarten or a department, so every app server can keep the public catalogue in memory
//! and reload it only when the data changed — whichever server, import or operator changed it.
//!
//! The number is moved by triggers in the database, not by our code: a referral that takes a
//! place, a released place, an admin's edit, a registry import or an operator's manual `UPDATE`
//! all count, and none can be forgotten. The trigger runs inside the writing transaction, so
//! the new number becomes visible exactly when the change does.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables whose rows appear on the catalogue's cards.
const WATCHED: [&str; 2] = ["kindergartens", "departments"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS catalogue_version (\
               id INTEGER NOT NULL PRIMARY KEY, \
               version BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO catalogue_version (id, version) VALUES (1, 1)")
            .await?;
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION catalogue_version_bump() RETURNS trigger \
                     LANGUAGE plpgsql AS $$ BEGIN \
                       UPDATE catalogue_version SET version = version + 1 WHERE id = 1; \
                       RETURN NULL; \
                     END $$",
                )
                .await?;
                for table in WATCHED {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_catalogue_version \
                         AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in WATCHED {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        let lower = event.to_ascii_lowercase();
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER IF NOT EXISTS {table}_catalogue_version_{lower} \
                             AFTER {event} ON {table} BEGIN \
                               UPDATE catalogue_version SET version = version + 1 WHERE id = 1; \
                             END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                for table in WATCHED {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_catalogue_version ON {table}"
                    ))
                    .await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS catalogue_version_bump()")
                    .await?;
            }
            _ => {
                for table in WATCHED {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {table}_catalogue_version_{event}"
                        ))
                        .await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE IF EXISTS catalogue_version")
            .await?;
        Ok(())
    }
}
