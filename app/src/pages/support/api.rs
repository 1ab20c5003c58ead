use leptos::prelude::*;

use crate::api::SupportTicket;
use crate::error::AppError;

/// Records a support request; returns its number.
///
/// Authorisation: open to everyone (a parent who cannot sign in must still reach support);
/// the signed-in person, if any, is attached to the request.
#[server(endpoint = "support/send", output = crate::wire::Answer)]
pub async fn send_support_request(
    contact: String,
    message: String,
    page: String,
) -> Result<SupportTicket, AppError> {
    use crate::domain::messages::Localized;
    let contact =
        crate::api::parse_contact(&contact).map_err(|e| AppError::Invalid(e.code().into()))?;
    let message =
        crate::api::parse_message(&message).map_err(|e| AppError::Invalid(e.code().into()))?;
    let page: String = page.chars().take(200).collect();
    let iin = crate::session::require_user().await.ok().map(|u| u.iin);
    let lang = crate::i18n::lang_state::initial_lang();
    let ports = crate::ports::use_ports()?;
    let number = ports
        .support
        .record(iin, contact, message, page, lang.code())
        .await?;
    Ok(SupportTicket { number })
}
