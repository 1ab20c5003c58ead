//! The region administrator (issue 26, item 2): creating departments and granting or
//! withdrawing their admins. Every change is audited under the department it concerns.
use app::api::Bi;
use app::api::{RegionAdminRow, RegionDepartment};
use app::domain::AuditAction;
use app::domain::CertifiedIin;
use app::domain::Iin;
use app::error::AppError;
use app::ports::Region;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::entities::{departments, roles};
use super::error::db_err;
use crate::clock::Clock;

pub struct RegionRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
}

#[async_trait::async_trait]
impl Region for RegionRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn departments(&self) -> Result<Vec<RegionDepartment>, AppError> {
        let deps = departments::Entity::find()
            .order_by_asc(departments::Column::Code)
            .order_by_asc(departments::Column::DistrictCode)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let admins = roles::Entity::find()
            .filter(roles::Column::Role.eq("admin"))
            .order_by_asc(roles::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let names = super::people::names_by_iin(&self.db, admins.iter().map(|a| a.iin.clone()))
            .await
            .map_err(db_err)?;
        Ok(deps
            .into_iter()
            .map(|d| RegionDepartment {
                id: d.id,
                admins: admins
                    .iter()
                    .filter(|a| a.department_id == Some(d.id))
                    .map(|a| RegionAdminRow {
                        role_id: a.id,
                        iin: a.iin.clone(),
                        name: names.get(&a.iin).cloned(),
                    })
                    .collect(),
                code: d.code,
                district_code: d.district_code,
                name: Bi::new(d.name_kk, d.name_ru),
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn create_department(
        &self,
        by: &CertifiedIin,
        d: &app::domain::registry::Department,
    ) -> Result<i32, AppError> {
        use app::domain::Localized;
        let now = (self.clock)();
        let txn = self.db.begin().await.map_err(db_err)?;
        let exists = departments::Entity::find()
            .filter(departments::Column::Code.eq(&d.code))
            .filter(departments::Column::DistrictCode.eq(&d.district_code))
            .one(&txn)
            .await
            .map_err(db_err)?
            .is_some();
        if exists {
            return Err(AppError::Invalid(
                app::domain::registry::RegistryError::Duplicate
                    .code()
                    .into(),
            ));
        }
        let row = departments::ActiveModel {
            code: Set(d.code.clone()),
            district_code: Set(d.district_code.clone()),
            region_kk: Set(d.region_kk.clone()),
            region_ru: Set(d.region_ru.clone()),
            name_kk: Set(d.name_kk.clone()),
            name_ru: Set(d.name_ru.clone()),
            place_kk: Set(d.place_kk.clone()),
            place_ru: Set(d.place_ru.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(db_err)?;
        super::audit::record(
            &txn,
            super::audit::entry(
                    now,
                    by.as_str(),
                    AuditAction::DepartmentCreated,
                    format!("department:{}", row.id),
                    serde_json::json!({ "code": d.code, "district_code": d.district_code, "name_ru": d.name_ru })
                        .to_string()).in_department(row.id),
        )
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)?;
        super::catalogue_version::changed_here();
        super::audit::flush(&self.db).await;
        Ok(row.id)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn grant_admin(
        &self,
        by: &CertifiedIin,
        department_id: i32,
        iin: &Iin,
    ) -> Result<(), AppError> {
        super::roles::grant(
            &self.db,
            iin.as_str(),
            "admin",
            None,
            Some(department_id),
            by.as_str(),
            (self.clock)(),
        )
        .await?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn withdraw_admin(&self, by: &CertifiedIin, role_id: i32) -> Result<(), AppError> {
        let role = roles::Entity::find_by_id(role_id)
            .filter(roles::Column::Role.eq("admin"))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        let department_id = role.department_id.ok_or(AppError::NotFound)?;
        super::roles::withdraw(
            &self.db,
            role_id,
            super::roles::WithdrawScope::Department(department_id),
            by.as_str(),
            (self.clock)(),
        )
        .await?;
        Ok(())
    }
}
