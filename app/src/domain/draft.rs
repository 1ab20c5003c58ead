//! The wizard draft (steps 3–5) and its per-step validation.
//!
//! Rules (GUIDE.md steps 3–5 and requirement 3): the draft holds the raw strings the parent
//! typed, so a half-filled wizard can be saved and resumed from any device; it is
//! deserialised with `#[serde(default)]` everywhere, so a missing or unknown field never
//! fails or panics. Validation of a step returns **every** field error at once, each as a
//! form field name and a localized problem; the UI shows them beside the fields.
//!
//! Required fields: everything except `patronymic`, `phone_extra`, `email`,
//! `id_doc_expires_on` and `pmpk_conclusion` (the PMPK conclusion is uploaded "only if the
//! child has one"). Our additional rules, each with its own message:
//! - the IIN's birth date must not be after `today`;
//! - authority «Анасы»/«Мать» needs a female IIN and «Әкесі»/«Отец» a male one (digit 7);
//! - the selected bank must be the IIN/IBAN's bank, and the BIC must be that bank's BIC;
//! - free text (work place, position, addresses, issuer, branch) is trimmed, whitespace
//!   runs become one space, control characters are refused, and lengths are capped.

use serde::{Deserialize, Serialize};
use time::Date;

use super::authority::Authority;
use super::banks::{self, Bank};
use super::bic::Bic;
use super::dates::parse_date;
use super::email::Email;
use super::field_errors::{Field, FieldErrors, FormError};
use super::iban::{Iban, bank_from_partial_iban, check_bic_matches};
use super::id_document::{IdDocError, IdDocNumber, IdDocType, IssueDateError, validate_issue_date};
use super::iin::Iin;
use super::image_rules::{DocumentKind, MAX_UPLOAD_BYTES};
use super::person_name::PersonName;
use super::phone::Phone;
use super::uploaded_document::{DocumentDigest, DocumentError};

/// Longest work place, in characters.
pub const MAX_WORKPLACE_CHARS: usize = 200;
/// Longest position, in characters.
pub const MAX_POSITION_CHARS: usize = 200;
/// Longest address, in characters.
pub const MAX_ADDRESS_CHARS: usize = 300;
/// Longest issuing authority, in characters.
pub const MAX_ISSUER_CHARS: usize = 150;
/// Longest bank branch location, in characters.
pub const MAX_BRANCH_CHARS: usize = 150;
/// Longest stored file id, in characters.
pub const MAX_DOCUMENT_ID_CHARS: usize = 128;

/// Step 3 as typed by the parent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct RepresentativeDraft {
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: String,
    /// An [`Authority`] code.
    pub authority: String,
    pub phone: String,
    pub phone_extra: String,
    pub email: String,
    pub workplace: String,
    pub position: String,
    pub registered_address: String,
    pub residential_address: String,
}

/// Step 4 as typed by the parent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct RequisitesDraft {
    /// An [`IdDocType`] code.
    pub id_doc_type: String,
    pub id_doc_number: String,
    /// `YYYY-MM-DD` (or `DD.MM.YYYY`).
    pub id_doc_issued_on: String,
    /// `YYYY-MM-DD`, optional.
    pub id_doc_expires_on: Option<String>,
    pub id_doc_issuer: String,
    /// The selected bank: its IBAN bank code or its BIC.
    pub bank: String,
    pub bic: String,
    pub bank_branch: String,
    pub iban: String,
}

/// A stored upload, as returned by the upload endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentRef {
    /// Storage id.
    pub id: String,
    /// SHA-256 of the stored bytes, lower-case hex.
    pub sha256_hex: String,
    /// Size in bytes.
    pub size: u64,
}

/// Step 5.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocumentsDraft {
    pub photo: Option<DocumentRef>,
    pub health_passport: Option<DocumentRef>,
    pub health_certificate: Option<DocumentRef>,
    pub pmpk_conclusion: Option<DocumentRef>,
}

