//! Signing sessions for eGov Mobile / eGov Business (QR code and same-phone link): one row per
//! session, created by a page for one purpose and one document, used once.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MobileSignSessions {
    Table,
    Id,
    Purpose,
    Subject,
    Label,
    Scope,
    BindingSha256,
    TokenSha256,
    ExpectedIin,
    Document,
    State,
    Refusal,
    Outcome,
    Client,
    CreatedAt,
    ExpiresAt,
    OpenedAt,
    SignedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MobileSignSessions::Table)
                .col(
                    ColumnDef::new(MobileSignSessions::Id)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::Purpose)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(MobileSignSessions::Subject).integer().null())
                .col(
                    ColumnDef::new(MobileSignSessions::Label)
                        .string_len(64)
                        .null(),
                )
                .col(ColumnDef::new(MobileSignSessions::Scope).text().null())
                .col(
                    ColumnDef::new(MobileSignSessions::BindingSha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::TokenSha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::ExpectedIin)
                        .string_len(12)
                        .null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::Document)
                        .binary()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::State)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::Refusal)
                        .string_len(64)
                        .null(),
                )
                .col(ColumnDef::new(MobileSignSessions::Outcome).text().null())
                .col(
                    ColumnDef::new(MobileSignSessions::Client)
                        .string_len(64)
                        .null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::ExpiresAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::OpenedAt)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(MobileSignSessions::SignedAt)
                        .big_integer()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_mobile_sign_client_created")
                .table(MobileSignSessions::Table)
                .col(MobileSignSessions::Client)
                .col(MobileSignSessions::CreatedAt)
                .to_owned(),
        )
        .await?;
        // The sweep of old sessions.
        m.create_index(
            Index::create()
                .name("idx_mobile_sign_expires")
                .table(MobileSignSessions::Table)
                .col(MobileSignSessions::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MobileSignSessions::Table).to_owned())
            .await
    }
}
