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

// --- Entering with an EDS -------------------------------------------------------------
pub const LOGIN_LINK: Text = Text::new("Кіру", "Войти");
pub const LOGIN_TITLE: Text = Text::new("ЭЦҚ арқылы кіру", "Вход с ЭЦП");
pub const LOGIN_INTRO: Text = Text::new(
    "Жеке кабинетке кіру үшін ЭЦҚ кілтін таңдаңыз: файл атауы AUTH_RSA… немесе GOST512… деп басталады. Содан кейін құпиясөзін енгізіңіз. Кілт пен құпиясөз құрылғыңыздан шықпайды.",
    "Чтобы войти в личный кабинет, выберите ключ ЭЦП: имя файла начинается с AUTH_RSA… или GOST512…. Затем введите его пароль. Ключ и пароль не покидают ваше устройство.",
);
pub const LOGIN_SUBMIT: Text = Text::new("Кіру", "Войти");
pub const LOGIN_WITH_FILE: Text = Text::new("ЭЦҚ файлымен кіру", "Вход с файлом ЭЦП");

// --- eGov Mobile ------------------------------------------------------------------------
pub const MOBILE_LOGIN_TITLE: Text = Text::new("eGov Mobile арқылы кіру", "Вход через eGov Mobile");
pub const MOBILE_LOGIN_START: Text =
    Text::new("eGov Mobile арқылы кіру", "Войти через eGov Mobile");
pub const MOBILE_CHECK_START: Text =
    Text::new("eGov Mobile арқылы тексеру", "Проверить через eGov Mobile");
pub const MOBILE_INTRO: Text = Text::new(
    "ЭЦҚ eGov Mobile қолданбасында болса, файл қажет емес: қолданбада растайсыз.",
    "Если ЭЦП в приложении eGov Mobile, файл не нужен: вы подтверждаете в приложении.",
);
pub const MOBILE_SCAN: Text = Text::new(
    "Телефонда eGov Mobile ашып, QR-кодты сканерлеңіз де, қол қоюды растаңыз.",
    "Откройте на телефоне eGov Mobile, отсканируйте QR-код и подтвердите подпись.",
);
pub const MOBILE_QR_ALT: Text = Text::new("eGov Mobile үшін QR-код", "QR-код для eGov Mobile");
pub const MOBILE_OPEN_APP: Text = Text::new("eGov Mobile ашу", "Открыть eGov Mobile");
pub const MOBILE_SAME_PHONE: Text = Text::new(
    "eGov Mobile осы телефонда болса, қолданбаны ашыңыз:",
    "Если eGov Mobile на этом телефоне, откройте приложение:",
);
pub const MOBILE_TIME_LEFT: Text = Text::new("Код жарамды:", "Код действует:");
pub const MOBILE_STARTING: Text = Text::new("Код дайындалуда…", "Готовим код…");
pub const MOBILE_WAITING: Text = Text::new("eGov Mobile күтілуде…", "Ожидаем eGov Mobile…");
pub const MOBILE_OPENED: Text = Text::new(
    "Құжат eGov Mobile-да ашылды. Қолданбада қол қоюды растаңыз.",
    "Документ открыт в eGov Mobile. Подтвердите подпись в приложении.",
);
pub const MOBILE_CHECKING: Text = Text::new(
    "Қолтаңба алынды, тексерілуде…",
    "Подпись получена, проверяем…",
);
pub const MOBILE_DONE: Text = Text::new("Қолтаңба қабылданды.", "Подпись принята.");
pub const MOBILE_NEW_CODE: Text = Text::new("Жаңа код алу", "Получить новый код");
pub const MOBILE_SIGN_START: Text =
    Text::new("eGov Mobile арқылы қол қою", "Подписать через eGov Mobile");
