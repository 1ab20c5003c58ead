//! Dates as the seed writes them: `14.01.2021`, `14.01.2021, 14:34`.

/// `dd.mm.yyyy` of a unix time (UTC+5, Kazakhstan's single time zone since 2024).
pub fn format_unix_date(unix: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix + 5 * 3600) {
        Ok(t) => format!("{:02}.{:02}.{}", t.day(), u8::from(t.month()), t.year()),
        Err(_) => String::from("—"),
    }
}

/// `dd.mm.yyyy, hh:mm` (UTC+5).
pub fn format_unix_datetime(unix: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix + 5 * 3600) {
        Ok(t) => format!(
            "{:02}.{:02}.{}, {:02}:{:02}",
            t.day(),
            u8::from(t.month()),
            t.year(),
            t.hour(),
            t.minute()
        ),
        Err(_) => String::from("—"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_the_seed() {
        // 2021-01-14 09:34 UTC = 14:34 in Kazakhstan
        assert_eq!(format_unix_datetime(1_610_616_840), "14.01.2021, 14:34");
        assert_eq!(format_unix_date(1_610_616_840), "14.01.2021");
    }
}
