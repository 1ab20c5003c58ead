//! Server-side verification of a parent's (or staff member's) CMS signature over a contract's
//! canonical bytes.
//!
//! **Input must be DER.** The national CA's software may produce BER (indefinite lengths);
//! the caller normalises first with `crate::eds::ber::ber_to_der`, e.g.
//! `verify_detached(&ber_to_der(&bytes)?, …)`. The signed attributes are verified over their
//! bytes *as they appear in the input* (re-tagged as SET), not over a re-encoding.
//!
//! What [`verify_detached`] checks, in this order (the first failure is returned):
//! 1. the bytes are a `ContentInfo` holding `SignedData` with exactly one `SignerInfo`; if the
//!    content is attached it must equal `content`;
//! 2. the algorithms are supported: digest SHA-256 with RSA PKCS#1 v1.5 (`rsaEncryption` or
//!    `sha256WithRSAEncryption`), or Streebog-512 with GOST R 34.10-2015 512-bit (the national
//!    CA's `GOST512_…` keys, see [`crate::eds::gost`]), and they fit the signer's key;
//! 3. signed attributes contentType, messageDigest and signingTime are present, and
//!    messageDigest = the digest of `content`;
//! 4. the signer's certificate is in the CMS (and matches `signingCertificateV2` if present)
//!    and its key verifies the signature;
//! 5. signingTime is not more than 5 minutes after `at_unix`;
//! 6. a path leads from the signer through certificates of the CMS (at most
//!    [`MAX_CMS_CERTIFICATES`], and at most [`MAX_CMS_CRLS`] CRLs) to a trust anchor, found by
//!    the bounded search of [`crate::eds::path`]: names chain, each signature verifies (RSA with
//!    SHA-256/384/512, or GOST 512; a SHA-1 certificate is refused as
//!    [`VerifyError::WeakAlgorithm`]), every issuer has basicConstraints cA (and keyCertSign if
//!    it has keyUsage; pathLenConstraint honoured); no certificate below the anchor has a
//!    critical extension the verifier does not know;
//! 7. the signer's key usage fits the purpose;
//! 8. every certificate of the path is valid at signingTime *and* at `at_unix` (the time the
//!    server accepts the signature: signingTime is only the client's claim);
//! 9. neither the signer nor an intermediate is revoked at `at_unix`, by the CRLs (from the
//!    trust store or the CMS) its issuer signed, read as [`crate::eds::revocation`] says
//!    (delta CRLs, removeFromCRL); when the issuer has CRLs but none is current (past
//!    nextUpdate plus the store's grace) the status is unknown and the signature is refused
//!    ([`VerifyError::RevocationUnavailable`]); a signer whose issuer has no CRL at all is
//!    refused the same way when the store requires it (`TrustStore::require_signer_revocation`,
//!    set by the server when CRL sources are configured; never for test anchors);
//! 10. the signer's IIN (serialNumber `IIN…`) and BIN (OU `BIN…`), when present, pass their
//!     control digits — unless the path ends at a *test* anchor (see [`TrustStore`]): the
//!     national CA's test certificates carry IINs like `123456789011`.

use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::{ExtendedKeyUsage, SubjectKeyIdentifier};
use x509_cert::time::Time;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::revocation::RevocationInfoChoice;
use cms::signed_data::{SignedData, SignerIdentifier};

use super::asn1::{SigningCertificateV2, oids, time_to_unix};
use super::path::{AnchorKind, MAX_CMS_CERTIFICATES, PathSearch, key_usage, uses_sha1};
use super::public_key::{DigestAlgorithm, PublicKey};
use super::purpose::{Purpose, oid as purpose_oid};
use super::revocation;
use super::trust::TrustStore;

/// How far in the future (seconds) a signingTime may be, for clock skew of the parent's PC.
pub const SIGNING_TIME_SKEW: i64 = 5 * 60;

/// Revocation lists taken from one CMS; a CMS with more is refused.
pub const MAX_CMS_CRLS: usize = 4;

crate::domain::messages::localized_error! {
    /// Why a signature is not accepted.
    pub enum VerifyError {
        /// Not DER, or not a readable CMS structure.
        Malformed {
            code: "eds.verify.malformed",
            en: "the signature file is damaged or unreadable",
            kk: "Қолтаңба файлы бүлінген немесе оқылмайды. Құжатқа қайта қол қойыңыз.",
            ru: "Файл подписи повреждён или не читается. Подпишите документ заново.",
        },
        /// A CMS, but not SignedData.
        NotSignedData {
            code: "eds.verify.not_signed_data",
            en: "the file is not a CMS SignedData signature",
            kk: "Бұл файл электрондық қолтаңба емес. Құжатқа қайта қол қойыңыз.",
            ru: "Этот файл не является электронной подписью. Подпишите документ заново.",
        },
        /// The signature carries content, and it is not this document.
        ContentMismatch {
            code: "eds.verify.content_mismatch",
            en: "the content attached to the signature is not this document",
            kk: "Қолтаңбаның ішіндегі мәтін осы құжатпен сәйкес келмейді.",
            ru: "Текст, вложенный в подпись, не совпадает с этим документом.",
        },
        /// No SignerInfo.
        NoSigner {
            code: "eds.verify.no_signer",
            en: "the signature file contains no signer",
            kk: "Файлда бірде-бір қолтаңба жоқ.",
            ru: "В файле нет ни одной подписи.",
        },
        /// More than one SignerInfo.
        MultipleSigners {
            code: "eds.verify.multiple_signers",
            en: "the signature file contains more than one signer",
            kk: "Файлда бірнеше қолтаңба бар. Құжатқа тек бір рет қол қойыңыз.",
            ru: "В файле несколько подписей. Подпишите документ один раз.",
        },
        /// Neither RSA with SHA-256 nor GOST 512 with Streebog-512 (e.g. a GOST 2004 key).
        UnsupportedAlgorithm {
            code: "eds.verify.unsupported_algorithm",
            en: "the signature uses an unsupported algorithm (RSA/SHA-256 or GOST 512/Streebog expected)",
            kk: "Қолтаңба қолдау көрсетілмейтін алгоритммен жасалған. RSA256_ немесе GOST512_ кілтімен қайта қол қойыңыз.",
            ru: "Подпись сделана неподдерживаемым алгоритмом. Подпишите документ ключом RSA256_ или GOST512_.",
        },
        /// contentType, messageDigest or signingTime is missing.
        MissingSignedAttributes {
            code: "eds.verify.missing_signed_attributes",
            en: "the signature lacks required signed attributes",
            kk: "Қолтаңбада міндетті мәліметтер (қол қойылған уақыт, құжаттың хэші) жоқ.",
            ru: "В подписи нет обязательных сведений (времени подписания, хэша документа).",
        },
        /// messageDigest ≠ SHA-256 of the document.
        DigestMismatch {
            code: "eds.verify.digest_mismatch",
            en: "the document was changed after signing or the signature is for another document",
            kk: "Құжат қол қойылғаннан кейін өзгертілген немесе қолтаңба басқа құжатқа тиесілі.",
            ru: "Документ изменён после подписания, или подпись относится к другому документу.",
        },
        /// The RSA signature does not verify.
        BadSignature {
            code: "eds.verify.bad_signature",
            en: "the signature value does not verify",
            kk: "Қолтаңба жарамсыз: ол бүлінген немесе басқа кілтпен жасалған.",
            ru: "Подпись недействительна: она повреждена или сделана другим ключом.",
        },
        /// The signer's certificate is not in the CMS (or not the one signingCertificateV2
        /// names).
        SignerCertificateMissing {
            code: "eds.verify.signer_certificate_missing",
            en: "the signer's certificate is not in the signature",
            kk: "Қолтаңбада қол қоюшының сертификаты жоқ.",
            ru: "В подписи нет сертификата подписавшего.",
        },
        /// No valid path to a trust anchor.
        UntrustedChain {
            code: "eds.verify.untrusted_chain",
            en: "the signer's certificate was not issued by a trusted certification authority",
            kk: "Қол қоюшының сертификатын сенімді куәландырушы орталық бермеген.",
            ru: "Сертификат подписавшего выдан не доверенным удостоверяющим центром.",
        },
        /// A certificate of the path was not yet valid at signingTime.
        NotYetValid {
            code: "eds.verify.not_yet_valid",
            en: "a certificate was not yet valid at the signing time",
            kk: "Қол қойылған сәтте сертификат әлі күшіне енбеген.",
            ru: "На момент подписания сертификат ещё не вступил в силу.",
        },
        /// A certificate of the path had expired at signingTime.
        ExpiredAtSigning {
            code: "eds.verify.expired_at_signing",
            en: "a certificate had expired at the signing time",
            kk: "Қол қойылған сәтте сертификаттың мерзімі өтіп кеткен.",
            ru: "На момент подписания срок действия сертификата уже истёк.",
        },
        /// The signer's certificate has expired by now.
        ExpiredNow {
            code: "eds.verify.expired_now",
            en: "the signer's certificate has expired",
            kk: "Сертификаттың мерзімі өтіп кеткен. Жаңа ЭЦҚ кілтін алып, құжатқа қайта қол қойыңыз.",
            ru: "Срок действия сертификата истёк. Получите новый ключ ЭЦП и подпишите документ заново.",
        },
        /// signingTime is more than 5 minutes ahead of the server's time.
        SigningTimeInFuture {
            code: "eds.verify.signing_time_in_future",
            en: "the signing time is in the future",
            kk: "Қол қойылған уақыт болашақта көрсетілген. Компьютердегі уақытты тексеріп, қайта қол қойыңыз.",
            ru: "Время подписания указано в будущем. Проверьте время на компьютере и подпишите заново.",
        },
        /// The signer's or an intermediate's certificate is revoked.
        Revoked {
            code: "eds.verify.revoked",
            en: "a certificate of the signer's chain is revoked",
            kk: "Сертификат кері шақырылған. Жаңа ЭЦҚ кілтін алыңыз.",
            ru: "Сертификат отозван. Получите новый ключ ЭЦП.",
        },
        /// The issuer's CRLs are all out of date: the certificate's status cannot be known.
        RevocationUnavailable {
            code: "eds.verify.revocation_unavailable",
            en: "the revocation status cannot be checked now (no current CRL); try again later",
            kk: "Сертификаттың кері шақырылмағанын қазір тексеру мүмкін емес (тізім жаңартылмаған). Біраз уақыттан кейін қайталап көріңіз.",
            ru: "Сейчас невозможно проверить, не отозван ли сертификат (список отзыва не обновлён). Попробуйте ещё раз чуть позже.",
        },
        /// The certificate's IIN or BIN fails its control digit, under a production anchor.
        InvalidHolderId {
            code: "eds.verify.invalid_holder_id",
            en: "the IIN or BIN in the certificate is not valid",
            kk: "Сертификаттағы ЖСН немесе БСН жарамсыз (бақылау разряды сәйкес келмейді). Ұлттық куәландырушы орталыққа хабарласыңыз.",
            ru: "ИИН или БИН в сертификате недействителен (не сходится контрольный разряд). Обратитесь в Национальный удостоверяющий центр.",
        },
        /// The CMS carries more certificates or CRLs than any real signature does (a
        /// certificate set built to make path search slow).
        TooManyCertificates {
            code: "eds.verify.too_many_certificates",
            en: "the signature carries too many certificates or revocation lists",
            kk: "Қолтаңбада сертификаттар немесе кері шақыру тізімдері тым көп. ЭЦҚ кілтімен қайта қол қойыңыз.",
            ru: "В подписи слишком много сертификатов или списков отзыва. Подпишите документ заново ключом ЭЦП.",
        },
        /// A certificate of the chain is signed with SHA-1 (no longer accepted).
        WeakAlgorithm {
            code: "eds.verify.weak_algorithm",
            en: "a certificate of the chain is signed with SHA-1, which is no longer accepted",
            kk: "Тізбектегі сертификатқа ескірген SHA-1 алгоритмімен қол қойылған, ол енді қабылданбайды. Ұлттық куәландырушы орталықтан жаңа кілт алыңыз.",
            ru: "Сертификат цепочки подписан устаревшим алгоритмом SHA-1, он больше не принимается. Получите новый ключ в Национальном удостоверяющем центре.",
        },
        /// A certificate of the chain has a critical extension the verifier does not know.
        UnknownCriticalExtension {
            code: "eds.verify.unknown_critical_extension",
            en: "a certificate of the chain has a critical extension that cannot be checked",
            kk: "Сертификатта тексеруге болмайтын міндетті кеңейтім бар. Ұлттық куәландырушы орталыққа хабарласыңыз.",
            ru: "В сертификате есть обязательное расширение, которое невозможно проверить. Обратитесь в Национальный удостоверяющий центр.",
        },
        /// The key is not meant for this purpose (e.g. an AUTH key used to sign).
        WrongKeyUsage {
            code: "eds.verify.wrong_key_usage",
            en: "the key is not meant for this purpose",
            kk: "Бұл кілт мұндай әрекетке арналмаған. Қол қою үшін аты RSA256_ немесе GOST512_ деп басталатын кілтті, кіру үшін AUTH_RSA256_ немесе GOST512_ кілтін таңдаңыз.",
            ru: "Этот ключ не предназначен для этого действия. Для подписания выберите ключ, имя которого начинается с RSA256_ или GOST512_, для входа — ключ AUTH_RSA256_ или GOST512_.",
        },
    }
}

