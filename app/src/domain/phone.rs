//! Kazakhstan mobile phone numbers, stored in E.164 form `+77XXXXXXXXX`.
//!
//! Rules (GUIDE.md step 3: «Негізгі телефон нөмірі», «Қосымша телефон нөмірі»; Kazakhstan
//! numbering plan, country code +7 shared with Russia):
//! - accepted spellings: an optional leading `+`, digits, and the separators space,
//!   no-break space, `-`, `(`, `)`, `.`; e.g. `+7 701 234 56 78`, `8 (701) 234-56-78`,
//!   `87012345678`, `77012345678`, `7012345678`;
//! - with `+`: `+7` and 10 national digits; without: 11 digits starting with the trunk
//!   prefix `8` or the country code `7`, or just the 10 national digits (a number starting
//!   with `8` must then have 11 digits);
//! - the national number must be a Kazakhstan mobile number: it starts with `7` and its
//!   operator code is `70x`, `747`, `75x`, `76x` or `77x`;
//! - numbers starting `71x`/`72x` are landlines (e.g. Almaty `727`, Astana `7172`) and get
//!   their own error: the contract needs a number that takes calls and SMS anywhere.

use std::fmt;

use serde::{Deserialize, Serialize};

super::messages::localized_error! {
    /// Why a string is not a Kazakhstan mobile number.
    pub enum PhoneError {
        /// Nothing was typed.
        Empty {
            code: "phone.empty",
            en: "phone number is empty",
            kk: "Телефон нөмірін енгізіңіз.",
            ru: "Укажите номер телефона.",
        },
        /// Letters or other symbols.
        BadCharacters {
            code: "phone.bad_characters",
            en: "phone number has invalid characters",
            kk: "Телефон нөмірінде тек цифрлар, бос орын, жақша, сызықша және басындағы + белгісі болуы мүмкін.",
            ru: "Номер телефона может содержать только цифры, пробелы, скобки, дефисы и знак + в начале.",
        },
        /// Too few or too many digits.
        WrongLength {
            code: "phone.wrong_length",
            en: "phone number has the wrong number of digits",
            kk: "Ұялы телефон нөмірін толық енгізіңіз, мысалы +7 701 234 56 78.",
            ru: "Введите номер мобильного телефона полностью, например +7 701 234 56 78.",
        },
        /// A Kazakhstan landline.
        Landline {
            code: "phone.landline",
            en: "this is a landline number",
            kk: "Бұл қалалық телефон нөмірі. Ұялы телефон нөмірін көрсетіңіз, мысалы +7 701 234 56 78.",
            ru: "Это номер городского телефона. Укажите номер мобильного телефона, например +7 701 234 56 78.",
        },
        /// Another country, or no Kazakhstan mobile operator uses this code.
        NotKazakhMobile {
            code: "phone.not_kazakh_mobile",
            en: "not a Kazakhstan mobile number",
            kk: "Қазақстандағы ұялы байланыс операторының нөмірін көрсетіңіз (+7 70…, +7 747, +7 75…, +7 76…, +7 77…).",
            ru: "Укажите номер мобильного оператора Казахстана (+7 70…, +7 747, +7 75…, +7 76…, +7 77…).",
        },
    }
}

/// A Kazakhstan mobile number. Serialised as E.164, `+77012345678`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone([u8; 12]);

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\t' | '-' | '(' | ')' | '.')
}

