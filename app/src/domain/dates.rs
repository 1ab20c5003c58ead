//! Calendar dates as text: ISO `YYYY-MM-DD` (forms, storage, canonical bytes) and the
//! Kazakhstan display form `DD.MM.YYYY` (GUIDE.md: `15.01.2021`, `14.01.2021, 14:34`).
//!
//! Implemented by hand on `time::Date` so that the result does not depend on format
//! descriptions or locale, and is identical on wasm32 and the server.

use time::{Date, Month};

/// `YYYY-MM-DD`, years 0000–9999 (others are written with more digits and a sign).
pub fn format_iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `DD.MM.YYYY`.
pub fn format_kz(date: Date) -> String {
    format!(
        "{:02}.{:02}.{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// Kazakhstan's calendar date (UTC+5, its single time zone since 2024) of a unix time.
pub fn kz_date_of_unix(unix: i64) -> Date {
    time::OffsetDateTime::from_unix_timestamp(unix.saturating_add(5 * 3600))
        .map(|t| t.date())
        .unwrap_or(Date::MIN)
}

fn number(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn build(year: u32, month: u32, day: u32) -> Option<Date> {
    let year = i32::try_from(year).ok()?;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// Parses `YYYY-MM-DD` (ISO: storage, links, older drafts) or the day first as people in
/// Kazakhstan write it — `DD.MM.YYYY`, also with one-digit day or month (`1.3.2021`) and with
/// `,` `/` or a space between the parts (what a phone's number keyboard offers); the year has
/// four digits; surrounding whitespace is trimmed; the date must exist.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let iso: Vec<&str> = s.split('-').collect();
    if let [y, m, d] = iso.as_slice() {
        return build(number(y, 4)?, number(m, 2)?, number(d, 2)?);
    }
    let parts: Vec<&str> = s.split(['.', ',', '/', ' ']).collect();
    match parts.as_slice() {
        [d, m, y] => build(number(y, 4)?, short_number(m)?, short_number(d)?),
        _ => None,
    }
}

/// One or two ASCII digits.
fn short_number(s: &str) -> Option<u32> {
    number(s, 1).or_else(|| number(s, 2))
}

/// A date as a form shows it: `DD.MM.YYYY` when `s` is an ISO date (a stored value, a link),
/// otherwise `s` as typed.
pub fn display_date(s: &str) -> String {
    let t = s.trim();
    if t.len() == 10
        && t.as_bytes().get(4) == Some(&b'-')
        && let Some(d) = parse_date(t)
    {
        return format_kz(d);
    }
    s.to_string()
}

/// `#[serde(with = "super::dates::serde_iso")]`: a `Date` as `"YYYY-MM-DD"`.
pub mod serde_iso {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_iso(*date))
    }

    /// Reads `YYYY-MM-DD` (or `DD.MM.YYYY`).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_date(&s).ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))
    }
}

/// `#[serde(with = "super::dates::serde_iso_opt")]`: an `Option<Date>` as `"YYYY-MM-DD"` or
/// `null`.
pub mod serde_iso_opt {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes `YYYY-MM-DD` or `null`.
    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_some(&super::format_iso(*d)),
            None => s.serialize_none(),
        }
    }

    /// Reads `YYYY-MM-DD` or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => super::parse_date(&s)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD")),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_iso(date!(2021 - 01 - 15)), "2021-01-15");
        assert_eq!(format_kz(date!(2021 - 01 - 15)), "15.01.2021");
        assert_eq!(format_iso(date!(0987 - 12 - 01)), "0987-12-01");
    }

    #[test]
    fn parses() {
        for s in [
            "2021-01-15",
            " 2021-01-15 ",
            "15.01.2021",
            "15.1.2021",
            "15,01,2021",
            "15/01/2021",
            "15 01 2021",
        ] {
            assert_eq!(parse_date(s), Some(date!(2021 - 01 - 15)), "{s:?}");
        }
        assert_eq!(parse_date("2024-02-29"), Some(date!(2024 - 02 - 29)));
        for s in [
            "",
            "2021-1-15",
            "21-01-15",
            "2021-13-01",
            "2023-02-29",
            "2021-01-15T00:00",
            "2021/01/15",
            "15.01.21",
            "015.01.2021",
            "15..2021",
            "15.01.2021.",
            "15-01-2021",
            "31.02.2021",
            "1.3.21",
            "2021-01-15-01",
            "+2021-01-15",
            "２０２１-01-15",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn a_stored_date_is_shown_day_first_and_typing_is_left_alone() {
        assert_eq!(display_date("2019-06-20"), "20.06.2019");
        assert_eq!(display_date("20.06.2019"), "20.06.2019");
        assert_eq!(display_date("20.06"), "20.06");
        assert_eq!(display_date("2019-06-3"), "2019-06-3");
        assert_eq!(display_date(""), "");
    }

    proptest! {
        #[test]
        fn round_trip(days in 0i32..(365 * 300)) {
            let d = date!(1850 - 01 - 01) + time::Duration::days(i64::from(days));
            prop_assert_eq!(parse_date(&format_iso(d)), Some(d));
            prop_assert_eq!(parse_date(&format_kz(d)), Some(d));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse_date(&s);
        }
    }
}
