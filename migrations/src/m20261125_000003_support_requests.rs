//! Support requests sent with the button at the bottom right of every page.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportRequests {
    Table,
    Id,
    CreatedAt,
    Iin,
    Contact,
    Message,
    Page,
    Lang,
    Status,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SupportRequests::Table)
                .col(
                    ColumnDef::new(SupportRequests::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SupportRequests::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(SupportRequests::Iin).string_len(12).null())
                .col(
                    ColumnDef::new(SupportRequests::Contact)
                        .string_len(254)
                        .not_null(),
                )
                .col(ColumnDef::new(SupportRequests::Message).text().not_null())
                .col(
                    ColumnDef::new(SupportRequests::Page)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SupportRequests::Lang)
                        .string_len(2)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SupportRequests::Status)
                        .string_len(16)
                        .not_null()
                        .default("new"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SupportRequests::Table).to_owned())
            .await
    }
}
