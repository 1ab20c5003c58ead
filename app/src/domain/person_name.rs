//! A person's surname, first name or patronymic as written in the identity document.
//!
//! Rules (GUIDE.md step 3 «Фамилия», «Аты», «Әкесінің аты»; names go into the contract):
//! - surrounding whitespace is trimmed and inner runs of whitespace become one space;
//!   typographic apostrophes `’ ʼ ‘ `` ` `` are stored as the ASCII `'`;
//! - letters: Cyrillic (U+0400–U+04FF: Russian incl. `Ё`, Kazakh `Ә Ғ Қ Ң Ө Ұ Ү Һ І`, and
//!   the letters of other peoples of Kazakhstan) and Latin (ASCII, Latin-1 Supplement and
//!   Latin Extended-A/B letters, e.g. the Kazakh Latin `Ä Ğ Ñ Ö Ū Ü Ş İ`);
//! - a single hyphen, space or apostrophe may stand between two letters
//!   (`Әбдіғали-Нұр`, `Д'Артаньян`, `Ахмет Жан`);
//! - 1–64 characters after normalisation.
//!
//! The text is otherwise kept verbatim (no change of case): it must match the document.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest accepted name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

super::messages::localized_error! {
    /// Why a string is not an acceptable name.
    pub enum PersonNameError {
        /// Nothing was typed.
        Empty {
            code: "name.empty",
            en: "name is empty",
            kk: "Құжаттағыдай етіп жазыңыз: бұл жол бос болмауы керек.",
            ru: "Заполните поле так, как указано в документе.",
        },
        /// Longer than 64 characters.
        TooLong {
            code: "name.too_long",
            en: "name is longer than 64 characters",
            kk: "Тым ұзын: 64 таңбадан аспауы керек.",
            ru: "Слишком длинно: не более 64 символов.",
        },
        /// Digits, symbols, or separators not between letters.
        BadCharacters {
            code: "name.bad_characters",
            en: "name may contain only letters with single hyphens, spaces or apostrophes between them",
            kk: "Тек әріптерді, ал әріптердің арасында бір сызықша, бос орын немесе апостроф қолдануға болады.",
            ru: "Допускаются только буквы, а между ними — одиночный дефис, пробел или апостроф.",
        },
    }
}

/// A valid name. Serialised as its string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// A letter of an accepted script.
fn is_name_letter(c: char) -> bool {
    if !c.is_alphabetic() {
        return false;
    }
    c.is_ascii_alphabetic()
        || (('\u{00C0}'..='\u{024F}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}')
        || ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '\'')
}

fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| match c {
            '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' => '\'',
            other => other,
        }));
    }
    out
}

impl PersonName {
    /// Parses and normalises a name (see the module rules).
    pub fn parse(s: &str) -> Result<Self, PersonNameError> {
        let name = normalise(s);
        if name.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(PersonNameError::TooLong);
        }
        let mut previous_was_letter = false;
        for c in name.chars() {
            if is_name_letter(c) {
                previous_was_letter = true;
            } else if is_separator(c) && previous_was_letter {
                previous_was_letter = false;
            } else {
                return Err(PersonNameError::BadCharacters);
            }
        }
        if !previous_was_letter {
            return Err(PersonNameError::BadCharacters);
        }
        Ok(PersonName(name))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PersonName {
    type Err = PersonNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PersonName::parse(s)
    }
}

impl TryFrom<String> for PersonName {
    type Error = PersonNameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PersonName::parse(&s)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> String {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn valid_names() {
        for (input, normal) in [
            ("Әбдіғалиева", "Әбдіғалиева"),
            ("  Нұрсұлтан  ", "Нұрсұлтан"),
            ("Өмірзақ", "Өмірзақ"),
            ("Һабиба", "Һабиба"),
            ("Ұлықбек Ғани", "Ұлықбек Ғани"),
            ("Ақ  \t жол", "Ақ жол"),
            ("Артём", "Артём"),
            ("ЁЛКИН", "ЁЛКИН"),
            ("Римма-Гүлнұр", "Римма-Гүлнұр"),
            ("Д’Артаньян", "Д'Артаньян"),
            ("O'Neil", "O'Neil"),
            ("Äsel", "Äsel"),
            ("Şınar", "Şınar"),
            ("Müller", "Müller"),
            ("Ўткир", "Ўткир"), // Uzbek Cyrillic
            ("Я", "Я"),
        ] {
            let name = PersonName::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(name.as_str(), normal);
        }
    }

    #[test]
    fn invalid_names() {
        let long = "Ә".repeat(65);
        for (input, expected) in [
            ("", PersonNameError::Empty),
            (" \t\n ", PersonNameError::Empty),
            (long.as_str(), PersonNameError::TooLong),
            ("Айгүл1", PersonNameError::BadCharacters),
            ("-Айгүл", PersonNameError::BadCharacters),
            ("Айгүл-", PersonNameError::BadCharacters),
            ("Римма--Гүл", PersonNameError::BadCharacters),
            ("Римма - Гүл", PersonNameError::BadCharacters),
            ("Римма''Гүл", PersonNameError::BadCharacters),
            ("Айгүл.", PersonNameError::BadCharacters),
            ("<script>", PersonNameError::BadCharacters),
            ("Αλέξης", PersonNameError::BadCharacters), // Greek
            ("李", PersonNameError::BadCharacters),
            ("Ай\u{0}гүл", PersonNameError::BadCharacters),
        ] {
            assert_eq!(PersonName::parse(input), Err(expected), "{input:?}");
        }
        assert_eq!(
            PersonName::parse(&"Ә".repeat(64))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            64
        );
    }

    proptest! {
        #[test]
        fn parse_format_identity(s in "[А-ЯЁа-яёӘәҒғҚқҢңӨөҰұҮүҺһІіA-Za-z]{1,10}([ '-][А-Яа-яӘәҒғҚқҢңӨөҰұҮүІіA-Za-z]{1,10}){0,3}") {
            let name = PersonName::parse(&s).unwrap();
            prop_assert_eq!(name.as_str(), s.as_str());
            prop_assert_eq!(PersonName::parse(&name.to_string()).unwrap(), name.clone());
            let json = serde_json::to_string(&name).unwrap();
            prop_assert_eq!(serde_json::from_str::<PersonName>(&json).unwrap(), name);
        }

        #[test]
        fn normalisation_is_idempotent(s in "\\PC*") {
            if let Ok(name) = PersonName::parse(&s) {
                prop_assert_eq!(PersonName::parse(name.as_str()).unwrap(), name);
            }
        }
    }
}
