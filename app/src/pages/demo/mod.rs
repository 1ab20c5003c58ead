//! Demo mode only: the demo people and their key files, so anyone can walk the flow.
pub mod api;
pub mod page;
