//! One folder per feature, each with its views and its `api.rs` of server functions.
pub mod admin;
pub mod auth;
pub mod cabinet;
pub mod catalogue;
pub mod contract;
pub mod demo;
pub mod help;
pub mod mobile_sign;
pub mod not_found;
pub mod region;
pub mod staff;
pub mod support;
