//! Writing PKCS#12 (`.p12`) key files for the demo PKI (RFC 7292), in the two formats met in
//! practice:
//!
//! - [`P12Format::Legacy`]: what the national CA issues (and `openssl pkcs12 -export -legacy`
//!   writes): shrouded key bag `pbeWithSHAAnd3-KeyTripleDES-CBC`, certificates in an
//!   `EncryptedData` with `pbeWithSHAAnd40BitRC2-CBC`, HMAC-SHA-1 MAC; 2048 iterations.
//! - [`P12Format::Pbes2`]: OpenSSL 3's default: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for
//!   the key and the certificates, HMAC-SHA-256 MAC; 2048 iterations.
//!
//! The PKCS#12 key derivation (RFC 7292 appendix B.2, password as BMPString UTF-16BE with a
//! terminating 00 00) is implemented here; it serves the legacy PBEs and the MAC of both
//! formats. For PBES2 the password is its UTF-8 bytes (RFC 8018), as OpenSSL does.
//!
//! Layout mirrors the national CA's files: the authenticated safe holds a `Data` with the
//! shrouded key bag, then an `EncryptedData` with the leaf certificate bag followed by the
//! chain's bags. The key and leaf certificate bags carry `localKeyId` (the certificate's
//! subjectKeyIdentifier, or SHA-1 of the certificate if it has none) and `friendlyName` (that
//! id in lower-case hex), as NCA RK's files do.

use cipher::generic_array::GenericArray;
use cipher::{BlockEncryptMut, InnerIvInit, KeyInit, KeyIvInit};
use const_oid::ObjectIdentifier;
use der::asn1::{Any, BmpString, OctetString, SetOfVec};
use der::{Encode, Sequence};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use zeroize::Zeroizing;

use super::asn1::{alg_with_null, oids};

crate::domain::messages::localized_error! {
    /// Why a `.p12` file could not be written.
    pub enum P12WriteError {
        /// The key or a certificate could not be encoded.
        Malformed {
            code: "eds.p12.malformed",
            en: "the key or a certificate could not be written to the key file",
            kk: "Кілтті немесе сертификатты кілт файлына жазу мүмкін болмады.",
            ru: "Не удалось записать ключ или сертификат в файл ключа.",
        },
        /// The operating system gave no randomness for salts and IVs.
        NoRandomness {
            code: "eds.p12.no_randomness",
            en: "no randomness available for the key file",
            kk: "Кілт файлын шифрлауға кездейсоқ сандар алынбады.",
            ru: "Не удалось получить случайные числа для шифрования файла ключа.",
        },
    }
}

impl From<der::Error> for P12WriteError {
    fn from(_: der::Error) -> Self {
        P12WriteError::Malformed
    }
}

/// Which encryption the `.p12` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum P12Format {
    /// 3DES key bag, RC2-40 certificates, SHA-1 MAC (national CA, `openssl -legacy`).
    Legacy,
    /// PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC, SHA-256 MAC (OpenSSL 3 default).
    Pbes2,
}

/// Iteration count of every KDF and of the MAC.
pub const ITERATIONS: u32 = 2048;

mod p12_oids {
    use const_oid::ObjectIdentifier as Oid;

    pub const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
    pub const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");
    pub const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");
    pub const PBKDF2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.12");
    pub const HMAC_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.2.9");
    pub const AES256_CBC: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.1.42");
    pub const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
    pub const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
    pub const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");
    pub const FRIENDLY_NAME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.20");
    pub const LOCAL_KEY_ID: Oid = Oid::new_unwrap("1.2.840.113549.1.9.21");
}

#[derive(Sequence)]
struct Pfx {
    version: u8,
    auth_safe: cms::content_info::ContentInfo,
    mac_data: MacData,
}

#[derive(Sequence)]
struct MacData {
    mac: DigestInfo,
    mac_salt: OctetString,
    iterations: u32,
}

#[derive(Sequence)]
struct DigestInfo {
    algorithm: AlgorithmIdentifierOwned,
    digest: OctetString,
}

#[derive(Sequence)]
struct SafeBag {
    bag_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    bag_value: Any,
    #[asn1(optional = "true")]
    bag_attributes: Option<SetOfVec<Attribute>>,
}

#[derive(Sequence)]
struct CertBag {
    cert_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    cert_value: OctetString,
}

#[derive(Sequence)]
struct EncryptedPrivateKeyInfo {
    encryption_algorithm: AlgorithmIdentifierOwned,
    encrypted_data: OctetString,
}

#[derive(Sequence)]
struct EncryptedData {
    version: u8,
    encrypted_content_info: EncryptedContentInfo,
}

#[derive(Sequence)]
struct EncryptedContentInfo {
    content_type: ObjectIdentifier,
    content_encryption_algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    encrypted_content: OctetString,
}

