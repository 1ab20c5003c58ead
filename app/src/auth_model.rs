//! What the browser and the server exchange about identity: the one-time EDS challenge and
//! the signed-in person. Pure data (no Leptos, no I/O).
use serde::{Deserialize, Serialize};

/// Why a challenge is signed: logging in, or proving at wizard step 2 that the EDS belongs
/// to the cabinet's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChallengePurpose {
    Login,
    WizardCheck,
}

impl ChallengePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengePurpose::Login => "login",
            ChallengePurpose::WizardCheck => "wizard",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "login" => Some(ChallengePurpose::Login),
            "wizard" => Some(ChallengePurpose::WizardCheck),
            _ => None,
        }
    }
}

/// Seconds a challenge stays usable.
pub const CHALLENGE_TTL_SECS: i64 = 300;

/// A one-time challenge: the browser signs [`Challenge::text`] with the AUTH key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub id: String,
    pub text: String,
}

/// The exact text signed for a challenge; the server rebuilds it from its own record.
pub fn challenge_text(
    id: &str,
    nonce: &str,
    purpose: ChallengePurpose,
    issued_unix: i64,
) -> String {
    format!(
        "EKG-AUTH/1\nservice=e-kindergarten\nid={id}\nnonce={nonce}\npurpose={}\nissued={issued_unix}\n",
        purpose.as_str()
    )
}

pub use crate::domain::role_rules::RoleError;

/// The signed-in person as the pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// As the log-in certificate states it.
    pub iin: crate::domain::CertifiedIin,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    /// Staff and admin roles (a parent has none: their cabinet is their own).
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The organisation named in the log-in certificate (an employee's or a head's key); `None`
    /// for a personal key.
    /// (Postcard, the pages' wire format, is not self-describing: no `skip_serializing_if`.)
    #[serde(default)]
    pub organisation: Option<LoginOrganisation>,
}

/// The organisation of the key a person signed in with, as the national CA certified it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginOrganisation {
    /// The organisation's BIN (12 digits).
    pub bin: String,
    /// The holder type is «head of the organisation» (`1.2.398.3.3.4.1.2.1`).
    pub head: bool,
}

impl CurrentUser {
    /// The kindergartens whose contracts this person works on as staff.
    pub fn staff_kindergartens(&self) -> Vec<i32> {
        self.roles
            .iter()
            .filter_map(|r| match r {
                Role::Staff { kindergarten_id } => Some(*kindergarten_id),
                _ => None,
            })
            .collect()
    }

    /// The kindergartens this person heads (signed in with the head's organisation key).
    pub fn headed_kindergartens(&self) -> Vec<i32> {
        self.roles
            .iter()
            .filter_map(|r| match r {
                Role::Head { kindergarten_id } => Some(*kindergarten_id),
                _ => None,
            })
            .collect()
    }

    pub fn full_name(&self) -> String {
        match &self.patronymic {
            Some(p) => format!("{} {} {}", self.last_name, self.first_name, p),
            None => format!("{} {}", self.last_name, self.first_name),
        }
    }
}

