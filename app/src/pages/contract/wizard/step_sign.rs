//! Step 6: the server prepares the contract from the validated data (number, date, tariff,
//! template fixed); the parent reads it (HTML, PDF), picks the signing key, types its
//! password, ticks «Мен шарттың мазмұнымен таныстым», presses «Иә, шартты жіберу», confirms
//! the seed's dialog; the canonical bytes are signed in the browser and sent. A lost
//! connection keeps the signature on the device (`pending_signature`, so a reload loses
//! nothing) and sends it by itself when the connection returns; every retry is the same
//! submission (idempotency key), so a double tap never makes two contracts.
//!
//! Or, instead of the key file, the parent signs in eGov Mobile (`MobilePanel`): the app gets
//! the same canonical bytes, and the accepted signature sends the contract by itself.
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::Wizard;
use super::state::step_of;
use crate::api::{PrepareOutcome, PreparedContract, SubmitReceipt};
use crate::components::key_file_field::{
    KeyFileField, KeyStage, run_with_key, sign_canonical_base64,
};
use crate::domain::mobile_sign::MobilePurpose;
use crate::domain::template_fill::format_amount;
use crate::eds::purpose::Purpose;
use crate::error::AppError;
use crate::i18n::contract_ui as cu;
use crate::i18n::{Text, t, ui, use_lang};
use crate::pages::contract::api::{prepare_contract, submit_contract};
use crate::pages::contract::contract_text::ContractText;
use crate::pages::contract::local_draft::new_idempotency_key;
use crate::pages::contract::pending_signature::{self, PendingSignature};
use crate::pages::mobile_sign::panel::{MobileOutcome, MobilePanel};

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
    // A signature made earlier on this device and not yet delivered goes first: it is sent as
    // it is, nothing is prepared again. Read in the browser only (the server has no device).
    let pending = RwSignal::new(None::<PendingSignature>);
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
    Effect::new(move |first: Option<()>| {
        let online = w.online.get();
        if first.is_none() {
            pending.set(pending_signature::load(w.referral_id));
        }
        if pending.get_untracked().is_some() {
            return;
        }
        if online && matches!(prep.get_untracked(), Prep::Preparing | Prep::Waiting) {
            run_prepare();
        }
    });
    // The server refused the kept signature: the contract is prepared and signed again.
    let on_refused = Callback::new(move |()| {
        pending.set(None);
        run_prepare();
    });
    let lang = use_lang();
    view! {
        <div id="step-sign">
            {move || if let Some(p) = pending.get() {
                view! { <PendingDelivery w pending=p on_refused/> }.into_any()
            } else {
                match prep.get() {
                Prep::Preparing => view! { <p class="progress" id="preparing">{t(cu::PREPARING)}</p> }.into_any(),
                Prep::Waiting => view! { <p class="warning" id="wait-online">{t(cu::WAIT_ONLINE)}</p> }.into_any(),
                Prep::Failed(text) => view! {
                    <p class="error" id="prepare-error" role="alert">{move || text.get(lang.get())}</p>
                    <button type="button" class="btn btn--secondary" on:click=move |_| run_prepare()>{t(cu::NEXT)}</button>
                }.into_any(),
                Prep::Ready(p) => view! { <ReadAndSign w=w prepared=*p/> }.into_any(),
            }}}
        </div>
    }
}

/// A signature kept on the device: says so, sends it whenever the connection is there, and
/// shows the receipt (or the refusal, with a way to sign again).
#[component]
fn PendingDelivery(
    w: Wizard,
    pending: PendingSignature,
    on_refused: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let receipt = RwSignal::new(None::<SubmitReceipt>);
    let refused = RwSignal::new(None::<Text>);
    let sending = RwSignal::new(false);
    let number = pending.number.clone();
    let pending = StoredValue::new(pending);
    Effect::new(move |_| {
        if !w.online.get() || sending.get_untracked() || receipt.get_untracked().is_some() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            match send_signature(w, pending.get_value()).await {
                Ok(r) => receipt.set(Some(r)),
                Err(AppError::Transport) => {}
                Err(e) => refused.set(Some(e.text())),
            }
            sending.set(false);
        });
    });
    view! {
        <dl class="facts" id="prepared-facts">
            <dt>{t(cu::NUMBER)}</dt><dd id="contract-number">{number}</dd>
        </dl>
        <div role="status" aria-live="polite">
            {move || match (receipt.get().is_some(), refused.get(), sending.get()) {
                (true, _, _) => None,
                (_, Some(_), _) => None,
                (_, None, true) => Some(view! { <p class="progress" id="sending">{t(cu::SENDING)}</p> }.into_any()),
                (_, None, false) => Some(view! { <p class="warning" id="send-pending">{t(cu::SIGNED_WAITING)}</p> }.into_any()),
            }}
        </div>
        {move || refused.get().map(|e| view! {
            <p class="error" role="alert" id="send-refused">{move || e.get(lang.get())}</p>
            <button type="button" class="btn btn--secondary" id="prepare-again"
                on:click=move |_| on_refused.run(())>{t(cu::PREPARE_AGAIN)}</button>
        })}
        {move || receipt.get().map(|r| view! { <SentDialog receipt=r/> })}
    }
}

