//! A parent sends the prepared contract signed: the signature is checked over the stored
//! canonical bytes, and in one transaction the contract goes to the kindergarten, the
//! referral is taken, the signed documents are held, the evidence is scheduled, the
//! requisites are remembered, the parent is notified and the act is audited. A retry with the
//! same idempotency key (a double tap, a lost answer) gets the same receipt.
use app::api::{SavedRequisites, SubmitReceipt};
use app::domain::{
    AuditAction, ContractError, ContractEvent, ContractStatus, Notice, ReferralStatus,
};
use app::error::AppError;

use super::Context;
use super::signature::verify_signature;
use crate::db::contract_history::record_event;
use crate::db::contract_rows::{self as rows, refused};
use crate::db::entities::contracts;
use crate::db::error::{db_err, is_unique_violation};
use crate::db::{audit, notify, signature_evidence};

fn receipt(c: contracts::Model, sent_at: i64) -> SubmitReceipt {
    SubmitReceipt {
        contract_id: c.id,
        sent_at: c.parent_signed_at.unwrap_or(sent_at),
        number: c.number,
    }
}

/// Sends the parent's contract `contract_id` with its signature `cms` (BER or DER).
pub async fn submit(
    cx: Context<'_>,
    parent_iin: &app::domain::CertifiedIin,
    contract_id: i32,
    idempotency_key: &str,
    cms: &[u8],
) -> Result<SubmitReceipt, AppError> {
    let db = cx.db;
    // A retry of a submission that went through: the same receipt.
    if let Some(done) = rows::sent_with_key(db, parent_iin.as_str(), idempotency_key).await? {
        let at = done.updated_at;
        return Ok(receipt(done, at));
    }
    let c = rows::own_contract(db, parent_iin.as_str(), contract_id).await?;
    match c.status.0 {
        ContractStatus::Draft => {}
        ContractStatus::SentForSigning | ContractStatus::SignedByKindergarten => {
            return Err(refused(ContractError::AlreadySent));
        }
        _ => return Err(refused(ContractError::NotPrepared)),
    }
    let r = rows::own_referral(db, cx.now(), parent_iin.as_str(), c.referral_id).await?;
    if r.status.0 != ReferralStatus::Active {
        return Err(refused(ContractError::ReferralNotActive));
    }
    let terms = rows::terms_of(&c)?;
    // The documents signed must still be stored.
    for d in &terms.documents {
        if !rows::document_is_stored(db, parent_iin.as_str(), c.referral_id, &d.sha256_hex).await? {
            return Err(refused(ContractError::DocumentNotFound));
        }
    }
    let now = cx.now();
    let party = app::eds::party::Party::Person { iin: *parent_iin };
    let accepted = verify_signature(cx.trust.clone(), cms, &c.canonical, party, now).await?;
    let event = ContractEvent::ParentSigned;
    let to = ContractStatus::SentForSigning;

    let txn = crate::db::write_turn::begin_write(db)
        .await
        .map_err(db_err)?;
    let moved = rows::record_parent_signature(
        &txn,
        &c,
        to,
        accepted.der.clone(),
        accepted.signer.clone(),
        idempotency_key,
        now,
    )
    .await;
    let moved = match moved {
        Ok(n) => n,
        // Another tab sent it with the same key a moment ago.
        Err(e) if is_unique_violation(&e) => 0,
        Err(e) => return Err(db_err(e)),
    };
    if moved == 0 {
        txn.rollback().await.map_err(db_err)?;
        // A concurrent retry with the same key may have won: answer like it.
        if let Some(done) = rows::sent_with_key(db, parent_iin.as_str(), idempotency_key).await? {
            return Ok(receipt(done, now));
        }
        return Err(refused(ContractError::NotPrepared));
    }
    let referral_moved = rows::move_referral(
        &txn,
        r.id,
        Some(ReferralStatus::Active),
        ReferralStatus::ContractInProgress,
        now,
    )
    .await
    .map_err(db_err)?;
    if referral_moved == 0 {
        txn.rollback().await.map_err(db_err)?;
        return Err(refused(ContractError::ReferralNotActive));
    }
    // The documents signed are still there, checked again in this transaction and their
    // rows written (locked): a delete racing this send either finished before (then the
    // send is refused) or waits and then finds the contract sent (and is refused).
    for d in &terms.documents {
        let held = rows::hold_document(&txn, parent_iin.as_str(), c.referral_id, &d.sha256_hex)
            .await
            .map_err(db_err)?;
        if held == 0 {
            txn.rollback().await.map_err(db_err)?;
            return Err(refused(ContractError::DocumentNotFound));
        }
    }
    record_event(
        &txn,
        c.id,
        ContractStatus::Draft,
        to,
        parent_iin.as_str(),
        &event,
        now,
    )
    .await
    .map_err(db_err)?;
    signature_evidence::record(
        &txn,
        c.id,
        signature_evidence::PARENT,
        &accepted.evidence,
        signature_evidence::Schedule::at_submission(now, cx.trust.evidence.config.retry_every),
    )
    .await
    .map_err(db_err)?;
    // «Менің деректемелерім»: the requisites of the last contract.
    if let Some(draft) = rows::wizard_draft(&txn, c.referral_id)
        .await
        .map_err(db_err)?
    {
        let saved = SavedRequisites {
            representative: draft.representative,
            requisites: draft.requisites,
            updated_at: now,
        };
        crate::db::cabinet::store_saved_requisites(&txn, parent_iin.as_str(), &saved, now)
            .await
            .map_err(db_err)?;
    }
    rows::delete_wizard_draft(&txn, c.referral_id)
        .await
        .map_err(db_err)?;
    notify::notify(
        &txn,
        parent_iin.as_str(),
        &Notice::ContractSent {
            contract_id: c.id,
            number: &c.number,
        },
        now,
    )
    .await
    .map_err(db_err)?;
    audit::record(
        &txn,
        audit::entry(
            now,
            parent_iin.as_str(),
            AuditAction::ContractSent,
            format!("contract:{}", c.id),
            serde_json::json!({ "number": c.number, "canonical_sha256": c.canonical_sha256 })
                .to_string(),
        )
        .in_department(c.department_id),
    )
    .await
    .map_err(db_err)?;
    if crate::failpoint::hit("contract.submit.before_commit").is_err() {
        return Err(db_err(sea_orm::DbErr::Custom("failpoint".into())));
    }
    txn.commit().await.map_err(db_err)?;
    tracing::info!(contract = c.id, number = %c.number, "contract sent for signing");
    // (A crash here leaves the committed entry in `audit_pending`; the next start chains it.)
    let _ = crate::failpoint::hit("contract.submit.after_commit");
    audit::flush(db).await;
    Ok(SubmitReceipt {
        contract_id: c.id,
        number: c.number,
        sent_at: now,
    })
}
