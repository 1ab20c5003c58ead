//! What proves an accepted signature years later (issue 25), one row per signature:
//! - `signature_evidence`: for the parent's or the kindergarten's signature of a contract,
//!   whether its evidence is complete or still pending (the TSA or the OCSP responder did not
//!   answer), the timestamp's time (the token itself is inside the CMS), where the signer's
//!   status came from (`ocsp` with the responder's answer, or `crl` with the CRL's hash), and
//!   the retry schedule of the background job;
//! - `evidence_crls`: the CRLs used as evidence, once each (by SHA-256).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SignatureEvidence {
    Table,
    ContractId,
    Party,
    State,
    SubmittedAt,
    TimestampAt,
    RevocationSource,
    OcspResponse,
    CrlSha256,
    Attempts,
    NextAttemptAt,
    LastError,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EvidenceCrls {
    Table,
    Sha256,
    Der,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SignatureEvidence::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(SignatureEvidence::ContractId)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::Party)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::State)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::SubmittedAt)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::TimestampAt)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::RevocationSource)
                        .string_len(8)
                        .null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::OcspResponse)
                        .blob()
                        .null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::CrlSha256)
                        .string_len(64)
                        .null(),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::Attempts)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(SignatureEvidence::NextAttemptAt)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(SignatureEvidence::LastError).text().null())
                .col(
                    ColumnDef::new(SignatureEvidence::UpdatedAt)
                        .big_integer()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(SignatureEvidence::ContractId)
                        .col(SignatureEvidence::Party),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_signature_evidence_pending")
                .table(SignatureEvidence::Table)
                .col(SignatureEvidence::State)
                .col(SignatureEvidence::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EvidenceCrls::Table)
                .if_not_exists()
                .col(
                    ColumnDef::new(EvidenceCrls::Sha256)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(EvidenceCrls::Der).blob().not_null())
                .col(
                    ColumnDef::new(EvidenceCrls::CreatedAt)
                        .big_integer()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EvidenceCrls::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SignatureEvidence::Table).to_owned())
            .await
    }
}
