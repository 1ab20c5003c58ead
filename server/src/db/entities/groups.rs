use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kindergarten_id: i32,
    pub name_kk: String,
    pub name_ru: String,
    pub age_period_id: i32,
    pub free_places: i32,
    /// The registry number (set by `server import-registry`).
    pub external_id: Option<String>,
    /// The total places as last imported from the registry (0 for groups added by hand).
    pub places_total: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::kindergartens::Entity",
        from = "Column::KindergartenId",
        to = "super::kindergartens::Column::Id"
    )]
    Kindergarten,
}

impl Related<super::kindergartens::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Kindergarten.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
