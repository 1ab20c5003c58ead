//! Server functions of the education department admin. Each one requires an admin role and
//! works only inside the department that role names.
use leptos::prelude::*;

use crate::api::{AdminQueueRow, IssuedReferral, KindergartenOption, RoleRow};
use crate::error::AppError;

/// The signed-in admin's IIN and department, or `Forbidden`.
#[cfg(feature = "ssr")]
async fn require_admin() -> Result<(crate::domain::CertifiedIin, i32), AppError> {
    let user = crate::session::require_user().await?;
    user.roles
        .iter()
        .find_map(|r| match r {
            crate::auth_model::Role::Admin { department_id } => Some(*department_id),
            _ => None,
        })
        .map(|d| (user.iin, d))
        .ok_or(AppError::Forbidden)
}

/// The department's waiting children, in queue order, with the groups that can take each.
#[server(endpoint = "admin/queue", output = crate::wire::Answer)]
pub async fn admin_queue() -> Result<Vec<AdminQueueRow>, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?.admin.queue(department).await
}

/// Issues a referral for a waiting child to a group, valid `days` days.
#[server(endpoint = "admin/issue_referral", output = crate::wire::Answer)]
pub async fn issue_referral(
    entry_id: i32,
    group_id: i32,
    days: u32,
) -> Result<IssuedReferral, AppError> {
    let (iin, department) = require_admin().await?;
    crate::ports::use_ports()?
        .admin
        .issue_referral(&iin, department, entry_id, group_id, days)
        .await
}

/// Staff and admin roles of the department.
#[server(endpoint = "admin/roles", output = crate::wire::Answer)]
pub async fn admin_roles() -> Result<Vec<RoleRow>, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?.admin.roles(department).await
}

/// The department's kindergartens.
#[server(endpoint = "admin/kindergartens", output = crate::wire::Answer)]
pub async fn admin_kindergartens() -> Result<Vec<KindergartenOption>, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?
        .admin
        .kindergartens(department)
        .await
}

/// Makes the person with `iin` staff of one of the department's kindergartens.
#[server(endpoint = "admin/grant_staff", output = crate::wire::Answer)]
pub async fn grant_staff(iin: String, kindergarten_id: i32) -> Result<(), AppError> {
    use crate::domain::Localized;
    let (admin, department) = require_admin().await?;
    let iin = crate::domain::Iin::parse(&iin).map_err(|e| AppError::Invalid(e.code().into()))?;
    crate::ports::use_ports()?
        .admin
        .grant_staff(&admin, department, &iin, kindergarten_id)
        .await
}

/// Withdraws a role (staff of the department's kindergartens, or another admin of it).
#[server(endpoint = "admin/withdraw_role", output = crate::wire::Answer)]
pub async fn withdraw_role(role_id: i32) -> Result<(), AppError> {
    let (admin, department) = require_admin().await?;
    crate::ports::use_ports()?
        .admin
        .withdraw_role(&admin, department, role_id)
        .await
}

/// Statistics of the department's contracts.
#[server(endpoint = "admin/stats", output = crate::wire::Answer)]
pub async fn admin_stats() -> Result<crate::api::Stats, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?.oversight.stats(department).await
}

/// The department's tariffs and the age periods.
#[server(endpoint = "admin/tariffs", output = crate::wire::Answer)]
pub async fn admin_tariffs() -> Result<crate::api::Tariffs, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?
        .oversight
        .tariffs(department)
        .await
}

/// A new tariff: `amount` tenge a month for the age period from `effective_from`
/// (`YYYY-MM-DD`, today or later). Contracts already shown or signed keep their amount.
#[server(endpoint = "admin/set_tariff", output = crate::wire::Answer)]
pub async fn set_tariff(
    age_period_id: i32,
    amount: String,
    effective_from: String,
) -> Result<(), AppError> {
    use crate::domain::Localized;
    let (admin, department) = require_admin().await?;
    let ports = crate::ports::use_ports()?;
    let today = crate::ports::today(&ports);
    let (amount, from) =
        crate::domain::tariff::validate_new_tariff(&amount, &effective_from, today)
            .map_err(|e| AppError::Invalid(e.code().into()))?;
    ports
        .oversight
        .set_tariff(&admin, department, age_period_id, amount, from)
        .await
}

/// The newest audit entries of the admin's department matching the filters, and whether the
/// chain is intact.
#[server(endpoint = "admin/audit", input = leptos::server_fn::codec::Json, output = crate::wire::Answer)]
pub async fn admin_audit(query: crate::api::AuditQuery) -> Result<crate::api::AuditPage, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?
        .oversight
        .audit(department, &query)
        .await
}

/// The department's contract template versions and the text in force (JSON).
#[server(endpoint = "admin/templates", output = crate::wire::Answer)]
pub async fn admin_templates() -> Result<crate::api::Templates, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?
        .oversight
        .templates(department)
        .await
}

