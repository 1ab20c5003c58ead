//! Signing with eGov Mobile / eGov Business. A page asks for a **signing session** (the
//! [`app::ports::MobileSign`] port); the phone's app reads its QR code or launch link, fetches
//! the description (API №1), the document (API №2 `GET`) and sends the CMS signature back
//! (API №2 `PUT`); the page polls and finishes. The routes are in [`routes`]; the JSON in
//! [`protocol`].
//!
//! A session is bound to:
//! - **one purpose and one document** — the exact bytes are stored with it, and the signature
//!   is verified over them, by the same verifier as the key-file path;
//! - **one browser** — the pre-session cookie's SHA-256; only that browser sees its progress
//!   and finishes it (a session created by another browser is "not found");
//! - **one phone request** — API №2 needs the one-time bearer token handed out by API №1 (the
//!   database keeps only its SHA-256); the first signature (accepted or refused) ends the
//!   phone's part, a second `PUT` is 410;
//! - **a few minutes** (`EKG_MOBILE_SIGN_SECONDS`): after that every phone request is 410;
//! - **the expected signer** — the cabinet's owner for the wizard's identification step.
//!
//! Nothing is stored from a refused signature but its refusal code.
pub mod protocol;
pub mod qr;
pub mod routes;

use std::sync::Arc;

use app::api::{MobileProgress, MobileSession};
use app::auth_model::{AuthError, ChallengePurpose, CurrentUser, challenge_text};
use app::domain::CertifiedIin;
use app::domain::Localized;
use app::domain::mobile_sign::{
    MobilePurpose, MobileSignError, MobileState, PhoneRefusal, app_link, phone_may, qr_text,
};
use app::error::AppError;
use app::session::random_token;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use crate::auth::sha256_hex;
use crate::clock::Clock;
use crate::db::entities::mobile_sign_sessions as rows;
use crate::pki::Trust;

/// The path prefix of the phone's endpoints (API №1 is `PREFIX/{id}`, API №2
/// `PREFIX/{id}/document`).
pub const PREFIX: &str = "/egov/sign";
/// The largest `PUT` body read (a CMS with its certificates is a few kilobytes; the data of a
/// `CMS_WITH_DATA` signature is ours and small).
pub const MAX_PUT_BYTES: usize = 256 * 1024;
/// How long after its expiry a signed session may still be finished by its page (the page
/// polls every few seconds; a signature that arrived in the last second is not lost).
const FINISH_GRACE_SECS: i64 = 120;

pub struct MobileSignService {
    pub db: DatabaseConnection,
    pub trust: Arc<Trust>,
    pub clock: Clock,
    /// `EKG_PUBLIC_URL` (without the trailing slash): what the phone reaches.
    pub public_url: Option<String>,
    pub ttl_secs: i64,
    /// `EKG_OPERATOR_BIN`: the organisation API №1 names.
    pub operator_bin: Option<String>,
    /// Sessions one client may create in 10 minutes (shared with the key-file log-in limit).
    pub per_client_limit: u64,
}

fn invalid(e: impl Localized) -> AppError {
    AppError::Invalid(e.code().to_string())
}

fn db_err(e: sea_orm::DbErr) -> AppError {
    tracing::error!(error = %e, "database error in mobile signing");
    AppError::Unavailable
}

fn phone_db_err(e: sea_orm::DbErr) -> PhoneError {
    db_err(e);
    PhoneError::Unavailable
}

/// Why a phone's request was not served, as an HTTP answer.
#[derive(Debug)]
pub enum PhoneError {
    /// 404: no such session.
    Unknown,
    /// 401: no bearer token, or not this session's.
    BadToken,
    /// 410: expired.
    Expired,
    /// 410: already signed, refused, cancelled or finished.
    Gone,
    /// 410: another app already read this code.
    Taken,
    /// 400: the body is not what the protocol says.
    BadRequest(MobileSignError),
    /// 403: the signature does not verify or is not the expected signer's (an error code).
    Refused(String),
    /// 413.
    TooLarge,
    /// 503.
    Unavailable,
}

impl From<PhoneRefusal> for PhoneError {
    fn from(r: PhoneRefusal) -> Self {
        match r {
            PhoneRefusal::Expired => PhoneError::Expired,
            PhoneRefusal::Gone => PhoneError::Gone,
        }
    }
}

