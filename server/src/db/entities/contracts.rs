use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `ContractNumber` text, e.g. `01.01-11.26.001`.
    pub number: String,
    pub referral_id: i32,
    pub parent_iin: String,
    pub kindergarten_id: i32,
    pub department_id: i32,
    pub group_id: i32,
    /// Lower-case number, child's and parent's names (for staff search).
    pub search_text: String,
    /// Stored as the `ContractStatus` code.
    pub status: super::code::Code<app::domain::ContractStatus>,
    /// The `ContractTerms` as JSON (the source of the canonical bytes).
    pub terms_json: String,
    /// `canonical_bytes(terms)`: what both parties sign.
    #[sea_orm(column_type = "Blob")]
    pub canonical: Vec<u8>,
    pub canonical_sha256: String,
    #[sea_orm(column_type = "Blob", nullable)]
    pub parent_cms: Option<Vec<u8>>,
    /// The parent's certificate as shown: "SURNAME NAME, IIN…, serial …".
    pub parent_signer: Option<String>,
    pub parent_signed_at: Option<i64>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub kindergarten_cms: Option<Vec<u8>>,
    pub kindergarten_signer: Option<String>,
    pub kindergarten_signed_at: Option<i64>,
    /// A `RefusalReason` code.
    pub refusal_reason: Option<String>,
    pub refusal_comment: Option<String>,
    /// The browser's key of the submission that sent it (a retry finds it).
    pub idempotency_key: Option<String>,
    /// The refused contract this one corrects.
    pub previous_id: Option<i32>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
