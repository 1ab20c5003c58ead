//! Children, the queue, referrals, notifications and saved requisites (issue 5).
//!
//! - `children`: a child added by a parent (by the child's IIN; the birth date comes from it).
//! - `queue_entries`: one per child IIN (a child waits once, whichever parent registered it),
//!   in one department, with preferred kindergartens; the position is the order of
//!   `registered_at` among the department's waiting entries.
//! - `referrals`: issued by a department admin for a queued child to a group with free places;
//!   `number` is the public referral number (`#378618`).
//! - `notifications`: status changes shown in the cabinet with an unread marker.
//! - `saved_requisites`: the representative's requisites from the last contract (JSON).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Children {
    Table,
    Id,
    ParentIin,
    Iin,
    LastName,
    FirstName,
    Patronymic,
    BirthDate,
    CreatedAt,
}

#[derive(DeriveIden)]
enum QueueEntries {
    Table,
    Id,
    ChildId,
    ChildIin,
    DepartmentId,
    Preferred,
    RegisteredAt,
    Status,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    Number,
    QueueEntryId,
    ChildId,
    ParentIin,
    DepartmentId,
    KindergartenId,
    GroupId,
    AgePeriodId,
    IssuedAt,
    IssuedBy,
    Deadline,
    Status,
    StatusChangedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    Iin,
    Kind,
    TextKk,
    TextRu,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum SavedRequisites {
    Table,
    Iin,
    Json,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Kindergartens {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
}

fn id<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Children::Table)
                .col(id(Children::Id))
                .col(
                    ColumnDef::new(Children::ParentIin)
                        .string_len(12)
                        .not_null(),
                )
                .col(ColumnDef::new(Children::Iin).string_len(12).not_null())
                .col(ColumnDef::new(Children::LastName).string().not_null())
                .col(ColumnDef::new(Children::FirstName).string().not_null())
                .col(ColumnDef::new(Children::Patronymic).string().null())
                .col(
                    ColumnDef::new(Children::BirthDate)
                        .string_len(10)
                        .not_null(),
                )
                .col(ColumnDef::new(Children::CreatedAt).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_children_parent_iin")
                .table(Children::Table)
                .col(Children::ParentIin)
                .col(Children::Iin)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QueueEntries::Table)
                .col(id(QueueEntries::Id))
                .col(ColumnDef::new(QueueEntries::ChildId).integer().not_null())
                .col(
                    ColumnDef::new(QueueEntries::ChildIin)
                        .string_len(12)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(QueueEntries::DepartmentId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(QueueEntries::Preferred).string().not_null())
                .col(
                    ColumnDef::new(QueueEntries::RegisteredAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(QueueEntries::Status)
                        .string_len(16)
                        .not_null(),
                )
                .check(Expr::col(QueueEntries::Status).is_in(["waiting", "referred", "admitted"]))
                .foreign_key(
                    ForeignKey::create()
                        .from(QueueEntries::Table, QueueEntries::ChildId)
                        .to(Children::Table, Children::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(QueueEntries::Table, QueueEntries::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_queue_child_iin")
                .table(QueueEntries::Table)
                .col(QueueEntries::ChildIin)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_queue_department")
                .table(QueueEntries::Table)
                .col(QueueEntries::DepartmentId)
                .col(QueueEntries::Status)
                .col(QueueEntries::RegisteredAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(id(Referrals::Id))
                .col(ColumnDef::new(Referrals::Number).integer().not_null())
                .col(ColumnDef::new(Referrals::QueueEntryId).integer().not_null())
                .col(ColumnDef::new(Referrals::ChildId).integer().not_null())
                .col(
                    ColumnDef::new(Referrals::ParentIin)
                        .string_len(12)
                        .not_null(),
                )
                .col(ColumnDef::new(Referrals::DepartmentId).integer().not_null())
                .col(
                    ColumnDef::new(Referrals::KindergartenId)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Referrals::GroupId).integer().not_null())
                .col(ColumnDef::new(Referrals::AgePeriodId).integer().not_null())
                .col(ColumnDef::new(Referrals::IssuedAt).big_integer().not_null())
                .col(
                    ColumnDef::new(Referrals::IssuedBy)
                        .string_len(12)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Referrals::Deadline)
                        .string_len(10)
                        .not_null(),
                )
                .col(ColumnDef::new(Referrals::Status).string_len(24).not_null())
                .col(
                    ColumnDef::new(Referrals::StatusChangedAt)
                        .big_integer()
                        .not_null(),
                )
                .check(Expr::col(Referrals::Status).is_in([
                    "active",
                    "contract_in_progress",
                    "used",
                    "expired",
                    "cancelled",
                ]))
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::KindergartenId)
                        .to(Kindergartens::Table, Kindergartens::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::GroupId)
                        .to(Groups::Table, Groups::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_referrals_number")
                .table(Referrals::Table)
                .col(Referrals::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_referrals_parent")
                .table(Referrals::Table)
                .col(Referrals::ParentIin)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_referrals_status_deadline")
                .table(Referrals::Table)
                .col(Referrals::Status)
                .col(Referrals::Deadline)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(id(Notifications::Id))
                .col(ColumnDef::new(Notifications::Iin).string_len(12).not_null())
                .col(
                    ColumnDef::new(Notifications::Kind)
                        .string_len(32)
                        .not_null(),
                )
                .col(ColumnDef::new(Notifications::TextKk).text().not_null())
                .col(ColumnDef::new(Notifications::TextRu).text().not_null())
                .col(ColumnDef::new(Notifications::Link).string().null())
                .col(
                    ColumnDef::new(Notifications::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Notifications::ReadAt).big_integer().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_notifications_iin")
                .table(Notifications::Table)
                .col(Notifications::Iin)
                .col(Notifications::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SavedRequisites::Table)
                .col(
                    ColumnDef::new(SavedRequisites::Iin)
                        .string_len(12)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(SavedRequisites::Json).text().not_null())
                .col(
                    ColumnDef::new(SavedRequisites::UpdatedAt)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SavedRequisites::Table.into_iden(),
            Notifications::Table.into_iden(),
            Referrals::Table.into_iden(),
            QueueEntries::Table.into_iden(),
            Children::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