/// What API №2 serves: the bytes to sign and how to name them.
pub struct Document {
    pub purpose: MobilePurpose,
    pub bytes: Vec<u8>,
    pub expires_at: i64,
    /// The contract's number, for a contract.
    pub label: Option<String>,
}

/// A stored session's purpose.
pub fn purpose_of(row: &rows::Model) -> Option<MobilePurpose> {
    MobilePurpose::parse(&row.purpose, row.subject)
}

impl MobileSignService {
    /// The API №1 URL of session `id`, on the public address (or, in demo mode without
    /// `EKG_PUBLIC_URL`, the address the page was opened at).
    fn api1_url(&self, origin_hint: Option<&str>, id: &str) -> Result<String, AppError> {
        let base = self
            .public_url
            .as_deref()
            .or(origin_hint)
            .ok_or_else(|| invalid(MobileSignError::NotConfigured))?;
        Ok(format!("{base}{PREFIX}/{id}"))
    }

    async fn row(&self, id: &str) -> Result<Option<rows::Model>, sea_orm::DbErr> {
        if !valid_id(id) {
            return Ok(None);
        }
        rows::Entity::find_by_id(id.to_string()).one(&self.db).await
    }

    /// Whether session `id` exists and was created by the browser with `binding`.
    pub async fn belongs_to(&self, id: &str, binding: &str) -> Result<bool, AppError> {
        Ok(self
            .row(id)
            .await
            .map_err(db_err)?
            .is_some_and(|r| r.binding_sha256 == sha256_hex(binding)))
    }

    /// The session for a phone's request: it exists; for API №2, the bearer token is its own.
    async fn for_phone(&self, id: &str, token: Option<&str>) -> Result<rows::Model, PhoneError> {
        let row = self
            .row(id)
            .await
            .map_err(phone_db_err)?
            .ok_or(PhoneError::Unknown)?;
        if let Some(token) = token
            && sha256_hex(token) != row.token_sha256
        {
            return Err(PhoneError::BadToken);
        }
        Ok(row)
    }

