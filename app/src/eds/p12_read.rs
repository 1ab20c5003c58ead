//! Reading a PKCS#12 key file (RFC 7292, "PFX") in the browser.
//!
//! What is supported:
//! - integrity: password MAC with HMAC-SHA-1/224/256/384/512, its key derived with the
//!   PKCS#12 KDF (RFC 7292 appendix B, ID = 3). The MAC is checked **before** anything is
//!   decrypted, so a wrong password is [`P12Error::WrongPassword`]. A file without a MAC
//!   is accepted; there a wrong password shows as a failed decryption.
//! - privacy: the legacy PKCS#12 PBE schemes `pbeWithSHAAnd3-KeyTripleDES-CBC`,
//!   `…2-KeyTripleDES-CBC`, `…128BitRC2-CBC` and `…40BitRC2-CBC` (what the national CA
//!   and `openssl pkcs12 -legacy` write), and PBES2 with PBKDF2 (HMAC-SHA-1/2) and
//!   AES-CBC or 3DES-CBC (what OpenSSL 3 writes by default), for shrouded key bags and
//!   encrypted data alike; unencrypted data and plain key bags too.
//! - passwords: for the PKCS#12 KDF the password is a BMPString (UTF-16BE with two zero
//!   bytes at the end); for PBES2 it is the UTF-8 bytes. For a non-ASCII password the
//!   byte-per-character form older tools wrote is tried too, as OpenSSL does.
//!
//! BER anywhere (indefinite lengths, chunked OCTET STRINGs) is normalised with
//! [`ber_to_der`] at every level: the file itself, the
//! authenticated safe, every safe contents and every decrypted plaintext.
//!
//! The result is the private key as PKCS#8 `PrivateKeyInfo` DER, all certificates, and
//! which certificate is the key's own (see [`read_pkcs12`]). Iteration counts above
//! [`MAX_ITERATIONS`] are refused, so that a hostile file cannot freeze the page.

use cipher::{BlockCipher, BlockDecryptMut, InnerIvInit, KeyInit, block_padding::Pkcs7};
use const_oid::ObjectIdentifier;
use der::Decode;
use der::asn1::AnyRef;
use der::{Encode, Tag, TagNumber, Tagged};
use hmac::{Hmac, Mac};
use pkcs12::cert_type::CertBag;
use pkcs12::pbe_params::EncryptedPrivateKeyInfo;
use pkcs12::safe_bag::{SafeBag, SafeContents};
use sha1::Sha1;
use sha2::digest::{Digest, core_api::BlockSizeUser};
use sha2::{Sha224, Sha256, Sha384, Sha512};
use x509_cert::Certificate;
use x509_cert::spki::AlgorithmIdentifierOwned;
use zeroize::{Zeroize, Zeroizing};

use super::ber::{DerReader, ber_to_der, ber_to_der_zeroizing};

/// Highest iteration count accepted for a MAC or key derivation.
pub const MAX_ITERATIONS: u64 = 1_000_000;

/// How deep `safeContentsBag`s may nest.
const MAX_BAG_NESTING: usize = 4;

crate::domain::messages::localized_error! {
    /// Why a key file could not be read.
    pub enum P12Error {
        /// Not a PKCS#12 file at all (a picture, a document, an empty file…).
        NotPkcs12 {
            code: "p12.not_pkcs12",
            en: "the file is not a PKCS#12 key file",
            kk: "Бұл файл ЭЦҚ кілті емес. Ұлттық куәландырушы орталықтан алынған кілт файлын (.p12) таңдаңыз.",
            ru: "Этот файл не является ключом ЭЦП. Выберите файл ключа (.p12), полученный в Национальном удостоверяющем центре.",
        },
        /// The password MAC does not match.
        WrongPassword {
            code: "p12.wrong_password",
            en: "wrong password for the key file",
            kk: "Кілттің құпиясөзі қате. Құпиясөзді қайта енгізіңіз (әріптердің регистрі мен пернетақта тілін тексеріңіз).",
            ru: "Неверный пароль от ключа. Введите пароль ещё раз (проверьте регистр букв и раскладку клавиатуры).",
        },
        /// Encryption or integrity scheme this reader does not implement.
        UnsupportedEncryption {
            code: "p12.unsupported_encryption",
            en: "the key file uses an unsupported encryption",
            kk: "Кілт файлы бұл сервис оқи алмайтын тәсілмен шифрланған. Ұлттық куәландырушы орталық берген кілт файлын таңдаңыз.",
            ru: "Файл ключа зашифрован способом, который сервис не умеет читать. Выберите файл ключа, выданный Национальным удостоверяющим центром.",
        },
        /// The file has no private key.
        NoPrivateKey {
            code: "p12.no_private_key",
            en: "the key file contains no private key",
            kk: "Файлда жабық кілт жоқ. Сертификат файлын (.cer) емес, кілт файлын (.p12) таңдаңыз.",
            ru: "В файле нет закрытого ключа. Выберите файл ключа (.p12), а не файл сертификата (.cer).",
        },
        /// The file has a key but no certificate for it.
        NoCertificate {
            code: "p12.no_certificate",
            en: "the key file contains no certificate for its key",
            kk: "Кілт файлында осы кілттің сертификаты жоқ. Ұлттық куәландырушы орталықтан алынған толық кілт файлын таңдаңыз.",
            ru: "В файле ключа нет сертификата для этого ключа. Выберите полный файл ключа, полученный в Национальном удостоверяющем центре.",
        },
        /// The structure is broken (damaged, truncated or tampered with).
        Corrupted {
            code: "p12.corrupted",
            en: "the key file is damaged",
            kk: "Кілт файлы бүлінген немесе толық көшірілмеген. Файлды қайта көшіріп алыңыз немесе кілтті қайта алыңыз.",
            ru: "Файл ключа повреждён или скопирован не полностью. Скопируйте файл заново или перевыпустите ключ.",
        },
    }
}

