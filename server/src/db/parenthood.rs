//! Proof of parenthood in the database (`app::domain::parenthood` holds the rules): adding a
//! claim (a child in a cabinet), the department's decisions, the uploaded birth certificate.
//!
//! Every change of claims on one child runs in one transaction that first writes all the
//! child's claim rows (a no-op update), so two claims or decisions on the same child — on any
//! servers — are applied one after the other and the dispute rule sees the other's row.
use app::api::{ChildClaims, ClaimRow, ClaimView};
use app::domain::AuditAction;
use app::domain::Notice;
use app::domain::dates::{format_kz, kz_date_of_unix, parse_date};
use app::domain::parenthood::{self, ClaimStatus, Decision, RegisterVerdict};
use app::domain::{Iin, QueueError};
use app::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use super::entities::{children, people, queue_entries};
use super::error::{db_err, invalid, is_unique_violation};
use super::notify::notify;

/// The most children one department's confirmation page lists (oldest first).
pub const CLAIMS_SHOWN: usize = 200;

fn refused(e: impl app::domain::Localized) -> AppError {
    AppError::Invalid(e.code().into())
}

pub(crate) fn status_of(c: &children::Model) -> ClaimStatus {
    ClaimStatus::parse(&c.claim_status).unwrap_or(ClaimStatus::Unconfirmed)
}

/// Takes the lock on every claim row of `child_iin` (see the module doc) and returns them.
#[tracing::instrument(level = "debug", skip_all)]
async fn lock_claims(
    txn: &DatabaseTransaction,
    child_iin: &str,
) -> Result<Vec<children::Model>, DbErr> {
    children::Entity::update_many()
        .col_expr(
            children::Column::ClaimStatus,
            Expr::col(children::Column::ClaimStatus).into(),
        )
        .filter(children::Column::Iin.eq(child_iin))
        .exec(txn)
        .await?;
    children::Entity::find()
        .filter(children::Column::Iin.eq(child_iin))
        .order_by_asc(children::Column::Id)
        .all(txn)
        .await
}

