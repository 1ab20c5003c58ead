//! Issuing referrals (taking a place) and expiring them (giving it back).
//!
//! Free places are never overbooked: a referral takes its place with one conditional
//! `UPDATE groups SET free_places = free_places - 1 WHERE id = ? AND free_places > 0` and the
//! queue entry with `UPDATE … SET status = 'referred' WHERE id = ? AND status = 'waiting'`,
//! both inside one transaction; if either touches no row the transaction is rolled back.
//! Expiry flips `active` → `expired` with a conditional update too, so a place is given back
//! exactly once even when two servers expire at the same time.
use app::api::IssuedReferral;
use app::domain::AuditAction;
use app::domain::Notice;
use app::domain::dates::{format_kz, parse_date};
use app::domain::notice::Names;
use app::domain::referral::{fits_age_period, referral_deadline};
use app::domain::{Iin, QueueError, ReferralStatus};
use app::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::entities::code::Code;
use super::entities::{
    age_periods, children, departments, groups, kindergartens, queue_entries, referrals,
};
use super::error::{db_err, invalid, is_unique_violation};
use super::notify::notify;

/// The first referral number (numbers look like `#378618`).
const FIRST_NUMBER: i32 = 378_601;

/// Issues a referral for the waiting queue entry `entry_id` of `department_id` to `group_id`,
/// valid `days` days from `now`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn issue(
    db: &DatabaseConnection,
    admin_iin: &str,
    department_id: i32,
    entry_id: i32,
    group_id: i32,
    days: u32,
    now: i64,
) -> Result<IssuedReferral, AppError> {
    let today = app::domain::dates::kz_date_of_unix(now);
    let deadline = referral_deadline(today, days).map_err(invalid)?;
    let entry = queue_entries::Entity::find_by_id(entry_id)
        .one(db)
        .await
        .map_err(db_err)?
        .filter(|e| e.department_id == department_id)
        .ok_or(AppError::NotFound)?;
    let group = groups::Entity::find_by_id(group_id)
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)?;
    let kindergarten = kindergartens::Entity::find_by_id(group.kindergarten_id)
        .one(db)
        .await
        .map_err(db_err)?
        .filter(|k| k.department_id == department_id)
        .ok_or(AppError::NotFound)?;
    let child = children::Entity::find_by_id(entry.child_id)
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)?;
    // Only a child whose parenthood is confirmed gets a referral (issue 26): a stranger who
    // queued someone else's child never takes a place for it.
    super::parenthood::status_of(&child)
        .check_referral()
        .map_err(|e| {
            use app::domain::Localized;
            AppError::Invalid(e.code().into())
        })?;
    let period = age_periods::Entity::find_by_id(group.age_period_id)
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)?;
    let birth = Iin::parse(&child.iin)
        .map_err(|_| AppError::Unavailable)?
        .birth_date();
    if !fits_age_period(
        birth,
        today,
        period.from_years as u32,
        period.to_years as u32,
    ) {
        return Err(invalid(QueueError::WrongAgeGroup));
    }
    let department = departments::Entity::find_by_id(department_id)
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)?;

    for _attempt in 0..3 {
        let txn = db.begin().await.map_err(db_err)?;
        // Writes first: the transaction holds the write lock from its first statement.
        let taken = groups::Entity::update_many()
            .col_expr(
                groups::Column::FreePlaces,
                Expr::col(groups::Column::FreePlaces).sub(1),
            )
            .filter(groups::Column::Id.eq(group_id))
            .filter(groups::Column::FreePlaces.gt(0))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if taken.rows_affected != 1 {
            txn.rollback().await.map_err(db_err)?;
            return Err(invalid(QueueError::NoFreePlaces));
        }
        let referred = queue_entries::Entity::update_many()
            .col_expr(queue_entries::Column::Status, Expr::value("referred"))
            .filter(queue_entries::Column::Id.eq(entry_id))
            .filter(queue_entries::Column::Status.eq("waiting"))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if referred.rows_affected != 1 {
            txn.rollback().await.map_err(db_err)?;
            return Err(invalid(QueueError::NotWaiting));
        }
        kindergartens::Entity::update_many()
            .col_expr(
                kindergartens::Column::FreePlaces,
                Expr::col(kindergartens::Column::FreePlaces).sub(1),
            )
            .filter(kindergartens::Column::Id.eq(kindergarten.id))
            .filter(kindergartens::Column::FreePlaces.gt(0))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        let last = referrals::Entity::find()
            .order_by_desc(referrals::Column::Number)
            .one(&txn)
            .await
            .map_err(db_err)?;
        let number = last.map_or(FIRST_NUMBER, |r| r.number + 1);
        let inserted = referrals::ActiveModel {
            number: Set(number),
            queue_entry_id: Set(entry.id),
            child_id: Set(child.id),
            parent_iin: Set(child.parent_iin.clone()),
            department_id: Set(department_id),
            kindergarten_id: Set(kindergarten.id),
            group_id: Set(group.id),
            age_period_id: Set(period.id),
            issued_at: Set(now),
            issued_by: Set(admin_iin.to_string()),
            deadline: Set(app::domain::dates::format_iso(deadline)),
            status: Set(ReferralStatus::Active.into()),
            status_changed_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                // Another server took the same number: try again with the next one.
                txn.rollback().await.map_err(db_err)?;
                continue;
            }
            Err(e) => return Err(db_err(e)),
        }
        let child_name = format!("{} {}", child.last_name, child.first_name);
        notify(
            &txn,
            &child.parent_iin,
            &Notice::ReferralIssued {
                child_name: &child_name,
                number,
                kindergarten: Names {
                    kk: &kindergarten.name_kk,
                    ru: &kindergarten.name_ru,
                },
                group: Names {
                    kk: &group.name_kk,
                    ru: &group.name_ru,
                },
                deadline,
            },
            now,
        )
        .await
        .map_err(db_err)?;
        super::audit::record(
            &txn,
            super::audit::entry(
                now,
                admin_iin,
                AuditAction::ReferralIssued,
                format!("referral:{number}"),
                serde_json::json!({ "queue_entry": entry_id, "group": group_id, "days": days })
                    .to_string(),
            )
            .in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        super::audit::flush(db).await;
        tracing::info!(number, department = department.id, "referral issued");
        return Ok(IssuedReferral {
            number: number as u32,
            deadline: format_kz(deadline),
        });
    }
    Err(AppError::Unavailable)
}

