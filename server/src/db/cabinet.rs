//! The parent's cabinet: children, queue, referrals, notifications and saved requisites.
//! Every query is filtered by the caller's IIN: another family's ids are simply not found.
use app::domain::CertifiedIin;
use std::collections::HashMap;

use app::api::SavedRequisites;
use app::api::{Bi, ChildView, DepartmentOption, NotificationView, QueueView, ReferralView};
use app::domain::dates::{format_kz, kz_date_of_unix, parse_date};
use app::domain::referral::MAX_PREFERRED;
use app::domain::{Iin, QueueError};
use app::error::AppError;
use app::ports::Cabinet;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::entities::{
    age_periods, children, departments, groups, kindergartens, notifications, queue_entries,
    referrals, saved_requisites,
};
use super::error::{db_err, invalid, is_unique_violation};
use super::people::full_name;
use super::referrals::expire_overdue;
use crate::clock::Clock;

/// Notifications shown in the cabinet (the newest).
const NOTIFICATIONS_SHOWN: u64 = 50;

pub struct CabinetRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
    /// Confirms parenthood claims it knows (`population_register`).
    pub register: std::sync::Arc<dyn crate::population_register::PopulationRegister>,
    /// Most children one cabinet holds (`Config::max_children_per_cabinet`).
    pub max_children: usize,
}

fn kz(iso: &str) -> String {
    parse_date(iso)
        .map(format_kz)
        .unwrap_or_else(|| iso.to_string())
}

pub(crate) fn parse_preferred(s: &str) -> Vec<i32> {
    s.split(',').filter_map(|x| x.trim().parse().ok()).collect()
}

/// 1-based position of a waiting entry among its department's waiting entries.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn position_of(
    db: &DatabaseConnection,
    entry: &queue_entries::Model,
) -> Result<u32, AppError> {
    let ahead = queue_entries::Entity::find()
        .filter(queue_entries::Column::DepartmentId.eq(entry.department_id))
        .filter(queue_entries::Column::Status.eq("waiting"))
        .filter(
            Condition::any()
                .add(queue_entries::Column::RegisteredAt.lt(entry.registered_at))
                .add(
                    Condition::all()
                        .add(queue_entries::Column::RegisteredAt.eq(entry.registered_at))
                        .add(queue_entries::Column::Id.lt(entry.id)),
                ),
        )
        .count(db)
        .await
        .map_err(db_err)?;
    Ok(ahead as u32 + 1)
}

#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn kindergarten_names(
    db: &DatabaseConnection,
    ids: &[i32],
) -> Result<HashMap<i32, kindergartens::Model>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(kindergartens::Entity::find()
        .filter(kindergartens::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|k| (k.id, k))
        .collect())
}

