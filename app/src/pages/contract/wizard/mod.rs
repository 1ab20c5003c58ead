//! The six-step contract wizard at `/cabinet/referrals/{id}/contract` (GUIDE.md "The
//! contract wizard"): 1 information, 2 EDS check with the AUTH key, 3 legal representative,
//! 4 requisites, 5 documents, 6 the contract text, the signing key and sending. Each step is
//! validated in the browser by the domain crate and everything again on the server.
mod indicator;
mod state;
mod step_eds;
mod step_info;
mod step_sign;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::contract_wizard_start;
use crate::api::WizardStart;
use crate::components::document_field::DocumentField;
use crate::domain::{
    DocumentKind, FieldErrors, validate_documents, validate_representative, validate_requisites,
};
use crate::i18n::contract_ui as cu;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;
use crate::pages::cabinet::requisites_form::{RepresentativeFields, RequisitesFields};
pub use state::{SyncState, Wizard};

#[component]
pub fn ContractWizardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0));
    let start = crate::wire::resource(id, contract_wizard_start);
    view! {
        <section class="page cabinet wizard">
            <h1>{t(cu::WIZARD_TITLE)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match start.await {
                        Ok(s) => view! { <WizardBody start=s/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WizardBody(start: WizardStart) -> impl IntoView {
    let lang = use_lang();
    let r = start.referral.clone();
    let kindergarten = r.kindergarten.clone();
    let header = view! {
        <p class="lead wizard__referral">
            {t(ui::REFERRAL)}" #"{r.number}" · "{r.child_name.clone()}" · "
            {move || kindergarten.get(lang.get()).to_string()}
        </p>
    };
    if let Some(sent) = start.sent.clone() {
        // Sent (from this device or another): nothing of this wizard needs keeping here.
        // (Both do nothing on the server; in the browser this runs once, at hydration.)
        super::local_draft::clear(r.id);
        super::pending_signature::clear(r.id);
        return view! {
            {header}
            <p class="ok" id="already-sent">{t(cu::ALREADY_SENT)}" № "{sent.number.clone()}</p>
            <p><a class="btn btn--primary" href=format!("/cabinet/contracts/{}", sent.id)>{t(cu::OPEN_CONTRACT)}</a></p>
        }
        .into_any();
    }
    if !r.status.allows_contract() {
        return view! {
            {header}
            <p class="error" id="referral-closed">{t(ui::REFERRAL_CLOSED)}</p>
            <p><a href="/cabinet/referrals">{t(cu::RETURN)}</a></p>
        }
        .into_any();
    }
    if !r.e_contracts {
        return view! {
            {header}
            <p class="note">{t(ui::PAPER_CONTRACT_HOWTO)}</p>
            <p><a href="/cabinet/referrals">{t(cu::RETURN)}</a></p>
        }
        .into_any();
    }
    let refused = start
        .refused
        .clone()
        .and_then(|c| c.refusal.map(|r| (c.number, r)));
    let w = Wizard::new(&start);
    let draft_at = start.draft_updated_at;
    // Browser only, after hydration: take the device's copy, then save every change.
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            w.restore(draft_at);
            // From now on every step works without a connection, step 5 and 6 included.
            crate::offline::keep_wizard_offline();
        }
    });
    Effect::new(move |_| {
        // Tracks every typed value, the step and the EDS check.
        w.persist();
    });
    let on_online = move || {
        w.online.set(true);
        if w.sync.get_untracked() == SyncState::Local {
            leptos::task::spawn_local(async move { w.save_to_server().await });
        }
    };
    #[cfg(target_arch = "wasm32")]
    {
        let h1 = window_event_listener(leptos::ev::online, move |_| on_online());
        let h2 = window_event_listener(leptos::ev::offline, move |_| w.online.set(false));
        on_cleanup(move || {
            h1.remove();
            h2.remove();
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = on_online;
    let own_iin = start.prefill.representative.iin.clone();
    let start = StoredValue::new(start);
    view! {
        {header}
        {refused.map(|(number, r)| view! {
            <p class="error" id="previous-refusal">
                {t(cu::REFUSAL_REASON)}" (№ "{number}"): "{move || r.reason.label(lang.get())}
                {(!r.comment.is_empty()).then(|| format!(" — {}", r.comment))}
            </p>
        })}
        <indicator::StepIndicator step=w.step/>
        <div class="wizard__connection" role="status" aria-live="polite">
            {move || (!w.online.get()).then(|| view! { <p class="warning" id="offline-banner">{t(cu::OFFLINE)}</p> })}
            {move || w.restored.get().then(|| view! { <p class="muted" id="restored">{t(cu::RESTORED)}</p> })}
            {move || match w.sync.get() {
                SyncState::Idle => None,
                SyncState::Local => Some(view! { <p class="muted" id="saved-locally">{t(cu::SAVED_LOCALLY)}</p> }.into_any()),
                SyncState::Server(at) => Some(view! {
                    <p class="muted" id="saved-on-server">{t(cu::SAVED_ON_SERVER)}" · "{crate::components::dates::format_unix_datetime(at)}</p>
                }.into_any()),
            }}
        </div>
        {move || {
            let s = w.step.get();
            match s {
                1 => start.with_value(|st| view! { <step_info::InfoStep start=st.clone()/> }).into_any(),
                2 => view! { <step_eds::EdsStep w=w/> }.into_any(),
                3 => view! {
                    <p class="warning">{t(cu::REP_WARNING)}</p>
                    <RepresentativeFields draft=w.rep errors=w.errors/>
                }.into_any(),
                4 => view! {
                    <p class="warning">{t(cu::CARD_WARNING)}</p>
                    <RequisitesFields draft=w.req errors=w.errors/>
                }.into_any(),
                5 => view! {
                    <p class="note">{t(cu::DOCS_RULES)}</p>
                    <div class="documents" id="documents">
                        {DocumentKind::ALL.into_iter().map(|kind| view! {
                            <DocumentField kind=kind referral_id=w.referral_id value=w.doc(kind) errors=w.errors/>
                        }).collect_view()}
                    </div>
                }.into_any(),
                _ => view! { <step_sign::SignStep w=w/> }.into_any(),
            }
        }}
        <WizardNav w=w own_iin=own_iin/>
    }
    .into_any()
}

/// Back / Next / Return. Next checks the current step first (in WASM, the domain rules).
#[component]
fn WizardNav(w: Wizard, own_iin: String) -> impl IntoView {
    let lang = use_lang();
    let own_iin = StoredValue::new(own_iin);
    let step_error = RwSignal::new(None::<crate::i18n::Text>);
    let next = move |_| {
        step_error.set(None);
        let today =
            crate::domain::dates::kz_date_of_unix((super::local_draft::now_ms() / 1000.0) as i64);
        let errors: FieldErrors = match w.step.get_untracked() {
            2 if w.eds_checked.get_untracked().is_none() => {
                step_error.set(Some(crate::error::text_of(
                    &crate::domain::ContractError::EdsNotChecked,
                )));
                return;
            }
            3 => {
                let mut rep = w.rep.get_untracked();
                rep.iin = own_iin.get_value();
                validate_representative(&rep, today)
                    .err()
                    .unwrap_or_default()
            }
            4 => validate_requisites(&w.req.get_untracked(), today)
                .err()
                .unwrap_or_default(),
            5 => validate_documents(&untrack(|| w.draft()).documents)
                .err()
                .unwrap_or_default(),
            _ => FieldErrors::default(),
        };
        let ok = errors.is_empty();
        w.errors.set(errors);
        if ok {
            w.step.update(|s| *s = (*s + 1).min(6));
            scroll_top();
        } else {
            step_error.set(Some(ui::FIX_ERRORS));
        }
    };
    let back = move |_| {
        step_error.set(None);
        w.errors.set(FieldErrors::default());
        w.step.update(|s| *s = s.saturating_sub(1).max(1));
        scroll_top();
    };
    view! {
        <p class="error" id="step-error" role="alert">{move || step_error.get().map(|e| e.get(lang.get()))}</p>
        <div class="wizard__nav">
            {move || (w.step.get() > 1).then(|| view! {
                <button type="button" class="btn btn--secondary" id="wizard-back" on:click=back>{t(cu::BACK)}</button>
            })}
            {move || (w.step.get() < 6).then(|| view! {
                <button type="button" class="btn btn--primary" id="wizard-next" on:click=next>{t(cu::NEXT)}</button>
            })}
            <a class="btn btn--link" id="wizard-return" href="/cabinet/referrals">{t(cu::RETURN)}</a>
        </div>
    }
}

fn scroll_top() {
    #[cfg(target_arch = "wasm32")]
    if let Some(win) = web_sys::window() {
        win.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
