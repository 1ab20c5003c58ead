//! What the eGov Mobile panel (`super::panel`, the view) and the code that follows a session
//! (`super::follow`, a WASM chunk) share: the panel's state and the device's entry.
use leptos::prelude::*;

use crate::api::{ContractSummary, MobileProgress, MobileSession, SubmitReceipt};
use crate::auth_model::CurrentUser;
use crate::domain::mobile_sign::MobilePurpose;
use crate::i18n::Text;

/// How long after its deadline the page keeps following a session it hears nothing about (the
/// server lets a signed session be finished for 2 minutes after its time).
pub(super) const GIVE_UP_AFTER_SECS: i64 = 120;

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
pub(super) enum Phase {
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
pub(super) struct Kept {
    pub session: MobileSession,
    pub local_deadline: i64,
}

/// The panel's state, handed to the code that follows a session (`super::follow`, a WASM
/// chunk of its own).
#[derive(Clone, Copy)]
pub(super) struct Panel {
    pub purpose: MobilePurpose,
    pub phase: RwSignal<Phase>,
    pub progress: RwSignal<Option<MobileProgress>>,
    pub left: RwSignal<i64>,
    pub offline: RwSignal<bool>,
    /// Each session's follower stops when a newer one starts, or when the panel goes away
    /// (its stored generation is gone then).
    pub generation: StoredValue<u32>,
    /// The session being followed (the page's «cancel» and a new code end it on the server).
    pub current: StoredValue<Option<String>>,
    pub on_done: Callback<MobileOutcome>,
    /// The parent's contract: the «I have read it» box.
    pub acknowledged: Option<Signal<bool>>,
}

/// The device's entry of the open session for `purpose` (`ekg.mobile.<kind>[.<contract>]`; all
/// `ekg.*` entries are forgotten at sign-out).
pub(super) fn kept_name(purpose: MobilePurpose) -> String {
    match purpose.subject() {
        Some(id) => format!(
            "{}mobile.{}.{id}",
            crate::device_store::PREFIX,
            purpose.as_str()
        ),
        None => format!("{}mobile.{}", crate::device_store::PREFIX, purpose.as_str()),
    }
}

pub(super) fn now_unix() -> i64 {
    crate::components::key_file_field::now_unix()
}