/// A signature that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    /// The signer's certificate.
    pub signer: Certificate,
    /// The path: signer first, trust anchor last.
    pub chain: Vec<Certificate>,
    /// The signingTime attribute (claimed by the signer's computer).
    pub signing_time_unix: i64,
    /// SHA-256 of the signed content.
    pub content_sha256: [u8; 32],
    /// The path ends at a test anchor (test-only relaxations applied).
    pub under_test_anchor: bool,
}

/// What the cryptographic check alone establishes.
struct Checked {
    signer: Certificate,
    certs: Vec<Certificate>,
    crls: Vec<CertificateList>,
    signing_time_unix: i64,
    content_sha256: [u8; 32],
}

/// Verifies a detached (or attached-and-equal) CMS signature over `content` for `purpose`,
/// at server time `at_unix`, against `trust`. `cms_der` must be DER (see the module docs).
pub fn verify_detached(
    cms_der: &[u8],
    content: &[u8],
    trust: &TrustStore,
    purpose: Purpose,
    at_unix: i64,
) -> Result<VerifiedSignature, VerifyError> {
    let checked = check_signature(cms_der, content)?;
    if checked.signing_time_unix > at_unix.saturating_add(SIGNING_TIME_SKEW) {
        return Err(VerifyError::SigningTimeInFuture);
    }
    let (chain, anchor) = PathSearch::new(
        &checked.signer,
        &checked.certs,
        &trust.anchors,
        &trust.test_anchors,
    )
    .find()
    .ok_or_else(|| {
        // Say why when the only obstacle may be a SHA-1 certificate.
        if checked.certs.iter().any(uses_sha1) {
            VerifyError::WeakAlgorithm
        } else {
            VerifyError::UntrustedChain
        }
    })?;
    let under_test_anchor = anchor == AnchorKind::Test;
    // The anchor is trusted by configuration; every certificate below it is checked.
    let below_anchor = &chain[..chain.len() - 1];
    if below_anchor.iter().any(has_unknown_critical_extension) {
        return Err(VerifyError::UnknownCriticalExtension);
    }
    if !key_usage_fits(&checked.signer, purpose) {
        return Err(VerifyError::WrongKeyUsage);
    }
    // Every certificate of the path is valid when the signer says it signed (the signingTime
    // attribute, a claim of the signer's computer) *and* at `at_unix`, the time the server
    // accepts the signature: a log-in or a live submission with an expired intermediate is
    // refused even if the claimed signing time is older.
    for cert in &chain {
        let validity = &cert.tbs_certificate.validity;
        let (from, until) = (
            time_to_unix(&validity.not_before),
            time_to_unix(&validity.not_after),
        );
        if checked.signing_time_unix < from || at_unix < from {
            return Err(VerifyError::NotYetValid);
        }
        if checked.signing_time_unix > until {
            return Err(VerifyError::ExpiredAtSigning);
        }
        if at_unix > until {
            return Err(VerifyError::ExpiredNow);
        }
    }
    for (link, pair) in chain.windows(2).enumerate() {
        match revocation::status(
            &pair[0],
            &pair[1],
            &trust.crls,
            &checked.crls,
            at_unix,
            trust.crl_grace_secs,
            &trust.crl_memo,
        ) {
            revocation::Status::Revoked => return Err(VerifyError::Revoked),
            revocation::Status::Stale => return Err(VerifyError::RevocationUnavailable),
            // The signer's own status must be known when the store says so (the server, when
            // CRL sources are configured); test PKIs are exempt.
            revocation::Status::NoData
                if link == 0 && trust.require_signer_revocation && !under_test_anchor =>
            {
                return Err(VerifyError::RevocationUnavailable);
            }
            revocation::Status::Good | revocation::Status::NoData => {}
        }
    }
    if !under_test_anchor && !holder_ids_valid(&checked.signer) {
        return Err(VerifyError::InvalidHolderId);
    }
    Ok(VerifiedSignature {
        signer: checked.signer,
        chain,
        signing_time_unix: checked.signing_time_unix,
        content_sha256: checked.content_sha256,
        under_test_anchor,
    })
}

