//! Our small i18n: every UI string is a [`Text`] holding both languages, so a string
//! without its Kazakh or Russian half does not compile. Domain error codes carry their
//! own kk/ru messages (see `domain`), translated here at the edge.
pub mod admin_ui;
pub mod contract_ui;
pub mod fields;
pub mod lang_state;
pub mod parenthood_ui;
pub mod staff_ui;
pub mod ui;

pub use lang_state::{LANG_COOKIE, provide_lang, use_lang};

use crate::domain::Lang;

/// A user-facing string in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub kk: &'static str,
    pub ru: &'static str,
}

impl Text {
    pub const fn new(kk: &'static str, ru: &'static str) -> Self {
        Text { kk, ru }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Kk => self.kk,
            Lang::Ru => self.ru,
        }
    }
}

/// A reactive getter for a [`Text`] in the current language, for use in views.
pub fn t(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || text.get(lang.get())
}

use leptos::prelude::Get;
