//! UI strings of the pages, each in Kazakh and Russian.
use super::Text;

pub const SERVICE_NAME: Text = Text::new("Электронды балабақша", "Электронный детский сад");
pub const SWITCH_TO_OTHER: Text = Text::new("Русский", "Қазақша");
pub const SWITCH_TO_OTHER_LABEL: Text =
    Text::new("Тілді ауыстыру: орыс тілі", "Сменить язык: казахский");
pub const SKIP_TO_CONTENT: Text = Text::new("Негізгі мазмұнға өту", "Перейти к содержимому");

pub const CATALOGUE_TITLE: Text = Text::new("Балабақшалар", "Детские сады");
pub const CATALOGUE_INTRO: Text = Text::new(
    "Балабақшаны таңдаңыз. «Электрондық шарт» белгісі бар балабақшалармен шартты ЭЦҚ арқылы үйден шықпай жасасуға болады.",
    "Выберите детский сад. С детскими садами с отметкой «Электронный договор» договор можно заключить с ЭЦП, не выходя из дома.",
);
pub const SEARCH_LABEL: Text = Text::new(
    "Атауы немесе мекенжайы бойынша іздеу",
    "Поиск по названию или адресу",
);
pub const SEARCH_PLACEHOLDER: Text = Text::new("Мысалы, №1 немесе Жеңіс", "Например, №1 или Жеңіс");
pub const OWNERSHIP_LABEL: Text = Text::new("Меншік түрі", "Форма собственности");
pub const OWNERSHIP_ANY: Text = Text::new("Барлығы", "Все");
pub const OWNERSHIP_STATE: Text = Text::new("Мемлекеттік", "Государственный");
pub const OWNERSHIP_PRIVATE: Text = Text::new("Жекеменшік", "Частный");
pub const E_CONTRACTS_ONLY: Text = Text::new(
    "Тек электрондық шарт жасасатындар",
    "Только с электронным договором",
);
pub const APPLY_FILTER: Text = Text::new("Көрсету", "Показать");
pub const RESET_FILTER: Text = Text::new("Сүзгіні тазарту", "Сбросить фильтр");
pub const E_CONTRACT_BADGE: Text = Text::new("Электрондық шарт", "Электронный договор");
pub const E_CONTRACT_ONLY_NOTE: Text = Text::new(
    "Шарт тек электронды түрде жасалады",
    "Договор заключается только в электронном виде",
);
pub const PAPER_ONLY_NOTE: Text = Text::new(
    "Шарт қағаз түрінде жасалады",
    "Договор заключается на бумаге",
);
pub const FREE_PLACES: Text = Text::new("Бос орындар", "Свободные места");
pub const PLACES_AVAILABLE: Text = Text::new("Орындар бар", "Есть места");
pub const NO_PLACES: Text = Text::new("Бос орын жоқ", "Мест нет");
pub const NOTHING_FOUND: Text = Text::new(
    "Сүзгіге сәйкес балабақша табылмады. Сүзгіні өзгертіп көріңіз.",
    "По фильтру детские сады не найдены. Попробуйте изменить фильтр.",
);
pub const LOADING: Text = Text::new("Жүктелуде…", "Загрузка…");
pub const FOUND_COUNT: Text = Text::new("Табылды", "Найдено");
pub const NOT_FOUND_PAGE: Text = Text::new("Бет табылмады", "Страница не найдена");
pub const TO_CATALOGUE: Text = Text::new(
    "Балабақшалар тізіміне оралу",
    "Вернуться к списку детских садов",
);

/// «N жастан бастап қабылдау» / «Приём с N лет».
pub fn admission_from(lang: crate::domain::Lang, years: u8) -> String {
    match lang {
        crate::domain::Lang::Kk => format!("{years} жастан бастап қабылдау"),
        crate::domain::Lang::Ru => {
            let word = match years {
                1 => "года",
                _ => "лет",
            };
            format!("Приём с {years} {word}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn admission_age_reads_naturally_in_both_languages() {
        assert_eq!(admission_from(Lang::Kk, 2), "2 жастан бастап қабылдау");
        assert_eq!(admission_from(Lang::Ru, 2), "Приём с 2 лет");
        assert_eq!(admission_from(Lang::Ru, 1), "Приём с 1 года");
    }
}
