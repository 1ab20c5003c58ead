//! Bank card numbers, recognised only to be refused where an account number is expected.
//!
//! Rule (GUIDE.md, step 4 and FAQ): «Банк картасының (MASTER/VISA) нөмірі және банк шотының
//! нөмірі – әр түрлі нөмірлер» — a card number is never the account number. Parents often
//! type the 16 digits from their card into the IBAN field; we detect that and explain.
//!
//! A card number (ISO/IEC 7812 PAN) is 13–19 digits whose last digit is the Luhn check digit.

/// Shortest card number length (ISO/IEC 7812).
pub const MIN_CARD_DIGITS: usize = 13;
/// Longest card number length (ISO/IEC 7812).
pub const MAX_CARD_DIGITS: usize = 19;

/// Luhn (mod 10) check of a string of ASCII digits. `false` for an empty string or any
/// non-digit character.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// True when `input`, with spaces (incl. no-break spaces) and dashes removed, is 13–19
/// digits that pass the Luhn check: e.g. `4400 4301 2345 6789` typed as an account.
pub fn looks_like_card_number(input: &str) -> bool {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (MIN_CARD_DIGITS..=MAX_CARD_DIGITS).contains(&digits.len()) && luhn_valid(&digits)
}

#[cfg(test)]
pub(super) mod test_values {
    /// Appends a Luhn check digit to `body` (ASCII digits).
    pub fn with_luhn(body: &str) -> String {
        (0..10u8)
            .map(|d| format!("{body}{d}"))
            .find(|s| super::luhn_valid(s))
            .expect("exactly one check digit fits")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::test_values::with_luhn;
    use super::*;

    #[test]
    fn well_known_test_card_numbers() {
        for pan in [
            "4111111111111111", // Visa test
            "5555555555554444", // Mastercard test
            "4012888888881881", // Visa test
            "378282246310005",  // Amex test (15)
            "6011111111111117", // Discover test
            "4222222222222",    // Visa 13
        ] {
            assert!(luhn_valid(pan), "{pan}");
            assert!(looks_like_card_number(pan), "{pan}");
        }
    }

    #[test]
    fn spellings_of_a_card_number() {
        let pan = with_luhn("440043012345678");
        let spaced = format!(
            "{} {} {} {}",
            &pan[..4],
            &pan[4..8],
            &pan[8..12],
            &pan[12..]
        );
        let dashed = spaced.replace(' ', "-");
        for input in [pan.as_str(), &spaced, &dashed, &format!("  {spaced}\u{a0}")] {
            assert!(looks_like_card_number(input), "{input:?}");
        }
    }

    #[test]
    fn not_card_numbers() {
        for input in [
            "",
            "4111111111111112",     // bad Luhn
            "411111111111",         // 12 digits
            "41111111111111111111", // 20 digits
            "KZ86125KZT5004100100", // an IBAN
            "4111 1111 1111 111a",
            "4111.1111.1111.1111",
        ] {
            assert!(!looks_like_card_number(input), "{input:?}");
        }
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("12a"));
    }

    proptest! {
        #[test]
        fn generated_pans_are_detected(body in "[2-6][0-9]{14}") {
            prop_assert!(looks_like_card_number(&with_luhn(&body)));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = looks_like_card_number(&s);
            let _ = luhn_valid(&s);
        }
    }
}
