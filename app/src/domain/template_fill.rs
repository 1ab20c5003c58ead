//! Filling a template with the terms of one contract.
//!
//! Rule (GUIDE.md requirement 6): the bilingual contract is built from the education
//! department's template with number, date, place, amount, group, age period and referral;
//! what is signed is exactly what is shown. The signed bytes are the canonical terms
//! (`canonical.rs`); the text the parent reads (HTML in the wizard, the PDF) is
//! `fill(template, values)` where [`Values`] is taken from the same terms, so both show the
//! same data. All display formatting of values (dates, amounts, names, the identity
//! document) happens here, once, for every renderer.
//!
//! Pure: no I/O; identical on wasm32 and the server.

use serde::{Deserialize, Serialize};
use time::Date;

use super::dates::format_kz;
use super::lang::Lang;
use super::template::{Placeholder, Template, Token, tokenize};

/// What is shown for an absent or blank value.
pub const ABSENT: &str = "—";

/// The thousands separator and the space before the currency: NO-BREAK SPACE (U+00A0), a
/// normal-width space that never breaks a line inside `40 000 теңге` and exists in every
/// font.
pub const AMOUNT_SPACE: char = '\u{00A0}';

/// A text that differs between the languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Bilingual {
    pub kk: String,
    pub ru: String,
}

impl Bilingual {
    /// Kazakh and Russian texts.
    pub fn new(kk: impl Into<String>, ru: impl Into<String>) -> Self {
        Bilingual {
            kk: kk.into(),
            ru: ru.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
        }
    }
}

/// A person's name as written in the contract: «Фамилия Аты Әкесінің аты».
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct FullName {
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
}

impl FullName {
    /// `Last First Patronymic` (without the patronymic when there is none).
    pub fn display(&self) -> String {
        let mut parts = vec![self.last_name.trim(), self.first_name.trim()];
        if let Some(p) = &self.patronymic {
            parts.push(p.trim());
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }
}

/// The representative's identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdDocValues {
    /// Kind, as the wizard labels it («Жеке куәлік» / «Удостоверение личности»).
    pub kind: Bilingual,
    /// Number.
    pub number: String,
    /// Issue date.
    pub issued_on: Date,
    /// Issuing authority («ҚР ІІМ»).
    pub issuer: String,
}

impl IdDocValues {
    /// «Жеке куәлік № 045123789, берілген күні 20.06.2019, берген орган: ҚР ІІМ» /
    /// «Удостоверение личности № 045123789, выдано 20.06.2019, орган выдачи: ҚР ІІМ».
    pub fn display(&self, lang: Lang) -> String {
        let date = format_kz(self.issued_on);
        let kind = or_absent(self.kind.get(lang));
        let number = or_absent(&self.number);
        let issuer = or_absent(&self.issuer);
        match lang {
            Lang::Kk => {
                format!("{kind} № {number}, берілген күні {date}, берген орган: {issuer}")
            }
            Lang::Ru => format!("{kind} № {number}, выдано {date}, орган выдачи: {issuer}"),
        }
    }
}

