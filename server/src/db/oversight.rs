//! The department admin's statistics, tariffs and audit log view.
use app::domain::AuditAction;
use app::domain::CertifiedIin;
use std::collections::BTreeMap;

use app::api::Bi;
use app::api::{
    AuditPage, AuditQuery, AuditRow, GroupAdmin, KindergartenAdmin, KindergartensAdmin, Stats,
    TariffRow, Tariffs, TemplateVersion, Templates,
};
use app::domain::Template;
use app::domain::dates::{format_kz, kz_date_of_unix, parse_date};
use app::domain::{ContractStatus, RefusalReason};
use app::error::AppError;
use app::ports::Oversight;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::entities::code::Code;
use super::entities::{age_periods, audit_log, contracts, groups, kindergartens, tariffs};
use super::error::db_err;
use crate::clock::Clock;

pub struct OversightRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
}

/// Rows of the audit page.
const AUDIT_SHOWN: u64 = 200;

fn median(mut v: Vec<i64>) -> i64 {
    v.sort_unstable();
    match v.len() {
        0 => 0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

/// The kindergarten's free places are its groups' free places.
#[tracing::instrument(level = "debug", skip_all)]
async fn resum_places<C: sea_orm::ConnectionTrait>(
    db: &C,
    kindergarten_id: i32,
) -> Result<(), AppError> {
    let total: i32 = groups::Entity::find()
        .filter(groups::Column::KindergartenId.eq(kindergarten_id))
        .all(db)
        .await
        .map_err(db_err)?
        .iter()
        .map(|g| g.free_places.max(0))
        .sum();
    kindergartens::Entity::update_many()
        .col_expr(kindergartens::Column::FreePlaces, Expr::value(total))
        .filter(kindergartens::Column::Id.eq(kindergarten_id))
        .exec(db)
        .await
        .map_err(db_err)?;
    Ok(())
}

#[async_trait::async_trait]
impl Oversight for OversightRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn stats(&self, department_id: i32) -> Result<Stats, AppError> {
        let since = (self.clock)() - 30 * 86_400;
        let rows = contracts::Entity::find()
            .filter(contracts::Column::DepartmentId.eq(department_id))
            .filter(contracts::Column::Status.ne(Code(ContractStatus::Draft)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut by_day: BTreeMap<(time::Date, &'static str), u32> = BTreeMap::new();
        let mut waits: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
        let mut reasons: BTreeMap<&'static str, u32> = BTreeMap::new();
        for c in &rows {
            let status = c.status.0;
            if let Some(sent) = c.parent_signed_at.filter(|t| *t >= since) {
                *by_day
                    .entry((kz_date_of_unix(sent), status.as_str()))
                    .or_default() += 1;
            }
            if let (Some(sent), Some(signed)) = (c.parent_signed_at, c.kindergarten_signed_at) {
                waits
                    .entry(c.kindergarten_id)
                    .or_default()
                    .push((signed - sent).max(0));
            }
            if let Some(r) = c.refusal_reason.as_deref().and_then(RefusalReason::parse) {
                *reasons.entry(r.as_str()).or_default() += 1;
            }
        }
        let kgs = kindergartens::Entity::find()
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let name = |id: i32| {
            kgs.iter()
                .find(|k| k.id == id)
                .map(|k| Bi::new(&k.name_kk, &k.name_ru))
                .unwrap_or_default()
        };
        Ok(Stats {
            by_day: by_day
                .into_iter()
                .filter_map(|((d, s), n)| ContractStatus::parse(s).map(|s| (format_kz(d), s, n)))
                .collect(),
            median_minutes: waits
                .into_iter()
                .map(|(k, v)| (name(k), v.len() as u32, (median(v) / 60) as u64))
                .collect(),
            refusal_reasons: reasons
                .into_iter()
                .filter_map(|(r, n)| RefusalReason::parse(r).map(|r| (r, n)))
                .collect(),
            total_sent: rows.iter().filter(|c| c.parent_signed_at.is_some()).count() as u32,
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn tariffs(&self, department_id: i32) -> Result<Tariffs, AppError> {
        let periods = age_periods::Entity::find()
            .order_by_asc(age_periods::Column::FromYears)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let rows = tariffs::Entity::find()
            .filter(tariffs::Column::DepartmentId.eq(department_id))
            .order_by_asc(tariffs::Column::AgePeriodId)
            .order_by_desc(tariffs::Column::EffectiveFrom)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let label = |id: i32| {
            periods
                .iter()
                .find(|p| p.id == id)
                .map(|p| Bi::new(&p.label_kk, &p.label_ru))
                .unwrap_or_default()
        };
        Ok(Tariffs {
            rows: rows
                .iter()
                .map(|t| TariffRow {
                    age_period_id: t.age_period_id,
                    age_period: label(t.age_period_id),
                    monthly_amount_tenge: t.monthly_amount_tenge.max(0) as u64,
                    effective_from: format_kz(t.effective_from),
                    effective_to: t.effective_to.map(format_kz),
                })
                .collect(),
            age_periods: periods
                .iter()
                .map(|p| (p.id, Bi::new(&p.label_kk, &p.label_ru)))
                .collect(),
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn set_tariff(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        age_period_id: i32,
        amount: u64,
        from: time::Date,
    ) -> Result<(), AppError> {
        age_periods::Entity::find_by_id(age_period_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        let txn = self.db.begin().await.map_err(db_err)?;
        // The tariffs that start on or after `from` are replaced; the one in force before
        // ends the day before.
        tariffs::Entity::delete_many()
            .filter(tariffs::Column::DepartmentId.eq(department_id))
            .filter(tariffs::Column::AgePeriodId.eq(age_period_id))
            .filter(tariffs::Column::EffectiveFrom.gte(from))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        tariffs::Entity::update_many()
            .col_expr(
                tariffs::Column::EffectiveTo,
                Expr::value(from - time::Duration::days(1)),
            )
            .filter(tariffs::Column::DepartmentId.eq(department_id))
            .filter(tariffs::Column::AgePeriodId.eq(age_period_id))
            .filter(tariffs::Column::EffectiveFrom.lt(from))
            .filter(
                sea_orm::Condition::any()
                    .add(tariffs::Column::EffectiveTo.is_null())
                    .add(tariffs::Column::EffectiveTo.gte(from)),
            )
            .exec(&txn)
            .await
            .map_err(db_err)?;
        tariffs::ActiveModel {
            department_id: Set(department_id),
            age_period_id: Set(age_period_id),
            monthly_amount_tenge: Set(amount as i64),
            effective_from: Set(from),
            effective_to: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(db_err)?;
        super::audit::record(
            &txn,
            super::audit::entry(
                (self.clock)(),
                admin_iin.as_str(),
                AuditAction::TariffSet,
                format!("department:{department_id}"),
                serde_json::json!({ "age_period": age_period_id, "amount": amount, "from": from.to_string() })
                    .to_string()).in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::audit::flush(&self.db).await;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn kindergartens(&self, department_id: i32) -> Result<KindergartensAdmin, AppError> {
        let kgs = kindergartens::Entity::find()
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .order_by_asc(kindergartens::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let ids: Vec<i32> = kgs.iter().map(|k| k.id).collect();
        let gs = groups::Entity::find()
            .filter(groups::Column::KindergartenId.is_in(ids))
            .order_by_asc(groups::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let periods = age_periods::Entity::find()
            .order_by_asc(age_periods::Column::FromYears)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let period = |id: i32| {
            periods
                .iter()
                .find(|p| p.id == id)
                .map(|p| Bi::new(&p.label_kk, &p.label_ru))
                .unwrap_or_default()
        };
        Ok(KindergartensAdmin {
            kindergartens: kgs
                .iter()
                .map(|k| KindergartenAdmin {
                    id: k.id,
                    name: Bi::new(&k.name_kk, &k.name_ru),
                    form: app::domain::registry::KindergartenForm {
                        name_kk: k.name_kk.clone(),
                        name_ru: k.name_ru.clone(),
                        address_kk: k.address_kk.clone(),
                        address_ru: k.address_ru.clone(),
                        ownership: k.ownership.clone(),
                        bin: k.bin.clone().unwrap_or_default(),
                        e_contracts: k.e_contracts,
                        paper_allowed: k.paper_allowed,
                        admission_age: k.admission_age_from.to_string(),
                    },
                    bin: k.bin.clone(),
                    e_contracts: k.e_contracts,
                    paper_allowed: k.paper_allowed,
                    free_places: k.free_places.max(0) as u32,
                    groups: gs
                        .iter()
                        .filter(|g| g.kindergarten_id == k.id)
                        .map(|g| GroupAdmin {
                            id: g.id,
                            name: Bi::new(&g.name_kk, &g.name_ru),
                            age_period: period(g.age_period_id),
                            free_places: g.free_places.max(0) as u32,
                        })
                        .collect(),
                })
                .collect(),
            age_periods: periods
                .iter()
                .map(|p| (p.id, Bi::new(&p.label_kk, &p.label_ru)))
                .collect(),
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn set_kindergarten_flags(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        kindergarten_id: i32,
        e_contracts: bool,
        paper_allowed: bool,
    ) -> Result<(), AppError> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let res = kindergartens::Entity::update_many()
            .col_expr(kindergartens::Column::EContracts, Expr::value(e_contracts))
            .col_expr(
                kindergartens::Column::PaperAllowed,
                Expr::value(paper_allowed),
            )
            .filter(kindergartens::Column::Id.eq(kindergarten_id))
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if res.rows_affected == 0 {
            txn.rollback().await.map_err(db_err)?;
            return Err(AppError::NotFound);
        }
        super::audit::record(
            &txn,
            super::audit::entry(
                (self.clock)(),
                admin_iin.as_str(),
                AuditAction::KindergartenFlags,
                format!("kindergarten:{kindergarten_id}"),
                serde_json::json!({ "e_contracts": e_contracts, "paper_allowed": paper_allowed })
                    .to_string(),
            )
            .in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        super::audit::flush(&self.db).await;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn save_kindergarten(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        kindergarten_id: Option<i32>,
        k: &app::domain::registry::Kindergarten,
    ) -> Result<i32, AppError> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let search = app::domain::kindergarten::search_text_of(&[
            &k.name_kk,
            &k.name_ru,
            &k.address_kk,
            &k.address_ru,
        ]);
        let (id, action) = match kindergarten_id {
            Some(id) => {
                let res = kindergartens::Entity::update_many()
                    .col_expr(
                        kindergartens::Column::NameKk,
                        Expr::value(k.name_kk.clone()),
                    )
                    .col_expr(
                        kindergartens::Column::NameRu,
                        Expr::value(k.name_ru.clone()),
                    )
                    .col_expr(
                        kindergartens::Column::AddressKk,
                        Expr::value(k.address_kk.clone()),
                    )
                    .col_expr(
                        kindergartens::Column::AddressRu,
                        Expr::value(k.address_ru.clone()),
                    )
                    .col_expr(
                        kindergartens::Column::Ownership,
                        Expr::value(k.ownership.as_str()),
                    )
                    .col_expr(kindergartens::Column::Bin, Expr::value(k.bin.clone()))
                    .col_expr(
                        kindergartens::Column::EContracts,
                        Expr::value(k.e_contracts),
                    )
                    .col_expr(
                        kindergartens::Column::PaperAllowed,
                        Expr::value(k.paper_allowed),
                    )
                    .col_expr(
                        kindergartens::Column::AdmissionAgeFrom,
                        Expr::value(k.admission_age as i16),
                    )
                    .col_expr(kindergartens::Column::SearchText, Expr::value(search))
                    .filter(kindergartens::Column::Id.eq(id))
                    .filter(kindergartens::Column::DepartmentId.eq(department_id))
                    .exec(&txn)
                    .await
                    .map_err(db_err)?;
                if res.rows_affected == 0 {
                    txn.rollback().await.map_err(db_err)?;
                    return Err(AppError::NotFound);
                }
                (id, AuditAction::KindergartenUpdated)
            }
            None => {
                let row = kindergartens::ActiveModel {
                    department_id: Set(department_id),
                    name_kk: Set(k.name_kk.clone()),
                    name_ru: Set(k.name_ru.clone()),
                    address_kk: Set(k.address_kk.clone()),
                    address_ru: Set(k.address_ru.clone()),
                    ownership: Set(k.ownership.as_str().to_string()),
                    admission_age_from: Set(k.admission_age as i16),
                    free_places: Set(0),
                    e_contracts: Set(k.e_contracts),
                    paper_allowed: Set(k.paper_allowed),
                    bin: Set(k.bin.clone()),
                    search_text: Set(search),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(db_err)?;
                (row.id, AuditAction::KindergartenAdded)
            }
        };
        super::audit::record(
            &txn,
            super::audit::entry(
                (self.clock)(),
                admin_iin.as_str(),
                action,
                format!("kindergarten:{id}"),
                serde_json::json!({
                    "name_ru": k.name_ru,
                    "bin": k.bin,
                    "ownership": k.ownership.as_str(),
                    "e_contracts": k.e_contracts,
                    "paper_allowed": k.paper_allowed,
                    "admission_age": k.admission_age,
                })
                .to_string(),
            )
            .in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        super::audit::flush(&self.db).await;
        Ok(id)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn set_group_places(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        group_id: i32,
        free_places: u32,
    ) -> Result<(), AppError> {
        let g = groups::Entity::find_by_id(group_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        kindergartens::Entity::find_by_id(g.kindergarten_id)
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        let txn = self.db.begin().await.map_err(db_err)?;
        groups::Entity::update_many()
            .col_expr(groups::Column::FreePlaces, Expr::value(free_places as i32))
            .filter(groups::Column::Id.eq(group_id))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        resum_places(&txn, g.kindergarten_id).await?;
        super::audit::record(
            &txn,
            super::audit::entry(
                (self.clock)(),
                admin_iin.as_str(),
                AuditAction::GroupPlaces,
                format!("group:{group_id}"),
                serde_json::json!({ "from": g.free_places, "to": free_places }).to_string(),
            )
            .in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        super::audit::flush(&self.db).await;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn add_group(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        kindergarten_id: i32,
        name: &Bi,
        age_period_id: i32,
        free_places: u32,
    ) -> Result<(), AppError> {
        kindergartens::Entity::find_by_id(kindergarten_id)
            .filter(kindergartens::Column::DepartmentId.eq(department_id))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        age_periods::Entity::find_by_id(age_period_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        let txn = self.db.begin().await.map_err(db_err)?;
        groups::ActiveModel {
            kindergarten_id: Set(kindergarten_id),
            name_kk: Set(name.kk.clone()),
            name_ru: Set(name.ru.clone()),
            age_period_id: Set(age_period_id),
            free_places: Set(free_places as i32),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(db_err)?;
        resum_places(&txn, kindergarten_id).await?;
        super::audit::record(
            &txn,
            super::audit::entry(
                (self.clock)(),
                admin_iin.as_str(),
                AuditAction::GroupAdded,
                format!("kindergarten:{kindergarten_id}"),
                serde_json::json!({ "name": name.kk, "age_period": age_period_id, "places": free_places })
                    .to_string()).in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        super::audit::flush(&self.db).await;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn templates(&self, department_id: i32) -> Result<Templates, AppError> {
        let today = kz_date_of_unix((self.clock)());
        let current = super::templates::current(&self.db, department_id, today).await?;
        let rows = super::templates::versions(&self.db, department_id).await?;
        let mut versions = Vec::with_capacity(rows.len());
        for r in &rows {
            let t: Template = serde_json::from_str(&r.json).map_err(|_| AppError::Unavailable)?;
            versions.push(TemplateVersion {
                template_id: r.template_id.clone(),
                version: r.version as u32,
                effective_from: format_kz(r.effective_from),
                title: Bi::new(&t.title_kk, &t.title_ru),
                sha256: r.sha256.clone(),
                in_force: t.id == current.id && t.version == current.version,
            });
        }
        Ok(Templates {
            builtin_in_force: !versions.iter().any(|v| v.in_force),
            current_json: serde_json::to_string_pretty(&current)
                .map_err(|_| AppError::Unavailable)?,
            versions,
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn add_template(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        mut template: Template,
        from: time::Date,
    ) -> Result<u32, AppError> {
        use app::domain::Localized;
        use sea_orm::ActiveModelTrait;
        let rows = super::templates::versions(&self.db, department_id).await?;
        let builtin = app::domain::default_template();
        let last = rows
            .iter()
            .filter(|r| r.template_id == template.id)
            .map(|r| r.version as u32)
            .max()
            .unwrap_or(if template.id == builtin.id {
                builtin.version
            } else {
                0
            });
        template.version = last + 1;
        template.effective_from = from;
        app::domain::template::validate(&template)
            .map_err(|e| AppError::Invalid(e.code().into()))?;
        let sha = super::templates::sha256_of(&template);
        let now = (self.clock)();
        let txn = self.db.begin().await.map_err(db_err)?;
        super::entities::contract_templates::ActiveModel {
            department_id: Set(department_id),
            template_id: Set(template.id.clone()),
            version: Set(template.version as i32),
            effective_from: Set(from),
            json: Set(serde_json::to_string(&template).map_err(|_| AppError::Unavailable)?),
            sha256: Set(sha.clone()),
            created_at: Set(now),
            created_by: Set(admin_iin.into()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(db_err)?;
        super::audit::record(
            &txn,
            super::audit::entry(
                now,
                admin_iin.as_str(),
                AuditAction::TemplateAdded,
                format!("department:{department_id}"),
                serde_json::json!({ "template": template.id, "version": template.version, "from": from.to_string(), "sha256": sha })
                    .to_string()).in_department(department_id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::audit::flush(&self.db).await;
        Ok(template.version)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn audit(&self, department_id: i32, q: &AuditQuery) -> Result<AuditPage, AppError> {
        // An admin reads the entries of their own department only.
        let mut find =
            audit_log::Entity::find().filter(audit_log::Column::DepartmentId.eq(department_id));
        if !q.action.is_empty() {
            find = find.filter(audit_log::Column::Action.eq(q.action.as_str()));
        }
        if !q.actor.trim().is_empty() {
            find = find.filter(audit_log::Column::Actor.eq(q.actor.trim()));
        }
        let start = |iso: &str| {
            parse_date(iso).map(|d| d.midnight().assume_utc().unix_timestamp() - 5 * 3600)
        };
        if let Some(from) = start(&q.from) {
            find = find.filter(audit_log::Column::At.gte(from));
        }
        if let Some(to) = start(&q.to) {
            find = find.filter(audit_log::Column::At.lt(to + 86_400));
        }
        let rows = find
            .order_by_desc(audit_log::Column::Id)
            .limit(AUDIT_SHOWN)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        // From the newest checkpoint on: a page view does not re-hash the whole log.
        let chain = match super::audit::verify_from_checkpoint(&self.db)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "audit verify");
                AppError::Unavailable
            })? {
            Ok(v) => Ok(v.entries as u64),
            Err(app::domain::audit_chain::ChainBreak::Edited { id })
            | Err(app::domain::audit_chain::ChainBreak::Unlinked { id }) => Err(id),
        };
        let actions: Vec<String> = audit_log::Entity::find()
            .filter(audit_log::Column::DepartmentId.eq(department_id))
            .select_only()
            .column(audit_log::Column::Action)
            .distinct()
            .into_tuple::<String>()
            .all(&self.db)
            .await
            .map_err(db_err)?;
        Ok(AuditPage {
            rows: rows
                .into_iter()
                .map(|r| AuditRow {
                    id: r.id,
                    at: r.at,
                    actor: r.actor,
                    action: r.action,
                    subject: r.subject,
                    detail: r.detail,
                    origin: r.origin,
                })
                .collect(),
            chain,
            actions,
        })
    }
}
