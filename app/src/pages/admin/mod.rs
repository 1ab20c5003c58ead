//! The education department admin's pages: queue and referral issuance, staff roles,
//! statistics, tariffs and the audit log.
pub mod api;
pub mod audit_page;
pub mod claims_page;
pub mod kindergartens_page;
pub mod nav;
pub mod queue_page;
pub mod roles_page;
pub mod stats_page;
pub mod tariffs_page;
pub mod templates_page;
