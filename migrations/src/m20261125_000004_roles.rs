//! Roles beyond "parent" (every person is a parent of their own cabinet): kindergarten staff
//! (bound to one kindergarten) and education department admins (bound to a department).
//! Keyed by IIN so a role can be granted before the person first signs in.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Roles {
    Table,
    Id,
    Iin,
    Role,
    KindergartenId,
    DepartmentId,
    GrantedAt,
    GrantedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Roles::Table)
                .col(
                    ColumnDef::new(Roles::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Roles::Iin).string_len(12).not_null())
                .col(ColumnDef::new(Roles::Role).string_len(16).not_null())
                .col(ColumnDef::new(Roles::KindergartenId).integer().null())
                .col(ColumnDef::new(Roles::DepartmentId).integer().null())
                .col(ColumnDef::new(Roles::GrantedAt).big_integer().not_null())
                .col(ColumnDef::new(Roles::GrantedBy).string_len(64).not_null())
                .check(Expr::col(Roles::Role).is_in(["staff", "admin"]))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_roles_iin")
                .table(Roles::Table)
                .col(Roles::Iin)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Roles::Table).to_owned())
            .await
    }
}
