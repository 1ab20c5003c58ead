//! Step 6: the server prepares the contract from the validated data (number, date, tariff,
//! template fixed); the parent reads it (HTML, PDF), picks the signing key, types its
//! password, ticks «Мен шарттың мазмұнымен таныстым», presses «Иә, шартты жіберу», confirms
//! the seed's dialog; the canonical bytes are signed in the browser and sent. A lost
//! connection keeps the signature and sends it when the connection returns; every retry is
//! the same submission (idempotency key), so a double tap never makes two contracts.
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::Wizard;
use super::state::step_of;
use crate::api::{PrepareOutcome, PreparedContract, SubmitReceipt};
use crate::components::key_file_field::{
    KeyFileField, KeyStage, run_with_key, sign_canonical_base64,
};
use crate::domain::template_fill::format_amount;
use crate::eds::purpose::Purpose;
use crate::error::AppError;
use crate::i18n::contract_ui as cu;
use crate::i18n::{Text, t, ui, use_lang};
use crate::pages::contract::api::{prepare_contract, submit_contract};
use crate::pages::contract::contract_text::ContractText;
use crate::pages::contract::local_draft::new_idempotency_key;

/// What step 6 shows.
#[derive(Clone, PartialEq)]
enum Prep {
    Preparing,
    /// Offline: waits for the connection.
    Waiting,
    Failed(Text),
    Ready(Box<PreparedContract>),
}

