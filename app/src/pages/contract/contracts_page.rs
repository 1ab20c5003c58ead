//! «Шарттар»: the parent's contracts — number, date, validity, status, type, executor; each
//! opens its card.
use leptos::prelude::*;

use super::api::my_contracts;
use crate::api::ContractSummary;
use crate::domain::ContractStatus;
use crate::i18n::contract_ui as cu;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;
use crate::pages::cabinet::nav::CabinetNav;

#[component]
pub fn ContractsPage() -> impl IntoView {
    let list = crate::wire::resource(|| (), |_| my_contracts());
    view! {
        <section class="page cabinet">
            <h1>{t(cu::CONTRACTS_TITLE)}</h1>
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(v) if v.is_empty() => view! { <p class="muted" id="no-contracts">{t(cu::NO_CONTRACTS)}</p> }.into_any(),
                        Ok(v) => view! {
                            <ul class="cards" id="contracts">
                                {v.into_iter().map(|c| view! { <ContractItem c=c/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The badge class of a status.
pub fn status_class(s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::SignedByKindergarten => "badge badge--ok",
        ContractStatus::SentForSigning | ContractStatus::Draft => "badge",
        ContractStatus::RefusedByKindergarten | ContractStatus::SignatureRevoked => {
            "badge badge--alert"
        }
        _ => "badge badge--muted",
    }
}

#[component]
fn ContractItem(c: ContractSummary) -> impl IntoView {
    let lang = use_lang();
    let k = c.kindergarten.clone();
    let status = c.status;
    let refusal = c.refusal.clone();
    view! {
        <li class="card contract" data-number=c.number.clone() data-status=status.as_str()>
            <h2 class="card__title"><a href=format!("/cabinet/contracts/{}", c.id)>"#"{c.number.clone()}</a></h2>
            <p><span class=status_class(status)>{move || status.label(lang.get())}</span></p>
            <dl class="facts">
                <dt>{t(cu::CONCLUDED_ON)}</dt><dd>{c.date.clone()}</dd>
                <dt>{t(cu::VALIDITY)}</dt><dd>{format!("{} – {}", c.valid_from, c.valid_to)}</dd>
                <dt>{t(cu::CONTRACT_TYPE_LABEL)}</dt><dd>{t(cu::CONTRACT_TYPE)}</dd>
                <dt>{t(cu::EXECUTOR)}</dt><dd>{move || k.get(lang.get()).to_string()}</dd>
                <dt>{t(ui::CHILD)}</dt><dd>{c.child_name.clone()}</dd>
                {refusal.map(|r| view! {
                    <dt>{t(cu::REFUSAL_REASON)}</dt>
                    <dd class="refusal">{move || r.reason.label(lang.get())}{(!r.comment.is_empty()).then(|| format!(": {}", r.comment))}</dd>
                })}
            </dl>
        </li>
    }
}
