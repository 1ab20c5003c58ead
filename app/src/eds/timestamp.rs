//! RFC 3161 timestamps over a CMS signature (CAdES-T): the request the service sends to a
//! time-stamping authority (the national CA's `http://tsp.pki.gov.kz`), the check of the token
//! it answers, and the token kept inside the signature as the `signatureTimeStampToken`
//! unsigned attribute (RFC 5126 §5.11.3), so the signature carries the proof of *when* it
//! existed wherever it goes.
//!
//! A token is accepted ([`verify_token`]) when:
//! 1. it is a CMS SignedData with one signer whose content is a `TSTInfo`;
//! 2. the TSTInfo's message imprint is the digest (SHA-256 or Streebog-512) of the signature
//!    value it is meant for, and its nonce, when one was sent, is the one sent;
//! 3. its signed attributes hold contentType = TSTInfo and messageDigest = the digest of the
//!    TSTInfo, the TSA's certificate (in the token, matching `signingCertificate` v1 or v2 when
//!    present) verifies the signature;
//! 4. the TSA's certificate has the extended key usage `timeStamping`, critical and alone
//!    (RFC 3161 §2.3), and a path leads from it to a trust anchor (the bounded search of
//!    [`crate::eds::path`]), every certificate valid at the token's time and not revoked then
//!    by the CRLs the store holds.
//!
//! Pure: no clock, no network (the server sends the request, see `server::pki::evidence`).

use der::asn1::{Any, Int, ObjectIdentifier, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;

use super::asn1::{SigningCertificateV2, oids, time_to_unix};
use super::cms_verify::{identifies, raw_signed_attrs, single_attr};
use super::path::{MAX_CMS_CERTIFICATES, PathSearch};
use super::public_key::{DigestAlgorithm, PublicKey};
use super::revocation;
use super::trust::TrustStore;

/// `id-ct-TSTInfo`.
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// `id-aa-signatureTimeStampToken` (the unsigned attribute of CAdES-T).
pub const ID_AA_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// `id-aa-signingCertificate` (ESS v1, SHA-1 hash), as OpenSSL's TSA writes it by default.
pub const ID_AA_SIGNING_CERTIFICATE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// `id-kp-timeStamping`.
pub const EKU_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
/// A token longer than this is refused unread (a real one is a few kilobytes).
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

crate::domain::messages::localized_error! {
    /// Why a timestamp is not accepted.
    pub enum TimestampError {
        /// Not a readable time-stamp response or token.
        Malformed {
            code: "eds.timestamp.malformed",
            en: "the timestamp is damaged or unreadable",
            kk: "Уақыт белгісі бүлінген немесе оқылмайды.",
            ru: "Метка времени повреждена или не читается.",
        },
        /// The TSA answered, but did not grant a timestamp.
        NotGranted {
            code: "eds.timestamp.not_granted",
            en: "the time-stamping service refused the request",
            kk: "Уақыт белгісі қызметі сұрауды қабылдамады.",
            ru: "Служба меток времени отклонила запрос.",
        },
        /// The token is for another signature (imprint), or another request (nonce).
        WrongSignature {
            code: "eds.timestamp.wrong_signature",
            en: "the timestamp is not for this signature",
            kk: "Уақыт белгісі осы қолтаңбаға берілмеген.",
            ru: "Метка времени выдана не для этой подписи.",
        },
        /// The token's own signature does not verify, or its attributes do not fit.
        BadSignature {
            code: "eds.timestamp.bad_signature",
            en: "the timestamp's signature is not valid",
            kk: "Уақыт белгісінің қолтаңбасы жарамсыз.",
            ru: "Подпись метки времени недействительна.",
        },
        /// Algorithms the verifier does not support.
        UnsupportedAlgorithm {
            code: "eds.timestamp.unsupported_algorithm",
            en: "the timestamp uses an unsupported algorithm",
            kk: "Уақыт белгісінде қолдау көрсетілмейтін алгоритм қолданылған.",
            ru: "В метке времени использован неподдерживаемый алгоритм.",
        },
        /// The TSA's certificate is not a time-stamping certificate.
        NotATsaCertificate {
            code: "eds.timestamp.not_a_tsa",
            en: "the timestamp was not made by a time-stamping authority",
            kk: "Уақыт белгісін уақыт белгісі қызметі бермеген.",
            ru: "Метку времени выдала не служба меток времени.",
        },
        /// No path from the TSA's certificate to a trust anchor.
        UntrustedTsa {
            code: "eds.timestamp.untrusted",
            en: "the time-stamping authority is not trusted",
            kk: "Уақыт белгісі қызметінің сертификаты сенімді куәландырушы орталыққа жетпейді.",
            ru: "Сертификат службы меток времени не ведёт к доверенному удостоверяющему центру.",
        },
        /// A certificate of the TSA's path was not valid (or revoked) at the token's time.
        TsaCertificateInvalid {
            code: "eds.timestamp.tsa_certificate_invalid",
            en: "the time-stamping authority's certificate was not valid at the timestamp's time",
            kk: "Уақыт белгісі берілген сәтте қызметтің сертификаты жарамсыз болған.",
            ru: "На момент метки времени сертификат службы был недействителен.",
        },
    }
}

/// A timestamp that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedTimestamp {
    /// `genTime`: when the TSA saw the signature.
    pub gen_time_unix: i64,
    /// The TSA's certificate.
    pub tsa: Certificate,
    /// The TSA's path: its certificate first, the trust anchor last.
    pub chain: Vec<Certificate>,
    /// The TSA's policy OID.
    pub policy: String,
    /// The token's serial number (hex).
    pub serial_hex: String,
}

