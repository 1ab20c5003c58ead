use leptos::prelude::*;

use crate::auth_model::{Challenge, ChallengePurpose, CurrentUser};
use crate::error::AppError;

/// Issues a one-time challenge for the AUTH key to sign.
///
/// Authorisation: login challenges are open to anyone (they reveal nothing and are bound to
/// this browser); wizard checks need a signed-in person.
#[server(endpoint = "auth/challenge", output = crate::wire::Answer)]
pub async fn eds_challenge(purpose: ChallengePurpose) -> Result<Challenge, AppError> {
    if purpose == ChallengePurpose::WizardCheck {
        crate::session::require_user().await?;
    }
    let binding = crate::session::ensure_binding();
    let ports = crate::ports::use_ports()?;
    ports.auth.issue_challenge(&binding, purpose).await
}

/// Logs in with a CMS signature (base64 of DER) of the challenge's text made with the AUTH
/// key: the account is found or created by the certificate's IIN; a new session starts.
///
/// Authorisation: the signature itself is the credential.
#[server(endpoint = "auth/login", output = crate::wire::Answer)]
pub async fn eds_login(challenge_id: String, cms_base64: String) -> Result<CurrentUser, AppError> {
    use crate::domain::messages::Localized;
    use base64::Engine;
    let binding = crate::session::read_cookie(crate::session::BINDING_COOKIE).ok_or_else(|| {
        AppError::Invalid(crate::auth_model::AuthError::ChallengeUnknown.code().into())
    })?;
    let cms = base64::engine::general_purpose::STANDARD
        .decode(cms_base64.trim())
        .map_err(|_| AppError::Invalid(crate::auth_model::AuthError::BadEncoding.code().into()))?;
    let ports = crate::ports::use_ports()?;
    let user = ports
        .auth
        .verify_challenge(&binding, &challenge_id, ChallengePurpose::Login, &cms)
        .await?;
    if let Some(old) = crate::session::read_cookie(crate::session::SESSION_COOKIE) {
        ports.auth.close_session(&old).await?;
    }
    let token = ports.auth.open_session(&user).await?;
    crate::session::set_session_cookie(&token);
    Ok(user)
}

/// The signed-in person, if any.
///
/// Authorisation: answers only about the caller's own session.
#[server(endpoint = "auth/me", output = crate::wire::Answer)]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    match crate::session::require_user().await {
        Ok(u) => Ok(Some(u)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Ends the caller's session.
///
/// Authorisation: acts only on the caller's own session cookie.
#[server(endpoint = "auth/logout", output = crate::wire::Answer)]
pub async fn logout() -> Result<(), AppError> {
    if let Some(token) = crate::session::read_cookie(crate::session::SESSION_COOKIE) {
        crate::ports::use_ports()?
            .auth
            .close_session(&token)
            .await?;
    }
    crate::session::clear_session_cookie();
    Ok(())
}

/// Wizard step 2: proves with the AUTH key that the EDS belongs to the cabinet's owner (the
/// certificate's IIN must equal the signed-in person's IIN).
///
/// Authorisation: a signed-in person, about themselves only.
#[server(endpoint = "auth/wizard-check", output = crate::wire::Answer)]
pub async fn eds_wizard_check(
    challenge_id: String,
    cms_base64: String,
) -> Result<CurrentUser, AppError> {
    use crate::domain::messages::Localized;
    let me = crate::session::require_user().await?;
    let (binding, cms) = binding_and_signature(&cms_base64)?;
    let ports = crate::ports::use_ports()?;
    let signer = ports
        .auth
        .verify_challenge(&binding, &challenge_id, ChallengePurpose::WizardCheck, &cms)
        .await?;
    if signer.iin != me.iin {
        return Err(AppError::Invalid(
            crate::auth_model::AuthError::NotCabinetOwner.code().into(),
        ));
    }
    Ok(signer)
}

/// The browser's challenge binding and the decoded signature, or the matching error code.
#[cfg(feature = "ssr")]
fn binding_and_signature(cms_base64: &str) -> Result<(String, Vec<u8>), AppError> {
    use crate::domain::messages::Localized;
    use base64::Engine;
    let binding = crate::session::read_cookie(crate::session::BINDING_COOKIE).ok_or_else(|| {
        AppError::Invalid(crate::auth_model::AuthError::ChallengeUnknown.code().into())
    })?;
    let cms = base64::engine::general_purpose::STANDARD
        .decode(cms_base64.trim())
        .map_err(|_| AppError::Invalid(crate::auth_model::AuthError::BadEncoding.code().into()))?;
    Ok((binding, cms))
}