impl DocumentsDraft {
    /// The slot of a document kind.
    pub fn get(&self, kind: DocumentKind) -> Option<&DocumentRef> {
        match kind {
            DocumentKind::Photo => self.photo.as_ref(),
            DocumentKind::HealthPassport => self.health_passport.as_ref(),
            DocumentKind::HealthCertificate => self.health_certificate.as_ref(),
            DocumentKind::PmpkConclusion => self.pmpk_conclusion.as_ref(),
        }
    }

    /// Sets (or clears, «Өшіру») the slot of a document kind.
    pub fn set(&mut self, kind: DocumentKind, doc: Option<DocumentRef>) {
        let slot = match kind {
            DocumentKind::Photo => &mut self.photo,
            DocumentKind::HealthPassport => &mut self.health_passport,
            DocumentKind::HealthCertificate => &mut self.health_certificate,
            DocumentKind::PmpkConclusion => &mut self.pmpk_conclusion,
        };
        *slot = doc;
    }
}

/// The whole wizard draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct ContractDraft {
    pub representative: RepresentativeDraft,
    pub requisites: RequisitesDraft,
    pub documents: DocumentsDraft,
}

/// Step 3, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ValidRepresentative {
    pub iin: Iin,
    pub last_name: PersonName,
    pub first_name: PersonName,
    pub patronymic: Option<PersonName>,
    pub authority: Authority,
    pub phone: Phone,
    pub phone_extra: Option<Phone>,
    pub email: Option<Email>,
    pub workplace: String,
    pub position: String,
    pub registered_address: String,
    pub residential_address: String,
}

/// Step 4, validated. The bank is the IBAN's bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ValidRequisites {
    pub id_doc: IdDocNumber,
    #[serde(with = "super::dates::serde_iso")]
    pub id_doc_issued_on: Date,
    #[serde(with = "super::dates::serde_iso_opt")]
    pub id_doc_expires_on: Option<Date>,
    pub id_doc_issuer: String,
    pub bic: Bic,
    pub bank_branch: String,
    pub iban: Iban,
}

impl ValidRequisites {
    /// The bank of the account, if still listed.
    pub fn bank(&self) -> Option<&'static Bank> {
        self.iban.bank()
    }
}

/// Step 5, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ValidDocuments {
    pub photo: DocumentRef,
    pub health_passport: DocumentRef,
    pub health_certificate: DocumentRef,
    pub pmpk_conclusion: Option<DocumentRef>,
}

impl ValidDocuments {
    /// The documents as they enter the contract, in [`DocumentKind::ALL`] order.
    pub fn digests(&self) -> Vec<DocumentDigest> {
        let slots = [
            (DocumentKind::Photo, Some(&self.photo)),
            (DocumentKind::HealthPassport, Some(&self.health_passport)),
            (
                DocumentKind::HealthCertificate,
                Some(&self.health_certificate),
            ),
            (DocumentKind::PmpkConclusion, self.pmpk_conclusion.as_ref()),
        ];
        slots
            .into_iter()
            .filter_map(|(kind, doc)| {
                doc.map(|d| DocumentDigest {
                    kind,
                    sha256_hex: d.sha256_hex.clone(),
                    size: d.size,
                })
            })
            .collect()
    }
}

/// The whole draft, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ValidContract {
    pub representative: ValidRepresentative,
    pub requisites: ValidRequisites,
    pub documents: ValidDocuments,
}

/// Trims free text and turns each run of whitespace (incl. line breaks) into one space.
/// `Ok(None)` when nothing is left.
fn free_text(raw: &str, max_chars: usize) -> Result<Option<String>, FormError> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().any(char::is_control) {
        return Err(FormError::BadCharacters);
    }
    if text.chars().count() > max_chars {
        return Err(FormError::TooLong);
    }
    Ok(Some(text))
}

fn required_text(raw: &str, max_chars: usize) -> Result<String, FormError> {
    free_text(raw, max_chars)?.ok_or(FormError::Required)
}