/// The values of every [`Placeholder`] for one contract, in both languages where they
/// differ. Built from `ContractTerms` (see the mapping on each field); typed where the
/// display format matters (dates, amount), so formatting is done here only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    /// `terms.number`.
    pub contract_number: String,
    /// `terms.date`.
    pub contract_date: Date,
    /// `terms.place_kk` / `place_ru`.
    pub place: Bilingual,
    /// `terms.department.name_kk` / `name_ru`.
    pub department_name: Bilingual,
    /// `terms.kindergarten.name_kk` / `name_ru`.
    pub kindergarten_name: Bilingual,
    /// `terms.kindergarten.bin`.
    pub kindergarten_bin: Option<String>,
    /// `terms.kindergarten.address`.
    pub kindergarten_address: String,
    /// `terms.representative` names.
    pub representative: FullName,
    /// `terms.representative.iin`.
    pub representative_iin: String,
    /// `Authority::label(lang)` of `terms.representative.authority`.
    pub representative_authority: Bilingual,
    /// `terms.child` names.
    pub child: FullName,
    /// `terms.child.iin`.
    pub child_iin: String,
    /// `terms.child.iin.birth_date()`.
    pub child_birth_date: Date,
    /// `terms.group_name`.
    pub group_name: String,
    /// `terms.age_period_kk` / `age_period_ru`.
    pub age_period: Bilingual,
    /// `terms.monthly_amount_tenge`.
    pub monthly_amount_tenge: u64,
    /// `terms.valid_from`.
    pub valid_from: Date,
    /// `terms.valid_to`.
    pub valid_to: Date,
    /// `terms.referral_number` (digits).
    pub referral_number: String,
    /// `terms.referral_issued_on`.
    pub referral_issued_on: Date,
    /// `terms.requisites.iban`, plain (`KZ57601A123456789012`: no spaces, so a line never
    /// breaks inside it and a copied value is exactly the signed one).
    pub iban: String,
    /// `Bank::name(lang)` of the IBAN's bank (or its code when no longer listed).
    pub bank: Bilingual,
    /// `terms.requisites.bank_branch`.
    pub bank_branch: String,
    /// `terms.requisites.bic`.
    pub bic: String,
    /// `terms.requisites` identity document.
    pub id_doc: IdDocValues,
    /// `terms.representative.phone` (`Phone::formatted()`).
    pub phone: String,
    /// `terms.representative.email`.
    pub email: Option<String>,
    /// `terms.representative.registered_address`.
    pub registered_address: String,
    /// `terms.representative.residential_address`.
    pub residential_address: String,
}

fn or_absent(s: &str) -> &str {
    if s.trim().is_empty() { ABSENT } else { s }
}

/// Digits grouped by three with [`AMOUNT_SPACE`]: `40000` → `40 000`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(AMOUNT_SPACE);
        }
        out.push(c);
    }
    out
}

/// An amount in tenge as written in the contract: `40 000 теңге` (kk), `40 000 тенге` (ru),
/// with [`AMOUNT_SPACE`] between digit groups and before the currency.
pub fn format_amount(tenge: u64, lang: Lang) -> String {
    let currency = match lang {
        Lang::Kk => "теңге",
        Lang::Ru => "тенге",
    };
    format!("{}{AMOUNT_SPACE}{currency}", group_thousands(tenge))
}

impl Values {
    /// The text that replaces `{placeholder}` in `lang`. Never empty: a blank or absent
    /// value is shown as [`ABSENT`].
    pub fn text(&self, placeholder: Placeholder, lang: Lang) -> String {
        use Placeholder as P;
        let s = |v: &str| or_absent(v).to_owned();
        match placeholder {
            P::ContractNumber => s(&self.contract_number),
            P::ContractDate => format_kz(self.contract_date),
            P::Place => s(self.place.get(lang)),
            P::DepartmentName => s(self.department_name.get(lang)),
            P::KindergartenName => s(self.kindergarten_name.get(lang)),
            P::KindergartenBin => s(self.kindergarten_bin.as_deref().unwrap_or_default()),
            P::KindergartenAddress => s(&self.kindergarten_address),
            P::RepresentativeFullName => s(&self.representative.display()),
            P::RepresentativeIin => s(&self.representative_iin),
            P::RepresentativeAuthority => s(self.representative_authority.get(lang)),
            P::ChildFullName => s(&self.child.display()),
            P::ChildIin => s(&self.child_iin),
            P::ChildBirthDate => format_kz(self.child_birth_date),
            P::GroupName => s(&self.group_name),
            P::AgePeriod => s(self.age_period.get(lang)),
            P::MonthlyAmount => format_amount(self.monthly_amount_tenge, lang),
            P::ValidFrom => format_kz(self.valid_from),
            P::ValidTo => format_kz(self.valid_to),
            P::ReferralNumber => s(&self.referral_number),
            P::ReferralIssuedOn => format_kz(self.referral_issued_on),
            P::Iban => s(&self.iban),
            P::Bank => s(self.bank.get(lang)),
            P::BankBranch => s(&self.bank_branch),
            P::Bic => s(&self.bic),
            P::IdDoc => self.id_doc.display(lang),
            P::Phone => s(&self.phone),
            P::Email => s(self.email.as_deref().unwrap_or_default()),
            P::RegisteredAddress => s(&self.registered_address),
            P::ResidentialAddress => s(&self.residential_address),
        }
    }