pub const BUSINESS_SIGN_START: Text = Text::new(
    "eGov Business арқылы қол қою",
    "Подписать через eGov Business",
);
pub const BUSINESS_SCAN: Text = Text::new(
    "Телефонда eGov Business ашып, QR-кодты сканерлеңіз де, ұйымның ЭЦҚ-сымен қол қоюды растаңыз.",
    "Откройте на телефоне eGov Business, отсканируйте QR-код и подтвердите подпись ЭЦП организации.",
);
pub const BUSINESS_OPEN_APP: Text = Text::new("eGov Business ашу", "Открыть eGov Business");
pub const BUSINESS_SAME_PHONE: Text = Text::new(
    "eGov Business осы телефонда болса, қолданбаны ашыңыз:",
    "Если eGov Business на этом телефоне, откройте приложение:",
);
pub const BUSINESS_WAITING: Text = Text::new("eGov Business күтілуде…", "Ожидаем eGov Business…");
pub const BUSINESS_OPENED: Text = Text::new(
    "Құжат eGov Business-те ашылды. Қолданбада қол қоюды растаңыз.",
    "Документ открыт в eGov Business. Подтвердите подпись в приложении.",
);
pub const MOBILE_OR_FILE: Text = Text::new("немесе ЭЦҚ файлымен:", "или с файлом ЭЦП:");
pub const MOBILE_CANCEL: Text = Text::new("Болдырмау", "Отменить");
pub const MOBILE_OFFLINE: Text = Text::new(
    "Байланыс жоқ. Байланыс қалпына келгенде жалғастырамыз.",
    "Нет связи. Продолжим, когда связь восстановится.",
);
pub const AUTH_KEY_LABEL: Text = Text::new(
    "Аутентификация кілті (AUTH_RSA… немесе GOST512…)",
    "Ключ аутентификации (AUTH_RSA… или GOST512…)",
);
pub const AUTH_KEY_HINT: Text = Text::new(
    "Телефонда кілт файлы жоқ болса, eGov Mobile арқылы кіріңіз. Жабық кілт файлын мессенджер немесе электрондық пошта арқылы жібермеңіз.",
    "Если файла ключа на телефоне нет, войдите через eGov Mobile. Не пересылайте файл закрытого ключа через мессенджеры и электронную почту.",
);
pub const SIGN_KEY_LABEL: Text = Text::new(
    "Қол қою кілті (RSA256… немесе GOST512…)",
    "Ключ подписи (RSA256… или GOST512…)",
);
pub const SIGN_KEY_HINT: Text = Text::new(
    "Қол қою кілтінің файл атауы RSA256… немесе GOST512… деп басталады (AUTH_… емес). GOST512… файлы кіру үшін де, қол қою үшін де жарайды.",
    "Имя файла ключа подписи начинается с RSA256… или GOST512… (не AUTH_…). Файл GOST512… подходит и для входа, и для подписи.",
);
pub const KEY_PASSWORD_LABEL: Text = Text::new("Кілттің құпиясөзі", "Пароль ключа");
pub const CHOOSE_KEY_FILE: Text = Text::new("Кілт файлын таңдаңыз.", "Выберите файл ключа.");
pub const TYPE_KEY_PASSWORD: Text =
    Text::new("Кілттің құпиясөзін енгізіңіз.", "Введите пароль ключа.");
