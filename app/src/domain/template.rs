//! The contract template issued by the education department, and its validation.
//!
//! Rule (GUIDE.md, FAQ): the electronic contract is a **template** of over 30 pages, in
//! Kazakh and Russian, issued by the education department (бөлімі/басқармасы); every
//! preschool must use it, and it is updated when legislation changes. A contract is
//! `template version + filled-in terms` (see `template_fill`); the signed canonical bytes
//! name the template's id, version and hash (see [`template_bytes`]).
//!
//! # Text and placeholders
//! A template is a title and a list of [`Section`]s; each section has a heading and
//! paragraphs in both languages, **parallel**: the Kazakh and Russian lists have the same
//! length and the n-th Kazakh paragraph is the translation of the n-th Russian one, so they
//! must use the same placeholders. A section whose two headings are both empty is an untitled
//! preamble (place, date, parties).
//!
//! Paragraph text is plain Unicode text with placeholders `{name}`, where `name` is one of
//! [`Placeholder::ALL`]. Braces have no other use and there is no escape: any other `{` or
//! `}` is an error. Kazakh text never attaches a case ending to a placeholder (write
//! `{valid_from} – {valid_to}`, not `{valid_from}-нан`), since the value's last vowel is not
//! known in advance.
//!
//! Pure: no I/O; identical on wasm32 and the server.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use time::Date;

use super::dates::format_iso;
use super::lang::Lang;

/// A contract template (one version of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Stable identifier of the template family, e.g. `kz-preschool-education-services`:
    /// ASCII lower-case letters, digits, `-`, `_` and `.`.
    pub id: String,
    /// Version within the family, from 1; a new text is a new version.
    pub version: u32,
    /// The first day contracts may be concluded on this version.
    #[serde(with = "super::dates::serde_iso")]
    pub effective_from: Date,
    /// The title of the contract in Kazakh (may contain placeholders).
    pub title_kk: String,
    /// The title of the contract in Russian (may contain placeholders).
    pub title_ru: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One section of a template: a heading and paragraphs, in Kazakh and in Russian.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Section {
    /// Both headings empty: an untitled section (the preamble).
    pub heading_kk: String,
    pub heading_ru: String,
    pub paragraphs_kk: Vec<String>,
    pub paragraphs_ru: Vec<String>,
}

