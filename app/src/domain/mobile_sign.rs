//! Signing with eGov Mobile / eGov Business: what a signing session is for, the states it
//! passes through, and the rules of the protocol's answers. Pure: no clock, no I/O.
//!
//! A session is created by a page for one purpose and one document, and is used once:
//!
//! ```text
//! Waiting ──API №1──▶ Opened ──PUT──▶ Checking ──verified──▶ Signed ──page finishes──▶ Used
//!    │                  │    ▲           │ └──refused──▶ Refused
//!    │                  │    └─busy (503)┘
//!    ├──────────────────┴──page cancels──▶ Refused (mobile.cancelled)
//!    └──────────────────┴──(expires_at passed)──▶ expired
//! ```
//! API №1 hands the token out once (the first app to read the code owns it). `Checking`,
//! `Signed`, `Refused` and `Used` are final for the phone: a second `PUT` is answered 410.
//! Only the browser that created the session may follow, cancel or finish it.
use serde::{Deserialize, Serialize};

/// What the signature made in the app is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MobilePurpose {
    /// Entering the cabinet: the signer becomes the signed-in person.
    Login,
    /// Wizard step 2: the signer must be the cabinet's owner, with a personal key.
    WizardCheck,
    /// Wizard step 6: the parent signs their prepared contract (its canonical bytes); the
    /// accepted signature sends it to the kindergarten.
    ParentContract { contract_id: i32 },
    /// The kindergarten signs a contract sent to it, with the organisation's key in eGov
    /// Business.
    StaffContract { contract_id: i32 },
}

impl MobilePurpose {
    /// The kind, as stored (the contract, if any, is stored beside it).
    pub fn as_str(self) -> &'static str {
        match self {
            MobilePurpose::Login => "login",
            MobilePurpose::WizardCheck => "wizard",
            MobilePurpose::ParentContract { .. } => "contract",
            MobilePurpose::StaffContract { .. } => "staff",
        }
    }

    /// The contract the purpose is about.
    pub fn subject(self) -> Option<i32> {
        match self {
            MobilePurpose::Login | MobilePurpose::WizardCheck => None,
            MobilePurpose::ParentContract { contract_id }
            | MobilePurpose::StaffContract { contract_id } => Some(contract_id),
        }
    }

    /// The purpose stored as `kind` and `subject`.
    pub fn parse(kind: &str, subject: Option<i32>) -> Option<Self> {
        match (kind, subject) {
            ("login", None) => Some(MobilePurpose::Login),
            ("wizard", None) => Some(MobilePurpose::WizardCheck),
            ("contract", Some(contract_id)) => Some(MobilePurpose::ParentContract { contract_id }),
            ("staff", Some(contract_id)) => Some(MobilePurpose::StaffContract { contract_id }),
            _ => None,
        }
    }

    /// The app that signs: eGov Business for an organisation, eGov Mobile for a person.
    pub fn app(self) -> MobileApp {
        match self {
            MobilePurpose::StaffContract { .. } => MobileApp::Business,
            _ => MobileApp::Mobile,
        }
    }

    /// An identification (the signature proves who the person is; nothing is signed for
    /// keeps) rather than a contract signature.
    pub fn identifies(self) -> bool {
        matches!(self, MobilePurpose::Login | MobilePurpose::WizardCheck)
    }
}

/// Which of the two national apps the link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MobileApp {
    /// eGov Mobile: a person's keys.
    Mobile,
    /// eGov Business: an organisation's keys.
    Business,
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MobileState {
    /// Created; the app has not fetched the document yet.
    Waiting,
    /// The app fetched the document (API №2 `GET`): the person is looking at it.
    Opened,
    /// A signature arrived and is being checked (one request at a time).
    Checking,
    /// A signature arrived and passed every check; the page may finish.
    Signed,
    /// A signature arrived and failed a check (the code says which).
    Refused,
    /// The page finished (log-in done, wizard step passed): nothing more can happen.
    Used,
}

