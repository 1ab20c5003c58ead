//! The defaults of every setting, in one place: the modules that use a setting read it from
//! [`super::Config`], and nothing here depends on them.
use std::time::Duration;

/// `EKG_LISTEN`.
pub const LISTEN: &str = "127.0.0.1:3000";
/// `EKG_CRL_GRACE_HOURS`: how long after its nextUpdate a CRL still counts.
pub const CRL_GRACE_HOURS: i64 = 2;
/// `EKG_CRL_REFRESH_MINUTES`.
pub const CRL_REFRESH_MINUTES: u64 = 60;
/// `EKG_VERIFY_QUEUE`: verifications waiting beyond the running ones.
pub const VERIFY_QUEUE: usize = 32;
/// `EKG_MOBILE_SIGN_SECONDS`: how long a QR code / app link for eGov Mobile works.
pub const MOBILE_SIGN_SECONDS: i64 = 300;

/// `EKG_LOGIN_ATTEMPTS_PER_10_MIN`: EDS log-in challenges per client.
pub const LOGIN_ATTEMPTS_PER_10_MIN: u64 = 60;
/// `EKG_SUPPORT_REQUESTS_PER_10_MIN`: support requests per client.
pub const SUPPORT_REQUESTS_PER_10_MIN: u64 = 5;
/// `EKG_UPLOADS_PER_10_MIN`: document uploads per account.
pub const UPLOADS_PER_10_MIN: usize = 40;
/// `EKG_ORPHAN_GRACE_MINUTES`: how old stored bytes without a record must be before the
/// orphan sweep removes them.
pub const ORPHAN_GRACE: Duration = Duration::from_secs(60 * 60);
/// `EKG_EVIDENCE_TIMEOUT_SECONDS`: one TSA or OCSP request.
pub const EVIDENCE_TIMEOUT_SECONDS: u64 = 10;
/// `EKG_EVIDENCE_RETRY_SECONDS`: how often missing evidence is asked for again.
pub const EVIDENCE_RETRY_SECONDS: u64 = 60;
/// `EKG_CATALOGUE_RECHECK_MS`: how often the in-memory catalogue asks the database
/// whether another server changed it.
pub const CATALOGUE_RECHECK_MS: u64 = 1000;
/// `EKG_PUBLIC_PAGE_MAX_AGE_SECONDS`: how long a browser or shared cache may show a
/// catalogue page without asking (free places may be that much behind).
pub const PUBLIC_PAGE_MAX_AGE: u32 = 30;
/// `EKG_MAX_CHILDREN_PER_CABINET`.
pub const MAX_CHILDREN_PER_CABINET: usize = app::domain::referral::MAX_CHILDREN;

/// `EKG_VERIFY_WORKERS` and `EKG_UPLOAD_DECODES`: the machine's cores.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}
