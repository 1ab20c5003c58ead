//! «Қадам 3 / 6» and the list of the six steps, the current one marked.
use leptos::prelude::*;

use crate::i18n::contract_ui as cu;
use crate::i18n::{t, use_lang};

#[component]
pub fn StepIndicator(step: RwSignal<u8>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="wizard__step" id="wizard-step" data-step=move || step.get().to_string()>
            {t(cu::STEP)}" "{move || step.get()}" "{t(cu::STEP_OF)}": "
            <strong>{move || cu::STEP_TITLES[(step.get().clamp(1, 6) - 1) as usize].get(lang.get())}</strong>
        </p>
        <ol class="steps" aria-label=move || cu::WIZARD_TITLE.get(lang.get())>
            {(1u8..=6).map(|n| view! {
                <li class=move || { if step.get() > n { "steps__item steps__item--done" } else { "steps__item" } }
                    aria-current=move || (step.get() == n).then_some("step")>
                    <span class="steps__number">{n}</span>
                    <span class="steps__title">{move || cu::STEP_TITLES[(n - 1) as usize].get(lang.get())}</span>
                </li>
            }).collect_view()}
        </ol>
    }
}
