//! Contract and referral numbers.
//!
//! Rules (GUIDE.md, step 6 and the cabinet):
//! - contract number `01.01-02.21.001`: department code (2 digits) `.` district code
//!   (2 digits) `-` month of the contract date (2 digits) `.` two-digit year `.` sequence
//!   (at least 3 digits, zero-padded, may grow past 999). The guide shows `01.01-01.21.001`
//!   dated 15.01.2021 and `01.01-02.21.001` dated 04.02.2021. The list shows it as
//!   `#01.01-01.21.001`, so a leading `#` or `№` is accepted when parsing.
//! - the sequence is gap-free per **education department and calendar month** (district is
//!   part of the number but not of the counter — our reading of the examples); it restarts at
//!   001 each month. The caller passes the last number issued for that department in that
//!   month, read under a lock/unique constraint, to [`next_in`].
//! - two-digit years are 2000–2099.
//! - the older format of the guide's contract card (`07-01.07.04.2020`) is not produced or
//!   parsed here.
//! - referral numbers are positive integers shown as `#378618`.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

super::messages::localized_error! {
    /// Why a string is not a contract number.
    pub enum ContractNumberError {
        /// Nothing was typed.
        Empty {
            code: "contract_number.empty",
            en: "contract number is empty",
            kk: "Шарттың нөмірін енгізіңіз.",
            ru: "Укажите номер договора.",
        },
        /// Not `DD.DD-MM.YY.SSS`.
        BadFormat {
            code: "contract_number.bad_format",
            en: "contract number must look like 01.01-02.21.001",
            kk: "Шарттың нөмірі 01.01-02.21.001 түрінде болуы керек.",
            ru: "Номер договора должен быть вида 01.01-02.21.001.",
        },
        /// Month is not 01–12.
        BadMonth {
            code: "contract_number.bad_month",
            en: "contract number month must be 01-12",
            kk: "Шарт нөміріндегі ай 01-ден 12-ге дейін болуы керек.",
            ru: "Месяц в номере договора должен быть от 01 до 12.",
        },
        /// Sequence is zero or too large.
        BadSequence {
            code: "contract_number.bad_sequence",
            en: "contract number sequence must be positive",
            kk: "Шарт нөміріндегі реттік нөмір нөлден үлкен болуы керек.",
            ru: "Порядковый номер в номере договора должен быть больше нуля.",
        },
    }
}

super::messages::localized_error! {
    /// Why the next contract number cannot be issued.
    pub enum NumberingError {
        /// Department or district code above 99.
        CodeOutOfRange {
            code: "numbering.code_out_of_range",
            en: "department and district codes must be 00-99",
            kk: "Білім беру бөлімінің немесе ауданның коды 00-ден 99-ға дейін болуы керек.",
            ru: "Код отдела образования или района должен быть от 00 до 99.",
        },
        /// The contract date is outside 2000–2099.
        YearOutOfRange {
            code: "numbering.year_out_of_range",
            en: "contract year must be 2000-2099",
            kk: "Шарт күнінің жылы 2000–2099 аралығында болуы керек.",
            ru: "Год даты договора должен быть в пределах 2000–2099.",
        },
        /// `prev` belongs to another department.
        PreviousFromOtherDepartment {
            code: "numbering.previous_other_department",
            en: "previous number belongs to another department",
            kk: "Алдыңғы шарттың нөмірі басқа білім беру бөліміне тиесілі.",
            ru: "Предыдущий номер договора относится к другому отделу образования.",
        },
        /// `prev` is from a later month than the contract date.
        PreviousIsLater {
            code: "numbering.previous_is_later",
            en: "previous number is from a later month",
            kk: "Алдыңғы шарттың нөмірі кейінгі айға жатады: нөмірлеу реті бұзылған.",
            ru: "Предыдущий номер договора относится к более позднему месяцу: нарушен порядок нумерации.",
        },
        /// The sequence cannot grow further.
        SequenceExhausted {
            code: "numbering.sequence_exhausted",
            en: "sequence exhausted",
            kk: "Осы айдағы шарт нөмірлері таусылды.",
            ru: "Номера договоров в этом месяце исчерпаны.",
        },
    }
}

