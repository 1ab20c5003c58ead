//! One folder per feature, each with its views and its `api.rs` of server functions.
pub mod catalogue;
pub mod not_found;
