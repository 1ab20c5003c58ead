//! What a page and the server exchange about a signing session in eGov Mobile / eGov Business.
use serde::{Deserialize, Serialize};

use crate::domain::mobile_sign::{MobileApp, MobileState};

/// A new signing session as the page shows it: a QR code on a desktop, a link on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobileSession {
    /// The session's id (also the last segment of its API №1 URL).
    pub id: String,
    /// The QR code's text (`mobileSign:https://…`).
    pub qr_text: String,
    /// The link that opens the app on this phone (`https://m.egov.kz/mobileSign?link=…`).
    pub app_link: String,
    /// Which app signs (eGov Mobile for a person, eGov Business for an organisation).
    pub app: MobileApp,
    /// Unix seconds when the session stops working.
    pub expires_at: i64,
    /// The server's clock when the answer was made (the countdown runs from it).
    pub now: i64,
}

/// Where a session stands, as the page polls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobileProgress {
    pub state: MobileState,
    /// The session's time is over (and no signature arrived).
    pub expired: bool,
    /// Why the signature was refused (an error code with kk/ru texts), when `state` is
    /// `Refused`.
    pub refusal: Option<String>,
    /// Seconds left.
    pub seconds_left: i64,
}