super::messages::localized_error! {
    /// Why a string is not a referral number.
    pub enum ReferralNumberError {
        /// Nothing was typed.
        Empty {
            code: "referral_number.empty",
            en: "referral number is empty",
            kk: "Жолдаманың нөмірін енгізіңіз.",
            ru: "Укажите номер направления.",
        },
        /// Not digits (after an optional `#`/`№`), or too large.
        BadFormat {
            code: "referral_number.bad_format",
            en: "referral number must be digits",
            kk: "Жолдаманың нөмірі цифрлардан тұрады, мысалы #378618.",
            ru: "Номер направления состоит из цифр, например #378618.",
        },
        /// Zero.
        Zero {
            code: "referral_number.zero",
            en: "referral number must not be zero",
            kk: "Жолдаманың нөмірі нөлге тең болмауы керек.",
            ru: "Номер направления не может быть равен нулю.",
        },
    }
}

/// A contract number. Fields are private: every value is in range, so formatting and
/// parsing are inverse. Serialised as its string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContractNumber {
    // Field order gives a chronological `Ord` within a department.
    department: u8,
    year: u16,
    month: u8,
    seq: u32,
    district: u8,
}

fn strip_number_sign(s: &str) -> &str {
    let s = s.trim();
    let s = s
        .strip_prefix('#')
        .or_else(|| s.strip_prefix('№'))
        .unwrap_or(s);
    s.trim_start()
}

fn two_digits(s: &str) -> Option<u8> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl ContractNumber {
    /// Builds a number; `None` if a code is above 99, the month not 1–12, the year not
    /// 2000–2099 or the sequence 0.
    pub fn new(department: u8, district: u8, month: u8, year: u16, seq: u32) -> Option<Self> {
        (department <= 99
            && district <= 99
            && (1..=12).contains(&month)
            && (2000..=2099).contains(&year)
            && seq >= 1)
            .then_some(ContractNumber {
                department,
                year,
                month,
                seq,
                district,
            })
    }

    /// Parses `01.01-02.21.001` (optionally prefixed by `#` or `№`).
    pub fn parse(s: &str) -> Result<Self, ContractNumberError> {
        let s = strip_number_sign(s);
        if s.is_empty() {
            return Err(ContractNumberError::Empty);
        }
        let bad = ContractNumberError::BadFormat;
        let (codes, rest) = s.split_once('-').ok_or(bad)?;
        let (department, district) = codes.split_once('.').ok_or(bad)?;
        let mut parts = rest.split('.');
        let (Some(month), Some(yy), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad);
        };
        let department = two_digits(department).ok_or(bad)?;
        let district = two_digits(district).ok_or(bad)?;
        let month = two_digits(month).ok_or(bad)?;
        let yy = two_digits(yy).ok_or(bad)?;
        if seq.len() < 3 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad);
        }
        // Longer than three digits only when it does not start with 0 (canonical form).
        if seq.len() > 3 && seq.starts_with('0') {
            return Err(bad);
        }
        let seq: u32 = seq.parse().map_err(|_| ContractNumberError::BadSequence)?;
        if !(1..=12).contains(&month) {
            return Err(ContractNumberError::BadMonth);
        }
        if seq == 0 {
            return Err(ContractNumberError::BadSequence);
        }
        ContractNumber::new(department, district, month, 2000 + u16::from(yy), seq).ok_or(bad)
    }

    /// Education department code.
    pub fn department(&self) -> u8 {
        self.department
    }
    /// District code.
    pub fn district(&self) -> u8 {
        self.district
    }
    /// Month of the contract date, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Full year of the contract date, 2000–2099.
    pub fn year(&self) -> u16 {
        self.year
    }
    /// Sequence within department and month, from 1.
    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl fmt::Display for ContractNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}.{:02}-{:02}.{:02}.{:03}",
            self.department,
            self.district,
            self.month,
            self.year % 100,
            self.seq
        )
    }
}

impl std::str::FromStr for ContractNumber {
    type Err = ContractNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ContractNumber::parse(s)
    }
}

impl TryFrom<String> for ContractNumber {
    type Error = ContractNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ContractNumber::parse(&s)
    }
}

impl From<ContractNumber> for String {
    fn from(n: ContractNumber) -> String {
        n.to_string()
    }
}

