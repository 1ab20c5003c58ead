//! Configuration from the environment (and defaults that give the embedded demo setup).
use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the server needs to start. Secrets (none yet) are never printed.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://…` (embedded default) or `postgres://…`.
    pub database_url: String,
    /// Root of local state: the SQLite file, documents, demo keys.
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    /// Directory of trust anchors and CRLs (PEM or DER).
    pub trust_dir: PathBuf,
    /// Demo mode (off unless `EKG_DEMO=1`; `scripts/run.sh` sets it): demo data on first start.
    pub demo: bool,
    /// Demo mode: make demo keys (demo CA, key files) and offer them at `/demo`.
    pub demo_pki: bool,
    /// `Secure` on cookies and HSTS: on whenever `EKG_PUBLIC_URL` is `https://…` (or
    /// `EKG_COOKIE_SECURE=1`); off only for `http://localhost` and demo mode.
    pub cookie_secure: bool,
    /// The address people reach the service at (`EKG_PUBLIC_URL`, e.g.
    /// `https://balabaqsha.example.kz`). Required outside demo mode, where it must be
    /// `https://` unless the host is the machine itself (`localhost`, `127.0.0.1`, `[::1]`).
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`EKG_TRUSTED_PROXIES`, addresses
    /// or CIDRs; empty by default: the TCP peer is the client). See `client_origin`.
    pub trusted_proxies: crate::client_origin::TrustedProxies,
    /// CMS verifications running at once (`EKG_VERIFY_WORKERS`, default: the cores) and
    /// waiting (`EKG_VERIFY_QUEUE`, default 32); more get an immediate 503.
    pub verify_workers: usize,
    pub verify_queue: usize,
    /// Where fresh CRLs come from (`EKG_CRL_URLS`: http(s) URLs of full and delta CRLs,
    /// separated by commas or spaces; empty: only the trust directory's CRLs). See
    /// `pki::crl_sources`.
    pub crl_urls: Vec<String>,
    /// How often they are fetched again (`EKG_CRL_REFRESH_MINUTES`, default 60).
    pub crl_refresh: std::time::Duration,
    /// How long after its nextUpdate a CRL still counts (`EKG_CRL_GRACE_HOURS`, default 2).
    pub crl_grace_secs: i64,
    /// The TSA and OCSP responder of accepted signatures' evidence (`EKG_TSA_URL`,
    /// `EKG_TSA_POLICY`, `EKG_OCSP_URL`, `EKG_EVIDENCE_TIMEOUT_SECONDS`,
    /// `EKG_EVIDENCE_RETRY_SECONDS`). See `pki::evidence`.
    pub evidence: crate::pki::evidence::EvidenceConfig,
    /// Tests: a verification pool to share (to fill it on purpose); `None` makes one of
    /// `verify_workers` + `verify_queue`.
    pub verify_pool: Option<std::sync::Arc<crate::pki::pool::VerifyPool>>,
    /// Where documents go: `local` (default, `<data_dir>/documents`), `file:///abs/dir` or
    /// `s3://bucket?endpoint=…&region=…&allow_http=true` (see `storage`). `EKG_STORAGE_URL`.
    pub storage_url: String,
    /// Demo mode extra (`EKG_DEMO_FAMILY=1`, set by `scripts/run.sh`): the first demo parent
    /// gets a child in the queue with an active referral to «№1 Балабақшасы», so the cabinet
    /// has something to show at once. Tests start without it.
    pub demo_family: bool,
    /// EDS log-in challenges one client may ask for in 10 minutes
    /// (`EKG_LOGIN_ATTEMPTS_PER_10_MIN`, default [`defaults::LOGIN_ATTEMPTS_PER_10_MIN`]).
    pub login_attempts_per_10_min: u64,
    /// The operator's BIN shown by eGov Mobile / eGov Business as the organisation asking for
    /// the signature (`EKG_OPERATOR_BIN`, 12 digits; the one registered with the national
    /// integration platform). Unset: the apps show the service's name only.
    pub operator_bin: Option<String>,
    /// How long a signing session for eGov Mobile / eGov Business works
    /// (`EKG_MOBILE_SIGN_SECONDS`, default [`defaults::MOBILE_SIGN_SECONDS`], 60–1800): the
    /// QR code's countdown.
    pub mobile_sign_ttl_secs: i64,
    /// Support requests one client may send in 10 minutes (`EKG_SUPPORT_REQUESTS_PER_10_MIN`,
    /// default [`defaults::SUPPORT_REQUESTS_PER_10_MIN`]), counted in the database.
    pub support_requests_per_10_min: u64,
    /// Document uploads one account may make in 10 minutes (`EKG_UPLOADS_PER_10_MIN`, default
    /// [`defaults::UPLOADS_PER_10_MIN`]): stored documents are counted in the
    /// database (across servers), attempts by each server process.
    pub uploads_per_10_min: usize,
    /// Uploaded pictures the server decodes at once (`EKG_UPLOAD_DECODES`, default: the
    /// cores); more wait up to 20 s, then get 503.
    pub upload_decodes: usize,
    /// How old stored document bytes that no record refers to must be before the orphan sweep
    /// removes them (`EKG_ORPHAN_GRACE_MINUTES`, default [`defaults::ORPHAN_GRACE`]:
    /// longer than any upload takes between storing its bytes and recording them; at least
    /// 10 minutes outside demo mode).
    pub orphan_grace: std::time::Duration,
    /// The site's static files (the WASM bundle, styles, service worker): `None` reads
    /// cargo-leptos' `LEPTOS_SITE_ROOT` (default `target/site`); tests give each server its own.
    pub site_root: Option<PathBuf>,
    /// How often the in-memory catalogue asks the database whether another server changed it
    /// (`EKG_CATALOGUE_RECHECK_MS`, default 1000; this server's own changes show at once).
    pub catalogue_recheck: std::time::Duration,
    /// How long browsers and shared caches (a reverse proxy, a CDN) may keep an anonymous
    /// catalogue page (`EKG_PUBLIC_PAGE_MAX_AGE_SECONDS`, default 30; 0: they must ask each
    /// time, with `ETag`). See `routes::public_pages`.
    pub public_page_max_age: u32,
    /// A gateway to the national population register (`EKG_POPULATION_REGISTER_URL`, see
    /// `population_register`); without it, demo mode asks the demo register and production
    /// leaves every parenthood claim to the department.
    pub population_register_url: Option<String>,
    /// Most children one cabinet holds (`EKG_MAX_CHILDREN_PER_CABINET`, default
    /// `app::domain::referral::MAX_CHILDREN`).
    pub max_children_per_cabinet: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("EKG_LISTEN is not a socket address like 127.0.0.1:3000: {0}")]
    BadListen(String),
    #[error(transparent)]
    BadTrustedProxies(#[from] crate::client_origin::BadCidr),
    #[error("EKG_OPERATOR_BIN is not a BIN (12 digits): {0}")]
    BadOperatorBin(String),
    #[error("EKG_PUBLIC_URL is not an http:// or https:// address: {0}")]
    BadPublicUrl(String),
    #[error(
        "EKG_PUBLIC_URL is required outside demo mode: the address people open the service at, e.g. https://balabaqsha.example.kz"
    )]
    PublicUrlRequired,
    #[error(
        "EKG_PUBLIC_URL {0} is plain http on a public host: serve the service over HTTPS (put a TLS-terminating reverse proxy in front and give its https:// address)"
    )]
    PublicUrlNotHttps(String),
    #[error("EKG_CRL_URLS: {0:?} is not an http:// or https:// URL")]
    BadCrlUrl(String),
    #[error("{0}")]
    BadEvidence(String),
}

