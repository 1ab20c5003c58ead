//! Step 1: what the contract is, what the parent needs, the amount today, the model contract.
use leptos::prelude::*;

use crate::api::WizardStart;
use crate::domain::template_fill::format_amount;
use crate::i18n::contract_ui as cu;
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn InfoStep(start: WizardStart) -> impl IntoView {
    let lang = use_lang();
    let amount = start.monthly_amount_tenge;
    let group = start.referral.group.clone();
    let period = start.referral.age_period.clone();
    view! {
        <div class="wizard__info" id="step-info">
            <p>{t(cu::INFO_WHAT)}</p>
            <p><strong>{t(cu::INFO_NEED)}</strong></p>
            <ul>
                {cu::INFO_NEED_ITEMS.into_iter().map(|i| view! { <li>{t(i)}</li> }).collect_view()}
            </ul>
            <p class="note">{t(cu::INFO_FILES)}</p>
            <dl class="facts">
                <dt>{t(ui::GROUP)}</dt><dd>{move || group.get(lang.get()).to_string()}</dd>
                <dt>{t(ui::AGE_PERIOD)}</dt><dd>{move || period.get(lang.get()).to_string()}</dd>
                {amount.map(|a| view! {
                    <dt>{t(cu::INFO_AMOUNT)}</dt>
                    <dd id="info-amount">{move || format_amount(a, lang.get())}<br/><small class="muted">{t(cu::INFO_AMOUNT_NOTE)}</small></dd>
                })}
            </dl>
            <p><a href="/contract/model.pdf" target="_blank" rel="noopener">{t(ui::MODEL_CONTRACT)}</a></p>
        </div>
    }
}
