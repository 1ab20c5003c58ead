//! Plain axum routes beside the Leptos pages and server functions.
pub mod health;
pub mod lang;
