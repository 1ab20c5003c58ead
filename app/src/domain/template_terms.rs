//! The values of a contract's placeholders, taken from its canonical terms.
//!
//! Rule (GUIDE.md requirement 6): what is signed is exactly what is shown. The signed bytes
//! are `canonical_bytes(terms)`; the text shown (HTML in the wizard, the PDF) is
//! `fill(template, &Values::from_terms(terms))`. This is the only mapping between the two,
//! used identically in the browser (wasm32) and on the server.
//!
//! Goes to `app/src/domain/template_terms.rs` (or append it to `template_fill.rs`).

use super::canonical::ContractTerms;
use super::id_document::IdDocNumber;
use super::lang::Lang;
use super::person_name::PersonName;
use super::template_fill::{Bilingual, FullName, IdDocValues, Values};

fn full_name(last: &PersonName, first: &PersonName, patronymic: Option<&PersonName>) -> FullName {
    FullName {
        last_name: last.as_str().to_owned(),
        first_name: first.as_str().to_owned(),
        patronymic: patronymic.map(|p| p.as_str().to_owned()),
    }
}

impl Values {
    /// The placeholder values of the contract `terms`.
    pub fn from_terms(terms: &ContractTerms) -> Values {
        let t = terms;
        let r = &t.representative;
        let q = &t.requisites;
        let both = |f: &dyn Fn(Lang) -> &'static str| Bilingual::new(f(Lang::Kk), f(Lang::Ru));
        let bank = match q.bank() {
            Some(b) => both(&|l| b.name(l)),
            // A bank no longer in the list: its IBAN code, as in the canonical bytes.
            None => Bilingual::new(q.iban.bank_code(), q.iban.bank_code()),
        };
        Values {
            contract_number: t.number.clone(),
            contract_date: t.date,
            place: Bilingual::new(&t.place_kk, &t.place_ru),
            department_name: Bilingual::new(&t.department.name_kk, &t.department.name_ru),
            kindergarten_name: Bilingual::new(&t.kindergarten.name_kk, &t.kindergarten.name_ru),
            kindergarten_bin: t.kindergarten.bin.as_ref().map(|b| b.as_str().to_owned()),
            kindergarten_address: t.kindergarten.address.clone(),
            representative: full_name(&r.last_name, &r.first_name, r.patronymic.as_ref()),
            representative_iin: r.iin.as_str().to_owned(),
            representative_authority: both(&|l| r.authority.label(l)),
            child: full_name(
                &t.child.last_name,
                &t.child.first_name,
                t.child.patronymic.as_ref(),
            ),
            child_iin: t.child.iin.as_str().to_owned(),
            child_birth_date: t.child.iin.birth_date(),
            group_name: t.group_name.clone(),
            age_period: Bilingual::new(&t.age_period_kk, &t.age_period_ru),
            monthly_amount_tenge: t.monthly_amount_tenge,
            valid_from: t.valid_from,
            valid_to: t.valid_to,
            referral_number: t.referral_number.get().to_string(),
            referral_issued_on: t.referral_issued_on,
            iban: q.iban.as_str().to_owned(),
            bank,
            bank_branch: q.bank_branch.clone(),
            bic: q.bic.as_str().to_owned(),
            id_doc: IdDocValues {
                kind: both(&|l| q.id_doc.doc_type().label(l)),
                number: IdDocNumber::as_str(&q.id_doc).to_owned(),
                issued_on: q.id_doc_issued_on,
                issuer: q.id_doc_issuer.clone(),
            },
            phone: r.phone.formatted(),
            email: r.email.as_ref().map(|e| e.as_str().to_owned()),
            registered_address: r.registered_address.clone(),
            residential_address: r.residential_address.clone(),
        }
    }
}

#[cfg(test)]
mod integration_tests {
    use super::super::canonical::example_terms;
    use super::super::template::{default_template, validate};
    use super::super::template_fill::fill;
    use super::*;

    #[test]
    fn the_signed_example_terms_fill_the_default_template_completely() {
        let v = Values::from_terms(&example_terms());
        assert_eq!(v, Values::example());
        let t = default_template();
        assert_eq!(validate(&t), Ok(()));
        let c = fill(&t, &v);
        for s in &c.sections {
            for text in s.paragraphs_kk.iter().chain(&s.paragraphs_ru) {
                assert!(!text.contains(['{', '}']), "{text}");
            }
        }
    }
}
