//! Signing with eGov Mobile (eGov Business for a kindergarten) instead of a key file: a button
//! starts a signing session; a desktop shows its QR code (drawn by the server), a phone a big
//! link that opens the app; the page follows the session (waiting → opened in the app →
//! signature received, checking → done, or refused with the reason and a new code) and
//! finishes it.
//!
//! The open session is kept on the device (`ekg.mobile.<purpose>`): after a reload, or a trip
//! to the app and back on the same phone, the page picks it up again. A lost connection only
//! pauses the following.
use leptos::prelude::*;

use crate::api::{ContractSummary, MobileProgress, MobileSession, SubmitReceipt};
use crate::auth_model::CurrentUser;
use crate::domain::mobile_sign::{MobilePurpose, MobileSignError, MobileState};
use crate::error::AppError;
use crate::i18n::{Text, t, ui, use_lang};

use super::api::{
    mobile_contract_sent, mobile_login, mobile_sign_cancel, mobile_sign_progress,
    mobile_sign_start, mobile_staff_signed, mobile_wizard_check,
};

/// How long after its deadline the page keeps following a session it hears nothing about (the
/// server lets a signed session be finished for 2 minutes after its time).
const GIVE_UP_AFTER_SECS: i64 = 120;

/// What a finished session gave the page.
#[derive(Debug, Clone)]
pub enum MobileOutcome {
    /// The verified person (log-in, wizard step 2).
    Person(CurrentUser),
    /// The parent's contract went to the kindergarten.
    Sent(SubmitReceipt),
    /// The kindergarten's signature put the contract in force.
    StaffSigned(ContractSummary),
}

/// Where the panel stands.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Idle,
    Starting,
    /// Following a session; `progress` is its last known state.
    Active(MobileSession),
    /// The signature was accepted by the server; finishing (log-in, step 2).
    Finishing,
    Done,
    Failed(Text),
}

/// The device's entry of an open session: the session and when it ends by this device's clock.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Kept {
    session: MobileSession,
    local_deadline: i64,
}

/// The device's entry of the open session for `purpose` (`ekg.mobile.<kind>[.<contract>]`; all
/// `ekg.*` entries are forgotten at sign-out).
fn kept_name(purpose: MobilePurpose) -> String {
    match purpose.subject() {
        Some(id) => format!(
            "{}mobile.{}.{id}",
            crate::device_store::PREFIX,
            purpose.as_str()
        ),
        None => format!("{}mobile.{}", crate::device_store::PREFIX, purpose.as_str()),
    }
}

fn now_unix() -> i64 {
    crate::components::key_file_field::now_unix()
}

/// Waits `ms` in the browser. (The panel's loops only ever run in the browser: on the server
/// no effect runs and no button is pressed.)
async fn sleep_ms(ms: u32) {
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::TimeoutFuture::new(ms).await;
    #[cfg(not(target_arch = "wasm32"))]
    let _ = ms;
}

