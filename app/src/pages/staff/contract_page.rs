//! `/staff/contracts/{id}`: one contract for the kindergarten — main terms, every requisite,
//! the documents (open or zoom), the parent's verified signature, the text; sign with the
//! organisation's key or refuse with a reason the parent will see.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use send_wrapper::SendWrapper;

use super::api::{staff_contract_view, staff_refuse, staff_sign};
use crate::api::StaffContract;
use crate::components::dates::format_unix_datetime;
use crate::components::key_file_field::{
    KeyFileField, KeyStage, run_with_key, sign_canonical_base64,
};
use crate::domain::mobile_sign::MobilePurpose;
use crate::domain::template_fill::format_amount;
use crate::domain::{ContractStatus, RefusalReason};
use crate::eds::purpose::Purpose;
use crate::i18n::contract_ui as cu;
use crate::i18n::staff_ui as su;
use crate::i18n::{Text, fields, t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;
use crate::pages::contract::contract_text::ContractText;
use crate::pages::contract::contracts_page::status_class;
use crate::pages::mobile_sign::panel::{MobileOutcome, MobilePanel};

#[component]
pub fn StaffContractPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0));
    let data = crate::wire::resource(id, staff_contract_view);
    view! {
        <section class="page staff">
            <p><a href="/staff">{t(su::BACK_TO_INBOX)}</a></p>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => view! { <View c=c/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn View(c: StaffContract) -> impl IntoView {
    let lang = use_lang();
    let card = c.card.clone();
    let s = card.summary.clone();
    let id = s.id;
    let status = RwSignal::new(s.status);
    let outcome = RwSignal::new(None::<Text>);
    let k = s.kindergarten.clone();
    let amount = card.monthly_amount_tenge;
    let refusal = s.refusal.clone();
    let requisites = c.requisites.clone();
    let docs = c.documents.clone();
    let canonical = c.canonical_base64.clone();
    let head = view! {
        <h1 id="contract-title">{t(cu::CONTRACT_TYPE)}" #"{s.number.clone()}</h1>
        <p>
            <span class=move || status_class(status.get()) id="contract-status" data-status=move || status.get().as_str()>
                {move || status.get().label(lang.get())}
            </span>
        </p>
        {refusal.map(|r| view! {
            <p class="error">{t(cu::REFUSAL_REASON)}": "{move || r.reason.label(lang.get())}{(!r.comment.is_empty()).then(|| format!(" — {}", r.comment))}</p>
        })}
        <p role="status" aria-live="polite" id="staff-outcome" class="ok">{move || outcome.get().map(|o| o.get(lang.get()))}</p>
    }
    .into_any();
    let terms = view! {
        <dl class="facts" id="main-terms">
            <dt>{t(ui::CHILD)}</dt><dd>{s.child_name.clone()}</dd>
            <dt>{t(su::PARENT)}</dt><dd>{c.parent_name.clone()}</dd>
            <dt>{t(ui::GROUP)}</dt><dd>{card.group.clone()}</dd>
            <dt>{t(ui::REFERRAL)}</dt><dd>"#"{s.referral_number}</dd>
            <dt>{t(cu::AMOUNT)}</dt><dd>{move || format_amount(amount, lang.get())}</dd>
            <dt>{t(cu::VALIDITY)}</dt><dd>{format!("{}–{}", s.valid_from, s.valid_to)}</dd>
            <dt>{t(cu::EXECUTOR)}</dt><dd>{move || k.get(lang.get()).to_string()}</dd>
        </dl>
    }
    .into_any();
    let signatures = view! {
        <h2>{t(cu::SIGNATURES)}</h2>
        <dl class="facts" id="signatures">
            <dt>{t(cu::PARENT_SIGNED)}</dt>
            <dd id="parent-signature">{card.parent_signature.clone().map(|v| view! {
                {v.signer.clone()}<br/><small class="muted">{format_unix_datetime(v.signed_at)}" · "{t(cu::VERIFIED)}</small><br/>
                {crate::pages::contract::card_page::evidence_line(&v)}
            })}</dd>
            <dt>{t(cu::KINDERGARTEN_SIGNED)}</dt>
            <dd id="kindergarten-signature">{card.kindergarten_signature.clone().map(|v| view! {
                {v.signer.clone()}<br/><small class="muted">{format_unix_datetime(v.signed_at)}</small><br/>
                {crate::pages::contract::card_page::evidence_line(&v)}
            }.into_any()).unwrap_or_else(|| view! { <span class="muted">{t(cu::NOT_SIGNED_YET)}</span> }.into_any())}</dd>
        </dl>
    }
    .into_any();
    let requisites = view! {
        <h2>{t(su::REQUISITES)}</h2>
        <dl class="facts" id="requisites">
            {requisites.into_iter().map(|(f, v)| view! {
                <dt>{t(fields::label(f))}</dt><dd data-field=f.as_str()>{move || v.get(lang.get()).to_string()}</dd>
            }).collect_view()}
        </dl>
    }
    .into_any();
    let documents = view! {
        <h2>{t(su::DOCUMENTS)}</h2>
        <div class="staff-docs" id="documents">
            {docs.into_iter().map(|(kind, key)| {
                let src = format!("/api/documents/{key}");
                let label = fields::label(crate::domain::Field::of_document(kind));
                let zoomed = RwSignal::new(false);
                view! {
                    <figure class="staff-doc" class:staff-doc--zoomed=move || zoomed.get() data-kind=kind.form_name()>
                        <button type="button" class="staff-doc__zoom" aria-pressed=move || zoomed.get().to_string()
                            on:click=move |_| zoomed.update(|z| *z = !*z)>
                            <img src=src.clone() alt=move || label.get(lang.get()) loading="lazy"/>
                        </button>
                        <figcaption>{t(label)}" · "<a href=src target="_blank" rel="noopener">{t(su::OPEN_FULL)}</a></figcaption>
                    </figure>
                }.into_any()
            }).collect_view()}
        </div>
    }
    .into_any();
    let text = view! { <ContractText text=card.text.clone()/> }.into_any();
    view! {
        {head}
        {terms}
        {signatures}
        {requisites}
        {documents}
        {move || (status.get() == ContractStatus::SentForSigning).then(|| view! {
            <Decide id=id canonical=canonical.clone() status=status outcome=outcome/>
        })}
        <p><a class="btn btn--secondary" href=format!("/api/contracts/{id}/pdf") download>{t(cu::DOWNLOAD_PDF)}</a></p>
        {text}
    }
}

#[component]
fn Decide(
    id: i32,
    canonical: String,
    status: RwSignal<ContractStatus>,
    outcome: RwSignal<Option<Text>>,
) -> impl IntoView {
    let lang = use_lang();
    let stage = RwSignal::new(KeyStage::Idle);
    let canonical = StoredValue::new(canonical);
    let on_key = Callback::new(
        move |(file, password): (SendWrapper<web_sys::File>, String)| {
            let canonical = canonical.get_value();
            leptos::task::spawn_local(async move {
                let r = run_with_key(
                    stage,
                    file.take(),
                    password,
                    Purpose::Signing,
                    |k, now| async move {
                        let b64 = sign_canonical_base64(&k, &canonical, now).await?;
                        staff_sign(id, b64).await.map_err(|e| e.text())?;
                        Ok::<(), Text>(())
                    },
                )
                .await;
                if r.is_ok() {
                    outcome.set(Some(su::SIGNED_DONE));
                    status.set(ContractStatus::SignedByKindergarten);
                }
            });
        },
    );
    // Signed in eGov Business: the accepted signature already put the contract in force.
    let on_business = Callback::new(move |done: MobileOutcome| {
        if let MobileOutcome::StaffSigned(_) = done {
            outcome.set(Some(su::SIGNED_DONE));
            status.set(ContractStatus::SignedByKindergarten);
        }
    });
    let reason = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let refuse_error = RwSignal::new(None::<Text>);
    let refuse = Action::new(move |(r, c): &(String, String)| {
        let (r, c) = (r.clone(), c.clone());
        async move { staff_refuse(id, r, c).await }
    });
    Effect::new(move |_| match refuse.value().get() {
        Some(Ok(_)) => {
            outcome.set(Some(su::REFUSED_DONE));
            status.set(ContractStatus::RefusedByKindergarten);
        }
        Some(Err(e)) => refuse_error.set(Some(e.text())),
        None => {}
    });
    let on_refuse = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if refuse.pending().get_untracked() {
            return;
        }
        refuse_error.set(None);
        if reason.get_untracked().is_empty() {
            refuse_error.set(Some(ui::FIX_ERRORS));
            return;
        }
        refuse.dispatch((reason.get_untracked(), comment.get_untracked()));
    };
    view! {
        <div class="staff-decide">
            <section class="card" id="sign-section">
                <h2>{t(su::SIGN_TITLE)}</h2>
                <p>{t(su::SIGN_INTRO)}</p>
                <MobilePanel purpose=MobilePurpose::StaffContract { contract_id: id } on_done=on_business/>
                <p class="or">{t(ui::MOBILE_OR_FILE)}</p>
                <KeyFileField key_name="sign_key" password_name="sign_password" purpose=Purpose::Signing
                    stage submit_label=su::SIGN_SUBMIT on_key/>
            </section>
            <section class="card" id="refuse-section">
                <h2>{t(su::REFUSE_TITLE)}</h2>
                <form on:submit=on_refuse novalidate>
                    <div class="field">
                        <label for="refusal-reason">{t(su::REFUSE_REASON)}</label>
                        <select id="refusal-reason" name="reason" required
                            on:change=move |ev| reason.set(event_target_value(&ev))>
                            <option value="">{t(ui::CHOOSE)}</option>
                            {RefusalReason::ALL.into_iter().map(|r| view! {
                                <option value=r.as_str()>{move || r.label(lang.get())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="refusal-comment">{t(su::REFUSE_COMMENT)}</label>
                        <textarea id="refusal-comment" name="comment" maxlength="500" rows="3"
                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </div>
                    <p class="error" role="alert" id="refuse-error">{move || refuse_error.get().map(|e| e.get(lang.get()))}</p>
                    <button type="submit" class="btn btn--danger" id="refuse-submit" disabled=move || refuse.pending().get()>{t(su::REFUSE_SUBMIT)}</button>
                </form>
            </section>
        </div>
    }
}
