//! Checking a contract signature where it arrives: the CMS over the stored canonical bytes,
//! for the party who must sign, on the bounded verification pool; then its evidence
//! (timestamp, the signer's certificate status) for the years after.
use std::sync::Arc;

use app::domain::Localized;
use app::error::AppError;

/// A contract signature that passed every check, with its evidence.
pub(crate) struct Accepted {
    /// How the signer is shown.
    pub signer: String,
    /// The CMS as stored: DER, with the timestamp embedded when there is one.
    pub der: Vec<u8>,
    pub evidence: crate::pki::evidence::Collected,
}

/// Verifies a contract signature (`cms`, BER or DER) over the stored `canonical` bytes for
/// `party` at `now`, on the bounded verification pool (a full pool is `Unavailable`), then
/// gathers its evidence (timestamp, signer's status by OCSP or CRL; a responder that does
/// not answer leaves it pending). A refusal is the failed rule's code; a signer the OCSP
/// responder reports revoked is refused as revoked.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn verify_signature(
    trust: Arc<crate::pki::Trust>,
    cms: &[u8],
    canonical: &[u8],
    party: app::eds::party::Party,
    now: i64,
) -> Result<Accepted, AppError> {
    let verified = trust
        .verify_contract_pooled(cms, canonical, party, now)
        .await?;
    let signer = signer_text(&app::eds::cert_info::CertInfo::from_certificate(
        &verified.signer,
    ));
    let der = app::eds::ber::ber_to_der(cms).map_err(|_| AppError::Unavailable)?;
    let evidence = trust
        .evidence
        .collect(&trust.store(), &der, &verified, now, now)
        .await
        .map_err(|revoked| {
            tracing::info!(
                since = revoked.since,
                "signature refused: the OCSP responder or CRL says the certificate is revoked"
            );
            AppError::Invalid(app::eds::VerifyError::Revoked.code().into())
        })?;
    if let Some(why) = &evidence.pending {
        tracing::warn!(reason = %why, "signature accepted with its evidence pending");
    }
    Ok(Accepted {
        signer,
        der: evidence.cms.clone(),
        evidence,
    })
}

pub(crate) fn signer_text(info: &app::eds::cert_info::CertInfo) -> String {
    let name = info.common_name.clone().unwrap_or_default();
    let id = match (&info.bin, &info.iin) {
        (Some(b), _) => format!("BIN {b}"),
        (None, Some(i)) => format!("IIN {i}"),
        _ => String::new(),
    };
    format!("{name}, {id}, № {}", info.serial_hex)
}
