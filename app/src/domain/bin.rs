//! БСН / БИН: the business identification number of a legal entity in Kazakhstan
//! (here: the kindergarten, written into the contract).
//!
//! Rules (national identification number rules):
//! - exactly 12 ASCII digits, surrounding whitespace trimmed;
//! - digits 1–2: year of registration (`YY`, century unknown), digits 3–4: month `01..=12`;
//! - digit 5: entity type, 4 = resident legal entity, 5 = non-resident legal entity,
//!   6 = individual entrepreneur acting as a joint venture (ИП(С));
//! - digit 6: unit, 0 = head office, 1 = branch, 2 = representative office,
//!   3 = peasant (farm) enterprise acting as a joint venture;
//! - digits 7–11: serial; digit 12: the control digit ([`super::control_digit`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::control_digit::{control_digit_matches, twelve_digits};

super::messages::localized_error! {
    /// Why a string is not a valid BIN.
    pub enum BinError {
        /// Nothing was typed.
        Empty {
            code: "bin.empty",
            en: "BIN is empty",
            kk: "БСН-ді енгізіңіз.",
            ru: "Укажите БИН.",
        },
        /// Not 12 characters, or a character that is not a digit.
        NotTwelveDigits {
            code: "bin.not_twelve_digits",
            en: "BIN must be exactly 12 digits",
            kk: "БСН 12 цифрдан тұруы керек. Оны әріптерсіз және бос орынсыз енгізіңіз.",
            ru: "БИН должен состоять из 12 цифр. Введите его без букв и пробелов.",
        },
        /// Digits 3–4 are not a month.
        BadMonth {
            code: "bin.bad_month",
            en: "BIN digits 3-4 must be a month 01-12",
            kk: "БСН-нің үшінші және төртінші цифрлары тіркелген айды (01–12) білдіреді. БСН-ді тексеріңіз.",
            ru: "Третья и четвёртая цифры БИН — месяц регистрации (01–12). Проверьте БИН.",
        },
        /// Digit 5 is not 4, 5 or 6.
        BadEntityType {
            code: "bin.bad_entity_type",
            en: "BIN digit 5 must be 4, 5 or 6",
            kk: "БСН-нің бесінші цифры 4, 5 немесе 6 болуы керек. БСН-ді тексеріңіз.",
            ru: "Пятая цифра БИН должна быть 4, 5 или 6. Проверьте БИН.",
        },
        /// Digit 6 is not 0–3.
        BadUnitType {
            code: "bin.bad_unit_type",
            en: "BIN digit 6 must be 0-3",
            kk: "БСН-нің алтыншы цифры 0-ден 3-ке дейін болуы керек. БСН-ді тексеріңіз.",
            ru: "Шестая цифра БИН должна быть от 0 до 3. Проверьте БИН.",
        },
        /// The control digit does not match.
        BadChecksum {
            code: "bin.bad_checksum",
            en: "BIN control digit does not match",
            kk: "БСН дұрыс емес: бақылау цифры сәйкес келмейді.",
            ru: "БИН указан неверно: не совпадает контрольная цифра.",
        },
    }
}

/// Entity type, digit 5 of a BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// 4: legal entity, resident.
    ResidentLegalEntity,
    /// 5: legal entity, non-resident.
    NonResidentLegalEntity,
    /// 6: individual entrepreneur acting as a joint venture.
    JointIndividualEntrepreneur,
}

/// Unit kind, digit 6 of a BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    /// 0: head office.
    HeadOffice,
    /// 1: branch.
    Branch,
    /// 2: representative office.
    RepresentativeOffice,
    /// 3: peasant (farm) enterprise acting as a joint venture.
    JointFarm,
}

/// A valid BIN. Can only be built through [`Bin::parse`]; serialised as its 12-digit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bin([u8; 12]);

