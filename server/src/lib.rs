//! The server: configuration, start-up, persistence (sea-orm), demo data and the CLI.
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod routes;
pub mod startup;
