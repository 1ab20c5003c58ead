//! ЖСН / ИИН: the individual identification number of a person in Kazakhstan.
//!
//! Rules (national identification number rules; GUIDE.md, step 3: «ЖСН» is the first field
//! of the legal representative; the child is identified by IIN too):
//! - exactly 12 ASCII digits; surrounding whitespace is trimmed, inner spaces are not allowed;
//! - digits 1–6 are the birth date `YYMMDD` and must be a real calendar date;
//! - digit 7 gives the century and sex: 1/2 = 1800s male/female, 3/4 = 1900s, 5/6 = 2000s;
//!   0 and 7–9 are invalid;
//! - digit 12 is the control digit ([`super::control_digit`]).
//!
//! An IIN never has 4–6 as its 5th digit (it is the tens of the birth day), which is how it
//! differs from a BIN.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::control_digit::{control_digit_matches, twelve_digits};

super::messages::localized_error! {
    /// Why a string is not a valid IIN.
    pub enum IinError {
        /// Nothing was typed.
        Empty {
            code: "iin.empty",
            en: "IIN is empty",
            kk: "ЖСН-ді енгізіңіз.",
            ru: "Укажите ИИН.",
        },
        /// Not 12 characters, or a character that is not a digit.
        NotTwelveDigits {
            code: "iin.not_twelve_digits",
            en: "IIN must be exactly 12 digits",
            kk: "ЖСН 12 цифрдан тұруы керек. Оны әріптерсіз және бос орынсыз енгізіңіз.",
            ru: "ИИН должен состоять из 12 цифр. Введите его без букв и пробелов.",
        },
        /// Digits 1–6 are not a real date.
        BadDate {
            code: "iin.bad_date",
            en: "IIN digits 1-6 are not a valid birth date",
            kk: "ЖСН-нің алғашқы алты цифры туған күнді (ЖЖААКК) білдіреді, бірақ мұндай күн жоқ. ЖСН-ді тексеріңіз.",
            ru: "Первые шесть цифр ИИН — дата рождения (ГГММДД), но такой даты не существует. Проверьте ИИН.",
        },
        /// Digit 7 is 0 or 7–9.
        BadCenturyDigit {
            code: "iin.bad_century_digit",
            en: "IIN digit 7 must be 1-6",
            kk: "ЖСН-нің жетінші цифры 1-ден 6-ға дейін болуы керек. ЖСН-ді тексеріңіз.",
            ru: "Седьмая цифра ИИН должна быть от 1 до 6. Проверьте ИИН.",
        },
        /// The control digit does not match.
        BadChecksum {
            code: "iin.bad_checksum",
            en: "IIN control digit does not match",
            kk: "ЖСН дұрыс емес: бақылау цифры сәйкес келмейді. Цифрлардың дұрыс терілгенін тексеріңіз.",
            ru: "ИИН указан неверно: не совпадает контрольная цифра. Проверьте, правильно ли введены цифры.",
        },
    }
}

/// Sex encoded in the 7th digit of an IIN (odd = male, even = female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Digits 1, 3, 5.
    Male,
    /// Digits 2, 4, 6.
    Female,
}

/// A valid IIN. Can only be built through [`Iin::parse`]; serialised as its 12-digit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin([u8; 12]);

