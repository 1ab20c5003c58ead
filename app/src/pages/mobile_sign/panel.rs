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

use crate::api::MobileProgress;
use crate::domain::mobile_sign::{MobilePurpose, MobileState};
use crate::i18n::{Text, t, ui, use_lang};

pub use super::state::MobileOutcome;
use super::state::{GIVE_UP_AFTER_SECS, Kept, Panel, Phase, kept_name, now_unix};

/// `m:ss`.
fn clock_text(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
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
    let generation = StoredValue::new(0_u32);

    let panel = Panel {
        purpose,
        phase,
        progress,
        left,
        offline,
        generation,
        current: StoredValue::new(None::<String>),
        on_done,
        acknowledged,
    };
    let start = move || super::follow::start(panel);
    let cancel = move |_| super::follow::cancel(panel);

    // A session opened before a reload (or before the phone switched to the app) goes on; one
    // long past its time is forgotten.
    Effect::new(move |_| {
        if let Some(kept) = crate::device_store::load::<Kept>(&kept_name(purpose)) {
            if kept.local_deadline + GIVE_UP_AFTER_SECS > now_unix() {
                super::follow::follow(panel, kept);
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
