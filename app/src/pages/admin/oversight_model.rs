//! What the admin's statistics, tariffs and audit pages exchange with the server.
use serde::{Deserialize, Serialize};

use crate::domain::{ContractStatus, RefusalReason};
use crate::pages::cabinet::model::Bi;

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
