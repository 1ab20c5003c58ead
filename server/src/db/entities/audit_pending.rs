use sea_orm::entity::prelude::*;

/// An audit entry committed with the change it records and not yet on the hash chain
/// (`crate::db::audit::flush` moves it there).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_pending")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: i64,
    /// IIN, or empty for the system.
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub origin: String,
    /// The department whose admins may read it (see `AuditEntry::department_id`).
    pub department_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The entry as the chain hashes it.
    pub fn entry(&self) -> app::domain::audit_chain::AuditEntry {
        app::domain::audit_chain::AuditEntry {
            at: self.at,
            actor: self.actor.clone(),
            action: self.action.clone(),
            subject: self.subject.clone(),
            detail: self.detail.clone(),
            origin: self.origin.clone(),
            department_id: self.department_id,
        }
    }
}
