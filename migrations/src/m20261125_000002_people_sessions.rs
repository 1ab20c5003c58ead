//! People (identified by IIN through EDS), their sessions, and one-time EDS challenges.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Iin,
    LastName,
    FirstName,
    Patronymic,
    Email,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenSha256,
    PersonId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum EdsChallenges {
    Table,
    Id,
    Nonce,
    BindingSha256,
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(People::Table)
                .col(
                    ColumnDef::new(People::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(People::Iin)
                        .string_len(12)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(People::LastName).string().not_null())
                .col(ColumnDef::new(People::FirstName).string().not_null())
                .col(ColumnDef::new(People::Patronymic).string().null())
                .col(ColumnDef::new(People::Email).string().null())
                .col(ColumnDef::new(People::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(People::LastLoginAt).big_integer().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(
                    ColumnDef::new(Sessions::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Sessions::TokenSha256)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Sessions::PersonId).integer().not_null())
                .col(ColumnDef::new(Sessions::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(Sessions::ExpiresAt).big_integer().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EdsChallenges::Table)
                .col(
                    ColumnDef::new(EdsChallenges::Id)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(EdsChallenges::Nonce)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EdsChallenges::BindingSha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EdsChallenges::Purpose)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EdsChallenges::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EdsChallenges::ExpiresAt)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(EdsChallenges::UsedAt).big_integer().null())
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EdsChallenges::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(People::Table).to_owned())
            .await?;
        Ok(())
    }
}
