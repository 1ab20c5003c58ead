//! Strings of the kindergarten staff's pages.
use super::Text;

pub const INBOX_TITLE: Text = Text::new("Қол қоюға келген шарттар", "Договоры на подписание");
pub const NAV_INBOX: Text = Text::new("Шарттар (балабақша)", "Договоры (детский сад)");
pub const STAFF_ONLY: Text = Text::new(
    "Бұл бет тек балабақша қызметкерлеріне арналған.",
    "Эта страница только для сотрудников детского сада.",
);
pub const AWAITING: Text = Text::new("Қол қоюды күтуде", "Ожидают подписи");
pub const OLDEST_SINCE: Text =
    Text::new("ең ұзақ күтіп тұрғаны жіберілген", "самый давний отправлен");
pub const NOTHING_WAITS: Text = Text::new(
    "Бүгін қол қоюды күтетін шарт жоқ.",
    "Сегодня нет договоров, ожидающих подписи.",
);
pub const FILTER_STATUS: Text = Text::new("Мәртебесі", "Статус");
pub const STATUS_WAITING: Text = Text::new("Қол қоюды күтуде", "Ожидают подписи");
pub const STATUS_ALL: Text = Text::new("Барлығы", "Все");
pub const FILTER_GROUP: Text = Text::new("Топ", "Группа");
pub const ANY_GROUP: Text = Text::new("Барлық топтар", "Все группы");
pub const FILTER_FROM: Text = Text::new("Жіберілген күні, бастап", "Отправлен, с");
pub const FILTER_TO: Text = Text::new("дейін", "по");
pub const SEARCH: Text = Text::new(
    "Іздеу: бала, ата-ана, ЖСН немесе шарт нөмірі",
    "Поиск: ребёнок, родитель, ИИН или номер договора",
);
pub const SORT: Text = Text::new("Сұрыптау", "Сортировка");
pub const SORT_OLDEST: Text = Text::new("Ұзақ күткені алдымен", "Сначала ждущие дольше");
pub const SORT_NEWEST: Text = Text::new("Жаңалары алдымен", "Сначала новые");
pub const SORT_NUMBER: Text = Text::new("Нөмірі бойынша", "По номеру");
pub const SHOW: Text = Text::new("Көрсету", "Показать");
pub const FOUND: Text = Text::new("Табылды", "Найдено");
pub const PAGE: Text = Text::new("Бет", "Страница");
pub const PREV: Text = Text::new("Алдыңғы", "Предыдущая");
pub const NEXT: Text = Text::new("Келесі", "Следующая");
pub const NONE_FOUND: Text = Text::new("Шарт табылмады.", "Договоры не найдены.");
pub const PARENT: Text = Text::new("Заңды өкіл", "Законный представитель");
pub const SENT: Text = Text::new("Жіберілді", "Отправлен");
pub const REQUISITES: Text = Text::new("Деректемелер", "Реквизиты");
pub const DOCUMENTS: Text = Text::new("Құжаттар", "Документы");
pub const OPEN_FULL: Text = Text::new("Толық өлшемде ашу", "Открыть в полном размере");
pub const ZOOM: Text = Text::new("Үлкейту", "Увеличить");
pub const SIGN_TITLE: Text = Text::new("Шартқа қол қою", "Подписать договор");
pub const SIGN_INTRO: Text = Text::new(
    "Ұйымның қол қою кілтін (RSA256… немесе GOST512…, ұйымның БСН-і бар) көрсетіп, құпиясөзін енгізіңіз.",
    "Укажите ключ подписи организации (RSA256… или GOST512…, с БИН организации) и введите пароль.",
);
pub const SIGN_SUBMIT: Text = Text::new("Қол қою", "Подписать");
pub const SIGNED_DONE: Text = Text::new(
    "Шартқа қол қойылды: шарт күшіне енді, бала қабылданды.",
    "Договор подписан: он вступил в силу, ребёнок принят.",
);
pub const REFUSE_TITLE: Text = Text::new("Бас тарту", "Отказать");
pub const REFUSE_REASON: Text = Text::new("Себебі", "Причина");
pub const REFUSE_COMMENT: Text = Text::new(
    "Ата-анаға түсініктеме (не түзету керек)",
    "Пояснение для родителя (что исправить)",
);
pub const REFUSE_SUBMIT: Text = Text::new("Бас тарту", "Отказать");
pub const REFUSED_DONE: Text = Text::new(
    "Бас тартылды. Ата-ана себебін көреді және шартты түзетіп қайта жібере алады.",
    "Отказано. Родитель увидит причину и сможет исправить и отправить договор снова.",
);
pub const BACK_TO_INBOX: Text = Text::new("Тізімге оралу", "Вернуться к списку");
pub const NO_ACTION: Text = Text::new(
    "Бұл шарт бойынша әрекет қажет емес.",
    "По этому договору действий не требуется.",
);
pub const PEOPLE_TITLE: Text = Text::new("Балабақша қызметкерлері", "Сотрудники детского сада");
pub const NAV_PEOPLE: Text = Text::new("Қызметкерлер", "Сотрудники");
pub const PEOPLE_INTRO: Text = Text::new(
    "Сіз балабақша меңгерушісінің ұйым кілтімен кірдіңіз: қызметкерге ЖСН-і бойынша рөл бере аласыз және оны қайтарып ала аласыз. Қызметкер шартқа балабақшаның БСН-і бар ұйым кілтімен қол қояды.",
    "Вы вошли ключом организации с правом руководителя детского сада: можете назначить сотрудника по ИИН и отозвать его роль. Сотрудник подписывает договоры ключом организации с БИН детского сада.",
);
pub const NO_STAFF: Text = Text::new("Әзірге қызметкер жоқ.", "Сотрудников пока нет.");
pub const GRANTED_ON: Text = Text::new("Рөл берілген күні", "Роль назначена");