/// Do the certificate's IIN and BIN (those present) pass their control digits?
fn holder_ids_valid(cert: &Certificate) -> bool {
    let info = super::cert_info::CertInfo::from_certificate(cert);
    info.iin.is_none_or(|iin| iin.to_iin().is_some())
        && info
            .bin
            .as_deref()
            .is_none_or(|bin| crate::domain::bin::Bin::parse(bin).is_ok())
}

/// Checks only steps 1–4 of the module list (structure, digest, signer certificate present,
/// RSA signature) and returns the signer's certificate and the signingTime. No trust, time,
/// key-usage or revocation check: never enough on its own to accept a contract.
pub fn verify_signature_only(
    cms_der: &[u8],
    content: &[u8],
) -> Result<(Certificate, i64), VerifyError> {
    let checked = check_signature(cms_der, content)?;
    Ok((checked.signer, checked.signing_time_unix))
}

fn check_signature(cms_der: &[u8], content: &[u8]) -> Result<Checked, VerifyError> {
    use VerifyError as E;
    let content_info = ContentInfo::from_der(cms_der).map_err(|_| E::Malformed)?;
    if content_info.content_type != oids::ID_SIGNED_DATA {
        return Err(E::NotSignedData);
    }
    let signed_data: SignedData = content_info.content.decode_as().map_err(|_| E::Malformed)?;
    let signer_info = match signed_data.signer_infos.0.as_slice() {
        [] => return Err(E::NoSigner),
        [one] => one,
        _ => return Err(E::MultipleSigners),
    };
    if let Some(econtent) = &signed_data.encap_content_info.econtent {
        let attached: OctetString = econtent.decode_as().map_err(|_| E::Malformed)?;
        if attached.as_bytes() != content {
            return Err(E::ContentMismatch);
        }
    }
    let digest_alg =
        DigestAlgorithm::of_oid(&signer_info.digest_alg.oid).ok_or(E::UnsupportedAlgorithm)?;
    let sig_oid = signer_info.signature_algorithm.oid;

    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or(E::MissingSignedAttributes)?;
    let content_type: ObjectIdentifier = single_attr(attrs, oids::CONTENT_TYPE)?
        .ok_or(E::MissingSignedAttributes)?
        .decode_as()
        .map_err(|_| E::Malformed)?;
    if content_type != signed_data.encap_content_info.econtent_type {
        return Err(E::Malformed);
    }
    let message_digest: OctetString = single_attr(attrs, oids::MESSAGE_DIGEST)?
        .ok_or(E::MissingSignedAttributes)?
        .decode_as()
        .map_err(|_| E::Malformed)?;
    let signing_time_any =
        single_attr(attrs, oids::SIGNING_TIME)?.ok_or(E::MissingSignedAttributes)?;
    let signing_time = signing_time_any
        .to_der()
        .ok()
        .and_then(|d| Time::from_der(&d).ok())
        .ok_or(E::Malformed)?;

    let content_sha256: [u8; 32] = Sha256::digest(content).into();

    let certs: Vec<Certificate> = signed_data
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
        return Err(E::TooManyCertificates);
    }
    let signer = certs
        .iter()
        .find(|c| identifies(&signer_info.sid, c))
        .cloned()
        .ok_or(E::SignerCertificateMissing)?;
    let key = PublicKey::of_certificate(&signer).ok_or(E::UnsupportedAlgorithm)?;
    if !key.fits_signer_algorithms(digest_alg, &sig_oid) {
        return Err(E::UnsupportedAlgorithm);
    }
    if message_digest.as_bytes() != digest_alg.digest(content).as_slice() {
        return Err(E::DigestMismatch);
    }

    let signed_attrs_der = raw_signed_attrs(content_info.content.value()).ok_or(E::Malformed)?;
    if !key.verifies(
        &sig_oid,
        &signed_attrs_der,
        signer_info.signature.as_bytes(),
    ) {
        return Err(E::BadSignature);
    }

    if let Some(ess) = single_attr(attrs, oids::SIGNING_CERTIFICATE_V2)? {
        let ess: SigningCertificateV2 = ess.decode_as().map_err(|_| E::Malformed)?;
        let first = ess.certs.first().ok_or(E::Malformed)?;
        if first
            .hash_algorithm
            .as_ref()
            .is_some_and(|a| a.oid != oids::SHA256)
        {
            return Err(E::UnsupportedAlgorithm);
        }
        let signer_der = signer.to_der().map_err(|_| E::Malformed)?;
        if first.cert_hash.as_bytes() != Sha256::digest(&signer_der).as_slice() {
            return Err(E::SignerCertificateMissing);
        }
    }

    let crls: Vec<CertificateList> = signed_data
        .crls
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    RevocationInfoChoice::Crl(crl) => Some(crl.clone()),
                    RevocationInfoChoice::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if crls.len() > MAX_CMS_CRLS {
        return Err(E::TooManyCertificates);
    }

    Ok(Checked {
        signer,
        certs,
        crls,
        signing_time_unix: time_to_unix(&signing_time),
        content_sha256,
    })
}

/// The certificates a DER CMS SignedData carries.
pub fn certificates_of(cms_der: &[u8]) -> Result<Vec<Certificate>, VerifyError> {
    let content_info = ContentInfo::from_der(cms_der).map_err(|_| VerifyError::Malformed)?;
    let signed_data: SignedData = content_info
        .content
        .decode_as()
        .map_err(|_| VerifyError::Malformed)?;
    Ok(signed_data
        .certificates
        .map(|set| {
            set.0
                .into_vec()
                .into_iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default())
}

/// The single value of the attribute `oid`: `Ok(None)` if absent, `Malformed` if it occurs
/// twice or has other than one value.
pub(crate) fn single_attr(
    attrs: &der::asn1::SetOfVec<Attribute>,
    oid: ObjectIdentifier,
) -> Result<Option<&der::asn1::Any>, VerifyError> {
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let Some(attr) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() {
        return Err(VerifyError::Malformed);
    }
    match attr.values.as_slice() {
        [one] => Ok(Some(one)),
        _ => Err(VerifyError::Malformed),
    }
}

pub(crate) fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            cert.tbs_certificate.issuer == isn.issuer
                && cert.tbs_certificate.serial_number == isn.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => matches!(
            cert.tbs_certificate.get::<SubjectKeyIdentifier>(),
            Ok(Some((_, own))) if own == *ski
        ),
    }
}

// ---- raw DER walking (to get the signed attributes exactly as signed) ----

pub(crate) use super::ber::{tlv, tlvs};

/// From the value (contents) of the `SignedData` SEQUENCE, the `[0] IMPLICIT` signed
/// attributes of its only SignerInfo, re-tagged as `SET OF` (0x31): the bytes that were signed.
pub(crate) fn raw_signed_attrs(signed_data_value: &[u8]) -> Option<Vec<u8>> {
    let fields = tlvs(signed_data_value)?;
    let (tag, _, signer_infos) = fields.last()?;
    if *tag != 0x31 {
        return None;
    }
    let infos = tlvs(signer_infos)?;
    let [(0x30, _, info)] = infos.as_slice() else {
        return None;
    };
    let (_, whole, _) = tlvs(info)?.into_iter().find(|(t, _, _)| *t == 0xA0)?;
    let mut out = whole.to_vec();
    out[0] = 0x31;
    Some(out)
}

// ---- certificate path ----

fn key_usage_fits(cert: &Certificate, purpose: Purpose) -> bool {
    let Some(ku) = key_usage(cert) else {
        return false;
    };
    match purpose {
        Purpose::Signing => ku.non_repudiation(),
        Purpose::Authentication => {
            let client_auth = ObjectIdentifier::new_unwrap(purpose_oid::EKU_CLIENT_AUTH);
            // The national CA's single GOST512 file is issued for logging in and signing
            // alike (its EKU names the holder type and emailProtection, not clientAuth).
            let one_key_for_both =
                matches!(PublicKey::of_certificate(cert), Some(PublicKey::Gost512(_)));
            let eku_ok = match cert.tbs_certificate.get::<ExtendedKeyUsage>() {
                Ok(None) => true,
                Ok(Some((_, eku))) => one_key_for_both || eku.0.contains(&client_auth),
                Err(_) => false,
            };
            ku.digital_signature() && eku_ok
        }
    }
}

/// Extensions the verifier understands (or that carry no constraint it must enforce): a
/// certificate with any *other* extension marked critical is refused (RFC 5280 §4.2).
const KNOWN_CRITICAL: [&str; 7] = [
    "2.5.29.19", // basicConstraints
    "2.5.29.15", // keyUsage
    "2.5.29.37", // extendedKeyUsage
    "2.5.29.32", // certificatePolicies (any policy is accepted)
    "2.5.29.17", // subjectAltName
    "2.5.29.14", // subjectKeyIdentifier
    "2.5.29.35", // authorityKeyIdentifier
];