/// Parses an optional value: empty means `None`.
fn optional<T, E>(raw: &str, parse: impl FnOnce(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

/// Validates step 3 on `today`.
pub fn validate_representative(
    d: &RepresentativeDraft,
    today: Date,
) -> Result<ValidRepresentative, FieldErrors> {
    let mut errs = FieldErrors::default();
    let iin = errs.take(Field::Iin, Iin::parse(&d.iin));
    let iin = iin.filter(|iin| {
        let born = iin.birth_date() <= today;
        if !born {
            errs.push(Field::Iin, FormError::BirthDateInFuture);
        }
        born
    });
    let last_name = errs.take(Field::LastName, PersonName::parse(&d.last_name));
    let first_name = errs.take(Field::FirstName, PersonName::parse(&d.first_name));
    let patronymic = errs.take(
        Field::Patronymic,
        optional(&d.patronymic, PersonName::parse),
    );
    let authority = if d.authority.trim().is_empty() {
        errs.push(Field::Authority, FormError::Required);
        None
    } else {
        errs.take(
            Field::Authority,
            Authority::parse(&d.authority).ok_or(FormError::UnknownOption),
        )
    };
    if let (Some(a), Some(iin)) = (authority, iin)
        && a.implied_sex().is_some_and(|sex| sex != iin.sex())
    {
        errs.push(Field::Authority, FormError::AuthorityDoesNotMatchSex);
    }
    let phone = errs.take(Field::Phone, Phone::parse(&d.phone));
    let phone_extra = errs.take(Field::PhoneExtra, optional(&d.phone_extra, Phone::parse));
    let email = errs.take(Field::Email, optional(&d.email, Email::parse));
    let workplace = errs.take(
        Field::Workplace,
        required_text(&d.workplace, MAX_WORKPLACE_CHARS),
    );
    let position = errs.take(
        Field::Position,
        required_text(&d.position, MAX_POSITION_CHARS),
    );
    let registered_address = errs.take(
        Field::RegisteredAddress,
        required_text(&d.registered_address, MAX_ADDRESS_CHARS),
    );
    let residential_address = errs.take(
        Field::ResidentialAddress,
        required_text(&d.residential_address, MAX_ADDRESS_CHARS),
    );

    let value = (|| {
        Some(ValidRepresentative {
            iin: iin?,
            last_name: last_name?,
            first_name: first_name?,
            patronymic: patronymic?,
            authority: authority?,
            phone: phone?,
            phone_extra: phone_extra?,
            email: email?,
            workplace: workplace?,
            position: position?,
            registered_address: registered_address?,
            residential_address: residential_address?,
        })
    })();
    errs.finish(value)
}

/// Validates step 4 on `today`.
pub fn validate_requisites(
    d: &RequisitesDraft,
    today: Date,
) -> Result<ValidRequisites, FieldErrors> {
    let mut errs = FieldErrors::default();

    // Identity document.
    let doc_type = if d.id_doc_type.trim().is_empty() {
        errs.push(Field::IdDocType, FormError::Required);
        None
    } else {
        errs.take(
            Field::IdDocType,
            IdDocType::parse(&d.id_doc_type).map_err(|_| FormError::UnknownOption),
        )
    };
    let id_doc = match doc_type {
        Some(t) => errs.take(Field::IdDocNumber, IdDocNumber::parse(t, &d.id_doc_number)),
        None if d.id_doc_number.trim().is_empty() => {
            errs.push(Field::IdDocNumber, IdDocError::Empty);
            None
        }
        None => None,
    };
    let issued = if d.id_doc_issued_on.trim().is_empty() {
        errs.push(Field::IdDocIssuedOn, FormError::Required);
        None
    } else {
        errs.take(
            Field::IdDocIssuedOn,
            parse_date(&d.id_doc_issued_on).ok_or(FormError::BadDate),
        )
    };
    let expires = errs.take(
        Field::IdDocExpiresOn,
        optional(d.id_doc_expires_on.as_deref().unwrap_or_default(), |s| {
            parse_date(s).ok_or(FormError::BadDate)
        }),
    );
    if let (Some(issued), Some(expires)) = (issued, expires) {
        match validate_issue_date(issued, expires, today) {
            Ok(()) => {}
            Err(e @ IssueDateError::NotInFuture) => errs.push(Field::IdDocIssuedOn, e),
            Err(e) => errs.push(Field::IdDocExpiresOn, e),
        }
    }
    let id_doc_issuer = errs.take(
        Field::IdDocIssuer,
        required_text(&d.id_doc_issuer, MAX_ISSUER_CHARS),
    );

    // Bank requisites.
    let bank = if d.bank.trim().is_empty() {
        errs.push(Field::Bank, FormError::Required);
        None
    } else {
        errs.take(
            Field::Bank,
            banks::resolve(&d.bank).ok_or(FormError::UnknownOption),
        )
    };
    let bic = errs.take(Field::Bic, Bic::parse(&d.bic));
    let bank_branch = errs.take(
        Field::BankBranch,
        required_text(&d.bank_branch, MAX_BRANCH_CHARS),
    );
    let iban = errs.take(Field::Iban, Iban::parse_known_bank(&d.iban));
    match (iban, bank, bic) {
        (Some(iban), bank, bic) => {
            if bank.is_some_and(|b| Some(b) != iban.bank()) {
                errs.push(Field::Bank, FormError::BankDoesNotMatchIban);
            }
            if let Some(bic) = bic {
                errs.take(Field::Bic, check_bic_matches(&iban, &bic));
            }
        }
        (None, Some(bank), Some(bic)) if bank.bic != bic.bic8() => {
            errs.push(Field::Bic, FormError::BicDoesNotMatchBank);
        }
        _ => {}
    }

    let value = (|| {
        Some(ValidRequisites {
            id_doc: id_doc?,
            id_doc_issued_on: issued?,
            id_doc_expires_on: expires?,
            id_doc_issuer: id_doc_issuer?,
            bic: bic?,
            bank_branch: bank_branch?,
            iban: iban?,
        })
    })();
    errs.finish(value)
}

fn validate_document(
    kind: DocumentKind,
    doc: Option<&DocumentRef>,
) -> Result<Option<DocumentRef>, DocumentError> {
    let Some(doc) = doc else {
        return if kind.is_required() {
            Err(DocumentError::Missing)
        } else {
            Ok(None)
        };
    };
    let id_ok = !doc.id.is_empty()
        && doc.id.chars().count() <= MAX_DOCUMENT_ID_CHARS
        && doc
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let hash_ok =
        doc.sha256_hex.len() == 64 && doc.sha256_hex.bytes().all(|b| b.is_ascii_hexdigit());
    if !id_ok || !hash_ok {
        return Err(DocumentError::BadReference);
    }
    if doc.size == 0 {
        return Err(DocumentError::EmptyFile);
    }
    if doc.size > MAX_UPLOAD_BYTES {
        return Err(DocumentError::TooLarge);
    }
    Ok(Some(DocumentRef {
        id: doc.id.clone(),
        sha256_hex: doc.sha256_hex.to_ascii_lowercase(),
        size: doc.size,
    }))
}

/// Validates step 5.
pub fn validate_documents(d: &DocumentsDraft) -> Result<ValidDocuments, FieldErrors> {
    let mut errs = FieldErrors::default();
    let mut take = |kind: DocumentKind| {
        errs.take(
            Field::of_document(kind),
            validate_document(kind, d.get(kind)),
        )
    };
    let photo = take(DocumentKind::Photo);
    let health_passport = take(DocumentKind::HealthPassport);
    let health_certificate = take(DocumentKind::HealthCertificate);
    let pmpk_conclusion = take(DocumentKind::PmpkConclusion);
    let value = (|| {
        Some(ValidDocuments {
            photo: photo??,
            health_passport: health_passport??,
            health_certificate: health_certificate??,
            pmpk_conclusion: pmpk_conclusion?,
        })
    })();
    errs.finish(value)
}

/// Validates the whole draft (before step 6) and returns the errors of every step.
pub fn validate_contract(d: &ContractDraft, today: Date) -> Result<ValidContract, FieldErrors> {
    let representative = validate_representative(&d.representative, today);
    let requisites = validate_requisites(&d.requisites, today);
    let documents = validate_documents(&d.documents);
    match (representative, requisites, documents) {
        (Ok(representative), Ok(requisites), Ok(documents)) => Ok(ValidContract {
            representative,
            requisites,
            documents,
        }),
        (a, b, c) => {
            let mut errs = FieldErrors::default();
            for e in [a.err(), b.err(), c.err()].into_iter().flatten() {
                errs.extend(e);
            }
            Err(errs)
        }
    }
}

/// The bank to pre-select (and whose BIC to fill) while the parent types the IBAN; known
/// from the first 7 characters (`KZ`, check digits, bank code).
pub fn fill_bank_from_iban(iban: &str) -> Option<&'static Bank> {
    bank_from_partial_iban(iban)
}

#[doc(hidden)]
pub mod test_values {
    //! A complete, valid draft for tests of this and other modules.
    use super::super::iban::test_values::make_iban;
    use super::super::iin::test_values::make_iin;
    use super::*;

    pub fn representative() -> RepresentativeDraft {
        RepresentativeDraft {
            iin: make_iin("900215", 4, 1234),
            last_name: " Әбдіғалиева ".into(),
            first_name: "Айгүл".into(),
            patronymic: "Нұрланқызы".into(),
            authority: "mother".into(),
            phone: "8 (701) 234-56-78".into(),
            phone_extra: String::new(),
            email: "Aigul@Mail.KZ".into(),
            workplace: "«Қазпошта» АҚ".into(),
            position: "Менеджер".into(),
            registered_address: "Ақтау қ., 14 шағын аудан,\n 5 үй, 12 пәтер".into(),
            residential_address: "Ақтау қ., 14 шағын аудан, 5 үй, 12 пәтер".into(),
        }
    }

    pub fn requisites() -> RequisitesDraft {
        RequisitesDraft {
            id_doc_type: "id_card".into(),
            id_doc_number: "045 123 789".into(),
            id_doc_issued_on: "2019-06-20".into(),
            id_doc_expires_on: Some("2029-06-19".into()),
            id_doc_issuer: "ҚР ІІМ".into(),
            bank: "601".into(),
            bic: "hsbkkzkx".into(),
            bank_branch: "Маңғыстау облыстық филиалы".into(),
            iban: make_iban("601", "A123456789012").to_lowercase(),
        }
    }

    pub fn doc(n: u8) -> DocumentRef {
        DocumentRef {
            id: format!("upload-{n}"),
            sha256_hex: format!("{n:02x}").repeat(32),
            size: 150_000 + u64::from(n),
        }
    }

    pub fn documents() -> DocumentsDraft {
        DocumentsDraft {
            photo: Some(doc(1)),
            health_passport: Some(doc(2)),
            health_certificate: Some(doc(3)),
            pmpk_conclusion: None,
        }
    }

    pub fn contract() -> ContractDraft {
        ContractDraft {
            representative: representative(),
            requisites: requisites(),
            documents: documents(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::super::iban::test_values::make_iban;
    use super::super::iin::test_values::make_iin;
    use super::super::lang::Lang;
    use super::test_values::*;
    use super::*;

    const TODAY: Date = date!(2024 - 09 - 01);

    fn errors_of<T: std::fmt::Debug>(
        r: Result<T, FieldErrors>,
    ) -> Vec<(&'static str, &'static str)> {
        r.expect_err("expected errors")
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect()
    }

    #[test]
    fn valid_representative_is_normalised() {
        let v = validate_representative(&representative(), TODAY).unwrap();
        assert_eq!(v.last_name.as_str(), "Әбдіғалиева");
        assert_eq!(v.phone.as_str(), "+77012345678");
        assert_eq!(v.phone_extra, None);
        assert_eq!(v.email.unwrap().as_str(), "Aigul@mail.kz");
        assert_eq!(v.authority, Authority::Mother);
        assert_eq!(
            v.registered_address,
            "Ақтау қ., 14 шағын аудан, 5 үй, 12 пәтер"
        );
    }

    #[test]
    fn optional_fields_may_be_empty() {
        let mut d = representative();
        d.patronymic = "  ".into();
        d.email = String::new();
        d.phone_extra = String::new();
        let v = validate_representative(&d, TODAY).unwrap();
        assert_eq!((v.patronymic, v.email, v.phone_extra), (None, None, None));
    }

    #[test]
    fn empty_representative_reports_every_required_field() {
        let got = errors_of(validate_representative(
            &RepresentativeDraft::default(),
            TODAY,
        ));
        assert_eq!(
            got,
            [
                ("iin", "iin.empty"),
                ("last_name", "name.empty"),
                ("first_name", "name.empty"),
                ("authority", "form.required"),
                ("phone", "phone.empty"),
                ("workplace", "form.required"),
                ("position", "form.required"),
                ("registered_address", "form.required"),
                ("residential_address", "form.required"),
            ]
        );
    }

    #[test]
    fn representative_errors_all_at_once() {
        let mut d = representative();
        d.iin = "900215400000".into();
        d.first_name = "Айгүл2".into();
        d.authority = "aunt".into();
        d.phone = "8 727 250 00 00".into();
        d.phone_extra = "4111 1111".into();
        d.email = "aigul.mail.kz".into();
        d.position = "x".repeat(MAX_POSITION_CHARS + 1);
        let got = errors_of(validate_representative(&d, TODAY));
        assert_eq!(
            got,
            [
                ("iin", "iin.bad_checksum"),
                ("first_name", "name.bad_characters"),
                ("authority", "form.unknown_option"),
                ("phone", "phone.landline"),
                ("phone_extra", "phone.wrong_length"),
                ("email", "email.missing_at"),
                ("position", "form.too_long"),
            ]
        );
    }

    #[test]
    fn cross_field_rules_of_step_3() {
        let mut d = representative();
        d.authority = "father".into(); // female IIN (digit 4)
        assert_eq!(
            errors_of(validate_representative(&d, TODAY)),
            [("authority", "form.authority_sex_mismatch")]
        );
        d.authority = "guardian".into();
        assert!(validate_representative(&d, TODAY).is_ok());
        d.iin = make_iin("250101", 5, 1); // born 2025
        assert_eq!(
            errors_of(validate_representative(&d, TODAY)),
            [("iin", "form.birth_date_in_future")]
        );
        let mut d = representative();
        d.workplace = "ЖШС\u{0}".into();
        assert_eq!(
            errors_of(validate_representative(&d, TODAY)),
            [("workplace", "form.bad_characters")]
        );
    }

    #[test]
    fn valid_requisites() {
        let v = validate_requisites(&requisites(), TODAY).unwrap();
        assert_eq!(v.id_doc.as_str(), "045123789");
        assert_eq!(v.id_doc_issued_on, date!(2019 - 06 - 20));
        assert_eq!(v.bic.as_str(), "HSBKKZKX");
        assert_eq!(v.bank().unwrap().iban_code, "601");
        let mut d = requisites();
        d.bank = "HSBKKZKX".into(); // BIC as select value
        d.id_doc_expires_on = None;
        d.id_doc_issued_on = "20.06.2019".into();
        assert!(validate_requisites(&d, TODAY).is_ok());
    }

    #[test]
    fn empty_requisites_report_every_required_field() {
        let got = errors_of(validate_requisites(&RequisitesDraft::default(), TODAY));
        assert_eq!(
            got,
            [
                ("id_doc_type", "form.required"),
                ("id_doc_number", "id_doc.empty"),
                ("id_doc_issued_on", "form.required"),
                ("id_doc_issuer", "form.required"),
                ("bank", "form.required"),
                ("bic", "bic.empty"),
                ("bank_branch", "form.required"),
                ("iban", "iban.empty"),
            ]
        );
    }

    #[test]
    fn requisites_cross_checks() {
        // Kaspi selected, Halyk IBAN, Halyk BIC.
        let mut d = requisites();
        d.bank = "722".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("bank", "form.bank_iban_mismatch")]
        );
        // Halyk IBAN, Kaspi BIC.
        let mut d = requisites();
        d.bic = "CASPKZKA".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("bic", "bic_mismatch.different_bank")]
        );
        // IBAN invalid: BIC is compared with the selected bank instead.
        let mut d = requisites();
        d.iban = "4111 1111 1111 1111".into();
        d.bic = "CASPKZKA".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [
                ("bic", "form.bic_bank_mismatch"),
                ("iban", "iban.card_number")
            ]
        );
        // A well-formed IBAN of a bank missing from the table.
        let mut d = requisites();
        d.iban = make_iban("125", "KZT5004100100");
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("iban", "iban.unknown_bank")]
        );
        // Unknown bank in the select.
        let mut d = requisites();
        d.bank = "Халық".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("bank", "form.unknown_option")]
        );
    }

    #[test]
    fn requisites_dates_and_document() {
        let mut d = requisites();
        d.id_doc_issued_on = "2024-09-02".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("id_doc_issued_on", "id_doc_date.issued_in_future")]
        );
        let mut d = requisites();
        d.id_doc_expires_on = Some("2024-08-31".into());
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("id_doc_expires_on", "id_doc_date.expired")]
        );
        let mut d = requisites();
        d.id_doc_expires_on = Some("2019-06-20".into());
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("id_doc_expires_on", "id_doc_date.expiry_before_issue")]
        );
        let mut d = requisites();
        d.id_doc_issued_on = "2019-02-30".into();
        d.id_doc_expires_on = Some("soon".into());
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [
                ("id_doc_issued_on", "form.bad_date"),
                ("id_doc_expires_on", "form.bad_date")
            ]
        );
        let mut d = requisites();
        d.id_doc_type = "passport".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("id_doc_number", "id_doc.bad_passport_number")]
        );
        d.id_doc_number = "Н 0123 4567".into();
        assert_eq!(
            validate_requisites(&d, TODAY).unwrap().id_doc.as_str(),
            "N01234567"
        );
        let mut d = requisites();
        d.id_doc_type = "birth_certificate".into();
        assert_eq!(
            errors_of(validate_requisites(&d, TODAY)),
            [("id_doc_type", "form.unknown_option")]
        );
    }

    #[test]
    fn documents() {
        let v = validate_documents(&super::test_values::documents()).unwrap();
        assert_eq!(v.pmpk_conclusion, None);
        let digests = v.digests();
        assert_eq!(digests.len(), 3);
        assert_eq!(digests[0].kind, DocumentKind::Photo);

        let got = errors_of(validate_documents(&DocumentsDraft::default()));
        assert_eq!(
            got,
            [
                ("photo", "document.missing"),
                ("health_passport", "document.missing"),
                ("health_certificate", "document.missing"),
            ]
        );
        let mut d = super::test_values::documents();
        d.photo.as_mut().unwrap().size = MAX_UPLOAD_BYTES + 1;
        d.health_passport.as_mut().unwrap().size = 0;
        d.health_certificate.as_mut().unwrap().sha256_hex = "abc".into();
        d.pmpk_conclusion = Some(DocumentRef {
            id: "../etc/passwd".into(),
            ..doc(4)
        });
        assert_eq!(
            errors_of(validate_documents(&d)),
            [
                ("photo", "document.too_large"),
                ("health_passport", "document.empty_file"),
                ("health_certificate", "document.bad_reference"),
                ("pmpk_conclusion", "document.bad_reference"),
            ]
        );
        let mut d = super::test_values::documents();
        d.set(DocumentKind::PmpkConclusion, Some(doc(4)));
        d.photo.as_mut().unwrap().sha256_hex = "AB".repeat(32);
        let v = validate_documents(&d).unwrap();
        assert_eq!(v.photo.sha256_hex, "ab".repeat(32));
        assert_eq!(v.digests().len(), 4);
    }

    #[test]
    fn whole_contract() {
        assert!(validate_contract(&contract(), TODAY).is_ok());
        let mut d = contract();
        d.representative.phone.clear();
        d.requisites.iban.clear();
        d.documents.photo = None;
        let got = errors_of(validate_contract(&d, TODAY));
        assert_eq!(
            got,
            [
                ("phone", "phone.empty"),
                ("iban", "iban.empty"),
                ("photo", "document.missing")
            ]
        );
    }

    #[test]
    fn messages_of_errors() {
        let errs = validate_representative(&RepresentativeDraft::default(), TODAY).unwrap_err();
        assert_eq!(
            errs.message(Field::Iin, Lang::Kk),
            Some("ЖСН-ді енгізіңіз.")
        );
        assert_eq!(errs.message(Field::Iin, Lang::Ru), Some("Укажите ИИН."));
        assert_eq!(errs.message(Field::Email, Lang::Kk), None);
        assert!(
            errs.to_string()
                .starts_with("iin: iin.empty, last_name: name.empty")
        );
        let json = serde_json::to_string(&errs.0[0]).unwrap();
        assert_eq!(
            json,
            r#"{"field":"iin","problem":{"kind":"iin","error":"Empty"}}"#
        );
        let back: FieldErrors =
            serde_json::from_str(&serde_json::to_string(&errs).unwrap()).unwrap();
        assert_eq!(back, errs);
    }

    #[test]
    fn draft_serde_is_tolerant() {
        let d: ContractDraft = serde_json::from_str("{}").unwrap();
        assert_eq!(d, ContractDraft::default());
        let d: ContractDraft = serde_json::from_str(
            r#"{"representative":{"iin":"1","future_field":true},"requisites":{"id_doc_expires_on":null},"documents":{"photo":{"id":"x"}},"extra":[1,2]}"#,
        )
        .unwrap();
        assert_eq!(d.representative.iin, "1");
        assert_eq!(d.documents.photo.unwrap().size, 0);
        let full = contract();
        let json = serde_json::to_string(&full).unwrap();
        assert_eq!(serde_json::from_str::<ContractDraft>(&json).unwrap(), full);
        // The validated form round-trips too (and is re-validated on the way in).
        let valid = validate_contract(&full, TODAY).unwrap();
        let json = serde_json::to_string(&valid).unwrap();
        assert!(
            json.contains(r#""id_doc_issued_on":"2019-06-20""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<ValidContract>(&json).unwrap(), valid);
    }

    #[test]
    fn fill_bank() {
        assert_eq!(fill_bank_from_iban("KZ12 722").unwrap().bic, "CASPKZKA");
        assert_eq!(fill_bank_from_iban("KZ"), None);
    }

    fn arb_representative() -> impl Strategy<Value = RepresentativeDraft> {
        let s = || "\\PC{0,40}";
        (s(), s(), s(), s(), s(), s(), s(), s(), s(), s(), s(), s()).prop_map(
            |(
                iin,
                last_name,
                first_name,
                patronymic,
                authority,
                phone,
                phone_extra,
                email,
                workplace,
                position,
                registered_address,
                residential_address,
            )| {
                RepresentativeDraft {
                    iin,
                    last_name,
                    first_name,
                    patronymic,
                    authority,
                    phone,
                    phone_extra,
                    email,
                    workplace,
                    position,
                    registered_address,
                    residential_address,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn validation_never_panics(r in arb_representative(), strs in prop::collection::vec("\\PC{0,30}", 9), size in any::<u64>()) {
            let _ = validate_representative(&r, TODAY);
            let q = RequisitesDraft {
                id_doc_type: strs[0].clone(),
                id_doc_number: strs[1].clone(),
                id_doc_issued_on: strs[2].clone(),
                id_doc_expires_on: Some(strs[3].clone()),
                id_doc_issuer: strs[4].clone(),
                bank: strs[5].clone(),
                bic: strs[6].clone(),
                bank_branch: strs[7].clone(),
                iban: strs[8].clone(),
            };
            let _ = validate_requisites(&q, TODAY);
            let d = DocumentsDraft {
                photo: Some(DocumentRef { id: strs[0].clone(), sha256_hex: strs[1].clone(), size }),
                ..Default::default()
            };
            let _ = validate_documents(&d);
        }

        #[test]
        fn errors_are_unique_per_field_and_ordered(r in arb_representative()) {
            if let Err(errs) = validate_representative(&r, TODAY) {
                let fields: Vec<Field> = errs.fields().collect();
                let mut sorted = fields.clone();
                sorted.sort();
                sorted.dedup();
                prop_assert_eq!(fields, sorted);
            }
        }
    }
}
