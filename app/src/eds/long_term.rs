//! A kept contract signature judged years later (issue 25): at the time its timestamp proves,
//! not at "now". A signature timestamped while its certificate was valid and not revoked
//! stays valid after the certificate expires or is revoked; a revocation before the
//! timestamp makes it invalid.
//!
//! [`judge_contract_signature`]:
//! 1. a `signatureTimeStampToken` in the CMS is checked ([`crate::eds::timestamp`]); a token
//!    that does not check (tampered, another signature, a TSA that does not chain) makes the
//!    signature not valid — it is never silently ignored. Its `genTime` is the time of the
//!    judgement; without a token, the time the service recorded (`recorded_at`) is used, and
//!    the answer says so;
//! 2. every rule of a contract signature ([`crate::eds::party::verify_contract_signature`]) at
//!    that time, with the kept evidence of the signer's status: the CRL kept with the
//!    signature is added to the store; with a kept OCSP answer, the store's CRLs of the
//!    signer's issuer are left out and the answer decides instead (signed by the issuer or its
//!    delegated responder, produced within [`OCSP_WINDOW`] of the judgement's time; `good`, or
//!    revoked only after that time).

use x509_cert::crl::CertificateList;

use super::ocsp::{self, CertState};
use super::party::Party;
use super::timestamp;
use super::trust::TrustStore;
use super::{VerifiedSignature, VerifyError};

/// How far from the judgement's time a kept OCSP answer may have been produced (seconds).
pub const OCSP_WINDOW: i64 = 7 * 86_400;

/// The time a signature was judged at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JudgedAt {
    /// The timestamp's `genTime` (proven by the TSA).
    Timestamp(i64),
    /// The time the service recorded when it accepted the signature (no timestamp).
    Recorded(i64),
}

impl JudgedAt {
    pub fn unix(self) -> i64 {
        match self {
            JudgedAt::Timestamp(t) | JudgedAt::Recorded(t) => t,
        }
    }
}

/// The evidence of the signer's status kept with a signature.
#[derive(Debug, Clone, Default)]
pub struct KeptStatus {
    /// The OCSP responder's answer (DER `OCSPResponse`).
    pub ocsp: Option<Vec<u8>>,
    /// The CRL that was current (DER).
    pub crl: Option<CertificateList>,
}

/// A signature judged valid, and when.
#[derive(Debug, Clone)]
pub struct Judged {
    pub signature: VerifiedSignature,
    pub at: JudgedAt,
    /// The TSA's policy and serial, when timestamped.
    pub timestamp: Option<timestamp::VerifiedTimestamp>,
}

/// Judges the DER CMS `cms_der` over `canonical` for `party` (see the module docs). The
/// error is the failed rule's code.
pub fn judge_contract_signature(
    cms_der: &[u8],
    canonical: &[u8],
    trust: &TrustStore,
    party: &Party,
    recorded_at: i64,
    kept: &KeptStatus,
) -> Result<Judged, &'static str> {
    use crate::domain::messages::Localized;
    let signature_value = timestamp::signature_value(cms_der).map_err(|e| e.code())?;
    let token = timestamp::embedded_token(cms_der).map_err(|e| e.code())?;
    let (at, stamp) = match token {
        Some(token) => {
            let v = timestamp::verify_token(&token, &signature_value, trust, None)
                .map_err(|e| e.code())?;
            (JudgedAt::Timestamp(v.gen_time_unix), Some(v))
        }
        None => (JudgedAt::Recorded(recorded_at), None),
    };
    let mut store = trust.clone();
    if let Some(crl) = &kept.crl {
        store.add_crl(crl.clone());
    }
    if kept.ocsp.is_some() {
        // The kept answer speaks for the signer; the issuer's CRLs of today do not (once the
        // certificate has expired they no longer list it).
        let (signer, _) = super::verify_signature_only(cms_der, canonical).map_err(|e| e.code())?;
        let issuer_name = signer.tbs_certificate.issuer.clone();
        store
            .crls
            .retain(|crl| crl.tbs_cert_list.issuer != issuer_name);
        store.crl_memo = Default::default();
        store.require_signer_revocation = false;
    }
    let signature =
        super::party::verify_contract_signature(cms_der, canonical, &store, party, at.unix())
            .map_err(|e| e.code())?;
    if let Some(answer) = &kept.ocsp {
        let issuer = signature
            .chain
            .get(1)
            .ok_or(VerifyError::RevocationUnavailable.code())?;
        let checked = ocsp::check_response(answer, &signature.signer, issuer, None, None)
            .map_err(|_| VerifyError::RevocationUnavailable.code())?;
        if (checked.produced_at - at.unix()).abs() > OCSP_WINDOW {
            return Err(VerifyError::RevocationUnavailable.code());
        }
        match checked.state {
            CertState::Good => {}
            CertState::Revoked { since } if since > at.unix() => {}
            CertState::Revoked { .. } => return Err(VerifyError::Revoked.code()),
            CertState::Unknown => return Err(VerifyError::RevocationUnavailable.code()),
        }
    }
    Ok(Judged {
        signature,
        at,
        timestamp: stamp,
    })
}