/// The number of the next contract of `department` dated `date`, in `district`.
///
/// `prev` is the last number issued by the same department in the same or an earlier
/// month (or `None`): in the same month the sequence continues (`prev.seq + 1`), otherwise
/// it starts at 1.
pub fn next_in(
    prev: Option<ContractNumber>,
    department: u8,
    district: u8,
    date: Date,
) -> Result<ContractNumber, NumberingError> {
    if department > 99 || district > 99 {
        return Err(NumberingError::CodeOutOfRange);
    }
    let year = u16::try_from(date.year())
        .ok()
        .filter(|y| (2000..=2099).contains(y))
        .ok_or(NumberingError::YearOutOfRange)?;
    let month = u8::from(date.month());
    let seq = match prev {
        None => 1,
        Some(p) if p.department != department => {
            return Err(NumberingError::PreviousFromOtherDepartment);
        }
        Some(p) if (p.year, p.month) > (year, month) => {
            return Err(NumberingError::PreviousIsLater);
        }
        Some(p) if (p.year, p.month) == (year, month) => p
            .seq
            .checked_add(1)
            .ok_or(NumberingError::SequenceExhausted)?,
        Some(_) => 1,
    };
    ContractNumber::new(department, district, month, year, seq)
        .ok_or(NumberingError::YearOutOfRange)
}

/// An electronic referral number (электрондық жолдама), shown as `#378618`.
/// Serialised as a plain number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct ReferralNumber(u32);

impl ReferralNumber {
    /// A referral number; `None` for 0.
    pub fn new(n: u32) -> Option<Self> {
        (n != 0).then_some(ReferralNumber(n))
    }

