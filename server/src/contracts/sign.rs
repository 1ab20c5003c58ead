//! The kindergarten signs a contract the parent sent: with the organisation's key of the
//! kindergarten the contract names (its BIN as the parent signed it), held by the signed-in
//! staff member, after the parent's evidence is complete. In one transaction the contract is
//! concluded, the referral used, the child admitted from the queue, the evidence scheduled,
//! the parent notified and the act audited.
use app::domain::Localized;
use app::domain::{
    Actor, AuditAction, ContractError, ContractEvent, Notice, ReferralStatus, TransitionError,
};
use app::error::AppError;
use sea_orm::TransactionTrait;

use super::Context;
use super::signature::verify_signature;
use crate::db::contract_history::record_event;
use crate::db::contract_rows as rows;
use crate::db::entities::contracts;
use crate::db::error::db_err;
use crate::db::{audit, notify, signature_evidence};

pub(crate) fn status_refused(e: TransitionError) -> AppError {
    AppError::Invalid(e.code().into())
}

/// Signs contract `id` of one of the staff member's `kindergartens` with `cms`; returns the
/// contract as it now stands.
pub async fn sign(
    cx: Context<'_>,
    staff_iin: &app::domain::CertifiedIin,
    kindergartens: &[i32],
    id: i32,
    cms: &[u8],
) -> Result<contracts::Model, AppError> {
    let db = cx.db;
    let c = rows::kindergartens_contract(db, kindergartens, id).await?;
    let from = c.status.0;
    let event = ContractEvent::KindergartenSigned;
    let to = from
        .transition(&event, Actor::Staff)
        .map_err(status_refused)?;
    // The BIN written in the contract the parent signed — not whatever the kindergarten's
    // row says today — and the key must be the signed-in staff member's own.
    let terms = rows::terms_of(&c)?;
    let Some(bin) = terms
        .kindergarten
        .bin
        .as_ref()
        .map(|b| b.as_str().to_string())
    else {
        return Err(AppError::Invalid("eds.party.other_organisation".into()));
    };
    let now = cx.now();
    let party = app::eds::party::Party::Organisation {
        bin,
        signer_iin: Some(*staff_iin),
    };
    // The parent's evidence (timestamp, certificate status) comes first.
    if signature_evidence::is_pending(db, c.id, signature_evidence::PARENT)
        .await
        .map_err(db_err)?
    {
        return Err(AppError::Invalid(
            ContractError::EvidencePending.code().into(),
        ));
    }
    let accepted = verify_signature(cx.trust.clone(), cms, &c.canonical, party, now).await?;

    let txn = db.begin().await.map_err(db_err)?;
    let moved = rows::record_kindergarten_signature(
        &txn,
        c.id,
        from,
        to,
        accepted.der.clone(),
        accepted.signer.clone(),
        now,
    )
    .await
    .map_err(db_err)?;
    if moved == 0 {
        txn.rollback().await.map_err(db_err)?;
        return Err(status_refused(TransitionError::InvalidTransition));
    }
    let r = rows::referral(&txn, c.referral_id).await?;
    rows::move_referral(&txn, r.id, None, ReferralStatus::Used, now)
        .await
        .map_err(db_err)?;
    rows::admit_queue_entry(&txn, r.queue_entry_id)
        .await
        .map_err(db_err)?;
    record_event(&txn, c.id, from, to, staff_iin.as_str(), &event, now)
        .await
        .map_err(db_err)?;
    signature_evidence::record(
        &txn,
        c.id,
        signature_evidence::KINDERGARTEN,
        &accepted.evidence,
        signature_evidence::Schedule::at_submission(now, cx.trust.evidence.config.retry_every),
    )
    .await
    .map_err(db_err)?;
    notify::notify(
        &txn,
        &c.parent_iin,
        &Notice::ContractSigned {
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
            staff_iin.as_str(),
            AuditAction::ContractSigned,
            format!("contract:{}", c.id),
            serde_json::json!({ "number": c.number }).to_string(),
        )
        .in_department(c.department_id),
    )
    .await
    .map_err(db_err)?;
    txn.commit().await.map_err(db_err)?;
    tracing::info!(
        contract = c.id,
        staff = %staff_iin,
        "contract signed by the kindergarten"
    );
    audit::flush(db).await;
    rows::kindergartens_contract(db, kindergartens, id).await
}
