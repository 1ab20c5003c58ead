//! The education department admin's pages: queue and referral issuance, staff roles.
pub mod api;
pub mod nav;
pub mod queue_page;
pub mod roles_page;
