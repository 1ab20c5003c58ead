//! The kindergarten refuses a contract the parent sent, with a reason (and a comment): the
//! referral becomes active again so the parent can correct the data and send a new version,
//! the parent is told why, and the act is audited.
use app::domain::{Actor, AuditAction, ContractEvent, Notice, ReferralStatus, TransitionError};
use app::error::AppError;
use sea_orm::TransactionTrait;

use super::Context;
use super::sign::status_refused;
use crate::db::contract_history::record_event;
use crate::db::contract_rows as rows;
use crate::db::entities::contracts;
use crate::db::error::db_err;
use crate::db::{audit, notify};

/// Refuses contract `id` of one of the staff member's `kindergartens` (`event` must be
/// `KindergartenRefused`); returns the contract as it now stands.
pub async fn refuse(
    cx: Context<'_>,
    staff_iin: &app::domain::CertifiedIin,
    kindergartens: &[i32],
    id: i32,
    event: &ContractEvent,
) -> Result<contracts::Model, AppError> {
    let db = cx.db;
    let c = rows::kindergartens_contract(db, kindergartens, id).await?;
    let from = c.status.0;
    let to = from
        .transition(event, Actor::Staff)
        .map_err(status_refused)?;
    let ContractEvent::KindergartenRefused { reason, comment } = event else {
        return Err(AppError::Invalid("request".into()));
    };
    let now = cx.now();
    let txn = db.begin().await.map_err(db_err)?;
    let moved = rows::record_refusal(&txn, c.id, from, to, reason.as_str(), comment, now)
        .await
        .map_err(db_err)?;
    if moved == 0 {
        txn.rollback().await.map_err(db_err)?;
        return Err(status_refused(TransitionError::InvalidTransition));
    }
    // The parent may correct the data and send a new version under the same referral.
    rows::move_referral(
        &txn,
        c.referral_id,
        Some(ReferralStatus::ContractInProgress),
        ReferralStatus::Active,
        now,
    )
    .await
    .map_err(db_err)?;
    record_event(&txn, c.id, from, to, staff_iin.as_str(), event, now)
        .await
        .map_err(db_err)?;
    notify::notify(
        &txn,
        &c.parent_iin,
        &Notice::ContractRefused {
            contract_id: c.id,
            number: &c.number,
            reason: *reason,
            comment,
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
            AuditAction::ContractRefused,
            format!("contract:{}", c.id),
            serde_json::json!({ "number": c.number, "reason": reason.as_str(), "comment": comment })
                .to_string(),
        )
        .in_department(c.department_id),
    )
    .await
    .map_err(db_err)?;
    txn.commit().await.map_err(db_err)?;
    audit::flush(db).await;
    rows::kindergartens_contract(db, kindergartens, id).await
}
