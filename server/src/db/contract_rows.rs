//! Thin queries on contracts and the rows they point to, for the contract use cases
//! (`crate::contracts`): each function is one lookup or one statement and decides nothing —
//! which status may move where, what the parent is told and what is audited is the use
//! case's. Writes that must happen together take the caller's transaction.
use app::domain::Localized;
use app::domain::{
    ContractDraft, ContractError, ContractNumber, ContractStatus, ContractTerms, DocumentDigest,
    DocumentKind, PersonName, ReferralStatus, ValidContract, canonical_bytes,
};
use app::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::entities::code::Code;
use super::entities::{
    age_periods, children, contract_drafts, contract_sequences, contracts, departments, documents,
    groups, kindergartens, queue_entries, referrals, tariffs,
};
use super::error::{db_err, is_unique_violation};

/// A refusal of the parent's request by a contract rule (its code, translated at the edge).
pub(crate) fn refused(e: ContractError) -> AppError {
    AppError::Invalid(e.code().into())
}

/// The parent's own referral `id` (after expiring overdue referrals, so an expired one is
/// never taken for active); anyone else's is not found.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn own_referral(
    db: &sea_orm::DatabaseConnection,
    now: i64,
    iin: &str,
    id: i32,
) -> Result<referrals::Model, AppError> {
    super::referrals::expire_overdue(db, now).await?;
    referrals::Entity::find_by_id(id)
        .filter(referrals::Column::ParentIin.eq(iin))
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)
}

/// Everything a referral points to that a contract's terms name.
pub(crate) struct ReferralPlaces {
    pub kindergarten: kindergartens::Model,
    pub department: departments::Model,
    pub group: groups::Model,
    pub age_period: age_periods::Model,
    pub child: children::Model,
}

/// The rows referral `r` points to (a missing one is a broken database: `Unavailable`).
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn places_of(
    db: &impl ConnectionTrait,
    r: &referrals::Model,
) -> Result<ReferralPlaces, AppError> {
    async fn one<E: EntityTrait>(db: &impl ConnectionTrait, id: i32) -> Result<E::Model, AppError>
    where
        <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32>,
    {
        E::find_by_id(id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)
    }
    Ok(ReferralPlaces {
        kindergarten: one::<kindergartens::Entity>(db, r.kindergarten_id).await?,
        department: one::<departments::Entity>(db, r.department_id).await?,
        group: one::<groups::Entity>(db, r.group_id).await?,
        age_period: one::<age_periods::Entity>(db, r.age_period_id).await?,
        child: one::<children::Entity>(db, r.child_id).await?,
    })
}

/// The tariff in force on `day` for the department and age period.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn tariff(
    db: &impl ConnectionTrait,
    department_id: i32,
    age_period_id: i32,
    day: time::Date,
) -> Result<Option<u64>, AppError> {
    let t = tariffs::Entity::find()
        .filter(tariffs::Column::DepartmentId.eq(department_id))
        .filter(tariffs::Column::AgePeriodId.eq(age_period_id))
        .filter(tariffs::Column::EffectiveFrom.lte(day))
        .filter(
            Condition::any()
                .add(tariffs::Column::EffectiveTo.is_null())
                .add(tariffs::Column::EffectiveTo.gte(day)),
        )
        .order_by_desc(tariffs::Column::EffectiveFrom)
        .one(db)
        .await
        .map_err(db_err)?;
    Ok(t.map(|t| t.monthly_amount_tenge.max(0) as u64))
}

/// The documents of the validated draft as stored: each must be the parent's live upload
/// of that kind for this referral; size and hash come from our records, not the browser.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn stored_digests(
    db: &impl ConnectionTrait,
    iin: &str,
    referral_id: i32,
    contract: &ValidContract,
) -> Result<Vec<DocumentDigest>, AppError> {
    let d = &contract.documents;
    let slots = [
        (DocumentKind::Photo, Some(&d.photo)),
        (DocumentKind::HealthPassport, Some(&d.health_passport)),
        (DocumentKind::HealthCertificate, Some(&d.health_certificate)),
        (DocumentKind::PmpkConclusion, d.pmpk_conclusion.as_ref()),
    ];
    let mut out = Vec::new();
    for (kind, doc) in slots {
        let Some(doc) = doc else { continue };
        let row = documents::Entity::find_by_id(doc.id.clone())
            .filter(documents::Column::OwnerIin.eq(iin))
            .filter(documents::Column::ReferralId.eq(referral_id))
            .filter(documents::Column::Kind.eq(kind.form_name()))
            .filter(documents::Column::DeletedAt.is_null())
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or_else(|| refused(ContractError::DocumentNotFound))?;
        out.push(DocumentDigest {
            kind,
            sha256_hex: row.sha256,
            size: row.size.max(0) as u64,
        });
    }
    Ok(out)
}

