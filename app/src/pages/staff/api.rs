//! Server functions of kindergarten staff. Each one requires a staff role and touches only
//! the contracts of the kindergarten(s) that role names: another kindergarten's contract is
//! `NotFound`.
use leptos::prelude::*;

use crate::api::ContractSummary;
use crate::api::{InboxPage, InboxQuery, StaffContract};
use crate::error::AppError;

/// The signed-in staff member's IIN and kindergartens, or `Forbidden`.
#[cfg(feature = "ssr")]
async fn require_staff() -> Result<(crate::domain::CertifiedIin, Vec<i32>), AppError> {
    require_staff_user().await.map(|(u, ks)| (u.iin, ks))
}

/// The signed-in staff member and their kindergartens, or `Forbidden`.
#[cfg(feature = "ssr")]
async fn require_staff_user() -> Result<(crate::auth_model::CurrentUser, Vec<i32>), AppError> {
    let user = crate::session::require_user().await?;
    let ks = user.staff_kindergartens();
    if ks.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((user, ks))
}

/// One page of the kindergarten's contracts, filtered, searched and sorted.
#[server(endpoint = "staff/inbox", input = leptos::server_fn::codec::Json, output = crate::wire::Answer)]
pub async fn staff_inbox(query: InboxQuery) -> Result<InboxPage, AppError> {
    let (user, ks) = require_staff_user().await?;
    if query.q.chars().count() > 100 {
        return Err(AppError::Invalid("request".into()));
    }
    let mut page = crate::ports::use_ports()?.staff.inbox(&ks, &query).await?;
    page.head = !user.headed_kindergartens().is_empty();
    Ok(page)
}

/// One contract of the kindergarten, with everything needed to decide.
#[server(endpoint = "staff/contract", output = crate::wire::Answer)]
pub async fn staff_contract_view(id: i32) -> Result<StaffContract, AppError> {
    let (iin, ks) = require_staff().await?;
    crate::ports::use_ports()?
        .staff
        .contract(&iin, &ks, id)
        .await
}

/// Signs the contract with the organisation's key: `cms_base64` is a detached CMS over the
/// canonical bytes; the server verifies it and that its BIN is the kindergarten's.
#[server(endpoint = "staff/sign", output = crate::wire::Answer)]
pub async fn staff_sign(id: i32, cms_base64: String) -> Result<ContractSummary, AppError> {
    use crate::domain::Localized;
    use base64::Engine;
    let (iin, ks) = require_staff().await?;
    if cms_base64.len() > crate::pages::contract::api::MAX_CMS_BYTES * 4 / 3 + 4 {
        return Err(AppError::Invalid("request".into()));
    }
    let cms = base64::engine::general_purpose::STANDARD
        .decode(cms_base64.trim())
        .map_err(|_| AppError::Invalid(crate::auth_model::AuthError::BadEncoding.code().into()))?;
    crate::ports::use_ports()?
        .staff
        .sign(&iin, &ks, id, &cms)
        .await
}

/// Refuses the contract with a reason (a `RefusalReason` code) and an explanation for the
/// parent (required for "other", at most 500 characters).
#[server(endpoint = "staff/refuse", output = crate::wire::Answer)]
pub async fn staff_refuse(
    id: i32,
    reason: String,
    comment: String,
) -> Result<ContractSummary, AppError> {
    use crate::domain::Localized;
    let (iin, ks) = require_staff().await?;
    let reason = crate::domain::RefusalReason::parse(&reason)
        .ok_or_else(|| AppError::Invalid("request".into()))?;
    let event = crate::domain::ContractEvent::KindergartenRefused {
        reason,
        comment: comment.trim().to_string(),
    };
    // The domain's rules for a refusal (comment length, required for "other").
    crate::domain::ContractStatus::SentForSigning
        .transition(&event, crate::domain::Actor::Staff)
        .map_err(|e| AppError::Invalid(e.code().into()))?;
    crate::ports::use_ports()?
        .staff
        .refuse(&iin, &ks, id, &event)
        .await
}
