//! The evidence rows of accepted signatures (migration 14) and the background job that
//! completes pending ones (see `crate::pki::evidence`).
use app::domain::AuditAction;
use app::domain::Notice;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait,
};

use super::entities::code::Code;
use super::entities::{contracts, evidence_crls, referrals, signature_evidence};
use crate::pki::evidence::{Collected, StatusProof};

/// `party` of a parent's signature.
pub const PARENT: &str = "parent";
/// `party` of the kindergarten's signature.
pub const KINDERGARTEN: &str = "kindergarten";

pub const COMPLETE: &str = "complete";
pub const PENDING: &str = "pending";

/// Longest wait between two attempts of the background job.
const MAX_BACKOFF_SECS: i64 = 3600;

/// When a signature was accepted, and the retry schedule of its evidence.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// When the service accepted the signature.
    pub submitted_at: i64,
    /// Collections tried so far (0 at the submission).
    pub attempts: i32,
    /// The first retry's delay (doubling with every attempt, at most an hour).
    pub retry_every_secs: i64,
    pub now: i64,
}

impl Schedule {
    /// The schedule of a signature accepted `now`.
    pub fn at_submission(now: i64, retry_every: std::time::Duration) -> Schedule {
        Schedule {
            submitted_at: now,
            attempts: 0,
            retry_every_secs: i64::try_from(retry_every.as_secs()).unwrap_or(60),
            now,
        }
    }
}

/// Writes (or replaces) the evidence of `party`'s signature of contract `contract_id`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn record<C: ConnectionTrait>(
    db: &C,
    contract_id: i32,
    party: &str,
    collected: &Collected,
    schedule: Schedule,
) -> Result<(), sea_orm::DbErr> {
    let Schedule {
        submitted_at,
        attempts,
        retry_every_secs,
        now,
    } = schedule;
    let (source, ocsp, crl_sha) = match &collected.status {
        Some(StatusProof::Ocsp(der)) => (Some("ocsp"), Some(der.clone()), None),
        Some(StatusProof::Crl(der)) => {
            let sha = app::domain::canonical::sha256_hex(der);
            evidence_crls::Entity::insert(evidence_crls::ActiveModel {
                sha256: Set(sha.clone()),
                der: Set(der.clone()),
                created_at: Set(now),
            })
            .on_conflict(
                OnConflict::column(evidence_crls::Column::Sha256)
                    .do_nothing()
                    .to_owned(),
            )
            .do_nothing()
            .exec(db)
            .await?;
            (Some("crl"), None, Some(sha))
        }
        None => (None, None, None),
    };
    let backoff = retry_every_secs
        .max(1)
        .saturating_mul(1_i64 << attempts.clamp(0, 12))
        .min(MAX_BACKOFF_SECS);
    let row = signature_evidence::ActiveModel {
        contract_id: Set(contract_id),
        party: Set(party.into()),
        state: Set(if collected.pending.is_some() {
            PENDING
        } else {
            COMPLETE
        }
        .into()),
        submitted_at: Set(submitted_at),
        timestamp_at: Set(collected.timestamp_at),
        revocation_source: Set(source.map(str::to_string)),
        ocsp_response: Set(ocsp),
        crl_sha256: Set(crl_sha),
        attempts: Set(attempts),
        next_attempt_at: Set(now.saturating_add(backoff)),
        last_error: Set(collected.pending.clone()),
        updated_at: Set(now),
    };
    signature_evidence::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                signature_evidence::Column::ContractId,
                signature_evidence::Column::Party,
            ])
            .update_columns([
                signature_evidence::Column::State,
                signature_evidence::Column::TimestampAt,
                signature_evidence::Column::RevocationSource,
                signature_evidence::Column::OcspResponse,
                signature_evidence::Column::CrlSha256,
                signature_evidence::Column::Attempts,
                signature_evidence::Column::NextAttemptAt,
                signature_evidence::Column::LastError,
                signature_evidence::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// The evidence row of `party`'s signature of contract `contract_id`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn of<C: ConnectionTrait>(
    db: &C,
    contract_id: i32,
    party: &str,
) -> Result<Option<signature_evidence::Model>, sea_orm::DbErr> {
    signature_evidence::Entity::find_by_id((contract_id, party.to_string()))
        .one(db)
        .await
}

/// Is the evidence of `party`'s signature still pending?
#[tracing::instrument(level = "debug", skip_all)]
pub async fn is_pending<C: ConnectionTrait>(
    db: &C,
    contract_id: i32,
    party: &str,
) -> Result<bool, sea_orm::DbErr> {
    Ok(of(db, contract_id, party)
        .await?
        .is_some_and(|e| e.state == PENDING))
}

/// The CRL kept under `sha256`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn crl<C: ConnectionTrait>(
    db: &C,
    sha256: &str,
) -> Result<Option<Vec<u8>>, sea_orm::DbErr> {
    Ok(evidence_crls::Entity::find_by_id(sha256.to_string())
        .one(db)
        .await?
        .map(|c| c.der))
}