    /// API №1: the session's description and where its document is, with the one-time
    /// token — handed out once: the first app that reads the code owns the session (the page
    /// shows «opened»); anyone who reads it later gets 410 and the person can take a new code.
    pub async fn describe(&self, id: &str) -> Result<(rows::Model, String), PhoneError> {
        let row = self.for_phone(id, None).await?;
        let now = (self.clock)();
        let state = MobileState::parse(&row.state).ok_or(PhoneError::Unavailable)?;
        phone_may(state, now, row.expires_at)?;
        if row.opened_at.is_some() {
            return Err(PhoneError::Taken);
        }
        let token = random_token();
        let updated = rows::Entity::update_many()
            .col_expr(rows::Column::TokenSha256, Expr::value(sha256_hex(&token)))
            .col_expr(rows::Column::OpenedAt, Expr::value(now))
            .col_expr(
                rows::Column::State,
                Expr::value(MobileState::Opened.as_str()),
            )
            .filter(rows::Column::Id.eq(row.id.clone()))
            .filter(rows::Column::State.eq(MobileState::Waiting.as_str()))
            .filter(rows::Column::OpenedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(phone_db_err)?;
        if updated.rows_affected != 1 {
            return Err(PhoneError::Taken);
        }
        Ok((row, token))
    }

    /// API №2 `GET`: the document, for the holder of the token.
    pub async fn document(&self, id: &str, token: Option<&str>) -> Result<Document, PhoneError> {
        let row = self.open_for(id, token).await?;
        Ok(Document {
            purpose: purpose_of(&row).ok_or(PhoneError::Unavailable)?,
            bytes: row.document,
            expires_at: row.expires_at,
            label: row.label,
        })
    }

    /// The session `id` if `token` is its bearer token and the phone may still act on it.
    pub async fn open_for(&self, id: &str, token: Option<&str>) -> Result<rows::Model, PhoneError> {
        let row = self
            .for_phone(id, Some(token.ok_or(PhoneError::BadToken)?))
            .await?;
        let state = MobileState::parse(&row.state).ok_or(PhoneError::Unavailable)?;
        phone_may(state, (self.clock)(), row.expires_at)?;
        Ok(row)
    }

    /// API №2 `PUT`: the signature of the session's document, verified by the key-file path's
    /// verifier (and, for a contract, its use case) for the session's purpose and expected
    /// signer. The session is claimed first (`Opened` → `Checking`, one request only), so two
    /// `PUT`s at once never both act; the first signature decides (`Signed`, or `Refused` with
    /// its code). A full verification pool or a database failure decides nothing: the session
    /// goes back to `Opened` and the app may send again.
    pub async fn deliver(
        &self,
        id: &str,
        token: Option<&str>,
        body: &[u8],
    ) -> Result<(), PhoneError> {
        let row = self.open_for(id, token).await?;
        let purpose = purpose_of(&row).ok_or(PhoneError::Unavailable)?;
        let cms = protocol::signature_of(body, 1).map_err(PhoneError::BadRequest)?;
        if cms.len() > app::pages::contract::api::MAX_CMS_BYTES {
            return Err(PhoneError::TooLarge);
        }
        let now = (self.clock)();
        let claimed = rows::Entity::update_many()
            .col_expr(
                rows::Column::State,
                Expr::value(MobileState::Checking.as_str()),
            )
            .filter(rows::Column::Id.eq(row.id.clone()))
            .filter(rows::Column::State.eq(MobileState::Opened.as_str()))
            .filter(rows::Column::ExpiresAt.gt(now))
            .exec(&self.db)
            .await
            .map_err(phone_db_err)?;
        if claimed.rows_affected != 1 {
            // Another request of the same phone got there first (or the time ran out).
            return Err(PhoneError::Gone);
        }
        let (state, refusal, outcome) = match self.act(purpose, &row, &cms, now).await {
            Ok(outcome) => (MobileState::Signed, None, Some(outcome)),
            Err(AppError::Invalid(code)) => (MobileState::Refused, Some(code), None),
            Err(AppError::Unavailable) => {
                self.set_state(&row.id, MobileState::Checking, MobileState::Opened)
                    .await?;
                return Err(PhoneError::Unavailable);
            }
            // The contract is no longer the signer's to sign (withdrawn, another
            // kindergarten's, a role taken away).
            Err(_) => (
                MobileState::Refused,
                Some(MobileSignError::NotYours.code().to_string()),
                None,
            ),
        };
        let decided = rows::Entity::update_many()
            .col_expr(rows::Column::State, Expr::value(state.as_str()))
            .col_expr(rows::Column::Refusal, Expr::value(refusal.clone()))
            .col_expr(rows::Column::Outcome, Expr::value(outcome))
            .col_expr(rows::Column::SignedAt, Expr::value(now))
            .filter(rows::Column::Id.eq(row.id.clone()))
            .filter(rows::Column::State.eq(MobileState::Checking.as_str()))
            .exec(&self.db)
            .await
            .map_err(phone_db_err)?;
        if decided.rows_affected != 1 {
            return Err(PhoneError::Gone);
        }
        tracing::info!(session = %row.id, purpose = purpose.as_str(), state = state.as_str(), refusal = ?refusal, "eGov Mobile signature received");
        match refusal {
            None => Ok(()),
            Some(code) => Err(PhoneError::Refused(code)),
        }
    }

    /// `from` → `to` for session `id`, if it is still `from`.
    async fn set_state(
        &self,
        id: &str,
        from: MobileState,
        to: MobileState,
    ) -> Result<u64, PhoneError> {
        Ok(rows::Entity::update_many()
            .col_expr(rows::Column::State, Expr::value(to.as_str()))
            .filter(rows::Column::Id.eq(id.to_string()))
            .filter(rows::Column::State.eq(from.as_str()))
            .exec(&self.db)
            .await
            .map_err(phone_db_err)?
            .rows_affected)
    }

    /// What the key-file path does with a signature for `purpose` — the same checks (chain,
    /// validity, revocation, key usage, party) and, for a contract, the same use case —
    /// and its outcome as JSON.
    async fn act(
        &self,
        purpose: MobilePurpose,
        row: &rows::Model,
        cms: &[u8],
        now: i64,
    ) -> Result<String, AppError> {
        let expected = row
            .expected_iin
            .as_deref()
            .map(CertifiedIin::new)
            .transpose()
            .map_err(|_| AppError::Unavailable)?;
        let cx = crate::contracts::Context {
            db: &self.db,
            clock: &self.clock,
            trust: &self.trust,
        };
        match purpose {
            MobilePurpose::Login | MobilePurpose::WizardCheck => {
                let personal = purpose == MobilePurpose::WizardCheck;
                let signer =
                    crate::auth::identify(&self.trust, cms, &row.document, personal, now).await?;
                if let Some(expected) = expected
                    && signer.iin != expected
                {
                    return Err(invalid(AuthError::NotCabinetOwner));
                }
                json(&signer)
            }
            MobilePurpose::ParentContract { contract_id } => {
                let parent = expected.ok_or(AppError::Unavailable)?;
                let receipt = crate::contracts::submit::submit(
                    cx,
                    &parent,
                    contract_id,
                    &idempotency_key(&row.id),
                    cms,
                )
                .await?;
                json(&receipt)
            }
            MobilePurpose::StaffContract { contract_id } => {
                let staff = expected.ok_or(AppError::Unavailable)?;
                let scope: StaffScope = row
                    .scope
                    .as_deref()
                    .and_then(|s| serde_json::from_str(s).ok())
                    .ok_or(AppError::Unavailable)?;
                let kindergartens = self.still_staff(&staff, scope).await?;
                let c = crate::contracts::sign::sign(cx, &staff, &kindergartens, contract_id, cms)
                    .await?;
                let summary = crate::db::contracts::ContractRepo {
                    db: self.db.clone(),
                    clock: self.clock.clone(),
                    trust: self.trust.clone(),
                }
                .summary(&c)
                .await?;
                json(&summary)
            }
        }
    }
}

/// The kindergartens a staff member could sign for when the session was made: every one, and
/// those they head (a head's right comes from the head's organisation key they signed in with,
/// not from a role row).
#[derive(serde::Serialize, serde::Deserialize)]
struct StaffScope {
    all: Vec<i32>,
    head: Vec<i32>,
}

impl MobileSignService {
    /// The kindergartens of `scope` the staff member may still sign for now: those they head,
    /// and those whose staff role is still granted (a role withdrawn since the session was
    /// made no longer counts).
    async fn still_staff(
        &self,
        staff: &CertifiedIin,
        scope: StaffScope,
    ) -> Result<Vec<i32>, AppError> {
        let roles = crate::db::roles::roles_of(&self.db, staff.as_str())
            .await
            .map_err(db_err)?;
        let granted: Vec<i32> = roles
            .iter()
            .filter_map(|r| match r {
                app::auth_model::Role::Staff { kindergarten_id } => Some(*kindergarten_id),
                _ => None,
            })
            .collect();
        Ok(scope
            .all
            .into_iter()
            .filter(|k| scope.head.contains(k) || granted.contains(k))
            .collect())
    }
}

/// The idempotency key of the submission a session makes (a retried `PUT` finds it).
fn idempotency_key(session: &str) -> String {
    format!("egov-{session}")
}

/// An outcome as stored.
fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Unavailable)
}

