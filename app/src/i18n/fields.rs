//! Labels of the wizard's and the requisites page's form fields (the seed's wording).
use super::Text;
use crate::domain::Field;

/// The label of a form field.
pub const fn label(field: Field) -> Text {
    match field {
        Field::Iin => Text::new("ЖСН", "ИИН"),
        Field::LastName => Text::new("Тегі", "Фамилия"),
        Field::FirstName => Text::new("Аты", "Имя"),
        Field::Patronymic => Text::new("Әкесінің аты (бар болса)", "Отчество (при наличии)"),
        Field::Authority => Text::new("Өкілеттігі", "Полномочие"),
        Field::Phone => Text::new("Ұялы телефон нөмірі", "Номер мобильного телефона"),
        Field::PhoneExtra => Text::new("Қосымша телефон нөмірі", "Дополнительный номер телефона"),
        Field::Email => Text::new("Электрондық пошта", "Электронная почта"),
        Field::Workplace => Text::new("Жұмыс орны", "Место работы"),
        Field::Position => Text::new("Лауазымы", "Должность"),
        Field::RegisteredAddress => Text::new("Тіркелген мекенжайы", "Адрес регистрации"),
        Field::ResidentialAddress => Text::new("Тұратын мекенжайы", "Адрес проживания"),
        Field::IdDocType => Text::new(
            "Жеке басын куәландыратын құжат",
            "Документ, удостоверяющий личность",
        ),
        Field::IdDocNumber => Text::new("Құжат нөмірі", "Номер документа"),
        Field::IdDocIssuedOn => Text::new("Берілген күні", "Дата выдачи"),
        Field::IdDocExpiresOn => Text::new("Жарамдылық мерзімі", "Срок действия"),
        Field::IdDocIssuer => Text::new("Құжатты берген орган", "Орган, выдавший документ"),
        Field::Bank => Text::new("Банк", "Банк"),
        Field::Bic => Text::new("БСК (БИК)", "БИК"),
        Field::BankBranch => Text::new("Банк филиалы", "Филиал банка"),
        Field::Iban => Text::new("ЖСК (IBAN)", "ИИК (IBAN)"),
        Field::Photo => Text::new("Баланың фотосуреті", "Фотография ребёнка"),
        Field::HealthPassport => {
            Text::new("Баланың денсаулық паспорты", "Паспорт здоровья ребёнка")
        }
        Field::HealthCertificate => Text::new(
            "Бала денсаулығы туралы анықтама (063/у нысаны)",
            "Справка о состоянии здоровья ребёнка (форма 063/у)",
        ),
        Field::PmpkConclusion => Text::new(
            "ПМПК қорытындысы (бар болса)",
            "Заключение ПМПК (при наличии)",
        ),
    }
}
