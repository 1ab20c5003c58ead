//! The evidence that keeps an accepted signature provable after its certificate has expired
//! or been revoked (issue 25): an RFC 3161 timestamp from the configured TSA, embedded in the
//! CMS as `signatureTimeStampToken` (CAdES-T), and the signer's status at acceptance: the OCSP
//! responder's signed answer, or — when the responder does not answer — the CRL that was
//! current then.
//!
//! Configuration: `EKG_TSA_URL` (the national CA's is `http://tsp.pki.gov.kz`),
//! `EKG_TSA_POLICY` (the policy OID to ask for: one OID, or `rsa=OID,gost=OID` by the
//! signer's key), `EKG_OCSP_URL` (`http://ocsp.pki.gov.kz`), `EKG_EVIDENCE_TIMEOUT_SECONDS`
//! (each call, default 10) and `EKG_EVIDENCE_RETRY_SECONDS` (the background job's first
//! retry, default 60, doubling up to an hour). Without a TSA and an OCSP URL (the demo) the
//! evidence is the CRL the store holds, if any.
//!
//! A responder that does not answer never loses a submission: the signature is accepted
//! (everything else verified), its evidence marked pending, and [`spawn_completion`]
//! completes it later.

use std::time::Duration;

use app::eds::cms_verify::VerifiedSignature;
use app::eds::ocsp::{self, CertState};
use app::eds::public_key::DigestAlgorithm;
use app::eds::timestamp;
use der::Encode;
use x509_cert::Certificate;

use app::eds::trust::TrustStore;

/// Where the evidence comes from.
#[derive(Debug, Clone, Default)]
pub struct EvidenceConfig {
    pub tsa_url: Option<String>,
    pub tsa_policy: TsaPolicy,
    pub ocsp_url: Option<String>,
    pub timeout: Duration,
    pub retry_every: Duration,
}

/// The TSA policy to request, by the signer's key algorithm (the national CA's TSA has
/// policies 1.2.398.3.3.2.6.x per algorithm).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TsaPolicy {
    pub rsa: Option<der::asn1::ObjectIdentifier>,
    pub gost: Option<der::asn1::ObjectIdentifier>,
}

impl TsaPolicy {
    /// `OID` (for every key) or `rsa=OID,gost=OID` (either may be left out).
    pub fn parse(text: &str) -> Result<TsaPolicy, String> {
        let oid = |s: &str| {
            s.trim()
                .parse::<der::asn1::ObjectIdentifier>()
                .map_err(|_| format!("EKG_TSA_POLICY: {s:?} is not an OID"))
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(TsaPolicy::default());
        }
        if !text.contains('=') {
            let one = oid(text)?;
            return Ok(TsaPolicy {
                rsa: Some(one),
                gost: Some(one),
            });
        }
        let mut p = TsaPolicy::default();
        for part in text.split(',').filter(|s| !s.trim().is_empty()) {
            match part.split_once('=').map(|(k, v)| (k.trim(), v)) {
                Some(("rsa", v)) => p.rsa = Some(oid(v)?),
                Some(("gost", v)) => p.gost = Some(oid(v)?),
                _ => {
                    return Err(format!(
                        "EKG_TSA_POLICY: {part:?} is not rsa=OID or gost=OID"
                    ));
                }
            }
        }
        Ok(p)
    }

    fn for_digest(&self, digest: DigestAlgorithm) -> Option<der::asn1::ObjectIdentifier> {
        match digest {
            DigestAlgorithm::Sha256 => self.rsa,
            DigestAlgorithm::Streebog512 => self.gost,
        }
    }
}

/// How the signer's status at acceptance is proven.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusProof {
    /// The OCSP responder's answer (DER `OCSPResponse`).
    Ocsp(Vec<u8>),
    /// The CRL that was current (DER).
    Crl(Vec<u8>),
}

/// What [`EvidenceClient::collect`] gathered.
#[derive(Debug, Clone)]
pub struct Collected {
    /// The CMS, with the timestamp embedded when there is one.
    pub cms: Vec<u8>,
    /// The timestamp's genTime.
    pub timestamp_at: Option<i64>,
    pub status: Option<StatusProof>,
    /// Why the evidence is not complete yet (`None`: complete).
    pub pending: Option<String>,
}

