//! The isomorphic Leptos app: pages, components, i18n, server functions, and the pure
//! `domain` shared by the browser (WASM) and the server.
#![recursion_limit = "256"]

pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;

pub use app::{App, shell};
