use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "children")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub parent_iin: String,
    pub iin: String,
    pub last_name: String,
    pub first_name: String,
    pub patronymic: Option<String>,
    /// `YYYY-MM-DD`, from the IIN.
    pub birth_date: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
