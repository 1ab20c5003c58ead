//! What a parent and the department see of a parenthood claim (`domain::parenthood`).
use serde::{Deserialize, Serialize};

use crate::domain::ClaimStatus;

/// The parent's own claim on a child in the cabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    pub status: ClaimStatus,
    /// Confirmed by the population register (not by the department).
    pub by_register: bool,
    /// The department's reason for a rejection.
    pub reason: Option<String>,
    /// Size of the uploaded birth certificate, if any.
    pub certificate_size: Option<u64>,
    /// Another person also claims this child (a dispute the department decides).
    pub contested: bool,
}

/// Every claim on one child that the department has to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildClaims {
    pub child_iin: String,
    /// `DD.MM.YYYY`.
    pub birth_date: String,
    pub claims: Vec<ClaimRow>,
}

/// One person's claim, as the department sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub id: i32,
    /// The child's name as this person typed it.
    pub child_name: String,
    pub parent_iin: String,
    /// From the person's EDS certificate (empty if they never signed in).
    pub parent_name: String,
    pub status: ClaimStatus,
    pub by_register: bool,
    /// `DD.MM.YYYY`.
    pub added_on: String,
    pub has_certificate: bool,
    pub reason: Option<String>,
    /// This claim has a queue entry.
    pub queued: bool,
}