/// A certificate found in the file, with its bag attributes.
#[derive(Debug, Clone)]
pub struct P12Certificate {
    pub certificate: Certificate,
    /// `localKeyId` (1.2.840.113549.1.9.21), which links a certificate to its key.
    pub local_key_id: Option<Vec<u8>>,
    /// `friendlyName` (1.2.840.113549.1.9.20).
    pub friendly_name: Option<String>,
}

/// Everything read from a key file.
#[derive(Clone)]
pub struct P12Contents {
    /// The private key, PKCS#8 `PrivateKeyInfo` DER.
    pub private_key_pkcs8_der: Zeroizing<Vec<u8>>,
    /// The key bag's `localKeyId`.
    pub key_local_key_id: Option<Vec<u8>>,
    /// The key bag's `friendlyName`.
    pub key_friendly_name: Option<String>,
    /// Every certificate in the file, in file order.
    pub certificates: Vec<P12Certificate>,
    /// Index in `certificates` of the key's own certificate.
    pub leaf: usize,
}

impl std::fmt::Debug for P12Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("P12Contents")
            .field("private_key_pkcs8_der", &"<redacted>")
            .field("key_local_key_id", &self.key_local_key_id)
            .field("key_friendly_name", &self.key_friendly_name)
            .field("certificates", &self.certificates.len())
            .field("leaf", &self.leaf)
            .finish()
    }
}

mod oids {
    use const_oid::ObjectIdentifier as Oid;

    pub const DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
    pub const SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
    pub const ENVELOPED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.3");
    pub const ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");

    pub const KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.1");
    pub const SHROUDED_KEY_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.2");
    pub const CERT_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.3");
    pub const SAFE_CONTENTS_BAG: Oid = Oid::new_unwrap("1.2.840.113549.1.12.10.1.6");
    pub const X509_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.22.1");

    pub const FRIENDLY_NAME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.20");
    pub const LOCAL_KEY_ID: Oid = Oid::new_unwrap("1.2.840.113549.1.9.21");

    pub const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
    pub const PBE_SHA1_2DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.4");
    pub const PBE_SHA1_RC2_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.5");
    pub const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");
    pub const PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");

    pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
    pub const SHA224: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.4");
    pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
    pub const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
    pub const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

    pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
}

/// True when `bytes` start like a PFX: `SEQUENCE { INTEGER 3, …`. Used to tell a damaged
/// key file ([`P12Error::Corrupted`]) from some other file ([`P12Error::NotPkcs12`]).
pub fn looks_like_pkcs12(bytes: &[u8]) -> bool {
    let Some((&0x30, rest)) = bytes.split_first() else {
        return false;
    };
    let Some((&len, rest)) = rest.split_first() else {
        return false;
    };
    let skip = match len {
        0x80 => 0,
        0x00..=0x7F => 0,
        0x81..=0x84 => (len & 0x7F) as usize,
        _ => return false,
    };
    rest.get(skip..skip + 3) == Some(&[0x02, 0x01, 0x03][..])
}

/// Reads a PKCS#12 file given as BER or DER (see [`read_pkcs12_der`]).
pub fn read_pkcs12(input: &[u8], password: &str) -> Result<P12Contents, P12Error> {
    let der = ber_to_der(input).map_err(|_| not_p12_or_corrupted(input))?;
    read_pkcs12_der(&der, password)
}

fn not_p12_or_corrupted(bytes: &[u8]) -> P12Error {
    if looks_like_pkcs12(bytes) {
        P12Error::Corrupted
    } else {
        P12Error::NotPkcs12
    }
}