/// A session id is 32 lowercase hex characters (anything else is not looked up).
pub fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[async_trait::async_trait]
impl app::ports::MobileSign for MobileSignService {
    async fn start(
        &self,
        binding: &str,
        purpose: MobilePurpose,
        caller: Option<&CurrentUser>,
        origin_hint: Option<&str>,
    ) -> Result<MobileSession, AppError> {
        let now = (self.clock)();
        let client = crate::client_origin::current_origin();
        let recent = rows::Entity::find()
            .filter(rows::Column::Client.eq(client.clone()))
            .filter(rows::Column::CreatedAt.gt(now - crate::auth::CHALLENGE_LIMIT_WINDOW_SECS))
            .count(&self.db)
            .await
            .map_err(db_err)?;
        if recent >= self.per_client_limit {
            tracing::warn!(%client, recent, "eGov Mobile sessions limited");
            return Err(invalid(MobileSignError::TooMany));
        }
        let id = random_token()[..32].to_string();
        let api1 = self.api1_url(origin_hint, &id)?;
        let caller_needed = || caller.ok_or(AppError::Unauthenticated);
        let (document, expected_iin, label, scope) = match purpose {
            MobilePurpose::Login | MobilePurpose::WizardCheck => {
                let (challenge, expected) = if purpose == MobilePurpose::Login {
                    (ChallengePurpose::Login, None)
                } else {
                    (
                        ChallengePurpose::WizardCheck,
                        Some(caller_needed()?.iin.to_string()),
                    )
                };
                let text = challenge_text(&id, &random_token(), challenge, now);
                (text.into_bytes(), expected, None, None)
            }
            MobilePurpose::ParentContract { contract_id } => {
                let parent = caller_needed()?;
                let c = crate::db::contract_rows::own_contract(
                    &self.db,
                    parent.iin.as_str(),
                    contract_id,
                )
                .await?;
                if c.status.0 != app::domain::ContractStatus::Draft {
                    return Err(AppError::Invalid(
                        app::domain::ContractError::AlreadySent.code().into(),
                    ));
                }
                (
                    c.canonical,
                    Some(parent.iin.to_string()),
                    Some(c.number),
                    None,
                )
            }
            MobilePurpose::StaffContract { contract_id } => {
                let staff = caller_needed()?;
                let ks = staff.staff_kindergartens();
                if ks.is_empty() {
                    return Err(AppError::Forbidden);
                }
                let c =
                    crate::db::contract_rows::kindergartens_contract(&self.db, &ks, contract_id)
                        .await?;
                if c.status.0 != app::domain::ContractStatus::SentForSigning {
                    return Err(AppError::Invalid(
                        app::domain::TransitionError::InvalidTransition
                            .code()
                            .into(),
                    ));
                }
                let scope = serde_json::to_string(&StaffScope {
                    all: ks,
                    head: staff.headed_kindergartens(),
                })
                .map_err(|_| AppError::Unavailable)?;
                (
                    c.canonical,
                    Some(staff.iin.to_string()),
                    Some(c.number),
                    Some(scope),
                )
            }
        };
        let expires_at = now + self.ttl_secs;
        rows::ActiveModel {
            id: Set(id.clone()),
            purpose: Set(purpose.as_str().into()),
            subject: Set(purpose.subject()),
            label: Set(label),
            scope: Set(scope),
            binding_sha256: Set(sha256_hex(binding)),
            // No usable token until API №1 hands one out.
            token_sha256: Set(sha256_hex(&random_token())),
            expected_iin: Set(expected_iin),
            document: Set(document),
            state: Set(MobileState::Waiting.as_str().into()),
            refusal: Set(None),
            outcome: Set(None),
            client: Set(Some(client)),
            created_at: Set(now),
            expires_at: Set(expires_at),
            opened_at: Set(None),
            signed_at: Set(None),
        }
        .insert(&self.db)
        .await
        .map_err(db_err)?;
        // Sessions of long ago are of no use to anyone: sweep them now and then.
        let _ = rows::Entity::delete_many()
            .filter(rows::Column::ExpiresAt.lt(now - 24 * 3600))
            .exec(&self.db)
            .await;
        Ok(MobileSession {
            qr_text: qr_text(&api1),
            app_link: app_link(purpose.app(), &api1),
            app: purpose.app(),
            id,
            expires_at,
            now,
        })
    }

