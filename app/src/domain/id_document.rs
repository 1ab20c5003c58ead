//! The legal representative's identity document: type, number and dates.
//!
//! Rules (GUIDE.md step 4: «Жеке куәліктің түрі», «Жеке куәліктің нөмірі», issue date,
//! «Жеке куәлік беретін орган»). Number formats are *assumptions* from the documents issued
//! since 2009; confirm them with the data owner before relying on them for refusals:
//! - identity card (жеке куәлік): 9 digits, e.g. `012345678`;
//! - passport of the Republic of Kazakhstan: the letter `N` and 8 digits, e.g. `N12345678`
//!   (a Cyrillic `Н` typed on a Kazakh/Russian keyboard is accepted as `N`);
//! - residence permit of a foreigner (ықтиярхат / вид на жительство): 9 digits;
//! - certificate of a stateless person: 9 digits.
//!
//! Spaces inside the number are removed. Dates: a document is not issued in the future,
//! expires after it is issued, and must not have expired on the day of the contract.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use super::lang::Lang;

super::messages::localized_error! {
    /// Why a document type or number is not acceptable.
    pub enum IdDocError {
        /// No number typed.
        Empty {
            code: "id_doc.empty",
            en: "document number is empty",
            kk: "Құжаттың нөмірін енгізіңіз.",
            ru: "Укажите номер документа.",
        },
        /// The document type is not one of [`IdDocType`].
        UnknownType {
            code: "id_doc.unknown_type",
            en: "unknown document type",
            kk: "Жеке куәліктің түрін тізімнен таңдаңыз.",
            ru: "Выберите вид документа из списка.",
        },
        /// An identity card, residence permit or stateless certificate number is not 9 digits.
        NotNineDigits {
            code: "id_doc.not_nine_digits",
            en: "document number must be 9 digits",
            kk: "Құжаттың нөмірі 9 цифрдан тұруы керек, мысалы 012345678.",
            ru: "Номер документа должен состоять из 9 цифр, например 012345678.",
        },
        /// A passport number is not `N` + 8 digits.
        BadPassportNumber {
            code: "id_doc.bad_passport_number",
            en: "passport number must be N followed by 8 digits",
            kk: "Паспорттың нөмірі N әрпінен және 8 цифрдан тұрады, мысалы N12345678.",
            ru: "Номер паспорта состоит из буквы N и 8 цифр, например N12345678.",
        },
    }
}

super::messages::localized_error! {
    /// Why the issue or expiry date of a document is not acceptable.
    pub enum IssueDateError {
        /// Issued after today.
        NotInFuture {
            code: "id_doc_date.issued_in_future",
            en: "issue date is in the future",
            kk: "Құжаттың берілген күні бүгінгі күннен кейін болмауы керек.",
            ru: "Дата выдачи документа не может быть позже сегодняшнего дня.",
        },
        /// Expired before today.
        Expired {
            code: "id_doc_date.expired",
            en: "document has expired",
            kk: "Құжаттың қолданылу мерзімі өтіп кеткен. Жарамды құжатты көрсетіңіз.",
            ru: "Срок действия документа истёк. Укажите действующий документ.",
        },
        /// Expires on or before the day it was issued.
        ExpiryBeforeIssue {
            code: "id_doc_date.expiry_before_issue",
            en: "expiry date is not after the issue date",
            kk: "Құжаттың қолданылу мерзімі оның берілген күнінен кейін аяқталуы керек.",
            ru: "Дата окончания срока действия должна быть позже даты выдачи.",
        },
    }
}

/// Type of the identity document. Serialised as its code (`"id_card"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdDocType {
    /// Identity card of a citizen of Kazakhstan.
    IdCard,
    /// Passport of a citizen of Kazakhstan.
    Passport,
    /// Residence permit of a foreigner.
    ResidencePermit,
    /// Certificate of a stateless person.
    StatelessCertificate,
}

impl IdDocType {
    /// Every type, in the order of the select.
    pub const ALL: [IdDocType; 4] = [
        IdDocType::IdCard,
        IdDocType::Passport,
        IdDocType::ResidencePermit,
        IdDocType::StatelessCertificate,
    ];