/// Reads a PKCS#12 file whose outer structure is DER (nested BER is normalised here).
///
/// The key's certificate (`leaf`) is chosen so: for an RSA key, the certificate with the
/// same modulus; otherwise the certificate with the key's `localKeyId`, else the only
/// non-CA certificate, else the only certificate. If the file holds several keys, the first
/// one that has a certificate is taken.
pub fn read_pkcs12_der(der: &[u8], password: &str) -> Result<P12Contents, P12Error> {
    let outer = not_p12_or_corrupted(der);
    let (auth_safe_octets, mac_data) = parse_pfx(der).map_err(|_| outer)?;
    let auth_safe_octets = auth_safe_octets.ok_or(P12Error::UnsupportedEncryption)?;
    let auth_safe_octets = &auth_safe_octets[..];

    let candidates = kdf_password_candidates(password);
    let (kdf_password, mac_verified) = match mac_data {
        Some(mac) => (verify_mac(&mac, auth_safe_octets, &candidates)?, true),
        None => (candidates[0].clone(), false),
    };
    let ctx = Ctx {
        kdf_password,
        utf8_password: password.as_bytes(),
        mac_verified,
    };

    // AuthenticatedSafe ::= SEQUENCE OF ContentInfo (RustCrypto's `pkcs12`/`cms` types).
    let auth_safe = ber_to_der(auth_safe_octets).map_err(|_| P12Error::Corrupted)?;
    let infos = pkcs12::authenticated_safe::AuthenticatedSafe::from_der(&auth_safe)
        .map_err(|_| P12Error::Corrupted)?;
    let mut found = Found::default();
    for ci in &infos {
        if ci.content_type == oids::DATA {
            let octets = ci
                .content
                .decode_as::<der::asn1::OctetStringRef<'_>>()
                .map_err(|_| P12Error::Corrupted)?;
            let safe = ber_to_der_zeroizing(octets.as_bytes()).map_err(|_| P12Error::Corrupted)?;
            read_safe_contents(&safe, &ctx, &mut found, 0)?;
        } else if ci.content_type == oids::ENCRYPTED_DATA {
            let plain = decrypt_encrypted_data(&ci.content, &ctx)?;
            let safe = ber_to_der_zeroizing(&plain).map_err(|_| ctx.decrypt_failure())?;
            // Without a MAC, nonsense inside decrypted data means a wrong password.
            read_safe_contents(&safe, &ctx, &mut found, 0).map_err(|e| match e {
                P12Error::Corrupted => ctx.decrypt_failure(),
                other => other,
            })?;
        } else if ci.content_type == oids::ENVELOPED_DATA {
            return Err(P12Error::UnsupportedEncryption);
        }
        // Other content types carry nothing this reader needs.
    }

    if found.keys.is_empty() {
        return Err(P12Error::NoPrivateKey);
    }
    if found.certificates.is_empty() {
        return Err(if found.bad_certificates > 0 {
            P12Error::Corrupted
        } else {
            P12Error::NoCertificate
        });
    }
    let mut keys = std::mem::take(&mut found.keys);
    let chosen = keys
        .iter()
        .position(|k| choose_leaf(k, &found.certificates).is_some())
        .ok_or(P12Error::NoCertificate)?;
    let key = keys.swap_remove(chosen);
    let leaf = choose_leaf(&key, &found.certificates).ok_or(P12Error::NoCertificate)?;
    Ok(P12Contents {
        private_key_pkcs8_der: key.pkcs8,
        key_local_key_id: key.local_key_id,
        key_friendly_name: key.friendly_name,
        certificates: found.certificates,
        leaf,
    })
}

/// `PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData MacData OPTIONAL }`, read
/// with RustCrypto's `pkcs12::pfx::Pfx` (the input is already DER). Returns the authenticated
/// safe's octets (`None` for a signed-data PFX, which no key file uses) and the MAC.
fn parse_pfx(der: &[u8]) -> Result<(Option<Vec<u8>>, Option<MacData>), ()> {
    let pfx = pkcs12::pfx::Pfx::from_der(der).map_err(|_| ())?;
    let auth_safe = if pfx.auth_safe.content_type == oids::DATA {
        let octets = pfx
            .auth_safe
            .content
            .decode_as::<der::asn1::OctetString>()
            .map_err(|_| ())?;
        Some(octets.into_bytes())
    } else if pfx.auth_safe.content_type == oids::SIGNED_DATA {
        None
    } else {
        return Err(());
    };
    let mac = match pfx.mac_data {
        Some(m) => Some(MacData {
            digest_oid: m.mac.algorithm.oid,
            digest: m.mac.digest.into_bytes(),
            salt: m.mac_salt.into_bytes(),
            iterations: u64::try_from(m.iterations).map_err(|_| ())?,
        }),
        None => None,
    };
    Ok((auth_safe, mac))
}

/// `MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }`
struct MacData {
    digest_oid: ObjectIdentifier,
    digest: Vec<u8>,
    salt: Vec<u8>,
    iterations: u64,
}

/// Hash functions of MACs and of the PKCS#12 KDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HashAlg {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Some(match *oid {
            oids::SHA1 => Self::Sha1,
            oids::SHA224 => Self::Sha224,
            oids::SHA256 => Self::Sha256,
            oids::SHA384 => Self::Sha384,
            oids::SHA512 => Self::Sha512,
            _ => return None,
        })
    }

    fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    fn kdf(
        self,
        password: &[u8],
        salt: &[u8],
        id: u8,
        iterations: u64,
        len: usize,
    ) -> Zeroizing<Vec<u8>> {
        match self {
            Self::Sha1 => pkcs12_kdf::<Sha1>(password, salt, id, iterations, len),
            Self::Sha224 => pkcs12_kdf::<Sha224>(password, salt, id, iterations, len),
            Self::Sha256 => pkcs12_kdf::<Sha256>(password, salt, id, iterations, len),
            Self::Sha384 => pkcs12_kdf::<Sha384>(password, salt, id, iterations, len),
            Self::Sha512 => pkcs12_kdf::<Sha512>(password, salt, id, iterations, len),
        }
    }

    /// Constant-time check of `HMAC(key, data) == expected`.
    fn hmac_matches(self, key: &[u8], data: &[u8], expected: &[u8]) -> bool {
        fn check<M: Mac + KeyInit>(key: &[u8], data: &[u8], expected: &[u8]) -> bool {
            match <M as KeyInit>::new_from_slice(key) {
                Ok(mut mac) => {
                    mac.update(data);
                    mac.verify_slice(expected).is_ok()
                }
                Err(_) => false,
            }
        }
        match self {
            Self::Sha1 => check::<Hmac<Sha1>>(key, data, expected),
            Self::Sha224 => check::<Hmac<Sha224>>(key, data, expected),
            Self::Sha256 => check::<Hmac<Sha256>>(key, data, expected),
            Self::Sha384 => check::<Hmac<Sha384>>(key, data, expected),
            Self::Sha512 => check::<Hmac<Sha512>>(key, data, expected),
        }
    }
}

