//! Plain axum routes beside the Leptos pages and server functions.
pub mod birth_certificate;
pub mod contract_pdf;
pub mod csrf;
pub mod demo_keys;
pub mod documents;
pub mod error_status;
pub mod health;
pub mod lang;
pub mod model_contract;
pub mod public_pages;
pub mod rate_limit;
pub mod reactive_owner;
pub mod static_cache;
