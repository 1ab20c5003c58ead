//! Server functions of signing with eGov Mobile: a page starts a session, polls it, and
//! finishes it once the app's signature was accepted.
use leptos::prelude::*;

use crate::api::{ContractSummary, MobileProgress, MobileSession, SubmitReceipt};
use crate::auth_model::CurrentUser;
use crate::domain::mobile_sign::MobilePurpose;
use crate::error::AppError;

/// The address this page was opened at (`http://` + `Host`), for the phone's links when the
/// server has no public address configured (demo mode only; the server ignores it otherwise).
#[cfg(feature = "ssr")]
fn origin_hint() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let host = parts.headers.get(http::header::HOST)?.to_str().ok()?;
    crate::domain::mobile_sign::plain_host(host).then(|| format!("http://{host}"))
}

/// Starts a signing session in eGov Mobile (eGov Business for a kindergarten) for `purpose`:
/// its QR text, app link and expiry. `acknowledged`: for the parent's contract, the box «I
/// have read the contract» (as for the key-file path).
///
/// Authorisation: log-in sessions are open to anyone (bound to this browser, limited per
/// client); the wizard's identification and the parent's contract need the signed-in parent
/// (the contract their own, still a draft), who is the expected signer; the kindergarten's
/// signature needs a staff role for the contract's kindergarten.
#[server(endpoint = "mobile/start", input = leptos::server_fn::codec::Json, output = crate::wire::Answer)]
pub async fn mobile_sign_start(
    purpose: MobilePurpose,
    #[server(default)] acknowledged: bool,
) -> Result<MobileSession, AppError> {
    use crate::domain::Localized;
    let caller = match purpose {
        MobilePurpose::Login => None,
        _ => Some(crate::session::require_user().await?),
    };
    if matches!(purpose, MobilePurpose::ParentContract { .. }) && !acknowledged {
        return Err(AppError::Invalid(
            crate::domain::ContractError::NotAcknowledged.code().into(),
        ));
    }
    // The binding must outlive the session it is about to hold: set for an hour from now.
    let binding = crate::session::read_cookie(crate::session::BINDING_COOKIE)
        .unwrap_or_else(crate::session::random_token);
    crate::session::refresh_binding(&binding);
    crate::ports::use_ports()?
        .mobile_sign
        .start(&binding, purpose, caller.as_ref(), origin_hint().as_deref())
        .await
}

/// Ends this browser's session `id` before the app sent a signature (the page's «cancel», or
/// a new code): its code stops working. Nothing happens to a session already signed.
///
/// Authorisation: only the browser that created the session (its binding cookie).
#[server(endpoint = "mobile/cancel", output = crate::wire::Answer)]
pub async fn mobile_sign_cancel(id: String) -> Result<(), AppError> {
    let Some(binding) = crate::session::read_cookie(crate::session::BINDING_COOKIE) else {
        return Ok(());
    };
    crate::ports::use_ports()?
        .mobile_sign
        .cancel(&binding, &id)
        .await
}

/// Where this browser's session `id` stands.
///
/// Authorisation: only the browser that created the session (its binding cookie).
#[server(endpoint = "mobile/progress", output = crate::wire::Answer)]
pub async fn mobile_sign_progress(id: String) -> Result<MobileProgress, AppError> {
    let binding =
        crate::session::read_cookie(crate::session::BINDING_COOKIE).ok_or(AppError::NotFound)?;
    crate::ports::use_ports()?
        .mobile_sign
        .progress(&binding, &id)
        .await
}

/// This browser's binding cookie, or the «unknown session» refusal.
#[cfg(feature = "ssr")]
fn binding() -> Result<String, AppError> {
    use crate::domain::Localized;
    crate::session::read_cookie(crate::session::BINDING_COOKIE).ok_or_else(|| {
        AppError::Invalid(
            crate::domain::mobile_sign::MobileSignError::Unknown
                .code()
                .into(),
        )
    })
}

/// Logs in with a session signed in eGov Mobile: the account of the verified certificate's
/// IIN, a new session cookie. Once per session.
///
/// Authorisation: the signature (accepted by API №2) and this browser's binding.
#[server(endpoint = "mobile/login", output = crate::wire::Answer)]
pub async fn mobile_login(id: String) -> Result<CurrentUser, AppError> {
    let binding = binding()?;
    let ports = crate::ports::use_ports()?;
    let user = ports
        .mobile_sign
        .signed_identity(&binding, &id, MobilePurpose::Login)
        .await?;
    let token = ports.auth.open_session(&user).await?;
    // Used once: a second request that got here too loses, and its session is closed again.
    if let Err(e) = ports.mobile_sign.mark_used(&binding, &id).await {
        if ports.auth.close_session(&token).await.is_err() {
            leptos::logging::error!("a session opened by a losing eGov Mobile log-in stays open");
        }
        return Err(e);
    }
    crate::session::set_session_cookie(&token);
    if let Some(old) = crate::session::read_cookie(crate::session::SESSION_COOKIE)
        && ports.auth.close_session(&old).await.is_err()
    {
        leptos::logging::error!("the previous session could not be closed at log-in");
    }
    Ok(user)
}

/// Wizard step 2 through eGov Mobile: the session signed by the cabinet's owner (checked when
/// the signature arrived, and again here against whoever is signed in now).
///
/// Authorisation: a signed-in person, about themselves only, and this browser's binding.
#[server(endpoint = "mobile/wizard-check", output = crate::wire::Answer)]
pub async fn mobile_wizard_check(id: String) -> Result<CurrentUser, AppError> {
    use crate::domain::Localized;
    let me = crate::session::require_user().await?;
    let binding = binding()?;
    let ports = crate::ports::use_ports()?;
    let signer = ports
        .mobile_sign
        .signed_identity(&binding, &id, MobilePurpose::WizardCheck)
        .await?;
    if signer.iin != me.iin {
        return Err(AppError::Invalid(
            crate::auth_model::AuthError::NotCabinetOwner.code().into(),
        ));
    }
    ports.mobile_sign.mark_used(&binding, &id).await?;
    Ok(signer)
}

/// The receipt of the parent's contract that eGov Mobile signed (the accepted signature already
/// sent it to the kindergarten). Once per session.
///
/// Authorisation: a signed-in person, the contract's parent, and this browser's binding.
#[server(endpoint = "mobile/contract-sent", output = crate::wire::Answer)]
pub async fn mobile_contract_sent(id: String, contract_id: i32) -> Result<SubmitReceipt, AppError> {
    let me = crate::session::require_user().await?;
    let binding = binding()?;
    let ports = crate::ports::use_ports()?;
    ports
        .mobile_sign
        .finish_contract(&binding, &id, contract_id, &me.iin)
        .await
}

/// The contract as it stands after the kindergarten signed it in eGov Business. Once per
/// session.
///
/// Authorisation: a staff role for the contract's kindergarten and this browser's binding.
#[server(endpoint = "mobile/staff-signed", output = crate::wire::Answer)]
pub async fn mobile_staff_signed(
    id: String,
    contract_id: i32,
) -> Result<ContractSummary, AppError> {
    let me = crate::session::require_user().await?;
    let ks = me.staff_kindergartens();
    if ks.is_empty() {
        return Err(AppError::Forbidden);
    }
    let binding = binding()?;
    crate::ports::use_ports()?
        .mobile_sign
        .finish_staff(&binding, &id, contract_id, &me.iin)
        .await
}