    /// The guide's sample contract (`01.01-01.21.001`, referral `#378618`, 40 000 tenge),
    /// the same data as `canonical::example_terms()`. For tests and demos.
    pub fn example() -> Values {
        use time::macros::date;
        Values {
            contract_number: "01.01-01.21.001".into(),
            contract_date: date!(2021 - 01 - 15),
            place: Bilingual::new("Ақтау кенті", "поселок Актау"),
            department_name: Bilingual::new(
                "«Қарағанды облысының білім басқармасы» ММ",
                "ГУ «Управление образования Карагандинской области»",
            ),
            kindergarten_name: Bilingual::new("№1 Балабақшасы", "Детский сад №1"),
            kindergarten_bin: Some("070140001231".into()),
            kindergarten_address: "Иманбаев көшесі, 10 үй".into(),
            representative: FullName {
                last_name: "Әбдіғалиева".into(),
                first_name: "Айгүл".into(),
                patronymic: Some("Нұрланқызы".into()),
            },
            representative_iin: "900215412344".into(),
            representative_authority: Bilingual::new("Ана", "Мать"),
            child: FullName {
                last_name: "Әбдіғалиева".into(),
                first_name: "Аружан".into(),
                patronymic: Some("Ерланқызы".into()),
            },
            child_iin: "190305601230".into(),
            child_birth_date: date!(2019 - 03 - 05),
            group_name: "Ромашка".into(),
            age_period: Bilingual::new("2 жастан 3 жасқа дейін", "от 2 до 3 лет"),
            monthly_amount_tenge: 40_000,
            valid_from: date!(2021 - 01 - 15),
            valid_to: date!(2022 - 01 - 14),
            referral_number: "378618".into(),
            referral_issued_on: date!(2020 - 12 - 21),
            iban: "KZ57601A123456789012".into(),
            bank: Bilingual::new(
                "«Қазақстан Халық Банкі» АҚ",
                "АО «Народный Банк Казахстана»",
            ),
            bank_branch: "Қарағанды облыстық филиалы".into(),
            bic: "HSBKKZKX".into(),
            id_doc: IdDocValues {
                kind: Bilingual::new("Жеке куәлік", "Удостоверение личности"),
                number: "045123789".into(),
                issued_on: date!(2019 - 06 - 20),
                issuer: "ҚР ІІМ".into(),
            },
            phone: "+7 701 234 56 78".into(),
            email: Some("aigul@mail.kz".into()),
            registered_address: "Ақтау кенті, Иманбаев көшесі, 12 үй, 3 пәтер".into(),
            residential_address: "Ақтау кенті, Иманбаев көшесі, 12 үй, 3 пәтер".into(),
        }
    }
}

/// A filled section: plain text, ready to render (HTML, PDF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct FilledSection {
    /// Empty for an untitled section (the preamble).
    pub heading_kk: String,
    pub heading_ru: String,
    pub paragraphs_kk: Vec<String>,
    pub paragraphs_ru: Vec<String>,
}

impl FilledSection {
    /// The heading in `lang` (empty: untitled).
    pub fn heading(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.heading_kk,
            Lang::Ru => &self.heading_ru,
        }
    }

    /// The paragraphs in `lang`.
    pub fn paragraphs(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Kk => &self.paragraphs_kk,
            Lang::Ru => &self.paragraphs_ru,
        }
    }
}

