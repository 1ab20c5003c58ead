//! Shared test helpers: one demo PKI generated once per test binary (RSA key generation is
//! the slow part), message checks mirroring `domain::messages`' tests, and OpenSSL helpers.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use x509_cert::Certificate;
use zeroize::Zeroizing;

use crate::domain::{Lang, Localized};
use crate::eds::demo_pki::{DemoCa, PersonSpec};
use crate::eds::purpose::Purpose;
use crate::eds::trust::TrustStore;

pub const DAY: i64 = 86_400;
/// 2025-01-01T00:00:00Z: "today" of the tests.
pub const T0: i64 = 1_735_689_600;
/// When the parent signs in the tests.
pub const SIGNED_AT: i64 = T0 + 10 * DAY;
/// When the server verifies: a minute later.
pub const NOW: i64 = SIGNED_AT + 60;

/// The contract's canonical bytes in the tests.
pub const CONTRACT: &[u8] =
    "Договор № ДС-2025-000123\nРебёнок: Тестов Әли\nЖСН: 200101500123\n".as_bytes();

/// A demo national CA: root → intermediate → a parent's signing and AUTH keys.
pub struct Pki {
    pub root: DemoCa,
    pub inter: DemoCa,
    pub sign_cert: Certificate,
    pub sign_key: Zeroizing<Vec<u8>>,
    pub auth_cert: Certificate,
    pub auth_key: Zeroizing<Vec<u8>>,
}

impl Pki {
    /// The server's trust store: only the root.
    pub fn trust(&self) -> TrustStore {
        TrustStore::new(vec![self.root.certificate().clone()], vec![])
    }

    /// What the browser embeds after the signer: the intermediate.
    pub fn chain(&self) -> Vec<Certificate> {
        vec![self.inter.certificate().clone()]
    }
}

/// A parent «Тестов Тест Тестович», IIN 900101300126, with the given purpose and validity.
pub fn parent(purpose: Purpose, not_before: i64, not_after: i64) -> PersonSpec {
    PersonSpec {
        surname: "Тестов".into(),
        first_name: "Тест".into(),
        patronymic: Some("Тестович".into()),
        iin: "900101300126".into(),
        email: Some("parent@example.kz".into()),
        purpose,
        not_before,
        not_after,
        wrong_key_usage: false,
    }
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let root =
            DemoCa::new_root("ДЕМО ТҮБІР CA (RSA)", T0 - 365 * DAY, T0 + 3650 * DAY).expect("root");
        let inter = root
            .issue_intermediate("ДЕМО ҰКО (RSA)", T0 - 30 * DAY, T0 + 1825 * DAY)
            .expect("intermediate");
        let (sign_cert, sign_key) = inter
            .issue_person(&parent(Purpose::Signing, T0, T0 + 365 * DAY))
            .expect("signing key");
        let (auth_cert, auth_key) = inter
            .issue_person(&parent(Purpose::Authentication, T0, T0 + 365 * DAY))
            .expect("auth key");
        Pki {
            root,
            inter,
            sign_cert,
            sign_key,
            auth_cert,
            auth_key,
        }
    })
}

/// Every variant: kk has a Kazakh-only letter, ru none, no mixed-script words, full sentences,
/// texts and codes distinct, codes well formed (as `domain::messages` tests require).
pub fn assert_messages<E: Localized + Copy + std::fmt::Debug + std::fmt::Display>(all: &[E]) {
    const KAZAKH: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";
    let cyr = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    let no_mixed = |text: &str| {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            let n = word.chars().filter(|&c| cyr(c)).count();
            assert!(
                n == 0 || n == word.chars().count(),
                "mixed-script {word:?} in {text:?}"
            );
        }
    };
    let mut seen = std::collections::HashSet::new();
    for e in all {
        let (kk, ru) = (e.message(Lang::Kk), e.message(Lang::Ru));
        assert!(
            kk.chars().any(|c| KAZAKH.contains(c)),
            "{e:?}: no Kazakh letter in {kk:?}"
        );
        assert!(
            !ru.chars().any(|c| KAZAKH.contains(c)),
            "{e:?}: Kazakh letter in {ru:?}"
        );
        assert!(ru.chars().any(cyr), "{e:?}: Russian text not Cyrillic");
        no_mixed(kk);
        no_mixed(ru);
        for t in [kk, ru] {
            assert!(
                t.ends_with('.') || t.ends_with(')'),
                "not a sentence: {t:?}"
            );
        }
        assert!(!e.to_string().is_empty());
        let code = e.code();
        assert!(
            code.starts_with("eds.")
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
        );
        assert!(seen.insert(code), "duplicate code {code}");
        assert!(seen.insert(kk) && seen.insert(ru), "{e:?}: duplicate text");
    }
}

/// Is the `openssl` command there? Tests that need it print a note and pass when it is not.
pub fn have_openssl() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("NOTE: openssl not found: interoperability check skipped");
    }
    ok
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eds-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs openssl with `args`, returning (success, stdout + stderr).
pub fn openssl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// PEM of a certificate (for files handed to openssl).
pub fn pem(cert: &Certificate) -> String {
    use der::Encode;
    pem_block("CERTIFICATE", &cert.to_der().expect("der"))
}

pub fn pem_block(label: &str, der_bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::new();
    for chunk in der_bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("ascii"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