pub const FILE_UNREADABLE: Text = Text::new(
    "Файлды оқу мүмкін болмады. Оны қайта таңдап көріңіз.",
    "Не удалось прочитать файл. Попробуйте выбрать его заново.",
);
pub const EDS_CODE_UNAVAILABLE: Text = Text::new(
    "ЭЦҚ-мен жұмыс істейтін бөлік жүктелмеді: интернет байланысын тексеріп, қайталап көріңіз. Енгізілген деректер сақталды.",
    "Не удалось загрузить модуль работы с ЭЦП: проверьте подключение к интернету и повторите. Введённые данные сохранены.",
);
/// Shown at the top of the page when the browser code stopped on an unexpected error.
pub const PAGE_STOPPED: Text = Text::new(
    "Бетте күтпеген қате болды, оның батырмалары енді жұмыс істемеуі мүмкін. Бетті қайта жүктеңіз: шарт үшін енгізілген деректер осы құрылғыда сақталған.",
    "На странице произошла непредвиденная ошибка, её кнопки могут не работать. Перезагрузите страницу: данные, введённые для договора, сохранены на этом устройстве.",
);
pub const RELOAD_PAGE: Text = Text::new("Бетті қайта жүктеу", "Перезагрузить страницу");
pub const NEEDS_JAVASCRIPT: Text = Text::new(
    "ЭЦҚ-мен жұмыс істеу үшін браузерде JavaScript қосулы болуы керек: кілт тек сіздің құрылғыңызда ашылады.",
    "Для работы с ЭЦП в браузере должен быть включён JavaScript: ключ открывается только на вашем устройстве.",
);
pub const EDS_CHECKING: Text = Text::new(
    "ЭЦҚ тексеріліп жатыр, өтініш берушінің жеке басы анықталуда, күте тұрыңыз…",
    "Идёт проверка ЭЦП и идентификация заявителя, подождите…",
);
pub const EDS_SIGNING: Text = Text::new("ЭЦҚ көмегімен қол қойылуда…", "Подписание с помощью ЭЦП…");
pub const CERT_OWNER: Text = Text::new("Кілт иесі", "Владелец ключа");
pub const CERT_ISSUER: Text = Text::new("Куәландырушы орталық", "Удостоверяющий центр");
pub const CERT_VALID: Text = Text::new("Жарамдылық мерзімі", "Срок действия");
pub const CERT_KIND: Text = Text::new("Кілт түрі", "Тип ключа");
pub const KEY_KIND_AUTH: Text = Text::new("Аутентификация кілті", "Ключ аутентификации");
pub const KEY_KIND_SIGN: Text = Text::new("Қол қою кілті", "Ключ подписи");
pub const KEY_KIND_BOTH: Text = Text::new("Кіру және қол қою кілті", "Ключ для входа и подписи");
pub const IIN: Text = Text::new("ЖСН", "ИИН");
pub const BIN: Text = Text::new("БСН", "БИН");
pub const EMAIL: Text = Text::new("Электрондық пошта", "Электронная почта");
pub const FULL_NAME: Text = Text::new("Аты-жөні", "ФИО");
pub const NO_EDS_Q: Text = Text::new("ЭЦҚ жоқ болса не істеу керек?", "Что делать, если нет ЭЦП?");
pub const NO_EDS_A: Text = Text::new(
    "Шартқа тек ЭЦҚ арқылы қол қоюға болады. ЭЦҚ-ны ХҚКО-да немесе eGov арқылы алуға болады. Анықтама телефоны: 1414.",
    "Договор можно подписать только с ЭЦП. Получить ЭЦП можно в ЦОНе или через eGov. Справочная служба: 1414.",
);
pub const ME_TITLE: Text = Text::new("Жеке кабинет", "Личный кабинет");
pub const NOT_SIGNED_IN: Text = Text::new("Сіз жүйеге кірмегенсіз.", "Вы не вошли в систему.");
pub const LOGOUT: Text = Text::new("Шығу", "Выйти");
pub const ROLES: Text = Text::new("Рөлдер", "Роли");

// --- Demo mode --------------------------------------------------------------------------
pub const DEMO_TITLE: Text = Text::new(
    "Демо: сынақ адамдар мен кілттер",
    "Демо: тестовые люди и ключи",
);
pub const DEMO_INTRO: Text = Text::new(
    "Бұл – демо режимі. Төмендегі кілт файлдарын жүктеп алып, сервисті тексеріңіз. Барлық кілттердің құпиясөзі:",
    "Это демо-режим. Скачайте файлы ключей ниже, чтобы попробовать сервис. Пароль всех ключей:",
);
pub const DEMO_ROLE_PARENT: Text = Text::new("Ата-ана", "Родитель");
pub const DEMO_ROLE_STAFF: Text = Text::new(
    "Балабақша меңгерушісі (басшының ұйым кілті: қызметкерлерге рөл береді)",
    "Заведующий детским садом (ключ руководителя: назначает сотрудников)",
);
pub const DEMO_ROLE_EMPLOYEE: Text = Text::new(
    "Балабақша қызметкері, қол қою құқығы бар (рөлін меңгеруші береді)",
    "Сотрудник детского сада с правом подписи (роль назначает заведующий)",
);
pub const DEMO_ROLE_ADMIN: Text = Text::new(
    "Білім бөлімінің әкімшісі",
    "Администратор отдела образования",
);

