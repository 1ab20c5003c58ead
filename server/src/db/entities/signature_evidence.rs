use sea_orm::entity::prelude::*;

/// The evidence of one accepted signature (see migration 14 and `crate::pki::evidence`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signature_evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub contract_id: i32,
    /// `parent` or `kindergarten`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub party: String,
    /// `complete` or `pending`.
    pub state: String,
    /// When the service accepted the signature.
    pub submitted_at: i64,
    /// The timestamp's genTime (the token is inside the CMS); none without a TSA.
    pub timestamp_at: Option<i64>,
    /// `ocsp` or `crl`; none while pending or when no revocation data is configured.
    pub revocation_source: Option<String>,
    pub ocsp_response: Option<Vec<u8>>,
    pub crl_sha256: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
