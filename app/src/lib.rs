//! The isomorphic Leptos app: pages, components, i18n, server functions, and the pure
//! `domain` shared by the browser (WASM) and the server.
#![recursion_limit = "256"]

pub mod app;
pub mod auth_model;
pub mod components;
pub mod documents;
pub mod domain;
pub mod eds;
pub mod error;
pub mod i18n;
pub mod offline;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod session;

pub use app::{App, shell};