/// The signer's certificate was revoked before the signature was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevokedBeforeSubmission {
    pub since: i64,
}

/// Calls the TSA and the OCSP responder.
pub struct EvidenceClient {
    pub config: EvidenceConfig,
    http: reqwest::Client,
}

/// Reads at most `limit` bytes of a response body.
async fn body_limited(mut resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, String> {
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Err("answer too large".into());
    }
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| e.to_string())? {
        out.extend_from_slice(&chunk);
        if out.len() > limit {
            return Err("answer too large".into());
        }
    }
    Ok(out)
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the OS random source works");
    b
}

impl EvidenceClient {
    pub fn new(config: EvidenceConfig) -> EvidenceClient {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .expect("an HTTP client builds");
        EvidenceClient { config, http }
    }

    /// Is anything configured (a TSA or an OCSP responder)?
    pub fn is_configured(&self) -> bool {
        self.config.tsa_url.is_some() || self.config.ocsp_url.is_some()
    }

    async fn post(&self, url: &str, content_type: &str, body: Vec<u8>) -> Result<Vec<u8>, String> {
        let resp = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| {
                // The cause (refused, timed out, reset) is in the source chain.
                let mut text = format!("{url}: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    text.push_str(&format!(": {s}"));
                    source = s.source();
                }
                text
            })?;
        if !resp.status().is_success() {
            return Err(format!("{url}: HTTP {}", resp.status()));
        }
        body_limited(resp, 64 * 1024)
            .await
            .map_err(|e| format!("{url}: {e}"))
    }

    /// A verified timestamp token over `signature_value`.
    async fn timestamp(
        &self,
        url: &str,
        signature_value: &[u8],
        digest: DigestAlgorithm,
        store: &TrustStore,
    ) -> Result<(Vec<u8>, timestamp::VerifiedTimestamp), String> {
        let nonce = random::<8>();
        let req = timestamp::request(
            signature_value,
            self.config.tsa_policy.for_digest(digest),
            nonce,
        );
        let answer = self.post(url, "application/timestamp-query", req).await?;
        let token = timestamp::token_of_response(&answer).map_err(|e| format!("TSA: {e}"))?;
        let sent = timestamp::nonce_bytes(nonce);
        let verified = timestamp::verify_token(&token, signature_value, store, Some(&sent))
            .map_err(|e| format!("TSA: {e}"))?;
        Ok((token, verified))
    }

    /// The responder's checked answer about `cert`.
    async fn ocsp(
        &self,
        url: &str,
        cert: &Certificate,
        issuer: &Certificate,
        now: i64,
    ) -> Result<(Vec<u8>, ocsp::OcspAnswer), String> {
        let nonce = random::<16>();
        let req = ocsp::request(cert, issuer, &nonce).map_err(|e| e.to_string())?;
        let answer = self.post(url, "application/ocsp-request", req).await?;
        let checked = ocsp::check_response(&answer, cert, issuer, Some(&nonce), Some(now))
            .map_err(|e| format!("OCSP: {e}"))?;
        Ok((answer, checked))
    }

    /// Gathers the evidence of the verified signature `cms_der` (DER) submitted at
    /// `submitted_at`: keeps a valid timestamp it already carries, or asks the TSA; asks the
    /// OCSP responder for the signer's status, falling back to the store's current CRL.
    /// `Err` only when the signer's certificate was revoked at or before `submitted_at`.
    pub async fn collect(
        &self,
        store: &TrustStore,
        cms_der: &[u8],
        verified: &VerifiedSignature,
        submitted_at: i64,
        now: i64,
    ) -> Result<Collected, RevokedBeforeSubmission> {
        let mut pending = Vec::new();
        let mut cms = cms_der.to_vec();
        let mut timestamp_at = None;
        let signature = timestamp::signature_value(cms_der).unwrap_or_default();
        if let Ok(Some(token)) = timestamp::embedded_token(cms_der)
            && let Ok(v) = timestamp::verify_token(&token, &signature, store, None)
        {
            timestamp_at = Some(v.gen_time_unix);
        }
        // The TSA and the OCSP responder are asked at the same time.
        let issuer = verified.chain.get(1);
        let want_timestamp = timestamp_at.is_none();
        let stamp = async {
            match (&self.config.tsa_url, want_timestamp) {
                (Some(url), true) => {
                    let digest =
                        timestamp::signer_digest(cms_der).unwrap_or(DigestAlgorithm::Sha256);
                    Some(self.timestamp(url, &signature, digest, store).await)
                }
                _ => None,
            }
        };
        let status_check = async {
            match (&self.config.ocsp_url, issuer) {
                (Some(url), Some(issuer)) => {
                    Some(self.ocsp(url, &verified.signer, issuer, now).await)
                }
                _ => None,
            }
        };
        let (stamp, status_check) = tokio::join!(stamp, status_check);
        match stamp {
            Some(Ok((token, v))) => match timestamp::embed(cms_der, &token) {
                Ok(with_token) => {
                    cms = with_token;
                    timestamp_at = Some(v.gen_time_unix);
                }
                Err(e) => pending.push(format!("embedding the timestamp: {e}")),
            },
            Some(Err(e)) => pending.push(e),
            None => {}
        }

        let mut status = None;
        let mut ocsp_problem = None;
        match status_check {
            Some(Ok((der, answer))) => match answer.state {
                CertState::Revoked { since }
                    if since <= submitted_at.saturating_add(ocsp::SKEW) =>
                {
                    return Err(RevokedBeforeSubmission { since });
                }
                // Good, or revoked only after the submission: the signature stands.
                CertState::Good | CertState::Revoked { .. } => {
                    status = Some(StatusProof::Ocsp(der));
                }
                CertState::Unknown => {
                    ocsp_problem = Some("OCSP: the responder does not know the certificate".into())
                }
            },
            Some(Err(e)) => ocsp_problem = Some(e),
            None => {}
        }
        if status.is_none()
            && let Some(issuer) = issuer
        {
            match current_crl(store, &verified.signer, issuer, submitted_at) {
                CrlAnswer::Good(crl) => {
                    // The CRL stands in for the responder that did not answer.
                    if let Some(problem) = ocsp_problem.take() {
                        tracing::warn!(error = %problem, "OCSP responder unusable: the current CRL is the evidence");
                    }
                    status = Some(StatusProof::Crl(crl));
                }
                CrlAnswer::Revoked(since) => return Err(RevokedBeforeSubmission { since }),
                CrlAnswer::None => {
                    if let Some(problem) = ocsp_problem.take() {
                        pending.push(format!("{problem}; no current CRL to fall back on"));
                    }
                }
            }
        }
        Ok(Collected {
            cms,
            timestamp_at,
            status,
            pending: (!pending.is_empty()).then(|| pending.join("; ")),
        })
    }
}

