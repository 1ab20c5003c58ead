//! What server functions need from the server, as traits: the `server` crate implements
//! them (sea-orm, storage, PKI) and provides a [`Ports`] as Leptos context. Never in WASM.
use std::sync::Arc;

use crate::api::SavedRequisites;
use crate::api::{
    AdminQueueRow, ChildView, DepartmentOption, IssuedReferral, KindergartenOption,
    NotificationView, ReferralView, RoleRow,
};
use crate::auth_model::{Challenge, ChallengePurpose, CurrentUser};
use crate::domain::CertifiedIin;
use crate::domain::kindergarten::{CatalogueFilter, KindergartenCard};
use crate::error::AppError;

/// A failure of a port; details are logged on the server, the client gets an [`crate::error::AppError`].
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    #[error("storage unavailable: {0}")]
    Unavailable(String),
}

impl From<PortError> for crate::error::AppError {
    fn from(e: PortError) -> Self {
        leptos::logging::error!("port error: {e}");
        crate::error::AppError::Unavailable
    }
}

#[async_trait::async_trait]
pub trait Catalogue: Send + Sync {
    async fn list(&self, filter: &CatalogueFilter) -> Result<Vec<KindergartenCard>, PortError>;
}

/// Identification by EDS and sessions.
#[async_trait::async_trait]
pub trait Auth: Send + Sync {
    /// A fresh one-time challenge bound to the browser (`binding` = its pre-session cookie).
    async fn issue_challenge(
        &self,
        binding: &str,
        purpose: ChallengePurpose,
    ) -> Result<Challenge, AppError>;
    /// Consumes the challenge and verifies the CMS over its text with an AUTH key; returns
    /// the person the certificate names (IIN, names) — not yet a session.
    async fn verify_challenge(
        &self,
        binding: &str,
        challenge_id: &str,
        purpose: ChallengePurpose,
        cms_der: &[u8],
    ) -> Result<CurrentUser, AppError>;
    /// Finds or creates the account of `user` (by IIN) and opens a session; returns its token.
    async fn open_session(&self, user: &CurrentUser) -> Result<String, AppError>;
    /// The person of a live session token.
    async fn session_user(&self, token: &str) -> Result<Option<CurrentUser>, AppError>;
    async fn close_session(&self, token: &str) -> Result<(), AppError>;
}

/// Signing sessions for eGov Mobile / eGov Business (the phone's side is served by the
/// server's own routes, API №1 and API №2).
#[async_trait::async_trait]
pub trait MobileSign: Send + Sync {
    /// A new session for `purpose`, bound to the browser (`binding`); `caller` is the signed-in
    /// person where the purpose needs one (the expected signer; staff: their kindergartens).
    /// `origin_hint`: the address the page was opened at, used for the phone's links only
    /// when the server has no public address configured (demo mode).
    async fn start(
        &self,
        binding: &str,
        purpose: crate::domain::mobile_sign::MobilePurpose,
        caller: Option<&CurrentUser>,
        origin_hint: Option<&str>,
    ) -> Result<crate::api::MobileSession, AppError>;
    /// Where the browser's session `id` stands (another browser's session is `NotFound`).
    async fn progress(
        &self,
        binding: &str,
        id: &str,
    ) -> Result<crate::api::MobileProgress, AppError>;
    /// The person the verified certificate of the browser's signed identification session
    /// (log-in, wizard step 2) names. Changes nothing: the caller acts on it, then
    /// [`MobileSign::mark_used`] — so a failure in between (a busy database) can be retried.
    async fn signed_identity(
        &self,
        binding: &str,
        id: &str,
        purpose: crate::domain::mobile_sign::MobilePurpose,
    ) -> Result<CurrentUser, AppError>;
    /// Marks the browser's signed session used; `Gone` if another request did it first.
    async fn mark_used(&self, binding: &str, id: &str) -> Result<(), AppError>;
    /// Ends the browser's session `id` if the app has not sent a signature yet: its code stops
    /// working (the page's «cancel», or a new code replacing it).
    async fn cancel(&self, binding: &str, id: &str) -> Result<(), AppError>;
    /// Finishes a parent's contract session once: the receipt of the contract the accepted
    /// signature sent. Only the session's expected signer (`caller`) may.
    async fn finish_contract(
        &self,
        binding: &str,
        id: &str,
        contract_id: i32,
        caller: &CertifiedIin,
    ) -> Result<crate::api::SubmitReceipt, AppError>;
    /// Finishes a kindergarten's signing session once: the contract as it now stands. Only
    /// the session's expected signer (`caller`) may.
    async fn finish_staff(
        &self,
        binding: &str,
        id: &str,
        contract_id: i32,
        caller: &CertifiedIin,
    ) -> Result<crate::api::ContractSummary, AppError>;
}

