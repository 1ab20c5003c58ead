//! Detached CMS (PKCS#7) signing of a contract's canonical bytes with a national-CA key:
//! RSA (`RSA256_…`, SHA-256) or GOST R 34.10-2015 512-bit (`GOST512_…`, Streebog-512).
//!
//! Runs in the browser (wasm32): no clock (the signing time is a parameter). RSA PKCS#1 v1.5
//! signatures are deterministic; a GOST signature takes a fresh nonce from the platform's
//! cryptographic RNG (`crypto.getRandomValues` in the browser).
//!
//! For GOST keys the shape is the one the national CA's Kalkan software writes (checked
//! against its real CMS in `app/fixtures/nca/kalkan/cms`): digest `1.2.398.3.10.1.3.3`
//! (Streebog-512) and signature `1.2.398.3.10.1.1.2.3.2`, both with `NULL` parameters,
//! the signature value as 128 bytes `r ‖ s` little-endian (see [`crate::eds::gost::nca`]).
//!
//! The output mirrors what NCA RK's own software produces for RSA keys (checked against the
//! sample `.cms` files of the national CA's test service): `ContentInfo(SignedData)` version 1,
//! digest SHA-256 (`parameters NULL`), `signatureAlgorithm sha256WithRSAEncryption`,
//! `SignerIdentifier = issuerAndSerialNumber`, signed attributes contentType (id-data),
//! signingTime and messageDigest. Differences: the content is detached (no `eContent`), the
//! signer's chain is included after the signer's certificate, and a `signingCertificateV2`
//! attribute (RFC 5035, ESSCertIDv2 with the SHA-256 of the signer's certificate) binds the
//! signature to that certificate, as CAdES-BES requires.

use const_oid::ObjectIdentifier;
use der::Encode;
use der::asn1::{Any, OctetString, SetOfVec};
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::Pkcs1v15Sign;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};

use super::asn1::{
    EssCertIdV2, IssuerSerial, SigningCertificateV2, alg_with_null, oids, unix_to_time,
};
use super::gost;
use super::public_key::{DigestAlgorithm, PublicKey};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};

