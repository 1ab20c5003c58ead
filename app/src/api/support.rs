//! A support request as typed by the user, and its validation (pure).
use serde::{Deserialize, Serialize};

use crate::domain::{Email, Phone};

pub const MESSAGE_MIN_CHARS: usize = 10;
pub const MESSAGE_MAX_CHARS: usize = 2000;

crate::domain::messages::localized_error! {
    /// Why a support request was not accepted.
    pub enum SupportError {
        MessageTooShort {
            code: "support.message_too_short",
            en: "message too short",
            kk: "Мәселені толығырақ сипаттаңыз (кемінде 10 таңба).",
            ru: "Опишите проблему подробнее (не менее 10 символов).",
        },
        MessageTooLong {
            code: "support.message_too_long",
            en: "message too long",
            kk: "Хабарлама тым ұзын (2000 таңбадан аспауы керек).",
            ru: "Сообщение слишком длинное (не более 2000 символов).",
        },
        BadContact {
            code: "support.bad_contact",
            en: "contact is neither a phone nor an e-mail",
            kk: "Жауап алу үшін телефон нөмірін (+7 7XX XXX XX XX) немесе электрондық поштаны көрсетіңіз.",
            ru: "Укажите телефон (+7 7XX XXX XX XX) или электронную почту, чтобы получить ответ.",
        },
        TooMany {
            code: "support.too_many",
            en: "too many support requests from this address",
            kk: "Осы мекенжайдан өтініштер тым көп жіберілді. Біз алдыңғы өтініштеріңізге жауап береміз; жаңасын 10 минуттан кейін жіберуге болады.",
            ru: "С этого адреса отправлено слишком много обращений. Мы ответим на предыдущие; новое можно отправить через 10 минут.",
        },
    }
}

/// A contact to answer to: a mobile phone (normalised) or an e-mail.
pub fn parse_contact(raw: &str) -> Result<String, SupportError> {
    let raw = raw.trim();
    if let Ok(p) = Phone::parse(raw) {
        return Ok(p.as_str().to_string());
    }
    Email::parse(raw)
        .map(|e| e.as_str().to_string())
        .map_err(|_| SupportError::BadContact)
}

/// The message, trimmed, within limits.
pub fn parse_message(raw: &str) -> Result<String, SupportError> {
    let m = raw.trim();
    let n = m.chars().count();
    if n < MESSAGE_MIN_CHARS {
        Err(SupportError::MessageTooShort)
    } else if n > MESSAGE_MAX_CHARS {
        Err(SupportError::MessageTooLong)
    } else {
        Ok(m.to_string())
    }
}

/// What the user gets back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportTicket {
    pub number: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_or_an_email_is_a_contact() {
        assert_eq!(
            parse_contact(" 8 (701) 234-56-78 ").unwrap(),
            "+77012345678"
        );
        assert_eq!(
            parse_contact("Aigerim@Example.KZ").unwrap(),
            "Aigerim@example.kz"
        );
        assert_eq!(parse_contact("call me"), Err(SupportError::BadContact));
        assert_eq!(parse_contact(""), Err(SupportError::BadContact));
    }

    #[test]
    fn the_message_must_say_something_but_not_a_novel() {
        assert_eq!(
            parse_message("   help   "),
            Err(SupportError::MessageTooShort)
        );
        assert!(parse_message("Кілт ашылмайды, көмектесіңіз").is_ok());
        assert_eq!(
            parse_message(&"а".repeat(2001)),
            Err(SupportError::MessageTooLong)
        );
    }

    #[test]
    fn messages_exist_in_both_languages() {
        use crate::domain::Lang;
        use crate::domain::messages::Localized;
        use crate::domain::messages::test_support::{assert_kazakh, assert_russian};
        for e in SupportError::ALL {
            assert_kazakh(e.message(Lang::Kk));
            assert_russian(e.message(Lang::Ru));
        }
    }
}
