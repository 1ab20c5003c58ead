//! A name stored in Kazakh and Russian, as every page shows it in the reader's language.
use serde::{Deserialize, Serialize};

use crate::domain::Lang;

/// A name stored in Kazakh and Russian (kindergartens, departments, groups, age periods).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bi {
    pub kk: String,
    pub ru: String,
}

impl Bi {
    pub fn new(kk: impl Into<String>, ru: impl Into<String>) -> Self {
        Bi {
            kk: kk.into(),
            ru: ru.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
        }
    }
}
