//! Which template a contract is made from: the department's newest stored version in force on
//! the contract date, else the built-in model (`default_template`). Contracts are rendered
//! with exactly the version they name.
use app::domain::template::{Template, template_bytes};
use app::domain::{ContractTerms, default_template};
use app::error::AppError;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::entities::contract_templates;
use super::error::db_err;

fn parse(row: &contract_templates::Model) -> Result<Template, AppError> {
    serde_json::from_str(&row.json).map_err(|e| {
        tracing::error!(template = row.id, error = %e, "stored template unreadable");
        AppError::Unavailable
    })
}

/// SHA-256 (hex) of a template's text, as signed in every contract made from it.
pub fn sha256_of(t: &Template) -> String {
    app::domain::canonical::sha256_hex(&template_bytes(t))
}

/// The template for a new contract of `department_id` dated `day`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn current(
    db: &DatabaseConnection,
    department_id: i32,
    day: time::Date,
) -> Result<Template, AppError> {
    let row = contract_templates::Entity::find()
        .filter(contract_templates::Column::DepartmentId.eq(department_id))
        .filter(contract_templates::Column::EffectiveFrom.lte(day))
        .order_by_desc(contract_templates::Column::EffectiveFrom)
        .order_by_desc(contract_templates::Column::Version)
        .one(db)
        .await
        .map_err(db_err)?;
    match row {
        Some(r) => parse(&r),
        None => Ok(default_template()),
    }
}

/// The template a stored contract names (its department's stored version, or the built-in
/// model it was made from).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn of_contract(
    db: &DatabaseConnection,
    department_id: i32,
    terms: &ContractTerms,
) -> Result<Template, AppError> {
    let row = contract_templates::Entity::find()
        .filter(contract_templates::Column::DepartmentId.eq(department_id))
        .filter(contract_templates::Column::TemplateId.eq(&terms.template_id))
        .filter(contract_templates::Column::Version.eq(terms.template_version as i32))
        .one(db)
        .await
        .map_err(db_err)?;
    let t = match row {
        Some(r) => parse(&r)?,
        None => default_template(),
    };
    if t.id != terms.template_id || t.version != terms.template_version {
        tracing::error!(template = %terms.template_id, version = terms.template_version, "the contract's template is missing");
        return Err(AppError::Unavailable);
    }
    Ok(t)
}

/// Every stored version of the department, newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn versions(
    db: &DatabaseConnection,
    department_id: i32,
) -> Result<Vec<contract_templates::Model>, AppError> {
    contract_templates::Entity::find()
        .filter(contract_templates::Column::DepartmentId.eq(department_id))
        .order_by_desc(contract_templates::Column::EffectiveFrom)
        .order_by_desc(contract_templates::Column::Version)
        .all(db)
        .await
        .map_err(db_err)
}
