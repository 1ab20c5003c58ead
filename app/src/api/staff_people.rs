//! What the kindergarten head's «Staff» page shows.
use serde::{Deserialize, Serialize};

use crate::api::Bi;

/// Most staff roles one kindergarten holds: a head's key cannot flood the roles table.
pub const MAX_STAFF_PER_KINDERGARTEN: usize = 200;

/// A kindergarten the signed-in head runs, with its staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindergartenStaff {
    pub kindergarten_id: i32,
    pub name: Bi,
    pub staff: Vec<StaffMember>,
}

/// One staff role of the kindergarten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The role's id (for withdrawing it).
    pub role_id: i32,
    pub iin: String,
    /// From the person's EDS certificate; `None` until they first sign in.
    pub name: Option<String>,
    /// Unix seconds.
    pub granted_at: i64,
}
