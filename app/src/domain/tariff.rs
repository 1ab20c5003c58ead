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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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
        assert_eq!(
            validate_new_tariff("42000", "01.12.2026", today),
            Err(TariffError::BadDate)
        );
    }
}
