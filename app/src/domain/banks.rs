//! The banks of Kazakhstan a parent can have an account in.
//!
//! Rule (GUIDE.md, step 4): «Банк» is a select, «БИК» is the bank identifier code, and
//! «ИИК / IBAN» is the account number. In a Kazakh IBAN, characters 5–7 are the bank's
//! 3-digit code, so the bank (and its BIC) follow from the IBAN.
//!
//! The table holds the commonly published IBAN bank codes and SWIFT/BIC of second-tier
//! banks serving individuals. It is data, not a rule: when a bank is renamed, merged or
//! loses its licence, change this table (an IBAN of a bank missing here still parses, see
//! `Iban::parse`, but the wizard asks for a listed bank).

use serde::Serialize;

/// A bank of Kazakhstan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Bank {
    /// The 3-digit bank code at positions 5–7 of the IBAN, e.g. `"601"`.
    pub iban_code: &'static str,
    /// The 8-character BIC (SWIFT), e.g. `"HSBKKZKX"`.
    pub bic: &'static str,
    /// Name in Kazakh.
    pub name_kk: &'static str,
    /// Name in Russian.
    pub name_ru: &'static str,
}

impl Bank {
    /// The name in `lang`.
    pub fn name(&self, lang: super::lang::Lang) -> &'static str {
        match lang {
            super::lang::Lang::Kk => self.name_kk,
            super::lang::Lang::Ru => self.name_ru,
        }
    }
}

const fn bank(
    iban_code: &'static str,
    bic: &'static str,
    name_kk: &'static str,
    name_ru: &'static str,
) -> Bank {
    Bank {
        iban_code,
        bic,
        name_kk,
        name_ru,
    }
}

/// Every bank, largest retail banks first (the order of the select).
static BANKS: [Bank; 15] = [
    bank(
        "601",
        "HSBKKZKX",
        "«Қазақстан Халық Банкі» АҚ",
        "АО «Народный Банк Казахстана»",
    ),
    bank("722", "CASPKZKA", "«Kaspi Bank» АҚ", "АО «Kaspi Bank»"),
    bank(
        "856",
        "KCJBKZKX",
        "«Банк ЦентрКредит» АҚ",
        "АО «Банк ЦентрКредит»",
    ),
    bank("965", "IRTYKZKA", "«ForteBank» АҚ", "АО «ForteBank»"),
    bank(
        "998",
        "TSESKZKA",
        "«First Heartland Jusan Bank» АҚ",
        "АО «First Heartland Jusan Bank»",
    ),
    bank(
        "551",
        "KSNVKZKA",
        "«Freedom Bank Kazakhstan» АҚ",
        "АО «Freedom Bank Kazakhstan»",
    ),
    bank("914", "BRKEKZKA", "«Bereke Bank» АҚ", "АО «Bereke Bank»"),
    bank(
        "948",
        "EURIKZKA",
        "«Еуразиялық банк» АҚ",
        "АО «Евразийский банк»",
    ),
    bank(
        "886",
        "INLMKZKA",
        "«Home Credit Bank» АҚ",
        "АО «Home Credit Bank»",
    ),
    bank("281", "HCSKKZKA", "«Отбасы банк» АҚ", "АО «Отбасы банк»"),
    bank("821", "KINCKZKA", "«Bank RBK» АҚ", "АО «Bank RBK»"),
    bank("849", "NURSKZKX", "«Нурбанк» АҚ", "АО «Нурбанк»"),
    bank("826", "ATYNKZKA", "«Altyn Bank» АҚ", "АО «Altyn Bank»"),
    bank(
        "832",
        "CITIKZKA",
        "«Ситибанк Қазақстан» АҚ",
        "АО «Ситибанк Казахстан»",
    ),
    bank(
        "450",
        "SHBKKZKA",
        "«Шинхан Банк Қазақстан» АҚ",
        "АО «Шинхан Банк Казахстан»",
    ),
];

/// Every bank in the table.
pub fn all() -> &'static [Bank] {
    &BANKS
}

/// The bank with this 3-character IBAN bank code (case-insensitive, trimmed).
pub fn by_iban_code(code: &str) -> Option<&'static Bank> {
    let code = code.trim();
    BANKS
        .iter()
        .find(|b| b.iban_code.eq_ignore_ascii_case(code))
}

/// The bank with this BIC: 8 characters, or 11 with a branch code; case-insensitive,
/// trimmed. Only the first 8 characters (bank + country + location) are compared.
pub fn by_bic(bic: &str) -> Option<&'static Bank> {
    let bic = bic.trim();
    if bic.len() != 8 && bic.len() != 11 {
        return None;
    }
    let head = bic.get(..8)?;
    BANKS.iter().find(|b| b.bic.eq_ignore_ascii_case(head))
}

/// The bank named by a select value, which may be either its IBAN code or its BIC.
pub fn resolve(value: &str) -> Option<&'static Bank> {
    by_iban_code(value).or_else(|| by_bic(value))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut codes = HashSet::new();
        let mut bics = HashSet::new();
        for b in all() {
            assert_eq!(b.iban_code.len(), 3, "{b:?}");
            assert!(b.iban_code.bytes().all(|c| c.is_ascii_digit()), "{b:?}");
            assert_eq!(b.bic.len(), 8, "{b:?}");
            assert!(b.bic[..6].bytes().all(|c| c.is_ascii_uppercase()), "{b:?}");
            assert_eq!(&b.bic[4..6], "KZ", "{b:?}");
            assert!(
                b.bic[6..]
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            );
            assert!(codes.insert(b.iban_code), "duplicate code {}", b.iban_code);
            assert!(bics.insert(b.bic), "duplicate BIC {}", b.bic);
            assert!(b.name_kk.ends_with("АҚ"), "{b:?}");
            assert!(b.name_ru.starts_with("АО "), "{b:?}");
            // Cyrillic letters in a name are Cyrillic throughout each word.
            super::super::messages::test_support::assert_no_mixed_script_words(b.name_kk);
            super::super::messages::test_support::assert_no_mixed_script_words(b.name_ru);
        }
    }

    #[test]
    fn lookups() {
        for (code, bic) in [
            ("601", "HSBKKZKX"),
            ("722", "CASPKZKA"),
            ("856", "KCJBKZKX"),
            ("965", "IRTYKZKA"),
            ("998", "TSESKZKA"),
            ("948", "EURIKZKA"),
            ("821", "KINCKZKA"),
            ("551", "KSNVKZKA"),
            ("886", "INLMKZKA"),
            ("281", "HCSKKZKA"),
            ("914", "BRKEKZKA"),
            ("832", "CITIKZKA"),
            ("826", "ATYNKZKA"),
            ("849", "NURSKZKX"),
            ("450", "SHBKKZKA"),
        ] {
            let by_code = by_iban_code(code).unwrap();
            assert_eq!(by_code.bic, bic);
            assert_eq!(by_bic(bic), Some(by_code));
            assert_eq!(by_bic(&bic.to_lowercase()), Some(by_code));
            assert_eq!(by_bic(&format!("{bic}XXX")), Some(by_code));
            assert_eq!(resolve(code), Some(by_code));
            assert_eq!(resolve(bic), Some(by_code));
        }
        assert_eq!(all().len(), 15);
        assert_eq!(by_iban_code("000"), None);
        assert_eq!(by_bic("HSBKKZK"), None);
        assert_eq!(by_bic("HSBKKZKXX"), None);
        assert_eq!(by_bic("HSBKKZКX"), None); // Cyrillic К
        assert_eq!(resolve(""), None);
    }
}
