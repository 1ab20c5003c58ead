//! The legal representative's authority over the child («Өкілеттіктер», ru «Полномочия»).
//!
//! Rule (GUIDE.md step 3: «Өкілеттіктер» is a select, e.g. mother/father/guardian). The
//! options are the legal representatives of a minor under the Code on Marriage and Family:
//! parents, guardians (опекун, under 14), trustees (попечитель, 14–18) and adoptive parents.
//! Mother and father imply a sex, checked against the IIN by the wizard.

use serde::{Deserialize, Serialize};

use super::iin::Sex;
use super::lang::Lang;

/// The legal representative's authority over the child («Өкілеттіктер»).
/// Serialised as its code (`"mother"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    /// Mother.
    Mother,
    /// Father.
    Father,
    /// Guardian (опекун, for a child under 14).
    Guardian,
    /// Trustee (попечитель).
    Trustee,
    /// Adoptive parent.
    AdoptiveParent,
}

impl Authority {
    /// Every option, in the order of the select.
    pub const ALL: [Authority; 5] = [
        Authority::Mother,
        Authority::Father,
        Authority::Guardian,
        Authority::Trustee,
        Authority::AdoptiveParent,
    ];

    /// Stable code (form value and database value).
    pub const fn as_str(self) -> &'static str {
        match self {
            Authority::Mother => "mother",
            Authority::Father => "father",
            Authority::Guardian => "guardian",
            Authority::Trustee => "trustee",
            Authority::AdoptiveParent => "adoptive_parent",
        }
    }

    /// Parses a code (trimmed).
    pub fn parse(s: &str) -> Option<Authority> {
        let s = s.trim();
        Authority::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The label of the select option.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Authority::Mother, Lang::Kk) => "Ана",
            (Authority::Mother, Lang::Ru) => "Мать",
            (Authority::Father, Lang::Kk) => "Әке",
            (Authority::Father, Lang::Ru) => "Отец",
            (Authority::Guardian, Lang::Kk) => "Қорғаншы",
            (Authority::Guardian, Lang::Ru) => "Опекун",
            (Authority::Trustee, Lang::Kk) => "Қамқоршы",
            (Authority::Trustee, Lang::Ru) => "Попечитель",
            (Authority::AdoptiveParent, Lang::Kk) => "Бала асырап алушы",
            (Authority::AdoptiveParent, Lang::Ru) => "Усыновитель (удочеритель)",
        }
    }

    /// The sex this authority implies, if any.
    pub const fn implied_sex(self) -> Option<Sex> {
        match self {
            Authority::Mother => Some(Sex::Female),
            Authority::Father => Some(Sex::Male),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::messages::test_support::{assert_kazakh_label, assert_russian};
    use super::*;

    #[test]
    fn codes_and_labels() {
        for a in Authority::ALL {
            assert_eq!(Authority::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.as_str())
            );
            assert_kazakh_label(a.label(Lang::Kk));
            assert_russian(a.label(Lang::Ru));
        }
        assert_eq!(Authority::parse(" father "), Some(Authority::Father));
        assert_eq!(Authority::parse("aunt"), None);
        assert_eq!(Authority::Mother.implied_sex(), Some(Sex::Female));
        assert_eq!(Authority::Guardian.implied_sex(), None);
    }
}
