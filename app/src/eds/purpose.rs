//! What a key is used for. The national CA issues two RSA files per person, `AUTH_RSA256_…`
//! (authentication: clientAuth, digitalSignature) and `RSA256_…` (signing: emailProtection,
//! nonRepudiation); the newer GOST512 file does both.
use serde::{Deserialize, Serialize};

/// The purpose a key is being used for right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Purpose {
    /// Logging in / identifying the applicant (wizard step 2): an AUTH key.
    Authentication,
    /// Signing a contract (wizard step 6, staff signing): a signing (non-repudiation) key.
    Signing,
}

/// OIDs of the Extended Key Usage and holder types met in national CA certificates.
pub mod oid {
    /// id-kp-clientAuth
    pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
    /// id-kp-emailProtection (NCA signing keys carry it)
    pub const EKU_EMAIL_PROTECTION: &str = "1.3.6.1.5.5.7.3.4";
    /// NCA holder types (Extended Key Usage)
    pub const HOLDER_INDIVIDUAL: &str = "1.2.398.3.3.4.1.1";
    pub const HOLDER_ORGANISATION: &str = "1.2.398.3.3.4.1.2";
    pub const HOLDER_HEAD: &str = "1.2.398.3.3.4.1.2.1";
    pub const HOLDER_SIGNING_RIGHT: &str = "1.2.398.3.3.4.1.2.2";
    pub const HOLDER_FINANCIAL_SIGNING: &str = "1.2.398.3.3.4.1.2.3";
    pub const HOLDER_HR: &str = "1.2.398.3.3.4.1.2.4";
    pub const HOLDER_EMPLOYEE: &str = "1.2.398.3.3.4.1.2.5";
}
