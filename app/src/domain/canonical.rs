//! The canonical bytes of a contract: exactly what the parent and the kindergarten sign.
//!
//! Rule (GUIDE.md requirement 6 and the FAQ): "what is signed is exactly what is shown";
//! "the prices the parent saw when deciding are the prices written into the contract". The
//! EDS signature covers these bytes, computed identically in the browser (wasm32) and on the
//! server; the displayed text is rendered from the same [`ContractTerms`] and template.
//!
//! # Format `EKG-CONTRACT/1`
//! - UTF-8 text; lines end with `\n` (LF) only, including the last line;
//! - line 1 is `EKG-CONTRACT/1`; every other line is `key=value`;
//! - keys are ASCII and appear in the fixed order written by [`canonical_bytes`]; a key is
//!   never omitted: an absent optional value is an empty value (no optional value can be an
//!   empty string when present, since its type forbids it);
//! - values are the strings stored verbatim (no Unicode normalisation: NFC is not applied,
//!   so the stored string is what was validated and shown), with `\` written `\\`, LF `\n`,
//!   CR `\r`, TAB `\t` and any other C0 control or DEL as `\xHH` (upper-case hex); `=` needs
//!   no escape because the key comes first;
//! - dates are `YYYY-MM-DD`; integers are decimal without leading zeros or separators;
//!   enumerations are their stable codes (`mother`, `id_card`, `photo`);
//! - documents are sorted by kind in form order (photo, health_passport,
//!   health_certificate, pmpk_conclusion), then by hash and size, and preceded by their
//!   count.
//!
//! A change of format is a new first line (`EKG-CONTRACT/2`); old contracts keep being
//! verified with the version they were signed with.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;

use super::authority::Authority;
use super::bin::Bin;
use super::dates::format_iso;
use super::draft::{ValidRepresentative, ValidRequisites};
use super::email::Email;
use super::iban::Iban;
use super::id_document::{IdDocNumber, IdDocType};
use super::iin::Iin;
use super::image_rules::DocumentKind;
use super::numbering::ReferralNumber;
use super::person_name::PersonName;
use super::phone::Phone;
use super::uploaded_document::DocumentDigest;

/// First line of the current format.
pub const FORMAT_HEADER: &str = "EKG-CONTRACT/1";

/// The education department that issued the template («... білім басқармасы» ММ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Department {
    pub name_kk: String,
    pub name_ru: String,
}

/// The kindergarten (the executor of the contract).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Kindergarten {
    pub name_kk: String,
    pub name_ru: String,
    pub bin: Option<Bin>,
    pub address: String,
}

/// The child the contract is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ChildTerms {
    pub iin: Iin,
    pub last_name: PersonName,
    pub first_name: PersonName,
    pub patronymic: Option<PersonName>,
}

/// Everything the contract states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ContractTerms {
    /// Template of the education department and its version and hash.
    pub template_id: String,
    pub template_version: u32,
    pub template_sha256_hex: String,
    /// Contract number, e.g. `01.01-01.21.001` (a string: older formats exist).
    pub number: String,
    #[serde(with = "super::dates::serde_iso")]
    pub date: Date,
    pub place_kk: String,
    pub place_ru: String,
    pub department: Department,
    pub kindergarten: Kindergarten,
    pub group_name: String,
    pub age_period_kk: String,
    pub age_period_ru: String,
    /// Monthly amount in whole tenge.
    pub monthly_amount_tenge: u64,
    #[serde(with = "super::dates::serde_iso")]
    pub valid_from: Date,
    #[serde(with = "super::dates::serde_iso")]
    pub valid_to: Date,
    pub referral_number: ReferralNumber,
    #[serde(with = "super::dates::serde_iso")]
    pub referral_issued_on: Date,
    pub child: ChildTerms,
    pub representative: ValidRepresentative,
    pub requisites: ValidRequisites,
    pub documents: Vec<DocumentDigest>,
}

/// Appends `value` escaped as described in the module documentation.
fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
}

struct Writer(String);

impl Writer {
    fn line(&mut self, key: &str, value: &str) {
        self.0.push_str(key);
        self.0.push('=');
        escape_into(&mut self.0, value);
        self.0.push('\n');
    }

