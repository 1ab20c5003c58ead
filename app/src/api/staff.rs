//! What the staff pages exchange with the server.
use serde::{Deserialize, Serialize};

use crate::api::Bi;
use crate::api::ContractCard;
use crate::domain::{ContractStatus, DocumentKind, Field};

/// Contracts shown per inbox page.
pub const PAGE_SIZE: u64 = 20;

/// The inbox filters, as in the page's query string (empty = any).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InboxQuery {
    /// A `ContractStatus` code; empty: sent for signing (what needs action).
    pub status: String,
    /// A group id; 0: any.
    pub group: i32,
    /// `YYYY-MM-DD`: sent on or after.
    pub from: String,
    /// `YYYY-MM-DD`: sent on or before.
    pub to: String,
    /// Child, parent (name or IIN) or contract number.
    pub q: String,
    /// `oldest` (default: who waits longest first), `newest` or `number`.
    pub sort: String,
    /// 1-based.
    pub page: u32,
}

/// A line of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxRow {
    pub id: i32,
    pub number: String,
    pub child_name: String,
    pub parent_name: String,
    pub group: Bi,
    pub status: ContractStatus,
    /// Unix seconds of the parent's signature.
    pub sent_at: Option<i64>,
}

/// One page of the inbox and what the filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub rows: Vec<InboxRow>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub groups: Vec<(i32, Bi)>,
    /// Contracts waiting for the kindergarten's signature (all of them, not only this page).
    pub awaiting: u64,
    /// Unix seconds: the longest-waiting one was sent then.
    pub oldest_waiting: Option<i64>,
    /// The viewer is the kindergarten's head (offers the «Staff» page).
    #[serde(default)]
    pub head: bool,
}

/// A contract as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffContract {
    pub card: ContractCard,
    pub parent_name: String,
    /// Every requisite of the representative (steps 3 and 4), labelled by its field.
    pub requisites: Vec<(Field, Bi)>,
    /// The uploaded documents: kind and the key to open it at `/api/documents/{key}`.
    pub documents: Vec<(DocumentKind, String)>,
    /// Base64 of the canonical bytes the organisation's key signs.
    pub canonical_base64: String,
}