/// Moves every claim on the child that waits for the department to «disputed» when another
/// live claim exists and back to «unconfirmed» when it is alone.
#[tracing::instrument(level = "debug", skip_all)]
async fn settle_all<C: ConnectionTrait>(db: &C, claims: &[children::Model]) -> Result<(), DbErr> {
    for c in claims {
        let status = status_of(c);
        if !status.awaits_department() {
            continue;
        }
        let others_live = claims
            .iter()
            .any(|o| o.id != c.id && o.parent_iin != c.parent_iin && status_of(o).is_live());
        let settled = parenthood::settle(status, others_live);
        if settled != status {
            children::Entity::update_many()
                .col_expr(children::Column::ClaimStatus, Expr::value(settled.as_str()))
                .filter(children::Column::Id.eq(c.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Adds `parent_iin`'s claim on `child` with the register's verdict; returns the claim's id.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn add_claim(
    db: &DatabaseConnection,
    verdict: RegisterVerdict,
    parent_iin: &str,
    child: &Iin,
    names: (&str, &str, Option<&str>),
    now: i64,
) -> Result<i32, AppError> {
    let txn = db.begin().await.map_err(db_err)?;
    let claims = lock_claims(&txn, child.as_str()).await.map_err(db_err)?;
    if claims.iter().any(|c| c.parent_iin == parent_iin) {
        return Err(invalid(QueueError::ChildAlreadyAdded));
    }
    let others: Vec<ClaimStatus> = claims.iter().map(status_of).collect();
    let new = parenthood::on_new_claim(verdict, &others);
    let by_register = new.status == ClaimStatus::Confirmed;
    let row = children::ActiveModel {
        parent_iin: Set(parent_iin.to_string()),
        iin: Set(child.as_str().to_string()),
        last_name: Set(names.0.to_string()),
        first_name: Set(names.1.to_string()),
        patronymic: Set(names.2.map(str::to_string)),
        birth_date: Set(app::domain::dates::format_iso(child.birth_date())),
        created_at: Set(now),
        claim_status: Set(new.status.as_str().to_string()),
        claim_decided_by: Set(by_register.then(|| "register".to_string())),
        claim_decided_at: Set(by_register.then_some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            invalid(QueueError::ChildAlreadyAdded)
        } else {
            db_err(e)
        }
    })?;
    if new.dispute_others {
        for c in claims
            .iter()
            .filter(|c| status_of(c) == ClaimStatus::Unconfirmed)
        {
            children::Entity::update_many()
                .col_expr(
                    children::Column::ClaimStatus,
                    Expr::value(ClaimStatus::Disputed.as_str()),
                )
                .filter(children::Column::Id.eq(c.id))
                .exec(&txn)
                .await
                .map_err(db_err)?;
        }
        // Every other claimant learns at once that someone else claims the child.
        for c in &claims {
            notify(
                &txn,
                &c.parent_iin,
                &Notice::ParenthoodDisputed {
                    child_name: &format!("{} {}", c.last_name, c.first_name),
                },
                now,
            )
            .await
            .map_err(db_err)?;
        }
    }
    txn.commit().await.map_err(db_err)?;
    Ok(row.id)
}

/// The parent's view of their own claim `c` (with all claims on the same child at hand).
pub fn view_of(c: &children::Model, all_on_child: &[children::Model]) -> ClaimView {
    ClaimView {
        status: status_of(c),
        by_register: c.claim_decided_by.as_deref() == Some("register"),
        reason: c.claim_reason.clone(),
        certificate_size: c.certificate_size.map(|n| n.max(0) as u64),
        contested: all_on_child
            .iter()
            .any(|o| o.parent_iin != c.parent_iin && status_of(o).is_live()),
    }
}

/// Every claim on each of `iins`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn claims_on(
    db: &DatabaseConnection,
    iins: Vec<String>,
) -> Result<Vec<children::Model>, AppError> {
    if iins.is_empty() {
        return Ok(Vec::new());
    }
    children::Entity::find()
        .filter(children::Column::Iin.is_in(iins))
        .order_by_asc(children::Column::Id)
        .all(db)
        .await
        .map_err(db_err)
}

/// Child IINs (at most [`CLAIMS_SHOWN`], oldest claim first) queued in `department_id` by any
/// claim and with a claim waiting for the department. One bounded query, however long the
/// department's queue is.
#[tracing::instrument(level = "debug", skip_all)]
async fn waiting_in(db: &DatabaseConnection, department_id: i32) -> Result<Vec<String>, AppError> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::Query;
    let queued_here = Query::select()
        .column(queue_entries::Column::ChildIin)
        .from(queue_entries::Entity)
        .and_where(Expr::col(queue_entries::Column::DepartmentId).eq(department_id))
        .to_owned();
    let mut iins: Vec<String> = children::Entity::find()
        .select_only()
        .column(children::Column::Iin)
        .filter(children::Column::ClaimStatus.is_in([
            ClaimStatus::Unconfirmed.as_str(),
            ClaimStatus::Disputed.as_str(),
        ]))
        .filter(Expr::col(children::Column::Iin).in_subquery(queued_here))
        .order_by_asc(children::Column::Id)
        .limit(CLAIMS_SHOWN as u64 * 4)
        .into_tuple()
        .all(db)
        .await
        .map_err(db_err)?;
    let mut seen = std::collections::HashSet::new();
    iins.retain(|i| seen.insert(i.clone()));
    iins.truncate(CLAIMS_SHOWN);
    Ok(iins)
}

/// The department's confirmation page: children queued there with a claim waiting for it.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn pending(
    db: &DatabaseConnection,
    department_id: i32,
) -> Result<Vec<ChildClaims>, AppError> {
    let iins = waiting_in(db, department_id).await?;
    let claims = claims_on(db, iins.clone()).await?;
    let queued: std::collections::HashSet<i32> = queue_entries::Entity::find()
        .filter(
            queue_entries::Column::ChildId.is_in(claims.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|e| e.child_id)
        .collect();
    let parent_iins: Vec<String> = claims.iter().map(|c| c.parent_iin.clone()).collect();
    let names: std::collections::HashMap<String, String> = people::Entity::find()
        .filter(people::Column::Iin.is_in(parent_iins))
        .all(db)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|p| {
            let name =
                super::people::full_name(&p.last_name, &p.first_name, p.patronymic.as_deref());
            (p.iin, name)
        })
        .collect();
    let mut out = Vec::new();
    for iin in iins {
        let on_child: Vec<&children::Model> = claims.iter().filter(|c| c.iin == iin).collect();
        if !on_child.iter().any(|c| status_of(c).awaits_department()) {
            continue;
        }
        let birth = on_child
            .first()
            .and_then(|c| parse_date(&c.birth_date))
            .map(format_kz)
            .unwrap_or_default();
        out.push(ChildClaims {
            child_iin: iin.clone(),
            birth_date: birth,
            claims: on_child
                .iter()
                .map(|c| ClaimRow {
                    id: c.id,
                    child_name: super::people::full_name(
                        &c.last_name,
                        &c.first_name,
                        c.patronymic.as_deref(),
                    ),
                    parent_iin: c.parent_iin.clone(),
                    parent_name: names.get(&c.parent_iin).cloned().unwrap_or_default(),
                    status: status_of(c),
                    by_register: c.claim_decided_by.as_deref() == Some("register"),
                    added_on: format_kz(kz_date_of_unix(c.created_at)),
                    has_certificate: c.certificate_key.is_some(),
                    reason: c.claim_reason.clone(),
                    queued: queued.contains(&c.id),
                })
                .collect(),
        });
    }
    Ok(out)
}

