use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "age_periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub from_years: i16,
    pub to_years: i16,
    /// e.g. «2 жастан 3 жасқа дейін».
    pub label_kk: String,
    pub label_ru: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