pub(crate) fn has_unknown_critical_extension(cert: &Certificate) -> bool {
    cert.tbs_certificate
        .extensions
        .as_ref()
        .is_some_and(|exts| {
            exts.iter().any(|e| {
                e.critical
                    && !KNOWN_CRITICAL
                        .iter()
                        .any(|known| e.extn_id == ObjectIdentifier::new_unwrap(known))
            })
        })
}

#[cfg(test)]
mod tests {
    use der::asn1::{Any, SetOfVec};
    use x509_cert::serial_number::SerialNumber;

    use super::*;
    use crate::eds::asn1::alg_with_null;
    use crate::eds::ber::ber_to_der;
    use crate::eds::cert_info::CertInfo;
    use crate::eds::cms_sign::sign_detached;
    use crate::eds::demo_pki::DemoCa;
    use crate::eds::test_support::*;

    fn parent_signs(cert: &Certificate, key: &[u8], chain: &[Certificate], at: i64) -> Vec<u8> {
        sign_detached(CONTRACT, key, cert, chain, at).expect("signed")
    }

    fn signed_contract() -> Vec<u8> {
        let pki = pki();
        parent_signs(&pki.sign_cert, &pki.sign_key, &pki.chain(), SIGNED_AT)
    }

    /// Re-encodes `cms` after `change` edits its SignedData (like an attacker or a buggy
    /// client would).
    fn tamper(cms: &[u8], change: impl FnOnce(&mut SignedData)) -> Vec<u8> {
        let mut ci = ContentInfo::from_der(cms).unwrap();
        let mut sd: SignedData = ci.content.decode_as().unwrap();
        change(&mut sd);
        ci.content = Any::encode_from(&sd).unwrap();
        ci.to_der().unwrap()
    }

    /// The parent's signed contract carrying `crls` inside the CMS.
    fn with_crls(crls: impl IntoIterator<Item = CertificateList>) -> Vec<u8> {
        tamper(&signed_contract(), |sd| {
            sd.crls = Some(cms::revocation::RevocationInfoChoices(
                SetOfVec::from_iter(crls.into_iter().map(RevocationInfoChoice::Crl)).unwrap(),
            ));
        })
    }

    fn with_signer_info(
        sd: &mut SignedData,
        change: impl FnOnce(&mut cms::signed_data::SignerInfo),
    ) {
        let mut infos: Vec<_> = sd.signer_infos.0.iter().cloned().collect();
        change(&mut infos[0]);
        sd.signer_infos = cms::signed_data::SignerInfos::try_from(infos).unwrap();
    }

    fn verify(
        cms: &[u8],
        trust: &TrustStore,
        purpose: Purpose,
        at: i64,
    ) -> Result<VerifiedSignature, VerifyError> {
        verify_detached(cms, CONTRACT, trust, purpose, at)
    }

    fn serial(cert: &Certificate) -> SerialNumber {
        cert.tbs_certificate.serial_number.clone()
    }

    #[test]
    fn a_parent_signs_the_contract_and_the_server_accepts_it() {
        let pki = pki();
        let v = verify(&signed_contract(), &pki.trust(), Purpose::Signing, NOW).expect("valid");
        assert_eq!(v.signer, pki.sign_cert);
        assert_eq!(
            v.chain,
            vec![
                pki.sign_cert.clone(),
                pki.inter.certificate().clone(),
                pki.root.certificate().clone()
            ]
        );
        assert_eq!(v.signing_time_unix, SIGNED_AT);
        assert_eq!(
            v.content_sha256.as_slice(),
            Sha256::digest(CONTRACT).as_slice()
        );
    }

    #[test]
    fn a_parent_logs_in_with_the_auth_key_and_the_server_accepts_it_for_authentication() {
        let pki = pki();
        let cms = parent_signs(&pki.auth_cert, &pki.auth_key, &pki.chain(), SIGNED_AT);
        assert!(verify(&cms, &pki.trust(), Purpose::Authentication, NOW).is_ok());
    }

    #[test]
    fn the_contract_changed_after_signing_is_a_digest_mismatch() {
        let pki = pki();
        let cms = signed_contract();
        let mut changed = CONTRACT.to_vec();
        changed[0] ^= 1;
        let r = verify_detached(&cms, &changed, &pki.trust(), Purpose::Signing, NOW);
        assert_eq!(r, Err(VerifyError::DigestMismatch));
        assert_eq!(
            verify_signature_only(&cms, &changed).err(),
            Some(VerifyError::DigestMismatch)
        );
    }

    #[test]
    fn a_flipped_bit_in_the_signature_is_a_bad_signature() {
        let cms = tamper(&signed_contract(), |sd| {
            with_signer_info(sd, |si| {
                let mut sig = si.signature.as_bytes().to_vec();
                sig[17] ^= 0x80;
                si.signature = OctetString::new(sig).unwrap();
            })
        });
        assert_eq!(
            verify(&cms, &pki().trust(), Purpose::Signing, NOW),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn a_changed_signing_time_is_a_bad_signature() {
        let cms = tamper(&signed_contract(), |sd| {
            with_signer_info(sd, |si| {
                let attrs: Vec<Attribute> = si
                    .signed_attrs
                    .take()
                    .unwrap()
                    .into_vec()
                    .into_iter()
                    .map(|mut a| {
                        if a.oid == oids::SIGNING_TIME {
                            let t = crate::eds::asn1::unix_to_time(SIGNED_AT - 3600).unwrap();
                            a.values =
                                SetOfVec::try_from(vec![Any::encode_from(&t).unwrap()]).unwrap();
                        }
                        a
                    })
                    .collect();
                si.signed_attrs = Some(SetOfVec::try_from(attrs).unwrap());
            })
        });
        assert_eq!(
            verify(&cms, &pki().trust(), Purpose::Signing, NOW),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn the_auth_key_used_to_sign_a_contract_is_the_wrong_key_usage() {
        let pki = pki();
        let cms = parent_signs(&pki.auth_cert, &pki.auth_key, &pki.chain(), SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::WrongKeyUsage)
        );
        // …and the signing key used to log in, too (no clientAuth).
        let cms = signed_contract();
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Authentication, NOW),
            Err(VerifyError::WrongKeyUsage)
        );
    }

    #[test]
    fn a_signing_certificate_without_non_repudiation_is_the_wrong_key_usage() {
        let pki = pki();
        let mut spec = parent(Purpose::Signing, T0, T0 + 365 * DAY);
        spec.wrong_key_usage = true;
        let (cert, key) = pki.inter.issue_person(&spec).unwrap();
        let cms = parent_signs(&cert, &key, &pki.chain(), SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::WrongKeyUsage)
        );
    }

