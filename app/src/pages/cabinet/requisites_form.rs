//! The representative's and requisites' fields (wizard steps 3 and 4), shared by
//! «Менің деректемелерім» and the wizard, and their combined check.
use leptos::prelude::*;
use time::Date;

use crate::api::SavedRequisites;
use crate::components::form_fields::{SelectField, TextField};
use crate::domain::{
    Authority, Field, FieldErrors, IdDocType, RepresentativeDraft, RequisitesDraft,
    fill_bank_from_iban, validate_representative, validate_requisites,
};
use crate::i18n::{t, ui, use_lang};

/// A [`TextField`] bound to `$draft.$member`: `(draft, errors, field, member, autocomplete,
/// type, inputmode, required)`.
macro_rules! text {
    ($draft:ident, $errors:ident, $field:expr, $member:ident, $ac:expr, $ty:expr, $mode:expr, $req:expr) => {
        view! {
            <TextField
                field=$field
                value=Signal::derive(move || $draft.with(|d| d.$member.clone()))
                on_input=move |v: String| $draft.update(|d| d.$member = v)
                errors=$errors
                autocomplete=$ac
                input_type=$ty
                inputmode=$mode
                required=$req
            />
        }
    };
}

/// Every field error of steps 3 and 4 together (the representative is always the signed-in
/// person: the IIN is taken from the session, not from the form).
pub fn check(saved: &SavedRequisites, own_iin: &str, today: Date) -> FieldErrors {
    let mut rep = saved.representative.clone();
    rep.iin = own_iin.to_string();
    let mut errors = FieldErrors::default();
    if let Err(e) = validate_representative(&rep, today) {
        errors.extend(e);
    }
    if let Err(e) = validate_requisites(&saved.requisites, today) {
        errors.extend(e);
    }
    errors
}

/// Step 3's fields.
#[component]
pub fn RepresentativeFields(
    draft: RwSignal<RepresentativeDraft>,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let authorities = Signal::derive(move || {
        Authority::ALL
            .iter()
            .map(|a| (a.as_str().to_string(), a.label(lang.get()).to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <fieldset class="form-section">
            <legend>{t(ui::REPRESENTATIVE_LEGEND)}</legend>
            <div class="field">
                <label for="f-iin">{t(crate::i18n::fields::label(Field::Iin))}</label>
                <input id="f-iin" name="iin" type="text" inputmode="numeric" autocomplete="off" readonly
                    prop:value=move || draft.with(|d| d.iin.clone())/>
            </div>
            {text!(draft, errors, Field::LastName, last_name, "family-name", "text", "text", true)}
            {text!(draft, errors, Field::FirstName, first_name, "given-name", "text", "text", true)}
            {text!(draft, errors, Field::Patronymic, patronymic, "additional-name", "text", "text", false)}
            <SelectField
                field=Field::Authority
                value=Signal::derive(move || draft.with(|d| d.authority.clone()))
                on_change=move |v: String| draft.update(|d| d.authority = v)
                errors=errors
                options=authorities
                required=true
            />
            {text!(draft, errors, Field::Phone, phone, "tel", "tel", "tel", true)}
            {text!(draft, errors, Field::PhoneExtra, phone_extra, "tel", "tel", "tel", false)}
            {text!(draft, errors, Field::Email, email, "email", "email", "email", false)}
            {text!(draft, errors, Field::Workplace, workplace, "organization", "text", "text", true)}
            {text!(draft, errors, Field::Position, position, "organization-title", "text", "text", true)}
            {text!(draft, errors, Field::RegisteredAddress, registered_address, "street-address", "text", "text", true)}
            {text!(draft, errors, Field::ResidentialAddress, residential_address, "street-address", "text", "text", true)}
        </fieldset>
    }
}

/// Step 4's fields. Typing the IBAN selects the bank and fills the BIC.
#[component]
pub fn RequisitesFields(
    draft: RwSignal<RequisitesDraft>,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let doc_types = Signal::derive(move || {
        IdDocType::ALL
            .iter()
            .map(|d| (d.as_str().to_string(), d.label(lang.get()).to_string()))
            .collect::<Vec<_>>()
    });
    let banks = Signal::derive(move || {
        crate::domain::banks::all()
            .iter()
            .map(|b| (b.bic.to_string(), b.name(lang.get()).to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <fieldset class="form-section">
            <legend>{t(ui::REQUISITES_LEGEND)}</legend>
            <SelectField
                field=Field::IdDocType
                value=Signal::derive(move || draft.with(|d| d.id_doc_type.clone()))
                on_change=move |v: String| draft.update(|d| d.id_doc_type = v)
                errors=errors
                options=doc_types
                required=true
            />
            {text!(draft, errors, Field::IdDocNumber, id_doc_number, "off", "text", "text", true)}
            <TextField
                field=Field::IdDocIssuedOn
                value=Signal::derive(move || draft.with(|d| crate::domain::dates::display_date(&d.id_doc_issued_on)))
                on_input=move |v: String| draft.update(|d| d.id_doc_issued_on = v)
                errors=errors
                autocomplete="off"
                inputmode="decimal"
                maxlength=10u32
                required=true
                hint=ui::DATE_HINT
                placeholder=ui::DATE_PLACEHOLDER
            />
            {text!(draft, errors, Field::IdDocIssuer, id_doc_issuer, "off", "text", "text", true)}
            <TextField
                field=Field::Iban
                value=Signal::derive(move || draft.with(|d| d.iban.clone()))
                on_input=move |v: String| draft.update(|d| {
                    if let Some(bank) = fill_bank_from_iban(&v) {
                        d.bank = bank.bic.to_string();
                        d.bic = bank.bic.to_string();
                    }
                    d.iban = v;
                })
                errors=errors
                autocomplete="off"
                inputmode="text"
                required=true
                hint=ui::IBAN_HINT
            />
            <SelectField
                field=Field::Bank
                value=Signal::derive(move || draft.with(|d| d.bank.clone()))
                on_change=move |v: String| draft.update(|d| {
                    d.bic = v.clone();
                    d.bank = v;
                })
                errors=errors
                options=banks
                required=true
            />
            {text!(draft, errors, Field::Bic, bic, "off", "text", "text", true)}
            {text!(draft, errors, Field::BankBranch, bank_branch, "off", "text", "text", true)}
        </fieldset>
    }
}
