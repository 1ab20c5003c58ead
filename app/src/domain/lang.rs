//! Interface languages of the service.
//!
//! Rule (GUIDE.md, "Step 6"): the contract and the whole portal are bilingual, Kazakh and
//! Russian. Kazakh is the state language, so it is the default.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A user-interface language. Serialised as `"kk"` / `"ru"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kazakh (қазақ тілі), the default.
    #[default]
    Kk,
    /// Russian (русский язык).
    Ru,
}

impl Lang {
    /// Every language, Kazakh first.
    pub const ALL: [Lang; 2] = [Lang::Kk, Lang::Ru];

    /// The ISO 639-1 code: `"kk"` or `"ru"`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
        }
    }

    /// Parses a language code, case-insensitively, ignoring a region suffix (`kk-KZ`,
    /// `ru_RU`). `kz` is accepted as Kazakh because users and old URLs often write it.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let primary = s.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("kk") || primary.eq_ignore_ascii_case("kz") {
            Some(Lang::Kk)
        } else if primary.eq_ignore_ascii_case("ru") {
            Some(Lang::Ru)
        } else {
            None
        }
    }

    /// The language's own name, for a language switcher.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::Kk => "Қазақша",
            Lang::Ru => "Русский",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_kazakh() {
        assert_eq!(Lang::default(), Lang::Kk);
    }

    #[test]
    fn parse_codes() {
        for (input, expected) in [
            ("kk", Some(Lang::Kk)),
            ("KK", Some(Lang::Kk)),
            (" kk-KZ ", Some(Lang::Kk)),
            ("kz", Some(Lang::Kk)),
            ("ru", Some(Lang::Ru)),
            ("ru_RU", Some(Lang::Ru)),
            ("RU-kz", Some(Lang::Ru)),
            ("en", None),
            ("", None),
            ("kkk", None),
        ] {
            assert_eq!(Lang::parse(input), expected, "{input:?}");
        }
    }

    #[test]
    fn code_round_trips() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.to_string(), lang.code());
        }
    }

    #[test]
    fn serde_as_code() {
        assert_eq!(serde_json::to_string(&Lang::Kk).unwrap(), "\"kk\"");
        assert_eq!(serde_json::from_str::<Lang>("\"ru\"").unwrap(), Lang::Ru);
    }
}
