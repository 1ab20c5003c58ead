use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub referral_id: i32,
    pub parent_iin: String,
    /// A `ContractDraft` as JSON.
    pub json: String,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