#[derive(Sequence)]
struct Pkcs12PbeParams {
    salt: OctetString,
    iterations: u32,
}

#[derive(Sequence)]
struct Pbes2Params {
    key_derivation_func: AlgorithmIdentifierOwned,
    encryption_scheme: AlgorithmIdentifierOwned,
}

#[derive(Sequence)]
struct Pbkdf2Params {
    salt: OctetString,
    iteration_count: u32,
    key_length: u8,
    prf: AlgorithmIdentifierOwned,
}

/// RFC 7292 B.1: the password as BMPString (UTF-16BE) with a two-byte zero terminator.
fn bmp_password(password: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(password.len() * 2 + 2));
    for unit in password.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// RFC 7292 appendix B.2 key derivation (the reader's: RustCrypto's `pkcs12::kdf`).
fn pkcs12_kdf<D>(
    password_bmp: &[u8],
    salt: &[u8],
    id: u8,
    iterations: u32,
    out_len: usize,
) -> Zeroizing<Vec<u8>>
where
    D: Digest + sha2::digest::FixedOutputReset + sha2::digest::core_api::BlockSizeUser,
{
    super::p12_read::pkcs12_kdf::<D>(password_bmp, salt, id, u64::from(iterations), out_len)
}

fn random_bytes<const N: usize>() -> Result<[u8; N], P12WriteError> {
    let mut out = [0u8; N];
    OsRng
        .try_fill_bytes(&mut out)
        .map_err(|_| P12WriteError::NoRandomness)?;
    Ok(out)
}

/// PKCS#7 padding then CBC encryption with an initialised `cbc::Encryptor`.
fn cbc_encrypt<C: BlockEncryptMut>(mut enc: C, data: &[u8]) -> Vec<u8> {
    let bs = C::block_size();
    let pad = bs - data.len() % bs;
    let mut buf = data.to_vec();
    buf.resize(data.len() + pad, pad as u8);
    for block in buf.chunks_exact_mut(bs) {
        enc.encrypt_block_mut(GenericArray::from_mut_slice(block));
    }
    buf
}

/// Encrypts `data` for `format`: returns the AlgorithmIdentifier and the ciphertext.
/// `legacy_cipher` picks 3DES (key bag) or RC2-40 (certificates) in the legacy format.
fn encrypt(
    format: P12Format,
    legacy_3des: bool,
    password: &str,
    data: &[u8],
) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), P12WriteError> {
    match format {
        P12Format::Legacy => {
            let salt = random_bytes::<20>()?;
            let pass = bmp_password(password);
            let iv = pkcs12_kdf::<Sha1>(&pass, &salt, 2, ITERATIONS, 8);
            let (oid, ciphertext) = if legacy_3des {
                let key = pkcs12_kdf::<Sha1>(&pass, &salt, 1, ITERATIONS, 24);
                let enc = cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                    .map_err(|_| P12WriteError::Malformed)?;
                (p12_oids::PBE_SHA1_3DES, cbc_encrypt(enc, data))
            } else {
                let key = pkcs12_kdf::<Sha1>(&pass, &salt, 1, ITERATIONS, 5);
                let rc2 = rc2::Rc2::new_with_eff_key_len(&key, 40);
                let enc = cbc::Encryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, &iv)
                    .map_err(|_| P12WriteError::Malformed)?;
                (p12_oids::PBE_SHA1_RC2_40, cbc_encrypt(enc, data))
            };
            let params = Pkcs12PbeParams {
                salt: OctetString::new(salt.to_vec())?,
                iterations: ITERATIONS,
            };
            Ok((
                AlgorithmIdentifierOwned {
                    oid,
                    parameters: Some(Any::encode_from(&params)?),
                },
                ciphertext,
            ))
        }
        P12Format::Pbes2 => {
            let salt = random_bytes::<16>()?;
            let iv = random_bytes::<16>()?;
            let mut key = Zeroizing::new([0u8; 32]);
            pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, ITERATIONS, &mut *key);
            let enc = cbc::Encryptor::<aes::Aes256>::new_from_slices(&*key, &iv)
                .map_err(|_| P12WriteError::Malformed)?;
            let ciphertext = cbc_encrypt(enc, data);
            let params = Pbes2Params {
                key_derivation_func: AlgorithmIdentifierOwned {
                    oid: p12_oids::PBKDF2,
                    parameters: Some(Any::encode_from(&Pbkdf2Params {
                        salt: OctetString::new(salt.to_vec())?,
                        iteration_count: ITERATIONS,
                        key_length: 32,
                        prf: alg_with_null(p12_oids::HMAC_SHA256),
                    })?),
                },
                encryption_scheme: AlgorithmIdentifierOwned {
                    oid: p12_oids::AES256_CBC,
                    parameters: Some(Any::encode_from(&OctetString::new(iv.to_vec())?)?),
                },
            };
            Ok((
                AlgorithmIdentifierOwned {
                    oid: p12_oids::PBES2,
                    parameters: Some(Any::encode_from(&params)?),
                },
                ciphertext,
            ))
        }
    }
}