/// One pass of the background job: every pending evidence whose time has come is collected
/// again; complete ones replace the stored CMS (now with its timestamp); a signer found
/// revoked before the submission moves the contract to `signature_revoked` (audited, the
/// parent told, the referral given back). Returns how many rows were completed.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn complete_pending(
    db: &DatabaseConnection,
    trust: &crate::pki::Trust,
    now: i64,
) -> usize {
    let due = match signature_evidence::Entity::find()
        .filter(signature_evidence::Column::State.eq(PENDING))
        .filter(signature_evidence::Column::NextAttemptAt.lte(now))
        .all(db)
        .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = ?e, "pending evidence: read failed");
            return 0;
        }
    };
    let mut completed = 0;
    for row in due {
        match complete_one(db, trust, &row, now).await {
            Ok(true) => completed += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(contract = row.contract_id, error = ?e, "pending evidence"),
        }
    }
    completed
}

#[tracing::instrument(level = "debug", skip_all)]
async fn complete_one(
    db: &DatabaseConnection,
    trust: &crate::pki::Trust,
    row: &signature_evidence::Model,
    now: i64,
) -> Result<bool, sea_orm::DbErr> {
    let Some(c) = contracts::Entity::find_by_id(row.contract_id)
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let cms = if row.party == PARENT {
        c.parent_cms.clone()
    } else {
        c.kindergarten_cms.clone()
    };
    let Some(cms) = cms else { return Ok(false) };
    // The signature was verified when it was accepted; it is verified again (at its
    // submission time) for the certificates the evidence needs.
    // The revocation status is what the evidence establishes: the CRLs are left out here.
    let mut store = trust.store().as_ref().clone();
    store.crls.clear();
    store.require_signer_revocation = false;
    let Ok(verified) = app::eds::cms_verify::verify_detached(
        &cms,
        &c.canonical,
        &store,
        app::eds::purpose::Purpose::Signing,
        row.submitted_at,
    ) else {
        tracing::warn!(contract = c.id, party = %row.party, "pending evidence: the signature no longer verifies at its submission time");
        return Ok(false);
    };
    let retry = i64::try_from(trust.evidence.config.retry_every.as_secs()).unwrap_or(60);
    match trust
        .evidence
        .collect(&trust.store(), &cms, &verified, row.submitted_at, now)
        .await
    {
        Ok(collected) => {
            let complete = collected.pending.is_none();
            let txn = db.begin().await?;
            // A timestamp obtained now is kept even if the status check still waits.
            if collected.cms != cms {
                let column = if row.party == PARENT {
                    contracts::Column::ParentCms
                } else {
                    contracts::Column::KindergartenCms
                };
                contracts::Entity::update_many()
                    .col_expr(column, Expr::value(collected.cms.clone()))
                    .filter(contracts::Column::Id.eq(c.id))
                    .exec(&txn)
                    .await?;
            }
            record(
                &txn,
                c.id,
                &row.party,
                &collected,
                Schedule {
                    submitted_at: row.submitted_at,
                    attempts: row.attempts.saturating_add(1),
                    retry_every_secs: retry,
                    now,
                },
            )
            .await?;
            txn.commit().await?;
            if complete {
                tracing::info!(contract = c.id, party = %row.party, "signature evidence completed");
            }
            Ok(complete)
        }
        Err(revoked) => {
            revoke(db, &c, row, revoked.since, now).await?;
            Ok(false)
        }
    }
}

