use sea_orm::entity::prelude::*;

/// The audit chain was verified up to `last_id` (whose hash was `last_hash`), `entries` entries
/// in all: later verifications start from here (`crate::db::audit::verify_from_checkpoint`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_checkpoints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub last_id: i64,
    pub last_hash: String,
    pub entries: i64,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
