//! Following a signing session — starting it, polling it, finishing it, cancelling it — as a
//! WASM chunk of its own (`cargo leptos build --split`): a phone fetches it when «eGov Mobile»
//! is pressed (or a kept session is picked up again), not with every page. On the server and
//! in native tests these are plain calls.
//!
//! If the chunk cannot be fetched (no connection), the panel says so and nothing else changes.
use leptos::prelude::*;

use crate::domain::mobile_sign::{MobilePurpose, MobileSignError, MobileState};
use crate::error::AppError;
use crate::i18n::{Text, ui};

use super::api::{
    mobile_contract_sent, mobile_login, mobile_sign_cancel, mobile_sign_progress,
    mobile_sign_start, mobile_staff_signed, mobile_wizard_check,
};
use super::state::{GIVE_UP_AFTER_SECS, Kept, MobileOutcome, Panel, Phase, kept_name, now_unix};

/// The chunk could not be fetched.
#[derive(Debug)]
pub struct ChunkUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

/// Starts a new session for the panel (ending the one it followed).
pub(super) fn start(p: Panel) {
    if matches!(p.phase.get_untracked(), Phase::Starting | Phase::Finishing) {
        return;
    }
    if p.acknowledged.is_some_and(|a| !a.get_untracked()) {
        p.phase.set(Phase::Failed(crate::error::text_of(
            &crate::domain::ContractError::NotAcknowledged,
        )));
        return;
    }
    p.generation.update_value(|g| *g += 1);
    p.phase.set(Phase::Starting);
    p.progress.set(None);
    p.offline.set(false);
    leptos::task::spawn_local(async move {
        if start_in_chunk(p).await.is_err() {
            p.phase.set(Phase::Failed(ui::EDS_CODE_UNAVAILABLE));
        }
    });
}

/// Follows `kept` (a session started now, or picked up again after a reload).
pub(super) fn follow(p: Panel, kept: Kept) {
    leptos::task::spawn_local(async move {
        if follow_in_chunk(p, kept).await.is_err() {
            p.phase.set(Phase::Failed(ui::EDS_CODE_UNAVAILABLE));
        }
    });
}

/// The page's «cancel»: the followed session ends, on the server too.
pub(super) fn cancel(p: Panel) {
    p.generation.update_value(|g| *g += 1);
    crate::device_store::remove(&kept_name(p.purpose));
    p.phase.set(Phase::Idle);
    p.progress.set(None);
    leptos::task::spawn_local(async move {
        let _ = cancel_in_chunk(p).await;
    });
}

#[leptos::wasm_split::wasm_split(
    mobile_sign,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
fn start_in_chunk(p: Panel) -> Result<(), ChunkUnavailable> {
    drop_current(p);
    leptos::task::spawn_local(async move {
        let ack = p.acknowledged.is_some_and(|a| a.get_untracked());
        match mobile_sign_start(p.purpose, ack).await {
            Ok(session) => {
                let kept = Kept {
                    local_deadline: now_unix() + (session.expires_at - session.now),
                    session,
                };
                crate::device_store::store(&kept_name(p.purpose), &kept);
                run(p, kept);
            }
            Err(e) => p.phase.set(Phase::Failed(e.text())),
        }
    });
    Ok(())
}

#[leptos::wasm_split::wasm_split(mobile_sign, wasm_split_path = ::leptos::wasm_split, fallible)]
fn follow_in_chunk(p: Panel, kept: Kept) -> Result<(), ChunkUnavailable> {
    run(p, kept);
    Ok(())
}

#[leptos::wasm_split::wasm_split(mobile_sign, wasm_split_path = ::leptos::wasm_split, fallible)]
fn cancel_in_chunk(p: Panel) -> Result<(), ChunkUnavailable> {
    drop_current(p);
    Ok(())
}

/// Ends the session followed so far on the server: its code stops working.
fn drop_current(p: Panel) {
    if let Some(old) = p.current.try_get_value().flatten() {
        p.current.try_set_value(None);
        leptos::task::spawn_local(async move {
            let _ = mobile_sign_cancel(old).await;
        });
    }
}

/// Waits `ms` in the browser. (These loops only ever run in the browser: on the server no
/// effect runs and no button is pressed.)
async fn sleep_ms(ms: u32) {
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::TimeoutFuture::new(ms).await;
    #[cfg(not(target_arch = "wasm32"))]
    let _ = ms;
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

/// Follows the session of `kept` until it ends: polls every 2 s, finishes it once signed.
fn run(p: Panel, kept: Kept) {
    let Panel {
        purpose,
        phase,
        progress,
        left,
        offline,
        generation,
        current,
        on_done,
        ..
    } = p;
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
                MobileState::Waiting | MobileState::Opened | MobileState::Checking if !expired => {
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
}