/// Adds a new version of the department's template (kk and ru text as template JSON), in
/// force from `effective_from` (today or later) for new contracts only. Returns its version.
#[server(endpoint = "admin/add_template", output = crate::wire::Answer)]
pub async fn add_template(json: String, effective_from: String) -> Result<u32, AppError> {
    use crate::domain::{ContractError, Localized};
    let (admin, department) = require_admin().await?;
    let ports = crate::ports::use_ports()?;
    let today = crate::ports::today(&ports);
    if json.len() > 2 * 1024 * 1024 {
        return Err(AppError::Invalid(
            ContractError::BadTemplateFile.code().into(),
        ));
    }
    let from = crate::domain::dates::parse_date(effective_from.trim())
        .filter(|d| *d >= today)
        .ok_or_else(|| AppError::Invalid(ContractError::TemplateDateInPast.code().into()))?;
    let template: crate::domain::Template = serde_json::from_str(&json)
        .map_err(|_| AppError::Invalid(ContractError::BadTemplateFile.code().into()))?;
    ports
        .oversight
        .add_template(&admin, department, template, from)
        .await
}

/// The department's kindergartens with their groups.
#[server(endpoint = "admin/kindergartens_full", output = crate::wire::Answer)]
pub async fn admin_kindergartens_full() -> Result<crate::api::KindergartensAdmin, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?
        .oversight
        .kindergartens(department)
        .await
}

/// Whether the kindergarten concludes contracts electronically and/or on paper (checkboxes:
/// absent = off).
#[server(endpoint = "admin/kindergarten_flags", output = crate::wire::Answer)]
pub async fn set_kindergarten_flags(
    kindergarten_id: i32,
    #[server(default)] e_contracts: Option<String>,
    #[server(default)] paper_allowed: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Localized;
    let (admin, department) = require_admin().await?;
    let (e, p) = (e_contracts.is_some(), paper_allowed.is_some());
    if !e && !p {
        return Err(AppError::Invalid(
            crate::domain::tariff::TariffError::NoWayToConclude
                .code()
                .into(),
        ));
    }
    crate::ports::use_ports()?
        .oversight
        .set_kindergarten_flags(&admin, department, kindergarten_id, e, p)
        .await
}

/// Adds a kindergarten to the department (no `kindergarten_id`) or changes one of its own:
/// names, addresses, ownership, BIN, contract forms, admission age.
#[server(endpoint = "admin/save_kindergarten", output = crate::wire::Answer)]
pub async fn save_kindergarten(
    #[server(default)] kindergarten_id: Option<i32>,
    k: crate::api::KindergartenInput,
) -> Result<i32, AppError> {
    use crate::domain::Localized;
    let (admin, department) = require_admin().await?;
    let form = crate::domain::registry::KindergartenForm {
        name_kk: k.name_kk,
        name_ru: k.name_ru,
        address_kk: k.address_kk,
        address_ru: k.address_ru,
        ownership: k.ownership,
        bin: k.bin,
        e_contracts: k.e_contracts.is_some(),
        paper_allowed: k.paper_allowed.is_some(),
        admission_age: k.admission_age,
    };
    let k = crate::domain::registry::check_form(&form)
        .map_err(|r| AppError::Invalid(r.error.code().into()))?;
    crate::ports::use_ports()?
        .oversight
        .save_kindergarten(&admin, department, kindergarten_id, &k)
        .await
}

/// A group's free places.
#[server(endpoint = "admin/group_places", output = crate::wire::Answer)]
pub async fn set_group_places(group_id: i32, free_places: String) -> Result<(), AppError> {
    use crate::domain::Localized;
    let (admin, department) = require_admin().await?;
    let n = crate::domain::tariff::validate_places(&free_places)
        .map_err(|e| AppError::Invalid(e.code().into()))?;
    crate::ports::use_ports()?
        .oversight
        .set_group_places(&admin, department, group_id, n)
        .await
}

/// A new group in one of the department's kindergartens.
#[server(endpoint = "admin/add_group", output = crate::wire::Answer)]
pub async fn add_group(
    kindergarten_id: i32,
    name_kk: String,
    name_ru: String,
    age_period_id: i32,
    free_places: String,
) -> Result<(), AppError> {
    use crate::domain::Localized;
    let (admin, department) = require_admin().await?;
    let invalid = |e: crate::domain::tariff::TariffError| AppError::Invalid(e.code().into());
    let (kk, ru) =
        crate::domain::tariff::validate_group_name(&name_kk, &name_ru).map_err(invalid)?;
    let n = crate::domain::tariff::validate_places(&free_places).map_err(invalid)?;
    crate::ports::use_ports()?
        .oversight
        .add_group(
            &admin,
            department,
            kindergarten_id,
            &crate::api::Bi { kk, ru },
            age_period_id,
            n,
        )
        .await
}

/// Children queued in the department whose parenthood waits for the department's decision.
#[server(endpoint = "admin/claims", output = crate::wire::Answer)]
pub async fn admin_claims() -> Result<Vec<crate::api::ChildClaims>, AppError> {
    let (_, department) = require_admin().await?;
    crate::ports::use_ports()?.admin.claims(department).await
}

/// Confirms (`decision = "confirm"`) or rejects (`"reject"`, with a reason) a parenthood claim.
#[server(endpoint = "admin/decide_claim", output = crate::wire::Answer)]
pub async fn decide_claim(
    claim_id: i32,
    decision: String,
    #[server(default)] reason: String,
) -> Result<crate::domain::ClaimStatus, AppError> {
    use crate::domain::parenthood::Decision;
    let (admin, department) = require_admin().await?;
    let decision = match decision.as_str() {
        "confirm" => Decision::Confirm,
        "reject" => Decision::Reject { reason },
        _ => return Err(AppError::Invalid("request".into())),
    };
    crate::ports::use_ports()?
        .admin
        .decide_claim(&admin, department, claim_id, &decision)
        .await
}
