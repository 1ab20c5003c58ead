//! Where each support request came from (the client address), so that anonymous requests can
//! be limited per client across every app server (the count lives in the database).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportRequests {
    Table,
    Client,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SupportRequests::Table)
                .add_column(
                    ColumnDef::new(SupportRequests::Client)
                        .string_len(64)
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_requests_client_created")
                .table(SupportRequests::Table)
                .col(SupportRequests::Client)
                .col(SupportRequests::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_support_requests_client_created")
                .table(SupportRequests::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SupportRequests::Table)
                .drop_column(SupportRequests::Client)
                .to_owned(),
        )
        .await
    }
}
