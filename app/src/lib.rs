//! The isomorphic Leptos app: pages, components, i18n, server functions, and the pure
//! `domain` shared by the browser (WASM) and the server.
//!
//! Without the `ui` feature (which `hydrate` and `ssr` turn on) the crate is only its pure
//! part: `domain`, `eds` and `documents`, with no Leptos; the photo worker builds on that.
#![recursion_limit = "256"]

#[cfg(feature = "ui")]
pub mod api;
#[cfg(feature = "ui")]
pub mod app;
#[cfg(feature = "ui")]
pub mod auth_model;
#[cfg(feature = "ui")]
pub mod components;
#[cfg(feature = "ui")]
pub mod device_store;
pub mod documents;
pub mod domain;
pub mod eds;
#[cfg(feature = "ui")]
pub mod error;
#[cfg(feature = "ui")]
pub mod i18n;
#[cfg(feature = "ui")]
pub mod lazy_routes;
#[cfg(feature = "ui")]
pub mod offline;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ui")]
pub mod wire;

#[cfg(feature = "ui")]
pub use app::{App, shell};
