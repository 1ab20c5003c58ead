//! What the region administrator's page shows.
use serde::{Deserialize, Serialize};

use crate::api::Bi;

/// A department with its admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionDepartment {
    pub id: i32,
    pub code: String,
    pub district_code: String,
    pub name: Bi,
    pub admins: Vec<RegionAdminRow>,
}

/// One admin role of a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionAdminRow {
    pub role_id: i32,
    pub iin: String,
    /// From the person's EDS certificate; `None` until they first sign in.
    pub name: Option<String>,
}

/// The new department form as the browser sends it (`d[code]`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentInput {
    pub code: String,
    pub district_code: String,
    pub region_kk: String,
    pub region_ru: String,
    pub name_kk: String,
    pub name_ru: String,
    pub place_kk: String,
    pub place_ru: String,
}
