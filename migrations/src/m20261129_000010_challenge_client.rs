//! Where each EDS challenge was requested from (the client address), so that log-in attempts
//! can be limited per client across every app server (the count lives in the database).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EdsChallenges {
    Table,
    Client,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(EdsChallenges::Table)
                .add_column(ColumnDef::new(EdsChallenges::Client).string_len(64).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_eds_challenges_client_created")
                .table(EdsChallenges::Table)
                .col(EdsChallenges::Client)
                .col(EdsChallenges::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_eds_challenges_client_created")
                .table(EdsChallenges::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(EdsChallenges::Table)
                .drop_column(EdsChallenges::Client)
                .to_owned(),
        )
        .await
    }
}
