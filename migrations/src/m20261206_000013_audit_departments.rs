//! Audit entries by department, and checkpoints of the hash chain.
//!
//! - `department_id` on `audit_log` and `audit_pending`: the education department whose
//!   admins may read the entry (null: no department, e.g. a log-in). An admin of department A
//!   reads A's entries only.
//! - `audit_checkpoints`: the newest entry up to which the chain was verified (its id and
//!   hash, and how many entries that covers), so the admin page verifies only what was added
//!   since instead of re-hashing the whole log on every view. The whole chain is still
//!   verified at start, every six hours and by `server audit-verify`.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    DepartmentId,
}

#[derive(DeriveIden)]
enum AuditPending {
    Table,
    DepartmentId,
}

#[derive(DeriveIden)]
enum AuditCheckpoints {
    Table,
    Id,
    LastId,
    LastHash,
    Entries,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(AuditLog::Table)
                .add_column(ColumnDef::new(AuditLog::DepartmentId).integer().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AuditPending::Table)
                .add_column(ColumnDef::new(AuditPending::DepartmentId).integer().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_log_department")
                .table(AuditLog::Table)
                .col(AuditLog::DepartmentId)
                .col(AuditLog::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditCheckpoints::Table)
                .col(
                    ColumnDef::new(AuditCheckpoints::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AuditCheckpoints::LastId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditCheckpoints::LastHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditCheckpoints::Entries)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditCheckpoints::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditCheckpoints::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_audit_log_department")
                .table(AuditLog::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AuditPending::Table)
                .drop_column(AuditPending::DepartmentId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AuditLog::Table)
                .drop_column(AuditLog::DepartmentId)
                .to_owned(),
        )
        .await
    }
}
