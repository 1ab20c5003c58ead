//! The demo people offered at `/demo` in demo mode, with their key files.
use serde::{Deserialize, Serialize};

/// The one password of every demo key file (documented in the README).
pub const DEMO_PASSWORD: &str = "Qwerty12";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DemoRole {
    Parent,
    Staff,
    Admin,
    /// A kindergarten employee with the right to sign (an organisation key with the
    /// kindergarten's BIN): no role until the head grants one on `/staff/people`.
    Employee,
}

/// One demo key file offered for download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoKey {
    /// File name, e.g. `AUTH_RSA256_3f…​.p12`; served at `/demo/keys/{file}`.
    pub file: String,
    pub signing: bool,
    /// One file for log-in and signing (a `GOST512_…` file, as the national CA issues today).
    #[serde(default)]
    pub both: bool,
}

/// A demo person with their keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoPerson {
    pub role: DemoRole,
    pub full_name: String,
    pub iin: String,
    pub bin: Option<String>,
    pub organisation: Option<String>,
    pub keys: Vec<DemoKey>,
    /// A deliberately unusable key (expired, untrusted, …) for trying the error messages.
    pub note: Option<String>,
}

/// The child the demo population register lists for the `n`-th demo parent (born 15.04.2023):
/// adding it confirms the parenthood at once. The first is the demo family's «Серікова Әлия».
pub fn register_child_iin(n: usize) -> String {
    crate::domain::iin::test_values::make_iin("230415", 6, 4242 + 20 * n as u16)
}
