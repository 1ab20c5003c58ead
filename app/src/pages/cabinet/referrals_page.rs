//! «Менің жолдамаларым»: referrals with status and deadline; «Шарт жасасу» only where the
//! kindergarten concludes e-contracts and the referral is active, elsewhere how to conclude
//! the contract on paper.
use leptos::prelude::*;

use super::api::my_referrals;
use super::error_view::ErrorView;
use super::nav::CabinetNav;
use crate::api::ReferralView;
use crate::domain::ReferralStatus;
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let referrals = crate::wire::resource(|| (), |_| my_referrals());
    view! {
        <section class="page cabinet">
            <h1>{t(ui::REFERRALS_TITLE)}</h1>
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match referrals.await {
                        Ok(list) if list.is_empty() => view! { <p class="lead" id="no-referrals">{t(ui::NO_REFERRALS)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="cards" id="referrals">
                                {list.into_iter().map(|r| view! { <ReferralCard r=r/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReferralCard(r: ReferralView) -> impl IntoView {
    let lang = use_lang();
    let status = r.status;
    let k = r.kindergarten.clone();
    let addr = r.kindergarten_address.clone();
    let dep = r.department.clone();
    let g = r.group.clone();
    let p = r.age_period.clone();
    let action = if status.allows_contract() && r.e_contracts {
        Some(view! {
            <p class="actions">
                <a class="btn btn--primary conclude-contract" href=format!("/cabinet/referrals/{}/contract", r.id)>
                    {t(ui::CONCLUDE_CONTRACT)}
                </a>" "
                <a class="btn btn--secondary prepare-documents" href=format!("/cabinet/referrals/{}/documents", r.id)>
                    {t(ui::PREPARE_DOCUMENTS)}
                </a>
            </p>
        }.into_any())
    } else if status.allows_contract() {
        Some(view! { <p class="note paper-howto">{t(ui::PAPER_CONTRACT_HOWTO)}</p> }.into_any())
    } else {
        None
    };
    let status_class = match status {
        ReferralStatus::Active | ReferralStatus::ContractInProgress => "badge badge--ok",
        ReferralStatus::Used => "badge",
        ReferralStatus::Expired | ReferralStatus::Cancelled => "badge badge--muted",
    };
    view! {
        <li class="card referral" data-number=r.number.to_string() data-status=status.as_str()>
            <h2 class="card__title">{t(ui::REFERRAL)}" #"{r.number}</h2>
            <p><span class=status_class>{move || status.label(lang.get())}</span></p>
            <dl class="facts">
                <dt>{t(ui::CHILD)}</dt><dd>{r.child_name.clone()}</dd>
                <dt>{t(ui::KINDERGARTEN)}</dt>
                <dd>{move || k.get(lang.get()).to_string()}<br/><span class="muted">{move || addr.get(lang.get()).to_string()}</span></dd>
                <dt>{t(ui::GROUP)}</dt><dd>{move || g.get(lang.get()).to_string()}</dd>
                <dt>{t(ui::AGE_PERIOD)}</dt><dd>{move || p.get(lang.get()).to_string()}</dd>
                <dt>{t(ui::ISSUED_BY)}</dt><dd>{move || dep.get(lang.get()).to_string()}</dd>
                <dt>{t(ui::ISSUED_ON)}</dt><dd>{r.issued_on.clone()}</dd>
                <dt>{t(ui::VALID_UNTIL)}</dt><dd class="deadline">{r.deadline.clone()}</dd>
            </dl>
            {action}
        </li>
    }
}
