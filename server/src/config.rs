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
    /// `Secure` on cookies (set `EKG_COOKIE_SECURE=1` when served over HTTPS).
    pub cookie_secure: bool,
    /// Where documents go: `local` (default, `<data_dir>/documents`), `file:///abs/dir` or
    /// `s3://bucket?endpoint=…&region=…&allow_http=true` (see `storage`). `EKG_STORAGE_URL`.
    pub storage_url: String,
    /// Demo mode extra (`EKG_DEMO_FAMILY=1`, set by `scripts/run.sh`): the first demo parent
    /// gets a child in the queue with an active referral to «№1 Балабақшасы», so the cabinet
    /// has something to show at once. Tests start without it.
    pub demo_family: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("EKG_LISTEN is not a socket address like 127.0.0.1:3000: {0}")]
    BadListen(String),
}

impl Config {
    /// Reads `EKG_DATABASE_URL` (or `DATABASE_URL`), `EKG_DATA_DIR`, `EKG_LISTEN`
    /// (or cargo-leptos' `LEPTOS_SITE_ADDR`), `EKG_TRUST_DIR`, `EKG_DEMO`.
    pub fn from_env() -> Result<Config, ConfigError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("EKG_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("EKG_DATABASE_URL")
            .or_else(|| var("DATABASE_URL"))
            .unwrap_or_else(|| sqlite_url(&data_dir));
        let listen_raw = var("EKG_LISTEN")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let listen = listen_raw
            .parse()
            .map_err(|_| ConfigError::BadListen(listen_raw.clone()))?;
        let trust_dir = var("EKG_TRUST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("trust"));
        let demo = var("EKG_DEMO").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let cookie_secure =
            var("EKG_COOKIE_SECURE").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let storage_url = var("EKG_STORAGE_URL").unwrap_or_else(|| "local".into());
        let demo_family = demo
            && var("EKG_DEMO_FAMILY").is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        Ok(Config {
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

    /// A config for tests: everything under `dir`, SQLite, any free port.
    pub fn for_dir(dir: &std::path::Path) -> Config {
        Config {
            database_url: sqlite_url(dir),
            data_dir: dir.to_path_buf(),
            listen: "127.0.0.1:0".parse().expect("literal address"),
            trust_dir: dir.join("trust"),
            demo: true,
            demo_pki: false,
            cookie_secure: false,
            storage_url: "local".into(),
            demo_family: false,
        }
    }
}

/// The embedded database file inside the data directory (created when missing).
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("ekg.sqlite").display()
    )
}
