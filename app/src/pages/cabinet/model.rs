//! What the cabinet pages show: plain data sent from the server, with names in both languages.
use serde::{Deserialize, Serialize};

use crate::domain::{Lang, ReferralStatus};

/// A name stored in Kazakh and Russian (kindergartens, departments, groups, age periods).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bi {
    pub kk: String,
    pub ru: String,
}

impl Bi {
    pub fn new(kk: impl Into<String>, ru: impl Into<String>) -> Self {
        Bi {
            kk: kk.into(),
            ru: ru.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
        }
    }
}

/// A child in the parent's cabinet, with its queue entry if registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildView {
    pub id: i32,
    pub iin: String,
    pub full_name: String,
    /// `DD.MM.YYYY`.
    pub birth_date: String,
    /// Whether this parent's claim on the child is confirmed (`domain::parenthood`).
    pub claim: super::claim_model::ClaimView,
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
