use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
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
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The row as the chain checks it.
    pub fn stored(&self) -> app::domain::audit_chain::StoredEntry {
        app::domain::audit_chain::StoredEntry {
            id: self.id,
            entry: app::domain::audit_chain::AuditEntry {
                at: self.at,
                actor: self.actor.clone(),
                action: self.action.clone(),
                subject: self.subject.clone(),
                detail: self.detail.clone(),
                origin: self.origin.clone(),
                department_id: self.department_id,
            },
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
        }
    }
}