/// The signer's certificate was revoked before the submission: the contract cannot stand.
#[tracing::instrument(level = "debug", skip_all)]
async fn revoke(
    db: &DatabaseConnection,
    c: &contracts::Model,
    row: &signature_evidence::Model,
    since: i64,
    now: i64,
) -> Result<(), sea_orm::DbErr> {
    use app::domain::ReferralStatus;
    let from = c.status.0;
    let event = app::domain::ContractEvent::SignatureRevoked {
        party: row.party.clone(),
        revoked_at: since,
    };
    let Ok(to) = from.transition(&event, app::domain::Actor::System) else {
        return Ok(());
    };
    let txn = db.begin().await?;
    let moved = contracts::Entity::update_many()
        .col_expr(contracts::Column::Status, Expr::value(Code(to)))
        .col_expr(contracts::Column::UpdatedAt, Expr::value(now))
        .filter(contracts::Column::Id.eq(c.id))
        .filter(contracts::Column::Status.eq(Code(from)))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(());
    }
    // The place is the parent's again: they may conclude the contract with a valid key.
    referrals::Entity::update_many()
        .col_expr(
            referrals::Column::Status,
            Expr::value(Code(ReferralStatus::Active)),
        )
        .col_expr(referrals::Column::StatusChangedAt, Expr::value(now))
        .filter(referrals::Column::Id.eq(c.referral_id))
        .filter(referrals::Column::Status.is_in([
            ReferralStatus::ContractInProgress.as_str(),
            ReferralStatus::Used.as_str(),
        ]))
        .exec(&txn)
        .await?;
    super::contract_history::record_event(&txn, c.id, from, to, "system", &event, now).await?;
    signature_evidence::Entity::update_many()
        .col_expr(signature_evidence::Column::State, Expr::value("revoked"))
        .col_expr(
            signature_evidence::Column::LastError,
            Expr::value(format!("certificate revoked since {since}")),
        )
        .col_expr(signature_evidence::Column::UpdatedAt, Expr::value(now))
        .filter(signature_evidence::Column::ContractId.eq(c.id))
        .filter(signature_evidence::Column::Party.eq(&row.party))
        .exec(&txn)
        .await?;
    let date = app::components::dates::format_unix_datetime(since);
    super::notify::notify(
        &txn,
        &c.parent_iin,
        &Notice::ContractSignatureRevoked {
            contract_id: c.id,
            number: &c.number,
            revoked_at: &date,
        },
        now,
    )
    .await?;
    super::audit::record(
        &txn,
        super::audit::entry(
            now,
            "system",
            AuditAction::ContractSignatureRevoked,
            format!("contract:{}", c.id),
            serde_json::json!({ "number": c.number, "party": row.party, "revoked_at": since })
                .to_string(),
        )
        .in_department(c.department_id),
    )
    .await?;
    txn.commit().await?;
    tracing::warn!(contract = c.id, party = %row.party, since, "signer's certificate revoked before submission: contract refused");
    super::audit::flush(db).await;
    Ok(())
}

/// Runs [`complete_pending`] every `every` for as long as the server runs.
pub fn spawn_completion(
    db: DatabaseConnection,
    trust: std::sync::Arc<crate::pki::Trust>,
    every: std::time::Duration,
    clock: crate::clock::Clock,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            complete_pending(&db, &trust, clock()).await;
        }
    });
}
