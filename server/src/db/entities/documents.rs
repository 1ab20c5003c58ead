use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    /// The document store key (32 hex characters).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub owner_iin: String,
    pub referral_id: i32,
    /// A `DocumentKind` form name.
    pub kind: String,
    pub sha256: String,
    pub size: i64,
    pub width: i32,
    pub height: i32,
    pub created_at: i64,
    pub deleted_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
