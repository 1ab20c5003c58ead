//! Database migrations (SQLite and PostgreSQL through the same code). The server runs
//! pending ones at start-up; `server migrate` runs them on their own.
pub use sea_orm_migration::prelude::*;

mod m20261125_000001_reference_data;
mod m20261125_000002_people_sessions;
mod m20261125_000003_support_requests;
mod m20261125_000004_roles;
mod m20261125_000005_queue_referrals;
mod m20261125_000006_documents;
mod m20261125_000007_contracts;
mod m20261125_000008_audit_log;
mod m20261125_000009_contract_templates;
mod m20261129_000010_challenge_client;
mod m20261203_000011_audit_pending;
mod m20261206_000012_support_client;
mod m20261206_000013_audit_departments;
mod m20261206_000014_signature_evidence;
mod m20261206_000015_catalogue_version;
mod m20261207_000016_parenthood;
mod m20261207_000017_registry_ids;
mod m20261207_000018_region_admins;
mod m20261207_000019_session_organisation;
mod m20261207_000020_mobile_sign;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_reference_data::Migration),
            Box::new(m20261125_000002_people_sessions::Migration),
            Box::new(m20261125_000003_support_requests::Migration),
            Box::new(m20261125_000004_roles::Migration),
            Box::new(m20261125_000005_queue_referrals::Migration),
            Box::new(m20261125_000006_documents::Migration),
            Box::new(m20261125_000007_contracts::Migration),
            Box::new(m20261125_000008_audit_log::Migration),
            Box::new(m20261125_000009_contract_templates::Migration),
            Box::new(m20261129_000010_challenge_client::Migration),
            Box::new(m20261203_000011_audit_pending::Migration),
            Box::new(m20261206_000012_support_client::Migration),
            Box::new(m20261206_000013_audit_departments::Migration),
            Box::new(m20261206_000014_signature_evidence::Migration),
            Box::new(m20261206_000015_catalogue_version::Migration),
            Box::new(m20261207_000016_parenthood::Migration),
            Box::new(m20261207_000017_registry_ids::Migration),
            Box::new(m20261207_000018_region_admins::Migration),
            Box::new(m20261207_000019_session_organisation::Migration),
            Box::new(m20261207_000020_mobile_sign::Migration),
        ]
    }
}
