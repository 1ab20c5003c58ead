//! Server functions of the kindergarten head: the kindergarten's staff. Each requires the
//! head role for the kindergarten it names (an organisation key with that kindergarten's BIN
//! and the holder type «head», see `auth_model::Role::Head`); another kindergarten is
//! `NotFound`.
use leptos::prelude::*;

use crate::api::KindergartenStaff;
use crate::error::AppError;

/// The signed-in head's IIN and the kindergartens they head, or `Forbidden`.
#[cfg(feature = "ssr")]
async fn require_head() -> Result<(crate::domain::CertifiedIin, Vec<i32>), AppError> {
    let user = crate::session::require_user().await?;
    let ks = user.headed_kindergartens();
    if ks.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((user.iin, ks))
}

/// The staff of every kindergarten the caller heads.
#[server(endpoint = "staff/people", output = crate::wire::Answer)]
pub async fn head_staff() -> Result<Vec<KindergartenStaff>, AppError> {
    let (_, ks) = require_head().await?;
    crate::ports::use_ports()?.head.staff(&ks).await
}

/// Makes the person with `iin` staff of a kindergarten the caller heads.
#[server(endpoint = "staff/grant", output = crate::wire::Answer)]
pub async fn head_grant_staff(kindergarten_id: i32, iin: String) -> Result<(), AppError> {
    use crate::domain::Localized;
    let (head, ks) = require_head().await?;
    if !ks.contains(&kindergarten_id) {
        return Err(AppError::NotFound);
    }
    let iin = crate::domain::Iin::parse(&iin).map_err(|e| AppError::Invalid(e.code().into()))?;
    crate::ports::use_ports()?
        .head
        .grant(&head, kindergarten_id, &iin)
        .await
}

/// Withdraws a staff role of a kindergarten the caller heads.
#[server(endpoint = "staff/withdraw", output = crate::wire::Answer)]
pub async fn head_withdraw_staff(kindergarten_id: i32, role_id: i32) -> Result<(), AppError> {
    let (head, ks) = require_head().await?;
    if !ks.contains(&kindergarten_id) {
        return Err(AppError::NotFound);
    }
    crate::ports::use_ports()?
        .head
        .withdraw(&head, kindergarten_id, role_id)
        .await
}