/// The contract text in both languages: the template with every placeholder replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilledContract {
    /// The template it was filled from.
    pub template_id: String,
    /// Its version.
    pub template_version: u32,
    /// Title in Kazakh.
    pub title_kk: String,
    /// Title in Russian.
    pub title_ru: String,
    /// Sections, in order.
    pub sections: Vec<FilledSection>,
}

impl FilledContract {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.title_kk,
            Lang::Ru => &self.title_ru,
        }
    }
}

/// `text` with its placeholders replaced by their values in `lang`. Values are inserted
/// verbatim and never re-scanned (a `{` inside a value stays a `{`). Text that is not a
/// known placeholder (only in a template that fails `validate`) is copied unchanged.
pub fn fill_text(text: &str, values: &Values, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for token in tokenize(text) {
        match token {
            Token::Text(s) | Token::Unknown(s) | Token::Unbalanced(s) => out.push_str(s),
            Token::Placeholder(p) => out.push_str(&values.text(p, lang)),
        }
    }
    out
}

/// The contract text: `template` filled with `values`. The template should have passed
/// `template::validate` (the server refuses invalid templates when they are uploaded);
/// for an invalid one, unknown placeholders and stray braces are left in the text as they
/// are.
pub fn fill(template: &Template, values: &Values) -> FilledContract {
    let all = |texts: &[String], lang| -> Vec<String> {
        texts.iter().map(|t| fill_text(t, values, lang)).collect()
    };
    FilledContract {
        template_id: template.id.clone(),
        template_version: template.version,
        title_kk: fill_text(&template.title_kk, values, Lang::Kk),
        title_ru: fill_text(&template.title_ru, values, Lang::Ru),
        sections: template
            .sections
            .iter()
            .map(|s| FilledSection {
                heading_kk: fill_text(&s.heading_kk, values, Lang::Kk),
                heading_ru: fill_text(&s.heading_ru, values, Lang::Ru),
                paragraphs_kk: all(&s.paragraphs_kk, Lang::Kk),
                paragraphs_ru: all(&s.paragraphs_ru, Lang::Ru),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::template::{Section, default_template, long_test_template, validate};
    use super::*;

    fn all_text(c: &FilledContract) -> String {
        let mut s = format!("{}\n{}\n", c.title_kk, c.title_ru);
        for sec in &c.sections {
            for t in [&sec.heading_kk, &sec.heading_ru]
                .into_iter()
                .chain(&sec.paragraphs_kk)
                .chain(&sec.paragraphs_ru)
            {
                s.push_str(t);
                s.push('\n');
            }
        }
        s
    }

    #[test]
    fn amounts() {
        assert_eq!(format_amount(40_000, Lang::Kk), "40\u{a0}000\u{a0}теңге");
        assert_eq!(format_amount(40_000, Lang::Ru), "40\u{a0}000\u{a0}тенге");
        assert_eq!(format_amount(0, Lang::Ru), "0\u{a0}тенге");
        assert_eq!(format_amount(999, Lang::Ru), "999\u{a0}тенге");
        assert_eq!(format_amount(1_000, Lang::Ru), "1\u{a0}000\u{a0}тенге");
        assert_eq!(
            format_amount(1_234_567, Lang::Kk),
            "1\u{a0}234\u{a0}567\u{a0}теңге"
        );
        assert_eq!(
            format_amount(u64::MAX, Lang::Ru).replace('\u{a0}', " "),
            "18 446 744 073 709 551 615 тенге"
        );
    }

    #[test]
    fn every_placeholder_has_a_value_in_both_languages() {
        let v = Values::example();
        for &p in Placeholder::ALL {
            for lang in Lang::ALL {
                let text = v.text(p, lang);
                assert!(!text.trim().is_empty(), "{p:?} {lang}");
                assert!(!text.contains(['{', '}']), "{p:?} {lang}");
            }
        }
        assert_eq!(v.text(Placeholder::ContractDate, Lang::Kk), "15.01.2021");
        assert_eq!(
            v.text(Placeholder::RepresentativeFullName, Lang::Ru),
            "Әбдіғалиева Айгүл Нұрланқызы"
        );
        assert_eq!(
            v.text(Placeholder::IdDoc, Lang::Kk),
            "Жеке куәлік № 045123789, берілген күні 20.06.2019, берген орган: ҚР ІІМ"
        );
    }

    #[test]
    fn absent_values_are_shown_as_a_dash() {
        let mut v = Values::example();
        v.email = None;
        v.kindergarten_bin = None;
        v.bank_branch = "  ".into();
        v.child.patronymic = None;
        assert_eq!(v.text(Placeholder::Email, Lang::Kk), ABSENT);
        assert_eq!(v.text(Placeholder::KindergartenBin, Lang::Ru), ABSENT);
        assert_eq!(v.text(Placeholder::BankBranch, Lang::Ru), ABSENT);
        assert_eq!(
            v.text(Placeholder::ChildFullName, Lang::Ru),
            "Әбдіғалиева Аружан"
        );
    }

    #[test]
    fn default_template_is_filled_completely() {
        let t = default_template();
        assert_eq!(validate(&t), Ok(()));
        let c = fill(&t, &Values::example());
        let text = all_text(&c);
        assert!(!text.contains('{') && !text.contains('}'), "{text}");
        assert_eq!(c.sections.len(), t.sections.len());
        assert_eq!(c.template_id, t.id);
        // The guide's data appears in both languages.
        for needle in [
            "01.01-01.21.001",
            "15.01.2021",
            "Ақтау кенті",
            "поселок Актау",
            "40\u{a0}000\u{a0}теңге",
            "40\u{a0}000\u{a0}тенге",
            "378618",
            "Ромашка",
            "2 жастан 3 жасқа дейін",
            "от 2 до 3 лет",
            "15.01.2021 – 14.01.2022",
            "с 15.01.2021 по 14.01.2022",
            "Әбдіғалиева Аружан Ерланқызы",
            "KZ57601A123456789012",
        ] {
            assert!(text.contains(needle), "missing {needle:?}");
        }
        // Every placeholder's value made it into the text.
        let v = Values::example();
        for &p in Placeholder::ALL {
            for lang in Lang::ALL {
                assert!(text.contains(&v.text(p, lang)), "{p:?} {lang}");
            }
        }
        let kk: String = c
            .sections
            .iter()
            .flat_map(|s| s.paragraphs_kk.clone())
            .collect();
        assert!(kk.contains("Қазақстан") && kk.contains("ұйым") && kk.contains("өкіл"));
    }

    #[test]
    fn long_template_is_filled_completely() {
        let c = fill(&long_test_template(30), &Values::example());
        assert!(!all_text(&c).contains('{'));
    }

    #[test]
    fn values_are_not_rescanned() {
        let mut v = Values::example();
        v.group_name = "{iban} }{".into();
        let t = Template {
            sections: vec![Section {
                heading_kk: "Топ".into(),
                heading_ru: "Группа".into(),
                paragraphs_kk: vec!["«{group_name}» тобы".into()],
                paragraphs_ru: vec!["группа «{group_name}»".into()],
            }],
            ..default_template()
        };
        let c = fill(&t, &v);
        assert_eq!(c.sections[0].paragraphs_kk[0], "«{iban} }{» тобы");
    }

    #[test]
    fn invalid_template_text_is_kept_verbatim() {
        assert_eq!(
            fill_text("№ {contract_number} {nope} {", &Values::example(), Lang::Ru),
            "№ 01.01-01.21.001 {nope} {"
        );
    }
}
