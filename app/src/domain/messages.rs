//! The i18n mechanism for domain errors.
//!
//! The domain never formats user-facing text itself: every error enum has a stable machine
//! `code()` (sent to the browser, logged, asserted in tests) and a polite Kazakh and Russian
//! `message()`. Error enums are declared with `localized_error!`, which generates the enum,
//! its `thiserror` `Display` (English, for logs), its `ALL` list and the [`Localized`] impl
//! from one table, so a variant cannot exist without both translations.
//!
//! Rule (GUIDE.md, "Step 6"): the service is bilingual, Kazakh and Russian.

use super::lang::Lang;

/// A value with a stable code and a user-facing message in each language.
pub trait Localized {
    /// A stable, dotted machine code, e.g. `"iin.bad_checksum"`.
    fn code(&self) -> &'static str;
    /// The user-facing message in `lang`.
    fn message(&self, lang: Lang) -> &'static str;
}

/// Declares a field-less error enum whose every variant carries its code, an English
/// `Display` text and its Kazakh and Russian messages.
///
/// Invoke it as `crate::domain::messages::localized_error! { ... }` from any module of the
/// crate (domain, eds, …); the expansion refers to `$crate::domain::…` paths.
///
/// ```text
/// super::messages::localized_error! {
///     /// Why ...
///     pub enum FooError {
///         /// Doc of the variant.
///         Empty { code: "foo.empty", en: "empty", kk: "...", ru: "..." },
///     }
/// }
/// ```
macro_rules! localized_error {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident {
                    code: $code:literal,
                    en: $en:tt,
                    kk: $kk:literal,
                    ru: $ru:literal $(,)?
                }
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            ::serde::Serialize,
            ::serde::Deserialize,
            ::thiserror::Error,
        )]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[error($en)]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }

        impl $crate::domain::messages::Localized for $name {
            fn code(&self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            fn message(&self, lang: $crate::domain::lang::Lang) -> &'static str {
                match lang {
                    $crate::domain::lang::Lang::Kk => match self {
                        $($name::$variant => $kk,)+
                    },
                    $crate::domain::lang::Lang::Ru => match self {
                        $($name::$variant => $ru,)+
                    },
                }
            }
        }
    };
}
pub(crate) use localized_error;

#[cfg(test)]
pub(crate) mod test_support {
    //! Checks shared by the message and label tests of every module.

    /// Letters found only in the Kazakh Cyrillic alphabet.
    pub const KAZAKH_LETTERS: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

    fn is_cyrillic(c: char) -> bool {
        ('\u{0400}'..='\u{04FF}').contains(&c)
    }

