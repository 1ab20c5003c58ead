//! Field errors of the wizard: which form field is wrong and why.
//!
//! Rule (GUIDE.md requirement 3 and ARCHITECTURE.md "error *codes*, translated in the UI"):
//! validation of a step reports every field error at once; each error names the HTML form
//! field (`iin`, `last_name`, ..., `pmpk_conclusion`) and carries a localized problem, whose
//! stable code travels to the browser and whose Kazakh/Russian text is shown beside the
//! field. At most one error is kept per field (the first found), in form order.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::bic::BicError;
use super::email::EmailError;
use super::iban::{BicMismatch, IbanError};
use super::id_document::{IdDocError, IssueDateError};
use super::iin::IinError;
use super::image_rules::DocumentKind;
use super::lang::Lang;
use super::messages::Localized;
use super::person_name::PersonNameError;
use super::phone::PhoneError;
use super::uploaded_document::DocumentError;

super::messages::localized_error! {
    /// Problems of the form itself, not of one value type.
    pub enum FormError {
        /// A required field is empty.
        Required {
            code: "form.required",
            en: "this field is required",
            kk: "Осы жолды толтырыңыз.",
            ru: "Заполните это поле.",
        },
        /// Text longer than the field allows.
        TooLong {
            code: "form.too_long",
            en: "the text is too long",
            kk: "Мәтін тым ұзын. Қысқартып жазыңыз.",
            ru: "Текст слишком длинный. Сократите его, пожалуйста.",
        },
        /// Control characters in free text.
        BadCharacters {
            code: "form.bad_characters",
            en: "the text contains control characters",
            kk: "Мәтінде рұқсат етілмеген қызметтік таңбалар бар.",
            ru: "Текст содержит недопустимые служебные символы.",
        },
        /// A select value that is not one of the options.
        UnknownOption {
            code: "form.unknown_option",
            en: "choose a value from the list",
            kk: "Тізімнен мәнді таңдаңыз.",
            ru: "Выберите значение из списка.",
        },
        /// A date that cannot be read.
        BadDate {
            code: "form.bad_date",
            en: "the date is not valid",
            kk: "Күнді КК.АА.ЖЖЖЖ түрінде енгізіңіз.",
            ru: "Введите дату в формате ДД.ММ.ГГГГ.",
        },
        /// The IIN's birth date is after today.
        BirthDateInFuture {
            code: "form.birth_date_in_future",
            en: "the birth date in the IIN is in the future",
            kk: "ЖСН бойынша туған күн әлі келмеген. ЖСН-ді тексеріңіз.",
            ru: "Дата рождения по ИИН ещё не наступила. Проверьте ИИН.",
        },
        /// Mother with a male IIN, father with a female IIN.
        AuthorityDoesNotMatchSex {
            code: "form.authority_sex_mismatch",
            en: "the authority does not match the sex in the IIN",
            kk: "Таңдалған өкілеттік ЖСН-дегі жынысқа сәйкес келмейді (мысалы, «Ана» ер адамның ЖСН-імен). Өкілеттікті немесе ЖСН-ді тексеріңіз.",
            ru: "Выбранные полномочия не соответствуют полу по ИИН (например, «Мать» при мужском ИИН). Проверьте полномочия или ИИН.",
        },
        /// The selected bank is not the IBAN's bank.
        BankDoesNotMatchIban {
            code: "form.bank_iban_mismatch",
            en: "the selected bank is not the IBAN's bank",
            kk: "Таңдалған банк шоттың банкіне сәйкес келмейді. ИИК / IBAN ашылған банкті таңдаңыз.",
            ru: "Выбранный банк не совпадает с банком счёта. Выберите банк, в котором открыт ИИК / IBAN.",
        },
        /// The BIC is not the selected bank's.
        BicDoesNotMatchBank {
            code: "form.bic_bank_mismatch",
            en: "the BIC is not the selected bank's",
            kk: "БИК таңдалған банкке сәйкес келмейді.",
            ru: "БИК не соответствует выбранному банку.",
        },
    }
}