    /// Parses `#378618`, `№378618` or `378618`.
    pub fn parse(s: &str) -> Result<Self, ReferralNumberError> {
        let s = strip_number_sign(s);
        if s.is_empty() {
            return Err(ReferralNumberError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ReferralNumberError::BadFormat);
        }
        let n: u32 = s.parse().map_err(|_| ReferralNumberError::BadFormat)?;
        ReferralNumber::new(n).ok_or(ReferralNumberError::Zero)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ReferralNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

impl TryFrom<u32> for ReferralNumber {
    type Error = ReferralNumberError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        ReferralNumber::new(n).ok_or(ReferralNumberError::Zero)
    }
}

impl From<ReferralNumber> for u32 {
    fn from(n: ReferralNumber) -> u32 {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn examples_from_the_guide() {
        let n = ContractNumber::parse("01.01-02.21.001").unwrap();
        assert_eq!(
            (n.department(), n.district(), n.month(), n.year(), n.seq()),
            (1, 1, 2, 2021, 1)
        );
        assert_eq!(n.to_string(), "01.01-02.21.001");
        assert_eq!(
            ContractNumber::parse("#01.01-01.21.001").unwrap().month(),
            1
        );
        assert_eq!(
            ContractNumber::parse("№ 01.01-01.21.001").unwrap().month(),
            1
        );
        assert_eq!(ReferralNumber::parse("#378618").unwrap().get(), 378_618);
        assert_eq!(ReferralNumber::new(378_618).unwrap().to_string(), "#378618");
    }

    #[test]
    fn sequence_beyond_999() {
        let n = ContractNumber::new(12, 5, 9, 2024, 1234).unwrap();
        assert_eq!(n.to_string(), "12.05-09.24.1234");
        assert_eq!(ContractNumber::parse("12.05-09.24.1234").unwrap(), n);
        assert_eq!(
            ContractNumber::new(12, 5, 9, 2024, 42).unwrap().to_string(),
            "12.05-09.24.042"
        );
    }

    #[test]
    fn bad_numbers() {
        for (input, expected) in [
            ("", ContractNumberError::Empty),
            ("#", ContractNumberError::Empty),
            ("07-01.07.04.2020", ContractNumberError::BadFormat),
            ("01.01-02.21", ContractNumberError::BadFormat),
            ("01.01-02.21.01", ContractNumberError::BadFormat),
            ("01.01-02.21.0001", ContractNumberError::BadFormat),
            ("1.01-02.21.001", ContractNumberError::BadFormat),
            ("01.01.02.21.001", ContractNumberError::BadFormat),
            ("01.01-02.21.001.1", ContractNumberError::BadFormat),
            ("01.01-02.2a.001", ContractNumberError::BadFormat),
            ("01.01-13.21.001", ContractNumberError::BadMonth),
            ("01.01-00.21.001", ContractNumberError::BadMonth),
            ("01.01-02.21.000", ContractNumberError::BadSequence),
            ("01.01-02.21.99999999999", ContractNumberError::BadSequence),
        ] {
            assert_eq!(ContractNumber::parse(input), Err(expected), "{input:?}");
        }
        for (input, expected) in [
            ("", ReferralNumberError::Empty),
            ("#", ReferralNumberError::Empty),
            ("#0", ReferralNumberError::Zero),
            ("#37a", ReferralNumberError::BadFormat),
            ("-5", ReferralNumberError::BadFormat),
            ("99999999999", ReferralNumberError::BadFormat),
        ] {
            assert_eq!(ReferralNumber::parse(input), Err(expected), "{input:?}");
        }
        assert!(ContractNumber::new(100, 1, 1, 2024, 1).is_none());
        assert!(ContractNumber::new(1, 1, 13, 2024, 1).is_none());
        assert!(ContractNumber::new(1, 1, 1, 2100, 1).is_none());
        assert!(ContractNumber::new(1, 1, 1, 2024, 0).is_none());
    }

    #[test]
    fn numbering_is_gap_free_per_department_and_month() {
        let jan = date!(2021 - 01 - 15);
        let first = next_in(None, 1, 1, jan).unwrap();
        assert_eq!(first.to_string(), "01.01-01.21.001");
        let second = next_in(Some(first), 1, 3, jan).unwrap();
        assert_eq!(second.to_string(), "01.03-01.21.002");
        let feb = next_in(Some(second), 1, 1, date!(2021 - 02 - 04)).unwrap();
        assert_eq!(feb.to_string(), "01.01-02.21.001");
        let next_year = next_in(Some(feb), 1, 1, date!(2022 - 01 - 01)).unwrap();
        assert_eq!(next_year.to_string(), "01.01-01.22.001");

        assert_eq!(
            next_in(Some(feb), 2, 1, jan),
            Err(NumberingError::PreviousFromOtherDepartment)
        );
        assert_eq!(
            next_in(Some(feb), 1, 1, jan),
            Err(NumberingError::PreviousIsLater)
        );
        assert_eq!(
            next_in(None, 100, 1, jan),
            Err(NumberingError::CodeOutOfRange)
        );
        assert_eq!(
            next_in(None, 1, 1, date!(1999 - 12 - 31)),
            Err(NumberingError::YearOutOfRange)
        );
        let last = ContractNumber::new(1, 1, 1, 2021, u32::MAX).unwrap();
        assert_eq!(
            next_in(Some(last), 1, 1, jan),
            Err(NumberingError::SequenceExhausted)
        );
    }

    #[test]
    fn serde() {
        let n = ContractNumber::parse("01.01-02.21.001").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"01.01-02.21.001\"");
        assert_eq!(
            serde_json::from_str::<ContractNumber>("\"01.01-02.21.001\"").unwrap(),
            n
        );
        assert!(serde_json::from_str::<ContractNumber>("\"01.01-13.21.001\"").is_err());
        let r = ReferralNumber::new(378_618).unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "378618");
        assert_eq!(serde_json::from_str::<ReferralNumber>("378618").unwrap(), r);
        assert!(serde_json::from_str::<ReferralNumber>("0").is_err());
    }

    proptest! {
        #[test]
        fn parse_format_identity(dep in 0u8..100, dis in 0u8..100, month in 1u8..=12, year in 2000u16..2100, seq in 1u32..) {
            let n = ContractNumber::new(dep, dis, month, year, seq).unwrap();
            prop_assert_eq!(ContractNumber::parse(&n.to_string()).unwrap(), n);
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<ContractNumber>(&json).unwrap(), n);
        }

        #[test]
        fn referral_identity(n in 1u32..) {
            let r = ReferralNumber::new(n).unwrap();
            prop_assert_eq!(ReferralNumber::parse(&r.to_string()).unwrap(), r);
        }

        #[test]
        fn sequence_increases(seq in 1u32..1_000_000, day in 1u8..=28) {
            let prev = ContractNumber::new(5, 7, 3, 2025, seq).unwrap();
            let date = Date::from_calendar_date(2025, time::Month::March, day).unwrap();
            prop_assert_eq!(next_in(Some(prev), 5, 7, date).unwrap().seq(), seq + 1);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = ContractNumber::parse(&s);
            let _ = ReferralNumber::parse(&s);
        }

        #[test]
        fn never_panics_on_number_shaped_input(s in "[#№]?[0-9.-]{0,20}") {
            let _ = ContractNumber::parse(&s);
        }
    }
}