impl Iin {
    /// Parses and validates an IIN (see the module rules). Checks run in this order:
    /// empty, 12 digits, century digit, birth date, control digit.
    pub fn parse(s: &str) -> Result<Self, IinError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(IinError::Empty);
        }
        let digits = twelve_digits(s).ok_or(IinError::NotTwelveDigits)?;
        let century_base = century_base(digits[6]).ok_or(IinError::BadCenturyDigit)?;
        birth_date_of(&digits, century_base).ok_or(IinError::BadDate)?;
        if !control_digit_matches(&digits) {
            return Err(IinError::BadChecksum);
        }
        let mut ascii = [0u8; 12];
        ascii.copy_from_slice(s.as_bytes());
        Ok(Iin(ascii))
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn digits(&self) -> [u8; 12] {
        self.0.map(|b| b - b'0')
    }

    /// The birth date encoded in digits 1–7.
    pub fn birth_date(&self) -> Date {
        let d = self.digits();
        // Validated in `parse`; the fallback is unreachable.
        century_base(d[6])
            .and_then(|base| birth_date_of(&d, base))
            .unwrap_or(Date::MIN)
    }

    /// The sex encoded in digit 7.
    pub fn sex(&self) -> Sex {
        if self.digits()[6] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Full years of age on `today` (0 if `today` is before the birth date).
    pub fn age_on(&self, today: Date) -> u32 {
        let birth = self.birth_date();
        if today < birth {
            return 0;
        }
        let mut years = today.year() - birth.year();
        if (today.month() as u8, today.day()) < (birth.month() as u8, birth.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }
}

fn century_base(digit7: u8) -> Option<i32> {
    match digit7 {
        1 | 2 => Some(1800),
        3 | 4 => Some(1900),
        5 | 6 => Some(2000),
        _ => None,
    }
}

fn birth_date_of(d: &[u8; 12], century_base: i32) -> Option<Date> {
    let yy = i32::from(d[0] * 10 + d[1]);
    let month = Month::try_from(d[2] * 10 + d[3]).ok()?;
    let day = d[4] * 10 + d[5];
    Date::from_calendar_date(century_base + yy, month, day).ok()
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Iin {
    type Err = IinError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Iin::parse(s)
    }
}

impl TryFrom<String> for Iin {
    type Error = IinError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Iin::parse(&s)
    }
}

impl From<Iin> for String {
    fn from(iin: Iin) -> String {
        iin.as_str().to_owned()
    }
}

#[doc(hidden)]
pub mod test_values {
    //! Generators of valid IINs for tests of this and other modules (and crates).
    use super::super::control_digit::with_control_digit;