    async fn progress(&self, binding: &str, id: &str) -> Result<MobileProgress, AppError> {
        let row = self
            .row(id)
            .await
            .map_err(db_err)?
            .filter(|r| r.binding_sha256 == sha256_hex(binding))
            .ok_or(AppError::NotFound)?;
        let now = (self.clock)();
        let state = MobileState::parse(&row.state).ok_or(AppError::Unavailable)?;
        Ok(MobileProgress {
            state,
            expired: state.open_for_phone() && now >= row.expires_at,
            refusal: row.refusal,
            seconds_left: (row.expires_at - now).max(0),
        })
    }

    async fn signed_identity(
        &self,
        binding: &str,
        id: &str,
        purpose: MobilePurpose,
    ) -> Result<CurrentUser, AppError> {
        if !purpose.identifies() {
            return Err(AppError::Invalid("request".into()));
        }
        let row = self.signed_row(binding, id, purpose, None).await?;
        outcome_of(&row)
    }

    async fn mark_used(&self, binding: &str, id: &str) -> Result<(), AppError> {
        let row = self
            .row(id)
            .await
            .map_err(db_err)?
            .filter(|r| r.binding_sha256 == sha256_hex(binding))
            .ok_or_else(|| invalid(MobileSignError::Unknown))?;
        self.use_once(&row).await
    }