pub mod defaults;
mod for_tests;
pub use for_tests::drop_test_pg_database;

/// Outside demo mode a server needs its public address.
fn require_public_url(demo: bool, public_url: Option<&str>) -> Result<(), ConfigError> {
    if demo || public_url.is_some() {
        Ok(())
    } else {
        Err(ConfigError::PublicUrlRequired)
    }
}

/// Checks `EKG_PUBLIC_URL` and says whether cookies must be `Secure` (an `https://` URL).
/// A plain `http://` URL is refused outside demo mode unless its host is this machine. (That
/// the URL is set at all outside demo mode is checked before serving, [`Config::check_serving`]:
/// `server migrate`, `grant` and the other commands do not need it.)
pub fn public_url_security(public_url: Option<&str>, demo: bool) -> Result<bool, ConfigError> {
    let Some(raw) = public_url else {
        return Ok(false);
    };
    let url = url::Url::parse(raw).map_err(|_| ConfigError::BadPublicUrl(raw.into()))?;
    match url.scheme() {
        "https" => Ok(true),
        "http" => {
            let local = matches!(url.host(), Some(url::Host::Domain("localhost")))
                || matches!(url.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
                || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback());
            if local || demo {
                Ok(false)
            } else {
                Err(ConfigError::PublicUrlNotHttps(raw.into()))
            }
        }
        _ => Err(ConfigError::BadPublicUrl(raw.into())),
    }
}