impl MobileState {
    pub fn as_str(self) -> &'static str {
        match self {
            MobileState::Waiting => "waiting",
            MobileState::Opened => "opened",
            MobileState::Checking => "checking",
            MobileState::Signed => "signed",
            MobileState::Refused => "refused",
            MobileState::Used => "used",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "waiting" => MobileState::Waiting,
            "opened" => MobileState::Opened,
            "checking" => MobileState::Checking,
            "signed" => MobileState::Signed,
            "refused" => MobileState::Refused,
            "used" => MobileState::Used,
            _ => return None,
        })
    }

    /// Whether the phone may still fetch the document or send a signature.
    pub fn open_for_phone(self) -> bool {
        matches!(self, MobileState::Waiting | MobileState::Opened)
    }
}

/// Why a phone's request is not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneRefusal {
    /// The session's time is over: 410.
    Expired,
    /// The session already received its signature (or was finished): 410.
    Gone,
}

/// Whether the phone may fetch the document or deliver a signature in `state` at `now`
/// (`expires_at` in the same unit).
pub fn phone_may(state: MobileState, now: i64, expires_at: i64) -> Result<(), PhoneRefusal> {
    if !state.open_for_phone() {
        return Err(PhoneRefusal::Gone);
    }
    if now >= expires_at {
        return Err(PhoneRefusal::Expired);
    }
    Ok(())
}

/// The public launch link that opens the app on the phone itself, for the API №1 URL `api1`.
pub fn app_link(app: MobileApp, api1: &str) -> String {
    let base = match app {
        MobileApp::Mobile => "https://m.egov.kz/mobileSign?link=",
        MobileApp::Business => "https://m.egov.kz/businessSign?link=",
    };
    format!("{base}{}", percent_encode(api1))
}

/// The QR code's text: `mobileSign:` and the API №1 URL.
pub fn qr_text(api1: &str) -> String {
    format!("mobileSign:{api1}")
}

/// A `Host` header fit to build a URL from (demo mode, where no public address is
/// configured): a name or address and a port, nothing else.
pub fn plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// Percent-encoding of everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

