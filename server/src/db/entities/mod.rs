//! sea-orm entities, one file a table. They never leave the server: repositories map them
//! to the domain's types.
pub mod age_periods;
pub mod audit_checkpoints;
pub mod audit_log;
pub mod audit_pending;
pub mod children;
pub mod contract_drafts;
pub mod contract_events;
pub mod contract_sequences;
pub mod contract_templates;
pub mod contracts;
pub mod departments;
pub mod documents;
pub mod eds_challenges;
pub mod evidence_crls;
pub mod groups;
pub mod kindergartens;
pub mod notifications;
pub mod people;
pub mod queue_entries;
pub mod referrals;
pub mod roles;
pub mod saved_requisites;
pub mod sessions;
pub mod signature_evidence;
pub mod support_requests;
pub mod tariffs;
