//! The server's integration tests, one binary: each module starts real servers (SQLite by
//! default, PostgreSQL when `EKG_TEST_PG_URL` is set) and talks to them over HTTP.
//! One binary instead of one per file: a dozen links of the whole server cost minutes and
//! gigabytes of disk.

#![recursion_limit = "256"]

mod common;

mod cabinet;
mod catalogue_http;
mod contract_pdf;
mod contracts;
mod crl_refresh;
mod documents;
mod eds_login;
mod egov_mobile;
mod egov_stand_in;
mod evidence;
mod faults;
mod gost512;
mod hardening;
mod load;
mod openssl_pki;
mod oversight;
mod parenthood;
mod public_pages;
mod registry;
mod roles;
mod staff;
mod upload_memory;
mod wire;