/// The next number of `department` for the month of `date` (one sequence per department
/// and month, taken with a conditional update: two parents never get the same number).
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn next_number(
    db: &impl ConnectionTrait,
    dep: &departments::Model,
    date: time::Date,
) -> Result<ContractNumber, AppError> {
    let (year, month) = (date.year(), u8::from(date.month()) as i32);
    let code = |s: &str| s.trim().parse::<u8>().map_err(|_| AppError::Unavailable);
    let (dep_code, district) = (code(&dep.code)?, code(&dep.district_code)?);
    for _ in 0..20 {
        let row = contract_sequences::Entity::find_by_id((dep.id, year, month))
            .one(db)
            .await
            .map_err(db_err)?;
        let seq = match row {
            None => {
                let inserted = contract_sequences::ActiveModel {
                    department_id: Set(dep.id),
                    year: Set(year),
                    month: Set(month),
                    last_seq: Set(1),
                }
                .insert(db)
                .await;
                match inserted {
                    Ok(_) => 1,
                    Err(e) if is_unique_violation(&e) => continue,
                    Err(e) => return Err(db_err(e)),
                }
            }
            Some(r) => {
                let res = contract_sequences::Entity::update_many()
                    .col_expr(
                        contract_sequences::Column::LastSeq,
                        Expr::value(r.last_seq + 1),
                    )
                    .filter(contract_sequences::Column::DepartmentId.eq(dep.id))
                    .filter(contract_sequences::Column::Year.eq(year))
                    .filter(contract_sequences::Column::Month.eq(month))
                    .filter(contract_sequences::Column::LastSeq.eq(r.last_seq))
                    .exec(db)
                    .await
                    .map_err(db_err)?;
                if res.rows_affected == 0 {
                    continue;
                }
                r.last_seq + 1
            }
        };
        return ContractNumber::new(dep_code, district, month as u8, year as u16, seq as u32)
            .ok_or(AppError::Unavailable);
    }
    Err(AppError::Unavailable)
}

/// The parent's newest contract of `status` under referral `referral_id`.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn latest_with_status(
    db: &impl ConnectionTrait,
    iin: &str,
    referral_id: i32,
    status: ContractStatus,
) -> Result<Option<contracts::Model>, AppError> {
    contracts::Entity::find()
        .filter(contracts::Column::ReferralId.eq(referral_id))
        .filter(contracts::Column::ParentIin.eq(iin))
        .filter(contracts::Column::Status.eq(Code(status)))
        .order_by_desc(contracts::Column::Id)
        .one(db)
        .await
        .map_err(db_err)
}

/// A prepared contract's row: terms fixed, number given, not yet signed.
pub(crate) struct PreparedRow {
    pub number: String,
    pub referral_id: i32,
    pub parent_iin: String,
    pub kindergarten_id: i32,
    pub department_id: i32,
    pub group_id: i32,
    pub previous_id: Option<i32>,
    pub terms: ContractTerms,
    pub canonical: Vec<u8>,
    pub canonical_sha256: String,
    pub now: i64,
}

/// Writes a prepared contract: over the earlier draft `existing` (which keeps its id and
/// history) or as a new draft row. Returns the contract's id.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn store_prepared(
    db: &impl ConnectionTrait,
    existing: Option<contracts::Model>,
    p: PreparedRow,
) -> Result<i32, AppError> {
    let json = serde_json::to_string(&p.terms).map_err(|_| AppError::Unavailable)?;
    let search_text = search_text_of(&p.terms);
    let id = match existing {
        Some(e) => {
            let mut am: contracts::ActiveModel = e.into();
            am.number = Set(p.number);
            am.terms_json = Set(json);
            am.canonical = Set(p.canonical);
            am.canonical_sha256 = Set(p.canonical_sha256);
            am.kindergarten_id = Set(p.kindergarten_id);
            am.department_id = Set(p.department_id);
            am.group_id = Set(p.group_id);
            am.search_text = Set(search_text);
            am.updated_at = Set(p.now);
            am.update(db).await.map_err(db_err)?.id
        }
        // Inserted without reading the row (and its canonical bytes) back.
        None => {
            let row = contracts::ActiveModel {
                number: Set(p.number),
                referral_id: Set(p.referral_id),
                parent_iin: Set(p.parent_iin),
                kindergarten_id: Set(p.kindergarten_id),
                department_id: Set(p.department_id),
                group_id: Set(p.group_id),
                search_text: Set(search_text),
                previous_id: Set(p.previous_id),
                status: Set(ContractStatus::Draft.into()),
                terms_json: Set(json),
                canonical: Set(p.canonical),
                canonical_sha256: Set(p.canonical_sha256),
                created_at: Set(p.now),
                updated_at: Set(p.now),
                ..Default::default()
            };
            contracts::Entity::insert(row)
                .exec(db)
                .await
                .map_err(db_err)?
                .last_insert_id
        }
    };
    Ok(id)
}