/// Support requests.
#[async_trait::async_trait]
pub trait Support: Send + Sync {
    /// Stores a request; returns its number.
    async fn record(
        &self,
        iin: Option<CertifiedIin>,
        contact: String,
        message: String,
        page: String,
        lang: &str,
    ) -> Result<i64, AppError>;
}

/// Everything server functions may reach; cheap to clone.
#[derive(Clone)]
pub struct Ports {
    pub catalogue: Arc<dyn Catalogue>,
    pub auth: Arc<dyn Auth>,
    pub mobile_sign: Arc<dyn MobileSign>,
    pub support: Arc<dyn Support>,
    pub cabinet: Arc<dyn Cabinet>,
    /// Unix seconds now (tests pin it).
    pub now: Arc<dyn Fn() -> i64 + Send + Sync>,
    pub admin: Arc<dyn Admin>,
    pub contracts: Arc<dyn Contracts>,
    pub staff: Arc<dyn Staff>,
    pub oversight: Arc<dyn Oversight>,
    pub region: Arc<dyn Region>,
    pub head: Arc<dyn Head>,
    /// Demo mode: the demo people and their key files (None in production).
    pub demo_people: Option<Arc<Vec<crate::api::DemoPerson>>>,
}

/// The ports provided for this request.
pub fn use_ports() -> Result<Ports, crate::error::AppError> {
    leptos::prelude::use_context::<Ports>().ok_or(crate::error::AppError::Unavailable)
}

/// The parent's cabinet: children, queue, referrals, notifications, saved requisites.
/// Every method takes the caller's IIN and touches only that person's data.
#[async_trait::async_trait]
pub trait Cabinet: Send + Sync {
    async fn children(&self, parent_iin: &CertifiedIin) -> Result<Vec<ChildView>, AppError>;
    /// Adds a child (validated by the caller); returns its id.
    async fn add_child(
        &self,
        parent_iin: &CertifiedIin,
        child: &crate::domain::Iin,
        last_name: &str,
        first_name: &str,
        patronymic: Option<&str>,
    ) -> Result<i32, AppError>;
    async fn departments(&self) -> Result<Vec<DepartmentOption>, AppError>;
    /// Registers the child in the queue of the first preferred kindergarten's department
    /// (all preferred kindergartens must be in it).
    async fn register_in_queue(
        &self,
        parent_iin: &CertifiedIin,
        child_id: i32,
        preferred: &[i32],
    ) -> Result<(), AppError>;
    async fn referrals(&self, parent_iin: &CertifiedIin) -> Result<Vec<ReferralView>, AppError>;
    /// One referral of this parent (`NotFound` for anyone else's).
    async fn referral(&self, parent_iin: &CertifiedIin, id: i32) -> Result<ReferralView, AppError>;
    /// Only the status of one referral of this parent (`NotFound` for anyone else's), an
    /// overdue one expired first: what an upload checks, in one read instead of the nine
    /// of [`Cabinet::referral`].
    async fn referral_status(
        &self,
        parent_iin: &CertifiedIin,
        id: i32,
    ) -> Result<crate::domain::ReferralStatus, AppError>;
    /// The latest uploaded document of each kind for the parent's own referral.
    async fn documents(
        &self,
        parent_iin: &CertifiedIin,
        referral_id: i32,
    ) -> Result<crate::domain::DocumentsDraft, AppError>;
    async fn notifications(&self, iin: &CertifiedIin) -> Result<Vec<NotificationView>, AppError>;
    async fn unread_count(&self, iin: &CertifiedIin) -> Result<u32, AppError>;
    async fn mark_all_read(&self, iin: &CertifiedIin) -> Result<(), AppError>;
    async fn saved_requisites(
        &self,
        iin: &CertifiedIin,
    ) -> Result<Option<SavedRequisites>, AppError>;
    async fn save_requisites(
        &self,
        iin: &CertifiedIin,
        saved: &SavedRequisites,
    ) -> Result<(), AppError>;
}

