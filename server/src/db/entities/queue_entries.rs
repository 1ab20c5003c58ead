use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "queue_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub child_id: i32,
    pub child_iin: String,
    pub department_id: i32,
    /// Preferred kindergarten ids, comma-separated, in order of preference.
    pub preferred: String,
    pub registered_at: i64,
    /// `waiting`, `referred` or `admitted`.
    pub status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