    /// A valid IIN for `yymmdd`, century/sex digit and a 4-digit serial, stepping the
    /// serial until a control digit exists.
    pub fn make_iin(yymmdd: &str, century: u8, serial: u16) -> String {
        (0..20u16)
            .find_map(|k| {
                with_control_digit(&format!("{yymmdd}{century}{:04}", (serial + k) % 10_000))
            })
            .expect("one of 20 serials has a control digit")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::test_values::make_iin;
    use super::*;

    fn replace_at(s: &str, idx: usize, ch: char) -> String {
        s.chars()
            .enumerate()
            .map(|(i, c)| if i == idx { ch } else { c })
            .collect()
    }

    #[test]
    fn valid_iins_for_every_century_digit() {
        let cases = [
            ("870312", 1u8, date!(1887 - 03 - 12), Sex::Male),
            ("991231", 2, date!(1899 - 12 - 31), Sex::Female),
            ("850102", 3, date!(1985 - 01 - 02), Sex::Male),
            ("920229", 4, date!(1992 - 02 - 29), Sex::Female),
            ("150707", 5, date!(2015 - 07 - 07), Sex::Male),
            ("200229", 6, date!(2020 - 02 - 29), Sex::Female),
            ("000101", 3, date!(1900 - 01 - 01), Sex::Male),
            ("000229", 6, date!(2000 - 02 - 29), Sex::Female),
        ];
        for (yymmdd, century, birth, sex) in cases {
            let s = make_iin(yymmdd, century, 1234);
            let iin = Iin::parse(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(iin.birth_date(), birth, "{s}");
            assert_eq!(iin.sex(), sex, "{s}");
            assert_eq!(iin.as_str(), s);
        }
    }

    #[test]
    fn known_valid_iin() {
        // Computed by hand in control_digit::tests.
        let iin = Iin::parse(" 900101300126\n").unwrap();
        assert_eq!(iin.as_str(), "900101300126");
        assert_eq!(iin.birth_date(), date!(1990 - 01 - 01));
        assert_eq!(iin.sex(), Sex::Male);
    }

    #[test]
    fn invalid_iins() {
        let valid = make_iin("850102", 3, 4567);
        let last = valid.chars().last().unwrap().to_digit(10).unwrap();
        let wrong_control = replace_at(&valid, 11, char::from_digit((last + 1) % 10, 10).unwrap());
        let cases: Vec<(String, IinError)> = vec![
            (String::new(), IinError::Empty),
            ("   ".into(), IinError::Empty),
            (wrong_control, IinError::BadChecksum),
            (make_iin("851302", 3, 1), IinError::BadDate),
            (make_iin("850230", 3, 1), IinError::BadDate),
            (make_iin("850100", 3, 1), IinError::BadDate),
            (make_iin("850132", 3, 1), IinError::BadDate),
            (make_iin("850431", 4, 1), IinError::BadDate),
            (make_iin("010229", 6, 1), IinError::BadDate), // 2001 is not a leap year
            (make_iin("000229", 2, 1), IinError::BadDate), // 1800 is not a leap year
            (make_iin("850102", 0, 1), IinError::BadCenturyDigit),
            (make_iin("850102", 7, 1), IinError::BadCenturyDigit),
            (make_iin("850102", 8, 1), IinError::BadCenturyDigit),
            (make_iin("850102", 9, 1), IinError::BadCenturyDigit),
            ("85010230012".into(), IinError::NotTwelveDigits),
            ("8501023001234".into(), IinError::NotTwelveDigits),
            ("85010230012a".into(), IinError::NotTwelveDigits),
            ("ЖСН850102300".into(), IinError::NotTwelveDigits),
            ("850102 30012".into(), IinError::NotTwelveDigits),
            ("850102-300126".into(), IinError::NotTwelveDigits),
            ("８５０１０２３００１２６".into(), IinError::NotTwelveDigits),
        ];
        for (input, expected) in cases {
            assert_eq!(Iin::parse(&input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn age() {
        let iin = Iin::parse(&make_iin("200229", 5, 1)).unwrap();
        assert_eq!(iin.age_on(date!(2021 - 02 - 28)), 0);
        assert_eq!(iin.age_on(date!(2021 - 03 - 01)), 1);
        assert_eq!(iin.age_on(date!(2019 - 01 - 01)), 0);
        assert_eq!(iin.age_on(date!(2026 - 02 - 28)), 5);
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let s = make_iin("850102", 4, 77);
        let iin = Iin::parse(&s).unwrap();
        let json = serde_json::to_string(&iin).unwrap();
        assert_eq!(json, format!("\"{s}\""));
        assert_eq!(serde_json::from_str::<Iin>(&json).unwrap(), iin);
        assert!(serde_json::from_str::<Iin>("\"850102400000\"").is_err());
        assert!(serde_json::from_str::<Iin>("850102400000").is_err());
    }

    fn valid_iin_strategy() -> impl Strategy<Value = String> {
        (1u8..=6, 0u8..100, 1u8..=12, 1u8..=28, 0u16..10_000).prop_map(|(c, yy, mm, dd, serial)| {
            make_iin(&format!("{yy:02}{mm:02}{dd:02}"), c, serial)
        })
    }

    proptest! {
        #[test]
        fn parse_format_identity(s in valid_iin_strategy()) {
            let iin = Iin::parse(&s).unwrap();
            prop_assert_eq!(iin.to_string(), s.clone());
            prop_assert_eq!(Iin::parse(&iin.to_string()).unwrap(), iin);
            let json = serde_json::to_string(&iin).unwrap();
            prop_assert_eq!(serde_json::from_str::<Iin>(&json).unwrap(), iin);
        }

        #[test]
        fn any_other_control_digit_is_rejected(s in valid_iin_strategy(), delta in 1u32..10) {
            let d = s.chars().nth(11).unwrap().to_digit(10).unwrap();
            let changed = replace_at(&s, 11, char::from_digit((d + delta) % 10, 10).unwrap());
            prop_assert_eq!(Iin::parse(&changed), Err(IinError::BadChecksum));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Iin::parse(&s);
        }

        #[test]
        fn never_panics_on_digits(s in "[0-9 ]{0,14}") {
            if let Ok(iin) = Iin::parse(&s) {
                let _ = (iin.birth_date(), iin.sex());
            }
        }
    }
}
