//! EDS verification on the server: the trust store (anchors and CRLs from the configured
//! directory) and the demo PKI for demo mode.
pub mod crl_sources;
pub mod demo;
pub mod evidence;
pub mod pool;

use std::path::Path;

use app::domain::messages::Localized;
use app::eds::cms_verify::{VerifiedSignature, verify_detached};
use app::eds::purpose::Purpose;
use app::eds::trust::TrustStore;

/// Trust anchors and CRLs, and the bounded pool verifications run on.
pub struct Trust {
    /// What the trust directory holds.
    base: TrustStore,
    /// `base` with the fetched CRLs, rebuilt when they change.
    current: std::sync::RwLock<std::sync::Arc<TrustStore>>,
    /// CRLs fetched from `EKG_CRL_URLS` (none configured: the directory's CRLs only).
    pub crls: crl_sources::CrlSources,
    pub pool: std::sync::Arc<pool::VerifyPool>,
    /// The TSA and OCSP responder that complete an accepted signature's evidence.
    pub evidence: std::sync::Arc<evidence::EvidenceClient>,
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
    /// Outside demo mode, certificates in `test-anchors/` are an error (the server refuses to
    /// start and says what to do).
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
            // The national CA's test keys carry IINs that fail the control digit and are
            // handed out to anyone: outside demo mode they must never log anybody in.
            anyhow::ensure!(
                demo || entries.is_empty(),
                "{} holds {} test certificate file(s) (e.g. {}): test anchors are trusted only in demo mode (EKG_DEMO=1). \
                 Remove them from this folder for production, or start the demo.",
                test_dir.display(),
                entries.len(),
                entries[0]
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("?"),
            );
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
        Ok(Trust::from_store(store))
    }

    /// A trust of `store` alone (no CRL sources, the default pool).
    pub fn from_store(store: TrustStore) -> Trust {
        Trust {
            current: std::sync::RwLock::new(std::sync::Arc::new(store.clone())),
            base: store,
            crls: crl_sources::CrlSources::new(&[], 0, None),
            pool: std::sync::Arc::new(pool::VerifyPool::new(
                crate::config::defaults::workers(),
                crate::config::defaults::VERIFY_QUEUE,
            )),
            evidence: std::sync::Arc::new(evidence::EvidenceClient::new(
                evidence::EvidenceConfig {
                    timeout: std::time::Duration::from_secs(10),
                    retry_every: std::time::Duration::from_secs(60),
                    ..Default::default()
                },
            )),
        }
    }

    /// Sets the CRL sources (and the grace of every CRL) and merges the copies they already
    /// hold (kept from an earlier run).
    pub fn with_crl_sources(mut self, sources: crl_sources::CrlSources) -> Trust {
        self.base.crl_grace_secs = sources.grace_secs;
        // With CRL sources configured, a signer's revocation status must be known.
        self.base.require_signer_revocation = sources.is_configured();
        self.crls = sources;
        self.rebuild();
        self
    }

    /// The store verifications use now.
    pub fn store(&self) -> std::sync::Arc<TrustStore> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn rebuild(&self) {
        let mut store = self.base.clone();
        store.crl_memo = Default::default();
        for crl in self.crls.crls() {
            store.add_crl(crl);
        }
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = std::sync::Arc::new(store);
    }

    /// Fetches the CRL sources once and, if anything changed, uses the new copies.
    pub async fn refresh_crls(&self, client: &reqwest::Client, now: i64) {
        if self.crls.refresh(client, &self.base, now).await {
            self.rebuild();
        }
    }

    /// Refreshes the CRLs every `every`, for as long as the server runs (the first refresh
    /// is the caller's, at start).
    pub fn spawn_crl_refresh(
        self: &std::sync::Arc<Self>,
        every: std::time::Duration,
        clock: crate::clock::Clock,
    ) {
        if !self.crls.is_configured() {
            return;
        }
        let trust = self.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                trust.refresh_crls(&client, clock()).await;
            }
        });
    }

    /// Whether new signatures can be accepted at `now`: every configured CRL source holds a
    /// current copy. Otherwise the rule code of the refusal.
    fn revocation_ready(&self, now: i64) -> Result<(), &'static str> {
        let health = self.crls.health(now);
        if health.status == "stale" {
            tracing::warn!(sources = ?health.sources, "revocation data out of date: signature refused");
            Err(app::eds::VerifyError::RevocationUnavailable.code())
        } else {
            Ok(())
        }
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
        self.revocation_ready(now)?;
        let der = app::eds::ber::ber_to_der(cms).map_err(|e| e.code())?;
        verify_detached(&der, content, &self.store(), purpose, now).map_err(|e| e.code())
    }
}

impl Trust {
    /// [`Trust::verify`] on the bounded verification pool: a refusal is
    /// `AppError::Invalid(rule code)`, a full pool `AppError::Unavailable` (HTTP 503).
    pub async fn verify_pooled(
        self: &std::sync::Arc<Self>,
        cms: &[u8],
        content: &[u8],
        purpose: Purpose,
        now: i64,
    ) -> Result<VerifiedSignature, app::error::AppError> {
        let (trust, cms, content) = (self.clone(), cms.to_vec(), content.to_vec());
        self.pool
            .run(move || trust.verify(&cms, &content, purpose, now))
            .await
            .map_err(|_| busy())?
            .map_err(|code| app::error::AppError::Invalid(code.into()))
    }

    /// [`Trust::verify_contract`] on the bounded verification pool (errors as
    /// [`Trust::verify_pooled`]).
    pub async fn verify_contract_pooled(
        self: &std::sync::Arc<Self>,
        cms: &[u8],
        canonical: &[u8],
        party: app::eds::party::Party,
        now: i64,
    ) -> Result<VerifiedSignature, app::error::AppError> {
        let (trust, cms, canonical) = (self.clone(), cms.to_vec(), canonical.to_vec());
        self.pool
            .run(move || trust.verify_contract(&cms, &canonical, &party, now))
            .await
            .map_err(|_| busy())?
            .map_err(|code| app::error::AppError::Invalid(code.into()))
    }
}

fn busy() -> app::error::AppError {
    tracing::warn!("EDS verification pool full: answered 503");
    app::error::AppError::Unavailable
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
        self.revocation_ready(now)?;
        let der = app::eds::ber::ber_to_der(cms).map_err(|e| e.code())?;
        app::eds::party::verify_contract_signature(&der, canonical, &self.store(), party, now)
            .map_err(|e| e.code())
    }
}