    fn opt(&mut self, key: &str, value: Option<&str>) {
        self.line(key, value.unwrap_or_default());
    }

    fn date(&mut self, key: &str, date: Date) {
        self.line(key, &format_iso(date));
    }
}

/// The canonical bytes of `terms` (format `EKG-CONTRACT/1`).
pub fn canonical_bytes(terms: &ContractTerms) -> Vec<u8> {
    let t = terms;
    let mut w = Writer(String::with_capacity(2048));
    w.0.push_str(FORMAT_HEADER);
    w.0.push('\n');

    w.line("template.id", &t.template_id);
    w.line("template.version", &t.template_version.to_string());
    w.line("template.sha256", &t.template_sha256_hex);
    w.line("contract.number", &t.number);
    w.date("contract.date", t.date);
    w.line("contract.place.kk", &t.place_kk);
    w.line("contract.place.ru", &t.place_ru);
    w.line("department.name.kk", &t.department.name_kk);
    w.line("department.name.ru", &t.department.name_ru);
    w.line("kindergarten.name.kk", &t.kindergarten.name_kk);
    w.line("kindergarten.name.ru", &t.kindergarten.name_ru);
    w.opt(
        "kindergarten.bin",
        t.kindergarten.bin.as_ref().map(Bin::as_str),
    );
    w.line("kindergarten.address", &t.kindergarten.address);
    w.line("group.name", &t.group_name);
    w.line("group.age_period.kk", &t.age_period_kk);
    w.line("group.age_period.ru", &t.age_period_ru);
    w.line("amount.monthly_tenge", &t.monthly_amount_tenge.to_string());
    w.date("validity.from", t.valid_from);
    w.date("validity.to", t.valid_to);
    w.line("referral.number", &t.referral_number.get().to_string());
    w.date("referral.issued_on", t.referral_issued_on);

    let c = &t.child;
    w.line("child.iin", c.iin.as_str());
    w.line("child.last_name", c.last_name.as_str());
    w.line("child.first_name", c.first_name.as_str());
    w.opt(
        "child.patronymic",
        c.patronymic.as_ref().map(PersonName::as_str),
    );

    let r = &t.representative;
    w.line("representative.iin", r.iin.as_str());
    w.line("representative.last_name", r.last_name.as_str());
    w.line("representative.first_name", r.first_name.as_str());
    w.opt(
        "representative.patronymic",
        r.patronymic.as_ref().map(PersonName::as_str),
    );
    w.line("representative.authority", Authority::as_str(r.authority));
    w.line("representative.phone", r.phone.as_str());
    w.opt(
        "representative.phone_extra",
        r.phone_extra.as_ref().map(Phone::as_str),
    );
    w.opt("representative.email", r.email.as_ref().map(Email::as_str));
    w.line("representative.workplace", &r.workplace);
    w.line("representative.position", &r.position);
    w.line("representative.registered_address", &r.registered_address);
    w.line("representative.residential_address", &r.residential_address);

    let q = &t.requisites;
    w.line(
        "requisites.id_doc.type",
        IdDocType::as_str(q.id_doc.doc_type()),
    );
    w.line("requisites.id_doc.number", IdDocNumber::as_str(&q.id_doc));
    w.date("requisites.id_doc.issued_on", q.id_doc_issued_on);
    w.opt(
        "requisites.id_doc.expires_on",
        q.id_doc_expires_on.map(format_iso).as_deref(),
    );
    w.line("requisites.id_doc.issuer", &q.id_doc_issuer);
    w.line("requisites.bank.code", q.iban.bank_code());
    w.line("requisites.bic", q.bic.as_str());
    w.line("requisites.bank_branch", &q.bank_branch);
    w.line("requisites.iban", Iban::as_str(&q.iban));

    let mut docs: Vec<&DocumentDigest> = t.documents.iter().collect();
    docs.sort();
    w.line("documents.count", &docs.len().to_string());
    for d in docs {
        let kind = d.kind.form_name();
        w.line(&format!("document.{kind}.sha256"), &d.sha256_hex);
        w.line(&format!("document.{kind}.size"), &d.size.to_string());
    }
    w.0.into_bytes()
}

