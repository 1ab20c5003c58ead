//! Reference data the seed shows: education departments, kindergartens, age periods,
//! groups and tariffs.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    Code,
    DistrictCode,
    RegionKk,
    RegionRu,
    NameKk,
    NameRu,
    PlaceKk,
    PlaceRu,
}

#[derive(DeriveIden)]
enum Kindergartens {
    Table,
    Id,
    DepartmentId,
    NameKk,
    NameRu,
    AddressKk,
    AddressRu,
    Ownership,
    AdmissionAgeFrom,
    FreePlaces,
    EContracts,
    PaperAllowed,
    Bin,
    SearchText,
}

#[derive(DeriveIden)]
enum AgePeriods {
    Table,
    Id,
    FromYears,
    ToYears,
    LabelKk,
    LabelRu,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
    KindergartenId,
    NameKk,
    NameRu,
    AgePeriodId,
    FreePlaces,
}

#[derive(DeriveIden)]
enum Tariffs {
    Table,
    Id,
    DepartmentId,
    AgePeriodId,
    MonthlyAmountTenge,
    EffectiveFrom,
    EffectiveTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Departments::Table)
                .col(
                    ColumnDef::new(Departments::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Departments::Code).string_len(2).not_null())
                .col(
                    ColumnDef::new(Departments::DistrictCode)
                        .string_len(2)
                        .not_null(),
                )
                .col(ColumnDef::new(Departments::RegionKk).string().not_null())
                .col(ColumnDef::new(Departments::RegionRu).string().not_null())
                .col(ColumnDef::new(Departments::NameKk).string().not_null())
                .col(ColumnDef::new(Departments::NameRu).string().not_null())
                .col(ColumnDef::new(Departments::PlaceKk).string().not_null())
                .col(ColumnDef::new(Departments::PlaceRu).string().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_departments_code")
                .table(Departments::Table)
                .col(Departments::Code)
                .col(Departments::DistrictCode)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Kindergartens::Table)
                .col(
                    ColumnDef::new(Kindergartens::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Kindergartens::DepartmentId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Kindergartens::NameKk).string().not_null())
                .col(ColumnDef::new(Kindergartens::NameRu).string().not_null())
                .col(ColumnDef::new(Kindergartens::AddressKk).string().not_null())
                .col(ColumnDef::new(Kindergartens::AddressRu).string().not_null())
                .col(
                    ColumnDef::new(Kindergartens::Ownership)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Kindergartens::AdmissionAgeFrom)
                        .small_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Kindergartens::FreePlaces)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(Kindergartens::EContracts)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(Kindergartens::PaperAllowed)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(ColumnDef::new(Kindergartens::Bin).string_len(12).null())
                .col(ColumnDef::new(Kindergartens::SearchText).text().not_null())
                .check(Expr::col(Kindergartens::FreePlaces).gte(0))
                .check(Expr::col(Kindergartens::Ownership).is_in(["state", "private"]))
                .foreign_key(
                    ForeignKey::create()
                        .from(Kindergartens::Table, Kindergartens::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_kindergartens_department")
                .table(Kindergartens::Table)
                .col(Kindergartens::DepartmentId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AgePeriods::Table)
                .col(
                    ColumnDef::new(AgePeriods::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AgePeriods::FromYears)
                        .small_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AgePeriods::ToYears)
                        .small_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(AgePeriods::LabelKk).string().not_null())
                .col(ColumnDef::new(AgePeriods::LabelRu).string().not_null())
                .check(Expr::col(AgePeriods::ToYears).gt(Expr::col(AgePeriods::FromYears)))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Groups::Table)
                .col(
                    ColumnDef::new(Groups::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Groups::KindergartenId).integer().not_null())
                .col(ColumnDef::new(Groups::NameKk).string().not_null())
                .col(ColumnDef::new(Groups::NameRu).string().not_null())
                .col(ColumnDef::new(Groups::AgePeriodId).integer().not_null())
                .col(
                    ColumnDef::new(Groups::FreePlaces)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .check(Expr::col(Groups::FreePlaces).gte(0))
                .foreign_key(
                    ForeignKey::create()
                        .from(Groups::Table, Groups::KindergartenId)
                        .to(Kindergartens::Table, Kindergartens::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Groups::Table, Groups::AgePeriodId)
                        .to(AgePeriods::Table, AgePeriods::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Tariffs::Table)
                .col(
                    ColumnDef::new(Tariffs::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Tariffs::DepartmentId).integer().not_null())
                .col(ColumnDef::new(Tariffs::AgePeriodId).integer().not_null())
                .col(
                    ColumnDef::new(Tariffs::MonthlyAmountTenge)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Tariffs::EffectiveFrom).date().not_null())
                .col(ColumnDef::new(Tariffs::EffectiveTo).date().null())
                .check(Expr::col(Tariffs::MonthlyAmountTenge).gte(0))
                .foreign_key(
                    ForeignKey::create()
                        .from(Tariffs::Table, Tariffs::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Tariffs::Table, Tariffs::AgePeriodId)
                        .to(AgePeriods::Table, AgePeriods::Id),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Tariffs::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Groups::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AgePeriods::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Kindergartens::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Departments::Table).to_owned())
            .await?;
        Ok(())
    }
}