crate::domain::messages::localized_error! {
    /// Why an identification by EDS was refused (beyond the signature checks themselves).
    pub enum AuthError {
        ChallengeUnknown {
            code: "auth.challenge_unknown",
            en: "unknown challenge",
            kk: "Тексеру сеансы табылмады. Бетті жаңартып, қайталап көріңіз.",
            ru: "Сеанс проверки не найден. Обновите страницу и попробуйте ещё раз.",
        },
        ChallengeExpired {
            code: "auth.challenge_expired",
            en: "challenge expired",
            kk: "Тексеру уақыты өтіп кетті. Қайталап көріңіз.",
            ru: "Время проверки истекло. Попробуйте ещё раз.",
        },
        ChallengeUsed {
            code: "auth.challenge_used",
            en: "challenge already used",
            kk: "Бұл тексеру бұрын қолданылған. Қайталап көріңіз.",
            ru: "Эта проверка уже использована. Попробуйте ещё раз.",
        },
        NoIinInCertificate {
            code: "auth.no_iin",
            en: "certificate carries no IIN",
            kk: "Кілттің сертификатында ЖСН жоқ. Жеке тұлғаның ЭЦҚ-сын таңдаңыз.",
            ru: "В сертификате ключа нет ИИН. Выберите ЭЦП физического лица.",
        },
        NotCabinetOwner {
            code: "auth.not_owner",
            en: "the EDS belongs to someone else",
            kk: "ЭЦҚ жеке кабинет иесіне тиесілі болуы керек. Өз кілтіңізді таңдаңыз.",
            ru: "ЭЦП должна принадлежать владельцу личного кабинета. Выберите свой ключ.",
        },
        BadEncoding {
            code: "auth.bad_encoding",
            en: "signature could not be read",
            kk: "Қолтаңбаны оқу мүмкін болмады. Қайталап көріңіз.",
            ru: "Не удалось прочитать подпись. Попробуйте ещё раз.",
        },
        TooManyAttempts {
            code: "auth.too_many_attempts",
            en: "too many attempts",
            kk: "Әрекет тым көп. Бірнеше минуттан кейін қайталаңыз.",
            ru: "Слишком много попыток. Повторите через несколько минут.",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_text_names_the_service_the_challenge_and_its_purpose() {
        let t = challenge_text("abc", "00ff", ChallengePurpose::Login, 1_700_000_000);
        assert_eq!(
            t,
            "EKG-AUTH/1\nservice=e-kindergarten\nid=abc\nnonce=00ff\npurpose=login\nissued=1700000000\n"
        );
        assert_ne!(
            t,
            challenge_text("abc", "00ff", ChallengePurpose::WizardCheck, 1_700_000_000)
        );
    }

    #[test]
    fn every_identification_error_reads_well_in_kazakh_and_russian() {
        use crate::domain::Lang;
        use crate::domain::messages::Localized;
        use crate::domain::messages::test_support::{assert_kazakh, assert_russian};
        let mut codes = std::collections::HashSet::new();
        for e in AuthError::ALL {
            assert_kazakh(e.message(Lang::Kk));
            assert_russian(e.message(Lang::Ru));
            assert!(e.code().starts_with("auth."));
            assert!(codes.insert(e.code()), "duplicate code {}", e.code());
            assert_eq!(
                crate::error::text_for_code(e.code()).map(|t| t.ru),
                Some(e.message(Lang::Ru))
            );
        }
    }

    #[test]
    fn purposes_round_trip() {
        for p in [ChallengePurpose::Login, ChallengePurpose::WizardCheck] {
            assert_eq!(ChallengePurpose::parse(p.as_str()), Some(p));
        }
    }
}

/// A role beyond the parent's own cabinet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Kindergarten staff: acts on that kindergarten's contracts only.
    Staff { kindergarten_id: i32 },
    /// Education department admin: runs that department.
    Admin { department_id: i32 },
    /// Region-level administrator: creates departments and grants their admins.
    RegionAdmin,
    /// The kindergarten's head, recognised by the log-in key alone (an organisation key with
    /// that kindergarten's BIN and the holder type «head»): grants and withdraws the
    /// kindergarten's staff. Never stored: it lasts as long as the session opened with that key.
    Head { kindergarten_id: i32 },
}

impl Role {
    /// What the head of kindergarten `k` may do: run its staff, and everything its staff do
    /// (the head signs contracts for the kindergarten).
    pub fn head_of(k: i32) -> [Role; 2] {
        [
            Role::Staff { kindergarten_id: k },
            Role::Head { kindergarten_id: k },
        ]
    }

    /// The label shown in the cabinet.
    pub fn label(self) -> crate::i18n::Text {
        match self {
            Role::Staff { .. } => {
                crate::i18n::Text::new("Балабақша қызметкері", "Сотрудник детского сада")
            }
            Role::Admin { .. } => crate::i18n::Text::new(
                "Білім бөлімінің әкімшісі",
                "Администратор отдела образования",
            ),
            Role::RegionAdmin => {
                crate::i18n::Text::new("Өңірлік әкімші", "Региональный администратор")
            }
            Role::Head { .. } => {
                crate::i18n::Text::new("Балабақша меңгерушісі", "Заведующий детским садом")
            }
        }
    }
}
