//! The contract card (`/cabinet/contracts/{id}`): main terms, admission conditions, the
//! signatures, «Шарттың мәтінін қарау» (the full text) and «Шартты жүктеу» (the PDF).
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::my_contract;
use super::contract_text::ContractText;
use super::contracts_page::status_class;
use crate::api::{ContractCard, EvidenceView, SignatureView};
use crate::components::dates::format_unix_datetime;
use crate::domain::template_fill::format_amount;
use crate::i18n::contract_ui as cu;
use crate::i18n::{Text, t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;
use crate::pages::cabinet::nav::CabinetNav;

#[component]
pub fn ContractCardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0));
    let card = crate::wire::resource(id, my_contract);
    view! {
        <section class="page cabinet">
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match card.await {
                        Ok(c) => view! { <Card c=c/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Card(c: ContractCard) -> impl IntoView {
    let lang = use_lang();
    let s = c.summary.clone();
    let status = s.status;
    let (k, place, dep, period) = (
        s.kindergarten.clone(),
        c.place.clone(),
        c.department.clone(),
        c.age_period.clone(),
    );
    let amount = c.monthly_amount_tenge;
    let refusal = s.refusal.clone();
    let sig = |label: Text, v: Option<SignatureView>, id: &'static str| {
        view! {
            <dt>{t(label)}</dt>
            <dd id=id>{match v {
                Some(v) => view! { {v.signer.clone()}<br/><small class="muted">{format_unix_datetime(v.signed_at)}" · "{t(cu::VERIFIED)}</small><br/>{evidence_line(&v)} }.into_any(),
                None => view! { <span class="muted">{t(cu::NOT_SIGNED_YET)}</span> }.into_any(),
            }}</dd>
        }
    };
    view! {
        <h1 id="contract-title">{t(cu::CONTRACT_TYPE)}" #"{s.number.clone()}</h1>
        <p><span class=status_class(status) id="contract-status" data-status=status.as_str()>{move || status.label(lang.get())}</span></p>
        {refusal.map(|r| view! {
            <p class="error" id="refusal">{t(cu::REFUSAL_REASON)}": "{move || r.reason.label(lang.get())}{(!r.comment.is_empty()).then(|| format!(" — {}", r.comment))}</p>
        })}
        <p class="actions">
            <a class="btn btn--secondary" href="#contract-text">{t(cu::VIEW_TEXT)}</a>" "
            <a class="btn btn--primary" id="download-pdf" href=format!("/api/contracts/{}/pdf", s.id) download>{t(cu::DOWNLOAD_PDF)}</a>
        </p>
        <h2>{t(cu::MAIN_TERMS)}</h2>
        <dl class="facts" id="main-terms">
            <dt>{t(cu::NUMBER)}</dt><dd>{s.number.clone()}</dd>
            <dt>{t(cu::PLACE)}</dt><dd>{move || place.get(lang.get()).to_string()}</dd>
            <dt>{t(cu::CONCLUDED_ON)}</dt><dd>{s.date.clone()}</dd>
            <dt>{t(cu::VALIDITY)}</dt><dd>{format!("{}–{}, ", s.valid_from, s.valid_to)}{t(cu::VALIDITY_EXTENDED)}</dd>
            <dt>{t(cu::AMOUNT)}</dt><dd id="card-amount">{move || format_amount(amount, lang.get())}<br/><small class="muted">{t(cu::AMOUNT_NOTE)}</small></dd>
            <dt>{t(cu::EXECUTOR)}</dt><dd>{move || k.get(lang.get()).to_string()}</dd>
        </dl>
        <h2>{t(cu::ADMISSION)}</h2>
        <dl class="facts">
            <dt>{t(ui::REFERRAL)}</dt><dd>"#"{s.referral_number}" · "{c.referral_issued_on.clone()}</dd>
            <dt>{t(ui::ISSUED_BY)}</dt><dd>{move || dep.get(lang.get()).to_string()}</dd>
            <dt>{t(ui::GROUP)}</dt><dd>{c.group.clone()}</dd>
            <dt>{t(ui::AGE_PERIOD)}</dt><dd>{move || period.get(lang.get()).to_string()}</dd>
            <dt>{t(ui::CHILD)}</dt><dd>{s.child_name.clone()}</dd>
        </dl>
        <h2>{t(cu::SIGNATURES)}</h2>
        <dl class="facts" id="signatures">
            {sig(cu::PARENT_SIGNED, c.parent_signature.clone(), "parent-signature")}
            {sig(cu::KINDERGARTEN_SIGNED, c.kindergarten_signature.clone(), "kindergarten-signature")}
        </dl>
        <p class="muted small">{t(cu::CONTROL_SUM)}": "<code class="hash">{c.canonical_sha256.clone()}</code></p>
        <ContractText text=c.text.clone()/>
    }
}

/// What proves the signature later, in one line under it (`class="evidence"`).
pub fn evidence_line(v: &SignatureView) -> impl IntoView + use<> {
    let evidence = v.evidence.clone();
    let class = match evidence {
        EvidenceView::Pending => "muted evidence evidence-pending",
        EvidenceView::Revoked => "evidence evidence-revoked",
        _ => "muted evidence",
    };
    let text = move || match &evidence {
        EvidenceView::Timestamped { at, by_ocsp } => {
            let status = match by_ocsp {
                Some(true) => format!(" · {}", t(cu::EVIDENCE_BY_OCSP)()),
                Some(false) => format!(" · {}", t(cu::EVIDENCE_BY_CRL)()),
                None => String::new(),
            };
            format!(
                "{}: {}{status}",
                t(cu::EVIDENCE_TIMESTAMP)(),
                format_unix_datetime(*at)
            )
        }
        EvidenceView::Pending => t(cu::EVIDENCE_PENDING)().to_string(),
        EvidenceView::Recorded => t(cu::EVIDENCE_RECORDED)().to_string(),
        EvidenceView::Revoked => t(cu::EVIDENCE_REVOKED)().to_string(),
    };
    view! { <small class=class>{text}</small> }
}
