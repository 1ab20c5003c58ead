use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub department_id: i32,
    /// `Template::id` (the family).
    pub template_id: String,
    pub version: i32,
    pub effective_from: time::Date,
    /// The `Template` as JSON.
    pub json: String,
    /// SHA-256 of `template_bytes` (as in the contracts' canonical bytes).
    pub sha256: String,
    pub created_at: i64,
    pub created_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
