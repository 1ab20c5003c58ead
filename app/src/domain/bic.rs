//! БИК: the bank identifier code (SWIFT BIC, ISO 9362) of a bank in Kazakhstan.
//!
//! Rules (ISO 9362; GUIDE.md step 4 «БИК (Банктің сәйкестендіру коды)»):
//! - spaces are removed and letters upper-cased;
//! - 8 or 11 characters: 4 letters (bank), 2 letters (country, must be `KZ`),
//!   2 letters/digits (location), optionally 3 letters/digits (branch).

use std::fmt;

use serde::{Deserialize, Serialize};

super::messages::localized_error! {
    /// Why a string is not a valid Kazakhstan BIC.
    pub enum BicError {
        /// Nothing was typed.
        Empty {
            code: "bic.empty",
            en: "BIC is empty",
            kk: "БИК-ті (банктің сәйкестендіру коды) енгізіңіз.",
            ru: "Укажите БИК (банковский идентификационный код).",
        },
        /// Not 8 or 11 characters.
        WrongLength {
            code: "bic.wrong_length",
            en: "BIC must be 8 or 11 characters",
            kk: "БИК 8 немесе 11 латын әрпі мен цифрдан тұрады, мысалы HSBKKZKX.",
            ru: "БИК состоит из 8 или 11 латинских букв и цифр, например HSBKKZKX.",
        },
        /// A character that is not a Latin letter or digit, or a digit among the first six.
        BadCharacters {
            code: "bic.bad_characters",
            en: "BIC has invalid characters",
            kk: "БИК-те тек латын әріптері мен цифрлар болады, ал алғашқы алты таңбасы — әріптер.",
            ru: "БИК может содержать только латинские буквы и цифры; первые шесть символов — буквы.",
        },
        /// The country code is not `KZ`.
        NotKazakh {
            code: "bic.not_kazakh",
            en: "BIC country code must be KZ",
            kk: "БИК-тің бесінші және алтыншы әріптері KZ болуы керек: тек Қазақстан банктері қабылданады.",
            ru: "Пятая и шестая буквы БИК должны быть KZ: принимаются только банки Казахстана.",
        },
    }
}

/// A valid Kazakhstan BIC, upper-case, 8 or 11 characters. Serialised as its string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bic {
    bytes: [u8; 11],
    len: u8,
}

impl Bic {
    /// Parses and normalises a BIC (see the module rules).
    pub fn parse(s: &str) -> Result<Self, BicError> {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(BicError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(BicError::BadCharacters);
        }
        let upper = compact.to_ascii_uppercase();
        let b = upper.as_bytes();
        if b.len() != 8 && b.len() != 11 {
            return Err(BicError::WrongLength);
        }
        if !b[..6].iter().all(u8::is_ascii_alphabetic) {
            return Err(BicError::BadCharacters);
        }
        if &b[4..6] != b"KZ" {
            return Err(BicError::NotKazakh);
        }
        let mut bytes = [0u8; 11];
        bytes[..b.len()].copy_from_slice(b);
        Ok(Bic {
            bytes,
            // 8 or 11, checked above.
            len: b.len() as u8,
        })
    }

    /// The BIC as typed-then-normalised, 8 or 11 characters.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The first 8 characters: bank, country and location (the institution).
    pub fn bic8(&self) -> &str {
        &self.as_str()[..8]
    }

    /// The 4-letter bank code.
    pub fn bank_code(&self) -> &str {
        &self.as_str()[..4]
    }

    /// The 3-character branch code, if given (`XXX` means the head office).
    pub fn branch(&self) -> Option<&str> {
        (self.len == 11).then(|| &self.as_str()[8..])
    }

    /// The bank from the table, if listed.
    pub fn bank(&self) -> Option<&'static super::banks::Bank> {
        super::banks::by_bic(self.bic8())
    }

    /// True when both BICs name the same institution (branch codes ignored).
    pub fn same_institution(&self, other: &Bic) -> bool {
        self.bic8() == other.bic8()
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Bic {
    type Err = BicError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Bic::parse(s)
    }
}

impl TryFrom<String> for Bic {
    type Error = BicError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Bic::parse(&s)
    }
}

impl From<Bic> for String {
    fn from(bic: Bic) -> String {
        bic.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn valid_bics() {
        for (input, normal, branch) in [
            ("HSBKKZKX", "HSBKKZKX", None),
            ("caspkzka", "CASPKZKA", None),
            (" KCJB KZ KX ", "KCJBKZKX", None),
            ("HSBKKZKXXXX", "HSBKKZKXXXX", Some("XXX")),
            ("irtykzka123", "IRTYKZKA123", Some("123")),
            ("NBRKKZKX", "NBRKKZKX", None),
        ] {
            let bic = Bic::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(bic.as_str(), normal);
            assert_eq!(bic.branch(), branch);
            assert_eq!(bic.bic8(), &normal[..8]);
        }
        assert_eq!(
            Bic::parse("HSBKKZKX").unwrap().bank().unwrap().iban_code,
            "601"
        );
        assert_eq!(Bic::parse("NBRKKZKX").unwrap().bank(), None);
        assert!(
            Bic::parse("HSBKKZKXXXX")
                .unwrap()
                .same_institution(&Bic::parse("HSBKKZKX").unwrap())
        );
    }

    #[test]
    fn invalid_bics() {
        for (input, expected) in [
            ("", BicError::Empty),
            ("   ", BicError::Empty),
            ("HSBKKZK", BicError::WrongLength),
            ("HSBKKZKXX", BicError::WrongLength),
            ("HSBKKZKXXXXX", BicError::WrongLength),
            ("HSBK-KZ-KX", BicError::BadCharacters),
            ("HSBKKZКX", BicError::BadCharacters), // Cyrillic К
            ("HS1KKZKX", BicError::BadCharacters),
            ("DEUTDEFF", BicError::NotKazakh),
            ("SABRRUMM", BicError::NotKazakh),
        ] {
            assert_eq!(Bic::parse(input), Err(expected), "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_format_identity(s in "[A-Za-z]{4}(KZ|kz)[A-Za-z0-9]{2}([A-Za-z0-9]{3})?") {
            let bic = Bic::parse(&s).unwrap();
            prop_assert_eq!(bic.as_str(), s.to_ascii_uppercase());
            prop_assert_eq!(Bic::parse(&bic.to_string()).unwrap(), bic);
            let json = serde_json::to_string(&bic).unwrap();
            prop_assert_eq!(serde_json::from_str::<Bic>(&json).unwrap(), bic);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            if let Ok(bic) = Bic::parse(&s) {
                let _ = (bic.bic8(), bic.bank_code(), bic.branch(), bic.bank());
            }
        }
    }
}
