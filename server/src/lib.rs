#![recursion_limit = "256"]
//! The server: configuration, start-up, persistence (sea-orm), demo data and the CLI.
pub mod auth;
pub mod cli;
pub mod client_origin;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod failpoint;
pub mod orphans;
pub mod package;
pub mod pdf;
pub mod pki;
pub mod route_list;
pub mod routes;
pub mod startup;
pub mod storage;