crate::domain::messages::localized_error! {
    /// Why the browser could not sign.
    pub enum SignError {
        /// The private key is neither RSA nor GOST 512 (e.g. a GOST 2004 key).
        UnsupportedKey {
            code: "eds.sign.unsupported_key",
            en: "the private key is neither an RSA nor a GOST 512 key",
            kk: "Бұл кілт түрімен қол қою мүмкін емес. Аты RSA256_ немесе GOST512_ деп басталатын кілт файлын таңдаңыз.",
            ru: "Этим типом ключа подписать нельзя. Выберите файл ключа, имя которого начинается с RSA256_ или GOST512_.",
        },
        /// The private key does not belong to the certificate.
        KeyDoesNotMatchCertificate {
            code: "eds.sign.key_does_not_match_certificate",
            en: "the private key does not match the certificate",
            kk: "Кілт сертификатқа сәйкес келмейді. Кілт файлын тексеріңіз.",
            ru: "Ключ не соответствует сертификату. Проверьте файл ключа.",
        },
        /// The key, a certificate or the signing time could not be read or encoded.
        Malformed {
            code: "eds.sign.malformed",
            en: "the key or a certificate could not be read",
            kk: "Кілтті немесе сертификатты оқу мүмкін болмады. Кілт файлын қайта таңдаңыз.",
            ru: "Не удалось прочитать ключ или сертификат. Выберите файл ключа заново.",
        },
    }
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, der::Error> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

/// Reads a PKCS#8 `PrivateKeyInfo` and returns the RSA key in it.
pub(crate) fn rsa_key_from_pkcs8(der_bytes: &[u8]) -> Result<RsaPrivateKey, SignError> {
    let info = pkcs8::PrivateKeyInfo::try_from(der_bytes).map_err(|_| SignError::Malformed)?;
    if info.algorithm.oid != oids::RSA_ENCRYPTION {
        return Err(SignError::UnsupportedKey);
    }
    RsaPrivateKey::try_from(info).map_err(|_| SignError::Malformed)
}

/// Signs `content` (the contract's canonical bytes) and returns a DER `ContentInfo` holding a
/// detached `SignedData` (see the module documentation for its exact shape).
///
/// `private_key_pkcs8_der` is the unencrypted PKCS#8 key taken out of the parent's `.p12`;
/// `signer` is its certificate and `chain` the issuing CA certificates to embed (may be empty;
/// the server can only build the path to its trust anchors if intermediates are embedded or
/// configured there). `signing_time_unix` becomes the signingTime attribute.
pub fn sign_detached(
    content: &[u8],
    private_key_pkcs8_der: &[u8],
    signer: &Certificate,
    chain: &[Certificate],
    signing_time_unix: i64,
) -> Result<Vec<u8>, SignError> {
    let key = SigningKey::from_pkcs8(private_key_pkcs8_der)?;
    if !key.matches(signer) {
        return Err(SignError::KeyDoesNotMatchCertificate);
    }
    build_signed_data(content, &key, signer, chain, signing_time_unix)
}

/// The private key that signs.
enum SigningKey {
    Rsa(Box<RsaPrivateKey>),
    Gost512(gost::nca::PrivateKey),
}

impl SigningKey {
    fn from_pkcs8(der_bytes: &[u8]) -> Result<Self, SignError> {
        let info = pkcs8::PrivateKeyInfo::try_from(der_bytes).map_err(|_| SignError::Malformed)?;
        if gost::nca::oid::is_key(&info.algorithm.oid) {
            return gost::nca::PrivateKey::from_pkcs8_der(der_bytes)
                .map(Self::Gost512)
                .map_err(|e| match e {
                    gost::nca::GostKeyError::NotGost512 => SignError::UnsupportedKey,
                    gost::nca::GostKeyError::Malformed => SignError::Malformed,
                });
        }
        rsa_key_from_pkcs8(der_bytes).map(|k| Self::Rsa(Box::new(k)))
    }

    /// Is this the private key of `cert`'s public key?
    fn matches(&self, cert: &Certificate) -> bool {
        match (self, PublicKey::of_certificate(cert)) {
            (Self::Rsa(key), Some(PublicKey::Rsa(public))) => key.to_public_key() == public,
            (Self::Gost512(key), Some(PublicKey::Gost512(public))) => {
                gost::nca::public_key_bytes(&key.public_key())
                    == gost::nca::public_key_bytes(&public)
            }
            _ => false,
        }
    }

    fn digest(&self) -> DigestAlgorithm {
        match self {
            Self::Rsa(_) => DigestAlgorithm::Sha256,
            Self::Gost512(_) => DigestAlgorithm::Streebog512,
        }
    }

    fn digest_oid(&self) -> ObjectIdentifier {
        match self {
            Self::Rsa(_) => oids::SHA256,
            Self::Gost512(_) => gost::nca::oid::DIGEST,
        }
    }

    fn signature_oid(&self) -> ObjectIdentifier {
        match self {
            Self::Rsa(_) => oids::SHA256_WITH_RSA,
            Self::Gost512(_) => gost::nca::oid::SIGNATURE,
        }
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>, SignError> {
        match self {
            Self::Rsa(key) => key
                .sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(to_be_signed))
                .map_err(|_| SignError::Malformed),
            Self::Gost512(key) => key
                .sign_message(to_be_signed, &mut rand_core::OsRng)
                .map(|sig| sig.to_vec())
                .map_err(|_| SignError::Malformed),
        }
    }
}

fn build_signed_data(
    content: &[u8],
    key: &SigningKey,
    signer: &Certificate,
    chain: &[Certificate],
    signing_time_unix: i64,
) -> Result<Vec<u8>, SignError> {
    let malformed = |_| SignError::Malformed;
    let content_digest = key.digest().digest(content);
    let signer_der = signer.to_der().map_err(malformed)?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(Sha256::digest(&signer_der).to_vec()).map_err(malformed)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    signer.tbs_certificate.issuer.clone(),
                )],
                serial_number: signer.tbs_certificate.serial_number.clone(),
            }),
        }],
        policies: None,
    };
    let signing_time = unix_to_time(signing_time_unix).map_err(malformed)?;
    let attrs = vec![
        attribute(
            oids::CONTENT_TYPE,
            Any::encode_from(&oids::ID_DATA).map_err(malformed)?,
        ),
        attribute(
            oids::SIGNING_TIME,
            Any::encode_from(&signing_time).map_err(malformed)?,
        ),
        attribute(
            oids::MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(content_digest.to_vec()).map_err(malformed)?)
                .map_err(malformed)?,
        ),
        attribute(
            oids::SIGNING_CERTIFICATE_V2,
            Any::encode_from(&ess).map_err(malformed)?,
        ),
    ]
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(malformed)?;
    // DER-sorted SET OF: exactly the bytes that are signed (RFC 5652 §5.4).
    let signed_attrs = SetOfVec::try_from(attrs).map_err(malformed)?;
    let to_be_signed = signed_attrs.to_der().map_err(malformed)?;
    let signature = key.sign(&to_be_signed)?;

    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate.issuer.clone(),
            serial_number: signer.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: alg_with_null(key.digest_oid()),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: alg_with_null(key.signature_oid()),
        signature: OctetString::new(signature).map_err(malformed)?,
        unsigned_attrs: None,
    };
    let mut certs = vec![CertificateChoices::Certificate(signer.clone())];
    for c in chain {
        if c != signer
            && !certs
                .iter()
                .any(|x| x == &CertificateChoices::Certificate(c.clone()))
        {
            certs.push(CertificateChoices::Certificate(c.clone()));
        }
    }
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![alg_with_null(key.digest_oid())])
            .map_err(malformed)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: oids::ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet::try_from(certs).map_err(malformed)?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![signer_info]).map_err(malformed)?,
    };
    let content_info = ContentInfo {
        content_type: oids::ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(malformed)?,
    };
    content_info.to_der().map_err(malformed)
}

