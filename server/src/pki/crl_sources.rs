//! Revocation data that stays fresh: CRLs (full and delta) fetched from configured URLs
//! (`EKG_CRL_URLS`) at start and every `EKG_CRL_REFRESH_MINUTES`, the last good copy of each
//! kept (in memory and under `$EKG_DATA_DIR/crls/`, so a restart while the CA's server is down
//! still has it).
//!
//! A copy is *good* when it parses as a CRL, its signature verifies under its issuer — a
//! certificate of the trust directory (put the national CA's intermediates there too) — it
//! was not issued in the future, and it is not older than the copy it replaces (a replayed old
//! CRL could hide a recent revocation). When a source has no good copy, or its copy is past its
//! nextUpdate plus the grace (`EKG_CRL_GRACE_HOURS`), the revocation status is *unknown*: new
//! log-ins and signatures are refused with "try again later", `/healthz` says `degraded`, and
//! the logs say which source.
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use app::eds::public_key::PublicKey;
use app::eds::trust::TrustStore;
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::crl::CertificateList;

/// Largest CRL accepted from a source (the national CA's full CRL is a few megabytes).
pub const MAX_CRL_BYTES: usize = 64 * 1024 * 1024;

/// How long one fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// One configured source and what was last fetched from it.
#[derive(Debug, Clone)]
struct Source {
    url: String,
    good: Option<CertificateList>,
    last_error: Option<String>,
}

/// What `/healthz` and the logs say about revocation data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    /// `ok`, `not_configured` (no URLs: only the trust directory's CRLs), or `stale`.
    pub status: &'static str,
    /// Per source: `ok`, `stale` or `none` (never fetched), with its nextUpdate.
    pub sources: Vec<SourceHealth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceHealth {
    pub url: String,
    pub status: &'static str,
    pub next_update: Option<i64>,
    pub last_error: Option<String>,
}

#[derive(Debug)]
pub struct CrlSources {
    sources: Mutex<Vec<Source>>,
    /// Seconds a CRL still counts after its nextUpdate.
    pub grace_secs: i64,
    /// Where the last good copies are kept (`None`: memory only).
    cache_dir: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Http(String),
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("larger than {MAX_CRL_BYTES} bytes")]
    TooLarge,
    #[error("not a CRL (DER or PEM)")]
    NotACrl,
    #[error("older than the copy already held (thisUpdate goes back)")]
    Older,
    #[error("not signed by a certificate of the trust directory")]
    BadSignature,
    #[error("issued in the future (thisUpdate ahead of this server's clock)")]
    FromTheFuture,
}

impl CrlSources {
    /// Sources for `urls`, with the copies kept in `cache_dir` from an earlier run.
    pub fn new(urls: &[String], grace_secs: i64, cache_dir: Option<PathBuf>) -> Self {
        let sources = urls
            .iter()
            .map(|url| Source {
                url: url.clone(),
                good: cache_dir
                    .as_ref()
                    .and_then(|d| std::fs::read(d.join(cache_name(url))).ok())
                    .and_then(|bytes| parse_crl(&bytes).ok()),
                last_error: None,
            })
            .collect();
        CrlSources {
            sources: Mutex::new(sources),
            grace_secs,
            cache_dir,
        }
    }

