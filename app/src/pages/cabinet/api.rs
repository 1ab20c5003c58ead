//! Server functions of the parent's cabinet. Each one starts with `require_user()` and
//! passes the caller's own IIN to the port, which filters every query by it.
use leptos::prelude::*;

use crate::api::SavedRequisites;
use crate::api::{ChildView, DepartmentOption, NotificationView, ReferralView};
use crate::error::AppError;

/// The caller's children with their queue places.
#[server(endpoint = "cabinet/children", output = crate::wire::Answer)]
pub async fn my_children() -> Result<Vec<ChildView>, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?.cabinet.children(&user.iin).await
}

/// Adds a child by IIN and names; returns the new child's id.
#[server(endpoint = "cabinet/add_child", output = crate::wire::Answer)]
pub async fn add_child(
    iin: String,
    last_name: String,
    first_name: String,
    patronymic: String,
) -> Result<i32, AppError> {
    use crate::domain::{Localized, PersonName};
    let user = crate::session::require_user().await?;
    let ports = crate::ports::use_ports()?;
    let today = crate::ports::today(&ports);
    let child = crate::domain::referral::validate_child_iin(&iin, &user.iin, today)
        .map_err(|e| AppError::Invalid(e.code().into()))?;
    let name = |s: &str| PersonName::parse(s).map_err(|e| AppError::Invalid(e.code().into()));
    let last = name(&last_name)?;
    let first = name(&first_name)?;
    let patronymic = if patronymic.trim().is_empty() {
        None
    } else {
        Some(name(&patronymic)?)
    };
    ports
        .cabinet
        .add_child(
            &user.iin,
            &child,
            last.as_str(),
            first.as_str(),
            patronymic.as_ref().map(|p| p.as_str()),
        )
        .await
}

/// Departments and their kindergartens (for the queue form).
#[server(endpoint = "cabinet/departments", output = crate::wire::Answer)]
pub async fn departments() -> Result<Vec<DepartmentOption>, AppError> {
    crate::session::require_user().await?;
    crate::ports::use_ports()?.cabinet.departments().await
}

/// Registers the caller's child in the queue with up to three preferred kindergartens (in
/// order; empty selects are skipped); the department is the kindergartens' department.
#[server(endpoint = "cabinet/register_in_queue", output = crate::wire::Answer)]
pub async fn register_in_queue(
    child_id: i32,
    #[server(default)] pref1: String,
    #[server(default)] pref2: String,
    #[server(default)] pref3: String,
) -> Result<(), AppError> {
    use crate::domain::Localized;
    let user = crate::session::require_user().await?;
    let mut preferred = Vec::new();
    for p in [pref1, pref2, pref3] {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        preferred.push(
            p.parse::<i32>()
                .map_err(|_| AppError::Invalid("request".into()))?,
        );
    }
    if preferred.is_empty() {
        return Err(AppError::Invalid(
            crate::domain::QueueError::NoPreference.code().into(),
        ));
    }
    crate::ports::use_ports()?
        .cabinet
        .register_in_queue(&user.iin, child_id, &preferred)
        .await
}

/// «Менің жолдамаларым».
#[server(endpoint = "cabinet/referrals", output = crate::wire::Answer)]
pub async fn my_referrals() -> Result<Vec<ReferralView>, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?
        .cabinet
        .referrals(&user.iin)
        .await
}

/// One of the caller's referrals.
#[server(endpoint = "cabinet/referral", output = crate::wire::Answer)]
pub async fn my_referral(id: i32) -> Result<ReferralView, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?
        .cabinet
        .referral(&user.iin, id)
        .await
}

/// The caller's notifications, newest first.
#[server(endpoint = "cabinet/notifications", output = crate::wire::Answer)]
pub async fn my_notifications() -> Result<Vec<NotificationView>, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?
        .cabinet
        .notifications(&user.iin)
        .await
}

/// How many notifications are unread (0 when not signed in).
#[server(endpoint = "cabinet/unread", output = crate::wire::Answer)]
pub async fn unread_count() -> Result<u32, AppError> {
    match crate::session::require_user().await {
        Ok(user) => {
            crate::ports::use_ports()?
                .cabinet
                .unread_count(&user.iin)
                .await
        }
        Err(AppError::Unauthenticated) => Ok(0),
        Err(e) => Err(e),
    }
}

/// Marks all the caller's notifications read.
#[server(endpoint = "cabinet/mark_read", output = crate::wire::Answer)]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?
        .cabinet
        .mark_all_read(&user.iin)
        .await
}

/// The caller's saved requisites (empty ones if none yet); the representative's IIN is always
/// the caller's own.
#[server(endpoint = "cabinet/requisites", output = crate::wire::Answer)]
pub async fn my_requisites() -> Result<SavedRequisites, AppError> {
    let user = crate::session::require_user().await?;
    let mut saved = crate::ports::use_ports()?
        .cabinet
        .saved_requisites(&user.iin)
        .await?
        .unwrap_or_default();
    saved.representative.iin = user.iin.to_string();
    Ok(saved)
}

/// Validates and saves the caller's requisites. The representative's IIN must be the
/// caller's own (the requisites are the signed-in representative's).
#[server(endpoint = "cabinet/save_requisites", output = crate::wire::Answer)]
pub async fn save_requisites(saved: SavedRequisites) -> Result<crate::api::SaveOutcome, AppError> {
    use crate::api::SaveOutcome;
    use crate::domain::{validate_representative, validate_requisites};
    let user = crate::session::require_user().await?;
    let mut saved = saved;
    saved.representative.iin = user.iin.to_string();
    let ports = crate::ports::use_ports()?;
    let today = crate::ports::today(&ports);
    let errors = super::requisites_form::check(&saved, user.iin.as_str(), today);
    if !errors.is_empty() {
        return Ok(SaveOutcome::FieldErrors(errors));
    }
    // Both validators passed: store what was typed (normalised on the next wizard).
    debug_assert!(validate_representative(&saved.representative, today).is_ok());
    debug_assert!(validate_requisites(&saved.requisites, today).is_ok());
    ports.cabinet.save_requisites(&user.iin, &saved).await?;
    Ok(SaveOutcome::Saved)
}

/// The documents uploaded so far for one of the caller's referrals.
#[server(endpoint = "cabinet/documents", output = crate::wire::Answer)]
pub async fn referral_documents(
    referral_id: i32,
) -> Result<crate::domain::DocumentsDraft, AppError> {
    let user = crate::session::require_user().await?;
    let ports = crate::ports::use_ports()?;
    ports.cabinet.referral(&user.iin, referral_id).await?;
    ports.cabinet.documents(&user.iin, referral_id).await
}
