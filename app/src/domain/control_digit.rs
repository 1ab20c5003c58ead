//! The control digit shared by the IIN (ЖСН / ИИН) and the BIN (БСН / БИН).
//!
//! Rule (Rules for forming the national identification numbers of the Republic of
//! Kazakhstan): with the first 11 digits `d1..d11`,
//! 1. `c = (d1*1 + d2*2 + ... + d11*11) mod 11`;
//! 2. if `c == 10`, a second pass with weights `3,4,5,6,7,8,9,10,11,1,2`, `mod 11`;
//! 3. if it is 10 again, no number is issued with these 11 digits;
//! 4. otherwise the 12th digit must equal `c`.

const FIRST_WEIGHTS: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

fn weighted_mod11(digits: &[u8; 11], weights: &[u32; 11]) -> u32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| u32::from(d) * w)
        .sum::<u32>()
        % 11
}

/// The control digit for the first 11 digits (each `0..=9`), or `None` when both passes
/// give 10 and such a number cannot exist.
pub fn control_digit(first_eleven: &[u8; 11]) -> Option<u8> {
    let c = weighted_mod11(first_eleven, &FIRST_WEIGHTS);
    let c = if c == 10 {
        weighted_mod11(first_eleven, &SECOND_WEIGHTS)
    } else {
        c
    };
    // c < 11 always, so the cast cannot truncate.
    (c != 10).then_some(c as u8)
}

/// Appends the control digit to an 11-digit string, giving a 12-digit IIN/BIN string.
/// `None` if the input is not 11 ASCII digits or no control digit exists.
/// Used to generate valid numbers for tests and demo data.
pub fn with_control_digit(first_eleven: &str) -> Option<String> {
    let bytes = first_eleven.as_bytes();
    if bytes.len() != 11 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut digits = [0u8; 11];
    for (d, b) in digits.iter_mut().zip(bytes) {
        *d = b - b'0';
    }
    let c = control_digit(&digits)?;
    let mut out = String::with_capacity(12);
    out.push_str(first_eleven);
    out.push(char::from(b'0' + c));
    Some(out)
}

/// Splits a string of exactly 12 ASCII digits into digit values. Whitespace is not trimmed.
pub(super) fn twelve_digits(s: &str) -> Option<[u8; 12]> {
    let bytes = s.as_bytes();
    if bytes.len() != 12 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut digits = [0u8; 12];
    for (d, b) in digits.iter_mut().zip(bytes) {
        *d = b - b'0';
    }
    Some(digits)
}

/// True when the 12th digit is the correct control digit of the first 11.
pub(super) fn control_digit_matches(digits: &[u8; 12]) -> bool {
    let mut first = [0u8; 11];
    first.copy_from_slice(&digits[..11]);
    control_digit(&first) == Some(digits[11])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_pass() {
        // 1*9+2*0+3*0+4*1+5*0+6*1+7*3+8*0+9*0+10*1+11*2 = 9+4+6+21+10+22 = 72; 72 mod 11 = 6
        assert_eq!(control_digit(&[9, 0, 0, 1, 0, 1, 3, 0, 0, 1, 2]), Some(6));
        assert_eq!(
            with_control_digit("90010130012").as_deref(),
            Some("900101300126")
        );
    }

    #[test]
    fn second_pass_is_used_when_first_gives_ten() {
        // Search for 11 digits whose first pass is 10, then check the second pass by hand.
        let mut found = 0;
        for serial in 0..2000u32 {
            let s = format!("8501023{serial:04}");
            let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
            let d: [u8; 11] = d.try_into().unwrap();
            if weighted_mod11(&d, &FIRST_WEIGHTS) == 10 {
                let second = weighted_mod11(&d, &SECOND_WEIGHTS);
                let expected = (second != 10).then_some(second as u8);
                assert_eq!(control_digit(&d), expected);
                found += 1;
            }
        }
        assert!(found > 10);
    }

    #[test]
    fn some_prefixes_have_no_control_digit() {
        let none = (0..10_000u32)
            .map(|serial| format!("8501023{serial:04}"))
            .filter(|s| with_control_digit(s).is_none())
            .count();
        // About 1 in 121 prefixes is unusable.
        assert!(none > 0 && none < 300, "{none}");
    }

    #[test]
    fn rejects_bad_prefix() {
        assert_eq!(with_control_digit("123"), None);
        assert_eq!(with_control_digit("1234567890a"), None);
        assert_eq!(twelve_digits("12345678901"), None);
        assert_eq!(twelve_digits("12345678901x"), None);
        assert_eq!(twelve_digits("１２３４５６７８９０１２"), None);
    }
}