/// The PKCS#12 key derivation function (RFC 7292, appendix B.2), RustCrypto's
/// `pkcs12::kdf`. `password` is already encoded (BMPString with its two-zero terminator, or
/// another encoding older tools used); `id` is 1 (key), 2 (IV) or 3 (MAC). `iterations` is
/// at most [`MAX_ITERATIONS`] (checked by every caller before deriving anything).
pub(crate) fn pkcs12_kdf<D>(
    password: &[u8],
    salt: &[u8],
    id: u8,
    iterations: u64,
    len: usize,
) -> Zeroizing<Vec<u8>>
where
    D: Digest + sha2::digest::FixedOutputReset + BlockSizeUser,
{
    use pkcs12::kdf::Pkcs12KeyType;
    let id = match id {
        1 => Pkcs12KeyType::EncryptionKey,
        2 => Pkcs12KeyType::Iv,
        _ => Pkcs12KeyType::Mac,
    };
    let rounds = i32::try_from(iterations.clamp(1, MAX_ITERATIONS)).unwrap_or(1);
    Zeroizing::new(pkcs12::kdf::derive_key::<D>(
        password, salt, id, rounds, len,
    ))
}

/// The password encodings to try with the PKCS#12 KDF: BMPString (UTF-16BE + 00 00);
/// for a non-ASCII password also each UTF-8 byte widened to 16 bits (older tools); for an
/// empty password also no bytes at all.
fn kdf_password_candidates(password: &str) -> Vec<Zeroizing<Vec<u8>>> {
    let mut bmp = Zeroizing::new(Vec::with_capacity(password.len() * 2 + 2));
    for unit in password.encode_utf16() {
        bmp.extend_from_slice(&unit.to_be_bytes());
    }
    bmp.extend_from_slice(&[0, 0]);
    let mut out = vec![bmp];
    if !password.is_ascii() {
        let mut wide = Zeroizing::new(Vec::with_capacity(password.len() * 2 + 2));
        for &b in password.as_bytes() {
            wide.extend_from_slice(&[0, b]);
        }
        wide.extend_from_slice(&[0, 0]);
        out.push(wide);
    }
    if password.is_empty() {
        out.push(Zeroizing::new(Vec::new()));
    }
    out
}

/// Checks the MAC with each password encoding; returns the one that matches.
fn verify_mac(
    mac: &MacData,
    data: &[u8],
    candidates: &[Zeroizing<Vec<u8>>],
) -> Result<Zeroizing<Vec<u8>>, P12Error> {
    let hash = HashAlg::from_oid(&mac.digest_oid).ok_or(P12Error::UnsupportedEncryption)?;
    if mac.iterations > MAX_ITERATIONS {
        return Err(P12Error::UnsupportedEncryption);
    }
    if mac.digest.len() != hash.output_len() {
        return Err(P12Error::Corrupted);
    }
    for candidate in candidates {
        let key = hash.kdf(candidate, &mac.salt, 3, mac.iterations, hash.output_len());
        if hash.hmac_matches(&key, data, &mac.digest) {
            return Ok(candidate.clone());
        }
    }
    Err(P12Error::WrongPassword)
}

/// What decryption needs to know.
struct Ctx<'a> {
    /// Password encoded for the PKCS#12 KDF (the one the MAC confirmed, if any).
    kdf_password: Zeroizing<Vec<u8>>,
    /// Password for PBES2.
    utf8_password: &'a [u8],
    /// Whether a MAC confirmed the password.
    mac_verified: bool,
}

impl Ctx<'_> {
    /// A decryption that fails after the MAC confirmed the password means a damaged file;
    /// without a MAC it most likely means a wrong password.
    fn decrypt_failure(&self) -> P12Error {
        if self.mac_verified {
            P12Error::Corrupted
        } else {
            P12Error::WrongPassword
        }
    }
}