/// A form field of steps 3–5. Serialised as its HTML form name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Field {
    Iin,
    LastName,
    FirstName,
    Patronymic,
    Authority,
    Phone,
    PhoneExtra,
    Email,
    Workplace,
    Position,
    RegisteredAddress,
    ResidentialAddress,
    IdDocType,
    IdDocNumber,
    IdDocIssuedOn,
    IdDocExpiresOn,
    IdDocIssuer,
    Bank,
    Bic,
    BankBranch,
    Iban,
    Photo,
    HealthPassport,
    HealthCertificate,
    PmpkConclusion,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 25] = [
        Field::Iin,
        Field::LastName,
        Field::FirstName,
        Field::Patronymic,
        Field::Authority,
        Field::Phone,
        Field::PhoneExtra,
        Field::Email,
        Field::Workplace,
        Field::Position,
        Field::RegisteredAddress,
        Field::ResidentialAddress,
        Field::IdDocType,
        Field::IdDocNumber,
        Field::IdDocIssuedOn,
        Field::IdDocExpiresOn,
        Field::IdDocIssuer,
        Field::Bank,
        Field::Bic,
        Field::BankBranch,
        Field::Iban,
        Field::Photo,
        Field::HealthPassport,
        Field::HealthCertificate,
        Field::PmpkConclusion,
    ];

    /// The HTML form field name (`name=` attribute).
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Iin => "iin",
            Field::LastName => "last_name",
            Field::FirstName => "first_name",
            Field::Patronymic => "patronymic",
            Field::Authority => "authority",
            Field::Phone => "phone",
            Field::PhoneExtra => "phone_extra",
            Field::Email => "email",
            Field::Workplace => "workplace",
            Field::Position => "position",
            Field::RegisteredAddress => "registered_address",
            Field::ResidentialAddress => "residential_address",
            Field::IdDocType => "id_doc_type",
            Field::IdDocNumber => "id_doc_number",
            Field::IdDocIssuedOn => "id_doc_issued_on",
            Field::IdDocExpiresOn => "id_doc_expires_on",
            Field::IdDocIssuer => "id_doc_issuer",
            Field::Bank => "bank",
            Field::Bic => "bic",
            Field::BankBranch => "bank_branch",
            Field::Iban => "iban",
            Field::Photo => "photo",
            Field::HealthPassport => "health_passport",
            Field::HealthCertificate => "health_certificate",
            Field::PmpkConclusion => "pmpk_conclusion",
        }
    }

    /// Parses a form field name.
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The field of a document slot.
    pub const fn of_document(kind: DocumentKind) -> Field {
        match kind {
            DocumentKind::Photo => Field::Photo,
            DocumentKind::HealthPassport => Field::HealthPassport,
            DocumentKind::HealthCertificate => Field::HealthCertificate,
            DocumentKind::PmpkConclusion => Field::PmpkConclusion,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a field: one of the domain's localized errors.
/// Serialised as `{"kind": "iin", "error": "BadChecksum"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "error", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum FieldProblem {
    Form(FormError),
    Iin(IinError),
    Name(PersonNameError),
    Phone(PhoneError),
    Email(EmailError),
    IdDoc(IdDocError),
    IssueDate(IssueDateError),
    Bic(BicError),
    Iban(IbanError),
    BicMismatch(BicMismatch),
    Document(DocumentError),
}

macro_rules! problem_from {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        $(impl From<$ty> for FieldProblem {
            fn from(e: $ty) -> Self {
                FieldProblem::$variant(e)
            }
        })+

        impl Localized for FieldProblem {
            fn code(&self) -> &'static str {
                match self {
                    $(FieldProblem::$variant(e) => e.code(),)+
                }
            }

            fn message(&self, lang: Lang) -> &'static str {
                match self {
                    $(FieldProblem::$variant(e) => e.message(lang),)+
                }
            }
        }
    };
}