macro_rules! placeholders {
    ($($(#[$m:meta])* $variant:ident = $name:literal,)+) => {
        /// A value a template may refer to as `{name}`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Placeholder {
            $($(#[$m])* $variant,)+
        }

        impl Placeholder {
            /// Every placeholder, in the order of the contract's data.
            pub const ALL: &'static [Placeholder] = &[$(Placeholder::$variant),+];

            /// The name written between braces, e.g. `contract_number`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Placeholder::$variant => $name,)+
                }
            }
        }
    };
}

placeholders! {
    /// Contract number, e.g. `01.01-01.21.001`.
    ContractNumber = "contract_number",
    /// Contract date, `DD.MM.YYYY`.
    ContractDate = "contract_date",
    /// Place of conclusion (per language).
    Place = "place",
    /// The education department that issued the referral and the template (per language).
    DepartmentName = "department_name",
    /// Kindergarten name (per language).
    KindergartenName = "kindergarten_name",
    /// Kindergarten BIN (`—` when the kindergarten has none on record).
    KindergartenBin = "kindergarten_bin",
    /// Kindergarten address.
    KindergartenAddress = "kindergarten_address",
    /// Legal representative: last, first and patronymic name.
    RepresentativeFullName = "representative_full_name",
    /// Legal representative's IIN.
    RepresentativeIin = "representative_iin",
    /// Legal representative's authority: mother, father, guardian… (per language).
    RepresentativeAuthority = "representative_authority",
    /// Child: last, first and patronymic name.
    ChildFullName = "child_full_name",
    /// Child's IIN.
    ChildIin = "child_iin",
    /// Child's birth date, `DD.MM.YYYY`.
    ChildBirthDate = "child_birth_date",
    /// Group name, e.g. «Ромашка».
    GroupName = "group_name",
    /// Age period of the group (per language).
    AgePeriod = "age_period",
    /// Monthly amount with currency: `40 000 теңге` / `40 000 тенге`.
    MonthlyAmount = "monthly_amount",
    /// First day of validity, `DD.MM.YYYY`.
    ValidFrom = "valid_from",
    /// Last day of the initial term, `DD.MM.YYYY`.
    ValidTo = "valid_to",
    /// Referral number (digits, without `№`).
    ReferralNumber = "referral_number",
    /// Referral issue date, `DD.MM.YYYY`.
    ReferralIssuedOn = "referral_issued_on",
    /// Representative's account (IBAN).
    Iban = "iban",
    /// Representative's bank (per language).
    Bank = "bank",
    /// Location of the bank's branch.
    BankBranch = "bank_branch",
    /// Bank identifier code.
    Bic = "bic",
    /// Representative's identity document: kind, number, issue date, issuer (per language).
    IdDoc = "id_doc",
    /// Representative's main phone.
    Phone = "phone",
    /// Representative's e-mail (`—` when none).
    Email = "email",
    /// Representative's registered address.
    RegisteredAddress = "registered_address",
    /// Representative's residential address.
    ResidentialAddress = "residential_address",
}

impl Placeholder {
    /// The placeholder written `{name}`.
    pub fn from_name(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.iter().copied().find(|p| p.name() == name)
    }
}

/// A piece of template text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Literal text.
    Text(&'a str),
    /// A known placeholder.
    Placeholder(Placeholder),
    /// `{name}` with an unknown (or empty, or malformed) name; the braces are included.
    Unknown(&'a str),
    /// A `{` without its `}`, or a `}` without its `{`: the brace and what follows up to
    /// the next brace (or the end).
    Unbalanced(&'a str),
}

/// Splits `text` into tokens. Total: every byte of `text` is in exactly one token, so
/// concatenating the tokens' texts gives `text` back.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                out.push(Token::Text(rest));
                break;
            }
            Some(i) if i > 0 => {
                out.push(Token::Text(&rest[..i]));
                rest = &rest[i..];
            }
            Some(_) => {
                // `rest` starts with a brace.
                let after = &rest[1..];
                let next = after.find(['{', '}']);
                if rest.starts_with('{')
                    && let Some(j) = next
                    && after[j..].starts_with('}')
                {
                    let whole = &rest[..j + 2];
                    let name = &after[..j];
                    out.push(match Placeholder::from_name(name) {
                        Some(p) => Token::Placeholder(p),
                        None => Token::Unknown(whole),
                    });
                    rest = &rest[j + 2..];
                } else {
                    let end = next.map_or(rest.len(), |j| j + 1);
                    out.push(Token::Unbalanced(&rest[..end]));
                    rest = &rest[end..];
                }
            }
        }
    }
    out
}

/// The known placeholders used in `text`.
pub(crate) fn placeholders_in(text: &str) -> BTreeSet<Placeholder> {
    tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Token::Placeholder(p) => Some(p),
            _ => None,
        })
        .collect()
}

super::messages::localized_error! {
    /// Why a template cannot be used.
    pub enum TemplateError {
        /// A `{name}` whose name is not a [`Placeholder`].
        UnknownPlaceholder {
            code: "template.unknown_placeholder",
            en: "unknown placeholder",
            kk: "Шарт үлгісінде белгісіз толтырылатын өріс бар.",
            ru: "В шаблоне договора есть неизвестное поле для заполнения.",
        },
        /// A `{` without `}` or a `}` without `{`.
        UnbalancedBraces {
            code: "template.unbalanced_braces",
            en: "unbalanced braces",
            kk: "Шарт үлгісінде жақшалар жұптаспаған: «{» және «}» белгілерін тексеріңіз.",
            ru: "В шаблоне договора непарные фигурные скобки: проверьте знаки «{» и «}».",
        },
        /// The Kazakh and Russian paragraph lists of a section differ in length, or one
        /// heading is empty and the other not.
        NotParallel {
            code: "template.not_parallel",
            en: "Kazakh and Russian texts are not parallel",
            kk: "Шарт үлгісінің қазақша және орысша мәтіндері бір-біріне сәйкес келмейді.",
            ru: "Казахский и русский тексты шаблона договора не соответствуют друг другу.",
        },
        /// A Kazakh paragraph and its Russian counterpart use different placeholders.
        PlaceholdersDiffer {
            code: "template.placeholders_differ",
            en: "Kazakh and Russian paragraphs use different placeholders",
            kk: "Шарт үлгісінің қазақша және орысша тармақтарында толтырылатын өрістер әртүрлі.",
            ru: "В казахском и русском пунктах шаблона договора разные поля для заполнения.",
        },
        /// An empty (or blank) title or paragraph, or a section without paragraphs.
        EmptyText {
            code: "template.empty_text",
            en: "empty text",
            kk: "Шарт үлгісінде бос тақырып немесе бос тармақ бар.",
            ru: "В шаблоне договора есть пустой заголовок или пустой пункт.",
        },
        /// A template without sections.
        NoSections {
            code: "template.no_sections",
            en: "no sections",
            kk: "Шарт үлгісінде бірде-бір бөлім жоқ.",
            ru: "В шаблоне договора нет ни одного раздела.",
        },
        /// Control characters (line breaks, tabs, …) in a text.
        BadCharacters {
            code: "template.bad_characters",
            en: "control characters in text",
            kk: "Шарт үлгісінің мәтінінде рұқсат етілмеген басқару таңбалары бар.",
            ru: "В тексте шаблона договора есть недопустимые управляющие символы.",
        },
        /// The id is empty or has characters other than `a-z 0-9 - _ .`.
        BadId {
            code: "template.bad_id",
            en: "bad template id",
            kk: "Шарт үлгісінің идентификаторы дұрыс емес.",
            ru: "Неверный идентификатор шаблона договора.",
        },
        /// Version 0.
        BadVersion {
            code: "template.bad_version",
            en: "template version must be at least 1",
            kk: "Шарт үлгісінің нұсқасы нөлден үлкен болуы керек.",
            ru: "Версия шаблона договора должна быть больше нуля.",
        },
    }
}