/// `EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE {
/// contentType, contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING } }`
///
/// Read with our DER reader, not `cms::encrypted_data::EncryptedData`: BER files chunk
/// `encryptedContent` into a *constructed* `[0]` of OCTET STRINGs, which [`ber_to_der`]
/// cannot make primitive (it does not know an implicit tag hides an OCTET STRING) and which
/// `cms` refuses.
fn decrypt_encrypted_data(
    content: &der::Any,
    ctx: &Ctx<'_>,
) -> Result<Zeroizing<Vec<u8>>, P12Error> {
    let corrupted = |_| P12Error::Corrupted;
    if content.tag() != der::Tag::Sequence {
        return Err(P12Error::Corrupted);
    }
    let mut ed = DerReader::new(content.value());
    ed.small_uint().map_err(corrupted)?;
    let mut eci = ed.sequence().map_err(corrupted)?;
    eci.oid().map_err(corrupted)?;
    let (_, _, alg_tlv) = eci.any().map_err(corrupted)?;
    let alg = AlgorithmIdentifierOwned::from_der(alg_tlv).map_err(|_| P12Error::Corrupted)?;
    // encryptedContent: primitive [0], or (from BER) constructed [0] of OCTET STRINGs.
    let (tag, body, _) = eci.any().map_err(corrupted)?;
    let ciphertext: Vec<u8> = match tag {
        0x80 => body.to_vec(),
        0xA0 => {
            let mut parts = DerReader::new(body);
            let mut joined = Vec::with_capacity(body.len());
            while !parts.is_empty() {
                joined.extend_from_slice(parts.expect(0x04).map_err(corrupted)?);
            }
            joined
        }
        _ => return Err(P12Error::Corrupted),
    };
    decrypt(&alg, &ciphertext, ctx)
}

/// Decrypts `ciphertext` with the algorithm `alg` names.
fn decrypt(
    alg: &AlgorithmIdentifierOwned,
    ciphertext: &[u8],
    ctx: &Ctx<'_>,
) -> Result<Zeroizing<Vec<u8>>, P12Error> {
    if alg.oid == oids::PBES2 {
        return decrypt_pbes2(alg, ciphertext, ctx);
    }

    // Legacy PKCS#12 PBE (RFC 7292 appendix C): `pkcs-12PbeParams ::= SEQUENCE { salt OCTET
    // STRING, iterations INTEGER }`.
    #[derive(Clone, Copy)]
    enum Legacy {
        TripleDes3,
        TripleDes2,
        Rc2 { key_len: usize },
    }
    let scheme = match alg.oid {
        oids::PBE_SHA1_3DES => Legacy::TripleDes3,
        oids::PBE_SHA1_2DES => Legacy::TripleDes2,
        oids::PBE_SHA1_RC2_128 => Legacy::Rc2 { key_len: 16 },
        oids::PBE_SHA1_RC2_40 => Legacy::Rc2 { key_len: 5 },
        _ => return Err(P12Error::UnsupportedEncryption),
    };
    let params = alg
        .parameters
        .as_ref()
        .ok_or(P12Error::Corrupted)?
        .decode_as::<pkcs12::pbe_params::Pkcs12PbeParams>()
        .map_err(|_| P12Error::Corrupted)?;
    let salt = params.salt.as_bytes();
    let iterations = u64::try_from(params.iterations).map_err(|_| P12Error::Corrupted)?;
    if iterations > MAX_ITERATIONS {
        return Err(P12Error::UnsupportedEncryption);
    }
    let pass = &ctx.kdf_password[..];
    let key_len = match scheme {
        Legacy::TripleDes3 => 24,
        Legacy::TripleDes2 => 16,
        Legacy::Rc2 { key_len } => key_len,
    };
    let key = HashAlg::Sha1.kdf(pass, salt, 1, iterations, key_len);
    let iv = HashAlg::Sha1.kdf(pass, salt, 2, iterations, 8);
    let result = match scheme {
        Legacy::TripleDes3 => des::TdesEde3::new_from_slice(&key)
            .map_err(|_| ())
            .and_then(|c| cbc_decrypt(c, &iv, ciphertext)),
        Legacy::TripleDes2 => des::TdesEde2::new_from_slice(&key)
            .map_err(|_| ())
            .and_then(|c| cbc_decrypt(c, &iv, ciphertext)),
        Legacy::Rc2 { key_len } => cbc_decrypt(
            // Effective key bits = key length: 40 for RC2-40, 128 for RC2-128.
            rc2::Rc2::new_with_eff_key_len(&key, key_len * 8),
            &iv,
            ciphertext,
        ),
    };
    result.map_err(|_| ctx.decrypt_failure())
}

/// PBES2 (RFC 8018) with PBKDF2; the password is its UTF-8 bytes.
fn decrypt_pbes2(
    alg: &AlgorithmIdentifierOwned,
    ciphertext: &[u8],
    ctx: &Ctx<'_>,
) -> Result<Zeroizing<Vec<u8>>, P12Error> {
    let alg_der = alg.to_der().map_err(|_| P12Error::Corrupted)?;
    let scheme = pkcs5::EncryptionScheme::try_from(alg_der.as_slice())
        .map_err(|_| P12Error::UnsupportedEncryption)?;
    let params = scheme.pbes2().ok_or(P12Error::UnsupportedEncryption)?;
    let kdf = params.kdf.pbkdf2().ok_or(P12Error::UnsupportedEncryption)?;
    if u64::from(kdf.iteration_count) > MAX_ITERATIONS {
        return Err(P12Error::UnsupportedEncryption);
    }
    let key_len = params.encryption.key_size();
    if let Some(declared) = kdf.key_length
        && usize::from(declared) != key_len
    {
        return Err(P12Error::UnsupportedEncryption);
    }
    // Only PBKDF2 (checked above, with its iteration bound): RustCrypto's PBES2 would also
    // run scrypt, whose parameters a hostile file could set to gigabytes.
    let mut plain = Zeroizing::new(ciphertext.to_vec());
    let len = match params.decrypt_in_place(ctx.utf8_password, &mut plain) {
        Ok(p) => p.len(),
        // A padding that does not check out (a wrong password): pkcs5 0.7 reports it as
        // `EncryptFailed`.
        Err(pkcs5::Error::DecryptFailed | pkcs5::Error::EncryptFailed) => {
            return Err(ctx.decrypt_failure());
        }
        Err(_) => return Err(P12Error::UnsupportedEncryption),
    };
    plain.truncate(len);
    Ok(plain)
}

