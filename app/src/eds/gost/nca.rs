//! How the national CA (NCA RK, «Kalkan» software) writes GOST R 34.10-2015 512-bit keys,
//! digests and signatures as bytes — learnt from its real key files, certificates and CMS
//! signatures (`app/fixtures/nca/kalkan`), and tested against them:
//!
//! - **private key**: PKCS#8 `PrivateKeyInfo`, algorithm [`oid::KEY`] with parameters
//!   `SEQUENCE { curve OID, digest OID }`, `privateKey` = `OCTET STRING { OCTET STRING (64) }`
//!   holding `d` **little-endian**;
//! - **public key**: the `subjectPublicKey` BIT STRING holds `OCTET STRING (128)` =
//!   `x ‖ y`, each **little-endian** (as RFC 4491 says for GOST keys);
//! - **digest**: Streebog-512 bytes exactly as the hash outputs them (that is the CMS
//!   `messageDigest`); the signature's integer `α` reads them **little-endian**;
//! - **signature**: 128 bytes `r ‖ s`, each **little-endian** (the byte-reverse of RFC 4491's
//!   big-endian `s ‖ r`); the same in CMS `SignerInfo`, certificates and CRLs.
//!
//! The TC 26 (RFC 9215) OIDs of the same algorithms are accepted too.

use std::sync::OnceLock;

use const_oid::ObjectIdentifier;
use crypto_bigint::{Encoding, U512};
use der::asn1::OctetString;
use der::{Decode, Encode};
use rand_core::{CryptoRng, RngCore};
use spki::SubjectPublicKeyInfoRef;
use streebog::{Digest, Streebog512};
use zeroize::{Zeroize, Zeroizing};

use super::curve::{COORDINATE_BYTES, Curve};
use super::point::Point;
use super::signature::{self, Signature};

/// Bytes of a signature (`r ‖ s`).
pub const SIGNATURE_BYTES: usize = 2 * COORDINATE_BYTES;

/// Bytes of a public key (`x ‖ y`).
pub const PUBLIC_KEY_BYTES: usize = 2 * COORDINATE_BYTES;

/// The OIDs of GOST R 34.10-2015 512-bit with Streebog-512.
pub mod oid {
    use const_oid::ObjectIdentifier as Oid;

    /// NCA: public key GOST R 34.10-2015 512-bit.
    pub const KEY: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.2");
    /// NCA: curve parameters A (= TC 26 `paramSetA` 512).
    pub const CURVE_A: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.2.1");
    /// NCA: signature GOST R 34.10-2015 512-bit with Streebog-512.
    pub const SIGNATURE: Oid = Oid::new_unwrap("1.2.398.3.10.1.1.2.3.2");
    /// NCA: digest Streebog-512.
    pub const DIGEST: Oid = Oid::new_unwrap("1.2.398.3.10.1.3.3");
    /// TC 26: public key GOST R 34.10-2012 512-bit.
    pub const TC26_KEY: Oid = Oid::new_unwrap("1.2.643.7.1.1.1.2");
    /// TC 26: `id-tc26-gost-3410-12-512-paramSetA`.
    pub const TC26_CURVE_A: Oid = Oid::new_unwrap("1.2.643.7.1.2.1.2.1");
    /// TC 26: signature with Streebog-512.
    pub const TC26_SIGNATURE: Oid = Oid::new_unwrap("1.2.643.7.1.1.3.3");
    /// TC 26: Streebog-512.
    pub const TC26_DIGEST: Oid = Oid::new_unwrap("1.2.643.7.1.1.2.3");

    /// Is `oid` a GOST 512 public-key algorithm?
    pub fn is_key(oid: &Oid) -> bool {
        *oid == KEY || *oid == TC26_KEY
    }
    /// Is `oid` the GOST 512 signature algorithm?
    pub fn is_signature(oid: &Oid) -> bool {
        *oid == SIGNATURE || *oid == TC26_SIGNATURE
    }
    /// Is `oid` Streebog-512?
    pub fn is_digest(oid: &Oid) -> bool {
        *oid == DIGEST || *oid == TC26_DIGEST
    }
    /// Is `oid` the `paramSetA` 512 curve?
    pub fn is_curve_a(oid: &Oid) -> bool {
        *oid == CURVE_A || *oid == TC26_CURVE_A
    }
}

/// The national CA's curve (built once).
pub fn curve() -> &'static Curve {
    static CURVE: OnceLock<Curve> = OnceLock::new();
    CURVE.get_or_init(Curve::paramset_a_512)
}

