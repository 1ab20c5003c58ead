//! E-mail address of the legal representative.
//!
//! Rules (GUIDE.md step 3 «Электрондық поштаның адресі»; a pragmatic subset of RFC 5321/5322
//! that real mail providers accept):
//! - surrounding whitespace is trimmed; at most 254 characters in total;
//! - exactly one `@`;
//! - local part: 1–64 ASCII characters from `A–Z a–z 0–9 ! # $ % & ' * + / = ? ^ _ ` { | } ~ - .`,
//!   not starting or ending with `.`, no `..`; its case is kept;
//! - domain: at least two dot-separated labels of 1–63 ASCII letters, digits or `-`, no label
//!   starting or ending with `-`; the last label (TLD) has at least 2 characters and is not
//!   all digits; the domain is lower-cased. Internationalised (Cyrillic) addresses are not
//!   accepted: few Kazakh mail services support them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest accepted address (RFC 5321 path limit less the angle brackets).
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest local part (RFC 5321).
pub const MAX_LOCAL_LEN: usize = 64;

super::messages::localized_error! {
    /// Why a string is not an acceptable e-mail address.
    pub enum EmailError {
        /// Nothing was typed.
        Empty {
            code: "email.empty",
            en: "e-mail is empty",
            kk: "Электрондық пошта адресін енгізіңіз.",
            ru: "Укажите адрес электронной почты.",
        },
        /// Longer than 254 characters.
        TooLong {
            code: "email.too_long",
            en: "e-mail is too long",
            kk: "Электрондық пошта адресі тым ұзын.",
            ru: "Адрес электронной почты слишком длинный.",
        },
        /// No `@`.
        MissingAt {
            code: "email.missing_at",
            en: "e-mail has no @",
            kk: "Электрондық пошта адресінде @ белгісі болуы керек, мысалы aigerim@mail.kz.",
            ru: "В адресе электронной почты должен быть знак @, например aigerim@mail.kz.",
        },
        /// More than one `@`.
        MultipleAt {
            code: "email.multiple_at",
            en: "e-mail has more than one @",
            kk: "Электрондық пошта адресінде @ белгісі бір рет қана болуы керек.",
            ru: "Знак @ должен встречаться в адресе только один раз.",
        },
        /// Spaces, Cyrillic or other characters outside ASCII.
        BadCharacters {
            code: "email.bad_characters",
            en: "e-mail has spaces or non-Latin characters",
            kk: "Электрондық пошта адресін латын әріптерімен, бос орынсыз жазыңыз.",
            ru: "Введите адрес электронной почты латинскими буквами, без пробелов.",
        },
        /// The part before `@` is empty, too long or badly formed.
        BadLocalPart {
            code: "email.bad_local_part",
            en: "the part before @ is invalid",
            kk: "@ белгісіне дейінгі бөлік дұрыс емес: ол бос болмауы, 64 таңбадан аспауы және нүктемен басталмауы не аяқталмауы керек.",
            ru: "Часть адреса до знака @ указана неверно: она не может быть пустой, длиннее 64 символов, начинаться или заканчиваться точкой.",
        },
        /// The domain is badly formed.
        BadDomain {
            code: "email.bad_domain",
            en: "the domain after @ is invalid",
            kk: "@ белгісінен кейінгі домен дұрыс емес. Ол mail.kz немесе gmail.com сияқты болуы керек.",
            ru: "Домен после знака @ указан неверно. Он должен быть вида mail.kz или gmail.com.",
        },
    }
}

/// A valid e-mail address with a lower-case domain. Serialised as its string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c == '.' || is_atext(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let labels_ok = labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    let tld = labels.last().copied().unwrap_or_default();
    labels_ok && tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
}