/// CBC decryption with PKCS#7 padding into a zeroised buffer.
fn cbc_decrypt<C: BlockCipher + cipher::BlockDecrypt>(
    cipher: C,
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, ()> {
    let decryptor = cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv).map_err(|_| ())?;
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    let len = decryptor
        .decrypt_padded_mut::<Pkcs7>(&mut buf)
        .map_err(|_| ())?
        .len();
    buf.truncate(len);
    Ok(buf)
}

/// A private key found in the file.
struct FoundKey {
    pkcs8: Zeroizing<Vec<u8>>,
    local_key_id: Option<Vec<u8>>,
    friendly_name: Option<String>,
}

#[derive(Default)]
struct Found {
    keys: Vec<FoundKey>,
    certificates: Vec<P12Certificate>,
    /// Certificate bags whose certificate could not be parsed.
    bad_certificates: usize,
}

/// `SafeContents ::= SEQUENCE OF SafeBag`,
/// `SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT ANY, bagAttributes SET OPTIONAL }`,
/// read with RustCrypto's `pkcs12::safe_bag` types; `der` is already DER.
fn read_safe_contents(
    der: &[u8],
    ctx: &Ctx<'_>,
    found: &mut Found,
    nesting: usize,
) -> Result<(), P12Error> {
    if nesting > MAX_BAG_NESTING {
        return Err(P12Error::Corrupted);
    }
    let mut bags = SafeContents::from_der(der).map_err(|_| P12Error::Corrupted)?;
    let result = bags
        .iter()
        .try_for_each(|bag| read_safe_bag(bag, ctx, found, nesting));
    // A plain key bag holds the private key in the clear.
    for bag in &mut bags {
        bag.bag_value.zeroize();
    }
    result
}

fn read_safe_bag(
    bag: &SafeBag,
    ctx: &Ctx<'_>,
    found: &mut Found,
    nesting: usize,
) -> Result<(), P12Error> {
    let corrupted = |_| P12Error::Corrupted;
    // `pkcs12` keeps `[0] EXPLICIT` whole: its content is the bag's value.
    let explicit = AnyRef::from_der(&bag.bag_value).map_err(corrupted)?;
    if explicit.tag()
        != (Tag::ContextSpecific {
            constructed: true,
            number: TagNumber::N0,
        })
    {
        return Err(P12Error::Corrupted);
    }
    let value = explicit.value();
    let (local_key_id, friendly_name) = bag
        .bag_attributes
        .as_ref()
        .map(read_attributes)
        .unwrap_or_default();
    match bag.bag_id {
        oids::KEY_BAG => {
            let pkcs8 = ber_to_der_zeroizing(value).map_err(|_| P12Error::Corrupted)?;
            check_pkcs8(&pkcs8).map_err(|_| P12Error::Corrupted)?;
            found.keys.push(FoundKey {
                pkcs8,
                local_key_id,
                friendly_name,
            });
        }
        oids::SHROUDED_KEY_BAG => {
            let epki = EncryptedPrivateKeyInfo::from_der(value).map_err(corrupted)?;
            let plain = decrypt(
                &epki.encryption_algorithm,
                epki.encrypted_data.as_bytes(),
                ctx,
            )?;
            let pkcs8 = ber_to_der_zeroizing(&plain).map_err(|_| ctx.decrypt_failure())?;
            check_pkcs8(&pkcs8).map_err(|_| ctx.decrypt_failure())?;
            found.keys.push(FoundKey {
                pkcs8,
                local_key_id,
                friendly_name,
            });
        }
        oids::CERT_BAG => {
            let cert_bag = CertBag::from_der(value).map_err(corrupted)?;
            if cert_bag.cert_id != oids::X509_CERTIFICATE {
                return Ok(());
            }
            let parsed = ber_to_der(cert_bag.cert_value.as_bytes())
                .ok()
                .and_then(|der| Certificate::from_der(&der).ok());
            match parsed {
                Some(certificate) => found.certificates.push(P12Certificate {
                    certificate,
                    local_key_id,
                    friendly_name,
                }),
                None => found.bad_certificates += 1,
            }
        }
        oids::SAFE_CONTENTS_BAG => read_safe_contents(value, ctx, found, nesting + 1)?,
        _ => {} // CRL and secret bags are not needed.
    }
    Ok(())
}

/// `PrivateKeyInfo` must parse; a garbage plaintext after a wrong password does not.
fn check_pkcs8(der: &[u8]) -> Result<(), ()> {
    pkcs8::PrivateKeyInfo::try_from(der)
        .map(|_| ())
        .map_err(|_| ())
}

