//! The organisation a session was opened with (issue 26, item 2): the BIN in the log-in
//! certificate and whether its holder type is «head». A kindergarten's head is recognised by
//! that key alone (the national CA vouches for it), so the head can grant and withdraw the
//! kindergarten's staff without anyone granting the head first.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    OrgBin,
    OrgHead,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(ColumnDef::new(Sessions::OrgBin).string_len(12).null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(
                    ColumnDef::new(Sessions::OrgHead)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
