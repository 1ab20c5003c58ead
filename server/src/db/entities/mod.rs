//! sea-orm entities, one file a table. They never leave the server: repositories map them
//! to the domain's types.
pub mod age_periods;
pub mod departments;
pub mod eds_challenges;
pub mod groups;
pub mod kindergartens;
pub mod people;
pub mod roles;
pub mod sessions;
pub mod support_requests;
pub mod tariffs;