/// Expires every active referral whose deadline is before today: the referral becomes
/// `expired`, the group and kindergarten get the place back, the child waits in the queue
/// again with the original registration date, and the parent is notified. Returns how many
/// expired.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn expire_overdue(db: &DatabaseConnection, now: i64) -> Result<u32, AppError> {
    let today = app::domain::dates::format_iso(app::domain::dates::kz_date_of_unix(now));
    let due = referrals::Entity::find()
        .filter(referrals::Column::Status.eq(Code(ReferralStatus::Active)))
        .filter(referrals::Column::Deadline.lt(today))
        .all(db)
        .await
        .map_err(db_err)?;
    let mut expired = 0;
    for r in due {
        let txn = db.begin().await.map_err(db_err)?;
        let flipped = referrals::Entity::update_many()
            .col_expr(
                referrals::Column::Status,
                Expr::value(Code(ReferralStatus::Expired)),
            )
            .col_expr(referrals::Column::StatusChangedAt, Expr::value(now))
            .filter(referrals::Column::Id.eq(r.id))
            .filter(referrals::Column::Status.eq(Code(ReferralStatus::Active)))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if flipped.rows_affected != 1 {
            txn.rollback().await.map_err(db_err)?;
            continue;
        }
        groups::Entity::update_many()
            .col_expr(
                groups::Column::FreePlaces,
                Expr::col(groups::Column::FreePlaces).add(1),
            )
            .filter(groups::Column::Id.eq(r.group_id))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        kindergartens::Entity::update_many()
            .col_expr(
                kindergartens::Column::FreePlaces,
                Expr::col(kindergartens::Column::FreePlaces).add(1),
            )
            .filter(kindergartens::Column::Id.eq(r.kindergarten_id))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        queue_entries::Entity::update_many()
            .col_expr(queue_entries::Column::Status, Expr::value("waiting"))
            .filter(queue_entries::Column::Id.eq(r.queue_entry_id))
            .filter(queue_entries::Column::Status.eq("referred"))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        let deadline = parse_date(&r.deadline).map(format_kz).unwrap_or(r.deadline);
        notify(
            &txn,
            &r.parent_iin,
            &Notice::ReferralExpired {
                number: r.number,
                deadline: &deadline,
            },
            now,
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        expired += 1;
    }
    if expired > 0 {
        tracing::info!(expired, "referrals expired");
    }
    Ok(expired)
}
