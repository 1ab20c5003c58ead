//! Tariffs: the monthly amount for an age period in a department, from a date.
//!
//! Rule (issue 8): a tariff change never alters contracts already signed or already shown to a
//! parent — contracts carry the amount fixed when step 6 was shown; a new tariff applies from
//! its effective date, which may not be in the past.

use time::Date;

/// Highest monthly amount accepted (tenge), against typing mistakes.
pub const MAX_MONTHLY_TENGE: u64 = 1_000_000;

super::messages::localized_error! {
    /// Why a new tariff is refused.
    pub enum TariffError {
        /// Not a whole number of tenge in range.
        BadAmount {
            code: "tariff.bad_amount",
            en: "the amount must be a whole number of tenge from 0 to 1 000 000",
            kk: "Сома 0-ден 1 000 000 теңгеге дейінгі бүтін сан болуы керек.",
            ru: "Сумма должна быть целым числом от 0 до 1 000 000 тенге.",
        },
        /// Free places out of range.
        BadPlaces {
            code: "tariff.bad_places",
            en: "free places must be a whole number from 0 to 500",
            kk: "Бос орын саны 0-ден 500-ге дейінгі бүтін сан болуы керек.",
            ru: "Число свободных мест должно быть целым от 0 до 500.",
        },
        /// Neither electronic nor paper contracts.
        NoWayToConclude {
            code: "tariff.no_way_to_conclude",
            en: "a kindergarten concludes contracts electronically, on paper or both",
            kk: "Балабақша шартты электронды, қағаз түрінде немесе екеуімен де жасасуы керек.",
            ru: "Детский сад должен заключать договоры электронно, на бумаге или обоими способами.",
        },
        /// A group name empty or too long.
        BadGroupName {
            code: "tariff.bad_group_name",
            en: "a group needs a name in both languages, up to 100 characters",
            kk: "Топ атауы екі тілде де болуы керек (100 таңбаға дейін).",
            ru: "Название группы нужно на обоих языках (до 100 символов).",
        },
        /// The date is missing, malformed or in the past.
        BadDate {
            code: "tariff.bad_date",
            en: "the effective date must be today or later",
            kk: "Күшіне ену күні бүгін немесе одан кейін болуы керек.",
            ru: "Дата вступления в силу должна быть сегодня или позже.",
        },
    }
}

/// Validates a new tariff typed by an admin on `today`.
pub fn validate_new_tariff(
    amount: &str,
    effective_from: &str,
    today: Date,
) -> Result<(u64, Date), TariffError> {
    let amount: u64 = amount
        .trim()
        .replace([' ', '\u{a0}'], "")
        .parse()
        .map_err(|_| TariffError::BadAmount)?;
    if amount > MAX_MONTHLY_TENGE {
        return Err(TariffError::BadAmount);
    }
    let from = super::dates::parse_date(effective_from.trim()).ok_or(TariffError::BadDate)?;
    if from < today {
        return Err(TariffError::BadDate);
    }
    Ok((amount, from))
}

/// Maximum free places of a group.
pub const MAX_GROUP_PLACES: u32 = 500;

/// Validates free places typed by an admin.
pub fn validate_places(raw: &str) -> Result<u32, TariffError> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_GROUP_PLACES)
        .ok_or(TariffError::BadPlaces)
}

/// Validates a group's names.
pub fn validate_group_name(kk: &str, ru: &str) -> Result<(String, String), TariffError> {
    let ok = |s: &str| !s.trim().is_empty() && s.trim().chars().count() <= 100;
    if ok(kk) && ok(ru) {
        Ok((kk.trim().to_string(), ru.trim().to_string()))
    } else {
        Err(TariffError::BadGroupName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn places_and_group_names_are_checked() {
        assert_eq!(validate_places(" 25 "), Ok(25));
        assert_eq!(validate_places("501"), Err(TariffError::BadPlaces));
        assert_eq!(validate_places("-1"), Err(TariffError::BadPlaces));
        assert!(validate_group_name("Күншуақ", "Солнышко").is_ok());
        assert_eq!(
            validate_group_name(" ", "Солнышко"),
            Err(TariffError::BadGroupName)
        );
    }

    #[test]
    fn an_admin_sets_a_tariff_from_today_or_later() {
        let today = date!(2026 - 11 - 25);
        assert_eq!(
            validate_new_tariff("42 000", "2026-12-01", today),
            Ok((42_000, date!(2026 - 12 - 01)))
        );
        assert_eq!(
            validate_new_tariff("0", "2026-11-25", today).map(|t| t.0),
            Ok(0)
        );
        assert_eq!(
            validate_new_tariff("42000", "2026-11-24", today),
            Err(TariffError::BadDate)
        );
        assert_eq!(
            validate_new_tariff("-5", "2026-12-01", today),
            Err(TariffError::BadAmount)
        );
        assert_eq!(
            validate_new_tariff("2000000", "2026-12-01", today),
            Err(TariffError::BadAmount)
        );
        // The Kazakh way of writing the date is understood too; nonsense is not.
        assert_eq!(
            validate_new_tariff("42000", "01.12.2026", today).map(|t| t.1),
            Ok(date!(2026 - 12 - 01))
        );
        assert_eq!(
            validate_new_tariff("42000", "2026-13-01", today),
            Err(TariffError::BadDate)
        );
    }
}
