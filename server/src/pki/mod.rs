//! EDS verification on the server: the trust store (anchors and CRLs from the configured
//! directory) and the demo PKI for demo mode.
pub mod demo;

use std::path::Path;

use app::domain::messages::Localized;
use app::eds::cms_verify::{VerifiedSignature, verify_detached};
use app::eds::purpose::Purpose;
use app::eds::trust::TrustStore;

/// Trust anchors and CRLs, loaded once at start-up.
pub struct Trust {
    pub store: TrustStore,
}

/// Subdirectory of the trust directory whose certificates are *test* anchors.
pub const TEST_ANCHORS_DIR: &str = "test-anchors";

/// File names the trust directory may hold.
fn is_trust_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("pem" | "cer" | "crt" | "der" | "crl")
    )
}

impl Trust {
    /// Reads every certificate and CRL (PEM or DER) in `dir`. A missing directory gives an
    /// empty store: every signature is then refused as untrusted (and a warning is logged).
    ///
    /// The demo root (`demo-root-ca.pem`, written in demo mode) is loaded only when `demo` is
    /// true, so a data directory that once ran the demo never trusts demo keys in production.
    pub fn load_dir(dir: &Path, demo: bool) -> anyhow::Result<Trust> {
        let mut files = Vec::new();
        if dir.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(dir)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            entries.sort();
            for p in entries
                .into_iter()
                .filter(|p| p.is_file() && is_trust_file(p))
                .filter(|p| demo || p.file_name().and_then(|n| n.to_str()) != Some(demo::ROOT_FILE))
            {
                files.push((p.display().to_string(), std::fs::read(&p)?));
            }
        }
        let mut store = if files.is_empty() {
            TrustStore::new(Vec::new(), Vec::new())
        } else {
            TrustStore::from_files(files)
                .map_err(|e| anyhow::anyhow!("trust directory {}: {e}", dir.display()))?
        };
        // Test PKIs (e.g. the national CA's GOST 2022 *test* root): kept apart, so that only
        // their paths get the test-only relaxations. Never put production roots here.
        let test_dir = dir.join(TEST_ANCHORS_DIR);
        if test_dir.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&test_dir)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_trust_file(p))
                .collect();
            entries.sort();
            for p in entries {
                store
                    .add_test_file(&std::fs::read(&p)?)
                    .map_err(|e| anyhow::anyhow!("test anchor {}: {e}", p.display()))?;
            }
            tracing::warn!(
                test_anchors = store.test_anchors.len(),
                dir = %test_dir.display(),
                "TEST trust anchors loaded: signatures under them are accepted with test-only relaxations"
            );
        }
        if store.anchors.is_empty() && store.test_anchors.is_empty() {
            tracing::warn!(dir = %dir.display(), "no trust anchors: every EDS signature will be refused");
        } else {
            tracing::info!(
                anchors = store.anchors.len(),
                crls = store.crls.len(),
                "trust anchors loaded"
            );
        }
        Ok(Trust { store })
    }

    /// Verifies a detached CMS (BER or DER) over `content` for `purpose` at `now`; the error
    /// is the failed rule's code (its kk/ru message is shown to the user).
    pub fn verify(
        &self,
        cms: &[u8],
        content: &[u8],
        purpose: Purpose,
        now: i64,
    ) -> Result<VerifiedSignature, &'static str> {
        let der = app::eds::ber::ber_to_der(cms).map_err(|e| e.code())?;
        verify_detached(&der, content, &self.store, purpose, now).map_err(|e| e.code())
    }
}

impl Trust {
    /// Verifies a contract signature (BER or DER CMS) over the canonical bytes the server
    /// computed from its own records: every CMS rule for a signing key, then that the signer
    /// is `party` (the parent's IIN or the kindergarten's BIN). The error is the rule's code.
    pub fn verify_contract(
        &self,
        cms: &[u8],
        canonical: &[u8],
        party: &app::eds::party::Party,
        now: i64,
    ) -> Result<VerifiedSignature, &'static str> {
        let der = app::eds::ber::ber_to_der(cms).map_err(|e| e.code())?;
        app::eds::party::verify_contract_signature(&der, canonical, &self.store, party, now)
            .map_err(|e| e.code())
    }
}
