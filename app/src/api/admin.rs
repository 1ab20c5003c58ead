//! What the admin pages exchange with the server: statistics, tariffs, kindergartens and
//! groups, templates, the audit log, the queue, referrals and roles.
use serde::{Deserialize, Serialize};

use crate::api::Bi;
use crate::domain::{ContractStatus, RefusalReason};

/// Contracts of the department by day and status, times to signing, refusal reasons.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stats {
    /// `DD.MM.YYYY` (Kazakhstan) of sending, status, count — the last 30 days.
    pub by_day: Vec<(String, ContractStatus, u32)>,
    /// Kindergarten, contracts signed, median minutes from sending to signing.
    pub median_minutes: Vec<(Bi, u32, u64)>,
    pub refusal_reasons: Vec<(RefusalReason, u32)>,
    pub total_sent: u32,
}

/// A tariff of the department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffRow {
    pub age_period_id: i32,
    pub age_period: Bi,
    pub monthly_amount_tenge: u64,
    /// `DD.MM.YYYY`.
    pub effective_from: String,
    pub effective_to: Option<String>,
}

/// The age periods a tariff can be set for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tariffs {
    pub rows: Vec<TariffRow>,
    pub age_periods: Vec<(i32, Bi)>,
}

/// A kindergarten of the department as the admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindergartenAdmin {
    pub id: i32,
    pub name: Bi,
    /// The kindergarten's data as the edit form shows it.
    pub form: crate::domain::registry::KindergartenForm,
    pub bin: Option<String>,
    pub e_contracts: bool,
    pub paper_allowed: bool,
    pub free_places: u32,
    pub groups: Vec<GroupAdmin>,
}

/// A group: name, age period, free places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAdmin {
    pub id: i32,
    pub name: Bi,
    pub age_period: Bi,
    pub free_places: u32,
}

/// The department's kindergartens and the age periods groups can have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindergartensAdmin {
    pub kindergartens: Vec<KindergartenAdmin>,
    pub age_periods: Vec<(i32, Bi)>,
}

/// A stored template version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersion {
    pub template_id: String,
    pub version: u32,
    /// `DD.MM.YYYY`.
    pub effective_from: String,
    pub title: Bi,
    pub sha256: String,
    /// Used for contracts made today.
    pub in_force: bool,
}

/// The department's template versions and the text of the one in force (as JSON, to edit
/// into the next version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Templates {
    pub versions: Vec<TemplateVersion>,
    /// The built-in model is in force (no stored version yet, or none effective yet).
    pub builtin_in_force: bool,
    pub current_json: String,
}

/// Audit log filters (empty = any).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    pub actor: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
}

/// An audit entry as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub origin: String,
}

/// The newest matching entries and the state of the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// `Ok(entries checked)` or the id where the chain breaks.
    pub chain: Result<u64, i64>,
    pub actions: Vec<String>,
}

/// A waiting child in the admin's queue view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminQueueRow {
    pub entry_id: i32,
    pub position: u32,
    pub child_name: String,
    /// `DD.MM.YYYY`.
    pub birth_date: String,
    pub age_years: u32,
    /// `DD.MM.YYYY`.
    pub registered_on: String,
    pub preferred: Vec<Bi>,
    /// Whether the claim that queued the child is confirmed: only then a referral is issued.
    pub claim: crate::domain::ClaimStatus,
    /// Groups of the preferred kindergartens (then the department's others) with free places
    /// that take a child of this age.
    pub groups: Vec<GroupOption>,
}

/// A group a referral can be issued to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOption {
    pub id: i32,
    pub kindergarten: Bi,
    pub group: Bi,
    pub age_period: Bi,
    pub free_places: u32,
}

/// A referral issued by the admin (the answer to "issue").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedReferral {
    pub number: u32,
    /// `DD.MM.YYYY`.
    pub deadline: String,
}

/// A staff or admin role in the admin's department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    /// The role's id (for withdrawing it).
    pub id: i32,
    pub iin: String,
    pub name: Option<String>,
    /// `staff` or `admin`.
    pub role: String,
    pub kindergarten: Option<Bi>,
}

/// A kindergarten of the admin's department (for granting staff roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindergartenOption {
    pub id: i32,
    pub name: Bi,
}

/// The kindergarten form as the browser sends it (`k[name_kk]`, …; a checkbox is present
/// when ticked).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KindergartenInput {
    pub name_kk: String,
    pub name_ru: String,
    pub address_kk: String,
    pub address_ru: String,
    pub ownership: String,
    #[serde(default)]
    pub bin: String,
    #[serde(default)]
    pub e_contracts: Option<String>,
    #[serde(default)]
    pub paper_allowed: Option<String>,
    pub admission_age: String,
}