/// Streebog-512 of `data`, as the national CA writes it (`messageDigest`).
pub fn streebog512(data: &[u8]) -> [u8; 64] {
    Streebog512::digest(data).into()
}

fn le_to_uint(bytes: &[u8]) -> U512 {
    let mut be = [0u8; COORDINATE_BYTES];
    for (dst, src) in be.iter_mut().zip(bytes.iter().rev()) {
        *dst = *src;
    }
    let value = U512::from_be_slice(&be);
    be.zeroize();
    value
}

fn uint_to_le(value: &U512) -> [u8; COORDINATE_BYTES] {
    let mut le = value.to_be_bytes();
    le.reverse();
    le
}

/// The signature integer `α` of a Streebog-512 digest.
fn alpha(digest: &[u8; 64]) -> U512 {
    le_to_uint(digest)
}

/// Does the key's `parameters` (absent, or `SEQUENCE { curve, digest [, …] }`) name curve A?
fn parameters_name_curve_a(parameters: Option<&der::asn1::AnyRef<'_>>) -> bool {
    let Some(params) = parameters else {
        return true; // the algorithm OID alone: the NCA's only 512-bit curve
    };
    let Ok(seq) = params.decode_as::<Vec<der::asn1::Any>>() else {
        return false;
    };
    seq.first()
        .and_then(|first| first.decode_as::<ObjectIdentifier>().ok())
        .is_some_and(|curve| oid::is_curve_a(&curve))
}

/// A GOST 512 public key taken from a certificate's `SubjectPublicKeyInfo` DER: `None` unless
/// the algorithm is GOST 512 on curve A and the point is well-formed and on the curve.
pub fn public_key_from_spki(spki_der: &[u8]) -> Option<Point> {
    let spki = SubjectPublicKeyInfoRef::from_der(spki_der).ok()?;
    if !oid::is_key(&spki.algorithm.oid)
        || !parameters_name_curve_a(spki.algorithm.parameters.as_ref())
    {
        return None;
    }
    let inner = OctetString::from_der(spki.subject_public_key.as_bytes()?).ok()?;
    public_key_from_bytes(inner.as_bytes())
}

/// A public key from its 128 bytes `x ‖ y` (little-endian each).
pub fn public_key_from_bytes(bytes: &[u8]) -> Option<Point> {
    if bytes.len() != PUBLIC_KEY_BYTES {
        return None;
    }
    let (x, y) = bytes.split_at(COORDINATE_BYTES);
    Point::from_affine(curve(), &le_to_uint(x), &le_to_uint(y))
}

/// The 128 bytes `x ‖ y` of a public key (`None` for the identity).
pub fn public_key_bytes(key: &Point) -> Option<[u8; PUBLIC_KEY_BYTES]> {
    let (x, y) = key.to_affine()?;
    let mut out = [0u8; PUBLIC_KEY_BYTES];
    out[..COORDINATE_BYTES].copy_from_slice(&uint_to_le(&x));
    out[COORDINATE_BYTES..].copy_from_slice(&uint_to_le(&y));
    Some(out)
}

/// Does the 128-byte `signature` verify over `message` (hashed here with Streebog-512) under
/// `key`? Wrong lengths and out-of-range values are simply `false`.
pub fn verify_message(key: &Point, message: &[u8], signature_bytes: &[u8]) -> bool {
    if signature_bytes.len() != SIGNATURE_BYTES {
        return false;
    }
    let (r, s) = signature_bytes.split_at(COORDINATE_BYTES);
    let sig = Signature {
        r: le_to_uint(r),
        s: le_to_uint(s),
    };
    signature::verify(curve(), key, &alpha(&streebog512(message)), &sig)
}

/// Why a GOST private key cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GostKeyError {
    /// Not a GOST 512 key on curve A (another algorithm or curve).
    NotGost512,
    /// The PKCS#8 structure or the key value is malformed or out of range.
    Malformed,
}

