use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub district_code: String,
    pub region_kk: String,
    pub region_ru: String,
    pub name_kk: String,
    pub name_ru: String,
    pub place_kk: String,
    pub place_ru: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::kindergartens::Entity")]
    Kindergartens,
}

impl Related<super::kindergartens::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Kindergartens.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