#[cfg(test)]
mod tests {
    use der::Decode;

    use super::*;
    use crate::eds::test_support::*;

    fn parse(cms_der: &[u8]) -> SignedData {
        let ci = ContentInfo::from_der(cms_der).expect("ContentInfo");
        assert_eq!(ci.content_type, oids::ID_SIGNED_DATA);
        ci.content.decode_as().expect("SignedData")
    }

    #[test]
    fn a_parent_signs_the_contract_and_gets_a_detached_cms_shaped_like_the_national_cas() {
        let pki = pki();
        let cms = sign_detached(
            CONTRACT,
            &pki.sign_key,
            &pki.sign_cert,
            &pki.chain(),
            SIGNED_AT,
        )
        .expect("signed");
        let sd = parse(&cms);
        assert_eq!(sd.version, CmsVersion::V1);
        assert_eq!(sd.encap_content_info.econtent_type, oids::ID_DATA);
        assert!(sd.encap_content_info.econtent.is_none(), "detached");
        let certs = sd.certificates.expect("certificates").0;
        assert_eq!(certs.len(), 2, "signer + intermediate");
        assert!(
            certs
                .iter()
                .any(|c| c == &CertificateChoices::Certificate(pki.sign_cert.clone()))
        );
        let [si] = sd.signer_infos.0.as_slice() else {
            panic!("one signer")
        };
        assert_eq!(si.digest_alg, alg_with_null(oids::SHA256));
        assert_eq!(si.signature_algorithm, alg_with_null(oids::SHA256_WITH_RSA));
        assert!(
            matches!(&si.sid, SignerIdentifier::IssuerAndSerialNumber(isn)
            if isn.serial_number == pki.sign_cert.tbs_certificate.serial_number)
        );
        let attrs: Vec<ObjectIdentifier> = si
            .signed_attrs
            .as_ref()
            .expect("signed attrs")
            .iter()
            .map(|a| a.oid)
            .collect();
        for oid in [
            oids::CONTENT_TYPE,
            oids::MESSAGE_DIGEST,
            oids::SIGNING_TIME,
            oids::SIGNING_CERTIFICATE_V2,
        ] {
            assert!(attrs.contains(&oid), "missing {oid}");
        }
        let ess = si
            .signed_attrs
            .as_ref()
            .unwrap()
            .iter()
            .find(|a| a.oid == oids::SIGNING_CERTIFICATE_V2)
            .unwrap();
        let ess: SigningCertificateV2 = ess.values.get(0).unwrap().decode_as().expect("ESS");
        assert_eq!(
            ess.certs[0].cert_hash.as_bytes(),
            Sha256::digest(pki.sign_cert.to_der().unwrap()).as_slice()
        );
        // Deterministic: PKCS#1 v1.5 needs no randomness (so no RNG in the browser).
        let again = sign_detached(
            CONTRACT,
            &pki.sign_key,
            &pki.sign_cert,
            &pki.chain(),
            SIGNED_AT,
        );
        assert_eq!(again.as_deref(), Ok(cms.as_slice()));
    }