enum CrlAnswer {
    Good(Vec<u8>),
    Revoked(i64),
    None,
}

/// The newest full CRL of the store that `issuer` signed and that speaks for `cert` at `at`.
fn current_crl(
    store: &app::eds::trust::TrustStore,
    cert: &Certificate,
    issuer: &Certificate,
    at: i64,
) -> CrlAnswer {
    use app::eds::revocation::{Status, status};
    match status(
        cert,
        issuer,
        &store.crls,
        &[],
        at,
        store.crl_grace_secs,
        &store.crl_memo,
    ) {
        Status::Revoked => {
            let since = store
                .crls
                .iter()
                .filter(|c| c.tbs_cert_list.issuer == issuer.tbs_certificate.subject)
                .filter_map(|c| c.tbs_cert_list.revoked_certificates.as_ref())
                .flatten()
                .find(|r| r.serial_number == cert.tbs_certificate.serial_number)
                .map(|r| r.revocation_date.to_unix_duration().as_secs() as i64)
                .unwrap_or(at);
            CrlAnswer::Revoked(since)
        }
        Status::Good => store
            .crls
            .iter()
            .filter(|c| {
                c.tbs_cert_list.issuer == issuer.tbs_certificate.subject
                    && c.tbs_cert_list
                        .crl_extensions
                        .as_ref()
                        .is_none_or(|e| !e.iter().any(|x| x.extn_id.to_string() == "2.5.29.27"))
            })
            .max_by_key(|c| c.tbs_cert_list.this_update.to_unix_duration())
            .and_then(|c| c.to_der().ok())
            .map_or(CrlAnswer::None, CrlAnswer::Good),
        Status::Stale | Status::NoData => CrlAnswer::None,
    }
}
