//! Opening a parent's key file (`.p12` from the national CA) in the browser, and checking
//! that it fits the task at hand (logging in or signing) at a given moment.
//!
//! ```text
//! let key = open_key_file(&bytes, &password)?;        // BER → DER → PKCS#12
//! check_usable(&key.info, Purpose::Signing, now)?;    // RSA? signing key? valid now?
//! ```
//!
//! The national CA gives a person two RSA files, `AUTH_RSA256_…` (log-in) and
//! `RSA256_…` (signing); newer GOST 2015 files (`GOST512_…`) do both, and organisations
//! may also hold GOST 34.310-2004 files (`GOSTKNCA_…`). All of them open and describe
//! themselves; RSA and GOST512 keys are usable, GOST 2004 and 256-bit GOST keys are refused
//! with a message that says which file to use instead ([`KeyFileError::GostKeyNotSupported`]).

use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::ber::ber_to_der;
use super::cert_info::{CertInfo, KeyAlgorithm};
use super::p12_read::{P12Error, looks_like_pkcs12, read_pkcs12_der};
use super::purpose::Purpose;

/// Largest file accepted: real key files are a few kilobytes.
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024;

crate::domain::messages::localized_error! {
    /// Why a key file cannot be opened or used.
    pub enum KeyFileError {
        /// Not a PKCS#12 file.
        NotPkcs12 {
            code: "key_file.not_pkcs12",
            en: "the file is not a PKCS#12 key file",
            kk: "Бұл файл ЭЦҚ кілті емес. Ұлттық куәландырушы орталықтан алынған кілт файлын (.p12) таңдаңыз.",
            ru: "Этот файл не является ключом ЭЦП. Выберите файл ключа (.p12), полученный в Национальном удостоверяющем центре.",
        },
        /// The password does not open the file.
        WrongPassword {
            code: "key_file.wrong_password",
            en: "wrong password for the key file",
            kk: "Кілттің құпиясөзі қате. Құпиясөзді қайта енгізіңіз (әріптердің регистрі мен пернетақта тілін тексеріңіз).",
            ru: "Неверный пароль от ключа. Введите пароль ещё раз (проверьте регистр букв и раскладку клавиатуры).",
        },
        /// Encrypted in a way this reader does not implement.
        UnsupportedEncryption {
            code: "key_file.unsupported_encryption",
            en: "the key file uses an unsupported encryption",
            kk: "Кілт файлы бұл сервис оқи алмайтын тәсілмен шифрланған. Ұлттық куәландырушы орталық берген кілт файлын таңдаңыз.",
            ru: "Файл ключа зашифрован способом, который сервис не умеет читать. Выберите файл ключа, выданный Национальным удостоверяющим центром.",
        },
        /// No private key in the file.
        NoPrivateKey {
            code: "key_file.no_private_key",
            en: "the key file contains no private key",
            kk: "Файлда жабық кілт жоқ. Сертификат файлын (.cer) емес, кілт файлын (.p12) таңдаңыз.",
            ru: "В файле нет закрытого ключа. Выберите файл ключа (.p12), а не файл сертификата (.cer).",
        },
        /// No certificate for the key.
        NoCertificate {
            code: "key_file.no_certificate",
            en: "the key file contains no certificate for its key",
            kk: "Кілт файлында осы кілттің сертификаты жоқ. Ұлттық куәландырушы орталықтан алынған толық кілт файлын таңдаңыз.",
            ru: "В файле ключа нет сертификата для этого ключа. Выберите полный файл ключа, полученный в Национальном удостоверяющем центре.",
        },
        /// Damaged or truncated.
        Corrupted {
            code: "key_file.corrupted",
            en: "the key file is damaged",
            kk: "Кілт файлы бүлінген немесе толық көшірілмеген. Файлды қайта көшіріп алыңыз немесе кілтті қайта алыңыз.",
            ru: "Файл ключа повреждён или скопирован не полностью. Скопируйте файл заново или перевыпустите ключ.",
        },
        /// Larger than [`MAX_KEY_FILE_BYTES`]: not a key file.
        TooLarge {
            code: "key_file.too_large",
            en: "the file is too large to be a key file",
            kk: "Файл тым үлкен: ЭЦҚ кілтінің файлы 64 КБ-тан аспайды. Кілт файлын (.p12) таңдаңыз.",
            ru: "Файл слишком большой: файл ключа ЭЦП не бывает больше 64 КБ. Выберите файл ключа (.p12).",
        },
        /// The certificate's validity has ended.
        Expired {
            code: "key_file.expired",
            en: "the key's certificate has expired",
            kk: "Бұл кілттің қолданылу мерзімі өтіп кеткен. Жаңа ЭЦҚ алыңыз (pki.gov.kz сайтында немесе ХҚКО-да) және жаңа кілтті таңдаңыз.",
            ru: "Срок действия этого ключа истёк. Получите новую ЭЦП (на сайте pki.gov.kz или в ЦОН) и выберите новый ключ.",
        },
        /// The certificate's validity has not begun.
        NotYetValid {
            code: "key_file.not_yet_valid",
            en: "the key's certificate is not valid yet",
            kk: "Бұл кілт әлі күшіне енбеген. Құрылғыдағы күн мен уақыттың дұрыс екенін тексеріңіз немесе кейінірек қайталаңыз.",
            ru: "Этот ключ ещё не начал действовать. Проверьте дату и время на устройстве или повторите попытку позже.",
        },
        /// The log-in key (AUTH_RSA256_…) was chosen where the signing key is needed.
        AuthKeyWhereSigningNeeded {
            code: "key_file.auth_key_where_signing_needed",
            en: "an authentication key was chosen where a signing key is needed",
            kk: "Сіз жүйеге кіруге арналған кілтті (атауы AUTH_RSA256_ деп басталатын файл) таңдадыңыз. Қол қою үшін сол бумадағы басқа файлды — атауы RSA256_ деп басталатын файлды таңдаңыз.",
            ru: "Вы выбрали ключ для входа (файл, имя которого начинается с AUTH_RSA256_). Для подписи выберите другой файл из той же папки — тот, имя которого начинается с RSA256_.",
        },
        /// The signing key (RSA256_…) was chosen where the log-in key is needed.
        SigningKeyWhereAuthNeeded {
            code: "key_file.signing_key_where_auth_needed",
            en: "a signing key was chosen where an authentication key is needed",
            kk: "Сіз қол қоюға арналған кілтті (атауы RSA256_ деп басталатын файл) таңдадыңыз. Жүйеге кіру үшін сол бумадағы атауы AUTH_RSA256_ деп басталатын файлды таңдаңыз.",
            ru: "Вы выбрали ключ для подписи (файл, имя которого начинается с RSA256_). Для входа выберите файл из той же папки, имя которого начинается с AUTH_RSA256_.",
        },
        /// A GOST 34.310-2004 (`GOSTKNCA_…`) or 256-bit GOST key: recognised, not accepted.
        GostKeyNotSupported {
            code: "key_file.gost_key_not_supported",
            en: "GOST 34.310-2004 (GOSTKNCA) and 256-bit GOST keys are not accepted; use a GOST512 or RSA key",
            kk: "Бұл ескі ГОСТ 34.310-2004 кілті (аты GOSTKNCA_ деп басталады) немесе 256 биттік ГОСТ кілті, сервис оны қабылдамайды. Кіру мен қол қою үшін GOST512_ файлын немесе RSA кілттерінің жұбын (AUTH_RSA256_ және RSA256_) таңдаңыз. Жаңа кілтті Ұлттық куәландырушы орталықтан (pki.gov.kz) тегін алуға болады.",
            ru: "Это ключ старого стандарта ГОСТ 34.310-2004 (имя начинается с GOSTKNCA_) или 256-битный ключ ГОСТ — сервис его не принимает. Для входа и подписи выберите файл GOST512_ или пару ключей RSA (AUTH_RSA256_ и RSA256_). Новый ключ можно бесплатно получить в Национальном удостоверяющем центре (pki.gov.kz).",
        },
        /// Some other key type, or a certificate for neither log-in nor signing.
        UnsupportedKey {
            code: "key_file.unsupported_key",
            en: "this kind of key is not supported",
            kk: "Бұл кілт түрін сервис қолдамайды. Ұлттық куәландырушы орталық берген RSA кілтін (AUTH_RSA256_ немесе RSA256_ файлы) таңдаңыз.",
            ru: "Сервис не поддерживает этот тип ключа. Выберите ключ RSA, выданный Национальным удостоверяющим центром (файл AUTH_RSA256_ или RSA256_).",
        },
    }
}

