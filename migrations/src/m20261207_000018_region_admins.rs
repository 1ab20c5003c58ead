//! Region-level administrators (issue 26, item 2): they create departments and grant each its
//! admins. Kept apart from `roles` (whose `role` column is limited to staff/admin by a CHECK):
//! a region admin belongs to no department or kindergarten.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RegionAdmins {
    Table,
    Iin,
    GrantedAt,
    GrantedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RegionAdmins::Table)
                .col(
                    ColumnDef::new(RegionAdmins::Iin)
                        .string_len(12)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(RegionAdmins::GrantedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RegionAdmins::GrantedBy)
                        .string_len(64)
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }
}
