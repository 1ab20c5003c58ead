//! Getting a one-time challenge and signing its text with an opened AUTH key, in the browser:
//! the first half of both the login and the wizard's EDS check.
use crate::auth_model::ChallengePurpose;
use crate::eds::key_file::KeyFile;
use crate::i18n::Text;

use super::api::eds_challenge;

/// The challenge's id and the base64 CMS over its text, made with `key` at `now`.
pub async fn sign_challenge(
    purpose: ChallengePurpose,
    key: &KeyFile,
    now: i64,
) -> Result<(String, String), Text> {
    use base64::Engine;
    let ch = eds_challenge(purpose).await.map_err(|e| e.text())?;
    let cms = crate::components::eds_code::sign_detached(ch.text.into_bytes(), key, now).await?;
    Ok((ch.id, base64::engine::general_purpose::STANDARD.encode(cms)))
}