impl From<P12Error> for KeyFileError {
    fn from(e: P12Error) -> Self {
        match e {
            P12Error::NotPkcs12 => Self::NotPkcs12,
            P12Error::WrongPassword => Self::WrongPassword,
            P12Error::UnsupportedEncryption => Self::UnsupportedEncryption,
            P12Error::NoPrivateKey => Self::NoPrivateKey,
            P12Error::NoCertificate => Self::NoCertificate,
            P12Error::Corrupted => Self::Corrupted,
        }
    }
}

/// An opened key file.
#[derive(Clone)]
pub struct KeyFile {
    /// The private key, PKCS#8 `PrivateKeyInfo` DER; zeroised on drop, never printed.
    pub private_key_pkcs8_der: Zeroizing<Vec<u8>>,
    /// The key's own certificate.
    pub certificate: Certificate,
    /// The other certificates in the file (CA certificates), in file order.
    pub chain: Vec<Certificate>,
    /// What the key's certificate says.
    pub info: CertInfo,
}

impl std::fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyFile")
            .field("private_key_pkcs8_der", &"<redacted>")
            .field("certificate", &self.info.serial_hex)
            .field("chain", &self.chain.len())
            .field("info", &self.info)
            .finish()
    }
}

/// Opens a key file: size check, BER → DER, PKCS#12 (MAC, decryption), the key's
/// certificate and its [`CertInfo`]. Never panics, whatever the bytes.
pub fn open_key_file(bytes: &[u8], password: &str) -> Result<KeyFile, KeyFileError> {
    if bytes.len() > MAX_KEY_FILE_BYTES {
        return Err(KeyFileError::TooLarge);
    }
    let der = ber_to_der(bytes).map_err(|_| {
        if looks_like_pkcs12(bytes) {
            KeyFileError::Corrupted
        } else {
            KeyFileError::NotPkcs12
        }
    })?;
    let contents = read_pkcs12_der(&der, password)?;
    let leaf_index = contents.leaf;
    let mut certificate = None;
    let mut chain = Vec::with_capacity(contents.certificates.len().saturating_sub(1));
    for (i, c) in contents.certificates.into_iter().enumerate() {
        if i == leaf_index {
            certificate = Some(c.certificate);
        } else {
            chain.push(c.certificate);
        }
    }
    let certificate = certificate.ok_or(KeyFileError::NoCertificate)?;
    let info = CertInfo::from_certificate(&certificate);
    Ok(KeyFile {
        private_key_pkcs8_der: contents.private_key_pkcs8_der,
        certificate,
        chain,
        info,
    })
}

