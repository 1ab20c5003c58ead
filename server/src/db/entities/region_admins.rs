use sea_orm::entity::prelude::*;

/// A region-level administrator, by IIN.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "region_admins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub iin: String,
    pub granted_at: i64,
    pub granted_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
