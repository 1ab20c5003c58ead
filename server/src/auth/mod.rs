//! Identification by EDS: one-time challenges, CMS verification with an AUTH key, accounts by
//! IIN, and sessions. Implements `app::ports::Auth`.
use app::domain::AuditAction;
use std::sync::Arc;

use app::auth_model::{
    AuthError, CHALLENGE_TTL_SECS, Challenge, ChallengePurpose, CurrentUser, challenge_text,
};
use app::domain::messages::Localized;
use app::eds::purpose::Purpose;
use app::error::AppError;
use app::ports::Auth;
use app::session::{SESSION_TTL_SECS, random_token};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::db::entities::{eds_challenges, people, sessions};
use crate::pki::Trust;

pub struct EdsAuth {
    pub db: DatabaseConnection,
    pub trust: Arc<Trust>,
    pub clock: Clock,
    /// Most challenges (log-in / EDS-check attempts) one client may request in
    /// [`CHALLENGE_LIMIT_WINDOW_SECS`]; counted in the database, so the limit holds across
    /// every app server.
    pub challenge_limit: u64,
}

/// The window of [`EdsAuth::challenge_limit`].
pub const CHALLENGE_LIMIT_WINDOW_SECS: i64 = 10 * 60;

pub(crate) fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn invalid(e: impl Localized) -> AppError {
    AppError::Invalid(e.code().to_string())
}

/// Verifies an identification: a CMS over `content` made with an AUTH key at `now`, by the
/// bounded pool; the person the certificate names. `personal_key_only`: the wizard's
/// identification step is the parent's, so an individual's key only (a company head's key
/// carries the same IIN but speaks for the company). Used by the key-file path and by
/// eGov Mobile alike.
pub(crate) async fn identify(
    trust: &Arc<Trust>,
    cms: &[u8],
    content: &[u8],
    personal_key_only: bool,
    now: i64,
) -> Result<CurrentUser, AppError> {
    let verified = trust
        .verify_pooled(cms, content, Purpose::Authentication, now)
        .await?;
    let info = app::eds::cert_info::CertInfo::from_certificate(&verified.signer);
    if personal_key_only && info.holder != app::eds::cert_info::HolderType::Individual {
        return Err(invalid(app::eds::party::PartyError::NotAnIndividualKey));
    }
    let iin = info
        .iin
        .ok_or_else(|| invalid(AuthError::NoIinInCertificate))?;
    Ok(CurrentUser {
        iin,
        last_name: info.surname.clone().unwrap_or_default(),
        first_name: info.first_name.clone().unwrap_or_default(),
        patronymic: info.patronymic.clone(),
        email: info.email.clone(),
        roles: Vec::new(),
        organisation: info
            .bin
            .clone()
            .map(|bin| app::auth_model::LoginOrganisation {
                bin,
                head: info.holder == app::eds::cert_info::HolderType::Head,
            }),
    })
}

fn db_err(e: sea_orm::DbErr) -> AppError {
    tracing::error!(error = %e, "database error in auth");
    AppError::Unavailable
}

#[async_trait::async_trait]
impl Auth for EdsAuth {
    async fn issue_challenge(
        &self,
        binding: &str,
        purpose: ChallengePurpose,
    ) -> Result<Challenge, AppError> {
        let now = (self.clock)();
        let client = crate::client_origin::current_origin();
        let recent = eds_challenges::Entity::find()
            .filter(eds_challenges::Column::Client.eq(client.clone()))
            .filter(eds_challenges::Column::CreatedAt.gt(now - CHALLENGE_LIMIT_WINDOW_SECS))
            .count(&self.db)
            .await
            .map_err(db_err)?;
        if recent >= self.challenge_limit {
            tracing::warn!(%client, recent, "log-in attempts limited");
            return Err(invalid(AuthError::TooManyAttempts));
        }
        let id = random_token()[..32].to_string();
        let nonce = random_token();
        eds_challenges::ActiveModel {
            id: Set(id.clone()),
            nonce: Set(nonce.clone()),
            binding_sha256: Set(sha256_hex(binding)),
            purpose: Set(purpose.as_str().into()),
            created_at: Set(now),
            expires_at: Set(now + CHALLENGE_TTL_SECS),
            used_at: Set(None),
            client: Set(Some(client)),
        }
        .insert(&self.db)
        .await
        .map_err(db_err)?;
        // Old challenges are of no use to anyone: sweep them now and then.
        let _ = eds_challenges::Entity::delete_many()
            .filter(eds_challenges::Column::ExpiresAt.lt(now - 3600))
            .exec(&self.db)
            .await;
        Ok(Challenge {
            text: challenge_text(&id, &nonce, purpose, now),
            id,
        })
    }