impl Phone {
    /// Parses any common spelling (see the module rules) into E.164.
    pub fn parse(s: &str) -> Result<Self, PhoneError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match s.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let mut digits = Vec::with_capacity(12);
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c as u8);
            } else if !is_separator(c) {
                return Err(PhoneError::BadCharacters);
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::BadCharacters);
        }
        let national: &[u8] = if plus {
            if digits[0] != b'7' {
                return Err(PhoneError::NotKazakhMobile);
            }
            &digits[1..]
        } else {
            match (digits.len(), digits[0]) {
                (11, b'8' | b'7') => &digits[1..],
                // A leading 8 is the trunk prefix: 11 digits are expected.
                (_, b'8') => return Err(PhoneError::WrongLength),
                _ => &digits,
            }
        };
        if national.len() != 10 {
            return Err(PhoneError::WrongLength);
        }
        match (national[0], national[1], national[2]) {
            (b'7', b'0' | b'5' | b'6' | b'7', _) | (b'7', b'4', b'7') => {}
            (b'7', b'1' | b'2', _) => return Err(PhoneError::Landline),
            _ => return Err(PhoneError::NotKazakhMobile),
        }
        let mut e164 = [0u8; 12];
        e164[0] = b'+';
        e164[1] = b'7';
        e164[2..].copy_from_slice(national);
        Ok(Phone(e164))
    }

    /// E.164 form, `+77012345678`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The 3-digit operator code, e.g. `"701"`.
    pub fn operator_code(&self) -> &str {
        &self.as_str()[2..5]
    }

    /// Human form, `+7 701 234 56 78`.
    pub fn formatted(&self) -> String {
        let s = self.as_str();
        format!("+7 {} {} {} {}", &s[2..5], &s[5..8], &s[8..10], &s[10..12])
    }

    /// A `tel:` URI.
    pub fn tel_uri(&self) -> String {
        format!("tel:{}", self.as_str())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Phone {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phone::parse(s)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn spellings_of_one_number() {
        for input in [
            "+7 701 234 56 78",
            "87012345678",
            "8 (701) 234-56-78",
            "7012345678",
            "+7(701)2345678",
            "77012345678",
            "8-701-234-56-78",
            "+7 701 234 5678",
            "+7-701-234-56-78",
            " 8 701 234 56 78 ",
            "+77012345678",
            "8 701 2345678",
            "8(701)2345678",
            "+7 (701) 234-56-78",
            "701 234 56 78",
            "(701) 234-56-78",
            "8.701.234.56.78",
            "+7\u{a0}701\u{a0}234\u{a0}56\u{a0}78",
            "+ 7 701 234 56 78",
        ] {
            let phone = Phone::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(phone.as_str(), "+77012345678", "{input:?}");
            assert_eq!(phone.formatted(), "+7 701 234 56 78");
            assert_eq!(phone.operator_code(), "701");
        }
    }

    #[test]
    fn every_mobile_operator_range() {
        let mut codes: Vec<u16> = (700..=709).chain(750..=779).collect();
        codes.push(747);
        for code in codes {
            let input = format!("8{code}1234567");
            let phone = Phone::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(phone.as_str(), format!("+7{code}1234567"));
        }
    }

    #[test]
    fn rejected() {
        for (input, expected) in [
            ("", PhoneError::Empty),
            ("   ", PhoneError::Empty),
            ("+", PhoneError::BadCharacters),
            ("8 701 ABC 56 78", PhoneError::BadCharacters),
            ("8 701 234 56 78 (Айгүл)", PhoneError::BadCharacters),
            (
                "8 701 234 56 78, 8 702 111 22 33",
                PhoneError::BadCharacters,
            ),
            ("+7 701 +234 56 78", PhoneError::BadCharacters),
            ("++77012345678", PhoneError::BadCharacters),
            ("8 701 234 56 7", PhoneError::WrongLength),
            ("8 701 234 56 789", PhoneError::WrongLength),
            ("+7 701 234 56 7", PhoneError::WrongLength),
            ("2345678", PhoneError::WrongLength),
            ("8 727 250 00 00", PhoneError::Landline), // Almaty
            ("+7 7172 55 00 00", PhoneError::Landline), // Astana
            ("8 (7212) 41-00-00", PhoneError::Landline), // Karaganda
            ("8 7292 50 00 00", PhoneError::Landline), // Aktau
            ("+7 916 123 45 67", PhoneError::NotKazakhMobile), // Moscow mobile
            ("8 916 123 45 67", PhoneError::NotKazakhMobile),
            ("+998 90 123 45 67", PhoneError::NotKazakhMobile), // Uzbekistan
            ("+7 740 123 45 67", PhoneError::NotKazakhMobile),
            ("+7 780 123 45 67", PhoneError::NotKazakhMobile),
            ("8 730 123 45 67", PhoneError::NotKazakhMobile),
        ] {
            assert_eq!(Phone::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn serde_is_e164() {
        let phone = Phone::parse("8 (747) 123-45-67").unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), "\"+77471234567\"");
        assert_eq!(
            serde_json::from_str::<Phone>("\"87471234567\"").unwrap(),
            phone
        );
        assert!(serde_json::from_str::<Phone>("\"87271234567\"").is_err());
        assert_eq!(phone.tel_uri(), "tel:+77471234567");
    }

    fn mobile_national() -> impl Strategy<Value = String> {
        (
            prop_oneof![700u16..=709, 750u16..=779, Just(747u16)],
            0u32..10_000_000,
        )
            .prop_map(|(code, rest)| format!("{code}{rest:07}"))
    }

    proptest! {
        #[test]
        fn parse_format_identity(national in mobile_national(), spelling in 0usize..5) {
            let n = &national;
            let input = match spelling {
                0 => format!("+7{n}"),
                1 => format!("8{n}"),
                2 => format!("8 ({}) {}-{}-{}", &n[..3], &n[3..6], &n[6..8], &n[8..]),
                3 => n.clone(),
                _ => format!("+7 {} {} {} {}", &n[..3], &n[3..6], &n[6..8], &n[8..]),
            };
            let phone = Phone::parse(&input).unwrap();
            prop_assert_eq!(phone.as_str(), format!("+7{n}"));
            prop_assert_eq!(Phone::parse(&phone.to_string()).unwrap(), phone);
            prop_assert_eq!(Phone::parse(&phone.formatted()).unwrap(), phone);
            let json = serde_json::to_string(&phone).unwrap();
            prop_assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), phone);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            if let Ok(p) = Phone::parse(&s) {
                let _ = (p.formatted(), p.operator_code());
            }
        }

        #[test]
        fn never_panics_on_phone_shaped_input(s in "[+]?[0-9 ()+.-]{0,20}") {
            let _ = Phone::parse(&s);
        }
    }
}