// --- Help and support -------------------------------------------------------------------
pub const HELP_LINK: Text = Text::new("Анықтама", "Справка");
pub const HELP_TITLE: Text = Text::new("Жиі қойылатын сұрақтар", "Частые вопросы");
pub const HELP_WARNING: Text = Text::new(
    "Назар аударыңыз! Шарттың барлық деректемелерін мұқият толтырыңыз: бұл заңды құжат, деректер дұрыс болмаса, балабақша шартқа қол қоюдан бас тарта алады.",
    "Внимание! Заполняйте все реквизиты договора внимательно: это юридический документ, и при неверных данных детский сад может отказаться подписать договор.",
);
pub const SUPPORT_BUTTON: Text = Text::new("Қолдау", "Поддержка");
pub const SUPPORT_TITLE: Text = Text::new("Техникалық қолдау", "Техническая поддержка");
pub const SUPPORT_INTRO: Text = Text::new(
    "Мәселені сипаттаңыз, біз сізге телефон немесе электрондық пошта арқылы жауап береміз.",
    "Опишите проблему, и мы ответим вам по телефону или электронной почте.",
);
pub const SUPPORT_CONTACT: Text = Text::new(
    "Телефон немесе электрондық пошта",
    "Телефон или электронная почта",
);
pub const SUPPORT_MESSAGE: Text = Text::new("Хабарлама", "Сообщение");
pub const SUPPORT_SEND: Text = Text::new("Жіберу", "Отправить");
pub const SUPPORT_DONE: Text = Text::new("Өтінішіңіз қабылданды:", "Ваше обращение принято:");

// Cabinet: navigation.
pub const CHOOSE: Text = Text::new("Таңдаңыз", "Выберите");
pub const NAV_CHILDREN: Text = Text::new("Балалар және кезек", "Дети и очередь");
pub const NAV_REFERRALS: Text = Text::new("Менің жолдамаларым", "Мои направления");
pub const NAV_CONTRACTS: Text = Text::new("Шарттар", "Договоры");
pub const NAV_REQUISITES: Text = Text::new("Менің деректемелерім", "Мои реквизиты");
pub const NAV_NOTIFICATIONS: Text = Text::new("Хабарламалар", "Уведомления");
pub const NAV_PROFILE: Text = Text::new("Профиль", "Профиль");
pub const NAV_ADMIN_QUEUE: Text = Text::new("Кезек және жолдамалар", "Очередь и направления");
pub const NAV_ADMIN_ROLES: Text = Text::new("Қызметкерлер", "Сотрудники");
pub const UNREAD: Text = Text::new("оқылмаған", "непрочитанных");
pub const SAVING: Text = Text::new("Сақталуда…", "Сохранение…");
pub const SENDING: Text = Text::new("Жіберілуде…", "Отправка…");

// Cabinet: children and queue.
pub const CHILDREN_TITLE: Text = Text::new("Балалар және кезек", "Дети и очередь");
pub const NO_CHILDREN: Text = Text::new(
    "Әзірге бала қосылмаған. Баланы ЖСН-і бойынша қосыңыз, содан кейін кезекке қойыңыз.",
    "Дети ещё не добавлены. Добавьте ребёнка по ИИН, затем поставьте его в очередь.",
);
pub const ADD_CHILD_TITLE: Text = Text::new("Баланы қосу", "Добавить ребёнка");
pub const CHILD_IIN: Text = Text::new("Баланың ЖСН-і", "ИИН ребёнка");
pub const CHILD_IIN_HINT: Text = Text::new(
    "12 цифр. Туған күні ЖСН бойынша анықталады.",
    "12 цифр. Дата рождения определяется по ИИН.",
);
pub const CHILD_LAST_NAME: Text = Text::new("Баланың тегі", "Фамилия ребёнка");
pub const CHILD_FIRST_NAME: Text = Text::new("Баланың аты", "Имя ребёнка");
pub const CHILD_PATRONYMIC: Text = Text::new("Әкесінің аты (бар болса)", "Отчество (при наличии)");
pub const ADD_CHILD_SUBMIT: Text = Text::new("Қосу", "Добавить");
pub const CHILD_ADDED: Text = Text::new("Бала қосылды.", "Ребёнок добавлен.");
pub const BIRTH_DATE: Text = Text::new("Туған күні", "Дата рождения");
pub const QUEUE_NOT_REGISTERED: Text = Text::new("Кезекке қойылмаған", "Не стоит в очереди");
pub const QUEUE_POSITION: Text = Text::new("Кезектегі орны", "Место в очереди");
pub const QUEUE_REFERRED: Text = Text::new(
    "Жолдама берілді — «Менің жолдамаларым» бөлімін қараңыз",
    "Выдано направление — см. раздел «Мои направления»",
);
pub const QUEUE_DEPARTMENT: Text = Text::new("Білім беру бөлімі", "Отдел образования");
pub const QUEUE_REGISTERED_ON: Text =
    Text::new("Кезекке қойылған күні", "Дата постановки в очередь");
