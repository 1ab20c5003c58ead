//! The kindergarten head (issue 26, item 2): the kindergarten's staff roles, granted and
//! withdrawn by IIN through the same `roles::grant` / `roles::withdraw` as the department's
//! admins use, so every change is audited under the kindergarten's department.
use app::api::Bi;
use app::api::{KindergartenStaff, MAX_STAFF_PER_KINDERGARTEN, StaffMember};
use app::auth_model::RoleError;
use app::domain::CertifiedIin;
use app::domain::{Iin, Localized};
use app::error::AppError;
use app::ports::Head;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::entities::{kindergartens, roles};
use super::error::db_err;
use crate::clock::Clock;

pub struct HeadRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
}

fn staff_of(k: i32) -> sea_orm::Select<roles::Entity> {
    roles::Entity::find()
        .filter(roles::Column::Role.eq("staff"))
        .filter(roles::Column::KindergartenId.eq(k))
}

#[async_trait::async_trait]
impl Head for HeadRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn staff(&self, kindergartens_ids: &[i32]) -> Result<Vec<KindergartenStaff>, AppError> {
        let mut out = Vec::new();
        for kg in kindergartens::Entity::find()
            .filter(kindergartens::Column::Id.is_in(kindergartens_ids.iter().copied()))
            .order_by_asc(kindergartens::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?
        {
            let rows = staff_of(kg.id)
                .order_by_asc(roles::Column::Id)
                .all(&self.db)
                .await
                .map_err(db_err)?;
            let names = super::people::names_by_iin(&self.db, rows.iter().map(|r| r.iin.clone()))
                .await
                .map_err(db_err)?;
            out.push(KindergartenStaff {
                kindergarten_id: kg.id,
                name: Bi::new(kg.name_kk, kg.name_ru),
                staff: rows
                    .into_iter()
                    .map(|r| StaffMember {
                        role_id: r.id,
                        name: names.get(&r.iin).cloned(),
                        iin: r.iin,
                        granted_at: r.granted_at,
                    })
                    .collect(),
            });
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn grant(
        &self,
        by: &CertifiedIin,
        kindergarten_id: i32,
        iin: &Iin,
    ) -> Result<(), AppError> {
        let held = staff_of(kindergarten_id)
            .count(&self.db)
            .await
            .map_err(db_err)?;
        if held >= MAX_STAFF_PER_KINDERGARTEN as u64 {
            return Err(AppError::Invalid(RoleError::TooManyStaff.code().into()));
        }
        super::roles::grant(
            &self.db,
            iin.as_str(),
            "staff",
            Some(kindergarten_id),
            None,
            by.as_str(),
            (self.clock)(),
        )
        .await?;
        tracing::info!(kindergarten_id, by = %by, "staff role granted by the head");
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn withdraw(
        &self,
        by: &CertifiedIin,
        kindergarten_id: i32,
        role_id: i32,
    ) -> Result<(), AppError> {
        super::roles::withdraw(
            &self.db,
            role_id,
            super::roles::WithdrawScope::Kindergarten(kindergarten_id),
            by.as_str(),
            (self.clock)(),
        )
        .await?;
        Ok(())
    }
}