    async fn verify_challenge(
        &self,
        binding: &str,
        challenge_id: &str,
        purpose: ChallengePurpose,
        cms: &[u8],
    ) -> Result<CurrentUser, AppError> {
        let now = (self.clock)();
        let ch = eds_challenges::Entity::find_by_id(challenge_id.to_string())
            .one(&self.db)
            .await
            .map_err(db_err)?
            .filter(|c| c.binding_sha256 == sha256_hex(binding) && c.purpose == purpose.as_str())
            .ok_or_else(|| invalid(AuthError::ChallengeUnknown))?;
        // Consume it first, atomically: a challenge is good for one attempt only.
        let consumed = eds_challenges::Entity::update_many()
            .col_expr(eds_challenges::Column::UsedAt, Expr::value(now))
            .filter(eds_challenges::Column::Id.eq(ch.id.clone()))
            .filter(eds_challenges::Column::UsedAt.is_null())
            .filter(eds_challenges::Column::ExpiresAt.gt(now))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        if consumed.rows_affected != 1 {
            return Err(invalid(if ch.used_at.is_some() {
                AuthError::ChallengeUsed
            } else {
                AuthError::ChallengeExpired
            }));
        }
        let text = challenge_text(&ch.id, &ch.nonce, purpose, ch.created_at);
        identify(
            &self.trust,
            cms,
            text.as_bytes(),
            purpose == ChallengePurpose::WizardCheck,
            now,
        )
        .await
    }

    async fn open_session(&self, user: &CurrentUser) -> Result<String, AppError> {
        let now = (self.clock)();
        let person = match people::Entity::find()
            .filter(people::Column::Iin.eq(user.iin.as_str()))
            .one(&self.db)
            .await
            .map_err(db_err)?
        {
            Some(p) => {
                let mut a: people::ActiveModel = p.into();
                a.last_name = Set(user.last_name.clone());
                a.first_name = Set(user.first_name.clone());
                a.patronymic = Set(user.patronymic.clone());
                if user.email.is_some() {
                    a.email = Set(user.email.clone());
                }
                a.last_login_at = Set(Some(now));
                a.update(&self.db).await.map_err(db_err)?
            }
            None => people::ActiveModel {
                iin: Set(user.iin.to_string()),
                last_name: Set(user.last_name.clone()),
                first_name: Set(user.first_name.clone()),
                patronymic: Set(user.patronymic.clone()),
                email: Set(user.email.clone()),
                created_at: Set(now),
                last_login_at: Set(Some(now)),
                ..Default::default()
            }
            .insert(&self.db)
            .await
            .map_err(db_err)?,
        };
        let token = random_token();
        sessions::ActiveModel {
            token_sha256: Set(sha256_hex(&token)),
            person_id: Set(person.id),
            created_at: Set(now),
            expires_at: Set(now + SESSION_TTL_SECS),
            org_bin: Set(user.organisation.as_ref().map(|o| o.bin.clone())),
            org_head: Set(user.organisation.as_ref().is_some_and(|o| o.head)),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(db_err)?;
        tracing::info!(person_id = person.id, "signed in with EDS");
        crate::db::audit::log(
            &self.db,
            now,
            user.iin.as_str(),
            AuditAction::Login,
            format!("person:{}", user.iin),
            String::new(),
        )
        .await;
        Ok(token)
    }

    async fn session_user(&self, token: &str) -> Result<Option<CurrentUser>, AppError> {
        let now = (self.clock)();
        // The session and its person in one query (this runs on every request).
        let Some((s, Some(p))) = sessions::Entity::find()
            .filter(sessions::Column::TokenSha256.eq(sha256_hex(token)))
            .filter(sessions::Column::ExpiresAt.gt(now))
            .find_also_related(people::Entity)
            .one(&self.db)
            .await
            .map_err(db_err)?
        else {
            return Ok(None);
        };
        // Written from a verified certificate; anything else in the row is a damaged database.
        let iin = app::domain::CertifiedIin::new(&p.iin).map_err(|_| {
            db_err(sea_orm::DbErr::Type(format!(
                "people.iin of person {} is not 12 digits",
                p.id
            )))
        })?;
        let mut roles = crate::db::roles::roles_of(&self.db, &p.iin)
            .await
            .map_err(db_err)?;
        if s.org_head
            && let Some(bin) = &s.org_bin
        {
            for k in crate::db::roles::kindergartens_with_bin(&self.db, bin)
                .await
                .map_err(db_err)?
            {
                for r in app::auth_model::Role::head_of(k) {
                    if !roles.contains(&r) {
                        roles.push(r);
                    }
                }
            }
        }
        Ok(Some(CurrentUser {
            iin,
            last_name: p.last_name,
            first_name: p.first_name,
            patronymic: p.patronymic,
            email: p.email,
            roles,
            organisation: s.org_bin.map(|bin| app::auth_model::LoginOrganisation {
                bin,
                head: s.org_head,
            }),
        }))
    }

    async fn close_session(&self, token: &str) -> Result<(), AppError> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::TokenSha256.eq(sha256_hex(token)))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