fn bag_attributes(local_key_id: &[u8]) -> Result<SetOfVec<Attribute>, P12WriteError> {
    let hex: String = local_key_id.iter().map(|b| format!("{b:02x}")).collect();
    let friendly = Attribute {
        oid: p12_oids::FRIENDLY_NAME,
        values: SetOfVec::try_from(vec![Any::encode_from(&BmpString::from_utf8(&hex)?)?])?,
    };
    let key_id = Attribute {
        oid: p12_oids::LOCAL_KEY_ID,
        values: SetOfVec::try_from(vec![Any::encode_from(&OctetString::new(local_key_id)?)?])?,
    };
    Ok(SetOfVec::try_from(vec![friendly, key_id])?)
}

fn cert_bag(
    cert: &Certificate,
    attrs: Option<SetOfVec<Attribute>>,
) -> Result<SafeBag, P12WriteError> {
    let bag = CertBag {
        cert_id: p12_oids::X509_CERTIFICATE,
        cert_value: OctetString::new(cert.to_der()?)?,
    };
    Ok(SafeBag {
        bag_id: p12_oids::CERT_BAG,
        bag_value: Any::encode_from(&bag)?,
        bag_attributes: attrs,
    })
}

fn data_content_info(octets: Vec<u8>) -> Result<cms::content_info::ContentInfo, P12WriteError> {
    Ok(cms::content_info::ContentInfo {
        content_type: oids::ID_DATA,
        content: Any::encode_from(&OctetString::new(octets)?)?,
    })
}

