//! The registry import (issue 26, item 1): stable external ids of kindergartens and groups (the
//! department's own registry numbers; importing the same file again changes nothing), and each
//! group's total places as last imported, so a new import moves the free places by the change
//! of the total and never hands back places that referrals took in between.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Kindergartens {
    Table,
    ExternalId,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    ExternalId,
    PlacesTotal,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Kindergartens::Table)
                .add_column(
                    ColumnDef::new(Kindergartens::ExternalId)
                        .string_len(64)
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Groups::Table)
                .add_column(ColumnDef::new(Groups::ExternalId).string_len(64).null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Groups::Table)
                .add_column(
                    ColumnDef::new(Groups::PlacesTotal)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("UPDATE groups SET places_total = free_places")
            .await?;
        m.create_index(
            Index::create()
                .name("ux_kindergartens_external_id")
                .table(Kindergartens::Table)
                .col(Kindergartens::ExternalId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_groups_external_id")
                .table(Groups::Table)
                .col(Groups::ExternalId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