/// The parent's contract sent with `idempotency_key`, if one was.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn sent_with_key(
    db: &impl ConnectionTrait,
    iin: &str,
    idempotency_key: &str,
) -> Result<Option<contracts::Model>, AppError> {
    contracts::Entity::find()
        .filter(contracts::Column::IdempotencyKey.eq(idempotency_key))
        .filter(contracts::Column::ParentIin.eq(iin))
        .one(db)
        .await
        .map_err(db_err)
}

/// The parent's own contract `id`; anyone else's is not found.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn own_contract(
    db: &impl ConnectionTrait,
    iin: &str,
    id: i32,
) -> Result<contracts::Model, AppError> {
    contracts::Entity::find_by_id(id)
        .filter(contracts::Column::ParentIin.eq(iin))
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)
}

/// Contract `id` if it belongs to one of `kindergartens` and was sent (staff never see
/// drafts).
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn kindergartens_contract(
    db: &impl ConnectionTrait,
    kindergartens: &[i32],
    id: i32,
) -> Result<contracts::Model, AppError> {
    contracts::Entity::find_by_id(id)
        .filter(contracts::Column::KindergartenId.is_in(kindergartens.to_vec()))
        .filter(contracts::Column::Status.ne(Code(ContractStatus::Draft)))
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::NotFound)
}

/// Whether the parent's upload with this hash for the referral is still stored (not deleted).
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn document_is_stored(
    db: &impl ConnectionTrait,
    iin: &str,
    referral_id: i32,
    sha256_hex: &str,
) -> Result<bool, AppError> {
    Ok(documents::Entity::find()
        .filter(documents::Column::OwnerIin.eq(iin))
        .filter(documents::Column::ReferralId.eq(referral_id))
        .filter(documents::Column::Sha256.eq(sha256_hex))
        .filter(documents::Column::DeletedAt.is_null())
        .one(db)
        .await
        .map_err(db_err)?
        .is_some())
}

/// Writes (and so locks, in the caller's transaction) the parent's stored upload with this
/// hash for the referral; 0 rows when it was deleted meanwhile.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn hold_document(
    db: &impl ConnectionTrait,
    iin: &str,
    referral_id: i32,
    sha256_hex: &str,
) -> Result<u64, DbErr> {
    Ok(documents::Entity::update_many()
        .col_expr(
            documents::Column::DeletedAt,
            Expr::value(Option::<i64>::None),
        )
        .filter(documents::Column::OwnerIin.eq(iin))
        .filter(documents::Column::ReferralId.eq(referral_id))
        .filter(documents::Column::Sha256.eq(sha256_hex))
        .filter(documents::Column::DeletedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The parent's signature on draft `c` (still the same canonical bytes): the contract moves
/// to `to`. 0 rows when it is no longer that draft.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn record_parent_signature(
    db: &impl ConnectionTrait,
    c: &contracts::Model,
    to: ContractStatus,
    cms_der: Vec<u8>,
    signer: String,
    idempotency_key: &str,
    now: i64,
) -> Result<u64, DbErr> {
    Ok(contracts::Entity::update_many()
        .col_expr(contracts::Column::Status, Expr::value(Code(to)))
        .col_expr(contracts::Column::ParentCms, Expr::value(cms_der))
        .col_expr(contracts::Column::ParentSigner, Expr::value(signer))
        .col_expr(contracts::Column::ParentSignedAt, Expr::value(now))
        .col_expr(
            contracts::Column::IdempotencyKey,
            Expr::value(idempotency_key),
        )
        .col_expr(contracts::Column::UpdatedAt, Expr::value(now))
        .filter(contracts::Column::Id.eq(c.id))
        .filter(contracts::Column::Status.eq(Code(ContractStatus::Draft)))
        .filter(contracts::Column::CanonicalSha256.eq(&c.canonical_sha256))
        .exec(db)
        .await?
        .rows_affected)
}

/// The kindergarten's signature on contract `id` in status `from`: it moves to `to`. 0 rows
/// when its status changed meanwhile.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn record_kindergarten_signature(
    db: &impl ConnectionTrait,
    id: i32,
    from: ContractStatus,
    to: ContractStatus,
    cms_der: Vec<u8>,
    signer: String,
    now: i64,
) -> Result<u64, DbErr> {
    Ok(contracts::Entity::update_many()
        .col_expr(contracts::Column::Status, Expr::value(Code(to)))
        .col_expr(contracts::Column::KindergartenCms, Expr::value(cms_der))
        .col_expr(contracts::Column::KindergartenSigner, Expr::value(signer))
        .col_expr(contracts::Column::KindergartenSignedAt, Expr::value(now))
        .col_expr(contracts::Column::UpdatedAt, Expr::value(now))
        .filter(contracts::Column::Id.eq(id))
        .filter(contracts::Column::Status.eq(Code(from)))
        .exec(db)
        .await?
        .rows_affected)
}

/// The kindergarten's refusal of contract `id` in status `from`: it moves to `to` with the
/// reason and comment. 0 rows when its status changed meanwhile.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn record_refusal(
    db: &impl ConnectionTrait,
    id: i32,
    from: ContractStatus,
    to: ContractStatus,
    reason: &str,
    comment: &str,
    now: i64,
) -> Result<u64, DbErr> {
    Ok(contracts::Entity::update_many()
        .col_expr(contracts::Column::Status, Expr::value(Code(to)))
        .col_expr(contracts::Column::RefusalReason, Expr::value(reason))
        .col_expr(contracts::Column::RefusalComment, Expr::value(comment))
        .col_expr(contracts::Column::UpdatedAt, Expr::value(now))
        .filter(contracts::Column::Id.eq(id))
        .filter(contracts::Column::Status.eq(Code(from)))
        .exec(db)
        .await?
        .rows_affected)
}

