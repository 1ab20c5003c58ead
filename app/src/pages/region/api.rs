//! Server functions of the region administrator. Each requires the region-admin role.
use leptos::prelude::*;

use crate::api::{DepartmentInput, RegionDepartment};
use crate::error::AppError;

/// The signed-in region administrator's IIN, or `Forbidden`.
#[cfg(feature = "ssr")]
async fn require_region_admin() -> Result<crate::domain::CertifiedIin, AppError> {
    let user = crate::session::require_user().await?;
    user.roles
        .contains(&crate::auth_model::Role::RegionAdmin)
        .then_some(user.iin)
        .ok_or(AppError::Forbidden)
}

/// Every department with its admins.
#[server(endpoint = "region/departments", output = crate::wire::Answer)]
pub async fn region_departments() -> Result<Vec<RegionDepartment>, AppError> {
    require_region_admin().await?;
    crate::ports::use_ports()?.region.departments().await
}

/// A new department (the registry's rules: two-digit codes, names kk/ru); returns its id.
#[server(endpoint = "region/create_department", output = crate::wire::Answer)]
pub async fn create_department(d: DepartmentInput) -> Result<i32, AppError> {
    use crate::domain::Localized;
    let by = require_region_admin().await?;
    let checked = crate::domain::registry::check_department_fields(
        &d.code,
        &d.district_code,
        (&d.region_kk, &d.region_ru),
        (&d.name_kk, &d.name_ru),
        (&d.place_kk, &d.place_ru),
    )
    .map_err(|r| AppError::Invalid(r.error.code().into()))?;
    crate::ports::use_ports()?
        .region
        .create_department(&by, &checked)
        .await
}

/// Makes the person with `iin` an admin of the department.
#[server(endpoint = "region/grant_admin", output = crate::wire::Answer)]
pub async fn grant_department_admin(department_id: i32, iin: String) -> Result<(), AppError> {
    use crate::domain::Localized;
    let by = require_region_admin().await?;
    let iin = crate::domain::Iin::parse(&iin).map_err(|e| AppError::Invalid(e.code().into()))?;
    crate::ports::use_ports()?
        .region
        .grant_admin(&by, department_id, &iin)
        .await
}

/// Withdraws a department admin role.
#[server(endpoint = "region/withdraw_admin", output = crate::wire::Answer)]
pub async fn withdraw_department_admin(role_id: i32) -> Result<(), AppError> {
    let by = require_region_admin().await?;
    crate::ports::use_ports()?
        .region
        .withdraw_admin(&by, role_id)
        .await
}