/// A nonce as an ASN.1 INTEGER: positive, minimal (the first byte is forced into 0x01..=0x7f).
fn nonce_int(nonce: [u8; 8]) -> Int {
    let mut n = nonce;
    n[0] = (n[0] & 0x7f) | 0x01;
    Int::new(&n).expect("a positive 8-byte integer is canonical")
}

/// The DER `TimeStampReq` for `signature_value` (the SignerInfo's signature bytes): a
/// SHA-256 imprint (whatever the signer's algorithm: every TSA, the national CA's and
/// OpenSSL's, accepts it; a token with a Streebog-512 imprint is accepted when read), the
/// `policy` if the TSA wants one, `nonce` (random, from the caller) and `certReq` (the TSA's
/// certificate comes with the token).
pub fn request(
    signature_value: &[u8],
    policy: Option<ObjectIdentifier>,
    nonce: [u8; 8],
) -> Vec<u8> {
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: oids::SHA256,
                parameters: Some(Any::null()),
            },
            hashed_message: OctetString::new(DigestAlgorithm::Sha256.digest(signature_value))
                .expect("a digest fits an OCTET STRING"),
        },
        req_policy: policy,
        nonce: Some(nonce_int(nonce)),
        cert_req: true,
        extensions: None,
    };
    req.to_der().expect("a TimeStampReq encodes")
}

/// The nonce [`request`] puts in the request for `nonce` (to compare with the token's).
pub fn nonce_bytes(nonce: [u8; 8]) -> Vec<u8> {
    nonce_int(nonce).as_bytes().to_vec()
}

/// The token (DER `ContentInfo`) from a TSA's `TimeStampResp`; the status must be granted
/// (0) or granted with modifications (1).
pub fn token_of_response(response_der: &[u8]) -> Result<Vec<u8>, TimestampError> {
    if response_der.len() > MAX_TOKEN_BYTES {
        return Err(TimestampError::Malformed);
    }
    let resp = TimeStampResp::from_der(response_der).map_err(|_| TimestampError::Malformed)?;
    use cmpv2::status::PkiStatus;
    if !matches!(
        resp.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        return Err(TimestampError::NotGranted);
    }
    resp.time_stamp_token
        .ok_or(TimestampError::NotGranted)?
        .to_der()
        .map_err(|_| TimestampError::Malformed)
}