super::messages::localized_error! {
    /// Why signing through eGov Mobile did not go through (shown on the page and, for the
    /// phone's requests, sent to the app as its message).
    pub enum MobileSignError {
        Unknown {
            code: "mobile.unknown",
            en: "this signing session does not exist",
            kk: "Қол қою сеансы табылмады. Жаңа QR-код алыңыз.",
            ru: "Сеанс подписания не найден. Получите новый QR-код.",
        },
        Expired {
            code: "mobile.expired",
            en: "this signing session has expired",
            kk: "QR-кодтың уақыты өтіп кетті. Жаңа код алыңыз.",
            ru: "Срок действия QR-кода истёк. Получите новый код.",
        },
        Gone {
            code: "mobile.gone",
            en: "this code is no longer valid (already signed, refused or cancelled)",
            kk: "Бұл QR-код енді жарамсыз: оған қол қойылған, бас тартылған немесе ол тоқтатылған. Қажет болса, жаңа код алыңыз.",
            ru: "Этот QR-код больше не действует: по нему уже подписано, отказано или он отменён. Если нужно, получите новый код.",
        },
        Taken {
            code: "mobile.taken",
            en: "this code has already been opened on another device",
            kk: "Бұл QR-код басқа құрылғыда ашылған. Жаңа код алыңыз.",
            ru: "Этот QR-код уже открыт на другом устройстве. Получите новый код.",
        },
        Cancelled {
            code: "mobile.cancelled",
            en: "signing was cancelled on the page",
            kk: "Қол қою беттен тоқтатылды.",
            ru: "Подписание отменено на странице.",
        },
        NotYours {
            code: "mobile.not_yours",
            en: "this document is no longer yours to sign",
            kk: "Бұл құжатқа енді сіз қол қоя алмайсыз (ол өзгерген немесе рұқсат алынып тасталған). Бетті жаңартыңыз.",
            ru: "Вы больше не можете подписать этот документ (он изменился или доступ отозван). Обновите страницу.",
        },
        BadToken {
            code: "mobile.bad_token",
            en: "missing or wrong access token",
            kk: "Құжатқа қол жеткізу рұқсаты жоқ.",
            ru: "Нет доступа к документу.",
        },
        BadRequest {
            code: "mobile.bad_request",
            en: "the request could not be read",
            kk: "Қолданбаның жауабын оқу мүмкін болмады. Қайталап көріңіз.",
            ru: "Не удалось прочитать ответ приложения. Попробуйте ещё раз.",
        },
        NoSignature {
            code: "mobile.no_signature",
            en: "no signature in the request",
            kk: "Жауапта қолтаңба жоқ. Қайталап көріңіз.",
            ru: "В ответе нет подписи. Попробуйте ещё раз.",
        },
        UnsupportedMethod {
            code: "mobile.unsupported_method",
            en: "this signing method is not accepted: sign as CMS",
            kk: "Қол қою тәсілі қабылданбайды: CMS қолтаңбасы керек.",
            ru: "Этот способ подписи не принимается: нужна подпись CMS.",
        },
        TooLarge {
            code: "mobile.too_large",
            en: "the request is too large",
            kk: "Жауап тым үлкен.",
            ru: "Ответ слишком большой.",
        },
        TooMany {
            code: "mobile.too_many",
            en: "too many signing sessions, try again later",
            kk: "Қол қою сеанстары тым көп. Біраз уақыттан кейін қайталаңыз.",
            ru: "Слишком много сеансов подписания. Повторите немного позже.",
        },
        NotSigned {
            code: "mobile.not_signed",
            en: "the document has not been signed yet",
            kk: "Құжатқа әлі қол қойылмаған.",
            ru: "Документ ещё не подписан.",
        },
        NotConfigured {
            code: "mobile.not_configured",
            en: "signing with eGov Mobile is not set up on this server",
            kk: "Бұл серверде eGov Mobile арқылы қол қою бапталмаған. ЭЦҚ файлын пайдаланыңыз.",
            ru: "На этом сервере подписание через eGov Mobile не настроено. Используйте файл ЭЦП.",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_may_fetch_and_deliver_only_while_the_session_is_open_and_in_time() {
        assert_eq!(phone_may(MobileState::Waiting, 99, 100), Ok(()));
        assert_eq!(phone_may(MobileState::Opened, 99, 100), Ok(()));
        assert_eq!(
            phone_may(MobileState::Opened, 100, 100),
            Err(PhoneRefusal::Expired)
        );
        for done in [
            MobileState::Checking,
            MobileState::Signed,
            MobileState::Refused,
            MobileState::Used,
        ] {
            assert_eq!(phone_may(done, 0, 100), Err(PhoneRefusal::Gone));
        }
    }

    #[test]
    fn states_and_purposes_survive_their_column_text() {
        for s in [
            MobileState::Waiting,
            MobileState::Opened,
            MobileState::Checking,
            MobileState::Signed,
            MobileState::Refused,
            MobileState::Used,
        ] {
            assert_eq!(MobileState::parse(s.as_str()), Some(s));
        }
        for p in [
            MobilePurpose::Login,
            MobilePurpose::WizardCheck,
            MobilePurpose::ParentContract { contract_id: 7 },
            MobilePurpose::StaffContract { contract_id: 8 },
        ] {
            assert_eq!(MobilePurpose::parse(p.as_str(), p.subject()), Some(p));
        }
        assert_eq!(MobilePurpose::parse("contract", None), None);
        assert_eq!(MobilePurpose::parse("login", Some(1)), None);
        assert_eq!(MobileState::parse("signed "), None);
    }

    #[test]
    fn the_launch_links_carry_the_api_url_percent_encoded() {
        let api1 = "https://ekg.example.kz/egov/sign/ab12?x=1&y=2";
        assert_eq!(
            app_link(MobileApp::Mobile, api1),
            "https://m.egov.kz/mobileSign?link=https%3A%2F%2Fekg.example.kz%2Fegov%2Fsign%2Fab12%3Fx%3D1%26y%3D2"
        );
        assert!(
            app_link(MobileApp::Business, api1)
                .starts_with("https://m.egov.kz/businessSign?link=https%3A")
        );
        assert_eq!(qr_text(api1), format!("mobileSign:{api1}"));
    }

    #[test]
    fn only_a_plain_host_builds_a_demo_url() {
        assert!(plain_host("127.0.0.1:3000"));
        assert!(plain_host("[::1]:8080"));
        assert!(plain_host("localhost"));
        for bad in ["", "evil.kz/path", "a b", "x@y", "h\r\nX: y"] {
            assert!(!plain_host(bad), "{bad}");
        }
    }
}
