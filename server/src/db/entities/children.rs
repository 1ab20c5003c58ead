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
    /// `app::domain::ClaimStatus::as_str`.
    pub claim_status: String,
    /// The admin's IIN, `register`, or `referral` (decided before proof of parenthood).
    pub claim_decided_by: Option<String>,
    pub claim_decided_at: Option<i64>,
    /// Why the department rejected the claim.
    pub claim_reason: Option<String>,
    /// The uploaded birth certificate: its key in the document storage.
    pub certificate_key: Option<String>,
    pub certificate_sha256: Option<String>,
    pub certificate_size: Option<i64>,
    pub certificate_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
