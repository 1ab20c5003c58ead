use sea_orm::entity::prelude::*;

/// A signing session for eGov Mobile / eGov Business, bound to one browser, used once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mobile_sign_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `app::domain::mobile_sign::MobilePurpose::as_str` (its kind).
    pub purpose: String,
    /// The contract a contract purpose is about.
    pub subject: Option<i32>,
    /// What the app shows in its description (the contract's number).
    pub label: Option<String>,
    /// The kindergartens the staff member works for when the session was created (JSON).
    pub scope: Option<String>,
    /// SHA-256 (hex) of the creating browser's pre-session cookie.
    pub binding_sha256: String,
    /// SHA-256 (hex) of the one-time bearer token API №2 requires.
    pub token_sha256: String,
    /// The person who must sign (the cabinet's owner), where the purpose names one.
    pub expected_iin: Option<String>,
    /// The exact bytes to sign.
    pub document: Vec<u8>,
    /// `app::domain::mobile_sign::MobileState::as_str`.
    pub state: String,
    /// The refused signature's error code.
    pub refusal: Option<String>,
    /// What the accepted signature led to, as JSON: the verified signer (`CurrentUser`) of an
    /// identification, the `SubmitReceipt` of a parent's contract, the `ContractSummary` of a
    /// kindergarten's signature.
    pub outcome: Option<String>,
    /// Client address the session was created from (`-` when unknown).
    pub client: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub opened_at: Option<i64>,
    pub signed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