/// A GOST 512 private key, zeroised on drop.
pub struct PrivateKey {
    d: Zeroizing<U512>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

impl PrivateKey {
    /// Reads the key from the PKCS#8 `PrivateKeyInfo` DER found in a national-CA key file.
    pub fn from_pkcs8_der(der_bytes: &[u8]) -> Result<Self, GostKeyError> {
        let info =
            pkcs8::PrivateKeyInfo::from_der(der_bytes).map_err(|_| GostKeyError::Malformed)?;
        if !oid::is_key(&info.algorithm.oid)
            || !parameters_name_curve_a(info.algorithm.parameters.as_ref())
        {
            return Err(GostKeyError::NotGost512);
        }
        // Usually OCTET STRING { OCTET STRING (64) }; a bare 64-byte value is accepted too.
        let inner = OctetString::from_der(info.private_key).ok();
        let raw = inner
            .as_ref()
            .map(|o| o.as_bytes())
            .unwrap_or(info.private_key);
        if raw.len() != COORDINATE_BYTES {
            return Err(GostKeyError::Malformed);
        }
        let d = Zeroizing::new(le_to_uint(raw));
        if bool::from(crypto_bigint::Zero::is_zero(&*d)) || *d >= curve().q {
            return Err(GostKeyError::Malformed);
        }
        Ok(Self { d })
    }

    /// The PKCS#8 `PrivateKeyInfo` DER of `d` (little-endian 64 bytes, OIDs as the NCA writes).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, GostKeyError> {
        let value = Zeroizing::new(uint_to_le(&self.d));
        let inner = Zeroizing::new(
            OctetString::new(value.to_vec())
                .and_then(|o| o.to_der())
                .map_err(|_| GostKeyError::Malformed)?,
        );
        let params = key_parameters_der().map_err(|_| GostKeyError::Malformed)?;
        let params_any =
            der::asn1::AnyRef::from_der(&params).map_err(|_| GostKeyError::Malformed)?;
        let info = pkcs8::PrivateKeyInfo {
            algorithm: spki::AlgorithmIdentifierRef {
                oid: oid::KEY,
                parameters: Some(params_any),
            },
            private_key: &inner,
            public_key: None,
        };
        info.to_der()
            .map(Zeroizing::new)
            .map_err(|_| GostKeyError::Malformed)
    }

    /// A new random key.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        loop {
            let mut bytes = Zeroizing::new([0u8; COORDINATE_BYTES]);
            rng.fill_bytes(bytes.as_mut());
            let d = Zeroizing::new(U512::from_be_slice(bytes.as_ref()));
            if !bool::from(crypto_bigint::Zero::is_zero(&*d)) && *d < curve().q {
                return Self { d };
            }
        }
    }

    /// The public key `Q = d·P`.
    pub fn public_key(&self) -> Point {
        signature::public_key(curve(), &self.d).expect("d was checked to be in 1..q")
    }

    /// Signs `message` (Streebog-512 here): 128 bytes `r ‖ s`, little-endian each.
    pub fn sign_message<R: RngCore + CryptoRng>(
        &self,
        message: &[u8],
        rng: &mut R,
    ) -> Result<[u8; SIGNATURE_BYTES], GostKeyError> {
        let sig = signature::sign(curve(), &self.d, &alpha(&streebog512(message)), rng)
            .ok_or(GostKeyError::Malformed)?;
        let mut out = [0u8; SIGNATURE_BYTES];
        out[..COORDINATE_BYTES].copy_from_slice(&uint_to_le(&sig.r));
        out[COORDINATE_BYTES..].copy_from_slice(&uint_to_le(&sig.s));
        Ok(out)
    }
}