/// `SigningCertificate` (ESS v1, RFC 2634): SHA-1 hashes of the signer's certificate.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV1 {
    certs: Vec<EssCertIdV1>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV1 {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// Checks the token `token_der` (a `TimeStampToken`) over `signature_value` against `trust`;
/// `nonce` is the one sent (see [`nonce_bytes`]), `None` for a token read back later.
pub fn verify_token(
    token_der: &[u8],
    signature_value: &[u8],
    trust: &TrustStore,
    nonce: Option<&[u8]>,
) -> Result<VerifiedTimestamp, TimestampError> {
    use TimestampError as E;
    if token_der.len() > MAX_TOKEN_BYTES {
        return Err(E::Malformed);
    }
    let content_info = ContentInfo::from_der(token_der).map_err(|_| E::Malformed)?;
    if content_info.content_type != oids::ID_SIGNED_DATA {
        return Err(E::Malformed);
    }
    let sd: SignedData = content_info.content.decode_as().map_err(|_| E::Malformed)?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(E::Malformed);
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or(E::Malformed)?;
    let tst_der: OctetString = econtent.decode_as().map_err(|_| E::Malformed)?;
    let tst = TstInfo::from_der(tst_der.as_bytes()).map_err(|_| E::Malformed)?;

    // 2. For this signature (and this request).
    let imprint_alg = DigestAlgorithm::of_oid(&tst.message_imprint.hash_algorithm.oid)
        .ok_or(E::UnsupportedAlgorithm)?;
    if tst.message_imprint.hashed_message.as_bytes() != imprint_alg.digest(signature_value) {
        return Err(E::WrongSignature);
    }
    if let Some(sent) = nonce
        && tst.nonce.as_ref().map(|n| n.as_bytes()) != Some(sent)
    {
        return Err(E::WrongSignature);
    }

    // 3. The TSA's signature.
    let signer_info = match sd.signer_infos.0.as_slice() {
        [one] => one,
        _ => return Err(E::Malformed),
    };
    let certs: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if certs.len() > MAX_CMS_CERTIFICATES {
        return Err(E::Malformed);
    }
    let tsa = certs
        .iter()
        .find(|c| identifies(&signer_info.sid, c))
        .cloned()
        .ok_or(E::UntrustedTsa)?;
    let digest_alg =
        DigestAlgorithm::of_oid(&signer_info.digest_alg.oid).ok_or(E::UnsupportedAlgorithm)?;
    let key = PublicKey::of_certificate(&tsa).ok_or(E::UnsupportedAlgorithm)?;
    if !key.fits_signer_algorithms(digest_alg, &signer_info.signature_algorithm.oid) {
        return Err(E::UnsupportedAlgorithm);
    }
    let attrs = signer_info.signed_attrs.as_ref().ok_or(E::BadSignature)?;
    let attr = |oid| single_attr(attrs, oid).map_err(|_| E::BadSignature);
    let content_type: ObjectIdentifier = attr(oids::CONTENT_TYPE)?
        .ok_or(E::BadSignature)?
        .decode_as()
        .map_err(|_| E::BadSignature)?;
    if content_type != ID_CT_TST_INFO {
        return Err(E::BadSignature);
    }
    let message_digest: OctetString = attr(oids::MESSAGE_DIGEST)?
        .ok_or(E::BadSignature)?
        .decode_as()
        .map_err(|_| E::BadSignature)?;
    if message_digest.as_bytes() != digest_alg.digest(tst_der.as_bytes()) {
        return Err(E::BadSignature);
    }
    let signed_attrs_der = raw_signed_attrs(content_info.content.value()).ok_or(E::Malformed)?;
    if !key.verifies(
        &signer_info.signature_algorithm.oid,
        &signed_attrs_der,
        signer_info.signature.as_bytes(),
    ) {
        return Err(E::BadSignature);
    }
    let tsa_der = tsa.to_der().map_err(|_| E::Malformed)?;
    if let Some(v2) = attr(oids::SIGNING_CERTIFICATE_V2)? {
        let v2: SigningCertificateV2 = v2.decode_as().map_err(|_| E::BadSignature)?;
        let first = v2.certs.first().ok_or(E::BadSignature)?;
        if first
            .hash_algorithm
            .as_ref()
            .is_some_and(|a| a.oid != oids::SHA256)
        {
            return Err(E::UnsupportedAlgorithm);
        }
        if first.cert_hash.as_bytes() != Sha256::digest(&tsa_der).as_slice() {
            return Err(E::BadSignature);
        }
    } else if let Some(v1) = attr(ID_AA_SIGNING_CERTIFICATE)? {
        let v1: SigningCertificateV1 = v1.decode_as().map_err(|_| E::BadSignature)?;
        let first = v1.certs.first().ok_or(E::BadSignature)?;
        if first.cert_hash.as_bytes() != Sha1::digest(&tsa_der).as_slice() {
            return Err(E::BadSignature);
        }
    }

    // 4. A time-stamping authority the store trusts, valid at genTime.
    let gen_time_unix = time_to_unix(&x509_cert::time::Time::GeneralTime(tst.gen_time));
    if !is_tsa_certificate(&tsa) {
        return Err(E::NotATsaCertificate);
    }
    let (chain, _) = PathSearch::new(&tsa, &certs, &trust.anchors, &trust.test_anchors)
        .find()
        .ok_or(E::UntrustedTsa)?;
    if chain[..chain.len() - 1]
        .iter()
        .any(super::cms_verify::has_unknown_critical_extension)
    {
        return Err(E::UntrustedTsa);
    }
    for cert in &chain {
        let v = &cert.tbs_certificate.validity;
        if gen_time_unix < time_to_unix(&v.not_before) || gen_time_unix > time_to_unix(&v.not_after)
        {
            return Err(E::TsaCertificateInvalid);
        }
    }
    for pair in chain.windows(2) {
        if revocation::status(
            &pair[0],
            &pair[1],
            &trust.crls,
            &[],
            gen_time_unix,
            trust.crl_grace_secs,
            &trust.crl_memo,
        ) == revocation::Status::Revoked
        {
            return Err(E::TsaCertificateInvalid);
        }
    }
    Ok(VerifiedTimestamp {
        gen_time_unix,
        tsa,
        chain,
        policy: tst.policy.to_string(),
        serial_hex: hex_of(tst.serial_number.as_bytes()),
    })
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 3161 §2.3: the extended key usage is present, critical and only `timeStamping`.
fn is_tsa_certificate(cert: &Certificate) -> bool {
    let Some(ext) = cert
        .tbs_certificate
        .extensions
        .as_ref()
        .and_then(|e| e.iter().find(|e| e.extn_id == oids_eku()))
    else {
        return false;
    };
    ext.critical
        && ExtendedKeyUsage::from_der(ext.extn_value.as_bytes())
            .is_ok_and(|eku| eku.0 == [EKU_TIME_STAMPING])
}

fn oids_eku() -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap("2.5.29.37")
}

/// The one SignerInfo of a DER CMS SignedData (with the SignedData it sits in).
fn signed_data_of(cms_der: &[u8]) -> Result<SignedData, TimestampError> {
    let ci = ContentInfo::from_der(cms_der).map_err(|_| TimestampError::Malformed)?;
    if ci.content_type != oids::ID_SIGNED_DATA {
        return Err(TimestampError::Malformed);
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|_| TimestampError::Malformed)?;
    if sd.signer_infos.0.len() != 1 {
        return Err(TimestampError::Malformed);
    }
    Ok(sd)
}

/// The signature value of the single signer of the DER CMS `cms_der`: what a timestamp covers.
pub fn signature_value(cms_der: &[u8]) -> Result<Vec<u8>, TimestampError> {
    let sd = signed_data_of(cms_der)?;
    Ok(sd.signer_infos.0.as_slice()[0]
        .signature
        .as_bytes()
        .to_vec())
}

/// The digest algorithm of the single signer (the imprint algorithm of its timestamp).
pub fn signer_digest(cms_der: &[u8]) -> Result<DigestAlgorithm, TimestampError> {
    let sd = signed_data_of(cms_der)?;
    DigestAlgorithm::of_oid(&sd.signer_infos.0.as_slice()[0].digest_alg.oid)
        .ok_or(TimestampError::UnsupportedAlgorithm)
}

/// The `signatureTimeStampToken` the signer of `cms_der` carries, if any (DER).
pub fn embedded_token(cms_der: &[u8]) -> Result<Option<Vec<u8>>, TimestampError> {
    let sd = signed_data_of(cms_der)?;
    let Some(unsigned) = sd.signer_infos.0.as_slice()[0].unsigned_attrs.as_ref() else {
        return Ok(None);
    };
    match single_attr(unsigned, ID_AA_SIGNATURE_TIME_STAMP_TOKEN)
        .map_err(|_| TimestampError::Malformed)?
    {
        Some(token) => Ok(Some(token.to_der().map_err(|_| TimestampError::Malformed)?)),
        None => Ok(None),
    }
}

/// `cms_der` with `token_der` as the signer's `signatureTimeStampToken` (replacing one it
/// had). Nothing signed changes: the result's signed attributes and signature are the same
/// bytes (checked), so the signature verifies exactly as before.
pub fn embed(cms_der: &[u8], token_der: &[u8]) -> Result<Vec<u8>, TimestampError> {
    use TimestampError as E;
    let ci = ContentInfo::from_der(cms_der).map_err(|_| E::Malformed)?;
    let mut sd = signed_data_of(cms_der)?;
    let mut info = sd.signer_infos.0.as_slice()[0].clone();
    let token = Any::from_der(token_der).map_err(|_| E::Malformed)?;
    let mut unsigned: Vec<Attribute> = info
        .unsigned_attrs
        .take()
        .map(|set| set.into_vec())
        .unwrap_or_default();
    unsigned.retain(|a| a.oid != ID_AA_SIGNATURE_TIME_STAMP_TOKEN);
    unsigned.push(Attribute {
        oid: ID_AA_SIGNATURE_TIME_STAMP_TOKEN,
        values: SetOfVec::try_from(vec![token]).map_err(|_| E::Malformed)?,
    });
    info.unsigned_attrs = Some(SetOfVec::try_from(unsigned).map_err(|_| E::Malformed)?);
    sd.signer_infos =
        cms::signed_data::SignerInfos(SetOfVec::try_from(vec![info]).map_err(|_| E::Malformed)?);
    let content = Any::encode_from(&sd).map_err(|_| E::Malformed)?;
    let out = ContentInfo {
        content_type: ci.content_type,
        content,
    }
    .to_der()
    .map_err(|_| E::Malformed)?;
    // Nothing signed may have moved.
    let before = raw_signed_attrs(ci.content.value());
    let after = ContentInfo::from_der(&out)
        .ok()
        .and_then(|c| raw_signed_attrs(c.content.value()));
    if before.is_none() || before != after || signature_value(&out)? != signature_value(cms_der)? {
        return Err(E::Malformed);
    }
    Ok(out)
}

/// The `genTime` of a token without checking it (for display of a token already verified).
pub fn gen_time_unchecked(token_der: &[u8]) -> Option<i64> {
    let ci = ContentInfo::from_der(token_der).ok()?;
    let sd: SignedData = ci.content.decode_as().ok()?;
    let tst: OctetString = sd.encap_content_info.econtent?.decode_as().ok()?;
    let tst = TstInfo::from_der(tst.as_bytes()).ok()?;
    Some(time_to_unix(&x509_cert::time::Time::GeneralTime(
        tst.gen_time,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::cms_sign::sign_detached;
    use crate::eds::cms_verify::verify_detached;
    use crate::eds::purpose::Purpose;
    use crate::eds::test_support::*;

    fn signed() -> Vec<u8> {
        let pki = pki();
        sign_detached(
            CONTRACT,
            &pki.sign_key,
            &pki.sign_cert,
            &pki.chain(),
            SIGNED_AT,
        )
        .unwrap()
    }

    #[test]
    fn the_texts_exist_in_kazakh_and_russian() {
        assert_messages(TimestampError::ALL);
    }

    #[test]
    fn a_token_embedded_changes_nothing_signed_and_a_second_one_replaces_it() {
        let cms = signed();
        assert_eq!(embedded_token(&cms), Ok(None));
        // Any ContentInfo stands for a token here (the checks of real tokens, made by
        // OpenSSL's TSA, are in the server's `evidence` tests).
        let token = signed();
        let with = embed(&cms, &token).unwrap();
        assert_eq!(embedded_token(&with).unwrap(), Some(token));
        assert_eq!(signature_value(&with), signature_value(&cms));
        verify_detached(&with, CONTRACT, &pki().trust(), Purpose::Signing, NOW).unwrap();
        let other = embed(&with, &cms).unwrap();
        assert_eq!(embedded_token(&other).unwrap(), Some(cms.clone()));
        verify_detached(&other, CONTRACT, &pki().trust(), Purpose::Signing, NOW).unwrap();
    }

    #[test]
    fn the_request_carries_the_imprint_of_the_signature_the_policy_and_the_nonce() {
        let req = request(
            b"signature",
            Some(ObjectIdentifier::new_unwrap("1.2.398.3.3.2.6.1")),
            [0xff; 8],
        );
        let req = TimeStampReq::from_der(&req).unwrap();
        assert_eq!(
            req.message_imprint.hashed_message.as_bytes(),
            Sha256::digest(b"signature").as_slice()
        );
        assert_eq!(req.req_policy.unwrap().to_string(), "1.2.398.3.3.2.6.1");
        assert!(req.cert_req);
        assert_eq!(req.nonce.unwrap().as_bytes(), nonce_bytes([0xff; 8]));
    }

    #[test]
    fn garbage_is_not_a_token() {
        assert_eq!(
            verify_token(b"junk", b"sig", &pki().trust(), None),
            Err(TimestampError::Malformed)
        );
        assert_eq!(token_of_response(b"junk"), Err(TimestampError::Malformed));
    }
}
