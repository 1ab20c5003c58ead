//! Strings of the admin's statistics, tariffs and audit pages.
use super::Text;

pub const NAV_STATS: Text = Text::new("Статистика", "Статистика");
pub const NAV_TARIFFS: Text = Text::new("Тарифтер", "Тарифы");
pub const NAV_AUDIT: Text = Text::new("Аудит журналы", "Журнал аудита");
pub const STATS_TITLE: Text = Text::new("Шарттар статистикасы", "Статистика договоров");
pub const BY_DAY: Text = Text::new(
    "Күн сайын жіберілген шарттар (соңғы 30 күн), мәртебесі бойынша",
    "Отправленные договоры по дням (последние 30 дней), по статусам",
);
pub const MEDIAN: Text = Text::new(
    "Жіберілгеннен қол қойылғанға дейінгі медиана уақыт",
    "Медианное время от отправки до подписания",
);
pub const SIGNED_COUNT: Text = Text::new("қол қойылған", "подписано");
pub const MINUTES: Text = Text::new("мин", "мин");
pub const REASONS: Text = Text::new("Бас тарту себептері", "Причины отказов");
pub const TOTAL_SENT: Text = Text::new("Барлығы жіберілген", "Всего отправлено");
pub const NO_DATA: Text = Text::new("Деректер әлі жоқ.", "Данных пока нет.");
pub const TARIFFS_TITLE: Text = Text::new("Тарифтер", "Тарифы");
pub const TARIFFS_NOTE: Text = Text::new(
    "Жаңа тариф тек көрсетілген күннен бастап жаңа шарттарға қолданылады: қол қойылған немесе ата-анаға көрсетілген шарттардың сомасы өзгермейді.",
    "Новый тариф применяется только к новым договорам с указанной даты: сумма подписанных или уже показанных родителю договоров не меняется.",
);
pub const AMOUNT: Text = Text::new("Ай сайынғы сома, теңге", "Ежемесячная сумма, тенге");
pub const FROM: Text = Text::new("Күшіне енеді", "Действует с");
pub const TO: Text = Text::new("дейін", "по");
pub const SET_TARIFF: Text = Text::new("Тарифті белгілеу", "Установить тариф");
pub const TARIFF_SAVED: Text = Text::new("Тариф сақталды.", "Тариф сохранён.");
pub const AUDIT_TITLE: Text = Text::new("Аудит журналы", "Журнал аудита");
pub const CHAIN_OK: Text = Text::new(
    "Тізбек бүтін: барлық жазбалардың хэштері сәйкес келеді",
    "Цепочка цела: хэши всех записей совпадают",
);
pub const CHAIN_BROKEN: Text = Text::new(
    "НАЗАР АУДАРЫҢЫЗ: журнал өзгертілген, тізбек мына жазбада үзіледі",
    "ВНИМАНИЕ: журнал изменён, цепочка нарушена на записи",
);
pub const ACTION: Text = Text::new("Әрекет", "Действие");
pub const ACTOR: Text = Text::new("Кім (ЖСН)", "Кто (ИИН)");
pub const ANY: Text = Text::new("Кез келген", "Любое");
pub const WHEN: Text = Text::new("Уақыты", "Время");
pub const SUBJECT: Text = Text::new("Нысан", "Объект");
pub const DETAIL: Text = Text::new("Толығырақ", "Подробности");
pub const ORIGIN: Text = Text::new("Қайдан", "Откуда");
pub const NAV_TEMPLATES: Text = Text::new("Шарт үлгілері", "Шаблоны договора");
pub const TEMPLATES_TITLE: Text = Text::new("Шарт үлгілері", "Шаблоны договора");
pub const TEMPLATES_NOTE: Text = Text::new(
    "Заңнама өзгергенде үлгінің жаңа нұсқасын қосыңыз: ол көрсетілген күннен бастап тек жаңа шарттарға автоматты түрде қолданылады. Бұрын жасалған шарттар өз нұсқасында қалады.",
    "При изменении законодательства добавьте новую версию шаблона: с указанной даты она автоматически применяется только к новым договорам. Заключённые договоры остаются в своей версии.",
);
pub const BUILTIN: Text = Text::new(
    "Қазір кірістірілген үлгілік шарт қолданылады.",
    "Сейчас действует встроенный типовой договор.",
);
pub const VERSION: Text = Text::new("Нұсқа", "Версия");
pub const TITLE: Text = Text::new("Атауы", "Название");
pub const IN_FORCE: Text = Text::new("Қолданыста", "Действует");
pub const TEMPLATE_TEXT: Text = Text::new(
    "Жаңа нұсқаның мәтіні (JSON: қолданыстағы нұсқадан бастаңыз; title_kk/title_ru, sections — heading_kk, heading_ru, paragraphs_kk, paragraphs_ru; {contract_number} сияқты өрістер)",
    "Текст новой версии (JSON: начните с действующей; title_kk/title_ru, sections — heading_kk, heading_ru, paragraphs_kk, paragraphs_ru; поля вида {contract_number})",
);
pub const ADD_TEMPLATE: Text = Text::new("Жаңа нұсқаны қосу", "Добавить новую версию");
pub const TEMPLATE_ADDED: Text = Text::new("Жаңа нұсқа қосылды:", "Добавлена новая версия:");
pub const NAV_KINDERGARTENS: Text = Text::new("Балабақшалар", "Детские сады");
pub const KINDERGARTENS_TITLE: Text = Text::new("Балабақшалар мен топтар", "Детские сады и группы");
pub const E_CONTRACTS: Text = Text::new("Электрондық шарт", "Электронный договор");
pub const PAPER: Text = Text::new("Қағаз шартқа рұқсат", "Бумажный договор разрешён");
pub const SAVE_FLAGS: Text = Text::new("Сақтау", "Сохранить");
pub const GROUP_NAME_KK: Text = Text::new("Топ атауы (қазақша)", "Название группы (на казахском)");
pub const GROUP_NAME_RU: Text = Text::new("Топ атауы (орысша)", "Название группы (на русском)");
pub const FREE_PLACES: Text = Text::new("Бос орындар", "Свободные места");
pub const ADD_GROUP: Text = Text::new("Топ қосу", "Добавить группу");
pub const SAVED: Text = Text::new("Сақталды.", "Сохранено.");

