use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub number: i32,
    pub queue_entry_id: i32,
    pub child_id: i32,
    pub parent_iin: String,
    pub department_id: i32,
    pub kindergarten_id: i32,
    pub group_id: i32,
    pub age_period_id: i32,
    pub issued_at: i64,
    pub issued_by: String,
    /// `YYYY-MM-DD`: the last day the referral can be used.
    pub deadline: String,
    /// Stored as the `ReferralStatus` code.
    pub status: super::code::Code<app::domain::ReferralStatus>,
    pub status_changed_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