/// The education department admin's work. Every method takes the department the caller
/// administers and touches only that department's data.
#[async_trait::async_trait]
pub trait Admin: Send + Sync {
    async fn queue(&self, department_id: i32) -> Result<Vec<AdminQueueRow>, AppError>;
    async fn issue_referral(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        entry_id: i32,
        group_id: i32,
        days: u32,
    ) -> Result<IssuedReferral, AppError>;
    async fn roles(&self, department_id: i32) -> Result<Vec<RoleRow>, AppError>;
    async fn kindergartens(&self, department_id: i32) -> Result<Vec<KindergartenOption>, AppError>;
    async fn grant_staff(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        iin: &crate::domain::Iin,
        kindergarten_id: i32,
    ) -> Result<(), AppError>;
    /// Withdraws a staff role of one of the department's kindergartens or an admin role of the
    /// department (not the caller's own admin role).
    async fn withdraw_role(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        role_id: i32,
    ) -> Result<(), AppError>;
    /// Children queued in the department whose parenthood waits for the department, with
    /// every claim on each (a dispute shows all its sides).
    async fn claims(&self, department_id: i32) -> Result<Vec<crate::api::ChildClaims>, AppError>;
    /// Confirms or rejects a claim on a child queued in the department; returns the new status.
    async fn decide_claim(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        claim_id: i32,
        decision: &crate::domain::parenthood::Decision,
    ) -> Result<crate::domain::ClaimStatus, AppError>;
}

/// The region administrator's work: departments and their admins.
#[async_trait::async_trait]
pub trait Region: Send + Sync {
    async fn departments(&self) -> Result<Vec<crate::api::RegionDepartment>, AppError>;
    /// Creates a department; returns its id (`registry.duplicate` if its codes exist).
    async fn create_department(
        &self,
        by: &CertifiedIin,
        d: &crate::domain::registry::Department,
    ) -> Result<i32, AppError>;
    async fn grant_admin(
        &self,
        by: &CertifiedIin,
        department_id: i32,
        iin: &crate::domain::Iin,
    ) -> Result<(), AppError>;
    async fn withdraw_admin(&self, by: &CertifiedIin, role_id: i32) -> Result<(), AppError>;
}

/// Kazakhstan's date today, by the server's clock.
pub fn today(ports: &Ports) -> time::Date {
    crate::domain::dates::kz_date_of_unix((ports.now)())
}

/// Contracts of parents: the wizard's drafts, preparing (terms fixed, number given), sending
/// with the parent's signature, the list and the card. Every method takes the caller's IIN
/// and touches only that person's data.
#[async_trait::async_trait]
pub trait Contracts: Send + Sync {
    async fn wizard_start(
        &self,
        user: &CurrentUser,
        referral_id: i32,
    ) -> Result<crate::api::WizardStart, AppError>;
    /// Stores the wizard as typed; returns the time of the save.
    async fn save_draft(
        &self,
        parent_iin: &CertifiedIin,
        referral_id: i32,
        draft: &crate::domain::ContractDraft,
    ) -> Result<i64, AppError>;
    /// Fixes the terms of the contract under `referral_id` from the validated wizard.
    async fn prepare(
        &self,
        parent_iin: &CertifiedIin,
        referral_id: i32,
        contract: &crate::domain::ValidContract,
    ) -> Result<crate::api::PreparedContract, AppError>;
    /// Verifies the parent's CMS over the prepared canonical bytes and sends the contract.
    async fn submit(
        &self,
        parent_iin: &CertifiedIin,
        contract_id: i32,
        idempotency_key: &str,
        cms: &[u8],
    ) -> Result<crate::api::SubmitReceipt, AppError>;
    async fn list(
        &self,
        parent_iin: &CertifiedIin,
    ) -> Result<Vec<crate::api::ContractSummary>, AppError>;
    async fn card(
        &self,
        parent_iin: &CertifiedIin,
        id: i32,
    ) -> Result<crate::api::ContractCard, AppError>;
}

