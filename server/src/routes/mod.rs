//! Plain axum routes beside the Leptos pages and server functions.
pub mod demo_keys;
pub mod health;
pub mod lang;
