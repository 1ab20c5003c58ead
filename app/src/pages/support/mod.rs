//! The support entry point (bottom right on every page) and its form.
pub mod api;
pub mod page;
