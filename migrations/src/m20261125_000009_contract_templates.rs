//! The education departments' contract templates, versioned: a new version (new legislation)
//! applies from its effective date to new contracts only; every contract names the template
//! version it was made from (and the SHA-256 of its text is in the signed bytes).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContractTemplates {
    Table,
    Id,
    DepartmentId,
    TemplateId,
    Version,
    EffectiveFrom,
    Json,
    Sha256,
    CreatedAt,
    CreatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ContractTemplates::Table)
                .col(
                    ColumnDef::new(ContractTemplates::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ContractTemplates::DepartmentId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ContractTemplates::TemplateId)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ContractTemplates::Version)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ContractTemplates::EffectiveFrom)
                        .date()
                        .not_null(),
                )
                .col(ColumnDef::new(ContractTemplates::Json).text().not_null())
                .col(
                    ColumnDef::new(ContractTemplates::Sha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ContractTemplates::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ContractTemplates::CreatedBy)
                        .string_len(12)
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_contract_templates_version")
                .table(ContractTemplates::Table)
                .col(ContractTemplates::DepartmentId)
                .col(ContractTemplates::TemplateId)
                .col(ContractTemplates::Version)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ContractTemplates::Table).to_owned())
            .await
    }
}