    /// A word (maximal run of letters) must not mix Cyrillic with Latin letters: that is
    /// how a Latin `i` or `a` typed instead of Kazakh `і` or Cyrillic `а` is caught.
    pub fn assert_no_mixed_script_words(text: &str) {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            let cyr = word.chars().filter(|&c| is_cyrillic(c)).count();
            assert!(
                cyr == 0 || cyr == word.chars().count(),
                "mixed-script word {word:?} in {text:?}"
            );
        }
    }

    /// Kazakh text: non-empty, written in Cyrillic, with at least one Kazakh-only letter.
    pub fn assert_kazakh(text: &str) {
        assert!(!text.trim().is_empty(), "empty Kazakh text");
        assert!(
            text.chars().any(|c| KAZAKH_LETTERS.contains(c)),
            "no Kazakh-specific letter in {text:?}"
        );
        assert_no_mixed_script_words(text);
    }

    /// Russian text: non-empty, Cyrillic, and without Kazakh-only letters.
    pub fn assert_russian(text: &str) {
        assert!(!text.trim().is_empty(), "empty Russian text");
        assert!(text.chars().any(is_cyrillic), "no Cyrillic in {text:?}");
        assert!(
            !text.chars().any(|c| KAZAKH_LETTERS.contains(c)),
            "Kazakh letter in Russian text {text:?}"
        );
        assert_no_mixed_script_words(text);
    }

    /// Kazakh label (may be short): Cyrillic, no mixed-script words. Labels such as
    /// «Жоба» legitimately contain no Kazakh-only letter.
    pub fn assert_kazakh_label(text: &str) {
        assert!(!text.trim().is_empty(), "empty Kazakh label");
        assert!(text.chars().any(is_cyrillic), "no Cyrillic in {text:?}");
        assert_no_mixed_script_words(text);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::{
        bic::BicError,
        bin::BinError,
        email::EmailError,
        field_errors::FormError,
        iban::{BicMismatch, IbanError},
        id_document::{IdDocError, IssueDateError},
        iin::IinError,
        image_rules::UploadError,
        numbering::{ContractNumberError, NumberingError, ReferralNumberError},
        person_name::PersonNameError,
        phone::PhoneError,
        status::TransitionError,
        uploaded_document::DocumentError,
    };
    use super::test_support::{assert_kazakh, assert_russian};
    use super::*;

    struct Entry {
        enum_name: &'static str,
        variant: String,
        code: &'static str,
        kk: &'static str,
        ru: &'static str,
        en: String,
    }

    fn entries<E: Localized + Copy + std::fmt::Debug + std::fmt::Display>(
        enum_name: &'static str,
        all: &[E],
    ) -> Vec<Entry> {
        all.iter()
            .map(|e| Entry {
                enum_name,
                variant: format!("{e:?}"),
                code: e.code(),
                kk: e.message(Lang::Kk),
                ru: e.message(Lang::Ru),
                en: e.to_string(),
            })
            .collect()
    }

    /// Every error enum of the domain. A new error enum must be added here.
    fn all_error_enums() -> Vec<Vec<Entry>> {
        vec![
            entries("IinError", IinError::ALL),
            entries("BinError", BinError::ALL),
            entries("IbanError", IbanError::ALL),
            entries("BicMismatch", BicMismatch::ALL),
            entries("BicError", BicError::ALL),
            entries("PhoneError", PhoneError::ALL),
            entries("EmailError", EmailError::ALL),
            entries("IdDocError", IdDocError::ALL),
            entries("IssueDateError", IssueDateError::ALL),
            entries("PersonNameError", PersonNameError::ALL),
            entries("FormError", FormError::ALL),
            entries("DocumentError", DocumentError::ALL),
            entries("UploadError", UploadError::ALL),
            entries("TransitionError", TransitionError::ALL),
            entries("ContractNumberError", ContractNumberError::ALL),
            entries("NumberingError", NumberingError::ALL),
            entries("ReferralNumberError", ReferralNumberError::ALL),
            entries("QueueError", crate::domain::QueueError::ALL),
            entries("ParenthoodError", crate::domain::ParenthoodError::ALL),
            entries("RoleError", crate::domain::role_rules::RoleError::ALL),
            entries(
                "DecisionError",
                crate::domain::parenthood::DecisionError::ALL,
            ),
            entries("RegistryError", crate::domain::registry::RegistryError::ALL),
            entries("TemplateError", crate::domain::TemplateError::ALL),
        ]
    }

    #[test]
    fn every_variant_has_kazakh_and_russian_text() {
        for group in all_error_enums() {
            assert!(!group.is_empty());
            for e in &group {
                let who = format!("{}::{}", e.enum_name, e.variant);
                assert!(!e.en.is_empty(), "{who}: empty Display");
                assert_kazakh(e.kk);
                assert_russian(e.ru);
                assert_ne!(e.kk, e.ru, "{who}: kk == ru");
            }
        }
    }

    #[test]
    fn texts_are_distinct_within_each_enum() {
        for group in all_error_enums() {
            let n = group.len();
            let kk: HashSet<_> = group.iter().map(|e| e.kk).collect();
            let ru: HashSet<_> = group.iter().map(|e| e.ru).collect();
            let en: HashSet<_> = group.iter().map(|e| e.en.clone()).collect();
            assert_eq!(kk.len(), n, "{}: duplicate kk text", group[0].enum_name);
            assert_eq!(ru.len(), n, "{}: duplicate ru text", group[0].enum_name);
            assert_eq!(en.len(), n, "{}: duplicate Display", group[0].enum_name);
        }
    }

    #[test]
    fn codes_are_globally_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for group in all_error_enums() {
            for e in group {
                assert!(
                    e.code.chars().all(|c| c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '.'
                        || c == '_'),
                    "bad code {:?}",
                    e.code
                );
                assert!(e.code.contains('.'), "code without namespace {:?}", e.code);
                assert!(seen.insert(e.code), "duplicate code {:?}", e.code);
            }
        }
    }

    #[test]
    fn messages_end_with_punctuation() {
        for group in all_error_enums() {
            for e in group {
                for text in [e.kk, e.ru] {
                    assert!(
                        text.ends_with('.') || text.ends_with(')'),
                        "message should be a full sentence: {text:?}"
                    );
                }
            }
        }
    }
}
