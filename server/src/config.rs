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
    /// EDS log-in challenges one client may ask for in 10 minutes
    /// (`EKG_LOGIN_ATTEMPTS_PER_10_MIN`, default [`crate::auth::DEFAULT_CHALLENGE_LIMIT`]).
    pub login_attempts_per_10_min: u64,
    /// Document uploads one account may make in 10 minutes (`EKG_UPLOADS_PER_10_MIN`, default
    /// [`crate::routes::documents::UPLOADS_PER_WINDOW`]): stored documents are counted in the
    /// database (across servers), attempts by each server process.
    pub uploads_per_10_min: usize,
    /// How old stored document bytes that no record refers to must be before the orphan sweep
    /// removes them (`EKG_ORPHAN_GRACE_MINUTES`, default [`crate::orphans::DEFAULT_GRACE`]:
    /// longer than any upload takes between storing its bytes and recording them; at least
    /// 10 minutes outside demo mode).
    pub orphan_grace: std::time::Duration,
    /// The site's static files (the WASM bundle, styles, service worker): `None` reads
    /// cargo-leptos' `LEPTOS_SITE_ROOT` (default `target/site`); tests give each server its own.
    pub site_root: Option<PathBuf>,
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
        let login_attempts_per_10_min = var("EKG_LOGIN_ATTEMPTS_PER_10_MIN")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(crate::auth::DEFAULT_CHALLENGE_LIMIT);
        let uploads_per_10_min = var("EKG_UPLOADS_PER_10_MIN")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(crate::routes::documents::UPLOADS_PER_WINDOW);
        // At least 10 minutes outside demo mode (the fault tests use 0 in demo mode): a shorter
        // grace could take an upload in progress on another server.
        let min_grace = if demo { 0 } else { 10 };
        let orphan_grace = var("EKG_ORPHAN_GRACE_MINUTES")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(crate::orphans::DEFAULT_GRACE, |m| {
                std::time::Duration::from_secs(m.max(min_grace).saturating_mul(60))
            });
        Ok(Config {
            site_root: None,
            orphan_grace,
            login_attempts_per_10_min,
            uploads_per_10_min,
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
    ///
    /// With `EKG_TEST_PG_URL` set (a PostgreSQL URL of an existing database, e.g.
    /// `postgres://postgres@127.0.0.1:5432/test`), the database is instead a fresh PostgreSQL
    /// database made for this directory (its URL is kept in `DIR/.pg_url`): the whole
    /// integration suite runs on PostgreSQL that way.
    pub fn for_dir(dir: &std::path::Path) -> Config {
        let database_url = match std::env::var("EKG_TEST_PG_URL") {
            Ok(base) if !base.trim().is_empty() => test_pg_database(dir, base.trim()),
            _ => sqlite_url(dir),
        };
        Config {
            database_url,
            data_dir: dir.to_path_buf(),
            listen: "127.0.0.1:0".parse().expect("literal address"),
            trust_dir: dir.join("trust"),
            demo: true,
            demo_pki: false,
            cookie_secure: false,
            storage_url: "local".into(),
            demo_family: false,
            login_attempts_per_10_min: crate::auth::DEFAULT_CHALLENGE_LIMIT,
            uploads_per_10_min: crate::routes::documents::UPLOADS_PER_WINDOW,
            orphan_grace: crate::orphans::DEFAULT_GRACE,
            site_root: Some(dir.join("site")),
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

/// A PostgreSQL database for the test directory `dir`, made on first use (see
/// [`Config::for_dir`]). Panics if PostgreSQL cannot be reached: the test asked for it.
fn test_pg_database(dir: &std::path::Path, base: &str) -> String {
    let marker = dir.join(".pg_url");
    if let Ok(url) = std::fs::read_to_string(&marker) {
        return url;
    }
    let _ = std::fs::create_dir_all(dir);
    let name = format!(
        "ekg_t_{}",
        app::domain::canonical::sha256_hex(dir.display().to_string().as_bytes())
            .get(..16)
            .unwrap_or("x")
    );
    let (prefix, _) = base
        .rsplit_once('/')
        .expect("EKG_TEST_PG_URL ends with /DATABASE");
    let url = format!("{prefix}/{name}");
    let (base, sql) = (base.to_string(), format!("CREATE DATABASE {name}"));
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            use sea_orm::ConnectionTrait;
            let db = sea_orm::Database::connect(&base)
                .await
                .expect("EKG_TEST_PG_URL reachable");
            db.execute_unprepared(&sql).await.expect("CREATE DATABASE");
            db.close().await.ok();
        })
    })
    .join()
    .expect("create the test database");
    std::fs::write(&marker, &url).expect("write .pg_url");
    url
}

/// Drops the PostgreSQL database made for the test directory `dir`, if any.
pub fn drop_test_pg_database(dir: &std::path::Path) {
    let (Ok(url), Ok(base)) = (
        std::fs::read_to_string(dir.join(".pg_url")),
        std::env::var("EKG_TEST_PG_URL"),
    ) else {
        return;
    };
    let Some((_, name)) = url.rsplit_once('/') else {
        return;
    };
    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    let _ = std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            use sea_orm::ConnectionTrait;
            if let Ok(db) = sea_orm::Database::connect(base.trim()).await {
                let _ = db.execute_unprepared(&sql).await;
                let _ = db.close().await;
            }
        })
    })
    .join();
}