pub const QUEUE_PREFERRED: Text = Text::new("Таңдаған балабақшалар", "Выбранные детские сады");
pub const QUEUE_REGISTER_TITLE: Text = Text::new("Кезекке қою", "Поставить в очередь");
pub const QUEUE_PREFERRED_HINT: Text = Text::new(
    "Ең көбі үш балабақшаны таңдаңыз.",
    "Выберите не более трёх детских садов.",
);
pub const QUEUE_REGISTER_SUBMIT: Text = Text::new("Кезекке қою", "Поставить в очередь");
pub const QUEUE_REGISTERED: Text =
    Text::new("Бала кезекке қойылды.", "Ребёнок поставлен в очередь.");

// Cabinet: referrals.
pub const REFERRALS_TITLE: Text = Text::new("Менің жолдамаларым", "Мои направления");
pub const NO_REFERRALS: Text = Text::new(
    "Жолдамалар әзірге жоқ. Жолдама берілгенде ол осында пайда болады және сізге хабарлама келеді.",
    "Направлений пока нет. Когда направление будет выдано, оно появится здесь и вы получите уведомление.",
);
pub const REFERRAL: Text = Text::new("Жолдама", "Направление");
pub const CHILD: Text = Text::new("Бала", "Ребёнок");
pub const KINDERGARTEN: Text = Text::new("Балабақша", "Детский сад");
pub const GROUP: Text = Text::new("Топ", "Группа");
pub const AGE_PERIOD: Text = Text::new("Жас кезеңі", "Возрастной период");
pub const ISSUED_BY: Text = Text::new("Берген", "Выдал");
pub const ISSUED_ON: Text = Text::new("Берілген күні", "Дата выдачи");
pub const VALID_UNTIL: Text = Text::new("Жарамды", "Действует до");
pub const STATUS: Text = Text::new("Мәртебесі", "Статус");
pub const CONCLUDE_CONTRACT: Text = Text::new("Шарт жасасу", "Заключить договор");
pub const PAPER_CONTRACT_HOWTO: Text = Text::new(
    "Бұл балабақша шартты қағаз түрінде жасасады. Жолдаманың мерзімі ішінде жеке куәлікпен, баланың денсаулық паспортымен және 063/у анықтамасымен балабақшаға барыңыз.",
    "Этот детский сад заключает договор на бумаге. В срок действия направления придите в детский сад с удостоверением личности, паспортом здоровья ребёнка и справкой 063/у.",
);

// Cabinet: requisites.
pub const REQUISITES_TITLE: Text = Text::new("Менің деректемелерім", "Мои реквизиты");
pub const REQUISITES_INTRO: Text = Text::new(
    "Осы деректер келесі шартты жасасқанда автоматты түрде толтырылады. Оларды кез келген уақытта өзгертуге болады.",
    "Эти данные подставятся автоматически при заключении следующего договора. Их можно изменить в любое время.",
);
pub const REPRESENTATIVE_LEGEND: Text = Text::new("Заңды өкіл", "Законный представитель");
pub const REQUISITES_LEGEND: Text = Text::new("Деректемелер", "Реквизиты");
pub const IBAN_HINT: Text = Text::new(
    "KZ-тен басталатын 20 таңба. Банк және БСК шот нөмірі бойынша толтырылады. Карта нөмірін енгізбеңіз.",
    "20 знаков, начиная с KZ. Банк и БИК заполнятся по номеру счёта. Не вводите номер карты.",
);
/// Under every date field: dates are typed day first, as the rest of the page writes them.
pub const DATE_HINT: Text = Text::new(
    "Күні.айы.жылы, мысалы 20.06.2019",
    "День.месяц.год, например 20.06.2019",
);
/// Inside an empty date field.
pub const DATE_PLACEHOLDER: Text = Text::new("кк.аа.жжжж", "дд.мм.гггг");
pub const SAVE: Text = Text::new("Сақтау", "Сохранить");
pub const SAVED: Text = Text::new("Деректер сақталды.", "Данные сохранены.");
pub const FIX_ERRORS: Text = Text::new(
    "Қателері бар жолдарды түзетіңіз.",
    "Исправьте поля с ошибками.",
);
pub const LAST_CHANGED: Text = Text::new("Соңғы өзгеріс", "Последнее изменение");