#[async_trait::async_trait]
impl Cabinet for CabinetRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn children(&self, parent_iin: &CertifiedIin) -> Result<Vec<ChildView>, AppError> {
        let kids = children::Entity::find()
            .filter(children::Column::ParentIin.eq(parent_iin.as_str()))
            .order_by_asc(children::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let all_claims =
            super::parenthood::claims_on(&self.db, kids.iter().map(|c| c.iin.clone()).collect())
                .await?;
        let mut out = Vec::with_capacity(kids.len());
        for c in kids {
            let on_child: Vec<children::Model> = all_claims
                .iter()
                .filter(|o| o.iin == c.iin)
                .cloned()
                .collect();
            let claim = super::parenthood::view_of(&c, &on_child);
            let mut entry = queue_entries::Entity::find()
                .filter(queue_entries::Column::ChildId.eq(c.id))
                .one(&self.db)
                .await
                .map_err(db_err)?;
            // A confirmed parent sees the child's place when the other confirmed parent
            // registered it (the child waits once).
            if entry.is_none() && claim.status == app::domain::ClaimStatus::Confirmed {
                let confirmed: Vec<i32> = on_child
                    .iter()
                    .filter(|o| {
                        o.id != c.id
                            && super::parenthood::status_of(o)
                                == app::domain::ClaimStatus::Confirmed
                    })
                    .map(|o| o.id)
                    .collect();
                if !confirmed.is_empty() {
                    entry = queue_entries::Entity::find()
                        .filter(queue_entries::Column::ChildId.is_in(confirmed))
                        .one(&self.db)
                        .await
                        .map_err(db_err)?;
                }
            }
            let queue = match entry {
                None => None,
                Some(e) => {
                    let dep = departments::Entity::find_by_id(e.department_id)
                        .one(&self.db)
                        .await
                        .map_err(db_err)?
                        .ok_or(AppError::Unavailable)?;
                    let ids = parse_preferred(&e.preferred);
                    let names = kindergarten_names(&self.db, &ids).await?;
                    let position = if e.status == "waiting" {
                        Some(position_of(&self.db, &e).await?)
                    } else {
                        None
                    };
                    Some(QueueView {
                        department: Bi::new(dep.name_kk, dep.name_ru),
                        position,
                        registered_on: format_kz(kz_date_of_unix(e.registered_at)),
                        preferred: ids
                            .iter()
                            .filter_map(|id| names.get(id))
                            .map(|k| Bi::new(k.name_kk.clone(), k.name_ru.clone()))
                            .collect(),
                    })
                }
            };
            out.push(ChildView {
                id: c.id,
                full_name: full_name(&c.last_name, &c.first_name, c.patronymic.as_deref()),
                birth_date: kz(&c.birth_date),
                iin: c.iin,
                claim,
                queue,
            });
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn add_child(
        &self,
        parent_iin: &CertifiedIin,
        child: &Iin,
        last_name: &str,
        first_name: &str,
        patronymic: Option<&str>,
    ) -> Result<i32, AppError> {
        let already = children::Entity::find()
            .filter(children::Column::ParentIin.eq(parent_iin.as_str()))
            .filter(children::Column::Iin.eq(child.as_str()))
            .count(&self.db)
            .await
            .map_err(db_err)?;
        if already > 0 {
            return Err(invalid(QueueError::ChildAlreadyAdded));
        }
        let held = children::Entity::find()
            .filter(children::Column::ParentIin.eq(parent_iin.as_str()))
            .count(&self.db)
            .await
            .map_err(db_err)?;
        if held >= self.max_children as u64 {
            return Err(invalid(QueueError::TooManyChildren));
        }
        // Asked before the transaction: the register is a network call.
        let verdict = self
            .register
            .verdict(parent_iin.as_str(), child.as_str())
            .await;
        super::parenthood::add_claim(
            &self.db,
            verdict,
            parent_iin.as_str(),
            child,
            (last_name, first_name, patronymic),
            (self.clock)(),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn departments(&self) -> Result<Vec<DepartmentOption>, AppError> {
        let deps = departments::Entity::find()
            .order_by_asc(departments::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let kgs = kindergartens::Entity::find()
            .order_by_asc(kindergartens::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        Ok(deps
            .into_iter()
            .map(|d| DepartmentOption {
                id: d.id,
                kindergartens: kgs
                    .iter()
                    .filter(|k| k.department_id == d.id)
                    .map(|k| (k.id, Bi::new(k.name_kk.clone(), k.name_ru.clone())))
                    .collect(),
                name: Bi::new(d.name_kk, d.name_ru),
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn register_in_queue(
        &self,
        parent_iin: &CertifiedIin,
        child_id: i32,
        preferred: &[i32],
    ) -> Result<(), AppError> {
        let child = children::Entity::find_by_id(child_id)
            .filter(children::Column::ParentIin.eq(parent_iin.as_str()))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        // A stranger's claim never blocks the parent; a confirmed parent's registration does.
        let others: Vec<i32> = children::Entity::find()
            .filter(children::Column::Iin.eq(&child.iin))
            .filter(children::Column::Id.ne(child.id))
            .all(&self.db)
            .await
            .map_err(db_err)?
            .iter()
            .filter(|o| super::parenthood::status_of(o) == app::domain::ClaimStatus::Confirmed)
            .map(|o| o.id)
            .collect();
        let confirmed_queued = !others.is_empty()
            && queue_entries::Entity::find()
                .filter(queue_entries::Column::ChildId.is_in(others))
                .one(&self.db)
                .await
                .map_err(db_err)?
                .is_some();
        let others_queued: &[app::domain::ClaimStatus] = if confirmed_queued {
            &[app::domain::ClaimStatus::Confirmed]
        } else {
            &[]
        };
        super::parenthood::status_of(&child)
            .check_queue(others_queued)
            .map_err(|e| {
                use app::domain::Localized;
                AppError::Invalid(e.code().into())
            })?;
        let mut ids: Vec<i32> = Vec::new();
        for id in preferred {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        if ids.is_empty() {
            return Err(invalid(QueueError::NoPreference));
        }
        if ids.len() > MAX_PREFERRED {
            return Err(invalid(QueueError::TooManyPreferences));
        }
        let found = kindergarten_names(&self.db, &ids).await?;
        let department_id = found
            .get(&ids[0])
            .map(|k| k.department_id)
            .ok_or(AppError::NotFound)?;
        if ids.iter().any(|id| {
            found
                .get(id)
                .is_none_or(|k| k.department_id != department_id)
        }) {
            return Err(invalid(QueueError::KindergartenNotInDepartment));
        }
        let preferred = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
        let res = queue_entries::ActiveModel {
            child_id: Set(child.id),
            child_iin: Set(child.iin.clone()),
            department_id: Set(department_id),
            preferred: Set(preferred),
            registered_at: Set((self.clock)()),
            status: Set("waiting".into()),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match res {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(invalid(QueueError::AlreadyQueued)),
            Err(e) => Err(db_err(e)),
        }
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn referrals(&self, parent_iin: &CertifiedIin) -> Result<Vec<ReferralView>, AppError> {
        expire_overdue(&self.db, (self.clock)()).await?;
        let rows = referrals::Entity::find()
            .filter(referrals::Column::ParentIin.eq(parent_iin.as_str()))
            .order_by_desc(referrals::Column::IssuedAt)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.view(r).await?);
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn referral_status(
        &self,
        parent_iin: &CertifiedIin,
        id: i32,
    ) -> Result<app::domain::ReferralStatus, AppError> {
        Ok(self.own_referral_row(parent_iin, id).await?.status.0)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn referral(&self, parent_iin: &CertifiedIin, id: i32) -> Result<ReferralView, AppError> {
        let r = self.own_referral_row(parent_iin, id).await?;
        self.view(r).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn documents(
        &self,
        parent_iin: &CertifiedIin,
        referral_id: i32,
    ) -> Result<app::domain::DocumentsDraft, AppError> {
        use super::entities::documents;
        let rows = documents::Entity::find()
            .filter(documents::Column::OwnerIin.eq(parent_iin.as_str()))
            .filter(documents::Column::ReferralId.eq(referral_id))
            .filter(documents::Column::DeletedAt.is_null())
            .order_by_asc(documents::Column::CreatedAt)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut draft = app::domain::DocumentsDraft::default();
        for d in rows {
            if let Some(kind) = app::domain::DocumentKind::parse(&d.kind) {
                draft.set(
                    kind,
                    Some(app::domain::DocumentRef {
                        id: d.key,
                        sha256_hex: d.sha256,
                        size: d.size as u64,
                    }),
                );
            }
        }
        Ok(draft)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn notifications(&self, iin: &CertifiedIin) -> Result<Vec<NotificationView>, AppError> {
        expire_overdue(&self.db, (self.clock)()).await?;
        Ok(notifications::Entity::find()
            .filter(notifications::Column::Iin.eq(iin.as_str()))
            .order_by_desc(notifications::Column::CreatedAt)
            .order_by_desc(notifications::Column::Id)
            .limit(NOTIFICATIONS_SHOWN)
            .all(&self.db)
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|n| NotificationView {
                id: n.id,
                text: Bi::new(n.text_kk, n.text_ru),
                link: n.link,
                created_at: n.created_at,
                read: n.read_at.is_some(),
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn unread_count(&self, iin: &CertifiedIin) -> Result<u32, AppError> {
        expire_overdue(&self.db, (self.clock)()).await?;
        let n = notifications::Entity::find()
            .filter(notifications::Column::Iin.eq(iin.as_str()))
            .filter(notifications::Column::ReadAt.is_null())
            .count(&self.db)
            .await
            .map_err(db_err)?;
        Ok(n as u32)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn mark_all_read(&self, iin: &CertifiedIin) -> Result<(), AppError> {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value((self.clock)()))
            .filter(notifications::Column::Iin.eq(iin.as_str()))
            .filter(notifications::Column::ReadAt.is_null())
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn saved_requisites(
        &self,
        iin: &CertifiedIin,
    ) -> Result<Option<SavedRequisites>, AppError> {
        let row = saved_requisites::Entity::find_by_id(iin.to_string())
            .one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(row.map(|r| {
            let mut s: SavedRequisites = serde_json::from_str(&r.json).unwrap_or_default();
            s.updated_at = r.updated_at;
            s
        }))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn save_requisites(
        &self,
        iin: &CertifiedIin,
        saved: &SavedRequisites,
    ) -> Result<(), AppError> {
        let now = (self.clock)();
        store_saved_requisites(&self.db, iin.as_str(), saved, now)
            .await
            .map_err(db_err)
    }
}

/// Stores the parent's «Менің деректемелерім» (saved requisites) as of `at`, replacing
/// earlier ones: from the requisites page and when a contract is sent.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn store_saved_requisites(
    db: &impl sea_orm::ConnectionTrait,
    iin: &str,
    saved: &SavedRequisites,
    at: i64,
) -> Result<(), sea_orm::DbErr> {
    let json = serde_json::to_string(saved).map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    saved_requisites::Entity::insert(saved_requisites::ActiveModel {
        iin: Set(iin.to_string()),
        json: Set(json),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::column(saved_requisites::Column::Iin)
            .update_columns([
                saved_requisites::Column::Json,
                saved_requisites::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

impl CabinetRepo {
    /// The parent's own referral `id` (`NotFound` for anyone else's), overdue referrals
    /// expired first.
    async fn own_referral_row(
        &self,
        parent_iin: &CertifiedIin,
        id: i32,
    ) -> Result<referrals::Model, AppError> {
        expire_overdue(&self.db, (self.clock)()).await?;
        referrals::Entity::find_by_id(id)
            .filter(referrals::Column::ParentIin.eq(parent_iin.as_str()))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn view(&self, r: referrals::Model) -> Result<ReferralView, AppError> {
        let db = &self.db;
        let k = kindergartens::Entity::find_by_id(r.kindergarten_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let d = departments::Entity::find_by_id(r.department_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let g = groups::Entity::find_by_id(r.group_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let p = age_periods::Entity::find_by_id(r.age_period_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let c = children::Entity::find_by_id(r.child_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        Ok(ReferralView {
            id: r.id,
            number: r.number as u32,
            child_name: full_name(&c.last_name, &c.first_name, c.patronymic.as_deref()),
            issued_on: format_kz(kz_date_of_unix(r.issued_at)),
            department: Bi::new(d.name_kk, d.name_ru),
            kindergarten_id: k.id,
            kindergarten: Bi::new(k.name_kk, k.name_ru),
            kindergarten_address: Bi::new(k.address_kk, k.address_ru),
            group: Bi::new(g.name_kk, g.name_ru),
            age_period: Bi::new(p.label_kk, p.label_ru),
            deadline: kz(&r.deadline),
            status: r.status.0,
            e_contracts: k.e_contracts,
            paper_allowed: k.paper_allowed,
        })
    }
}