    /// Stable code (form value and database value).
    pub const fn as_str(self) -> &'static str {
        match self {
            IdDocType::IdCard => "id_card",
            IdDocType::Passport => "passport",
            IdDocType::ResidencePermit => "residence_permit",
            IdDocType::StatelessCertificate => "stateless_certificate",
        }
    }

    /// Parses a code (trimmed, exact).
    pub fn parse(s: &str) -> Result<Self, IdDocError> {
        let s = s.trim();
        IdDocType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(IdDocError::UnknownType)
    }

    /// The label of the select option.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IdDocType::IdCard, Lang::Kk) => "Жеке куәлік",
            (IdDocType::IdCard, Lang::Ru) => "Удостоверение личности",
            (IdDocType::Passport, Lang::Kk) => "Қазақстан Республикасы азаматының паспорты",
            (IdDocType::Passport, Lang::Ru) => "Паспорт гражданина Республики Казахстан",
            (IdDocType::ResidencePermit, Lang::Kk) => {
                "Шетелдіктің Қазақстан Республикасында тұруға ықтиярхаты"
            }
            (IdDocType::ResidencePermit, Lang::Ru) => {
                "Вид на жительство иностранца в Республике Казахстан"
            }
            (IdDocType::StatelessCertificate, Lang::Kk) => "Азаматтығы жоқ адамның куәлігі",
            (IdDocType::StatelessCertificate, Lang::Ru) => "Удостоверение лица без гражданства",
        }
    }
}