// Cabinet: notifications.
pub const NOTIFICATIONS_TITLE: Text = Text::new("Хабарламалар", "Уведомления");
pub const NO_NOTIFICATIONS: Text = Text::new("Хабарламалар жоқ.", "Уведомлений нет.");
pub const NEW_BADGE: Text = Text::new("Жаңа", "Новое");
pub const OPEN: Text = Text::new("Ашу", "Открыть");

// Admin.
pub const ADMIN_QUEUE_TITLE: Text = Text::new("Кезек және жолдамалар", "Очередь и направления");
pub const ADMIN_QUEUE_EMPTY: Text = Text::new(
    "Кезекте күтіп тұрған бала жоқ.",
    "В очереди нет ожидающих детей.",
);
pub const ADMIN_ONLY: Text = Text::new(
    "Бұл бет білім беру бөлімінің әкімшісіне арналған.",
    "Эта страница для администратора отдела образования.",
);
pub const AGE: Text = Text::new("Жасы", "Возраст");
pub const PLACE_IN_QUEUE: Text = Text::new("Орны", "Место");
pub const GROUP_WITH_PLACES: Text = Text::new("Бос орны бар топ", "Группа со свободными местами");
pub const NO_FITTING_GROUP: Text = Text::new(
    "Баланың жасына сәйкес бос орны бар топ жоқ.",
    "Нет групп со свободными местами для возраста ребёнка.",
);
pub const REFERRAL_DAYS: Text = Text::new("Жолдаманың мерзімі, күн", "Срок направления, дней");
pub const ISSUE_REFERRAL: Text = Text::new("Жолдама беру", "Выдать направление");
pub const REFERRAL_ISSUED: Text = Text::new("Жолдама берілді:", "Направление выдано:");
pub const FREE: Text = Text::new("бос", "свободно");
pub const ADMIN_ROLES_TITLE: Text =
    Text::new("Балабақша қызметкерлері", "Сотрудники детских садов");
pub const ROLE_STAFF: Text = Text::new("Балабақша қызметкері", "Сотрудник детского сада");
pub const ROLE_ADMIN: Text = Text::new(
    "Білім беру бөлімінің әкімшісі",
    "Администратор отдела образования",
);
pub const GRANT_TITLE: Text = Text::new("Қызметкерге рөл беру", "Назначить сотрудника");
pub const STAFF_IIN: Text = Text::new("Қызметкердің ЖСН-і", "ИИН сотрудника");
pub const GRANT_SUBMIT: Text = Text::new("Рөл беру", "Назначить");
pub const GRANTED: Text = Text::new("Рөл берілді.", "Роль назначена.");
pub const NOT_YET_SIGNED_IN: Text = Text::new("әлі кірмеген", "ещё не входил(а)");

