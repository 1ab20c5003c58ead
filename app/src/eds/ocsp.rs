//! A certificate's status by OCSP (RFC 6960), as the national CA answers it at
//! `http://ocsp.pki.gov.kz`: the request the service sends (with a nonce), and the check of
//! the answer.
//!
//! An answer is accepted ([`check_response`]) when:
//! 1. its status is `successful` and it holds a `BasicOCSPResponse`;
//! 2. the responder is the certificate's issuer itself, or a certificate in the answer that
//!    the issuer signed with the extended key usage `OCSPSigning` (RFC 6960 §4.2.2.2),
//!    valid when the answer was produced; its key verifies the signature over the response
//!    data;
//! 3. the nonce, when one was sent, comes back unchanged;
//! 4. one of its single responses names this certificate (issuer name and key hashes,
//!    serial number) and, for a live answer, is current: `thisUpdate` not in the future,
//!    `nextUpdate` (when given) not passed.
//!
//! Pure: no clock, no network (the server sends the request, see `server::pki::evidence`).

use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha1::{Digest, Sha1};
use x509_cert::Certificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, Request,
    ResponderId, TbsRequest,
};

use super::asn1::{oids, time_to_unix};
use super::cms_verify::{tlv, tlvs};
use super::public_key::PublicKey;

/// `id-pkix-ocsp-basic`.
pub const ID_PKIX_OCSP_BASIC: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
/// `id-pkix-ocsp-nonce`.
pub const ID_PKIX_OCSP_NONCE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.2");
/// `id-kp-OCSPSigning`.
pub const EKU_OCSP_SIGNING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.9");
/// An answer longer than this is refused unread.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;
/// Clock difference tolerated between the responder and the service (seconds).
pub const SKEW: i64 = 5 * 60;

/// Why an OCSP answer is not usable (the service then falls back to the CRLs, or keeps the
/// submission's evidence pending). Never shown to users as is: logged and kept with the
/// evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OcspError {
    #[error("not a readable OCSP response")]
    Malformed,
    #[error("the responder did not answer successfully")]
    NotSuccessful,
    #[error("the responder is not authorised by the certificate's issuer")]
    UnauthorisedResponder,
    #[error("the response's signature does not verify")]
    BadSignature,
    #[error("the response's nonce is not the one sent")]
    NonceMismatch,
    #[error("the response says nothing about this certificate")]
    NotForThisCertificate,
    #[error("the response is not current")]
    NotCurrent,
}

/// What the responder said about the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertState {
    Good,
    /// Revoked since this unix time.
    Revoked {
        since: i64,
    },
    /// The responder does not know the certificate.
    Unknown,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspAnswer {
    pub state: CertState,
    pub produced_at: i64,
    pub this_update: i64,
    pub next_update: Option<i64>,
}

/// The `CertID` of `cert` issued by `issuer`, with SHA-1 (what the national CA's responder
/// and OpenSSL use).
pub fn cert_id(cert: &Certificate, issuer: &Certificate) -> Result<CertId, OcspError> {
    let name = issuer
        .tbs_certificate
        .subject
        .to_der()
        .map_err(|_| OcspError::Malformed)?;
    let key = issuer
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    Ok(CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: oids::SHA1,
            parameters: Some(der::Any::null()),
        },
        issuer_name_hash: OctetString::new(Sha1::digest(&name).to_vec())
            .map_err(|_| OcspError::Malformed)?,
        issuer_key_hash: OctetString::new(Sha1::digest(key).to_vec())
            .map_err(|_| OcspError::Malformed)?,
        serial_number: cert.tbs_certificate.serial_number.clone(),
    })
}

/// The DER `OCSPRequest` for `cert` (issued by `issuer`) with the `nonce` extension.
pub fn request(
    cert: &Certificate,
    issuer: &Certificate,
    nonce: &[u8],
) -> Result<Vec<u8>, OcspError> {
    let nonce_ext = Extension {
        extn_id: ID_PKIX_OCSP_NONCE,
        critical: false,
        extn_value: OctetString::new(
            OctetString::new(nonce)
                .and_then(|n| n.to_der())
                .map_err(|_| OcspError::Malformed)?,
        )
        .map_err(|_| OcspError::Malformed)?,
    };
    OcspRequest {
        tbs_request: TbsRequest {
            version: Default::default(),
            requestor_name: None,
            request_list: vec![Request {
                req_cert: cert_id(cert, issuer)?,
                single_request_extensions: None,
            }],
            request_extensions: Some(vec![nonce_ext]),
        },
        optional_signature: None,
    }
    .to_der()
    .map_err(|_| OcspError::Malformed)
}

/// The raw `tbsResponseData` of a DER `BasicOCSPResponse` (the bytes that were signed).
fn raw_tbs(basic_der: &[u8]) -> Option<&[u8]> {
    let (_, _, value) = tlv(basic_der)?;
    let fields = tlvs(value)?;
    Some(fields.first()?.1)
}

