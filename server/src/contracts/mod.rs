//! The contract use cases: a parent prepares a contract and sends it signed; the
//! kindergarten's staff sign it or refuse it. Each one is the whole decision — the rules of
//! `app::domain` (status machine, contract rules, canonical bytes), the signature checks of
//! `crate::pki`, what the parent is told (`app::domain::Notice`) and what is audited
//! (`app::domain::AuditAction`) — over thin queries (`crate::db::contract_rows`) that decide
//! nothing. The ports (`app::ports::{Contracts, Staff}`) call them.
pub mod prepare;
pub mod refuse;
pub mod sign;
pub mod signature;
pub mod submit;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::pki::Trust;

/// What every contract use case works with.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub db: &'a DatabaseConnection,
    pub clock: &'a Clock,
    pub trust: &'a Arc<Trust>,
}

impl Context<'_> {
    fn now(&self) -> i64 {
        (self.clock)()
    }
}