/// Lower-case hex of bytes.
pub fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0F)]));
    }
    s
}

/// SHA-256 of arbitrary bytes, lower-case hex (documents, templates).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_lower(&Sha256::digest(bytes))
}

/// SHA-256 of the canonical bytes, lower-case hex.
pub fn canonical_sha256_hex(terms: &ContractTerms) -> String {
    sha256_hex(&canonical_bytes(terms))
}

/// A complete example contract built from the guide's sample data (`01.01-01.21.001`,
/// referral `#378618`, 40 000 tenge). Used by the golden test, by the wasm32 identity check
/// and as demo data; every value in it is valid.
pub fn example_terms() -> ContractTerms {
    fn name(s: &str) -> PersonName {
        PersonName::parse(s).expect("valid example name")
    }
    let d = |y, m: u8, day| {
        Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), day)
            .expect("valid example date")
    };
    ContractTerms {
        template_id: "kz-preschool-education-services".into(),
        template_version: 3,
        template_sha256_hex: sha256_hex("Шарт үлгісі / Типовой договор".as_bytes()),
        number: "01.01-01.21.001".into(),
        date: d(2021, 1, 15),
        place_kk: "Ақтау кенті".into(),
        place_ru: "поселок Актау".into(),
        department: Department {
            name_kk: "«Қарағанды облысының білім басқармасы» ММ".into(),
            name_ru: "ГУ «Управление образования Карагандинской области»".into(),
        },
        kindergarten: Kindergarten {
            name_kk: "№1 Балабақшасы".into(),
            name_ru: "Детский сад №1".into(),
            bin: Some(Bin::parse("070140001231").expect("valid example BIN")),
            address: "Иманбаев көшесі, 10 үй".into(),
        },
        group_name: "Ромашка".into(),
        age_period_kk: "2 жастан 3 жасқа дейін".into(),
        age_period_ru: "от 2 до 3 лет".into(),
        monthly_amount_tenge: 40_000,
        valid_from: d(2021, 1, 15),
        valid_to: d(2022, 1, 14),
        referral_number: ReferralNumber::new(378_618).expect("non-zero"),
        referral_issued_on: d(2020, 12, 21),
        child: ChildTerms {
            iin: Iin::parse("190305601230").expect("valid example IIN"),
            last_name: name("Әбдіғалиева"),
            first_name: name("Аружан"),
            patronymic: Some(name("Ерланқызы")),
        },
        representative: ValidRepresentative {
            iin: Iin::parse("900215412344").expect("valid example IIN"),
            last_name: name("Әбдіғалиева"),
            first_name: name("Айгүл"),
            patronymic: Some(name("Нұрланқызы")),
            authority: Authority::Mother,
            phone: Phone::parse("+7 701 234 56 78").expect("valid example phone"),
            phone_extra: None,
            email: Some(Email::parse("aigul@mail.kz").expect("valid example e-mail")),
            workplace: "«Қазпошта» АҚ".into(),
            position: "Менеджер".into(),
            registered_address: "Ақтау кенті, Иманбаев көшесі, 12 үй, 3 пәтер".into(),
            residential_address: "Ақтау кенті, Иманбаев көшесі, 12 үй, 3 пәтер".into(),
        },
        requisites: ValidRequisites {
            id_doc: IdDocNumber::parse(IdDocType::IdCard, "045123789").expect("valid example"),
            id_doc_issued_on: d(2019, 6, 20),
            id_doc_expires_on: Some(d(2029, 6, 19)),
            id_doc_issuer: "ҚР ІІМ".into(),
            bic: super::bic::Bic::parse("HSBKKZKX").expect("valid example BIC"),
            bank_branch: "Қарағанды облыстық филиалы".into(),
            iban: Iban::parse("KZ57601A123456789012").expect("valid example IBAN"),
        },
        documents: vec![
            DocumentDigest {
                kind: DocumentKind::HealthCertificate,
                sha256_hex: sha256_hex(b"063/u"),
                size: 412_345,
            },
            DocumentDigest {
                kind: DocumentKind::Photo,
                sha256_hex: sha256_hex(b"photo"),
                size: 183_204,
            },
            DocumentDigest {
                kind: DocumentKind::HealthPassport,
                sha256_hex: sha256_hex(b"health passport"),
                size: 1_048_576,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected canonical text of [`example_terms`], written independently of this
    /// module (the hashes were computed with another SHA-256 implementation). If this test
    /// fails, the signed bytes changed: that is a new format version, not a test to update.
    const GOLDEN: &str = concat!(
        "EKG-CONTRACT/1\n",
        "template.id=kz-preschool-education-services\n",
        "template.version=3\n",
        "template.sha256=407dda408260e140c518d3f2d5d400b3ba80aadd566607f801d175ae86b2cda9\n",
        "contract.number=01.01-01.21.001\n",
        "contract.date=2021-01-15\n",
        "contract.place.kk=Ақтау кенті\n",
        "contract.place.ru=поселок Актау\n",
        "department.name.kk=«Қарағанды облысының білім басқармасы» ММ\n",
        "department.name.ru=ГУ «Управление образования Карагандинской области»\n",
        "kindergarten.name.kk=№1 Балабақшасы\n",
        "kindergarten.name.ru=Детский сад №1\n",
        "kindergarten.bin=070140001231\n",
        "kindergarten.address=Иманбаев көшесі, 10 үй\n",
        "group.name=Ромашка\n",
        "group.age_period.kk=2 жастан 3 жасқа дейін\n",
        "group.age_period.ru=от 2 до 3 лет\n",
        "amount.monthly_tenge=40000\n",
        "validity.from=2021-01-15\n",
        "validity.to=2022-01-14\n",
        "referral.number=378618\n",
        "referral.issued_on=2020-12-21\n",
        "child.iin=190305601230\n",
        "child.last_name=Әбдіғалиева\n",
        "child.first_name=Аружан\n",
        "child.patronymic=Ерланқызы\n",
        "representative.iin=900215412344\n",
        "representative.last_name=Әбдіғалиева\n",
        "representative.first_name=Айгүл\n",
        "representative.patronymic=Нұрланқызы\n",
        "representative.authority=mother\n",
        "representative.phone=+77012345678\n",
        "representative.phone_extra=\n",
        "representative.email=aigul@mail.kz\n",
        "representative.workplace=«Қазпошта» АҚ\n",
        "representative.position=Менеджер\n",
        "representative.registered_address=Ақтау кенті, Иманбаев көшесі, 12 үй, 3 пәтер\n",
        "representative.residential_address=Ақтау кенті, Иманбаев көшесі, 12 үй, 3 пәтер\n",
        "requisites.id_doc.type=id_card\n",
        "requisites.id_doc.number=045123789\n",
        "requisites.id_doc.issued_on=2019-06-20\n",
        "requisites.id_doc.expires_on=2029-06-19\n",
        "requisites.id_doc.issuer=ҚР ІІМ\n",
        "requisites.bank.code=601\n",
        "requisites.bic=HSBKKZKX\n",
        "requisites.bank_branch=Қарағанды облыстық филиалы\n",
        "requisites.iban=KZ57601A123456789012\n",
        "documents.count=3\n",
        "document.photo.sha256=55c64d0fcd6f9d5f7c828093857e3fdfda68478bb4e9bd24d481ef391c7804e8\n",
        "document.photo.size=183204\n",
        "document.health_passport.sha256=0e7da915c8539dec30cfaffadb6b0d6e26917d1eac1922a94049adae5ab1217a\n",
        "document.health_passport.size=1048576\n",
        "document.health_certificate.sha256=95b53f19b80dac32b2367038672da082d6b0ecd32feb5fceb1689c8ea4ea8026\n",
        "document.health_certificate.size=412345\n",
    );
    const GOLDEN_SHA256: &str = "76b51f59b7a034a27265d86078f3ce154efd82d4fa63268983f06276de539cf7";

    #[test]
    fn golden_fixture() {
        let bytes = canonical_bytes(&example_terms());
        assert_eq!(String::from_utf8(bytes.clone()).unwrap(), GOLDEN);
        assert_eq!(bytes, GOLDEN.as_bytes());
        assert_eq!(canonical_sha256_hex(&example_terms()), GOLDEN_SHA256);
    }

    #[test]
    fn sha256_known_answer() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex_lower(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }

    #[test]
    fn deterministic_and_document_order_independent() {
        let a = example_terms();
        let mut b = example_terms();
        b.documents.reverse();
        assert_eq!(canonical_bytes(&a), canonical_bytes(&a));
        assert_eq!(canonical_bytes(&a), canonical_bytes(&b));
        // A serde round trip keeps the bytes.
        let json = serde_json::to_string(&a).unwrap();
        let back: ContractTerms = serde_json::from_str(&json).unwrap();
        assert_eq!(canonical_bytes(&back), canonical_bytes(&a));
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        escape_into(&mut s, "a\\b\nc\rd\te\u{0}f\u{7f}g=h«ә»");
        assert_eq!(s, "a\\\\b\\nc\\rd\\te\\x00f\\x7Fg=h«ә»");
        let mut t = example_terms();
        t.kindergarten.address = "line 1\nplace.kk=forged".into();
        let text = String::from_utf8(canonical_bytes(&t)).unwrap();
        assert!(text.contains("kindergarten.address=line 1\\nplace.kk=forged\n"));
        assert_eq!(text.lines().count(), GOLDEN.lines().count());
    }

    #[test]
    fn format_shape() {
        let text = String::from_utf8(canonical_bytes(&example_terms())).unwrap();
        assert!(text.ends_with('\n'));
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(FORMAT_HEADER));
        let mut keys = std::collections::HashSet::new();
        for line in lines {
            let (key, _) = line.split_once('=').expect("key=value");
            assert!(key.is_ascii() && !key.is_empty());
            assert!(keys.insert(key.to_owned()), "duplicate key {key}");
        }
        assert!(!text.contains('\r'));
    }

    /// Every field of the terms, changed one at a time, changes the bytes.
    #[test]
    fn any_change_changes_the_bytes() {
        type Mutation = (&'static str, fn(&mut ContractTerms));
        let mutations: Vec<Mutation> = vec![
            ("template_id", |t| t.template_id.push('x')),
            ("template_version", |t| t.template_version += 1),
            ("template_sha256", |t| {
                t.template_sha256_hex = sha256_hex(b"other")
            }),
            ("number", |t| t.number = "01.01-01.21.002".into()),
            ("date", |t| t.date = t.date.next_day().unwrap()),
            ("place_kk", |t| t.place_kk.push('.')),
            ("place_ru", |t| t.place_ru.push('.')),
            ("department.kk", |t| t.department.name_kk.push('.')),
            ("department.ru", |t| t.department.name_ru.push('.')),
            ("kg.name_kk", |t| t.kindergarten.name_kk.push('.')),
            ("kg.name_ru", |t| t.kindergarten.name_ru.push('.')),
            ("kg.bin", |t| t.kindergarten.bin = None),
            ("kg.address", |t| t.kindergarten.address.push('.')),
            ("group", |t| t.group_name = "Күнбағыс".into()),
            ("age_kk", |t| t.age_period_kk.push('.')),
            ("age_ru", |t| t.age_period_ru.push('.')),
            ("amount", |t| t.monthly_amount_tenge += 1),
            ("valid_from", |t| {
                t.valid_from = t.valid_from.next_day().unwrap()
            }),
            ("valid_to", |t| t.valid_to = t.valid_to.next_day().unwrap()),
            ("referral", |t| {
                t.referral_number = ReferralNumber::new(378_619).unwrap()
            }),
            ("referral_date", |t| {
                t.referral_issued_on = t.referral_issued_on.next_day().unwrap()
            }),
            ("child.iin", |t| {
                t.child.iin = Iin::parse("900215412344").unwrap()
            }),
            ("child.last", |t| {
                t.child.last_name = PersonName::parse("Әбдіғалиев").unwrap()
            }),
            ("child.first", |t| {
                t.child.first_name = PersonName::parse("Аружана").unwrap()
            }),
            ("child.patronymic", |t| t.child.patronymic = None),
            ("rep.iin", |t| {
                t.representative.iin = Iin::parse("190305601230").unwrap()
            }),
            ("rep.last", |t| {
                t.representative.last_name = PersonName::parse("Әбдіғали").unwrap()
            }),
            ("rep.first", |t| {
                t.representative.first_name = PersonName::parse("Айгүлім").unwrap()
            }),
            ("rep.patronymic", |t| t.representative.patronymic = None),
            ("rep.authority", |t| {
                t.representative.authority = Authority::Guardian
            }),
            ("rep.phone", |t| {
                t.representative.phone = Phone::parse("87071234567").unwrap()
            }),
            ("rep.phone_extra", |t| {
                t.representative.phone_extra = Some(Phone::parse("87071234567").unwrap())
            }),
            ("rep.email", |t| t.representative.email = None),
            ("rep.workplace", |t| t.representative.workplace.push('.')),
            ("rep.position", |t| t.representative.position.push('.')),
            ("rep.registered", |t| {
                t.representative.registered_address.push('.')
            }),
            ("rep.residential", |t| {
                t.representative.residential_address.push('.')
            }),
            ("req.doc_type", |t| {
                t.requisites.id_doc =
                    IdDocNumber::parse(IdDocType::ResidencePermit, "045123789").unwrap()
            }),
            ("req.doc_number", |t| {
                t.requisites.id_doc = IdDocNumber::parse(IdDocType::IdCard, "045123780").unwrap()
            }),
            ("req.issued", |t| {
                t.requisites.id_doc_issued_on = t.requisites.id_doc_issued_on.next_day().unwrap()
            }),
            ("req.expires", |t| t.requisites.id_doc_expires_on = None),
            ("req.issuer", |t| {
                t.requisites.id_doc_issuer = "МВД РК".into()
            }),
            ("req.bic", |t| {
                t.requisites.bic = super::super::bic::Bic::parse("HSBKKZKXXXX").unwrap()
            }),
            ("req.branch", |t| t.requisites.bank_branch.push('.')),
            ("req.iban", |t| {
                t.requisites.iban = Iban::parse("KZ86125KZT5004100100").unwrap()
            }),
            ("doc.remove", |t| {
                t.documents.pop();
            }),
            ("doc.hash", |t| t.documents[0].sha256_hex = sha256_hex(b"x")),
            ("doc.size", |t| t.documents[0].size += 1),
            ("doc.kind", |t| {
                t.documents[0].kind = DocumentKind::PmpkConclusion
            }),
        ];
        let base = canonical_bytes(&example_terms());
        let mut seen = std::collections::HashSet::new();
        for (name, mutate) in mutations {
            let mut t = example_terms();
            mutate(&mut t);
            assert_ne!(t, example_terms(), "{name}: mutation did nothing");
            let bytes = canonical_bytes(&t);
            assert_ne!(bytes, base, "{name} did not change the canonical bytes");
            assert!(seen.insert(bytes), "{name} collides with another mutation");
        }
    }

    #[test]
    fn example_is_a_valid_contract() {
        let t = example_terms();
        // The example's representative and requisites pass the wizard's own validation.
        let today = t.date;
        let draft = super::super::draft::RepresentativeDraft {
            iin: t.representative.iin.to_string(),
            last_name: t.representative.last_name.to_string(),
            first_name: t.representative.first_name.to_string(),
            patronymic: t.representative.patronymic.as_ref().unwrap().to_string(),
            authority: t.representative.authority.as_str().into(),
            phone: t.representative.phone.to_string(),
            phone_extra: String::new(),
            email: t.representative.email.as_ref().unwrap().to_string(),
            workplace: t.representative.workplace.clone(),
            position: t.representative.position.clone(),
            registered_address: t.representative.registered_address.clone(),
            residential_address: t.representative.residential_address.clone(),
        };
        assert_eq!(
            super::super::draft::validate_representative(&draft, today).unwrap(),
            t.representative
        );
        assert_eq!(
            t.requisites.iban.bank().unwrap().bic,
            t.requisites.bic.as_str()
        );
    }
}
