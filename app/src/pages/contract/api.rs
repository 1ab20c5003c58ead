//! Server functions of the contract wizard and the parent's contracts. Each starts with
//! `require_user()` and hands the caller's own IIN to the port, which only touches that
//! person's referrals, drafts and contracts (anyone else's are `NotFound`).
use leptos::prelude::*;

use crate::api::{ContractCard, ContractSummary, PrepareOutcome, SubmitReceipt, WizardStart};
use crate::domain::ContractDraft;
use crate::error::AppError;

/// Largest draft accepted (JSON of the typed fields; far above any real one).
pub const MAX_DRAFT_JSON: usize = 32 * 1024;
/// Largest CMS accepted (a signature with its chain is a few KB).
pub const MAX_CMS_BYTES: usize = 64 * 1024;

/// What the wizard needs to open for the caller's referral `referral_id`.
#[server(endpoint = "contract/start", output = crate::wire::Answer)]
pub async fn contract_wizard_start(referral_id: i32) -> Result<WizardStart, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?
        .contracts
        .wizard_start(&user, referral_id)
        .await
}

/// Saves the wizard as typed (so the parent can continue on another device); returns the
/// server's time of the save. Not validated: a draft may be half-filled.
#[server(endpoint = "contract/save_draft", input = leptos::server_fn::codec::Json, output = crate::wire::Answer)]
pub async fn save_contract_draft(referral_id: i32, draft: ContractDraft) -> Result<i64, AppError> {
    let user = crate::session::require_user().await?;
    let json = serde_json::to_string(&draft).map_err(|_| AppError::Invalid("request".into()))?;
    if json.len() > MAX_DRAFT_JSON {
        return Err(AppError::Invalid("request".into()));
    }
    crate::ports::use_ports()?
        .contracts
        .save_draft(&user.iin, referral_id, &draft)
        .await
}

/// Validates the whole wizard again (the same domain rules as the browser) and, if it is
/// right, fixes the contract's terms — number, date, tariff, template — and returns its text
/// and the canonical bytes to sign. The same referral keeps its number when prepared again.
#[server(endpoint = "contract/prepare", input = leptos::server_fn::codec::Json, output = crate::wire::Answer)]
pub async fn prepare_contract(
    referral_id: i32,
    draft: ContractDraft,
) -> Result<PrepareOutcome, AppError> {
    let user = crate::session::require_user().await?;
    let ports = crate::ports::use_ports()?;
    let today = crate::ports::today(&ports);
    let mut draft = draft;
    // The representative is the signed-in person, whatever the form says.
    draft.representative.iin = user.iin.to_string();
    // Kept first (also authorises: only the parent's own active referral), so that nothing
    // typed is lost even when it does not validate.
    ports
        .contracts
        .save_draft(&user.iin, referral_id, &draft)
        .await?;
    let valid = match crate::domain::validate_contract(&draft, today) {
        Ok(v) => v,
        Err(e) => return Ok(PrepareOutcome::FieldErrors(e)),
    };
    let prepared = ports
        .contracts
        .prepare(&user.iin, referral_id, &valid)
        .await?;
    Ok(PrepareOutcome::Ready(Box::new(prepared)))
}

/// Sends the prepared contract `contract_id` signed by the parent: `cms_base64` is a detached
/// CMS over the canonical bytes made with the parent's signing key. The server verifies it
/// over its own bytes and the parent's IIN, then stores it and moves the referral and the
/// contract on, all in one transaction. A retry with the same `idempotency_key` returns the
/// same receipt and never makes a second contract.
#[server(endpoint = "contract/submit", output = crate::wire::Answer)]
pub async fn submit_contract(
    contract_id: i32,
    idempotency_key: String,
    cms_base64: String,
    acknowledged: bool,
) -> Result<SubmitReceipt, AppError> {
    use crate::domain::Localized;
    use base64::Engine;
    let user = crate::session::require_user().await?;
    if !acknowledged {
        return Err(AppError::Invalid(
            crate::domain::ContractError::NotAcknowledged.code().into(),
        ));
    }
    let key_ok = (16..=64).contains(&idempotency_key.len())
        && idempotency_key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !key_ok || cms_base64.len() > MAX_CMS_BYTES * 4 / 3 + 4 {
        return Err(AppError::Invalid("request".into()));
    }
    let cms = base64::engine::general_purpose::STANDARD
        .decode(cms_base64.trim())
        .map_err(|_| AppError::Invalid(crate::auth_model::AuthError::BadEncoding.code().into()))?;
    crate::ports::use_ports()?
        .contracts
        .submit(&user.iin, contract_id, &idempotency_key, &cms)
        .await
}

/// «Шарттар»: the caller's contracts, newest first.
#[server(endpoint = "contract/list", output = crate::wire::Answer)]
pub async fn my_contracts() -> Result<Vec<ContractSummary>, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?.contracts.list(&user.iin).await
}

/// The contract card of the caller's contract `id`.
#[server(endpoint = "contract/card", output = crate::wire::Answer)]
pub async fn my_contract(id: i32) -> Result<ContractCard, AppError> {
    let user = crate::session::require_user().await?;
    crate::ports::use_ports()?
        .contracts
        .card(&user.iin, id)
        .await
}