/// `SEQUENCE { curve A, Streebog-512 }`, the key parameters the national CA writes.
pub fn key_parameters_der() -> der::Result<Vec<u8>> {
    vec![oid::CURVE_A, oid::DIGEST].to_der()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::key_file::open_key_file;

    fn kalkan(path: &str) -> Vec<u8> {
        let full = format!("{}/fixtures/nca/kalkan/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
    }

    fn gost512_files() -> Vec<(String, Vec<u8>)> {
        let dir = format!("{}/fixtures/nca/kalkan/p12", env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "p12"))
            .map(|p| (p.display().to_string(), std::fs::read(&p).expect("read")))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn every_real_gost512_key_file_holds_the_private_key_of_its_certificate_and_signs() {
        let files = gost512_files();
        assert_eq!(files.len(), 24, "all the national CA's GOST512 test files");
        for (name, bytes) in files {
            let key_file =
                open_key_file(&bytes, "Qwerty12").unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let key = PrivateKey::from_pkcs8_der(&key_file.private_key_pkcs8_der)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let spki = key_file
                .certificate
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .expect("spki");
            let cert_key = public_key_from_spki(&spki).unwrap_or_else(|| panic!("{name}: key"));
            assert_eq!(
                public_key_bytes(&key.public_key()),
                public_key_bytes(&cert_key),
                "{name}: d·P is the certificate's key"
            );
            let sig = key
                .sign_message(b"contract", &mut rand_core::OsRng)
                .expect("signed");
            assert!(verify_message(&cert_key, b"contract", &sig), "{name}");
            assert!(!verify_message(&cert_key, b"contracT", &sig), "{name}");
            // Our PKCS#8 writing reads back to the same key.
            let again =
                PrivateKey::from_pkcs8_der(&key.to_pkcs8_der().expect("der")).expect("read");
            assert_eq!(
                public_key_bytes(&again.public_key()),
                public_key_bytes(&cert_key)
            );
        }
    }

    /// The signed attributes of a CMS SignerInfo, as signed (SET OF).
    fn signed_attrs_and_signature(cms_der: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let ci = cms::content_info::ContentInfo::from_der(cms_der).expect("cms");
        let sd: cms::signed_data::SignedData = ci.content.decode_as().expect("signed data");
        let si = &sd.signer_infos.0.as_slice()[0];
        assert!(oid::is_digest(&si.digest_alg.oid));
        assert!(oid::is_signature(&si.signature_algorithm.oid));
        let attrs = si
            .signed_attrs
            .as_ref()
            .expect("attrs")
            .to_der()
            .expect("der");
        let cert = match &sd.certificates.as_ref().expect("certs").0.as_slice()[0] {
            cms::cert::CertificateChoices::Certificate(c) => c.clone(),
            _ => panic!("certificate"),
        };
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .expect("spki");
        (attrs, si.signature.as_bytes().to_vec(), spki)
    }

    #[test]
    fn the_national_cas_own_cms_signatures_verify_and_a_flipped_bit_does_not() {
        for name in ["individual", "legal_entity"] {
            for form in ["detached", "attached"] {
                let cms = kalkan(&format!("cms/{name}_{form}.der"));
                let (attrs, sig, spki) = signed_attrs_and_signature(&cms);
                let key = public_key_from_spki(&spki).expect("key on the curve");
                assert!(verify_message(&key, &attrs, &sig), "{name} {form}");
                let mut bad = sig.clone();
                bad[5] ^= 1;
                assert!(!verify_message(&key, &attrs, &bad), "{name} {form}");
                assert!(!verify_message(&key, &attrs[1..], &sig), "{name} {form}");
                assert!(!verify_message(&key, &attrs, &sig[..127]), "{name} {form}");
            }
        }
    }

    #[test]
    fn the_test_root_signs_the_intermediate_and_the_intermediate_its_crls() {
        use x509_cert::Certificate;
        use x509_cert::crl::CertificateList;
        let root = Certificate::from_der(&kalkan("certs/root_test_gost_2022.cer")).unwrap();
        let inter = Certificate::from_der(&kalkan("certs/nca_gost2022_test.cer")).unwrap();
        let root_key = public_key_from_spki(
            &root
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .unwrap(),
        )
        .unwrap();
        let inter_key = public_key_from_spki(
            &inter
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .unwrap(),
        )
        .unwrap();
        let tbs = inter.tbs_certificate.to_der().unwrap();
        let sig = inter.signature.as_bytes().unwrap();
        assert!(verify_message(&root_key, &tbs, sig));
        assert!(!verify_message(&inter_key, &tbs, sig));
        let root_tbs = root.tbs_certificate.to_der().unwrap();
        assert!(verify_message(
            &root_key,
            &root_tbs,
            root.signature.as_bytes().unwrap()
        ));
        for crl in [
            "certs/nca_gost2022_test.crl",
            "certs/nca_gost2022_d_test.crl",
        ] {
            let crl = CertificateList::from_der(&kalkan(crl)).unwrap();
            let tbs = crl.tbs_cert_list.to_der().unwrap();
            assert!(verify_message(
                &inter_key,
                &tbs,
                crl.signature.as_bytes().unwrap()
            ));
        }
    }

    #[test]
    fn malformed_points_keys_and_other_algorithms_are_refused() {
        assert!(public_key_from_bytes(&[0u8; 128]).is_none());
        assert!(public_key_from_bytes(&[1u8; 127]).is_none());
        let mut off_curve = public_key_bytes(&Point::generator(curve())).unwrap();
        off_curve[70] ^= 1;
        assert!(public_key_from_bytes(&off_curve).is_none());
        // An RSA key file is not a GOST key.
        let rsa = crate::eds::test_support::pki();
        assert_eq!(
            PrivateKey::from_pkcs8_der(&rsa.sign_key).err(),
            Some(GostKeyError::NotGost512)
        );
        assert_eq!(
            PrivateKey::from_pkcs8_der(b"garbage").err(),
            Some(GostKeyError::Malformed)
        );
    }
}