/// Bag attributes (`x509_cert::attr::Attributes`): the first `localKeyId` (an OCTET STRING)
/// and `friendlyName` (a BMPString); other attributes and other value types are ignored.
fn read_attributes(attrs: &x509_cert::attr::Attributes) -> (Option<Vec<u8>>, Option<String>) {
    let first_value = |oid: ObjectIdentifier, tag: Tag| {
        attrs
            .iter()
            .filter(|a| a.oid == oid)
            .flat_map(|a| a.values.iter())
            .find(|v| v.tag() == tag)
            .map(der::Any::value)
    };
    (
        first_value(oids::LOCAL_KEY_ID, Tag::OctetString).map(<[u8]>::to_vec),
        first_value(oids::FRIENDLY_NAME, Tag::BmpString).map(super::cert_info::decode_bmp),
    )
}

/// The RSA modulus (magnitude bytes) of a PKCS#8 RSA private key, or `None` for other keys.
pub(crate) fn pkcs8_rsa_modulus(pkcs8_der: &[u8]) -> Option<Vec<u8>> {
    let info = pkcs8::PrivateKeyInfo::try_from(pkcs8_der).ok()?;
    if info.algorithm.oid != oids::RSA_ENCRYPTION {
        return None;
    }
    // RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, … }
    let mut key = DerReader::new(info.private_key).sequence().ok()?;
    key.small_uint().ok()?;
    key.uint_bytes().ok().map(<[u8]>::to_vec)
}

