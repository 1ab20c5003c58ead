//! Tests of opening key files: the national CA's own test files (`app/fixtures/nca`), files
//! made by the OpenSSL CLI (`app/fixtures/openssl`, committed with the script that made them),
//! damaged and foreign files, and random bytes.
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use der::Encode;
use proptest::prelude::*;

use super::*;
use crate::domain::{CertifiedIin, Lang, Localized};
use crate::eds::ber::BerError;
use crate::eds::cert_info::{HolderType, KeyUsageFlags};

// ---- fixtures ------------------------------------------------------------------

/// The national CA test files, kept in the repository (`app/fixtures/nca`, MIT-licensed
/// test material of NCA RK's test service: see the README there).
fn fixtures_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/nca"));
    assert!(dir.is_dir(), "{} is missing", dir.display());
    dir
}

fn p12_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            p12_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "p12") {
            out.push(path);
        }
    }
}

fn all_fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    p12_files(&fixtures_dir(), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no national CA key files");
    files
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
    let files = all_fixture_files();
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
            assert_eq!(
                info.iin.as_ref().map(CertifiedIin::as_str),
                Some(TEST_IIN),
                "{name}"
            );
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
    let files = all_fixture_files();
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
    let files = all_fixture_files();
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
    let dir = fixtures_dir();
    let cer = std::fs::read(dir.join("kalkan/certs/root_test_gost_2022.cer")).unwrap();
    assert_eq!(
        open_key_file(&cer, FIXTURE_PASSWORD).unwrap_err(),
        KeyFileError::NotPkcs12
    );
}

// ---- files made by OpenSSL ------------------------------------------------------

/// The PKCS#12 files `app/fixtures/openssl/make.sh` made with the OpenSSL CLI (see the README
/// there for what protects each one).
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

fn generated() -> &'static Generated {
    static GENERATED: OnceLock<Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/openssl"));
        let read = |name: &str| {
            std::fs::read(dir.join(name))
                .unwrap_or_else(|e| panic!("{}/{name}: {e}", dir.display()))
        };
        Generated {
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
        }
    })
}

fn assert_nca_shaped(key: &KeyFile) {
    let info = &key.info;
    assert_eq!(info.common_name.as_deref(), Some("ТЕСТОВ ТЕСТ"));
    assert_eq!(info.surname.as_deref(), Some("ТЕСТОВ"));
    assert_eq!(info.first_name.as_deref(), Some("ТЕСТ"));
    assert_eq!(info.patronymic.as_deref(), Some("ТЕСТОВИЧ"));
    assert_eq!(info.iin.as_ref().map(CertifiedIin::as_str), Some(TEST_IIN));
    assert_eq!(info.email.as_deref(), Some("parent@example.kz"));
    assert_eq!(info.holder, HolderType::Individual);
    assert_eq!(info.key_purposes(), vec![Purpose::Signing]);
    assert!(pkcs8::PrivateKeyInfo::try_from(&key.private_key_pkcs8_der[..]).is_ok());
}

#[test]
fn openssl_files_open() {
    let g = generated();
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
    let g = generated();
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
    let g = generated();
    let key = open_key_file(&g.ec, FIXTURE_PASSWORD).unwrap();
    assert_eq!(
        key.info.algorithm,
        KeyAlgorithm::Other("1.2.840.10045.2.1".into())
    );
    assert_eq!(
        key.info.iin.as_ref().map(CertifiedIin::as_str),
        Some(TEST_IIN)
    );
    assert_eq!(
        check_usable(&key.info, Purpose::Signing, key.info.not_before + 1),
        Err(KeyFileError::UnsupportedKey)
    );
}

#[test]
fn wrong_passwords() {
    let g = generated();
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
    let g = generated();
    for bytes in [&g.modern, &g.legacy] {
        for cut in [bytes.len() / 2, bytes.len() - 1, 8] {
            assert_eq!(
                open_key_file(&bytes[..cut], FIXTURE_PASSWORD).unwrap_err(),
                KeyFileError::Corrupted
            );
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
        iin: Some(CertifiedIin::new(TEST_IIN).unwrap()),
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
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'),
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

fn fixture_sample() -> Vec<u8> {
    std::fs::read(&all_fixture_files()[0]).unwrap()
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
        let g = generated();
        for mut bytes in [g.nomac.clone(), g.plain.clone(), fixture_sample()] {
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
