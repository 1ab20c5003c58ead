//! Uploaded documents (wizard step 5): who owns each, which referral's contract it is for,
//! its kind and the SHA-256 of the stored bytes (which enters the canonical contract bytes).
//! The bytes themselves are in the document store under `key`.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Key,
    OwnerIin,
    ReferralId,
    Kind,
    Sha256,
    Size,
    Width,
    Height,
    CreatedAt,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Documents::Table)
                .col(
                    ColumnDef::new(Documents::Key)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Documents::OwnerIin)
                        .string_len(12)
                        .not_null(),
                )
                .col(ColumnDef::new(Documents::ReferralId).integer().not_null())
                .col(ColumnDef::new(Documents::Kind).string_len(24).not_null())
                .col(ColumnDef::new(Documents::Sha256).string_len(64).not_null())
                .col(ColumnDef::new(Documents::Size).big_integer().not_null())
                .col(ColumnDef::new(Documents::Width).integer().not_null())
                .col(ColumnDef::new(Documents::Height).integer().not_null())
                .col(
                    ColumnDef::new(Documents::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Documents::DeletedAt).big_integer().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_documents_owner_referral")
                .table(Documents::Table)
                .col(Documents::OwnerIin)
                .col(Documents::ReferralId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Documents::Table).to_owned())
            .await
    }
}