/// Sends a signed contract, kept on the device first: a connection lost now, a reload or a
/// closed tab loses nothing (it is sent by itself on the next visit). Delivered, the device
/// forgets it and the wizard; refused, it is forgotten and the next attempt is a new
/// submission (new idempotency key); without a connection it stays kept.
async fn send_signature(w: Wizard, signed: PendingSignature) -> Result<SubmitReceipt, AppError> {
    pending_signature::store(w.referral_id, &signed);
    let PendingSignature {
        contract_id,
        idempotency_key,
        cms_base64,
        ..
    } = signed;
    let outcome = submit_contract(contract_id, idempotency_key, cms_base64, true).await;
    match &outcome {
        Ok(_) => {
            pending_signature::clear(w.referral_id);
            w.forget();
        }
        Err(AppError::Transport) => w.online.set(false),
        Err(_) => {
            pending_signature::clear(w.referral_id);
            w.idempotency_key.set(None);
        }
    }
    outcome
}

/// «Шарт қол қоюға жіберілді»: the number and time the server recorded.
#[component]
fn SentDialog(receipt: SubmitReceipt) -> impl IntoView {
    let href = format!("/cabinet/contracts/{}", receipt.contract_id);
    view! {
        <div class="modal" role="dialog" aria-modal="true" aria-labelledby="sent-title" id="sent-dialog">
            <div class="modal__box">
                <h2 id="sent-title">{t(cu::SENT_TITLE)}</h2>
                <dl class="facts">
                    <dt>{t(cu::SENT_NUMBER)}</dt><dd id="sent-number">{receipt.number.clone()}</dd>
                    <dt>{t(cu::SENT_AT)}</dt><dd id="sent-at">{crate::components::dates::format_unix_datetime(receipt.sent_at)}</dd>
                </dl>
                <a class="btn btn--primary" id="sent-ok" href=href>{t(cu::OK)}</a>
            </div>
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
        let number = prepared.with_value(|p| p.number.clone());
        let key = match w.idempotency_key.get_untracked() {
            Some(k) => k,
            None => {
                let k = new_idempotency_key();
                w.idempotency_key.set(Some(k.clone()));
                k
            }
        };
        let signed = PendingSignature {
            contract_id,
            number,
            idempotency_key: key,
            cms_base64: cms_b64.clone(),
        };
        match send_signature(w, signed).await {
            Ok(r) => {
                pending_cms.set(None);
                receipt.set(Some(r));
                Ok(())
            }
            Err(AppError::Transport) => {
                pending_cms.set(Some(cms_b64));
                Err(cu::WAIT_ONLINE)
            }
            Err(e) => Err(e.text()),
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

    // Signed in eGov Mobile: the accepted signature already sent the contract.
    let on_mobile = Callback::new(move |outcome: MobileOutcome| {
        if let MobileOutcome::Sent(r) = outcome {
            pending_signature::clear(w.referral_id);
            w.forget();
            receipt.set(Some(r));
        }
    });

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
        <MobilePanel
            purpose=MobilePurpose::ParentContract { contract_id }
            on_done=on_mobile
            acknowledged=Signal::from(acknowledged)
        />
        <p class="or">{t(ui::MOBILE_OR_FILE)}</p>
        <KeyFileField
            key_name="sign_key"
            password_name="sign_password"
            purpose=Purpose::Signing
            stage
            submit_label=cu::SEND
            on_key
        />
        <div role="status" aria-live="polite">
            {move || pending_cms.get().is_some().then(|| view! { <p class="warning" id="send-pending">{t(cu::SIGNED_WAITING)}</p> })}
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
        {move || receipt.get().map(|r| view! { <SentDialog receipt=r/> })}
    }
}