impl Bin {
    /// Parses and validates a BIN. Checks run in this order: empty, 12 digits, month,
    /// entity type, unit type, control digit.
    pub fn parse(s: &str) -> Result<Self, BinError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(BinError::Empty);
        }
        let d = twelve_digits(s).ok_or(BinError::NotTwelveDigits)?;
        if !(1..=12).contains(&(d[2] * 10 + d[3])) {
            return Err(BinError::BadMonth);
        }
        if !(4..=6).contains(&d[4]) {
            return Err(BinError::BadEntityType);
        }
        if d[5] > 3 {
            return Err(BinError::BadUnitType);
        }
        if !control_digit_matches(&d) {
            return Err(BinError::BadChecksum);
        }
        let mut ascii = [0u8; 12];
        ascii.copy_from_slice(s.as_bytes());
        Ok(Bin(ascii))
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Two-digit year of registration (`YY`; the century is not encoded).
    pub fn registration_yy(&self) -> u8 {
        (self.0[0] - b'0') * 10 + (self.0[1] - b'0')
    }

    /// Month of registration, `1..=12`.
    pub fn registration_month(&self) -> u8 {
        (self.0[2] - b'0') * 10 + (self.0[3] - b'0')
    }

    /// The entity type (digit 5).
    pub fn entity_type(&self) -> EntityType {
        match self.0[4] {
            b'4' => EntityType::ResidentLegalEntity,
            b'5' => EntityType::NonResidentLegalEntity,
            _ => EntityType::JointIndividualEntrepreneur,
        }
    }

    /// The unit type (digit 6).
    pub fn unit_type(&self) -> UnitType {
        match self.0[5] {
            b'0' => UnitType::HeadOffice,
            b'1' => UnitType::Branch,
            b'2' => UnitType::RepresentativeOffice,
            _ => UnitType::JointFarm,
        }
    }
}

impl fmt::Display for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Bin {
    type Err = BinError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Bin::parse(s)
    }
}

impl TryFrom<String> for Bin {
    type Error = BinError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Bin::parse(&s)
    }
}

impl From<Bin> for String {
    fn from(bin: Bin) -> String {
        bin.as_str().to_owned()
    }
}

#[cfg(test)]
pub(super) mod test_values {
    use super::super::control_digit::with_control_digit;

    /// A valid BIN with the given 6-digit head (`YYMM` + type + unit) and serial.
    pub fn make_bin(head: &str, serial: u32) -> String {
        (0..20u32)
            .find_map(|k| with_control_digit(&format!("{head}{:05}", (serial + k) % 100_000)))
            .expect("one of 20 serials has a control digit")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::iin::{Iin, test_values::make_iin};
    use super::test_values::make_bin;
    use super::*;

    #[test]
    fn valid_bins() {
        for (head, ty, unit) in [
            (
                "070140",
                EntityType::ResidentLegalEntity,
                UnitType::HeadOffice,
            ),
            (
                "991251",
                EntityType::NonResidentLegalEntity,
                UnitType::Branch,
            ),
            (
                "150662",
                EntityType::JointIndividualEntrepreneur,
                UnitType::RepresentativeOffice,
            ),
            (
                "210243",
                EntityType::ResidentLegalEntity,
                UnitType::JointFarm,
            ),
        ] {
            let s = make_bin(head, 123);
            let bin = Bin::parse(&format!(" {s} ")).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(bin.as_str(), s);
            assert_eq!(bin.entity_type(), ty);
            assert_eq!(bin.unit_type(), unit);
            assert_eq!(bin.registration_yy(), head[..2].parse::<u8>().unwrap());
            assert_eq!(bin.registration_month(), head[2..4].parse::<u8>().unwrap());
        }
    }

    #[test]
    fn invalid_bins() {
        let good = make_bin("070140", 555);
        let mut wrong = good.clone().into_bytes();
        wrong[11] = b'0' + (wrong[11] - b'0' + 1) % 10;
        let wrong = String::from_utf8(wrong).unwrap();
        for (input, expected) in [
            (String::new(), BinError::Empty),
            ("0701400001".into(), BinError::NotTwelveDigits),
            ("07014000012X".into(), BinError::NotTwelveDigits),
            (make_bin("071340", 1), BinError::BadMonth),
            (make_bin("070040", 1), BinError::BadMonth),
            (make_bin("070130", 1), BinError::BadEntityType),
            (make_bin("070170", 1), BinError::BadEntityType),
            (make_bin("070144", 1), BinError::BadUnitType),
            (wrong, BinError::BadChecksum),
        ] {
            assert_eq!(Bin::parse(&input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn an_iin_is_never_a_bin() {
        let iin = make_iin("850102", 3, 1);
        assert!(Iin::parse(&iin).is_ok());
        assert_eq!(Bin::parse(&iin), Err(BinError::BadEntityType));
    }

    proptest! {
        #[test]
        fn parse_format_identity(yy in 0u8..100, mm in 1u8..=12, ty in 4u8..=6, unit in 0u8..=3, serial in 0u32..100_000) {
            let s = make_bin(&format!("{yy:02}{mm:02}{ty}{unit}"), serial);
            let bin = Bin::parse(&s).unwrap();
            prop_assert_eq!(Bin::parse(&bin.to_string()).unwrap(), bin);
            let json = serde_json::to_string(&bin).unwrap();
            prop_assert_eq!(serde_json::from_str::<Bin>(&json).unwrap(), bin);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Bin::parse(&s);
        }
    }
}