impl Config {
    /// What `server serve` needs beyond what every command does: outside demo mode, the
    /// public address people reach the service at.
    pub fn check_serving(&self) -> Result<(), ConfigError> {
        require_public_url(self.demo, self.public_url.as_deref())
    }

    /// Reads `EKG_DATABASE_URL` (or `DATABASE_URL`), `EKG_DATA_DIR`, `EKG_LISTEN`
    /// (or cargo-leptos' `LEPTOS_SITE_ADDR`), `EKG_TRUST_DIR`, `EKG_DEMO`, `EKG_PUBLIC_URL`,
    /// `EKG_TRUSTED_PROXIES`, `EKG_VERIFY_WORKERS`/`EKG_VERIFY_QUEUE` and the limits.
    pub fn from_env() -> Result<Config, ConfigError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("EKG_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("EKG_DATABASE_URL")
            .or_else(|| var("DATABASE_URL"))
            .unwrap_or_else(|| sqlite_url(&data_dir));
        let listen_raw = var("EKG_LISTEN")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| defaults::LISTEN.into());
        let listen = listen_raw
            .parse()
            .map_err(|_| ConfigError::BadListen(listen_raw.clone()))?;
        let trust_dir = var("EKG_TRUST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("trust"));
        let demo = var("EKG_DEMO").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let public_url = var("EKG_PUBLIC_URL").map(|u| u.trim().trim_end_matches('/').to_string());
        let cookie_secure = public_url_security(public_url.as_deref(), demo)?
            || var("EKG_COOKIE_SECURE").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let trusted_proxies = crate::client_origin::TrustedProxies::parse(
            &var("EKG_TRUSTED_PROXIES").unwrap_or_default(),
        )?;
        let crl_urls = var("EKG_CRL_URLS")
            .unwrap_or_default()
            .split([',', ' ', '\n', '\t'])
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().to_string())
            .collect::<Vec<_>>();
        if let Some(bad) = crl_urls
            .iter()
            .find(|u| !(u.starts_with("http://") || u.starts_with("https://")))
        {
            return Err(ConfigError::BadCrlUrl(bad.clone()));
        }
        let crl_refresh = std::time::Duration::from_secs(
            var("EKG_CRL_REFRESH_MINUTES")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(defaults::CRL_REFRESH_MINUTES)
                .max(1)
                * 60,
        );
        let crl_grace_secs = var("EKG_CRL_GRACE_HOURS")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(defaults::CRL_GRACE_HOURS)
            .clamp(0, 24 * 366)
            * 3600;
        let verify_workers = var("EKG_VERIFY_WORKERS")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(defaults::workers);
        let verify_queue = var("EKG_VERIFY_QUEUE")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(defaults::VERIFY_QUEUE);
        let storage_url = var("EKG_STORAGE_URL").unwrap_or_else(|| "local".into());
        let demo_family = demo
            && var("EKG_DEMO_FAMILY").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let login_attempts_per_10_min = var("EKG_LOGIN_ATTEMPTS_PER_10_MIN")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(defaults::LOGIN_ATTEMPTS_PER_10_MIN);
        let operator_bin = match var("EKG_OPERATOR_BIN").map(|v| v.trim().to_string()) {
            Some(b) if b.len() == 12 && b.bytes().all(|c| c.is_ascii_digit()) => Some(b),
            Some(b) if b.is_empty() => None,
            Some(b) => return Err(ConfigError::BadOperatorBin(b)),
            None => None,
        };
        let mobile_sign_ttl_secs = var("EKG_MOBILE_SIGN_SECONDS")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(defaults::MOBILE_SIGN_SECONDS)
            .clamp(60, 1800);
        let support_requests_per_10_min = var("EKG_SUPPORT_REQUESTS_PER_10_MIN")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(defaults::SUPPORT_REQUESTS_PER_10_MIN);
        let upload_decodes = var("EKG_UPLOAD_DECODES")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(defaults::workers);
        let uploads_per_10_min = var("EKG_UPLOADS_PER_10_MIN")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(defaults::UPLOADS_PER_10_MIN);
        // At least 10 minutes outside demo mode (the fault tests use 0 in demo mode): a shorter
        // grace could take an upload in progress on another server.
        let min_grace = if demo { 0 } else { 10 };
        let orphan_grace = var("EKG_ORPHAN_GRACE_MINUTES")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(defaults::ORPHAN_GRACE, |m| {
                std::time::Duration::from_secs(m.max(min_grace).saturating_mul(60))
            });
        let url_of = |name: &str| -> Result<Option<String>, ConfigError> {
            match var(name).map(|u| u.trim().to_string()) {
                Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => {
                    Err(ConfigError::BadEvidence(format!(
                        "{name}: {u:?} is not an http:// or https:// URL"
                    )))
                }
                other => Ok(other),
            }
        };
        let secs = |name: &str, default: u64| {
            std::time::Duration::from_secs(
                var(name)
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(default)
                    .max(1),
            )
        };
        let evidence = crate::pki::evidence::EvidenceConfig {
            tsa_url: url_of("EKG_TSA_URL")?,
            tsa_policy: crate::pki::evidence::TsaPolicy::parse(
                &var("EKG_TSA_POLICY").unwrap_or_default(),
            )
            .map_err(ConfigError::BadEvidence)?,
            ocsp_url: url_of("EKG_OCSP_URL")?,
            timeout: secs(
                "EKG_EVIDENCE_TIMEOUT_SECONDS",
                defaults::EVIDENCE_TIMEOUT_SECONDS,
            ),
            retry_every: secs(
                "EKG_EVIDENCE_RETRY_SECONDS",
                defaults::EVIDENCE_RETRY_SECONDS,
            ),
        };
        let catalogue_recheck = std::time::Duration::from_millis(
            var("EKG_CATALOGUE_RECHECK_MS")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(defaults::CATALOGUE_RECHECK_MS),
        );
        let public_page_max_age = var("EKG_PUBLIC_PAGE_MAX_AGE_SECONDS")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(defaults::PUBLIC_PAGE_MAX_AGE)
            .min(3600);
        let population_register_url = url_of("EKG_POPULATION_REGISTER_URL")?;
        let max_children_per_cabinet = var("EKG_MAX_CHILDREN_PER_CABINET")
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(defaults::MAX_CHILDREN_PER_CABINET)
            .max(1);
        Ok(Config {
            max_children_per_cabinet,
            population_register_url,
            catalogue_recheck,
            public_page_max_age,
            evidence,
            crl_urls,
            crl_refresh,
            crl_grace_secs,
            public_url,
            trusted_proxies,
            verify_workers,
            verify_queue,
            verify_pool: None,
            site_root: None,
            orphan_grace,
            login_attempts_per_10_min,
            mobile_sign_ttl_secs,
            operator_bin,
            support_requests_per_10_min,
            uploads_per_10_min,
            upload_decodes,
            demo_family,
            storage_url,
            database_url,
            data_dir,
            listen,
            trust_dir,
            demo,
            demo_pki: demo,
            cookie_secure,
        })
    }
}