/// Whether the key described by `info` can be used for `purpose` at `now_unix` (unix
/// seconds, supplied by the caller). Checks, in this order: the key type (RSA only for
/// now), the purpose (AUTH vs signing file), the validity period (inclusive bounds).
pub fn check_usable(info: &CertInfo, purpose: Purpose, now_unix: i64) -> Result<(), KeyFileError> {
    match info.algorithm {
        KeyAlgorithm::Rsa { .. } | KeyAlgorithm::Gost2015_512 => {}
        KeyAlgorithm::Gost2015_256 | KeyAlgorithm::Gost2004 => {
            return Err(KeyFileError::GostKeyNotSupported);
        }
        KeyAlgorithm::Other(_) => return Err(KeyFileError::UnsupportedKey),
    }
    let purposes = info.key_purposes();
    if !purposes.contains(&purpose) {
        return Err(match purpose {
            Purpose::Signing if purposes.contains(&Purpose::Authentication) => {
                KeyFileError::AuthKeyWhereSigningNeeded
            }
            Purpose::Authentication if purposes.contains(&Purpose::Signing) => {
                KeyFileError::SigningKeyWhereAuthNeeded
            }
            _ => KeyFileError::UnsupportedKey,
        });
    }
    if now_unix < info.not_before {
        return Err(KeyFileError::NotYetValid);
    }
    if now_unix > info.not_after {
        return Err(KeyFileError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;

    use der::Encode;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{Lang, Localized};
    use crate::eds::ber::BerError;
    use crate::eds::cert_info::{HolderType, KeyUsageFlags};

    // ---- fixtures ------------------------------------------------------------------

    /// The national CA test files, kept in the repository (`app/fixtures/nca`, MIT-licensed
    /// test material of NCA RK's test service: see the README there).
    fn fixtures_dir() -> Option<PathBuf> {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/nca"));
        assert!(dir.is_dir(), "{} is missing", dir.display());
        Some(dir)
    }

    fn p12_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                p12_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "p12") {
                out.push(path);
            }
        }
    }

    fn all_fixture_files() -> Option<Vec<PathBuf>> {
        let Some(dir) = fixtures_dir() else {
            eprintln!("NOTE: national CA fixtures not found; skipping");
            return None;
        };
        let mut files = Vec::new();
        p12_files(&dir, &mut files);
        files.sort();
        Some(files)
    }

    /// DER from a `.cer` that may be PEM (the ncanode-go ones are).
    fn pem_or_der(bytes: &[u8]) -> Vec<u8> {
        use der::DecodePem;
        if bytes.starts_with(b"-----BEGIN") {
            Certificate::from_pem(bytes).unwrap().to_der().unwrap()
        } else {
            bytes.to_vec()
        }
    }

    const FIXTURE_PASSWORD: &str = "Qwerty12";
    const TEST_IIN: &str = "123456789011";
    const TEST_BIN: &str = "123456789021";

    /// Holder type of each `GOST512_…` file, by the start of its name (from
    /// `openssl x509 -ext extendedKeyUsage`).
    const GOST512_HOLDERS: &[(&str, HolderType)] = &[
        ("02c7", HolderType::Individual),
        ("0860", HolderType::Head),
        ("0d79", HolderType::Individual),
        ("0ec0", HolderType::SigningRight),
        ("10f5", HolderType::Head),
        ("145f", HolderType::Individual),
        ("1fc2", HolderType::SigningRight),
        ("25ba", HolderType::Organisation),
        ("417f", HolderType::Organisation),
        ("4d45", HolderType::Employee),
        ("5487", HolderType::SigningRight),
        ("65cb", HolderType::Employee),
        ("6dba", HolderType::Organisation),
        ("6ef9", HolderType::Head),
        ("8147", HolderType::Individual),
        ("81d1", HolderType::Employee),
        ("9a82", HolderType::Organisation),
        ("bb83", HolderType::Organisation),
        ("d199", HolderType::Organisation),
        ("d2ba", HolderType::Head),
        ("d3f9", HolderType::Organisation),
        ("e097", HolderType::Organisation),
        ("e16b", HolderType::SigningRight),
        ("ee14", HolderType::Employee),
    ];

    /// The "ИС" (information system) certificates carry no person.
    const GOST512_SYSTEMS: &[&str] = &["25ba", "6dba", "bb83", "e097"];

    fn private_key_oid(pkcs8: &[u8]) -> String {
        pkcs8::PrivateKeyInfo::try_from(pkcs8)
            .unwrap()
            .algorithm
            .oid
            .to_string()
    }

    #[test]
    fn every_national_ca_file_opens_with_correct_info() {
        let Some(files) = all_fixture_files() else {
            return;
        };
        assert_eq!(files.len(), 32, "expected 8 ncanode-go + 24 kalkan files");
        let mut cer_compared = 0;
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            let key =
                open_key_file(&bytes, FIXTURE_PASSWORD).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let info = &key.info;
            let hash = name.rsplit('_').next().unwrap().trim_end_matches(".p12");
            let in_org = path.to_string_lossy().contains("/organization/");
            let system = GOST512_SYSTEMS.iter().any(|p| hash.starts_with(p));

            // The key is PKCS#8 and the certificate is the file's only one.
            assert!(key.chain.is_empty(), "{name}");
            let key_alg = private_key_oid(&key.private_key_pkcs8_der);

            // The certificate is the one published beside the file, where there is one.
            let cer = path.with_extension("cer");
            if cer.exists() {
                assert_eq!(
                    key.certificate.to_der().unwrap(),
                    pem_or_der(&std::fs::read(&cer).unwrap()),
                    "{name}: certificate differs from the .cer"
                );
                cer_compared += 1;
            }

            // Names and identifiers.
            if system {
                assert_eq!(info.common_name.as_deref(), Some("ИС \"Тест\""), "{name}");
                assert_eq!(info.iin, None, "{name}");
                assert_eq!(info.surname, None, "{name}");
                assert_eq!(info.first_name, None, "{name}");
            } else {
                assert_eq!(info.common_name.as_deref(), Some("ТЕСТОВ ТЕСТ"), "{name}");
                assert_eq!(info.surname.as_deref(), Some("ТЕСТОВ"), "{name}");
                assert_eq!(info.first_name.as_deref(), Some("ТЕСТ"), "{name}");
                assert_eq!(info.patronymic.as_deref(), Some("ТЕСТОВИЧ"), "{name}");
                assert_eq!(info.iin.as_deref(), Some(TEST_IIN), "{name}");
                assert_eq!(
                    info.full_name().as_deref(),
                    Some("ТЕСТОВ ТЕСТ ТЕСТОВИЧ"),
                    "{name}"
                );
            }
            assert!(!info.serial_hex.is_empty() && info.serial_hex.len() <= 40);
            assert!(info.not_before < info.not_after, "{name}");
            assert_eq!(info.email, None, "{name}");

            // Algorithm, purposes, holder, per kind of file.
            let purposes = info.key_purposes();
            if name.starts_with("AUTH_RSA256_") {
                assert_eq!(info.algorithm, KeyAlgorithm::Rsa { bits: 2048 }, "{name}");
                assert_eq!(key_alg, "1.2.840.113549.1.1.1");
                assert_eq!(purposes, vec![Purpose::Authentication], "{name}");
                assert!(info.key_usage.digital_signature && info.key_usage.key_encipherment);
                assert!(!info.key_usage.non_repudiation);
                assert_eq!(
                    info.issuer_common_name.as_deref(),
                    Some("ҰКО 3.0 (RSA TEST)")
                );
            } else if name.starts_with("RSA256_") {
                assert_eq!(info.algorithm, KeyAlgorithm::Rsa { bits: 2048 }, "{name}");
                assert_eq!(key_alg, "1.2.840.113549.1.1.1");
                assert_eq!(purposes, vec![Purpose::Signing], "{name}");
                assert!(info.key_usage.non_repudiation);
                assert_eq!(
                    info.issuer_common_name.as_deref(),
                    Some("ҰКО 3.0 (RSA TEST)")
                );
            } else if name.starts_with("GOSTKNCA_") {
                assert_eq!(info.algorithm, KeyAlgorithm::Gost2004, "{name}");
                assert_eq!(key_alg, "1.2.398.3.10.1.1.1.1");
                assert_eq!(purposes, vec![Purpose::Signing], "{name}");
                assert_eq!(
                    info.issuer_common_name.as_deref(),
                    Some("ҰКО 3.0 (GOST TEST)")
                );
            } else if name.starts_with("GOST512_") {
                assert_eq!(info.algorithm, KeyAlgorithm::Gost2015_512, "{name}");
                assert_eq!(key_alg, "1.2.398.3.10.1.1.2.2");
                assert_eq!(
                    purposes,
                    vec![Purpose::Authentication, Purpose::Signing],
                    "{name}"
                );
                assert_eq!(
                    info.issuer_common_name.as_deref(),
                    Some("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022")
                );
                let expected = GOST512_HOLDERS
                    .iter()
                    .find(|(p, _)| hash.starts_with(p))
                    .map(|(_, h)| *h)
                    .unwrap_or_else(|| panic!("{name}: not in the table"));
                assert_eq!(info.holder, expected, "{name}");
            } else {
                panic!("unexpected fixture {name}");
            }

            // Organisation data.
            let org_cert = in_org
                || info
                    .extended_key_usage
                    .iter()
                    .any(|e| e == "1.2.398.3.3.4.1.2");
            if org_cert {
                assert_eq!(info.bin.as_deref(), Some(TEST_BIN), "{name}");
                assert_eq!(info.organisation.as_deref(), Some("АО \"ТЕСТ\""), "{name}");
            } else {
                assert_eq!(info.bin, None, "{name}");
                assert_eq!(info.organisation, None, "{name}");
                assert_eq!(info.holder, HolderType::Individual, "{name}");
            }
            if in_org {
                assert_eq!(info.holder, HolderType::Head, "{name}");
            } else if !name.starts_with("GOST512_") {
                assert_eq!(info.holder, HolderType::Individual, "{name}");
            }

            // Usability at a fixed time inside the validity, before it, after it, and now.
            let inside = info.not_before + (info.not_after - info.not_before) / 2;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64;
            match info.algorithm {
                KeyAlgorithm::Rsa { .. } => {
                    let (right, wrong, wrong_err) = if name.starts_with("AUTH_") {
                        (
                            Purpose::Authentication,
                            Purpose::Signing,
                            KeyFileError::AuthKeyWhereSigningNeeded,
                        )
                    } else {
                        (
                            Purpose::Signing,
                            Purpose::Authentication,
                            KeyFileError::SigningKeyWhereAuthNeeded,
                        )
                    };
                    assert_eq!(check_usable(info, right, inside), Ok(()), "{name}");
                    assert_eq!(check_usable(info, right, info.not_before), Ok(()));
                    assert_eq!(check_usable(info, right, info.not_after), Ok(()));
                    assert_eq!(check_usable(info, wrong, inside), Err(wrong_err), "{name}");
                    assert_eq!(
                        check_usable(info, right, info.not_before - 1),
                        Err(KeyFileError::NotYetValid)
                    );
                    assert_eq!(
                        check_usable(info, right, info.not_after + 1),
                        Err(KeyFileError::Expired)
                    );
                    // Every test certificate has expired by now.
                    assert_eq!(
                        check_usable(info, right, now),
                        Err(KeyFileError::Expired),
                        "{name}"
                    );
                }
                KeyAlgorithm::Gost2015_512 => {
                    // One file for both: logging in and signing.
                    for purpose in [Purpose::Authentication, Purpose::Signing] {
                        assert_eq!(check_usable(info, purpose, inside), Ok(()), "{name}");
                        assert_eq!(
                            check_usable(info, purpose, info.not_after + 1),
                            Err(KeyFileError::Expired)
                        );
                    }
                }
                _ => {
                    for purpose in [Purpose::Authentication, Purpose::Signing] {
                        assert_eq!(
                            check_usable(info, purpose, inside),
                            Err(KeyFileError::GostKeyNotSupported),
                            "{name}"
                        );
                    }
                }
            }

            // The key never shows in Debug output.
            let debug = format!("{key:?}");
            assert!(debug.contains("<redacted>"));
            assert!(!debug.contains(&format!("{:?}", &key.private_key_pkcs8_der[..12])));

            // A wrong password is caught by the MAC.
            assert_eq!(
                open_key_file(&bytes, "qwerty12").unwrap_err(),
                KeyFileError::WrongPassword,
                "{name}"
            );
        }
        assert_eq!(
            cer_compared, 4,
            "the four .cer files beside the active ncanode-go keys"
        );
    }

    #[test]
    fn the_auth_and_signing_pair_belong_to_one_person() {
        let Some(files) = all_fixture_files() else {
            return;
        };
        let open = |pattern: &str| {
            let path = files
                .iter()
                .find(|p| {
                    let s = p.to_string_lossy();
                    s.contains("/personal/active/") && s.contains(pattern)
                })
                .unwrap();
            open_key_file(&std::fs::read(path).unwrap(), FIXTURE_PASSWORD).unwrap()
        };
        let auth = open("/AUTH_RSA256_");
        let sign = open("/RSA256_");
        assert_eq!(auth.info.iin, sign.info.iin);
        assert_ne!(auth.info.serial_hex, sign.info.serial_hex);
        assert_eq!(
            auth.info.serial_hex,
            "391759e5658dca490117417838e6c72cd8a853e7"
        );
        assert_eq!(auth.info.not_before, 1_580_192_583); // 2020-01-28 06:23:03 UTC
        assert_eq!(auth.info.not_after, 1_611_728_583); // 2021-01-27 06:23:03 UTC
        assert_eq!(
            auth.info.extended_key_usage,
            vec![
                "1.3.6.1.5.5.7.3.2".to_string(),
                "1.2.398.3.3.4.1.1".to_string()
            ]
        );
        assert_eq!(
            auth.info.key_usage,
            KeyUsageFlags {
                digital_signature: true,
                non_repudiation: false,
                key_encipherment: true
            }
        );
    }

    #[test]
    fn damaged_national_ca_files() {
        let Some(files) = all_fixture_files() else {
            return;
        };
        for path in files.iter().take(3) {
            let bytes = std::fs::read(path).unwrap();
            for cut in [bytes.len() / 2, bytes.len() - 1, 10] {
                assert_eq!(
                    open_key_file(&bytes[..cut], FIXTURE_PASSWORD).unwrap_err(),
                    KeyFileError::Corrupted,
                    "{path:?} cut at {cut}"
                );
            }
            // A flipped byte inside the protected content fails the MAC.
            let mut flipped = bytes.clone();
            flipped[bytes.len() / 2] ^= 0x01;
            let err = open_key_file(&flipped, FIXTURE_PASSWORD).unwrap_err();
            assert!(
                matches!(err, KeyFileError::WrongPassword | KeyFileError::Corrupted),
                "{err:?}"
            );
        }
        // A certificate file (.cer) is not a key file.
        let dir = fixtures_dir().unwrap();
        let cer = std::fs::read(dir.join("kalkan/certs/root_test_gost_2022.cer")).unwrap();
        assert_eq!(
            open_key_file(&cer, FIXTURE_PASSWORD).unwrap_err(),
            KeyFileError::NotPkcs12
        );
    }

    // ---- files made by OpenSSL ------------------------------------------------------

    struct Generated {
        /// OpenSSL 3 default: PBES2 (PBKDF2-SHA256, AES-256-CBC), SHA-256 MAC.
        modern: Vec<u8>,
        /// `-legacy`: 3DES key bag, RC2-40 certificates, SHA-1 MAC.
        legacy: Vec<u8>,
        /// `-legacy` with RC2-128 certificates and 2-key 3DES key.
        legacy_rc2_128: Vec<u8>,
        /// PBES2 with 3DES key, AES-128 certificates, SHA-512 MAC.
        pbes2_mixed: Vec<u8>,
        /// No MAC.
        nomac: Vec<u8>,
        /// Plain key bag and unencrypted certificates (MAC only).
        plain: Vec<u8>,
        /// Leaf signed by a CA, CA certificate included.
        with_ca: Vec<u8>,
        /// An EC P-256 key.
        ec: Vec<u8>,
        /// Modern and legacy files with a Cyrillic password.
        cyrillic_modern: Vec<u8>,
        cyrillic_legacy: Vec<u8>,
    }

    const CYRILLIC_PASSWORD: &str = "Сәлем-2024";

    const OPENSSL_CONFIG: &str = "\
[req]
distinguished_name = dn
utf8 = yes
string_mask = utf8only
[dn]
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection,1.2.398.3.3.4.1.1
subjectAltName = email:parent@example.kz
subjectKeyIdentifier = hash
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
";

    const NCA_SUBJECT: &str =
        "/CN=ТЕСТОВ ТЕСТ/SN=ТЕСТОВ/GN=ТЕСТОВИЧ/serialNumber=IIN123456789011/C=KZ";

    fn openssl(dir: &Path, args: &[&str]) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(
            out.status.success(),
            "openssl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn generate() -> Option<Generated> {
        if Command::new("openssl").arg("version").output().is_err() {
            eprintln!("NOTE: openssl CLI not found; skipping OpenSSL-made key files");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("eds-key-file-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("openssl.cnf"), OPENSSL_CONFIG).unwrap();
        let run = |args: &[&str]| openssl(&dir, args);
        let pass = "pass:Qwerty12";

        // Self-signed leaf with an NCA-shaped subject.
        run(&[
            "req",
            "-x509",
            "-config",
            "openssl.cnf",
            "-extensions",
            "leaf",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.pem",
            "-days",
            "365",
            "-utf8",
            "-subj",
            NCA_SUBJECT,
        ]);
        let export = |out: &str, password: &str, extra: &[&str]| {
            let passout = format!("pass:{password}");
            let mut args = vec![
                "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-passout", &passout,
                "-out", out,
            ];
            args.extend_from_slice(extra);
            run(&args);
        };
        export("modern.p12", "Qwerty12", &[]);
        export("legacy.p12", "Qwerty12", &["-legacy"]);
        export(
            "legacy_rc2_128.p12",
            "Qwerty12",
            &[
                "-legacy",
                "-certpbe",
                "PBE-SHA1-RC2-128",
                "-keypbe",
                "PBE-SHA1-2DES",
            ],
        );
        export(
            "pbes2_mixed.p12",
            "Qwerty12",
            &[
                "-keypbe",
                "DES-EDE3-CBC",
                "-certpbe",
                "AES-128-CBC",
                "-macalg",
                "sha512",
            ],
        );
        export("nomac.p12", "Qwerty12", &["-nomac"]);
        export(
            "plain.p12",
            "Qwerty12",
            &["-keypbe", "NONE", "-certpbe", "NONE"],
        );
        export("cyrillic_modern.p12", CYRILLIC_PASSWORD, &[]);
        export("cyrillic_legacy.p12", CYRILLIC_PASSWORD, &["-legacy"]);

        // A CA and a leaf it signed.
        run(&[
            "req",
            "-x509",
            "-config",
            "openssl.cnf",
            "-extensions",
            "ca",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "365",
            "-subj",
            "/CN=Test CA/C=KZ",
        ]);
        run(&[
            "req",
            "-new",
            "-config",
            "openssl.cnf",
            "-key",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-utf8",
            "-subj",
            NCA_SUBJECT,
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-extfile",
            "openssl.cnf",
            "-extensions",
            "leaf",
            "-days",
            "365",
            "-out",
            "leaf_by_ca.pem",
        ]);
        run(&[
            "pkcs12",
            "-export",
            "-inkey",
            "leaf.key",
            "-in",
            "leaf_by_ca.pem",
            "-certfile",
            "ca.pem",
            "-passout",
            pass,
            "-out",
            "with_ca.p12",
        ]);

        // An EC key.
        run(&[
            "req",
            "-x509",
            "-config",
            "openssl.cnf",
            "-extensions",
            "leaf",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ec.key",
            "-out",
            "ec.pem",
            "-days",
            "365",
            "-utf8",
            "-subj",
            NCA_SUBJECT,
        ]);
        run(&[
            "pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.pem", "-passout", pass, "-out",
            "ec.p12",
        ]);

        let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
        let generated = Generated {
            modern: read("modern.p12"),
            legacy: read("legacy.p12"),
            legacy_rc2_128: read("legacy_rc2_128.p12"),
            pbes2_mixed: read("pbes2_mixed.p12"),
            nomac: read("nomac.p12"),
            plain: read("plain.p12"),
            with_ca: read("with_ca.p12"),
            ec: read("ec.p12"),
            cyrillic_modern: read("cyrillic_modern.p12"),
            cyrillic_legacy: read("cyrillic_legacy.p12"),
        };
        let _ = std::fs::remove_dir_all(&dir);
        Some(generated)
    }

    fn generated() -> Option<&'static Generated> {
        static GENERATED: OnceLock<Option<Generated>> = OnceLock::new();
        GENERATED.get_or_init(generate).as_ref()
    }

    fn assert_nca_shaped(key: &KeyFile) {
        let info = &key.info;
        assert_eq!(info.common_name.as_deref(), Some("ТЕСТОВ ТЕСТ"));
        assert_eq!(info.surname.as_deref(), Some("ТЕСТОВ"));
        assert_eq!(info.first_name.as_deref(), Some("ТЕСТ"));
        assert_eq!(info.patronymic.as_deref(), Some("ТЕСТОВИЧ"));
        assert_eq!(info.iin.as_deref(), Some(TEST_IIN));
        assert_eq!(info.email.as_deref(), Some("parent@example.kz"));
        assert_eq!(info.holder, HolderType::Individual);
        assert_eq!(info.key_purposes(), vec![Purpose::Signing]);
        assert!(pkcs8::PrivateKeyInfo::try_from(&key.private_key_pkcs8_der[..]).is_ok());
    }

    #[test]
    fn openssl_files_open() {
        let Some(g) = generated() else {
            return;
        };
        for (label, bytes) in [
            ("modern", &g.modern),
            ("legacy", &g.legacy),
            ("legacy_rc2_128", &g.legacy_rc2_128),
            ("pbes2_mixed", &g.pbes2_mixed),
            ("nomac", &g.nomac),
            ("plain", &g.plain),
            ("with_ca", &g.with_ca),
        ] {
            let key =
                open_key_file(bytes, FIXTURE_PASSWORD).unwrap_or_else(|e| panic!("{label}: {e:?}"));
            assert_nca_shaped(&key);
            assert_eq!(
                key.info.algorithm,
                KeyAlgorithm::Rsa { bits: 2048 },
                "{label}"
            );
            let inside = key.info.not_before + 3600;
            assert_eq!(check_usable(&key.info, Purpose::Signing, inside), Ok(()));
            assert_eq!(
                check_usable(&key.info, Purpose::Authentication, inside),
                Err(KeyFileError::SigningKeyWhereAuthNeeded)
            );
            if label == "with_ca" {
                assert_eq!(key.chain.len(), 1);
                assert_eq!(key.info.issuer_common_name.as_deref(), Some("Test CA"));
            } else {
                assert!(key.chain.is_empty(), "{label}");
                assert_eq!(key.info.issuer_common_name.as_deref(), Some("ТЕСТОВ ТЕСТ"));
            }
        }
        // The same key in every file.
        let a = open_key_file(&g.modern, FIXTURE_PASSWORD).unwrap();
        let b = open_key_file(&g.legacy, FIXTURE_PASSWORD).unwrap();
        assert_eq!(a.private_key_pkcs8_der, b.private_key_pkcs8_der);
        assert_eq!(a.certificate, b.certificate);
    }

    #[test]
    fn openssl_cyrillic_passwords() {
        let Some(g) = generated() else {
            return;
        };
        for bytes in [&g.cyrillic_modern, &g.cyrillic_legacy] {
            let key = open_key_file(bytes, CYRILLIC_PASSWORD).unwrap();
            assert_nca_shaped(&key);
            assert_eq!(
                open_key_file(bytes, "Салем-2024").unwrap_err(),
                KeyFileError::WrongPassword
            );
        }
    }

    #[test]
    fn openssl_ec_key_opens_but_is_not_usable() {
        let Some(g) = generated() else {
            return;
        };
        let key = open_key_file(&g.ec, FIXTURE_PASSWORD).unwrap();
        assert_eq!(
            key.info.algorithm,
            KeyAlgorithm::Other("1.2.840.10045.2.1".into())
        );
        assert_eq!(key.info.iin.as_deref(), Some(TEST_IIN));
        assert_eq!(
            check_usable(&key.info, Purpose::Signing, key.info.not_before + 1),
            Err(KeyFileError::UnsupportedKey)
        );
    }

    #[test]
    fn wrong_passwords() {
        let Some(g) = generated() else {
            return;
        };
        for (label, bytes) in [
            ("modern", &g.modern),
            ("legacy", &g.legacy),
            ("nomac", &g.nomac),
            ("plain", &g.plain),
            ("pbes2_mixed", &g.pbes2_mixed),
        ] {
            for password in ["", "Qwerty1", "qwerty12", "Qwerty12 "] {
                assert_eq!(
                    open_key_file(bytes, password).unwrap_err(),
                    KeyFileError::WrongPassword,
                    "{label} with {password:?}"
                );
            }
        }
    }

    #[test]
    fn files_that_are_not_key_files() {
        let png: &[u8] =
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        let jpeg: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xdb\0C\0";
        let pdf: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
        for bytes in [png, jpeg, pdf, b"", b"0", b"\x30\x03\x02\x01\x01"] {
            assert_eq!(
                open_key_file(bytes, FIXTURE_PASSWORD).unwrap_err(),
                KeyFileError::NotPkcs12,
                "{bytes:?}"
            );
        }
        let big = vec![0x30; MAX_KEY_FILE_BYTES + 1];
        assert_eq!(
            open_key_file(&big, FIXTURE_PASSWORD).unwrap_err(),
            KeyFileError::TooLarge
        );
        if let Some(g) = generated() {
            for bytes in [&g.modern, &g.legacy] {
                for cut in [bytes.len() / 2, bytes.len() - 1, 8] {
                    assert_eq!(
                        open_key_file(&bytes[..cut], FIXTURE_PASSWORD).unwrap_err(),
                        KeyFileError::Corrupted
                    );
                }
            }
        }
    }

    // ---- check_usable on made-up certificates ---------------------------------------

    fn info(algorithm: KeyAlgorithm, eku: &[&str], non_repudiation: bool) -> CertInfo {
        CertInfo {
            common_name: Some("ТЕСТОВ ТЕСТ".into()),
            surname: Some("ТЕСТОВ".into()),
            first_name: Some("ТЕСТ".into()),
            patronymic: None,
            iin: Some(TEST_IIN.into()),
            bin: None,
            organisation: None,
            email: None,
            issuer_common_name: None,
            serial_hex: "01".into(),
            not_before: 1_000,
            not_after: 2_000,
            key_usage: KeyUsageFlags {
                digital_signature: true,
                non_repudiation,
                key_encipherment: !non_repudiation,
            },
            extended_key_usage: eku.iter().map(|s| s.to_string()).collect(),
            holder: HolderType::Individual,
            algorithm,
        }
    }

    #[test]
    fn check_usable_rules() {
        use crate::eds::purpose::oid::{EKU_CLIENT_AUTH, EKU_EMAIL_PROTECTION};
        let rsa = KeyAlgorithm::Rsa { bits: 2048 };
        let auth = info(rsa.clone(), &[EKU_CLIENT_AUTH], false);
        let sign = info(rsa.clone(), &[EKU_EMAIL_PROTECTION], true);
        let neither = info(rsa, &[], false);
        assert_eq!(check_usable(&auth, Purpose::Authentication, 1_500), Ok(()));
        assert_eq!(check_usable(&sign, Purpose::Signing, 1_500), Ok(()));
        assert_eq!(
            check_usable(&auth, Purpose::Signing, 1_500),
            Err(KeyFileError::AuthKeyWhereSigningNeeded)
        );
        assert_eq!(
            check_usable(&sign, Purpose::Authentication, 1_500),
            Err(KeyFileError::SigningKeyWhereAuthNeeded)
        );
        assert_eq!(
            check_usable(&neither, Purpose::Signing, 1_500),
            Err(KeyFileError::UnsupportedKey)
        );
        assert_eq!(
            check_usable(&sign, Purpose::Signing, 999),
            Err(KeyFileError::NotYetValid)
        );
        assert_eq!(check_usable(&sign, Purpose::Signing, 1_000), Ok(()));
        assert_eq!(check_usable(&sign, Purpose::Signing, 2_000), Ok(()));
        assert_eq!(
            check_usable(&sign, Purpose::Signing, 2_001),
            Err(KeyFileError::Expired)
        );
        for gost in [KeyAlgorithm::Gost2015_256, KeyAlgorithm::Gost2004] {
            let g = info(gost, &[EKU_EMAIL_PROTECTION], true);
            assert_eq!(
                check_usable(&g, Purpose::Signing, 1_500),
                Err(KeyFileError::GostKeyNotSupported)
            );
        }
        let g512 = info(KeyAlgorithm::Gost2015_512, &[EKU_EMAIL_PROTECTION], true);
        assert_eq!(check_usable(&g512, Purpose::Signing, 1_500), Ok(()));
        let other = info(KeyAlgorithm::Other("1.2.840.10045.2.1".into()), &[], true);
        assert_eq!(
            check_usable(&other, Purpose::Signing, 1_500),
            Err(KeyFileError::UnsupportedKey)
        );
    }

    // ---- messages -------------------------------------------------------------------

    const KAZAKH_LETTERS: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

    fn is_cyrillic(c: char) -> bool {
        ('\u{0400}'..='\u{04FF}').contains(&c)
    }

    fn no_mixed_script_words(text: &str) {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            let cyr = word.chars().filter(|&c| is_cyrillic(c)).count();
            assert!(
                cyr == 0 || cyr == word.chars().count(),
                "mixed-script word {word:?} in {text:?}"
            );
        }
    }

    fn check_texts<E>(all: &[E], seen_codes: &mut HashSet<&'static str>)
    where
        E: Localized + std::fmt::Display + Copy,
    {
        let mut kk = HashSet::new();
        let mut ru = HashSet::new();
        let mut en = HashSet::new();
        for e in all {
            let (k, r) = (e.message(Lang::Kk), e.message(Lang::Ru));
            assert!(k.chars().any(|c| KAZAKH_LETTERS.contains(c)), "{k}");
            assert!(r.chars().any(is_cyrillic), "{r}");
            assert!(!r.chars().any(|c| KAZAKH_LETTERS.contains(c)), "{r}");
            no_mixed_script_words(k);
            no_mixed_script_words(r);
            for t in [k, r] {
                assert!(t.ends_with('.') || t.ends_with(')'), "{t}");
            }
            assert!(kk.insert(k) && ru.insert(r) && en.insert(e.to_string()));
            let code = e.code();
            assert!(
                code.contains('.')
                    && code.chars().all(|c| c.is_ascii_lowercase()
                        || c.is_ascii_digit()
                        || c == '.'
                        || c == '_'),
                "{code}"
            );
            assert!(seen_codes.insert(code), "duplicate code {code}");
        }
    }

    #[test]
    fn every_error_has_kazakh_and_russian_text() {
        let mut codes = HashSet::new();
        check_texts(BerError::ALL, &mut codes);
        check_texts(P12Error::ALL, &mut codes);
        check_texts(KeyFileError::ALL, &mut codes);
        // Every P12Error maps to the KeyFileError with the same text.
        for &e in P12Error::ALL {
            let k = KeyFileError::from(e);
            assert_eq!(e.message(Lang::Kk), k.message(Lang::Kk));
            assert_eq!(e.message(Lang::Ru), k.message(Lang::Ru));
        }
    }

    // ---- no panic, whatever the bytes -----------------------------------------------

    fn fixture_sample() -> Option<Vec<u8>> {
        let files = all_fixture_files()?;
        files.first().map(|p| std::fs::read(p).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = open_key_file(&bytes, FIXTURE_PASSWORD);
        }

        #[test]
        fn random_bytes_with_a_pfx_prefix_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..1024),
        ) {
            let mut input = vec![0x30, 0x80, 0x02, 0x01, 0x03];
            input.extend(bytes);
            let _ = open_key_file(&input, FIXTURE_PASSWORD);
        }

        /// Damaged real files: the MAC-less OpenSSL file lets damage reach the
        /// decryption and the inner parsers; the national CA file exercises the BER layer.
        #[test]
        fn damaged_files_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut inputs = Vec::new();
            if let Some(g) = generated() {
                inputs.push(g.nomac.clone());
                inputs.push(g.plain.clone());
            }
            if let Some(s) = fixture_sample() {
                inputs.push(s);
            }
            for mut bytes in inputs {
                for (at, value) in &edits {
                    let i = at.index(bytes.len());
                    bytes[i] = *value;
                }
                let _ = open_key_file(&bytes, FIXTURE_PASSWORD);
                let n = cut.index(bytes.len());
                let _ = open_key_file(&bytes[..n], FIXTURE_PASSWORD);
            }
        }
    }
}