/// Kindergarten staff's work on contracts. Every method takes the kindergartens the caller
/// works for and touches only their contracts.
#[async_trait::async_trait]
pub trait Staff: Send + Sync {
    async fn inbox(
        &self,
        kindergartens: &[i32],
        query: &crate::api::InboxQuery,
    ) -> Result<crate::api::InboxPage, AppError>;
    async fn contract(
        &self,
        staff_iin: &CertifiedIin,
        kindergartens: &[i32],
        id: i32,
    ) -> Result<crate::api::StaffContract, AppError>;
    /// Verifies the organisation's CMS over the canonical bytes (BIN = the kindergarten's)
    /// and puts the contract in force: referral used, child enrolled.
    async fn sign(
        &self,
        staff_iin: &CertifiedIin,
        kindergartens: &[i32],
        id: i32,
        cms: &[u8],
    ) -> Result<crate::api::ContractSummary, AppError>;
    /// Refuses (the event carries the reason); the referral is active again so the parent
    /// can correct the data and send a new version.
    async fn refuse(
        &self,
        staff_iin: &CertifiedIin,
        kindergartens: &[i32],
        id: i32,
        event: &crate::domain::ContractEvent,
    ) -> Result<crate::api::ContractSummary, AppError>;
}

/// The education department admin's oversight: statistics, tariffs, the audit log. Every
/// method takes the department the caller administers.
#[async_trait::async_trait]
pub trait Oversight: Send + Sync {
    async fn stats(&self, department_id: i32) -> Result<crate::api::Stats, AppError>;
    async fn tariffs(&self, department_id: i32) -> Result<crate::api::Tariffs, AppError>;
    /// A new tariff for the age period from `from` (the open one before it ends the day before).
    async fn set_tariff(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        age_period_id: i32,
        amount: u64,
        from: time::Date,
    ) -> Result<(), AppError>;
    async fn kindergartens(
        &self,
        department_id: i32,
    ) -> Result<crate::api::KindergartensAdmin, AppError>;
    async fn set_kindergarten_flags(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        kindergarten_id: i32,
        e_contracts: bool,
        paper_allowed: bool,
    ) -> Result<(), AppError>;
    /// Adds a kindergarten to the department (`kindergarten_id` None) or changes one of its
    /// kindergartens; the form is checked (`domain::registry::check_form`). Returns its id.
    async fn save_kindergarten(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        kindergarten_id: Option<i32>,
        k: &crate::domain::registry::Kindergarten,
    ) -> Result<i32, AppError>;
    /// Sets a group's free places (the kindergarten's total follows).
    async fn set_group_places(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        group_id: i32,
        free_places: u32,
    ) -> Result<(), AppError>;
    async fn add_group(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        kindergarten_id: i32,
        name: &crate::api::Bi,
        age_period_id: i32,
        free_places: u32,
    ) -> Result<(), AppError>;
    async fn templates(&self, department_id: i32) -> Result<crate::api::Templates, AppError>;
    /// Stores `template` as the department's next version of its family, from `from`.
    async fn add_template(
        &self,
        admin_iin: &CertifiedIin,
        department_id: i32,
        template: crate::domain::Template,
        from: time::Date,
    ) -> Result<u32, AppError>;
    /// The audit entries of `department_id` matching `query`, and whether the chain is intact.
    async fn audit(
        &self,
        department_id: i32,
        query: &crate::api::AuditQuery,
    ) -> Result<crate::api::AuditPage, AppError>;
}

/// The kindergarten head's work: the kindergarten's staff roles. The caller has checked that
/// the head heads `kindergarten_id`.
#[async_trait::async_trait]
pub trait Head: Send + Sync {
    /// The staff of each of `kindergartens`.
    async fn staff(
        &self,
        kindergartens: &[i32],
    ) -> Result<Vec<crate::api::KindergartenStaff>, AppError>;
    /// Grants a staff role (`role.too_many_staff` past
    /// [`crate::api::MAX_STAFF_PER_KINDERGARTEN`]).
    async fn grant(
        &self,
        by: &CertifiedIin,
        kindergarten_id: i32,
        iin: &crate::domain::Iin,
    ) -> Result<(), AppError>;
    /// Withdraws a staff role of that kindergarten (`NotFound` for any other role).
    async fn withdraw(
        &self,
        by: &CertifiedIin,
        kindergarten_id: i32,
        role_id: i32,
    ) -> Result<(), AppError>;
}