// Adding and editing a kindergarten by hand (the same rules as the registry import).
pub const ADD_KINDERGARTEN: Text = Text::new("Балабақша қосу", "Добавить детский сад");
pub const EDIT_KINDERGARTEN: Text = Text::new("Деректерін өзгерту", "Изменить данные");
pub const KG_NAME_KK: Text = Text::new("Атауы (қазақша)", "Название (на казахском)");
pub const KG_NAME_RU: Text = Text::new("Атауы (орысша)", "Название (на русском)");
pub const KG_ADDRESS_KK: Text = Text::new("Мекенжайы (қазақша)", "Адрес (на казахском)");
pub const KG_ADDRESS_RU: Text = Text::new("Мекенжайы (орысша)", "Адрес (на русском)");
pub const KG_OWNERSHIP: Text = Text::new("Меншік түрі", "Форма собственности");
pub const KG_STATE: Text = Text::new("Мемлекеттік", "Государственный");
pub const KG_PRIVATE: Text = Text::new("Жеке", "Частный");
pub const KG_BIN_HINT: Text = Text::new(
    "12 цифр. Электрондық шарт үшін міндетті: онсыз балабақша шартқа қол қоя алмайды.",
    "12 цифр. Обязателен для электронных договоров: без него детский сад не сможет подписать договор.",
);
pub const KG_ADMISSION_AGE: Text =
    Text::new("Қабылдау жасы (жылдан бастап)", "Возраст приёма (с лет)");
pub const SAVE_KINDERGARTEN: Text = Text::new("Сақтау", "Сохранить");
pub const WITHDRAW_ROLE: Text = Text::new("Рөлді қайтарып алу", "Отозвать роль");
pub const ROLE_WITHDRAWN: Text = Text::new(
    "Рөл қайтарылып алынды: адам оны келесі әрекетінен бастап пайдалана алмайды.",
    "Роль отозвана: со следующего действия человек больше не может ею пользоваться.",
);

// The region administrator's page.
pub const REGION_TITLE: Text = Text::new(
    "Білім бөлімдері және олардың әкімшілері",
    "Отделы образования и их администраторы",
);
pub const ADD_DEPARTMENT: Text = Text::new("Бөлім қосу", "Добавить отдел");
pub const GRANT_DEPARTMENT_ADMIN: Text = Text::new(
    "Бөлім әкімшісін тағайындау",
    "Назначить администратора отдела",
);
pub const DEPARTMENT: Text = Text::new("Білім бөлімі", "Отдел образования");
pub const REGION_CODE: Text = Text::new("Өңір коды (2 цифр)", "Код региона (2 цифры)");
pub const DISTRICT_CODE: Text = Text::new("Аудан коды (2 цифр)", "Код района (2 цифры)");
pub const REGION_KK: Text = Text::new("Өңір (қазақша)", "Регион (на казахском)");
pub const REGION_RU: Text = Text::new("Өңір (орысша)", "Регион (на русском)");
pub const PLACE_KK: Text = Text::new("Елді мекен (қазақша)", "Населённый пункт (на казахском)");
pub const PLACE_RU: Text = Text::new("Елді мекен (орысша)", "Населённый пункт (на русском)");
pub const NAV_REGION: Text = Text::new("Өңір", "Регион");