    #[test]
    fn a_certificate_from_another_root_is_an_untrusted_chain() {
        let pki = pki();
        let stranger = DemoCa::new_root("ҰКО 3.0 (RSA TEST)", T0 - DAY, T0 + 3650 * DAY).unwrap();
        let (cert, key) = stranger
            .issue_person(&parent(Purpose::Signing, T0, T0 + 365 * DAY))
            .unwrap();
        let cms = parent_signs(&cert, &key, &[stranger.certificate().clone()], SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::UntrustedChain)
        );
        // The stranger's root embedded in the CMS does not make it trusted; trusting it does.
        let trust = TrustStore::new(vec![stranger.certificate().clone()], vec![]);
        assert!(verify(&cms, &trust, Purpose::Signing, NOW).is_ok());
    }

    /// A certificate set built to make path search slow — a dozen self-issued "CA"
    /// certificates sharing one name and one key, each able to "issue" every other (the
    /// reported attack took ~50 s of CPU per unauthenticated log-in) — is refused as untrusted
    /// after a handful of signature checks.
    #[test]
    fn a_certificate_set_built_to_make_path_search_slow_is_refused_as_untrusted_at_once() {
        let pki = pki();
        let evil = DemoCa::new_root("ҰКО 3.0 (RSA)", T0 - DAY, T0 + 3650 * DAY).unwrap();
        let (cert, key) = evil
            .issue_person(&parent(Purpose::Authentication, T0, T0 + 365 * DAY))
            .unwrap();
        let copies = evil
            .self_issued_copies(MAX_CMS_CERTIFICATES - 1, T0 - DAY, T0 + 3650 * DAY)
            .unwrap();
        let cms = sign_detached(CONTRACT, &key, &cert, &copies, SIGNED_AT).unwrap();
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Authentication, NOW),
            Err(VerifyError::UntrustedChain)
        );
        let anchors = pki.trust().anchors;
        let mut search = PathSearch::new(&cert, &copies, &anchors, &[]);
        assert!(search.find().is_none());
        assert!(
            search.signature_checks() <= MAX_CMS_CERTIFICATES,
            "one check per copy at most: {}",
            search.signature_checks()
        );
        // Distinct keys under one name, each cross-certifying the next (a ring): every pair
        // matches by name, so only the budget bounds the checks.
        let ring: Vec<DemoCa> = (0..6)
            .map(|_| DemoCa::new_root("ҰКО 3.0 (RSA)", T0 - DAY, T0 + 3650 * DAY).unwrap())
            .collect();
        let mut certs: Vec<Certificate> = (0..ring.len())
            .map(|i| {
                ring[i]
                    .cross_certify(&ring[(i + 1) % ring.len()], T0 - DAY, T0 + 3650 * DAY)
                    .unwrap()
            })
            .collect();
        certs.extend(
            ring[0]
                .self_issued_copies(4, T0 - DAY, T0 + 3650 * DAY)
                .unwrap(),
        );
        let (cert, key) = ring[0]
            .issue_person(&parent(Purpose::Authentication, T0, T0 + 365 * DAY))
            .unwrap();
        let cms = sign_detached(CONTRACT, &key, &cert, &certs, SIGNED_AT).unwrap();
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Authentication, NOW),
            Err(VerifyError::UntrustedChain)
        );
        let mut search = PathSearch::new(&cert, &certs, &anchors, &[]);
        assert!(search.find().is_none());
        assert!(search.signature_checks() <= crate::eds::path::MAX_SIGNATURE_CHECKS);
    }

    #[test]
    fn a_cms_with_more_certificates_or_crls_than_any_real_signature_is_refused() {
        let pki = pki();
        let mut chain = pki.chain();
        chain.extend(
            pki.inter
                .self_issued_copies(MAX_CMS_CERTIFICATES - 1, T0, T0 + DAY)
                .unwrap(),
        );
        let cms = parent_signs(&pki.sign_cert, &pki.sign_key, &chain, SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::TooManyCertificates)
        );
        let crl = |n: i64| {
            CertificateList::from_der(
                &pki.inter
                    .make_crl(&[], T0 + 5 * DAY + n, T0 + 12 * DAY)
                    .unwrap(),
            )
            .unwrap()
        };
        let cms = with_crls((0..=MAX_CMS_CRLS as i64).map(crl));
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::TooManyCertificates)
        );
    }

    /// `cert` with `change` applied to its body, signed again by `ca` with `alg`.
    fn reissued(
        cert: &Certificate,
        ca: &DemoCa,
        alg: ObjectIdentifier,
        change: impl FnOnce(&mut x509_cert::TbsCertificate),
    ) -> Certificate {
        use rsa::pkcs1v15::Pkcs1v15Sign;
        use rsa::pkcs8::DecodePrivateKey;
        let key = rsa::RsaPrivateKey::from_pkcs8_der(&ca.private_key_pkcs8_der().unwrap()).unwrap();
        let mut tbs = cert.tbs_certificate.clone();
        tbs.signature = alg_with_null(alg);
        change(&mut tbs);
        let tbs_der = tbs.to_der().unwrap();
        let sig = if alg == oids::SHA1_WITH_RSA {
            key.sign(
                Pkcs1v15Sign::new::<sha1::Sha1>(),
                &sha1::Sha1::digest(&tbs_der),
            )
        } else {
            key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(&tbs_der))
        }
        .unwrap();
        Certificate {
            tbs_certificate: tbs,
            signature_algorithm: alg_with_null(alg),
            signature: der::asn1::BitString::from_bytes(&sig).unwrap(),
        }
    }

    #[test]
    fn a_certificate_signed_with_sha1_is_refused_and_the_message_says_so() {
        let pki = pki();
        let cert = reissued(&pki.sign_cert, &pki.inter, oids::SHA1_WITH_RSA, |_| {});
        let cms = parent_signs(&cert, &pki.sign_key, &pki.chain(), SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::WeakAlgorithm)
        );
        // The same certificate signed with SHA-256 is fine.
        let cert = reissued(&pki.sign_cert, &pki.inter, oids::SHA256_WITH_RSA, |_| {});
        let cms = parent_signs(&cert, &pki.sign_key, &pki.chain(), SIGNED_AT);
        assert!(verify(&cms, &pki.trust(), Purpose::Signing, NOW).is_ok());
    }

    #[test]
    fn a_certificate_with_an_unknown_critical_extension_is_refused() {
        let pki = pki();
        let add = |critical: bool| {
            move |tbs: &mut x509_cert::TbsCertificate| {
                tbs.extensions
                    .get_or_insert_with(Vec::new)
                    .push(x509_cert::ext::Extension {
                        // nameConstraints: a constraint this verifier does not enforce.
                        extn_id: ObjectIdentifier::new_unwrap("2.5.29.30"),
                        critical,
                        extn_value: OctetString::new(vec![0x30, 0x00]).unwrap(),
                    })
            }
        };
        let cert = reissued(&pki.sign_cert, &pki.inter, oids::SHA256_WITH_RSA, add(true));
        let cms = parent_signs(&cert, &pki.sign_key, &pki.chain(), SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::UnknownCriticalExtension)
        );
        let cert = reissued(
            &pki.sign_cert,
            &pki.inter,
            oids::SHA256_WITH_RSA,
            add(false),
        );
        let cms = parent_signs(&cert, &pki.sign_key, &pki.chain(), SIGNED_AT);
        assert!(verify(&cms, &pki.trust(), Purpose::Signing, NOW).is_ok());
    }

    #[test]
    fn a_delta_crl_entry_removed_from_the_crl_is_not_a_revocation() {
        let pki = pki();
        let serial = serial(&pki.sign_cert);
        let with = |crls: &[Vec<u8>]| {
            let mut trust = pki.trust();
            for crl in crls {
                trust.add_file(crl).unwrap();
            }
            verify(&signed_contract(), &trust, Purpose::Signing, NOW)
        };
        let base = |reason: Option<u8>| {
            pki.inter
                .make_crl_with_reasons(
                    &[(serial.clone(), reason)],
                    T0 + 5 * DAY,
                    T0 + 12 * DAY,
                    None,
                )
                .unwrap()
        };
        let delta = |reason: Option<u8>| {
            pki.inter
                .make_crl_with_reasons(
                    &[(serial.clone(), reason)],
                    T0 + 6 * DAY,
                    T0 + 7 * DAY,
                    Some(1),
                )
                .unwrap()
        };
        assert_eq!(with(&[base(Some(6))]), Err(VerifyError::Revoked), "on hold");
        assert_eq!(
            with(&[base(Some(1))]),
            Err(VerifyError::Revoked),
            "compromised"
        );
        assert_eq!(with(&[base(None)]), Err(VerifyError::Revoked));
        // The delta releases the hold: valid again.
        assert!(with(&[base(Some(6)), delta(Some(8))]).is_ok());
        // A delta CRL alone is no complete list: the status is unknown.
        assert_eq!(
            with(&[delta(Some(8))]),
            Err(VerifyError::RevocationUnavailable)
        );
        // A delta that revokes counts.
        let clean = pki
            .inter
            .make_crl(&[], T0 + 5 * DAY, T0 + 12 * DAY)
            .unwrap();
        assert_eq!(with(&[clean, delta(Some(1))]), Err(VerifyError::Revoked));
    }

    /// CRLs past their nextUpdate say nothing current: the signature is refused with "try
    /// again later" (a revoked key would otherwise pass while the CRL goes unrefreshed).
    #[test]
    fn when_the_issuers_crls_are_out_of_date_the_status_is_unknown_and_the_signature_refused() {
        let pki = pki();
        let stale = pki.inter.make_crl(&[], T0 + 2 * DAY, T0 + 9 * DAY).unwrap();
        let mut trust = pki.trust();
        trust.add_file(&stale).unwrap();
        assert_eq!(
            verify(&signed_contract(), &trust, Purpose::Signing, NOW),
            Err(VerifyError::RevocationUnavailable)
        );
        // Within the operator's grace it still counts.
        trust.crl_grace_secs = 2 * DAY;
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
        // A current CRL beside the stale one makes the status known again.
        let mut trust = pki.trust();
        trust.add_file(&stale).unwrap();
        trust
            .add_file(
                &pki.inter
                    .make_crl(&[], T0 + 9 * DAY, T0 + 16 * DAY)
                    .unwrap(),
            )
            .unwrap();
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
        // An older CRL sent inside the CMS does not undo a newer revocation.
        let older =
            CertificateList::from_der(&pki.inter.make_crl(&[], T0 + DAY, T0 + 16 * DAY).unwrap())
                .unwrap();
        let mut trust = pki.trust();
        trust
            .add_file(
                &pki.inter
                    .make_crl(&[serial(&pki.sign_cert)], T0 + 5 * DAY, T0 + 16 * DAY)
                    .unwrap(),
            )
            .unwrap();
        let cms = with_crls([older]);
        assert_eq!(
            verify(&cms, &trust, Purpose::Signing, NOW),
            Err(VerifyError::Revoked)
        );
    }

    /// A copy of the CA's real CRL with the signer's entry removed but the signature kept,
    /// sent inside the CMS, must be checked for itself (a memo of the genuine copy's signature
    /// once let it through and made a revoked key "good").
    #[test]
    fn a_doctored_copy_of_a_real_crl_inside_the_cms_does_not_unrevoke_the_signer() {
        let pki = pki();
        let genuine = pki
            .inter
            .make_crl(&[serial(&pki.sign_cert)], T0 + 5 * DAY, T0 + 12 * DAY)
            .unwrap();
        let mut trust = pki.trust();
        trust.add_file(&genuine).unwrap();
        assert_eq!(
            verify(&signed_contract(), &trust, Purpose::Signing, NOW),
            Err(VerifyError::Revoked)
        );
        let mut doctored = CertificateList::from_der(&genuine).unwrap();
        doctored.tbs_cert_list.revoked_certificates = None;
        let cms = with_crls([doctored]);
        assert_eq!(
            verify(&cms, &trust, Purpose::Signing, NOW),
            Err(VerifyError::Revoked)
        );
    }

    #[test]
    fn when_the_store_requires_it_a_signer_without_any_crl_is_refused() {
        let pki = pki();
        let mut trust = pki.trust();
        trust.require_signer_revocation = true;
        assert_eq!(
            verify(&signed_contract(), &trust, Purpose::Signing, NOW),
            Err(VerifyError::RevocationUnavailable)
        );
        trust
            .add_file(
                &pki.inter
                    .make_crl(&[], T0 + 9 * DAY, T0 + 16 * DAY)
                    .unwrap(),
            )
            .unwrap();
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
    }

    /// Verifying an older signature (a contract accepted earlier): a CRL issued later, while
    /// the certificate was still valid, says whether it was revoked then.
    #[test]
    fn a_later_crl_issued_while_the_certificate_was_valid_speaks_for_an_older_signature() {
        let pki = pki();
        let later = pki
            .inter
            .make_crl(&[], T0 + 100 * DAY, T0 + 107 * DAY)
            .unwrap();
        let mut trust = pki.trust();
        trust.add_file(&later).unwrap();
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
        // Revoked only after the signature: still good for it, revoked for a later check.
        let mut trust = pki.trust();
        trust
            .add_file(
                &pki.inter
                    .make_crl(&[serial(&pki.sign_cert)], T0 + 100 * DAY, T0 + 107 * DAY)
                    .unwrap(),
            )
            .unwrap();
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
        assert_eq!(
            verify(&signed_contract(), &trust, Purpose::Signing, T0 + 101 * DAY),
            Err(VerifyError::Revoked)
        );
    }

    #[test]
    fn an_intermediate_that_expired_since_the_claimed_signing_time_fails_a_live_check() {
        let pki = pki();
        let short = pki
            .root
            .issue_intermediate("ДЕМО ҰКО (RSA)", T0 - DAY, SIGNED_AT + 30)
            .unwrap();
        let (cert, key) = short
            .issue_person(&parent(Purpose::Signing, T0, T0 + 365 * DAY))
            .unwrap();
        let cms = parent_signs(&cert, &key, &[short.certificate().clone()], SIGNED_AT);
        // Checked right at signing time it is good; at NOW (after the intermediate expired)
        // the claimed signingTime does not save it.
        assert!(verify(&cms, &pki.trust(), Purpose::Signing, SIGNED_AT + 10).is_ok());
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::ExpiredNow)
        );
    }

    #[test]
    fn without_the_intermediate_in_the_cms_the_chain_is_untrusted_unless_the_server_trusts_it() {
        let pki = pki();
        let cms = parent_signs(&pki.sign_cert, &pki.sign_key, &[], SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::UntrustedChain)
        );
        let trust = TrustStore::new(vec![pki.inter.certificate().clone()], vec![]);
        let v = verify(&cms, &trust, Purpose::Signing, NOW).expect("intermediate as anchor");
        assert_eq!(v.chain.len(), 2);
    }

    #[test]
    fn a_certificate_that_expired_before_signing_is_expired_at_signing() {
        let pki = pki();
        let (cert, key) = pki
            .inter
            .issue_person(&parent(Purpose::Signing, T0 - 400 * DAY, T0 - 35 * DAY))
            .unwrap();
        let cms = parent_signs(&cert, &key, &pki.chain(), SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::ExpiredAtSigning)
        );
    }

    #[test]
    fn a_signature_checked_after_the_certificate_expired_is_expired_now() {
        let pki = pki();
        let later = T0 + 400 * DAY;
        assert_eq!(
            verify(&signed_contract(), &pki.trust(), Purpose::Signing, later),
            Err(VerifyError::ExpiredNow)
        );
    }

    #[test]
    fn a_certificate_not_yet_valid_at_signing_is_not_yet_valid() {
        let pki = pki();
        let (cert, key) = pki
            .inter
            .issue_person(&parent(Purpose::Signing, T0 + 30 * DAY, T0 + 395 * DAY))
            .unwrap();
        let cms = parent_signs(&cert, &key, &pki.chain(), SIGNED_AT);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::NotYetValid)
        );
    }

    #[test]
    fn a_signing_time_an_hour_ahead_of_the_server_is_in_the_future_but_a_minute_is_fine() {
        let pki = pki();
        let cms = parent_signs(&pki.sign_cert, &pki.sign_key, &pki.chain(), NOW + 3600);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::SigningTimeInFuture)
        );
        let cms = parent_signs(&pki.sign_cert, &pki.sign_key, &pki.chain(), NOW + 60);
        assert!(verify(&cms, &pki.trust(), Purpose::Signing, NOW).is_ok());
    }

    #[test]
    fn a_parent_whose_certificate_the_ca_revoked_is_refused() {
        let pki = pki();
        let crl = pki
            .inter
            .make_crl(&[serial(&pki.sign_cert)], T0 + 5 * DAY, T0 + 12 * DAY)
            .unwrap();
        let mut trust = pki.trust();
        trust.add_file(&crl).unwrap();
        assert_eq!(
            verify(&signed_contract(), &trust, Purpose::Signing, NOW),
            Err(VerifyError::Revoked)
        );
        // A CRL listing someone else does not affect the parent.
        let other = pki
            .inter
            .make_crl(&[serial(&pki.auth_cert)], T0 + 5 * DAY, T0 + 12 * DAY)
            .unwrap();
        let mut trust = pki.trust();
        trust.add_file(&other).unwrap();
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
    }

    #[test]
    fn a_revoked_intermediate_revokes_everyone_below_it() {
        let pki = pki();
        let crl = pki
            .root
            .make_crl(&[serial(pki.inter.certificate())], T0, T0 + 30 * DAY)
            .unwrap();
        let mut trust = pki.trust();
        trust.add_file(&crl).unwrap();
        assert_eq!(
            verify(&signed_contract(), &trust, Purpose::Signing, NOW),
            Err(VerifyError::Revoked)
        );
    }

    #[test]
    fn a_crl_signed_by_a_stranger_using_the_cas_name_is_ignored() {
        let pki = pki();
        // Same subject name as the real intermediate, different key: an impostor.
        let impostor_root = DemoCa::new_root("ИМПОСТОР", T0 - DAY, T0 + 3650 * DAY).unwrap();
        let impostor = impostor_root
            .issue_intermediate("ДЕМО ҰКО (RSA)", T0 - DAY, T0 + 3650 * DAY)
            .unwrap();
        assert_eq!(
            impostor.certificate().tbs_certificate.subject,
            pki.inter.certificate().tbs_certificate.subject
        );
        let crl = impostor
            .make_crl(&[serial(&pki.sign_cert)], T0 + 5 * DAY, T0 + 12 * DAY)
            .unwrap();
        let mut trust = pki.trust();
        trust.add_file(&crl).unwrap();
        assert!(verify(&signed_contract(), &trust, Purpose::Signing, NOW).is_ok());
    }

    #[test]
    fn a_crl_carried_inside_the_cms_counts_when_its_issuer_signed_it() {
        let pki = pki();
        let crl = pki
            .inter
            .make_crl(&[serial(&pki.sign_cert)], T0 + 5 * DAY, T0 + 12 * DAY)
            .unwrap();
        let crl = CertificateList::from_der(&crl).unwrap();
        let cms = with_crls([crl]);
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW),
            Err(VerifyError::Revoked)
        );
    }

    #[test]
    fn an_attached_copy_of_the_same_contract_is_accepted_and_of_another_is_refused() {
        let pki = pki();
        let attach = |bytes: &[u8]| {
            tamper(&signed_contract(), |sd| {
                sd.encap_content_info.econtent =
                    Some(Any::encode_from(&OctetString::new(bytes).unwrap()).unwrap());
            })
        };
        assert!(verify(&attach(CONTRACT), &pki.trust(), Purpose::Signing, NOW).is_ok());
        assert_eq!(
            verify(
                &attach(b"another contract"),
                &pki.trust(),
                Purpose::Signing,
                NOW
            ),
            Err(VerifyError::ContentMismatch)
        );
    }

    #[test]
    fn structural_problems_have_their_own_errors() {
        let pki = pki();
        let trust = pki.trust();
        let check = |cms: &[u8]| verify(cms, &trust, Purpose::Signing, NOW).err();
        let good = signed_contract();

        assert_eq!(check(b"\x30\x03\x02\x01\x01"), Some(VerifyError::Malformed));
        let mut truncated = good.clone();
        truncated.pop();
        assert_eq!(check(&truncated), Some(VerifyError::Malformed));

        let data = ContentInfo {
            content_type: oids::ID_DATA,
            content: Any::encode_from(&OctetString::new(CONTRACT).unwrap()).unwrap(),
        };
        assert_eq!(
            check(&data.to_der().unwrap()),
            Some(VerifyError::NotSignedData)
        );

        let no_signer = tamper(&good, |sd| {
            sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::new())
        });
        assert_eq!(check(&no_signer), Some(VerifyError::NoSigner));

        let two = tamper(&good, |sd| {
            let mut first = sd.signer_infos.0.get(0).unwrap().clone();
            let mut sig = first.signature.as_bytes().to_vec();
            sig[0] ^= 1;
            first.signature = OctetString::new(sig).unwrap();
            sd.signer_infos.0.insert(first).unwrap();
        });
        assert_eq!(check(&two), Some(VerifyError::MultipleSigners));

        let sha1 = tamper(&good, |sd| {
            with_signer_info(sd, |si| si.digest_alg = alg_with_null(oids::SHA1))
        });
        assert_eq!(check(&sha1), Some(VerifyError::UnsupportedAlgorithm));

        let no_attrs = tamper(&good, |sd| {
            with_signer_info(sd, |si| si.signed_attrs = None)
        });
        assert_eq!(check(&no_attrs), Some(VerifyError::MissingSignedAttributes));

        let no_time = tamper(&good, |sd| {
            with_signer_info(sd, |si| {
                let attrs: Vec<Attribute> = si
                    .signed_attrs
                    .take()
                    .unwrap()
                    .into_vec()
                    .into_iter()
                    .filter(|a| a.oid != oids::SIGNING_TIME)
                    .collect();
                si.signed_attrs = Some(SetOfVec::try_from(attrs).unwrap());
            })
        });
        assert_eq!(check(&no_time), Some(VerifyError::MissingSignedAttributes));

        let no_certs = tamper(&good, |sd| sd.certificates = None);
        assert_eq!(
            check(&no_certs),
            Some(VerifyError::SignerCertificateMissing)
        );
    }

    #[test]
    fn a_signer_certificate_swapped_for_another_with_the_same_issuer_and_serial_is_caught() {
        // The signingCertificateV2 hash pins the certificate: a CMS whose certificate set holds
        // a different certificate under the same issuer+serial (same key) is refused.
        let pki = pki();
        let good = signed_contract();
        let mut forged = pki.sign_cert.clone();
        forged.tbs_certificate.validity.not_after =
            crate::eds::asn1::unix_to_time(T0 + 3650 * DAY).unwrap();
        let cms = tamper(&good, |sd| {
            sd.certificates = Some(
                cms::signed_data::CertificateSet::try_from(vec![
                    CertificateChoices::Certificate(forged),
                    CertificateChoices::Certificate(pki.inter.certificate().clone()),
                ])
                .unwrap(),
            );
        });
        assert_eq!(
            verify_signature_only(&cms, CONTRACT).err(),
            Some(VerifyError::SignerCertificateMissing)
        );
    }

    /// The national CA's sample RSA signatures (ncanode-go test data): base64 of DER
    /// `ContentInfo`, *attached* (eContent = the 6 bytes "asdasd"), sha256WithRSAEncryption,
    /// signed attributes contentType, signingTime (2020-09-09), messageDigest; issuer
    /// «ҰКО 3.0 (RSA TEST)», whose certificate is not in the fixtures.
    #[test]
    fn the_national_cas_real_rsa_signatures_verify_cryptographically() {
        let fixtures = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/nca/ncanode-go"
        ));
        let mut checked = 0;
        for group in [
            "personal/active",
            "personal/revoked",
            "organization/active",
            "organization/revoked",
        ] {
            let Ok(entries) = std::fs::read_dir(fixtures.join(group)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if !(name.contains("RSA256_") && name.ends_with(".cms")) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let cms = crate::eds::trust::base64_decode(text.trim()).expect("base64");
                // These files are already DER (openssl re-encodes them byte-identically), so
                // no BER normalisation is needed here.
                let (signer, signing_time) = verify_signature_only(&cms, b"asdasd")
                    .unwrap_or_else(|e| panic!("{name}: {e:?}"));
                assert!(
                    (1_599_600_000..1_599_800_000).contains(&signing_time),
                    "{name}: {signing_time}"
                );
                let cer = path.with_extension("cer");
                if let Ok(pem_bytes) = std::fs::read(&cer) {
                    let mut store = TrustStore::default();
                    store.add_file(&pem_bytes).unwrap();
                    assert_eq!(store.anchors[0], signer, "{name}: signer = .cer");
                    // The leaf itself is no anchor: without «ҰКО 3.0 (RSA TEST)» no path.
                    let r =
                        verify_detached(&cms, b"asdasd", &store, Purpose::Signing, signing_time);
                    assert_eq!(r.err(), Some(VerifyError::UntrustedChain), "{name}");
                }
                assert_eq!(
                    verify_signature_only(&cms, b"asdasdx").err(),
                    Some(VerifyError::ContentMismatch),
                    "{name}"
                );
                // Re-encoding the parsed certificate gives the original bytes back, so the
                // re-encode-then-verify approach for certificate signatures is sound here.
                let original = CertificateChoices::Certificate(signer.clone())
                    .to_der()
                    .unwrap();
                assert!(
                    cms.windows(original.len())
                        .any(|w| w == original.as_slice()),
                    "{name}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 6, "six RSA .cms files in the fixtures");
    }

    /// The national CA's test trust: the GOST 2022 test root and intermediate, and (with
    /// `crls`) its full and delta CRLs of 2025-04-29 (next update 2025-10-26).
    fn nca_gost_test_trust_with(crls: bool) -> TrustStore {
        let mut store = TrustStore::default();
        let mut files = vec!["root_test_gost_2022.cer", "nca_gost2022_test.cer"];
        if crls {
            files.extend(["nca_gost2022_test.crl", "nca_gost2022_d_test.crl"]);
        }
        for f in files {
            store.add_test_file(&kalkan(&format!("certs/{f}"))).unwrap();
        }
        store
    }

    fn nca_gost_test_trust() -> TrustStore {
        nca_gost_test_trust_with(true)
    }

    fn kalkan(path: &str) -> Vec<u8> {
        let full = format!("{}/fixtures/nca/kalkan/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
    }

    /// NCA's own GOST512 CMS (Kalkan): an individual's and a legal entity's, attached and
    /// detached, with a timestamp token as unsigned attribute. Verified in full (chain to the
    /// GOST 2022 test root, CRLs, key usage) at a fixed time inside the leaves' validity.
    #[test]
    fn the_national_cas_real_gost512_signatures_verify_against_its_test_root() {
        // Signed in July 2026: the fixture CRLs expired in October 2025, so with them the
        // status is unknown; the chain and signature are checked without them.
        let stale = nca_gost_test_trust();
        let trust = nca_gost_test_trust_with(false);
        for name in ["individual", "legal_entity"] {
            let doc = kalkan(&format!("cms/{name}_document.txt"));
            for form in ["detached", "attached"] {
                let cms = ber_to_der(&kalkan(&format!("cms/{name}_{form}.der"))).unwrap();
                let (_, signing_time) = verify_signature_only(&cms, &doc).unwrap();
                let at = signing_time + 60;
                assert_eq!(
                    verify_detached(&cms, &doc, &stale, Purpose::Signing, at).err(),
                    Some(VerifyError::RevocationUnavailable),
                    "{name} {form}: CRLs out of date are not used as if current"
                );
                let v = verify_detached(&cms, &doc, &trust, Purpose::Signing, at)
                    .unwrap_or_else(|e| panic!("{name} {form}: {e:?}"));
                // The intermediate is configured as an anchor too (the CMS carries only the
                // signer's certificate), so the path ends there.
                assert_eq!(v.chain.len(), 2, "signer, intermediate");
                let cn = CertInfo::from_certificate(&v.chain[1])
                    .common_name
                    .unwrap_or_default();
                assert!(cn.contains("TEST 2022"), "{cn}");
                let mut changed = doc.clone();
                changed.push(b' ');
                let expect = if form == "attached" {
                    VerifyError::ContentMismatch
                } else {
                    VerifyError::DigestMismatch
                };
                assert_eq!(
                    verify_detached(&cms, &changed, &trust, Purpose::Signing, at).err(),
                    Some(expect),
                    "{name} {form}"
                );
                // Without the national CA's roots: untrusted.
                assert_eq!(
                    verify_detached(&cms, &doc, &pki().trust(), Purpose::Signing, at).err(),
                    Some(VerifyError::UntrustedChain)
                );
                // A flipped bit in the signature value: refused.
                let forged = tamper(&cms, |sd| {
                    with_signer_info(sd, |si| {
                        let mut sig = si.signature.as_bytes().to_vec();
                        sig[10] ^= 0x01;
                        si.signature = OctetString::new(sig).unwrap();
                    })
                });
                assert_eq!(
                    verify_detached(&forged, &doc, &trust, Purpose::Signing, at).err(),
                    Some(VerifyError::BadSignature),
                    "{name} {form}"
                );
            }
        }
    }

    /// Every real `GOST512_…` key file signs a contract in our CMS shape at a moment inside
    /// its validity; the server verifies it against the national CA's test root — or, after
    /// the revocation date the CA's CRL gives it, refuses it as revoked. (Most keys expired in
    /// November 2024 and the CRL is of April 2025: for them no CRL speaks for the signing time,
    /// so their status is checked against the root alone, and with the CRL it is "unknown".)
    #[test]
    fn every_real_gost512_key_signs_and_revoked_ones_are_refused_as_revoked() {
        use crate::eds::key_file::open_key_file;
        let trust = nca_gost_test_trust();
        let roots_only = nca_gost_test_trust_with(false);
        let dir = format!("{}/fixtures/nca/kalkan/p12", env!("CARGO_MANIFEST_DIR"));
        let (mut accepted, mut revoked) = (0, 0);
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let key = open_key_file(&std::fs::read(entry.path()).unwrap(), "Qwerty12").unwrap();
            let revoked_on = trust.crls.iter().find_map(|crl| {
                crl.tbs_cert_list
                    .revoked_certificates
                    .as_ref()?
                    .iter()
                    .find(|r| r.serial_number == key.certificate.tbs_certificate.serial_number)
                    .map(|r| time_to_unix(&r.revocation_date))
            });
            let at = match revoked_on {
                Some(date) => date + 3600,
                None => key.info.not_before + DAY,
            };
            let cms = sign_detached(
                CONTRACT,
                &key.private_key_pkcs8_der,
                &key.certificate,
                &key.chain,
                at,
            )
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let sd: SignedData = ContentInfo::from_der(&cms)
                .unwrap()
                .content
                .decode_as()
                .unwrap();
            let si = &sd.signer_infos.0.as_slice()[0];
            assert_eq!(
                si.digest_alg,
                alg_with_null(crate::eds::gost::nca::oid::DIGEST)
            );
            assert_eq!(
                si.signature_algorithm,
                alg_with_null(crate::eds::gost::nca::oid::SIGNATURE)
            );
            assert_eq!(si.signature.as_bytes().len(), 128);
            let purposes = key.info.key_purposes();
            assert!(
                purposes.contains(&Purpose::Authentication) && purposes.contains(&Purpose::Signing)
            );
            let result = verify_detached(&cms, CONTRACT, &trust, Purpose::Signing, at + 60);
            if revoked_on.is_some() {
                assert_eq!(result.err(), Some(VerifyError::Revoked), "{name}");
                revoked += 1;
            } else {
                // The CRL of April 2025 speaks for the signing time only if the key was still
                // valid when it was issued (a key revoked before then would be on it).
                let crl_issued = trust
                    .crls
                    .iter()
                    .map(|c| time_to_unix(&c.tbs_cert_list.this_update))
                    .min()
                    .unwrap();
                if crl_issued <= key.info.not_after {
                    result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                } else {
                    assert_eq!(
                        result.err(),
                        Some(VerifyError::RevocationUnavailable),
                        "{name}: no CRL speaks for then"
                    );
                }
                verify_detached(&cms, CONTRACT, &roots_only, Purpose::Signing, at + 60)
                    .unwrap_or_else(|e| panic!("{name}: {e:?}"));
                // The same single file logs in.
                verify_detached(
                    &cms,
                    CONTRACT,
                    &roots_only,
                    Purpose::Authentication,
                    at + 60,
                )
                .unwrap_or_else(|e| panic!("{name} (log-in): {e:?}"));
                accepted += 1;
            }
        }
        assert!(
            accepted > 0 && revoked > 0,
            "accepted {accepted}, revoked {revoked}"
        );
    }

    /// The test CA's IINs fail the control digit: accepted under a *test* anchor only. The
    /// same roots configured as production anchors refuse the very same signature.
    #[test]
    fn test_iins_pass_only_under_a_test_anchor_never_under_a_production_one() {
        let doc = kalkan("cms/individual_document.txt");
        let cms = ber_to_der(&kalkan("cms/individual_detached.der")).unwrap();
        let (signer, signing_time) = verify_signature_only(&cms, &doc).unwrap();
        let iin = CertInfo::from_certificate(&signer).iin.expect("IIN");
        assert!(iin.to_iin().is_none(), "{iin} fails the control digit");
        let at = signing_time + 60;

        // (Without the CRLs: they expired before this signature was made.)
        let test = nca_gost_test_trust_with(false);
        let v = verify_detached(&cms, &doc, &test, Purpose::Signing, at).expect("test anchor");
        assert!(v.under_test_anchor);

        let mut production = TrustStore::default();
        for f in ["root_test_gost_2022.cer", "nca_gost2022_test.cer"] {
            production.add_file(&kalkan(&format!("certs/{f}"))).unwrap();
        }
        assert_eq!(
            verify_detached(&cms, &doc, &production, Purpose::Signing, at).err(),
            Some(VerifyError::InvalidHolderId)
        );
    }

    /// A parent who holds one GOST512 file (our demo CA issues them like the national CA):
    /// the file opens from its `.p12`, logs in and signs the contract; the server accepts both
    /// under a *production* anchor (the demo IIN passes the control digit).
    #[test]
    fn a_parent_with_one_gost512_file_logs_in_and_signs_with_it() {
        use crate::eds::key_file::{check_usable, open_key_file};
        use crate::eds::p12_write::{P12Format, write_p12};
        let pki = pki();
        let (cert, key) = pki
            .inter
            .issue_person_gost512(&parent(Purpose::Signing, T0, T0 + 365 * DAY))
            .unwrap();
        let p12 = write_p12(&key, &cert, &pki.chain(), "Qwerty12", P12Format::Legacy).unwrap();
        let file = open_key_file(&p12, "Qwerty12").unwrap();
        assert_eq!(file.info.algorithm, crate::eds::KeyAlgorithm::Gost2015_512);
        for purpose in [Purpose::Authentication, Purpose::Signing] {
            check_usable(&file.info, purpose, NOW).unwrap();
            let cms = sign_detached(
                CONTRACT,
                &file.private_key_pkcs8_der,
                &file.certificate,
                &file.chain,
                SIGNED_AT,
            )
            .unwrap();
            let v = verify(&cms, &pki.trust(), purpose, NOW).unwrap();
            assert!(!v.under_test_anchor);
            assert_eq!(v.signer, cert);
        }
        // Someone else's GOST certificate with this key: refused before signing.
        let (other_cert, _) = pki
            .inter
            .issue_person_gost512(&parent(Purpose::Signing, T0, T0 + 365 * DAY))
            .unwrap();
        assert_eq!(
            sign_detached(CONTRACT, &key, &other_cert, &[], SIGNED_AT).err(),
            Some(crate::eds::SignError::KeyDoesNotMatchCertificate)
        );
        // A GOST512 key without nonRepudiation cannot sign contracts.
        let mut spec = parent(Purpose::Signing, T0, T0 + 365 * DAY);
        spec.wrong_key_usage = true;
        let (weak_cert, weak_key) = pki.inter.issue_person_gost512(&spec).unwrap();
        let cms = sign_detached(CONTRACT, &weak_key, &weak_cert, &pki.chain(), SIGNED_AT).unwrap();
        assert_eq!(
            verify(&cms, &pki.trust(), Purpose::Signing, NOW).err(),
            Some(VerifyError::WrongKeyUsage)
        );
    }

    #[test]
    fn a_gost_signature_labelled_as_rsa_is_an_unsupported_algorithm() {
        let doc = kalkan("cms/individual_document.txt");
        let cms = ber_to_der(&kalkan("cms/individual_detached.der")).unwrap();
        let relabelled = tamper(&cms, |sd| {
            with_signer_info(sd, |si| si.digest_alg = alg_with_null(oids::SHA256))
        });
        assert_eq!(
            verify_signature_only(&relabelled, &doc).err(),
            Some(VerifyError::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn every_verify_error_has_kazakh_and_russian_text() {
        assert_messages(VerifyError::ALL);
    }
}