impl fmt::Display for IdDocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document number valid for its type. Serialised as `{"doc_type": ..., "number": ...}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "IdDocNumberRepr", into = "IdDocNumberRepr")]
pub struct IdDocNumber {
    doc_type: IdDocType,
    number: [u8; 9],
}

#[derive(Serialize, Deserialize)]
struct IdDocNumberRepr {
    doc_type: IdDocType,
    number: String,
}

impl IdDocNumber {
    /// Parses a number for the given document type (see the module rules).
    pub fn parse(doc_type: IdDocType, s: &str) -> Result<Self, IdDocError> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(IdDocError::Empty);
        }
        let mut number = [0u8; 9];
        match doc_type {
            IdDocType::Passport => {
                let mut chars = compact.chars();
                let first = chars.next();
                let digits = chars.as_str();
                if !matches!(first, Some('N' | 'n' | 'Н' | 'н'))
                    || digits.len() != 8
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(IdDocError::BadPassportNumber);
                }
                number[0] = b'N';
                number[1..].copy_from_slice(digits.as_bytes());
            }
            IdDocType::IdCard | IdDocType::ResidencePermit | IdDocType::StatelessCertificate => {
                if compact.len() != 9 || !compact.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(IdDocError::NotNineDigits);
                }
                number.copy_from_slice(compact.as_bytes());
            }
        }
        Ok(IdDocNumber { doc_type, number })
    }

    /// The document type.
    pub fn doc_type(&self) -> IdDocType {
        self.doc_type
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.number).unwrap_or_default()
    }
}

impl fmt::Display for IdDocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<IdDocNumberRepr> for IdDocNumber {
    type Error = IdDocError;
    fn try_from(r: IdDocNumberRepr) -> Result<Self, Self::Error> {
        IdDocNumber::parse(r.doc_type, &r.number)
    }
}

impl From<IdDocNumber> for IdDocNumberRepr {
    fn from(n: IdDocNumber) -> Self {
        IdDocNumberRepr {
            doc_type: n.doc_type,
            number: n.as_str().to_owned(),
        }
    }
}

/// Checks the dates of a document on `today`: not issued in the future; if it has an expiry
/// date, that date is after the issue date and not before `today` (a document is valid
/// through its expiry date).
pub fn validate_issue_date(
    issued: Date,
    expires: Option<Date>,
    today: Date,
) -> Result<(), IssueDateError> {
    if issued > today {
        return Err(IssueDateError::NotInFuture);
    }
    if let Some(expires) = expires {
        if expires <= issued {
            return Err(IssueDateError::ExpiryBeforeIssue);
        }
        if expires < today {
            return Err(IssueDateError::Expired);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::super::messages::test_support::{assert_kazakh_label, assert_russian};
    use super::*;

    #[test]
    fn numbers() {
        use IdDocType::*;
        for (t, input, normal) in [
            (IdCard, "012345678", "012345678"),
            (IdCard, " 012 345 678 ", "012345678"),
            (ResidencePermit, "987654321", "987654321"),
            (StatelessCertificate, "000000001", "000000001"),
            (Passport, "N12345678", "N12345678"),
            (Passport, "n 1234 5678", "N12345678"),
            (Passport, "Н12345678", "N12345678"), // Cyrillic Н
            (Passport, "н12345678", "N12345678"),
        ] {
            let n = IdDocNumber::parse(t, input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(n.as_str(), normal);
            assert_eq!(n.doc_type(), t);
        }
        for (t, input, expected) in [
            (IdCard, "", IdDocError::Empty),
            (IdCard, "01234567", IdDocError::NotNineDigits),
            (IdCard, "0123456789", IdDocError::NotNineDigits),
            (IdCard, "N12345678", IdDocError::NotNineDigits),
            (IdCard, "01234567О", IdDocError::NotNineDigits),
            (ResidencePermit, "12345678a", IdDocError::NotNineDigits),
            (Passport, "012345678", IdDocError::BadPassportNumber),
            (Passport, "N1234567", IdDocError::BadPassportNumber),
            (Passport, "N123456789", IdDocError::BadPassportNumber),
            (Passport, "M12345678", IdDocError::BadPassportNumber),
            (Passport, "N1234567Х", IdDocError::BadPassportNumber),
        ] {
            assert_eq!(
                IdDocNumber::parse(t, input),
                Err(expected),
                "{t:?} {input:?}"
            );
        }
    }

    #[test]
    fn types() {
        for t in IdDocType::ALL {
            assert_eq!(IdDocType::parse(t.as_str()), Ok(t));
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
            assert_kazakh_label(t.label(Lang::Kk));
            assert_russian(t.label(Lang::Ru));
        }
        assert_eq!(
            IdDocType::parse("birth_certificate"),
            Err(IdDocError::UnknownType)
        );
        assert_eq!(IdDocType::parse(""), Err(IdDocError::UnknownType));
    }

    #[test]
    fn serde_validates() {
        let n = IdDocNumber::parse(IdDocType::Passport, "N12345678").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, r#"{"doc_type":"passport","number":"N12345678"}"#);
        assert_eq!(serde_json::from_str::<IdDocNumber>(&json).unwrap(), n);
        assert!(
            serde_json::from_str::<IdDocNumber>(r#"{"doc_type":"id_card","number":"N12345678"}"#)
                .is_err()
        );
    }

    #[test]
    fn dates() {
        let today = date!(2024 - 09 - 01);
        let ok = [
            (date!(2015 - 05 - 10), Some(date!(2025 - 05 - 09))),
            (date!(2015 - 05 - 10), Some(today)), // valid through its last day
            (today, Some(date!(2034 - 08 - 31))),
            (date!(2001 - 01 - 01), None),
        ];
        for (issued, expires) in ok {
            assert_eq!(validate_issue_date(issued, expires, today), Ok(()));
        }
        let bad = [
            (date!(2024 - 09 - 02), None, IssueDateError::NotInFuture),
            (
                date!(2024 - 09 - 02),
                Some(date!(2034 - 09 - 01)),
                IssueDateError::NotInFuture,
            ),
            (
                date!(2014 - 05 - 10),
                Some(date!(2024 - 08 - 31)),
                IssueDateError::Expired,
            ),
            (
                date!(2020 - 05 - 10),
                Some(date!(2019 - 05 - 10)),
                IssueDateError::ExpiryBeforeIssue,
            ),
            (
                date!(2020 - 05 - 10),
                Some(date!(2020 - 05 - 10)),
                IssueDateError::ExpiryBeforeIssue,
            ),
        ];
        for (issued, expires, expected) in bad {
            assert_eq!(validate_issue_date(issued, expires, today), Err(expected));
        }
    }

    proptest! {
        #[test]
        fn parse_format_identity(digits in "[0-9]{9}", pass in "[0-9]{8}") {
            for t in [IdDocType::IdCard, IdDocType::ResidencePermit, IdDocType::StatelessCertificate] {
                let n = IdDocNumber::parse(t, &digits).unwrap();
                prop_assert_eq!(IdDocNumber::parse(t, &n.to_string()).unwrap(), n);
            }
            let p = IdDocNumber::parse(IdDocType::Passport, &format!("N{pass}")).unwrap();
            prop_assert_eq!(IdDocNumber::parse(IdDocType::Passport, &p.to_string()).unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(serde_json::from_str::<IdDocNumber>(&json).unwrap(), p);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            for t in IdDocType::ALL {
                let _ = IdDocNumber::parse(t, &s);
            }
            let _ = IdDocType::parse(&s);
        }
    }
}
