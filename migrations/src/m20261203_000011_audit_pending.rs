//! Audit entries recorded but not yet chained: a change and its audit entry are committed in
//! one transaction (the entry lands here), and the server then moves each entry onto the
//! hash chain (`audit_log`), in `id` order. A crash in between leaves the entry here, and the
//! next start chains it; no audited change can be committed without its entry.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditPending {
    Table,
    Id,
    At,
    Actor,
    Action,
    Subject,
    Detail,
    Origin,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditPending::Table)
                .col(
                    ColumnDef::new(AuditPending::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(AuditPending::At).big_integer().not_null())
                .col(
                    ColumnDef::new(AuditPending::Actor)
                        .string_len(12)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditPending::Action)
                        .string_len(48)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditPending::Subject)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(AuditPending::Detail).text().not_null())
                .col(
                    ColumnDef::new(AuditPending::Origin)
                        .string_len(64)
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditPending::Table).to_owned())
            .await
    }
}
