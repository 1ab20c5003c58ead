//! What the cabinet pages show: plain data sent from the server, with names in both languages.
use serde::{Deserialize, Serialize};

use super::Bi;
use crate::domain::ReferralStatus;

/// A child in the parent's cabinet, with its queue entry if registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildView {
    pub id: i32,
    pub iin: String,
    pub full_name: String,
    /// `DD.MM.YYYY`.
    pub birth_date: String,
    /// Whether this parent's claim on the child is confirmed (`domain::parenthood`).
    pub claim: super::parenthood::ClaimView,
    pub queue: Option<QueueView>,
}

/// A child's place in a department's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub department: Bi,
    /// 1-based among the department's waiting children; `None` once a referral is issued.
    pub position: Option<u32>,
    /// `DD.MM.YYYY`.
    pub registered_on: String,
    pub preferred: Vec<Bi>,
}

/// A department and its kindergartens, for the queue registration form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentOption {
    pub id: i32,
    pub name: Bi,
    pub kindergartens: Vec<(i32, Bi)>,
}

/// A referral as the parent sees it in «Менің жолдамаларым».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    pub id: i32,
    /// Shown as `#378618`.
    pub number: u32,
    pub child_name: String,
    /// `DD.MM.YYYY`.
    pub issued_on: String,
    pub department: Bi,
    pub kindergarten_id: i32,
    pub kindergarten: Bi,
    pub kindergarten_address: Bi,
    pub group: Bi,
    pub age_period: Bi,
    /// `DD.MM.YYYY`: the last day it can be used.
    pub deadline: String,
    pub status: ReferralStatus,
    /// The kindergarten concludes contracts electronically.
    pub e_contracts: bool,
    /// It also concludes contracts on paper.
    pub paper_allowed: bool,
}

/// A notification in the cabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i32,
    pub text: Bi,
    pub link: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub read: bool,
}