/// Whether the child of claim `claim_id` is queued (by any claim) in `department_id`: the
/// department may decide on it and read its certificate. `None` when the claim does not exist
/// or the child is not the department's.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn claim_of_department(
    db: &DatabaseConnection,
    claim_id: i32,
    department_id: i32,
) -> Result<Option<children::Model>, AppError> {
    let Some(claim) = children::Entity::find_by_id(claim_id)
        .one(db)
        .await
        .map_err(db_err)?
    else {
        return Ok(None);
    };
    let queued_here = queue_entries::Entity::find()
        .filter(queue_entries::Column::ChildIin.eq(&claim.iin))
        .filter(queue_entries::Column::DepartmentId.eq(department_id))
        .one(db)
        .await
        .map_err(db_err)?
        .is_some();
    Ok(queued_here.then_some(claim))
}

/// The department's decision on a claim; returns the new status.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn decide(
    db: &DatabaseConnection,
    admin_iin: &str,
    department_id: i32,
    claim_id: i32,
    decision: &Decision,
    now: i64,
) -> Result<ClaimStatus, AppError> {
    let claim = claim_of_department(db, claim_id, department_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Checked first without the lock, for a quick answer to bad input.
    parenthood::decide(status_of(&claim), decision).map_err(refused)?;
    let txn = db.begin().await.map_err(db_err)?;
    let claims = lock_claims(&txn, &claim.iin).await.map_err(db_err)?;
    let current = claims
        .iter()
        .find(|c| c.id == claim_id)
        .ok_or(AppError::NotFound)?;
    let (status, reason) = parenthood::decide(status_of(current), decision).map_err(refused)?;
    children::Entity::update_many()
        .col_expr(children::Column::ClaimStatus, Expr::value(status.as_str()))
        .col_expr(children::Column::ClaimDecidedBy, Expr::value(admin_iin))
        .col_expr(children::Column::ClaimDecidedAt, Expr::value(now))
        .col_expr(children::Column::ClaimReason, Expr::value(reason.clone()))
        .filter(children::Column::Id.eq(claim_id))
        .exec(&txn)
        .await
        .map_err(db_err)?;
    let another_confirmed_queued = {
        let confirmed: Vec<i32> = claims
            .iter()
            .filter(|c| c.id != claim_id && status_of(c) == ClaimStatus::Confirmed)
            .map(|c| c.id)
            .collect();
        !confirmed.is_empty()
            && queue_entries::Entity::find()
                .filter(queue_entries::Column::ChildId.is_in(confirmed))
                .one(&txn)
                .await
                .map_err(db_err)?
                .is_some()
    };
    // A rejected claim leaves the queue; a confirmed one whose child already waits under the
    // other confirmed parent's registration too (the child waits once: the earlier one stays).
    if status == ClaimStatus::Rejected || another_confirmed_queued {
        queue_entries::Entity::delete_many()
            .filter(queue_entries::Column::ChildId.eq(claim_id))
            .filter(queue_entries::Column::Status.eq("waiting"))
            .exec(&txn)
            .await
            .map_err(db_err)?;
    }
    let mut after = claims.clone();
    for c in after.iter_mut().filter(|c| c.id == claim_id) {
        c.claim_status = status.as_str().to_string();
    }
    settle_all(&txn, &after).await.map_err(db_err)?;
    let name = format!("{} {}", current.last_name, current.first_name);
    let notice = match &reason {
        None => Notice::ParenthoodConfirmed { child_name: &name },
        Some(r) => Notice::ParenthoodRejected {
            child_name: &name,
            reason: r,
        },
    };
    notify(&txn, &current.parent_iin, &notice, now)
        .await
        .map_err(db_err)?;
    let detail = serde_json::json!({
        "child_iin": claim.iin,
        "parent_iin": claim.parent_iin,
        "certificate_sha256": current.certificate_sha256,
        "reason": reason,
    })
    .to_string();
    super::audit::record(
        &txn,
        super::audit::entry(
            now,
            admin_iin,
            if reason.is_none() {
                AuditAction::ParenthoodConfirm
            } else {
                AuditAction::ParenthoodReject
            },
            format!("child:{claim_id}"),
            detail,
        )
        .in_department(department_id),
    )
    .await
    .map_err(db_err)?;
    txn.commit().await.map_err(db_err)?;
    super::audit::flush(db).await;
    Ok(status)
}

/// A birth certificate stored for the parent's own claim `child_id`: records it (the status
/// follows `parenthood::on_certificate`) and returns the key of the certificate it replaced.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn attach_certificate(
    db: &DatabaseConnection,
    parent_iin: &str,
    child_id: i32,
    doc: (&str, &str, u64),
    now: i64,
) -> Result<Option<String>, AppError> {
    let claim = children::Entity::find_by_id(child_id)
        .filter(children::Column::ParentIin.eq(parent_iin))
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)?;
    let txn = db.begin().await.map_err(db_err)?;
    let claims = lock_claims(&txn, &claim.iin).await.map_err(db_err)?;
    let current = claims
        .iter()
        .find(|c| c.id == child_id)
        .ok_or(AppError::NotFound)?;
    let others_live = claims
        .iter()
        .any(|o| o.parent_iin != parent_iin && status_of(o).is_live());
    let status = parenthood::on_certificate(status_of(current), others_live).map_err(refused)?;
    let mut update = children::Entity::update_many()
        .col_expr(children::Column::ClaimStatus, Expr::value(status.as_str()))
        .col_expr(children::Column::CertificateKey, Expr::value(doc.0))
        .col_expr(children::Column::CertificateSha256, Expr::value(doc.1))
        .col_expr(children::Column::CertificateSize, Expr::value(doc.2 as i64))
        .col_expr(children::Column::CertificateAt, Expr::value(now));
    if status_of(current) == ClaimStatus::Rejected {
        update = update.col_expr(
            children::Column::ClaimReason,
            Expr::value(Option::<String>::None),
        );
    }
    update
        .filter(children::Column::Id.eq(child_id))
        .exec(&txn)
        .await
        .map_err(db_err)?;
    txn.commit().await.map_err(db_err)?;
    Ok(current.certificate_key.clone())
}