/// Writes a password-protected `.p12` holding `key_pkcs8_der` (unencrypted PKCS#8), its
/// certificate `cert` and the issuing `chain` (any order; may be empty).
pub fn write_p12(
    key_pkcs8_der: &[u8],
    cert: &Certificate,
    chain: &[Certificate],
    password: &str,
    format: P12Format,
) -> Result<Vec<u8>, P12WriteError> {
    let cert_der = cert.to_der()?;
    let local_key_id = match cert.tbs_certificate.get::<SubjectKeyIdentifier>() {
        Ok(Some((_, ski))) => ski.0.as_bytes().to_vec(),
        _ => Sha1::digest(&cert_der).to_vec(),
    };
    let attrs = bag_attributes(&local_key_id)?;

    // Data { SafeContents { shrouded key bag } }
    let (key_alg, key_ciphertext) = encrypt(format, true, password, key_pkcs8_der)?;
    let key_bag = SafeBag {
        bag_id: p12_oids::SHROUDED_KEY_BAG,
        bag_value: Any::encode_from(&EncryptedPrivateKeyInfo {
            encryption_algorithm: key_alg,
            encrypted_data: OctetString::new(key_ciphertext)?,
        })?,
        bag_attributes: Some(attrs.clone()),
    };
    let key_safe = data_content_info(vec![key_bag].to_der()?)?;

    // EncryptedData { SafeContents { leaf cert bag, chain cert bags } }
    let mut cert_bags = vec![cert_bag(cert, Some(attrs))?];
    for c in chain.iter().filter(|c| *c != cert) {
        cert_bags.push(cert_bag(c, None)?);
    }
    let certs_plain = Zeroizing::new(cert_bags.to_der()?);
    let (cert_alg, cert_ciphertext) = encrypt(format, false, password, &certs_plain)?;
    let cert_safe = cms::content_info::ContentInfo {
        content_type: oids::ID_ENCRYPTED_DATA,
        content: Any::encode_from(&EncryptedData {
            version: 0,
            encrypted_content_info: EncryptedContentInfo {
                content_type: oids::ID_DATA,
                content_encryption_algorithm: cert_alg,
                encrypted_content: OctetString::new(cert_ciphertext)?,
            },
        })?,
    };

    let auth_safe_octets = vec![key_safe, cert_safe].to_der()?;
    let pass = bmp_password(password);
    let (mac_alg, mac_salt, mac) = match format {
        P12Format::Legacy => {
            let salt = random_bytes::<20>()?.to_vec();
            let key = pkcs12_kdf::<Sha1>(&pass, &salt, 3, ITERATIONS, 20);
            let mut hmac = <Hmac<Sha1> as KeyInit>::new_from_slice(&key)
                .map_err(|_| P12WriteError::Malformed)?;
            hmac.update(&auth_safe_octets);
            (oids::SHA1, salt, hmac.finalize().into_bytes().to_vec())
        }
        P12Format::Pbes2 => {
            let salt = random_bytes::<16>()?.to_vec();
            let key = pkcs12_kdf::<Sha256>(&pass, &salt, 3, ITERATIONS, 32);
            let mut hmac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)
                .map_err(|_| P12WriteError::Malformed)?;
            hmac.update(&auth_safe_octets);
            (oids::SHA256, salt, hmac.finalize().into_bytes().to_vec())
        }
    };
    let pfx = Pfx {
        version: 3,
        auth_safe: data_content_info(auth_safe_octets)?,
        mac_data: MacData {
            mac: DigestInfo {
                algorithm: alg_with_null(mac_alg),
                digest: OctetString::new(mac)?,
            },
            mac_salt: OctetString::new(mac_salt)?,
            iterations: ITERATIONS,
        },
    };
    Ok(pfx.to_der()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::test_support::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02X}")).collect()
    }

    #[test]
    fn the_pkcs12_kdf_matches_known_answers() {
        // Classic PKCS#12 vectors, and a SHA-256 one computed with
        // `openssl kdf … PKCS12KDF` (password given as BMPString hex).
        let k = pkcs12_kdf::<Sha1>(
            &bmp_password("smeg"),
            &[0x0A, 0x58, 0xCF, 0x64, 0x53, 0x0D, 0x82, 0x3F],
            1,
            1,
            24,
        );
        assert_eq!(hex(&k), "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3");
        let k = pkcs12_kdf::<Sha1>(
            &bmp_password("queeg"),
            &[0x05, 0xDE, 0xC9, 0x59, 0xAC, 0xFF, 0x72, 0xF7],
            2,
            1000,
            8,
        );
        assert_eq!(hex(&k), "11DEDAD7758D4860");
        let k = pkcs12_kdf::<Sha256>(
            &bmp_password("Qwerty12"),
            &[1, 2, 3, 4, 5, 6, 7, 8],
            3,
            2048,
            32,
        );
        assert_eq!(
            hex(&k),
            "C0D0E181E70D85C15C2BB626F0055C1B94FF7CFE02F838DCA66D3FA0D1046B39"
        );
    }

    fn check_with_openssl(format: P12Format, legacy_flag: bool) {
        if !have_openssl() {
            return;
        }
        let pki = pki();
        let chain = [
            pki.inter.certificate().clone(),
            pki.root.certificate().clone(),
        ];
        let password = "Qwerty12";
        let p12 = write_p12(&pki.sign_key, &pki.sign_cert, &chain, password, format).unwrap();
        let dir = temp_dir(&format!("p12-{format:?}"));
        let file = dir.join("parent.p12").to_string_lossy().into_owned();
        std::fs::write(&file, &p12).unwrap();
        let pass = format!("pass:{password}");
        let mut args = vec!["pkcs12", "-in", &file, "-passin", &pass, "-nodes", "-info"];
        if legacy_flag {
            args.push("-legacy");
        }
        let (ok, out) = openssl(&args);
        assert!(ok, "openssl pkcs12 failed for {format:?}:\n{out}");
        match format {
            P12Format::Legacy => {
                assert!(out.contains("MAC: sha1, Iteration 2048"), "{out}");
                assert!(
                    out.contains(
                        "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"
                    ),
                    "{out}"
                );
                assert!(
                    out.contains(
                        "PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048"
                    ),
                    "{out}"
                );
            }
            P12Format::Pbes2 => {
                assert!(out.contains("MAC: sha256, Iteration 2048"), "{out}");
                assert!(
                    out.contains("PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"),
                    "{out}"
                );
            }
        }
        // The key openssl decrypted is exactly ours; three certificates; the bag attributes.
        assert!(
            out.contains(&pem_block("PRIVATE KEY", &pki.sign_key)),
            "{out}"
        );
        assert_eq!(
            out.matches("-----BEGIN CERTIFICATE-----").count(),
            3,
            "{out}"
        );
        assert_eq!(out.matches("localKeyID:").count(), 2, "{out}");
        assert!(out.contains("friendlyName: "), "{out}");

        // A wrong password is refused (MAC check).
        let mut args = vec!["pkcs12", "-in", &file, "-passin", "pass:wrong", "-nodes"];
        if legacy_flag {
            args.push("-legacy");
        }
        let (ok, _) = openssl(&args);
        assert!(!ok, "wrong password accepted");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn openssl_opens_the_legacy_p12_like_a_national_ca_key_file() {
        check_with_openssl(P12Format::Legacy, true);
    }

    #[test]
    fn openssl_3_opens_the_pbes2_p12_without_the_legacy_provider() {
        check_with_openssl(P12Format::Pbes2, false);
    }

    #[test]
    fn every_p12_error_has_kazakh_and_russian_text() {
        assert_messages(P12WriteError::ALL);
    }
}