    pub fn is_configured(&self) -> bool {
        !self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Source>> {
        self.sources.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The good copies, to be merged into the trust store.
    pub fn crls(&self) -> Vec<CertificateList> {
        self.lock().iter().filter_map(|s| s.good.clone()).collect()
    }

    /// Fetches every source once at `now`; a failure keeps the previous copy. Returns whether
    /// any copy changed.
    pub async fn refresh(&self, client: &reqwest::Client, anchors: &TrustStore, now: i64) -> bool {
        let urls: Vec<String> = self.lock().iter().map(|s| s.url.clone()).collect();
        let mut changed = false;
        for url in urls {
            let outcome = fetch(client, &url).await.and_then(|crl| {
                let held = self
                    .lock()
                    .iter()
                    .find(|s| s.url == url)
                    .and_then(|s| s.good.clone());
                accept(&crl, held.as_ref(), anchors, now).map(|()| crl)
            });
            let mut sources = self.lock();
            let Some(source) = sources.iter_mut().find(|s| s.url == url) else {
                continue;
            };
            match outcome {
                Ok(crl) => {
                    let same = source.good.as_ref() == Some(&crl);
                    if !same {
                        if let (Some(dir), Ok(der)) = (&self.cache_dir, crl.to_der()) {
                            let _ = std::fs::create_dir_all(dir);
                            let tmp = dir.join(format!("{}.tmp", cache_name(&url)));
                            if std::fs::write(&tmp, &der).is_ok() {
                                let _ = std::fs::rename(&tmp, dir.join(cache_name(&url)));
                            }
                        }
                        tracing::info!(%url, "CRL refreshed");
                        changed = true;
                    }
                    source.good = Some(crl);
                    source.last_error = None;
                }
                Err(e) => {
                    tracing::warn!(%url, error = %e, "CRL not refreshed: the last good copy stays");
                    source.last_error = Some(e.to_string());
                }
            }
        }
        changed
    }

    /// Revocation data at `now`: every source must hold a copy that is not past its
    /// nextUpdate plus the grace.
    pub fn health(&self, now: i64) -> Health {
        let sources: Vec<SourceHealth> = self
            .lock()
            .iter()
            .map(|s| {
                let next_update = s.good.as_ref().and_then(|c| {
                    c.tbs_cert_list
                        .next_update
                        .map(|t| t.to_unix_duration().as_secs() as i64)
                });
                let status = match (&s.good, next_update) {
                    (None, _) => "none",
                    (Some(_), Some(n)) if now > n.saturating_add(self.grace_secs) => "stale",
                    (Some(_), _) => "ok",
                };
                SourceHealth {
                    url: s.url.clone(),
                    status,
                    next_update,
                    last_error: s.last_error.clone(),
                }
            })
            .collect();
        let status = if sources.is_empty() {
            "not_configured"
        } else if sources.iter().all(|s| s.status == "ok") {
            "ok"
        } else {
            "stale"
        };
        Health { status, sources }
    }
}

/// The file name a source's copy is kept under.
fn cache_name(url: &str) -> String {
    format!(
        "{}.crl",
        &app::domain::canonical::sha256_hex(url.as_bytes())[..32]
    )
}

async fn fetch(client: &reqwest::Client, url: &str) -> Result<CertificateList, FetchError> {
    let mut resp = client
        .get(url)
        .timeout(FETCH_TIMEOUT)
        .send()
        .await
        .map_err(|e| FetchError::Http(e.to_string()))?;
    if !resp.status().is_success() {
        return Err(FetchError::Status(resp.status().as_u16()));
    }
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_CRL_BYTES as u64)
    {
        return Err(FetchError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| FetchError::Http(e.to_string()))?
    {
        if body.len() + chunk.len() > MAX_CRL_BYTES {
            return Err(FetchError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    parse_crl(&body)
}

/// A CRL from DER or PEM (`X509 CRL`) bytes.
pub fn parse_crl(bytes: &[u8]) -> Result<CertificateList, FetchError> {
    if let Ok(crl) = CertificateList::from_der(bytes) {
        return Ok(crl);
    }
    let mut store = TrustStore::default();
    store.add_file(bytes).map_err(|_| FetchError::NotACrl)?;
    match (store.crls.len(), store.anchors.len()) {
        (1, 0) => Ok(store.crls.remove(0)),
        _ => Err(FetchError::NotACrl),
    }
}

/// How far ahead of the server's clock a CRL's thisUpdate may be.
const SKEW_SECS: u64 = 5 * 60;

/// Is `crl` a good replacement for `held`? Signed by its issuer, a certificate of the trust
/// directory (the national CA's root and intermediates are configured there); not issued in
/// the future (a forged far-future copy would otherwise make every genuine one look older);
/// not older than the copy held.
fn accept(
    crl: &CertificateList,
    held: Option<&CertificateList>,
    anchors: &TrustStore,
    now: i64,
) -> Result<(), FetchError> {
    let this_update = |c: &CertificateList| c.tbs_cert_list.this_update.to_unix_duration();
    if this_update(crl).as_secs() > u64::try_from(now).unwrap_or(0).saturating_add(SKEW_SECS) {
        return Err(FetchError::FromTheFuture);
    }
    if held.is_some_and(|h| this_update(crl) < this_update(h)) {
        return Err(FetchError::Older);
    }
    let tbs = crl
        .tbs_cert_list
        .to_der()
        .map_err(|_| FetchError::NotACrl)?;
    let sig = crl.signature.as_bytes().ok_or(FetchError::BadSignature)?;
    let verified = anchors
        .anchors
        .iter()
        .chain(anchors.test_anchors.iter())
        .filter(|a| a.tbs_certificate.subject == crl.tbs_cert_list.issuer)
        .any(|issuer| {
            PublicKey::of_certificate(issuer)
                .is_some_and(|key| key.verifies(&crl.signature_algorithm.oid, &tbs, sig))
        });
    if verified {
        Ok(())
    } else {
        Err(FetchError::BadSignature)
    }
}