impl Email {
    /// Parses and normalises an address (see the module rules).
    pub fn parse(s: &str) -> Result<Self, EmailError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.chars().count() > MAX_EMAIL_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = match s.split_once('@') {
            None => return Err(EmailError::MissingAt),
            Some((_, d)) if d.contains('@') => return Err(EmailError::MultipleAt),
            Some(parts) => parts,
        };
        if !s.is_ascii() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError::BadCharacters);
        }
        if !valid_local(local) {
            return Err(EmailError::BadLocalPart);
        }
        let domain = domain.to_ascii_lowercase();
        if !valid_domain(&domain) {
            return Err(EmailError::BadDomain);
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map(|(l, _)| l).unwrap_or_default()
    }

    /// The lower-case domain.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Email {
    type Err = EmailError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn valid() {
        for (input, normal) in [
            ("aigerim@mail.kz", "aigerim@mail.kz"),
            (
                "  Aigerim.Nurlanovna@Mail.KZ ",
                "Aigerim.Nurlanovna@mail.kz",
            ),
            ("a.b+kindergarten@gmail.com", "a.b+kindergarten@gmail.com"),
            ("user_1@sub.domain-name.kz", "user_1@sub.domain-name.kz"),
            ("x@e-gov.kz", "x@e-gov.kz"),
            ("o'brien@example.co.uk", "o'brien@example.co.uk"),
            ("user@xn--80ao21a.xn--p1ai", "user@xn--80ao21a.xn--p1ai"),
        ] {
            let email = Email::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(email.as_str(), normal);
        }
        let e = Email::parse("Ivan@Yandex.KZ").unwrap();
        assert_eq!((e.local_part(), e.domain()), ("Ivan", "yandex.kz"));
    }

    #[test]
    fn invalid() {
        let long_local = format!("{}@mail.kz", "a".repeat(65));
        let long_total = format!("a@{}.kz", "b".repeat(260));
        let long_label = format!("a@{}.kz", "b".repeat(64));
        for (input, expected) in [
            ("", EmailError::Empty),
            ("  ", EmailError::Empty),
            ("aigerim.mail.kz", EmailError::MissingAt),
            ("a@b@mail.kz", EmailError::MultipleAt),
            ("aigerim @mail.kz", EmailError::BadCharacters),
            ("айгерим@mail.kz", EmailError::BadCharacters),
            ("user@почта.қз", EmailError::BadCharacters),
            ("@mail.kz", EmailError::BadLocalPart),
            (".a@mail.kz", EmailError::BadLocalPart),
            ("a.@mail.kz", EmailError::BadLocalPart),
            ("a..b@mail.kz", EmailError::BadLocalPart),
            ("a(b)@mail.kz", EmailError::BadLocalPart),
            (long_local.as_str(), EmailError::BadLocalPart),
            ("a@", EmailError::BadDomain),
            ("a@mailkz", EmailError::BadDomain),
            ("a@mail.", EmailError::BadDomain),
            ("a@.kz", EmailError::BadDomain),
            ("a@mail..kz", EmailError::BadDomain),
            ("a@mail,kz", EmailError::BadDomain),
            ("a@-mail.kz", EmailError::BadDomain),
            ("a@mail-.kz", EmailError::BadDomain),
            ("a@mail.k", EmailError::BadDomain),
            ("a@1.2.3.4", EmailError::BadDomain),
            ("a@mail_box.kz", EmailError::BadDomain),
            (long_label.as_str(), EmailError::BadDomain),
            (long_total.as_str(), EmailError::TooLong),
        ] {
            assert_eq!(Email::parse(input), Err(expected), "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_format_identity(local in "[a-zA-Z0-9_+-]{1,20}(\\.[a-zA-Z0-9_+-]{1,10})?", host in "[a-zA-Z0-9]{1,20}", tld in "[a-zA-Z]{2,6}") {
            let input = format!("{local}@{host}.{tld}");
            let email = Email::parse(&input).unwrap();
            prop_assert_eq!(email.local_part(), local.as_str());
            prop_assert_eq!(Email::parse(&email.to_string()).unwrap(), email.clone());
            let json = serde_json::to_string(&email).unwrap();
            prop_assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), email);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            if let Ok(e) = Email::parse(&s) {
                let _ = (e.local_part(), e.domain());
            }
        }
    }
}