/// Moves referral `id` to `to` — only from `from` when given. Returns the rows moved.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn move_referral(
    db: &impl ConnectionTrait,
    id: i32,
    from: Option<ReferralStatus>,
    to: ReferralStatus,
    now: i64,
) -> Result<u64, DbErr> {
    let mut update = referrals::Entity::update_many()
        .col_expr(referrals::Column::Status, Expr::value(Code(to)))
        .col_expr(referrals::Column::StatusChangedAt, Expr::value(now))
        .filter(referrals::Column::Id.eq(id));
    if let Some(from) = from {
        update = update.filter(referrals::Column::Status.eq(Code(from)));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// Referral `id` (a missing one is a broken database: `Unavailable`).
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn referral(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<referrals::Model, AppError> {
    referrals::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(db_err)?
        .ok_or(AppError::Unavailable)
}

/// The queue entry `id` ends: the child was admitted.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn admit_queue_entry(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    queue_entries::Entity::update_many()
        .col_expr(queue_entries::Column::Status, Expr::value("admitted"))
        .filter(queue_entries::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The wizard draft of referral `referral_id`, if it is readable.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn wizard_draft(
    db: &impl ConnectionTrait,
    referral_id: i32,
) -> Result<Option<ContractDraft>, DbErr> {
    Ok(contract_drafts::Entity::find_by_id(referral_id)
        .one(db)
        .await?
        .and_then(|d| serde_json::from_str::<ContractDraft>(&d.json).ok()))
}

/// Deletes the wizard draft of referral `referral_id`.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn delete_wizard_draft(
    db: &impl ConnectionTrait,
    referral_id: i32,
) -> Result<(), DbErr> {
    contract_drafts::Entity::delete_by_id(referral_id)
        .exec(db)
        .await?;
    Ok(())
}

/// The stored terms of a contract; they must still give the stored canonical bytes.
pub(crate) fn terms_of(c: &contracts::Model) -> Result<ContractTerms, AppError> {
    let terms: ContractTerms = serde_json::from_str(&c.terms_json).map_err(|e| {
        tracing::error!(contract = c.id, error = %e, "stored terms unreadable");
        AppError::Unavailable
    })?;
    if canonical_bytes(&terms) != c.canonical {
        tracing::error!(
            contract = c.id,
            "stored terms differ from the canonical bytes"
        );
        return Err(AppError::Unavailable);
    }
    Ok(terms)
}

/// What staff search finds a contract by: its number, the child's and the parent's names
/// and IINs, lower-cased.
pub(crate) fn search_text_of(t: &ContractTerms) -> String {
    let r = &t.representative;
    let c = &t.child;
    let name = |p: &Option<PersonName>| {
        p.as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default()
    };
    format!(
        "{} {} {} {} {} {} {} {} {}",
        t.number,
        c.last_name.as_str(),
        c.first_name.as_str(),
        name(&c.patronymic),
        c.iin.as_str(),
        r.last_name.as_str(),
        r.first_name.as_str(),
        name(&r.patronymic),
        r.iin.as_str()
    )
    .to_lowercase()
}