#[component]
pub fn SignStep(w: Wizard) -> impl IntoView {
    let prep = RwSignal::new(Prep::Preparing);
    let run_prepare = move || {
        prep.set(Prep::Preparing);
        let draft = untrack(|| w.draft());
        leptos::task::spawn_local(async move {
            match prepare_contract(w.referral_id, draft).await {
                Ok(PrepareOutcome::Ready(p)) => prep.set(Prep::Ready(p)),
                Ok(PrepareOutcome::FieldErrors(e)) => {
                    let step = e.fields().map(step_of).min().unwrap_or(3);
                    w.errors.set(e);
                    w.step.set(step);
                }
                Err(AppError::Transport) => {
                    w.online.set(false);
                    prep.set(Prep::Waiting);
                }
                Err(e) => prep.set(Prep::Failed(e.text())),
            }
        });
    };
    // Prepared when the step opens (browser only), and again when the connection returns.
    Effect::new(move |_| {
        let online = w.online.get();
        if online && matches!(prep.get_untracked(), Prep::Preparing | Prep::Waiting) {
            run_prepare();
        }
    });
    let lang = use_lang();
    view! {
        <div id="step-sign">
            {move || match prep.get() {
                Prep::Preparing => view! { <p class="progress" id="preparing">{t(cu::PREPARING)}</p> }.into_any(),
                Prep::Waiting => view! { <p class="warning" id="wait-online">{t(cu::WAIT_ONLINE)}</p> }.into_any(),
                Prep::Failed(text) => view! {
                    <p class="error" id="prepare-error" role="alert">{move || text.get(lang.get())}</p>
                    <button type="button" class="btn btn--secondary" on:click=move |_| run_prepare()>{t(cu::NEXT)}</button>
                }.into_any(),
                Prep::Ready(p) => view! { <ReadAndSign w=w prepared=*p/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ReadAndSign(w: Wizard, prepared: PreparedContract) -> impl IntoView {
    let lang = use_lang();
    let stage = RwSignal::new(KeyStage::Idle);
    let acknowledged = RwSignal::new(false);
    let ack_error = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let key = StoredValue::new(None::<(SendWrapper<web_sys::File>, String)>);
    // A signature made but not yet delivered (offline): sent again when online.
    let pending_cms = RwSignal::new(None::<String>);
    let send_error = RwSignal::new(None::<Text>);
    let receipt = RwSignal::new(None::<SubmitReceipt>);
    let prepared = StoredValue::new(prepared);
    let contract_id = prepared.with_value(|p| p.contract_id);

    let deliver = move |cms_b64: String| async move {
        let key = match w.idempotency_key.get_untracked() {
            Some(k) => k,
            None => {
                let k = new_idempotency_key();
                w.idempotency_key.set(Some(k.clone()));
                k
            }
        };
        match submit_contract(contract_id, key, cms_b64.clone(), true).await {
            Ok(r) => {
                pending_cms.set(None);
                w.forget();
                receipt.set(Some(r));
                Ok(())
            }
            Err(AppError::Transport) => {
                pending_cms.set(Some(cms_b64));
                w.online.set(false);
                Err(cu::WAIT_ONLINE)
            }
            Err(e) => {
                // This key was refused: the next attempt is a new submission.
                w.idempotency_key.set(None);
                Err(e.text())
            }
        }
    };

    Effect::new(move |_| {
        if w.online.get()
            && let Some(cms) = pending_cms.get_untracked()
        {
            leptos::task::spawn_local(async move {
                if let Err(e) = deliver(cms).await {
                    send_error.set(Some(e));
                } else {
                    send_error.set(None);
                }
            });
        }
    });

    let on_key = Callback::new(
        move |(file, password): (SendWrapper<web_sys::File>, String)| {
            if !acknowledged.get_untracked() {
                ack_error.set(true);
                return;
            }
            if pending_cms.get_untracked().is_some() || receipt.get_untracked().is_some() {
                return;
            }
            key.set_value(Some((file, password)));
            confirming.set(true);
        },
    );

    let confirm = move |_| {
        confirming.set(false);
        let Some((file, password)) = key.get_value() else {
            return;
        };
        let file = file.take();
        key.set_value(None);
        send_error.set(None);
        let canonical = prepared.with_value(|p| p.canonical_base64.clone());
        leptos::task::spawn_local(async move {
            let _ = run_with_key(
                stage,
                file,
                password,
                Purpose::Signing,
                |k, now| async move {
                    let b64 = sign_canonical_base64(&k, &canonical, now).await?;
                    deliver(b64).await
                },
            )
            .await;
        });
    };

    let p = prepared.get_value();
    let number = p.number.clone();
    let referral_number = p.referral_number;
    let child = p.child_name.clone();
    let amount = p.monthly_amount_tenge;
    let text = p.text.clone();
    let sha = p.canonical_sha256.clone();
    let (n1, c1) = (number.clone(), child.clone());
    view! {
        <p>{t(cu::READ_CONTRACT)}</p>
        <dl class="facts" id="prepared-facts">
            <dt>{t(cu::NUMBER)}</dt><dd id="contract-number">{number.clone()}</dd>
            <dt>{t(ui::REFERRAL)}</dt><dd>"#"{referral_number}</dd>
            <dt>{t(ui::CHILD)}</dt><dd>{child.clone()}</dd>
            <dt>{t(cu::AMOUNT)}</dt><dd id="contract-amount">{move || format_amount(amount, lang.get())}</dd>
        </dl>
        <p>
            <a class="btn btn--secondary" id="download-pdf" href=format!("/api/contracts/{contract_id}/pdf")
                target="_blank" rel="noopener">{t(cu::DOWNLOAD_PDF)}</a>
        </p>
        <ContractText text=text/>
        <p class="muted small">{t(cu::CONTROL_SUM)}": "<code class="hash">{sha}</code></p>
        <div class="field field--checkbox" class:field--invalid=move || ack_error.get()>
            <input type="checkbox" id="acknowledge" name="acknowledge"
                prop:checked=move || acknowledged.get()
                on:change=move |ev| {
                    acknowledged.set(event_target_checked(&ev));
                    ack_error.set(false);
                }/>
            <label for="acknowledge">{t(cu::ACKNOWLEDGE)}</label>
            {move || ack_error.get().then(|| view! {
                <p class="field__error" role="alert" id="ack-error">
                    {move || crate::error::text_of(&crate::domain::ContractError::NotAcknowledged).get(lang.get())}
                </p>
            })}
        </div>
        <KeyFileField
            key_name="sign_key"
            password_name="sign_password"
            purpose=Purpose::Signing
            stage
            submit_label=cu::SEND
            on_key
        />
        <div role="status" aria-live="polite">
            {move || pending_cms.get().is_some().then(|| view! { <p class="warning" id="send-pending">{t(cu::WAIT_ONLINE)}</p> })}
            {move || send_error.get().map(|e| view! { <p class="error">{move || e.get(lang.get())}</p> })}
        </div>
        {move || confirming.get().then(|| {
            let (n, c) = (n1.clone(), c1.clone());
            view! {
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title" id="confirm-dialog">
                    <div class="modal__box">
                        <h2 id="confirm-title">{t(cu::CONFIRM_TITLE)}</h2>
                        <p>{t(cu::CONFIRM_1)}{n}{t(cu::CONFIRM_2)}{referral_number}{t(cu::CONFIRM_3)}<strong>{c}</strong></p>
                        <div class="modal__actions">
                            <button type="button" class="btn btn--primary" id="confirm-yes" on:click=confirm>{t(cu::CONFIRM_YES)}</button>
                            <button type="button" class="btn btn--secondary" id="confirm-no" on:click=move |_| confirming.set(false)>{t(cu::CONFIRM_NO)}</button>
                        </div>
                    </div>
                </div>
            }
        })}
        {move || receipt.get().map(|r| {
            let href = format!("/cabinet/contracts/{}", r.contract_id);
            view! {
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="sent-title" id="sent-dialog">
                    <div class="modal__box">
                        <h2 id="sent-title">{t(cu::SENT_TITLE)}</h2>
                        <dl class="facts">
                            <dt>{t(cu::SENT_NUMBER)}</dt><dd id="sent-number">{r.number.clone()}</dd>
                            <dt>{t(cu::SENT_AT)}</dt><dd id="sent-at">{crate::components::dates::format_unix_datetime(r.sent_at)}</dd>
                        </dl>
                        <a class="btn btn--primary" id="sent-ok" href=href>{t(cu::OK)}</a>
                    </div>
                </div>
            }
        })}
    }
}