/// The embedded database file inside the data directory (created when missing).
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("ekg.sqlite").display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_secure_whenever_the_public_url_is_https_and_plain_http_only_on_this_machine_or_in_demo()
     {
        assert!(public_url_security(Some("https://balabaqsha.example.kz"), false).unwrap());
        assert!(public_url_security(Some("https://balabaqsha.example.kz"), true).unwrap());
        assert!(!public_url_security(Some("http://localhost:3000"), false).unwrap());
        assert!(!public_url_security(Some("http://127.0.0.1:3000"), false).unwrap());
        assert!(!public_url_security(Some("http://[::1]:3000"), false).unwrap());
        assert!(!public_url_security(None, true).unwrap());
        assert!(matches!(
            public_url_security(Some("http://balabaqsha.example.kz"), false),
            Err(ConfigError::PublicUrlNotHttps(_))
        ));
        assert!(matches!(
            require_public_url(false, None),
            Err(ConfigError::PublicUrlRequired)
        ));
        assert!(require_public_url(false, Some("https://balabaqsha.example.kz")).is_ok());
        assert!(require_public_url(true, None).is_ok());
        assert!(matches!(
            public_url_security(Some("ftp://x"), false),
            Err(ConfigError::BadPublicUrl(_))
        ));
    }
}