problem_from!(
    Form(FormError),
    Iin(IinError),
    Name(PersonNameError),
    Phone(PhoneError),
    Email(EmailError),
    IdDoc(IdDocError),
    IssueDate(IssueDateError),
    Bic(BicError),
    Iban(IbanError),
    BicMismatch(BicMismatch),
    Document(DocumentError),
);

/// One field error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field.
    pub field: Field,
    /// What is wrong.
    pub problem: FieldProblem,
}

impl FieldError {
    /// The problem's stable code, e.g. `"iin.bad_checksum"`.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// The message to show beside the field.
    pub fn message(&self, lang: Lang) -> &'static str {
        self.problem.message(lang)
    }
}

/// All errors of a step, in form order, at most one per field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// No errors.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error of `field`, if any.
    pub fn get(&self, field: Field) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// The message for `field` in `lang`, if it has an error.
    pub fn message(&self, field: Field, lang: Lang) -> Option<&'static str> {
        self.get(field).map(|e| e.message(lang))
    }

    /// The fields with errors, in form order.
    pub fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.0.iter().map(|e| e.field)
    }

    /// Every error.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    pub(super) fn push(&mut self, field: Field, problem: impl Into<FieldProblem>) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field,
                problem: problem.into(),
            });
        }
    }

    /// Adds the errors of another step, keeping form order.
    pub fn extend(&mut self, other: FieldErrors) {
        for e in other.0 {
            self.push(e.field, e.problem);
        }
        self.0.sort_by_key(|e| e.field);
    }

    /// Records the error of a parse result and returns its value.
    pub(super) fn take<T, E: Into<FieldProblem>>(
        &mut self,
        field: Field,
        r: Result<T, E>,
    ) -> Option<T> {
        r.map_err(|e| self.push(field, e)).ok()
    }

    pub(super) fn finish<T>(mut self, value: Option<T>) -> Result<T, FieldErrors> {
        self.0.sort_by_key(|e| e.field);
        match value {
            Some(v) if self.is_empty() => Ok(v),
            _ => Err(self),
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}: {}", e.field, e.code())?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.as_str()), Some(f));
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.as_str())
            );
        }
        for k in DocumentKind::ALL {
            assert_eq!(Field::of_document(k).as_str(), k.form_name());
        }
        assert_eq!(Field::parse("password"), None);
    }

    #[test]
    fn errors_keep_form_order_and_one_per_field() {
        let mut errs = FieldErrors::default();
        errs.push(Field::Iban, IbanError::Empty);
        errs.push(Field::Iin, IinError::Empty);
        errs.push(Field::Iin, FormError::BirthDateInFuture);
        let mut more = FieldErrors::default();
        more.push(Field::Photo, DocumentError::Missing);
        more.push(Field::Iban, FormError::Required);
        errs.extend(more);
        let got: Vec<_> = errs.iter().map(|e| (e.field, e.code())).collect();
        assert_eq!(
            got,
            [
                (Field::Iin, "iin.empty"),
                (Field::Iban, "iban.empty"),
                (Field::Photo, "document.missing"),
            ]
        );
        assert_eq!(
            errs.message(Field::Photo, Lang::Kk),
            Some("Құжатты жүктеңіз.")
        );
        assert_eq!(errs.finish(Some(())).unwrap_err().0.len(), 3);
        assert_eq!(FieldErrors::default().finish(Some(7)), Ok(7));
        assert!(FieldErrors::default().finish::<()>(None).is_err());
    }

    #[test]
    fn problem_serde() {
        let p = FieldProblem::from(PhoneError::Landline);
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"kind":"phone","error":"Landline"}"#
        );
        assert_eq!(p.code(), "phone.landline");
        assert_eq!(p.message(Lang::Ru), PhoneError::Landline.message(Lang::Ru));
    }
}