    async fn cancel(&self, binding: &str, id: &str) -> Result<(), AppError> {
        let Some(row) = self
            .row(id)
            .await
            .map_err(db_err)?
            .filter(|r| r.binding_sha256 == sha256_hex(binding))
        else {
            return Ok(());
        };
        rows::Entity::update_many()
            .col_expr(
                rows::Column::State,
                Expr::value(MobileState::Refused.as_str()),
            )
            .col_expr(
                rows::Column::Refusal,
                Expr::value(MobileSignError::Cancelled.code()),
            )
            .filter(rows::Column::Id.eq(row.id))
            .filter(
                rows::Column::State
                    .is_in([MobileState::Waiting.as_str(), MobileState::Opened.as_str()]),
            )
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn finish_contract(
        &self,
        binding: &str,
        id: &str,
        contract_id: i32,
        caller: &CertifiedIin,
    ) -> Result<app::api::SubmitReceipt, AppError> {
        let purpose = MobilePurpose::ParentContract { contract_id };
        self.finish(binding, id, purpose, Some(caller)).await
    }

    async fn finish_staff(
        &self,
        binding: &str,
        id: &str,
        contract_id: i32,
        caller: &CertifiedIin,
    ) -> Result<app::api::ContractSummary, AppError> {
        let purpose = MobilePurpose::StaffContract { contract_id };
        self.finish(binding, id, purpose, Some(caller)).await
    }
}

impl MobileSignService {
    /// The browser's session `id` for `purpose`, signed and still within its time to be
    /// finished; `signer`: the session must expect this person (the contract purposes).
    async fn signed_row(
        &self,
        binding: &str,
        id: &str,
        purpose: MobilePurpose,
        signer: Option<&CertifiedIin>,
    ) -> Result<rows::Model, AppError> {
        let now = (self.clock)();
        let row = self
            .row(id)
            .await
            .map_err(db_err)?
            .filter(|r| {
                r.binding_sha256 == sha256_hex(binding)
                    && purpose_of(r) == Some(purpose)
                    && signer.is_none_or(|s| r.expected_iin.as_deref() == Some(s.as_str()))
            })
            .ok_or_else(|| invalid(MobileSignError::Unknown))?;
        match MobileState::parse(&row.state) {
            Some(MobileState::Signed) if now < row.expires_at + FINISH_GRACE_SECS => Ok(row),
            Some(MobileState::Signed) => Err(invalid(MobileSignError::Expired)),
            Some(MobileState::Refused) => Err(AppError::Invalid(
                row.refusal
                    .clone()
                    .unwrap_or_else(|| MobileSignError::Unknown.code().into()),
            )),
            // Finishing a contract or the wizard's check again (its answer was lost) gives the
            // same outcome; a log-in happens once.
            Some(MobileState::Used) if purpose != MobilePurpose::Login => Ok(row),
            Some(MobileState::Used) => Err(invalid(MobileSignError::Gone)),
            _ if now >= row.expires_at => Err(invalid(MobileSignError::Expired)),
            _ => Err(invalid(MobileSignError::NotSigned)),
        }
    }

    /// Signed → used, once (`Gone` when another request did it first — except for a
    /// contract or the wizard's check, whose finishing may be repeated).
    async fn use_once(&self, row: &rows::Model) -> Result<(), AppError> {
        let repeatable = purpose_of(row).is_some_and(|p| p != MobilePurpose::Login);
        if repeatable && row.state == MobileState::Used.as_str() {
            return Ok(());
        }
        let used = rows::Entity::update_many()
            .col_expr(rows::Column::State, Expr::value(MobileState::Used.as_str()))
            .filter(rows::Column::Id.eq(row.id.clone()))
            .filter(rows::Column::State.eq(MobileState::Signed.as_str()))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        if used.rows_affected == 1 {
            Ok(())
        } else {
            Err(invalid(MobileSignError::Gone))
        }
    }

    /// Marks the browser's signed session `id` for `purpose` used, once; its outcome.
    async fn finish<T: serde::de::DeserializeOwned>(
        &self,
        binding: &str,
        id: &str,
        purpose: MobilePurpose,
        signer: Option<&CertifiedIin>,
    ) -> Result<T, AppError> {
        let row = self.signed_row(binding, id, purpose, signer).await?;
        let outcome = outcome_of(&row)?;
        self.use_once(&row).await?;
        Ok(outcome)
    }
}

/// What a signed session's signature led to.
fn outcome_of<T: serde::de::DeserializeOwned>(row: &rows::Model) -> Result<T, AppError> {
    let outcome = row.outcome.as_deref().ok_or(AppError::Unavailable)?;
    serde_json::from_str(outcome).map_err(|e| {
        tracing::error!(error = %e, session = %row.id, "a signed session's outcome could not be read");
        AppError::Unavailable
    })
}