    #[test]
    fn openssl_accepts_the_parents_signature_with_the_root_as_its_only_trust() {
        if !have_openssl() {
            return;
        }
        let pki = pki();
        let cms = sign_detached(
            CONTRACT,
            &pki.sign_key,
            &pki.sign_cert,
            &pki.chain(),
            SIGNED_AT,
        )
        .expect("signed");
        let dir = temp_dir("openssl-cms-verify");
        std::fs::write(dir.join("content.bin"), CONTRACT).unwrap();
        std::fs::write(dir.join("sig.p7s"), &cms).unwrap();
        std::fs::write(dir.join("ca.pem"), pem(pki.root.certificate())).unwrap();
        let path = |f: &str| dir.join(f).to_string_lossy().into_owned();
        let attime = SIGNED_AT.to_string();
        let (ok, out) = openssl(&[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            &path("sig.p7s"),
            "-content",
            &path("content.bin"),
            "-CAfile",
            &path("ca.pem"),
            "-purpose",
            "any",
            "-attime",
            &attime,
            "-out",
            &path("out.bin"),
        ]);
        assert!(ok, "openssl cms -verify failed:\n{out}");
        assert!(out.contains("Verification successful"), "{out}");
        assert_eq!(std::fs::read(dir.join("out.bin")).unwrap(), CONTRACT);

        // And openssl notices a changed contract.
        std::fs::write(dir.join("content.bin"), b"another contract").unwrap();
        let (ok, out) = openssl(&[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            &path("sig.p7s"),
            "-content",
            &path("content.bin"),
            "-CAfile",
            &path("ca.pem"),
            "-purpose",
            "any",
            "-attime",
            &attime,
            "-out",
            &path("out.bin"),
        ]);
        assert!(!ok, "openssl accepted a changed contract:\n{out}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_auth_key_with_the_signing_certificate_is_refused_before_signing() {
        let pki = pki();
        let err = sign_detached(CONTRACT, &pki.auth_key, &pki.sign_cert, &[], SIGNED_AT);
        assert_eq!(err, Err(SignError::KeyDoesNotMatchCertificate));
    }

    #[test]
    fn a_non_rsa_key_is_refused() {
        // A PKCS#8 PrivateKeyInfo labelled id-ecPublicKey (P-256), as a GOST/EC key would be.
        let ec = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
        let p256 = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
        let info = pkcs8::PrivateKeyInfo {
            algorithm: spki::AlgorithmIdentifierRef {
                oid: ec,
                parameters: Some(der::asn1::AnyRef::from(&p256)),
            },
            private_key: &[0x30, 0x03, 0x02, 0x01, 0x01],
            public_key: None,
        };
        let der_key = info.to_der().unwrap();
        let pki = pki();
        let err = sign_detached(CONTRACT, &der_key, &pki.sign_cert, &[], SIGNED_AT);
        assert_eq!(err, Err(SignError::UnsupportedKey));
    }

    #[test]
    fn garbage_instead_of_a_key_or_a_negative_time_is_malformed() {
        let pki = pki();
        assert_eq!(
            sign_detached(CONTRACT, b"not a key", &pki.sign_cert, &[], SIGNED_AT),
            Err(SignError::Malformed)
        );
        assert_eq!(
            sign_detached(CONTRACT, &pki.sign_key, &pki.sign_cert, &[], -1),
            Err(SignError::Malformed)
        );
    }

    #[test]
    fn every_sign_error_has_kazakh_and_russian_text() {
        assert_messages(SignError::ALL);
    }
}
