//! The education department admin: the department's queue, referral issuance and staff
//! roles. Every query is limited to the department the caller administers.
use app::api::{AdminQueueRow, Bi, GroupOption, IssuedReferral, KindergartenOption, RoleRow};
use app::domain::CertifiedIin;
use app::domain::Iin;
use app::domain::dates::{format_kz, kz_date_of_unix};
use app::domain::referral::{age_on, fits_age_period};
use app::error::AppError;
use app::ports::Admin;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::cabinet::{kindergarten_names, parse_preferred};
use super::entities::{age_periods, children, groups, kindergartens, queue_entries, roles};
use super::error::db_err;
use super::referrals::expire_overdue;
use crate::clock::Clock;

pub struct AdminRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
}

#[async_trait::async_trait]
impl Admin for AdminRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn withdraw_role(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        role_id: i32,
    ) -> Result<(), AppError> {
        super::roles::withdraw(
            &self.db,
            role_id,
            super::roles::WithdrawScope::Department(department_id),
            admin_iin.as_str(),
            (self.clock)(),
        )
        .await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn claims(&self, department_id: i32) -> Result<Vec<app::api::ChildClaims>, AppError> {
        super::parenthood::pending(&self.db, department_id).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn decide_claim(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        claim_id: i32,
        decision: &app::domain::parenthood::Decision,
    ) -> Result<app::domain::ClaimStatus, AppError> {
        super::parenthood::decide(
            &self.db,
            admin_iin.as_str(),
            department_id,
            claim_id,
            decision,
            (self.clock)(),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn queue(&self, department_id: i32) -> Result<Vec<AdminQueueRow>, AppError> {
        let now = (self.clock)();
        expire_overdue(&self.db, now).await?;
        let today = kz_date_of_unix(now);
        let entries = queue_entries::Entity::find()
            .filter(queue_entries::Column::DepartmentId.eq(department_id))
            .filter(queue_entries::Column::Status.eq("waiting"))
            .order_by_asc(queue_entries::Column::RegisteredAt)
            .order_by_asc(queue_entries::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let kgs = kindergartens::Entity::find()
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .order_by_asc(kindergartens::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let kg_ids: Vec<i32> = kgs.iter().map(|k| k.id).collect();
        let open_groups = groups::Entity::find()
            .filter(groups::Column::KindergartenId.is_in(kg_ids))
            .filter(groups::Column::FreePlaces.gt(0))
            .order_by_asc(groups::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let periods = age_periods::Entity::find()
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut rows = Vec::with_capacity(entries.len());
        for (i, e) in entries.into_iter().enumerate() {
            let Some(child) = children::Entity::find_by_id(e.child_id)
                .one(&self.db)
                .await
                .map_err(db_err)?
            else {
                continue;
            };
            let Ok(iin) = Iin::parse(&child.iin) else {
                continue;
            };
            let birth = iin.birth_date();
            let preferred = parse_preferred(&e.preferred);
            let names = kindergarten_names(&self.db, &preferred).await?;
            let mut options: Vec<(usize, GroupOption)> = open_groups
                .iter()
                .filter_map(|g| {
                    let p = periods.iter().find(|p| p.id == g.age_period_id)?;
                    if !fits_age_period(birth, today, p.from_years as u32, p.to_years as u32) {
                        return None;
                    }
                    let k = kgs.iter().find(|k| k.id == g.kindergarten_id)?;
                    let rank = preferred
                        .iter()
                        .position(|id| *id == k.id)
                        .unwrap_or(usize::MAX);
                    Some((
                        rank,
                        GroupOption {
                            id: g.id,
                            kindergarten: Bi::new(k.name_kk.clone(), k.name_ru.clone()),
                            group: Bi::new(g.name_kk.clone(), g.name_ru.clone()),
                            age_period: Bi::new(p.label_kk.clone(), p.label_ru.clone()),
                            free_places: g.free_places.max(0) as u32,
                        },
                    ))
                })
                .collect();
            options.sort_by_key(|(rank, g)| (*rank, g.id));
            rows.push(AdminQueueRow {
                entry_id: e.id,
                position: i as u32 + 1,
                child_name: format!("{} {}", child.last_name, child.first_name),
                birth_date: format_kz(birth),
                age_years: age_on(birth, today),
                registered_on: format_kz(kz_date_of_unix(e.registered_at)),
                preferred: preferred
                    .iter()
                    .filter_map(|id| names.get(id))
                    .map(|k| Bi::new(k.name_kk.clone(), k.name_ru.clone()))
                    .collect(),
                claim: super::parenthood::status_of(&child),
                groups: options.into_iter().map(|(_, g)| g).collect(),
            });
        }
        Ok(rows)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn issue_referral(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        entry_id: i32,
        group_id: i32,
        days: u32,
    ) -> Result<IssuedReferral, AppError> {
        let now = (self.clock)();
        super::referrals::issue(
            &self.db,
            admin_iin.as_str(),
            department_id,
            entry_id,
            group_id,
            days,
            now,
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn roles(&self, department_id: i32) -> Result<Vec<RoleRow>, AppError> {
        use sea_orm::Condition;
        let kgs = kindergartens::Entity::find()
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        // Only this department's roles, in one query, and the names in another.
        let rows = roles::Entity::find()
            .filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(roles::Column::Role.eq("admin"))
                            .add(roles::Column::DepartmentId.eq(department_id)),
                    )
                    .add(
                        Condition::all()
                            .add(roles::Column::Role.eq("staff"))
                            .add(roles::Column::KindergartenId.is_in(kgs.iter().map(|k| k.id))),
                    ),
            )
            .order_by_asc(roles::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let names = super::people::names_by_iin(&self.db, rows.iter().map(|r| r.iin.clone()))
            .await
            .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|r| RoleRow {
                id: r.id,
                kindergarten: r
                    .kindergarten_id
                    .and_then(|k| kgs.iter().find(|x| x.id == k))
                    .map(|k| Bi::new(k.name_kk.clone(), k.name_ru.clone())),
                name: names.get(&r.iin).cloned(),
                iin: r.iin,
                role: r.role,
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn kindergartens(&self, department_id: i32) -> Result<Vec<KindergartenOption>, AppError> {
        Ok(kindergartens::Entity::find()
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .order_by_asc(kindergartens::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|k| KindergartenOption {
                id: k.id,
                name: Bi::new(k.name_kk, k.name_ru),
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn grant_staff(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        iin: &Iin,
        kindergarten_id: i32,
    ) -> Result<(), AppError> {
        kindergartens::Entity::find_by_id(kindergarten_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
            .filter(|k| k.department_id == department_id)
            .ok_or(AppError::NotFound)?;
        super::roles::grant(
            &self.db,
            iin.as_str(),
            "staff",
            Some(kindergarten_id),
            None,
            admin_iin.as_str(),
            (self.clock)(),
        )
        .await?;
        tracing::info!(kindergarten_id, by = %admin_iin, "staff role granted");
        Ok(())
    }
}
