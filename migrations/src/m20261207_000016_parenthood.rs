//! Proof of parenthood (issue 26, item 3): a child in a cabinet is a *claim* the population
//! register or the department confirms (`app::domain::parenthood`).
//!
//! - `children.claim_status`: unconfirmed | disputed | confirmed | rejected; who decided, when,
//!   and the rejection reason; the birth certificate the parent uploaded (stored like the
//!   wizard's documents: a random key in the document storage, its SHA-256 and size).
//! - Queue entries become one per *claim* (`ux_queue_child_id`) instead of one per child IIN: a
//!   stranger's earlier claim must not block the real parent. "One entry per child" now holds
//!   for confirmed claims (checked when queueing; only a confirmed claim gets a referral).
//! - Children added before this migration are unconfirmed, except those that already got a
//!   referral: the department looked at them then (`claim_decided_by = 'referral'`).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Children {
    Table,
    Iin,
    ClaimStatus,
    ClaimDecidedBy,
    ClaimDecidedAt,
    ClaimReason,
    CertificateKey,
    CertificateSha256,
    CertificateSize,
    CertificateAt,
}

#[derive(DeriveIden)]
enum QueueEntries {
    Table,
    ChildId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            ColumnDef::new(Children::ClaimStatus)
                .string_len(12)
                .not_null()
                .default("unconfirmed")
                .to_owned(),
            ColumnDef::new(Children::ClaimDecidedBy)
                .string_len(32)
                .null()
                .to_owned(),
            ColumnDef::new(Children::ClaimDecidedAt)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Children::ClaimReason)
                .string()
                .null()
                .to_owned(),
            ColumnDef::new(Children::CertificateKey)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Children::CertificateSha256)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(Children::CertificateSize)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Children::CertificateAt)
                .big_integer()
                .null()
                .to_owned(),
        ];
        for mut c in columns {
            m.alter_table(
                Table::alter()
                    .table(Children::Table)
                    .add_column(&mut c)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("ix_children_iin")
                .table(Children::Table)
                .col(Children::Iin)
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE children SET claim_status = 'confirmed', claim_decided_by = 'referral' \
                 WHERE id IN (SELECT child_id FROM referrals)",
            )
            .await?;
        m.drop_index(
            Index::drop()
                .name("ux_queue_child_iin")
                .table(QueueEntries::Table)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_queue_child_id")
                .table(QueueEntries::Table)
                .col(QueueEntries::ChildId)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
