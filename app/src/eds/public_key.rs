//! A certificate's public key — RSA or GOST R 34.10-2015 512-bit — and the one question the
//! verifier asks of it: does this signature, made with this algorithm, verify over these
//! bytes? Used for CMS signer infos, certificates and CRLs alike.

use const_oid::ObjectIdentifier;
use der::Encode;
use rsa::RsaPublicKey;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::asn1::oids;
use super::gost;

/// A public key the verifier can use.
#[derive(Debug, Clone)]
pub enum PublicKey {
    /// RSA (the national CA's `AUTH_RSA256_…` / `RSA256_…` keys, our demo keys).
    Rsa(RsaPublicKey),
    /// GOST R 34.10-2015 512-bit on curve A (the national CA's `GOST512_…` keys).
    Gost512(Box<gost::Point>),
}

/// The digest algorithm of a CMS signer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    Sha256,
    Streebog512,
}

impl DigestAlgorithm {
    /// The algorithm named by `oid`, if supported.
    pub fn of_oid(oid: &ObjectIdentifier) -> Option<Self> {
        if *oid == oids::SHA256 {
            Some(Self::Sha256)
        } else if gost::nca::oid::is_digest(oid) {
            Some(Self::Streebog512)
        } else {
            None
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        use sha2::Digest;
        match self {
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Streebog512 => gost::nca::streebog512(data).to_vec(),
        }
    }
}

impl PublicKey {
    /// The key of `cert`, if it is an RSA key or a well-formed GOST 512 key (a point on the
    /// curve); `None` for anything else (GOST 2004, 256-bit GOST, malformed keys).
    pub fn of_certificate(cert: &Certificate) -> Option<Self> {
        if let Some(rsa) = rsa_public_key(cert) {
            return Some(Self::Rsa(rsa));
        }
        let spki = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
        gost::nca::public_key_from_spki(&spki).map(|p| Self::Gost512(Box::new(p)))
    }

    /// Is (`digest`, `signature_oid`) a CMS signer algorithm pair this key can have made?
    pub fn fits_signer_algorithms(
        &self,
        digest: DigestAlgorithm,
        signature_oid: &ObjectIdentifier,
    ) -> bool {
        match self {
            Self::Rsa(_) => {
                digest == DigestAlgorithm::Sha256
                    && (*signature_oid == oids::RSA_ENCRYPTION
                        || *signature_oid == oids::SHA256_WITH_RSA)
            }
            Self::Gost512(_) => {
                digest == DigestAlgorithm::Streebog512
                    && (gost::nca::oid::is_signature(signature_oid)
                        || gost::nca::oid::is_key(signature_oid))
            }
        }
    }

    /// Does `signature` verify over `data` with `algorithm` (a certificate's or CRL's
    /// signature algorithm, or a CMS signer's)? `false` when the algorithm does not fit the key.
    pub fn verifies(&self, algorithm: &ObjectIdentifier, data: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Rsa(key) => {
                let alg = if *algorithm == oids::RSA_ENCRYPTION {
                    oids::SHA256_WITH_RSA // CMS signers may name the key's OID (digest SHA-256)
                } else {
                    *algorithm
                };
                rsa_verify(alg, key, data, signature)
            }
            Self::Gost512(point) => {
                (gost::nca::oid::is_signature(algorithm) || gost::nca::oid::is_key(algorithm))
                    && gost::nca::verify_message(point, data, signature)
            }
        }
    }
}

/// The RSA public key of a certificate, or `None` if it is not an RSA key.
pub(crate) fn rsa_public_key(cert: &Certificate) -> Option<RsaPublicKey> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != oids::RSA_ENCRYPTION {
        return None;
    }
    let der_bytes = spki.to_der().ok()?;
    RsaPublicKey::from_public_key_der(&der_bytes).ok()
}

/// Does `key` verify `signature` over `tbs` with the RSA signature algorithm `alg`?
pub(crate) fn rsa_verify(
    alg: ObjectIdentifier,
    key: &RsaPublicKey,
    tbs: &[u8],
    sig: &[u8],
) -> bool {
    let result = if alg == oids::SHA256_WITH_RSA {
        key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(tbs), sig)
    } else if alg == oids::SHA384_WITH_RSA {
        key.verify(
            Pkcs1v15Sign::new::<sha2::Sha384>(),
            &sha2::Sha384::digest(tbs),
            sig,
        )
    } else if alg == oids::SHA512_WITH_RSA {
        key.verify(
            Pkcs1v15Sign::new::<sha2::Sha512>(),
            &sha2::Sha512::digest(tbs),
            sig,
        )
    } else {
        return false;
    };
    result.is_ok()
}
