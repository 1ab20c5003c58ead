//! The wizard's state: the typed data in signals, the step, the EDS check, connectivity and
//! saving. Every change is written to the device at once and to the server shortly after
//! (when online); coming back online sends what was not yet sent.
use leptos::prelude::*;

use super::super::api::save_contract_draft;
use super::super::local_draft::{self, LocalWizard};
use crate::api::WizardStart;
use crate::domain::{
    ContractDraft, DocumentKind, DocumentRef, DocumentsDraft, Field, FieldErrors,
    RepresentativeDraft, RequisitesDraft,
};

/// Where the latest change is kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SyncState {
    /// Nothing typed yet in this visit.
    Idle,
    /// On this device only (offline, or the server save is pending).
    Local,
    /// Also on the server, at this Unix time.
    Server(i64),
}

/// Every signal of the wizard; `Copy`, passed to each step.
#[derive(Clone, Copy)]
pub struct Wizard {
    pub referral_id: i32,
    pub step: RwSignal<u8>,
    pub rep: RwSignal<RepresentativeDraft>,
    pub req: RwSignal<RequisitesDraft>,
    /// In [`DocumentKind::ALL`] order.
    pub docs: [RwSignal<Option<DocumentRef>>; 4],
    /// Step 2 passed: the checked person's name.
    pub eds_checked: RwSignal<Option<String>>,
    pub errors: RwSignal<FieldErrors>,
    pub online: RwSignal<bool>,
    pub sync: RwSignal<SyncState>,
    /// The key of the submission in flight.
    pub idempotency_key: RwSignal<Option<String>>,
    /// Local data was restored in this visit.
    pub restored: RwSignal<bool>,
    /// The device's copy was read (until then nothing is written over it).
    ready: RwSignal<bool>,
    generation: StoredValue<u64>,
}

impl Wizard {
    pub fn new(start: &WizardStart) -> Wizard {
        let p = &start.prefill;
        let docs_of = |kind: DocumentKind| {
            RwSignal::new(
                start
                    .documents
                    .get(kind)
                    .or_else(|| p.documents.get(kind))
                    .cloned(),
            )
        };
        Wizard {
            referral_id: start.referral.id,
            step: RwSignal::new(1),
            rep: RwSignal::new(p.representative.clone()),
            req: RwSignal::new(p.requisites.clone()),
            docs: DocumentKind::ALL.map(docs_of),
            eds_checked: RwSignal::new(None),
            errors: RwSignal::new(FieldErrors::default()),
            online: RwSignal::new(true),
            sync: RwSignal::new(SyncState::Idle),
            idempotency_key: RwSignal::new(None),
            restored: RwSignal::new(false),
            ready: RwSignal::new(false),
            generation: StoredValue::new(0),
        }
    }

    pub fn doc(&self, kind: DocumentKind) -> RwSignal<Option<DocumentRef>> {
        let i = DocumentKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        self.docs[i]
    }

    /// The data as typed (tracked).
    pub fn draft(&self) -> ContractDraft {
        let mut documents = DocumentsDraft::default();
        for (kind, sig) in DocumentKind::ALL.into_iter().zip(self.docs) {
            documents.set(kind, sig.get());
        }
        ContractDraft {
            representative: self.rep.get(),
            requisites: self.req.get(),
            documents,
        }
    }

    fn local(&self, synced: bool) -> LocalWizard {
        LocalWizard {
            draft: self.draft(),
            step: self.step.get(),
            eds_checked: self.eds_checked.get(),
            changed_at_ms: local_draft::now_ms(),
            synced,
            idempotency_key: self.idempotency_key.get(),
        }
    }

    /// Reads the device's copy (browser only, after hydration) and takes it if it is newer
    /// than the server's draft; then starts saving every change.
    pub fn restore(&self, server_draft_at: i64) {
        if let Some(l) = local_draft::load(self.referral_id) {
            if l.changed_at_ms >= (server_draft_at as f64) * 1000.0 {
                self.rep.set(l.draft.representative.clone());
                self.req.set(l.draft.requisites.clone());
                for (kind, sig) in DocumentKind::ALL.into_iter().zip(self.docs) {
                    if let Some(d) = l.draft.documents.get(kind) {
                        sig.set(Some(d.clone()));
                    }
                }
                self.restored.set(true);
            }
            self.step.set(l.step.clamp(1, 6));
            self.eds_checked.set(l.eds_checked);
            self.idempotency_key.set(l.idempotency_key);
            if !l.synced {
                self.sync.set(SyncState::Local);
            }
        }
        self.online.set(local_draft::is_online());
        self.ready.set(true);
    }

    /// Writes the current state to the device and schedules the server save.
    pub fn persist(&self) {
        let local = self.local(false);
        if !self.ready.get_untracked() {
            return;
        }
        local_draft::store(self.referral_id, &local);
        self.sync.set(SyncState::Local);
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.schedule_server_save(generation);
    }

    fn schedule_server_save(&self, generation: u64) {
        let w = *self;
        #[cfg(target_arch = "wasm32")]
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(1200).await;
            if w.generation.get_value() != generation || !w.online.get_untracked() {
                return;
            }
            w.save_to_server().await;
        });
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (w, generation);
    }

    /// Sends the current draft to the server now (used on the `online` event too).
    pub async fn save_to_server(&self) {
        let draft = self.draft_untracked();
        match save_contract_draft(self.referral_id, draft).await {
            Ok(at) => {
                let mut l = self.local_untracked();
                l.synced = true;
                local_draft::store(self.referral_id, &l);
                self.sync.set(SyncState::Server(at));
            }
            Err(crate::error::AppError::Transport) => self.online.set(false),
            Err(_) => {}
        }
    }

    fn draft_untracked(&self) -> ContractDraft {
        leptos::prelude::untrack(|| self.draft())
    }

    fn local_untracked(&self) -> LocalWizard {
        leptos::prelude::untrack(|| self.local(false))
    }

    /// After sending: the device forgets the wizard.
    pub fn forget(&self) {
        local_draft::clear(self.referral_id);
    }
}

/// The step a field is typed at.
pub fn step_of(field: Field) -> u8 {
    match field {
        Field::Photo | Field::HealthPassport | Field::HealthCertificate | Field::PmpkConclusion => {
            5
        }
        Field::IdDocType
        | Field::IdDocNumber
        | Field::IdDocIssuedOn
        | Field::IdDocExpiresOn
        | Field::IdDocIssuer
        | Field::Bank
        | Field::Bic
        | Field::BankBranch
        | Field::Iban => 4,
        _ => 3,
    }
}