/// The index of `key`'s certificate (see [`read_pkcs12_der`]).
fn choose_leaf(key: &FoundKey, certs: &[P12Certificate]) -> Option<usize> {
    if let Some(modulus) = pkcs8_rsa_modulus(&key.pkcs8) {
        return certs.iter().position(|c| {
            super::cert_info::rsa_modulus(&c.certificate).as_deref() == Some(&modulus[..])
        });
    }
    if let Some(id) = &key.local_key_id
        && let Some(i) = certs
            .iter()
            .position(|c| c.local_key_id.as_ref() == Some(id))
    {
        return Some(i);
    }
    let non_ca: Vec<usize> = (0..certs.len())
        .filter(|&i| !super::cert_info::is_ca(&certs[i].certificate))
        .collect();
    match (non_ca.as_slice(), certs.len()) {
        ([only], _) => Some(*only),
        (_, 1) => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Lang, Localized};

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn bmp(p: &str) -> Vec<u8> {
        kdf_password_candidates(p).remove(0).to_vec()
    }

    // Expected values computed with `openssl kdf … PKCS12KDF` (OpenSSL 3.0).
    #[test]
    fn kdf_matches_openssl_sha1() {
        let key = pkcs12_kdf::<Sha1>(&bmp("smeg"), &hex("0A58CF64530D823F"), 1, 1, 24);
        assert_eq!(
            &key[..],
            &hex("8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3")[..]
        );
        let mac = pkcs12_kdf::<Sha1>(&bmp("queeg"), &hex("05DEC959ACFF72F7"), 3, 1000, 20);
        assert_eq!(
            &mac[..],
            &hex("8E6F200E446345E726B49EF9C7899EDD9C498401")[..]
        );
    }

    #[test]
    fn kdf_matches_openssl_sha2() {
        let mac = pkcs12_kdf::<Sha256>(&bmp("Qwerty12"), &hex("0102030405060708"), 3, 2048, 32);
        assert_eq!(
            &mac[..],
            &hex("C0D0E181E70D85C15C2BB626F0055C1B94FF7CFE02F838DCA66D3FA0D1046B39")[..]
        );
        // Several output blocks and a salt that is not a whole block.
        let key = pkcs12_kdf::<Sha512>(
            &bmp("Qwerty12"),
            &hex("0102030405060708090a0b0c0d0e0f10111213"),
            1,
            3,
            70,
        );
        assert_eq!(
            &key[..],
            &hex(
                "169E2BEE7209BF12DFE667290335E4DD678BEAF05E6949786DFD4E47158A52F3CE39E61DF8E1A50060DDFAEC23FBFBB12B44E2B3A1964DF8B4D6706B56402DD7366882ABDF81"
            )[..]
        );
    }

    #[test]
    fn password_encodings() {
        let c = kdf_password_candidates("Qw");
        assert_eq!(c.len(), 1);
        assert_eq!(&c[0][..], &[0, b'Q', 0, b'w', 0, 0]);
        let c = kdf_password_candidates("Ә");
        assert_eq!(c.len(), 2);
        assert_eq!(&c[0][..], &[0x04, 0xD8, 0, 0]);
        assert_eq!(&c[1][..], &[0, 0xD3, 0, 0x98, 0, 0]);
        let c = kdf_password_candidates("");
        assert_eq!(c.len(), 2);
        assert_eq!(&c[0][..], &[0, 0]);
        assert!(c[1].is_empty());
    }

    #[test]
    fn pfx_prefix_detection() {
        assert!(looks_like_pkcs12(&hex("30 82 0d 63 02 01 03")));
        assert!(looks_like_pkcs12(&hex("30 80 02 01 03")));
        assert!(looks_like_pkcs12(&hex("30 10 02 01 03")));
        assert!(!looks_like_pkcs12(&hex("30 10 02 01 01")));
        assert!(!looks_like_pkcs12(b"\x89PNG\r\n\x1a\n"));
        assert!(!looks_like_pkcs12(&[]));
        assert!(!looks_like_pkcs12(&[0x30]));
    }

    #[test]
    fn non_pkcs12_inputs() {
        assert_eq!(read_pkcs12(&[], "x").unwrap_err(), P12Error::NotPkcs12);
        assert_eq!(
            read_pkcs12(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x").unwrap_err(),
            P12Error::NotPkcs12
        );
        // A DER SEQUENCE that is not a PFX.
        assert_eq!(
            read_pkcs12(&hex("30 03 02 01 05"), "x").unwrap_err(),
            P12Error::NotPkcs12
        );
        // A PFX prefix that is cut off.
        assert_eq!(
            read_pkcs12(&hex("30 82 0d 63 02 01 03 30 82"), "x").unwrap_err(),
            P12Error::Corrupted
        );
    }

    /// One DER element (tag, minimal length, content).
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        crate::eds::ber::write_length(&mut out, content.len());
        out.extend_from_slice(content);
        out
    }

    fn oid(o: ObjectIdentifier) -> Vec<u8> {
        o.to_der().unwrap()
    }

    /// A PFX without MAC or encryption whose one safe contents holds `bags`.
    fn plain_pfx(bags: &[Vec<u8>]) -> Vec<u8> {
        let data = |content: &[u8]| {
            tlv(
                0x30,
                &[oid(oids::DATA), tlv(0xA0, &tlv(0x04, content))].concat(),
            )
        };
        let safe_contents = tlv(0x30, &bags.concat());
        let auth_safe = tlv(0x30, &data(&safe_contents));
        tlv(0x30, &[vec![0x02, 0x01, 0x03], data(&auth_safe)].concat())
    }

    fn bag(id: ObjectIdentifier, value_tag: u8, value: &[u8], attrs: &[u8]) -> Vec<u8> {
        tlv(
            0x30,
            &[oid(id), tlv(value_tag, value), attrs.to_vec()].concat(),
        )
    }

    fn cert_bag_value(cert: &Certificate) -> Vec<u8> {
        let der = cert.to_der().unwrap();
        tlv(
            0x30,
            &[oid(oids::X509_CERTIFICATE), tlv(0xA0, &tlv(0x04, &der))].concat(),
        )
    }

    /// `SET OF` attributes written in the order given (not necessarily DER's).
    fn attributes(name: &str, local_key_id: &[u8]) -> Vec<u8> {
        let bmp: Vec<u8> = name.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let friendly = tlv(
            0x30,
            &[oid(oids::FRIENDLY_NAME), tlv(0x31, &tlv(0x1E, &bmp))].concat(),
        );
        let local = tlv(
            0x30,
            &[oid(oids::LOCAL_KEY_ID), tlv(0x31, &tlv(0x04, local_key_id))].concat(),
        );
        assert!(
            friendly.len() > local.len(),
            "so that this order is not DER's"
        );
        tlv(0x31, &[friendly, local].concat())
    }

    #[test]
    fn a_plain_key_and_its_certificate_open_with_their_names_even_in_a_non_der_attribute_order() {
        use crate::eds::test_support::{T0, parent, pki};
        let p = pki();
        let (cert, key) = p
            .inter
            .issue_person(&parent(crate::eds::Purpose::Signing, T0, T0 + 365 * 86_400))
            .unwrap();
        let pfx = plain_pfx(&[
            bag(
                oids::KEY_BAG,
                0xA0,
                &key,
                &attributes("Ата-ана кілті", &[1, 2, 3, 4]),
            ),
            bag(
                oids::CERT_BAG,
                0xA0,
                &cert_bag_value(&cert),
                &attributes("Ата-ана кілті", &[1, 2, 3, 4]),
            ),
        ]);
        let read = read_pkcs12_der(&pfx, "").unwrap();
        assert_eq!(&read.private_key_pkcs8_der[..], &key[..]);
        assert_eq!(read.key_friendly_name.as_deref(), Some("Ата-ана кілті"));
        assert_eq!(read.key_local_key_id.as_deref(), Some(&[1u8, 2, 3, 4][..]));
        assert_eq!(read.certificates[read.leaf].certificate, cert);
    }

    #[test]
    fn a_bag_whose_value_is_not_explicitly_tagged_zero_is_corrupted() {
        use crate::eds::test_support::{T0, parent, pki};
        let (cert, key) = pki()
            .inter
            .issue_person(&parent(crate::eds::Purpose::Signing, T0, T0 + 365 * 86_400))
            .unwrap();
        let pfx = plain_pfx(&[
            bag(oids::KEY_BAG, 0xA1, &key, &[]),
            bag(oids::CERT_BAG, 0xA0, &cert_bag_value(&cert), &[]),
        ]);
        assert_eq!(read_pkcs12_der(&pfx, "").unwrap_err(), P12Error::Corrupted);
        // A key bag whose value is not a private key.
        let pfx = plain_pfx(&[
            bag(oids::KEY_BAG, 0xA0, &tlv(0x04, b"not a key"), &[]),
            bag(oids::CERT_BAG, 0xA0, &cert_bag_value(&cert), &[]),
        ]);
        assert_eq!(read_pkcs12_der(&pfx, "").unwrap_err(), P12Error::Corrupted);
    }

    #[test]
    fn error_texts_are_bilingual() {
        for e in P12Error::ALL {
            assert!(e.code().starts_with("p12."));
            assert_ne!(e.message(Lang::Kk), e.message(Lang::Ru));
        }
    }
}