/// `m:ss`.
fn clock_text(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

async fn finish(purpose: MobilePurpose, id: String) -> Result<MobileOutcome, AppError> {
    Ok(match purpose {
        MobilePurpose::Login => MobileOutcome::Person(mobile_login(id).await?),
        MobilePurpose::WizardCheck => MobileOutcome::Person(mobile_wizard_check(id).await?),
        MobilePurpose::ParentContract { contract_id } => {
            MobileOutcome::Sent(mobile_contract_sent(id, contract_id).await?)
        }
        MobilePurpose::StaffContract { contract_id } => {
            MobileOutcome::StaffSigned(mobile_staff_signed(id, contract_id).await?)
        }
    })
}

/// The eGov Mobile way to sign for `purpose`; `on_done` gets what the signature led to.
/// `acknowledged` (the parent's contract): the «I have read it» box, sent with the start.
#[component]
pub fn MobilePanel(
    purpose: MobilePurpose,
    on_done: Callback<MobileOutcome>,
    #[prop(optional)] acknowledged: Option<Signal<bool>>,
) -> impl IntoView {
    let lang = use_lang();
    let phase = RwSignal::new(Phase::Idle);
    let progress = RwSignal::new(None::<MobileProgress>);
    let left = RwSignal::new(0_i64);
    let offline = RwSignal::new(false);
    // Each session's follower stops when a newer one starts, or when the panel goes away (its
    // stored generation is gone then).
    let generation = StoredValue::new(0_u32);

    // The session being followed (the page's «cancel» and a new code end it on the server).
    let current = StoredValue::new(None::<String>);
    // Ends the session followed so far: its code stops working.
    let drop_current = move || {
        if let Some(old) = current.try_get_value().flatten() {
            current.set_value(None);
            leptos::task::spawn_local(async move {
                let _ = mobile_sign_cancel(old).await;
            });
        }
    };

    let follow = move |kept: Kept| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let alive = move || generation.try_get_value() == Some(mine);
        let id = kept.session.id.clone();
        let deadline = kept.local_deadline;
        current.set_value(Some(id.clone()));
        phase.set(Phase::Active(kept.session));
        left.set(deadline - now_unix());
        leptos::task::spawn_local(async move {
            let end = move |text: Option<Text>| {
                crate::device_store::remove(&kept_name(purpose));
                current.try_set_value(None);
                if let Some(text) = text {
                    phase.set(Phase::Failed(text));
                }
            };
            let mut tick = 0_u32;
            loop {
                sleep_ms(1000).await;
                if !alive() {
                    return;
                }
                left.update(|l| *l = (*l - 1).max(0));
                tick += 1;
                if tick % 2 == 1 {
                    continue;
                }
                // Long past its time without an answer (no connection all along): give up.
                if now_unix() > deadline + GIVE_UP_AFTER_SECS {
                    end(Some(crate::error::text_of(&MobileSignError::Expired)));
                    return;
                }
                let answer = mobile_sign_progress(id.clone()).await;
                if !alive() {
                    return;
                }
                let p = match answer {
                    Ok(p) => p,
                    Err(AppError::NotFound) => {
                        end(Some(crate::error::text_of(&MobileSignError::Unknown)));
                        return;
                    }
                    Err(AppError::Transport) => {
                        offline.set(true);
                        continue;
                    }
                    // Busy: ask again at the next tick.
                    Err(AppError::Unavailable) => continue,
                    Err(e) => {
                        end(Some(e.text()));
                        return;
                    }
                };
                offline.set(false);
                left.set(p.seconds_left);
                let state = p.state;
                let (expired, refusal) = (p.expired, p.refusal.clone());
                progress.set(Some(p));
                match state {
                    MobileState::Waiting | MobileState::Opened | MobileState::Checking
                        if !expired =>
                    {
                        continue;
                    }
                    MobileState::Waiting | MobileState::Opened | MobileState::Checking => {
                        end(Some(crate::error::text_of(&MobileSignError::Expired)));
                    }
                    MobileState::Signed => {
                        phase.set(Phase::Finishing);
                        // A busy server or a lost connection: the signed session waits (and
                        // finishing it again gives the same answer), so it is tried again.
                        let mut tries = 0;
                        let outcome = loop {
                            match finish(purpose, id.clone()).await {
                                Err(e @ (AppError::Unavailable | AppError::Transport))
                                    if tries < 20 =>
                                {
                                    tries += 1;
                                    offline.set(e == AppError::Transport);
                                    sleep_ms(1500).await;
                                    if !alive() {
                                        return;
                                    }
                                }
                                other => break other,
                            }
                        };
                        if !alive() {
                            return;
                        }
                        match outcome {
                            Ok(outcome) => {
                                offline.set(false);
                                end(None);
                                phase.set(Phase::Done);
                                on_done.try_run(outcome);
                            }
                            Err(e) => end(Some(e.text())),
                        }
                    }
                    MobileState::Refused => {
                        end(Some(AppError::Invalid(refusal.unwrap_or_default()).text()));
                    }
                    MobileState::Used => {
                        end(Some(crate::error::text_of(&MobileSignError::Gone)));
                    }
                }
                return;
            }
        });
    };

    let start = move || {
        if matches!(phase.get_untracked(), Phase::Starting | Phase::Finishing) {
            return;
        }
        if acknowledged.is_some_and(|a| !a.get_untracked()) {
            phase.set(Phase::Failed(crate::error::text_of(
                &crate::domain::ContractError::NotAcknowledged,
            )));
            return;
        }
        generation.update_value(|g| *g += 1);
        drop_current();
        phase.set(Phase::Starting);
        progress.set(None);
        offline.set(false);
        leptos::task::spawn_local(async move {
            let ack = acknowledged.is_some_and(|a| a.get_untracked());
            match mobile_sign_start(purpose, ack).await {
                Ok(session) => {
                    let kept = Kept {
                        local_deadline: now_unix() + (session.expires_at - session.now),
                        session,
                    };
                    crate::device_store::store(&kept_name(purpose), &kept);
                    follow(kept);
                }
                Err(e) => phase.set(Phase::Failed(e.text())),
            }
        });
    };

    let cancel = move |_| {
        generation.update_value(|g| *g += 1);
        drop_current();
        crate::device_store::remove(&kept_name(purpose));
        phase.set(Phase::Idle);
        progress.set(None);
    };

    // A session opened before a reload (or before the phone switched to the app) goes on; one
    // long past its time is forgotten.
    Effect::new(move |_| {
        if let Some(kept) = crate::device_store::load::<Kept>(&kept_name(purpose)) {
            if kept.local_deadline + GIVE_UP_AFTER_SECS > now_unix() {
                follow(kept);
            } else {
                crate::device_store::remove(&kept_name(purpose));
            }
        }
    });

    let start_label = match purpose {
        MobilePurpose::Login => ui::MOBILE_LOGIN_START,
        MobilePurpose::WizardCheck => ui::MOBILE_CHECK_START,
        MobilePurpose::ParentContract { .. } => ui::MOBILE_SIGN_START,
        MobilePurpose::StaffContract { .. } => ui::BUSINESS_SIGN_START,
    };
    let (scan, same_phone, open_app, waiting, opened) = match purpose.app() {
        crate::domain::mobile_sign::MobileApp::Mobile => (
            ui::MOBILE_SCAN,
            ui::MOBILE_SAME_PHONE,
            ui::MOBILE_OPEN_APP,
            ui::MOBILE_WAITING,
            ui::MOBILE_OPENED,
        ),
        crate::domain::mobile_sign::MobileApp::Business => (
            ui::BUSINESS_SCAN,
            ui::BUSINESS_SAME_PHONE,
            ui::BUSINESS_OPEN_APP,
            ui::BUSINESS_WAITING,
            ui::BUSINESS_OPENED,
        ),
    };
    let status_text = move || -> Option<Text> {
        match phase.get() {
            Phase::Starting => Some(ui::MOBILE_STARTING),
            Phase::Active(_) => Some(match progress.get().map(|p| p.state) {
                Some(MobileState::Opened) => opened,
                Some(MobileState::Checking | MobileState::Signed) => ui::MOBILE_CHECKING,
                _ => waiting,
            }),
            Phase::Finishing => Some(ui::MOBILE_CHECKING),
            Phase::Done => Some(ui::MOBILE_DONE),
            _ => None,
        }
    };
    view! {
        <div class="mobile-sign" id=format!("mobile-{}", purpose.as_str())>
            {move || match phase.get() {
                Phase::Idle => view! {
                    <button type="button" class="btn btn--primary mobile-sign__start" id="mobile-start"
                        on:click=move |_| start()>
                        {t(start_label)}
                    </button>
                }.into_any(),
                Phase::Active(session) => {
                    let qr = format!("/egov/sign/{}/qr.svg", session.id);
                    view! {
                        <div class="mobile-sign__qr">
                            <p>{t(scan)}</p>
                            <img id="mobile-qr" src=qr width="240" height="240"
                                alt=move || ui::MOBILE_QR_ALT.get(lang.get())/>
                        </div>
                        <div class="mobile-sign__link">
                            <p>{t(same_phone)}</p>
                            <a class="btn btn--primary mobile-sign__open" id="mobile-app-link" href=session.app_link.clone()
                                rel="noopener">{t(open_app)}</a>
                        </div>
                        <p class="mobile-sign__time">{t(ui::MOBILE_TIME_LEFT)}" "
                            <strong id="mobile-left">{move || clock_text(left.get())}</strong></p>
                        <p class="mobile-sign__actions">
                            <button type="button" class="btn btn--secondary" id="mobile-new" on:click=move |_| start()>
                                {t(ui::MOBILE_NEW_CODE)}
                            </button>
                            " "
                            <button type="button" class="btn btn--link" id="mobile-cancel" on:click=cancel>
                                {t(ui::MOBILE_CANCEL)}
                            </button>
                        </p>
                    }.into_any()
                }
                Phase::Failed(text) => view! {
                    <p class="error" id="mobile-error">{move || text.get(lang.get())}</p>
                    <button type="button" class="btn btn--secondary" id="mobile-new" on:click=move |_| start()>
                        {t(ui::MOBILE_NEW_CODE)}
                    </button>
                }.into_any(),
                Phase::Starting | Phase::Finishing | Phase::Done => ().into_any(),
            }}
            <div class="mobile-sign__status" role="status" aria-live="polite">
                {move || status_text().map(|s| view! {
                    <p class="progress" id="mobile-status">{move || s.get(lang.get())}</p>
                })}
                {move || offline.get().then(|| view! {
                    <p class="notice" id="mobile-offline">{t(ui::MOBILE_OFFLINE)}</p>
                })}
            </div>
        </div>
    }
}