/// Where in a template a text is. Section and paragraph indices are 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum TextLocation {
    /// The template as a whole (id, version, list of sections).
    Template,
    Title {
        lang: Lang,
    },
    Heading {
        section: usize,
        lang: Lang,
    },
    /// A section as a whole (its paragraph lists).
    Section {
        section: usize,
    },
    Paragraph {
        section: usize,
        paragraph: usize,
        lang: Lang,
    },
}

/// One problem found by [`check`]: the error, where, and the offending text (for the
/// department's editor; not a translated message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateIssue {
    /// What is wrong.
    pub error: TemplateError,
    /// Where.
    pub location: TextLocation,
    /// The offending fragment (`{nmae}`, a brace and what follows it, …); may be empty.
    pub detail: String,
}

/// Every problem of `template`, in document order (empty: the template is valid).
pub fn check(template: &Template) -> Vec<TemplateIssue> {
    let mut issues = Vec::new();
    let mut push = |error, location, detail: &str| {
        issues.push(TemplateIssue {
            error,
            location,
            detail: detail.to_owned(),
        })
    };

    let id_ok = !template.id.is_empty()
        && template.id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        });
    if !id_ok {
        push(TemplateError::BadId, TextLocation::Template, &template.id);
    }
    if template.version == 0 {
        push(TemplateError::BadVersion, TextLocation::Template, "0");
    }

    // A text: not blank, no control characters, well-formed placeholders.
    let mut check_text = |text: &str, location: TextLocation, may_be_empty: bool| {
        if text.trim().is_empty() {
            if !may_be_empty {
                push(TemplateError::EmptyText, location, "");
            }
            return;
        }
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            push(
                TemplateError::BadCharacters,
                location,
                &format!("U+{:04X}", u32::from(c)),
            );
        }
        for token in tokenize(text) {
            match token {
                Token::Unknown(s) => push(TemplateError::UnknownPlaceholder, location, s),
                Token::Unbalanced(s) => push(TemplateError::UnbalancedBraces, location, s),
                Token::Text(_) | Token::Placeholder(_) => {}
            }
        }
    };

    for lang in Lang::ALL {
        let title = match lang {
            Lang::Kk => &template.title_kk,
            Lang::Ru => &template.title_ru,
        };
        check_text(title, TextLocation::Title { lang }, false);
    }
    for (s, section) in template.sections.iter().enumerate() {
        let untitled = section.heading_kk.trim().is_empty() && section.heading_ru.trim().is_empty();
        for (lang, heading) in [
            (Lang::Kk, &section.heading_kk),
            (Lang::Ru, &section.heading_ru),
        ] {
            check_text(
                heading,
                TextLocation::Heading { section: s, lang },
                untitled,
            );
        }
        for (lang, paragraphs) in [
            (Lang::Kk, &section.paragraphs_kk),
            (Lang::Ru, &section.paragraphs_ru),
        ] {
            for (p, text) in paragraphs.iter().enumerate() {
                let location = TextLocation::Paragraph {
                    section: s,
                    paragraph: p,
                    lang,
                };
                check_text(text, location, false);
            }
        }
    }

    // Structure: parallel lists and the same placeholders on both sides.
    let mut push = |error, location, detail: String| {
        issues.push(TemplateIssue {
            error,
            location,
            detail,
        })
    };
    if template.sections.is_empty() {
        push(
            TemplateError::NoSections,
            TextLocation::Template,
            String::new(),
        );
    }
    let differ = |kk: &str, ru: &str| -> Option<String> {
        let (a, b) = (placeholders_in(kk), placeholders_in(ru));
        (a != b).then(|| {
            a.symmetric_difference(&b)
                .map(|p| format!("{{{}}}", p.name()))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    if let Some(d) = differ(&template.title_kk, &template.title_ru) {
        push(
            TemplateError::PlaceholdersDiffer,
            TextLocation::Title { lang: Lang::Ru },
            d,
        );
    }
    for (s, section) in template.sections.iter().enumerate() {
        let (kk, ru) = (&section.paragraphs_kk, &section.paragraphs_ru);
        if kk.is_empty() && ru.is_empty() {
            push(
                TemplateError::EmptyText,
                TextLocation::Section { section: s },
                String::new(),
            );
        } else if kk.len() != ru.len() {
            push(
                TemplateError::NotParallel,
                TextLocation::Section { section: s },
                format!("kk: {}, ru: {}", kk.len(), ru.len()),
            );
        }
        if section.heading_kk.trim().is_empty() != section.heading_ru.trim().is_empty() {
            push(
                TemplateError::NotParallel,
                TextLocation::Heading {
                    section: s,
                    lang: if section.heading_kk.trim().is_empty() {
                        Lang::Kk
                    } else {
                        Lang::Ru
                    },
                },
                String::new(),
            );
        }
        if let Some(d) = differ(&section.heading_kk, &section.heading_ru) {
            push(
                TemplateError::PlaceholdersDiffer,
                TextLocation::Heading {
                    section: s,
                    lang: Lang::Ru,
                },
                d,
            );
        }
        for (p, (k, r)) in kk.iter().zip(ru).enumerate() {
            if let Some(d) = differ(k, r) {
                push(
                    TemplateError::PlaceholdersDiffer,
                    TextLocation::Paragraph {
                        section: s,
                        paragraph: p,
                        lang: Lang::Ru,
                    },
                    d,
                );
            }
        }
    }
    issues
}

/// `Ok` when the template can be used; otherwise the first problem [`check`] finds.
pub fn validate(template: &Template) -> Result<(), TemplateError> {
    match check(template).first() {
        None => Ok(()),
        Some(issue) => Err(issue.error),
    }
}

impl Template {
    /// Every placeholder the template uses (titles, headings and paragraphs).
    pub fn placeholders(&self) -> BTreeSet<Placeholder> {
        let mut all = placeholders_in(&self.title_kk);
        all.extend(placeholders_in(&self.title_ru));
        for s in &self.sections {
            for text in [&s.heading_kk, &s.heading_ru]
                .into_iter()
                .chain(&s.paragraphs_kk)
                .chain(&s.paragraphs_ru)
            {
                all.extend(placeholders_in(text));
            }
        }
        all
    }

    /// Number of characters of text (both languages, placeholders unexpanded).
    pub fn char_count(&self) -> usize {
        let mut n = self.title_kk.chars().count() + self.title_ru.chars().count();
        for s in &self.sections {
            for text in [&s.heading_kk, &s.heading_ru]
                .into_iter()
                .chain(&s.paragraphs_kk)
                .chain(&s.paragraphs_ru)
            {
                n += text.chars().count();
            }
        }
        n
    }
}

/// First line of the template byte format.
pub const TEMPLATE_FORMAT_HEADER: &str = "EKG-TEMPLATE/1";

/// The bytes a template's hash (`ContractTerms::template_sha256_hex`) is computed over.
///
/// Format `EKG-TEMPLATE/1`, in the style of `EKG-CONTRACT/1`: UTF-8, LF line ends; line 1
/// is the header; then `key=value` lines: `id`, `version`, `effective_from` (ISO),
/// `title.kk`, `title.ru`, `sections.count`, and for each section *i* (from 1)
/// `section.i.heading.kk`, `section.i.heading.ru`, `section.i.paragraphs.kk.count`, each
/// `section.i.paragraph.j.kk`, then the same for `ru`. Values are verbatim with `\` written
/// `\\`, LF `\n`, CR `\r`, TAB `\t` and other C0 controls or DEL as `\xHH`.
pub fn template_bytes(template: &Template) -> Vec<u8> {
    fn line(out: &mut String, key: &str, value: &str) {
        out.push_str(key);
        out.push('=');
        for c in value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                    let _ = write!(out, "\\x{:02X}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    let t = template;
    let mut out = String::with_capacity(t.char_count() * 2 + 1024);
    out.push_str(TEMPLATE_FORMAT_HEADER);
    out.push('\n');
    line(&mut out, "id", &t.id);
    line(&mut out, "version", &t.version.to_string());
    line(&mut out, "effective_from", &format_iso(t.effective_from));
    line(&mut out, "title.kk", &t.title_kk);
    line(&mut out, "title.ru", &t.title_ru);
    line(&mut out, "sections.count", &t.sections.len().to_string());
    for (i, s) in t.sections.iter().enumerate() {
        let i = i + 1;
        line(&mut out, &format!("section.{i}.heading.kk"), &s.heading_kk);
        line(&mut out, &format!("section.{i}.heading.ru"), &s.heading_ru);
        for (lang, paragraphs) in [("kk", &s.paragraphs_kk), ("ru", &s.paragraphs_ru)] {
            line(
                &mut out,
                &format!("section.{i}.paragraphs.{lang}.count"),
                &paragraphs.len().to_string(),
            );
            for (j, p) in paragraphs.iter().enumerate() {
                line(
                    &mut out,
                    &format!("section.{i}.paragraph.{}.{lang}", j + 1),
                    p,
                );
            }
        }
    }
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------
// The model template.
// ---------------------------------------------------------------------------------------

/// Id of [`default_template`].
pub const DEFAULT_TEMPLATE_ID: &str = "kz-preschool-education-services";

/// Section `n` with paragraphs numbered `n.1.`, `n.2.`, …
fn numbered(n: usize, heading: (&str, &str), paragraphs: &[(&str, &str)]) -> Section {
    let number = |i: usize, text: &str| format!("{n}.{}. {text}", i + 1);
    Section {
        heading_kk: format!("{n}. {}", heading.0),
        heading_ru: format!("{n}. {}", heading.1),
        paragraphs_kk: paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| number(i, p.0))
            .collect(),
        paragraphs_ru: paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| number(i, p.1))
            .collect(),
    }
}

/// The model contract «Мектепке дейінгі ұйым мен ата-ана (заңды өкіл) арасындағы үлгілік
/// шарт» / «Типовой договор между дошкольной организацией и родителем (законным
/// представителем)»: a preamble, ten numbered sections and the requisites of the parties
/// (about five A4 pages in both languages). Uses every [`Placeholder`].
pub fn default_template() -> Template {
    static MODEL: std::sync::LazyLock<Template> = std::sync::LazyLock::new(|| {
        serde_json::from_str(MODEL_CONTRACT_JSON)
            .expect("templates/model-contract.json is a template (checked by its tests)")
    });
    MODEL.clone()
}

/// The model contract's text, in the JSON an admin uploads at `/admin/templates` (checked by
/// `tests::the_model_contract_file_is_a_complete_valid_template`).
pub const MODEL_CONTRACT_JSON: &str = include_str!("../../templates/model-contract.json");

/// A paragraph or heading without its number (`3.2. text` → `text`).
fn unnumbered_text(text: &str) -> &str {
    match text.split_once(' ') {
        Some((number, rest))
            if number.ends_with('.') && number.chars().all(|c| c.is_ascii_digit() || c == '.') =>
        {
            rest
        }
        _ => text,
    }
}

/// Characters of template text (both languages, placeholders unexpanded) counted per A4
/// page by [`long_test_template`]. The PDF renderer sets about 2 500 of them on a page
/// (measured: 91 889 characters → 37 pages, 300 296 → 117), so this slightly high value
/// makes a long template come out at least, and about 10 % over, the pages asked for.
pub const CHARS_PER_PAGE: usize = 2_700;

/// A valid template of at least `pages` A4 pages at the PDF renderer's layout (see
/// [`CHARS_PER_PAGE`]),
/// for tests and benchmarks of 30+ page contracts: the model contract followed by
/// "additional provisions" sections that repeat its numbered paragraphs (placeholders
/// included) until the length is reached, then the requisites.
pub fn long_test_template(pages: usize) -> Template {
    let mut t = default_template();
    t.id = format!("{DEFAULT_TEMPLATE_ID}.long-{pages}");
    let requisites = t.sections.pop().expect("the model has requisites");
    let target = pages.saturating_mul(CHARS_PER_PAGE);
    // The numbered sections' paragraphs, without their numbers (not the preamble).
    let model = default_template();
    let pool: Vec<(&str, &str)> = model.sections[1..]
        .iter()
        .flat_map(|s| s.paragraphs_kk.iter().zip(&s.paragraphs_ru))
        .map(|(kk, ru)| (unnumbered_text(kk), unnumbered_text(ru)))
        .collect();
    let mut next = 0;
    let mut part = 1;
    while t.char_count() + requisites_len(&requisites) < target {
        let n = t.sections.len(); // preamble is unnumbered: the next number
        let paragraphs: Vec<(&str, &str)> = (0..8).map(|k| pool[(next + k) % pool.len()]).collect();
        next += paragraphs.len();
        let heading_kk = format!("Қосымша ережелер ({part}-бөлік)");
        let heading_ru = format!("Дополнительные положения (часть {part})");
        t.sections
            .push(numbered(n, (&heading_kk, &heading_ru), &paragraphs));
        part += 1;
    }
    let n = t.sections.len();
    let mut requisites = requisites;
    requisites.heading_kk = format!("{n}. {}", unnumbered_text(&requisites.heading_kk));
    requisites.heading_ru = format!("{n}. {}", unnumbered_text(&requisites.heading_ru));
    t.sections.push(requisites);
    t
}

fn requisites_len(s: &Section) -> usize {
    s.paragraphs_kk
        .iter()
        .chain(&s.paragraphs_ru)
        .map(|p| p.chars().count())
        .sum()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::messages::Localized;
    use super::super::messages::test_support::{
        KAZAKH_LETTERS, assert_kazakh, assert_kazakh_label, assert_no_mixed_script_words,
        assert_russian,
    };
    use super::*;

    fn tiny(kk: &str, ru: &str) -> Template {
        Template {
            id: "test".into(),
            version: 1,
            effective_from: time::macros::date!(2024 - 09 - 01),
            title_kk: "Шарт".into(),
            title_ru: "Договор".into(),
            sections: vec![Section {
                heading_kk: "1. Тақырып".into(),
                heading_ru: "1. Заголовок".into(),
                paragraphs_kk: vec![kk.into()],
                paragraphs_ru: vec![ru.into()],
            }],
        }
    }

    fn errors(t: &Template) -> Vec<TemplateError> {
        check(t).into_iter().map(|i| i.error).collect()
    }

    #[test]
    fn default_template_is_valid() {
        let t = default_template();
        assert_eq!(check(&t), vec![]);
        assert_eq!(validate(&t), Ok(()));
        // 8–12 sections besides the preamble, and a real length (about 4–6 pages).
        assert!((9..=13).contains(&t.sections.len()), "{}", t.sections.len());
        assert!(
            t.char_count() > 12 * CHARS_PER_PAGE / 3,
            "{}",
            t.char_count()
        );
    }

    #[test]
    fn default_template_uses_every_placeholder() {
        let used = default_template().placeholders();
        let all: BTreeSet<_> = Placeholder::ALL.iter().copied().collect();
        assert_eq!(used, all);
    }

    #[test]
    fn default_template_languages() {
        let t = default_template();
        assert_kazakh(&t.title_kk);
        assert_russian(&t.title_ru);
        for s in t.sections.iter().filter(|s| !s.heading_kk.is_empty()) {
            assert_kazakh_label(&s.heading_kk);
            assert_russian(&s.heading_ru);
        }
        for s in &t.sections {
            for kk in std::iter::once(&s.heading_kk).chain(&s.paragraphs_kk) {
                assert_no_mixed_script_words(kk);
            }
            for ru in std::iter::once(&s.heading_ru).chain(&s.paragraphs_ru) {
                assert_no_mixed_script_words(ru);
                assert!(
                    !ru.chars().any(|c| KAZAKH_LETTERS.contains(c)),
                    "Kazakh letter in Russian text {ru:?}"
                );
            }
        }
        // The Kazakh side is Kazakh: most of its paragraphs have a Kazakh-only letter.
        let kk: Vec<&String> = t.sections.iter().flat_map(|s| &s.paragraphs_kk).collect();
        let with = kk
            .iter()
            .filter(|p| p.chars().any(|c| KAZAKH_LETTERS.contains(c)))
            .count();
        assert!(with * 10 >= kk.len() * 8, "{with} of {}", kk.len());
    }

    #[test]
    fn no_case_ending_glued_to_a_placeholder() {
        // `{x}-нан`, `{x}ға`: a Kazakh suffix cannot agree with an unknown value.
        let t = default_template();
        for s in &t.sections {
            for p in &s.paragraphs_kk {
                for (i, _) in p.match_indices('}') {
                    let next = p[i + 1..].chars().next();
                    assert!(
                        !matches!(next, Some(c) if c.is_alphabetic() || c == '-'),
                        "suffix after a placeholder in {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn tokenize_round_trips() {
        for text in [
            "",
            "plain",
            "{contract_number}",
            "№ {contract_number} от {contract_date}",
            "{nope} {",
            "}{",
            "{{iban}}",
            "a { b } c",
            "{contract_number",
            "ә{}і",
        ] {
            let joined: String = tokenize(text)
                .into_iter()
                .map(|t| match t {
                    Token::Text(s) | Token::Unknown(s) | Token::Unbalanced(s) => s.to_owned(),
                    Token::Placeholder(p) => format!("{{{}}}", p.name()),
                })
                .collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn placeholder_names_round_trip() {
        let mut seen = HashSet::new();
        for &p in Placeholder::ALL {
            assert_eq!(Placeholder::from_name(p.name()), Some(p));
            assert!(seen.insert(p.name()));
            assert!(
                p.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
            );
        }
        assert_eq!(Placeholder::from_name("Contract_number"), None);
        assert_eq!(Placeholder::from_name(""), None);
    }

    #[test]
    fn unknown_placeholder_is_refused() {
        let t = tiny("Шарт № {contract_nubmer}", "Договор № {contract_nubmer}");
        assert_eq!(validate(&t), Err(TemplateError::UnknownPlaceholder));
        let issue = &check(&t)[0];
        assert_eq!(issue.detail, "{contract_nubmer}");
        assert_eq!(
            issue.location,
            TextLocation::Paragraph {
                section: 0,
                paragraph: 0,
                lang: Lang::Kk
            }
        );
        assert_eq!(
            validate(&tiny("{}", "{}")),
            Err(TemplateError::UnknownPlaceholder)
        );
        assert_eq!(
            validate(&tiny("{IBAN}", "{IBAN}")),
            Err(TemplateError::UnknownPlaceholder)
        );
    }

    #[test]
    fn unbalanced_braces_are_refused() {
        for bad in ["{iban", "iban}", "{{iban}", "{iban}}", "} {iban} {"] {
            assert_eq!(
                errors(&tiny(bad, "{iban}")).first(),
                Some(&TemplateError::UnbalancedBraces),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn languages_must_be_parallel() {
        let mut t = tiny("{iban}", "{iban}");
        t.sections[0].paragraphs_ru.push("Ещё пункт.".into());
        assert_eq!(validate(&t), Err(TemplateError::NotParallel));

        let t = tiny("ЖСК: {iban}", "ИИК: {bic}");
        assert_eq!(validate(&t), Err(TemplateError::PlaceholdersDiffer));
        assert_eq!(check(&t)[0].detail, "{iban} {bic}");

        let mut t = tiny("a", "b");
        t.sections[0].heading_ru = String::new();
        assert_eq!(
            errors(&t),
            vec![TemplateError::EmptyText, TemplateError::NotParallel]
        );
    }

    #[test]
    fn empty_and_bad_text_is_refused() {
        assert_eq!(validate(&tiny("  ", "b")), Err(TemplateError::EmptyText));
        let mut t = tiny("a", "b");
        t.title_ru = String::new();
        assert_eq!(validate(&t), Err(TemplateError::EmptyText));
        let mut t = tiny("a", "b");
        t.sections[0].paragraphs_kk.clear();
        t.sections[0].paragraphs_ru.clear();
        assert_eq!(validate(&t), Err(TemplateError::EmptyText));
        let mut t = tiny("a", "b");
        t.sections.clear();
        assert_eq!(validate(&t), Err(TemplateError::NoSections));
        assert_eq!(
            validate(&tiny("a\nb", "b")),
            Err(TemplateError::BadCharacters)
        );
        let mut t = tiny("a", "b");
        t.id = "Bad Id".into();
        assert_eq!(validate(&t), Err(TemplateError::BadId));
        let mut t = tiny("a", "b");
        t.version = 0;
        assert_eq!(validate(&t), Err(TemplateError::BadVersion));
        // An untitled section (both headings empty) is fine.
        let mut t = tiny("a", "b");
        t.sections[0].heading_kk.clear();
        t.sections[0].heading_ru.clear();
        assert_eq!(validate(&t), Ok(()));
    }

    #[test]
    fn long_template_is_valid_and_long() {
        for pages in [1, 5, 30, 60] {
            let t = long_test_template(pages);
            assert_eq!(validate(&t), Ok(()), "{pages}");
            assert!(t.char_count() >= pages * CHARS_PER_PAGE, "{pages}");
            assert!(t.char_count() < (pages + 10) * CHARS_PER_PAGE, "{pages}");
        }
        let t = long_test_template(30);
        let last = t.sections.last().unwrap();
        assert_eq!(
            last.heading_ru,
            format!("{}. Реквизиты сторон", t.sections.len() - 1)
        );
    }

    #[test]
    fn template_bytes_are_stable_and_distinguish_versions() {
        let t = default_template();
        let a = template_bytes(&t);
        assert_eq!(a, template_bytes(&t.clone()));
        let text = String::from_utf8(a.clone()).unwrap();
        assert!(
            text.starts_with("EKG-TEMPLATE/1\nid=kz-preschool-education-services\nversion=1\n")
        );
        assert!(text.ends_with('\n'));
        assert_eq!(text.lines().filter(|l| !l.contains('=')).count(), 1);
        let mut t2 = t.clone();
        t2.version = 2;
        assert_ne!(a, template_bytes(&t2));
        let mut t3 = t.clone();
        t3.sections[1].paragraphs_kk[0].push_str("\nx");
        assert!(
            String::from_utf8(template_bytes(&t3))
                .unwrap()
                .contains("\\nx")
        );
    }

    #[test]
    fn the_model_contract_file_is_a_complete_valid_template() {
        // templates/model-contract.json is read as an admin's upload would be: no unknown
        // placeholder, unbalanced brace or empty text (`check`), every placeholder used, both
        // languages paragraph for paragraph, a preamble, ten numbered sections and the
        // requisites, each section's paragraphs numbered in order.
        let t: Template = serde_json::from_str(MODEL_CONTRACT_JSON).expect("valid JSON template");
        assert_eq!(check(&t), Vec::new());
        assert_eq!(t.id, DEFAULT_TEMPLATE_ID);
        assert_eq!(
            t.placeholders().len(),
            Placeholder::ALL.len(),
            "every placeholder is used"
        );
        assert_eq!(t.sections.len(), 12, "preamble, 10 sections, requisites");
        assert!(t.sections[0].heading_kk.is_empty() && t.sections[0].heading_ru.is_empty());
        for (n, s) in t.sections.iter().enumerate().skip(1) {
            assert_eq!(s.paragraphs_kk.len(), s.paragraphs_ru.len(), "section {n}");
            assert!(
                s.heading_kk.starts_with(&format!("{n}. ")),
                "{}",
                s.heading_kk
            );
            assert!(
                s.heading_ru.starts_with(&format!("{n}. ")),
                "{}",
                s.heading_ru
            );
            if n < t.sections.len() - 1 {
                for (i, (kk, ru)) in s.paragraphs_kk.iter().zip(&s.paragraphs_ru).enumerate() {
                    let number = format!("{n}.{}. ", i + 1);
                    assert!(
                        kk.starts_with(&number) && ru.starts_with(&number),
                        "{kk} / {ru}"
                    );
                }
            }
        }
        assert!(t.title_kk.contains("үлгілік шарт") && t.title_ru.contains("Типовой договор"));
        assert_eq!(default_template(), t);
        assert_eq!(unnumbered_text("3.2. Ата-ана"), "Ата-ана");
        assert_eq!(unnumbered_text("2021 жылы"), "2021 жылы");
    }

    #[test]
    fn serde_round_trip() {
        let t = default_template();
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.contains("\"effective_from\":\"2021-01-01\""));
        let back: Template = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn error_messages_are_bilingual_and_distinct() {
        let mut codes = HashSet::new();
        let mut kk = HashSet::new();
        let mut ru = HashSet::new();
        for e in TemplateError::ALL {
            assert_kazakh(e.message(Lang::Kk));
            assert_russian(e.message(Lang::Ru));
            for m in [e.message(Lang::Kk), e.message(Lang::Ru)] {
                assert!(m.ends_with('.'), "{m:?}");
            }
            assert!(e.code().starts_with("template."));
            assert!(!e.to_string().is_empty());
            assert!(codes.insert(e.code()));
            assert!(kk.insert(e.message(Lang::Kk)));
            assert!(ru.insert(e.message(Lang::Ru)));
        }
    }
}