// Documents (wizard step 5 and the documents page).
pub const DOC_HINT: Text = Text::new(
    "JPEG немесе PNG сурет. Үлкен фото автоматты түрде 2 Мб-қа дейін кішірейтіледі.",
    "Изображение JPEG или PNG. Большое фото будет автоматически уменьшено до 2 МБ.",
);
pub const DOC_CHOOSE: Text = Text::new("Файлды таңдау", "Выбрать файл");
pub const DOC_REPLACE: Text = Text::new("Ауыстыру", "Заменить");
pub const DOC_CAMERA: Text = Text::new("Суретке түсіру", "Сфотографировать");
pub const DOC_DELETE: Text = Text::new("Өшіру", "Удалить");
pub const DOC_DELETING: Text = Text::new("Өшірілуде…", "Удаление…");
pub const DOC_DELETE_OFFLINE: Text = Text::new(
    "Құжат өшірілмеді: байланыс жоқ. Байланыс қалпына келгенде қайталап көріңіз.",
    "Документ не удалён: нет соединения. Повторите, когда связь восстановится.",
);
pub const DOC_UPLOADED: Text = Text::new("Жүктелді", "Загружено");
pub const DOC_READING: Text = Text::new("Файл оқылуда…", "Чтение файла…");
pub const DOC_DECODING: Text = Text::new("Сурет тексерілуде…", "Проверка изображения…");
pub const DOC_RESIZING: Text = Text::new("Сурет кішірейтілуде…", "Уменьшение изображения…");
pub const DOC_ENCODING: Text = Text::new("JPEG дайындалуда…", "Подготовка JPEG…");
pub const DOC_UPLOADING: Text = Text::new("Жүктелуде:", "Загрузка:");
pub const DOC_CONVERTER_UNAVAILABLE: Text = Text::new(
    "Суретті өңдеу құралы жүктелмеді. Интернетті тексеріп, файлды қайта таңдаңыз.",
    "Не загрузился модуль обработки фото. Проверьте интернет и выберите файл ещё раз.",
);
pub const DOC_WAITING: Text = Text::new(
    "Интернет жоқ: фото осы құрылғыда сақталды, байланыс қалпына келгенде өзі жүктеледі.",
    "Нет интернета: фото сохранено на этом устройстве и загрузится само, когда появится связь.",
);
pub const DOC_DEVICE_FULL: Text = Text::new(
    "Интернет жоқ, ал құрылғыда фотоны сақтауға орын жетпейді. Орын босатыңыз немесе интернетке қосылып, файлды қайта таңдаңыз.",
    "Нет интернета, а на устройстве не хватает места, чтобы сохранить фото. Освободите место или подключитесь к интернету и выберите файл ещё раз.",
);
pub const UPLOAD_OFFLINE: Text = Text::new(
    "Байланыс үзілді, файл жүктелмеді. Интернетті тексеріп, файлды қайта таңдаңыз.",
    "Связь прервалась, файл не загружен. Проверьте интернет и выберите файл ещё раз.",
);
pub const UPLOAD_RATE_LIMITED: Text = Text::new(
    "Файлдар тым жиі жүктелді. Бірнеше минуттан кейін қайталаңыз.",
    "Слишком много загрузок подряд. Повторите через несколько минут.",
);
pub const REFERRAL_CLOSED: Text = Text::new(
    "Бұл жолдама бойынша шарт жасасу мүмкін емес (мерзімі өткен немесе пайдаланылған).",
    "По этому направлению заключить договор нельзя (истёк срок или оно использовано).",
);
pub const DOCUMENTS_TITLE: Text = Text::new("Шартқа арналған құжаттар", "Документы для договора");
pub const DOCUMENTS_INTRO: Text = Text::new(
    "Құжаттарды алдын ала жүктеп қоюға болады: олар осы жолдама бойынша шарт жасасқанда қолданылады. Әр файл JPEG форматында, 2 Мб-тан аспауы тиіс.",
    "Документы можно загрузить заранее: они будут использованы при заключении договора по этому направлению. Каждый файл — в формате JPEG, не более 2 МБ.",
);
pub const PREPARE_DOCUMENTS: Text = Text::new("Құжаттарды жүктеу", "Загрузить документы");

pub const MODEL_CONTRACT: Text = Text::new(
    "Шарттың үлгісін оқу (PDF)",
    "Прочитать образец договора (PDF)",
);
pub const MODEL_CONTRACT_NOTE: Text = Text::new(
    "Үлгідегі деректер мысал ретінде берілген. Сіздің шартыңызға сіздің, балаңыздың және балабақшаның деректері жазылады.",
    "Данные в образце приведены для примера. В ваш договор будут вписаны ваши данные, данные ребёнка и детского сада.",
);

pub const DEMO_REGISTER_CHILD: Text = Text::new(
    "Демо халық тіркелімінде осы адамның баласы бар (қосқанда бірден расталады), ЖСН:",
    "В демо-регистре населения у этого человека есть ребёнок (при добавлении подтверждается сразу), ИИН:",
);

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