fn responder_is(id: &ResponderId, cert: &Certificate) -> bool {
    match id {
        ResponderId::ByName(name) => *name == cert.tbs_certificate.subject,
        ResponderId::ByKey(hash) => {
            hash.as_bytes()
                == Sha1::digest(
                    cert.tbs_certificate
                        .subject_public_key_info
                        .subject_public_key
                        .raw_bytes(),
                )
                .as_slice()
        }
    }
}

/// Is `responder` a delegated responder of `issuer` valid at `at`?
fn delegated_by(responder: &Certificate, issuer: &Certificate, at: i64) -> bool {
    let Some(issuer_key) = PublicKey::of_certificate(issuer) else {
        return false;
    };
    let signed = responder
        .tbs_certificate
        .to_der()
        .ok()
        .zip(responder.signature.as_bytes())
        .is_some_and(|(tbs, sig)| {
            issuer_key.verifies(&responder.signature_algorithm.oid, &tbs, sig)
        });
    let v = &responder.tbs_certificate.validity;
    let eku_ok = matches!(
        responder.tbs_certificate.get::<ExtendedKeyUsage>(),
        Ok(Some((_, eku))) if eku.0.contains(&EKU_OCSP_SIGNING)
    );
    responder.tbs_certificate.issuer == issuer.tbs_certificate.subject
        && signed
        && eku_ok
        && time_to_unix(&v.not_before) <= at
        && at <= time_to_unix(&v.not_after)
}

/// Checks the answer `response_der` about `cert` (issued by `issuer`). `nonce`: the one sent
/// (`None` for an answer kept as evidence and read back later); `now`: the service's time
/// for a live answer (`None`: no freshness check, the answer speaks for its `producedAt`).
pub fn check_response(
    response_der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    nonce: Option<&[u8]>,
    now: Option<i64>,
) -> Result<OcspAnswer, OcspError> {
    use OcspError as E;
    if response_der.len() > MAX_RESPONSE_BYTES {
        return Err(E::Malformed);
    }
    let resp = OcspResponse::from_der(response_der).map_err(|_| E::Malformed)?;
    if resp.response_status != OcspResponseStatus::Successful {
        return Err(E::NotSuccessful);
    }
    let bytes = resp.response_bytes.ok_or(E::Malformed)?;
    if bytes.response_type != ID_PKIX_OCSP_BASIC {
        return Err(E::Malformed);
    }
    let basic_der = bytes.response.as_bytes();
    let basic = BasicOcspResponse::from_der(basic_der).map_err(|_| E::Malformed)?;
    let data = &basic.tbs_response_data;
    let produced_at = time_to_unix(&x509_cert::time::Time::GeneralTime(data.produced_at.0));

    // 2. Who answered, and their signature.
    let responder = if responder_is(&data.responder_id, issuer) {
        issuer.clone()
    } else {
        basic
            .certs
            .as_deref()
            .unwrap_or_default()
            .iter()
            .take(4)
            .find(|c| responder_is(&data.responder_id, c) && delegated_by(c, issuer, produced_at))
            .cloned()
            .ok_or(E::UnauthorisedResponder)?
    };
    let key = PublicKey::of_certificate(&responder).ok_or(E::UnauthorisedResponder)?;
    let tbs = raw_tbs(basic_der).ok_or(E::Malformed)?;
    let sig = basic.signature.as_bytes().ok_or(E::Malformed)?;
    if !key.verifies(&basic.signature_algorithm.oid, tbs, sig) {
        return Err(E::BadSignature);
    }

    // 3. The nonce.
    if let Some(sent) = nonce
        && basic.nonce().map(|n| n.0.as_bytes().to_vec()).as_deref() != Some(sent)
    {
        return Err(E::NonceMismatch);
    }

    // 4. This certificate's single response.
    let wanted = cert_id(cert, issuer)?;
    let single = data
        .responses
        .iter()
        .find(|r| {
            r.cert_id.hash_algorithm.oid == oids::SHA1
                && r.cert_id.issuer_name_hash == wanted.issuer_name_hash
                && r.cert_id.issuer_key_hash == wanted.issuer_key_hash
                && r.cert_id.serial_number == wanted.serial_number
        })
        .ok_or(E::NotForThisCertificate)?;
    let this_update = time_to_unix(&x509_cert::time::Time::GeneralTime(single.this_update.0));
    let next_update = single
        .next_update
        .map(|t| time_to_unix(&x509_cert::time::Time::GeneralTime(t.0)));
    if let Some(now) = now
        && (this_update > now.saturating_add(SKEW)
            || next_update.is_some_and(|next| now > next.saturating_add(SKEW)))
    {
        return Err(E::NotCurrent);
    }
    let state = match single.cert_status {
        CertStatus::Good(_) => CertState::Good,
        CertStatus::Revoked(info) => CertState::Revoked {
            since: time_to_unix(&x509_cert::time::Time::GeneralTime(info.revocation_time.0)),
        },
        CertStatus::Unknown(_) => CertState::Unknown,
    };
    Ok(OcspAnswer {
        state,
        produced_at,
        this_update,
        next_update,
    })
}
