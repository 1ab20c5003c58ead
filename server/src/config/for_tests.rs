//! The configuration the tests start servers with: everything under one directory, SQLite
//! or (with `EKG_TEST_PG_URL`) a fresh PostgreSQL database per directory. Not used by
//! `server serve`; kept apart from the configuration read from the environment.
use super::{Config, defaults, sqlite_url};

impl Config {
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
            public_url: None,
            crl_urls: Vec::new(),
            evidence: crate::pki::evidence::EvidenceConfig {
                timeout: std::time::Duration::from_secs(5),
                retry_every: std::time::Duration::from_secs(60),
                ..Default::default()
            },
            crl_refresh: std::time::Duration::from_secs(3600),
            crl_grace_secs: defaults::CRL_GRACE_HOURS * 3600,
            trusted_proxies: Default::default(),
            verify_workers: defaults::workers(),
            verify_queue: defaults::VERIFY_QUEUE,
            verify_pool: None,
            storage_url: "local".into(),
            demo_family: false,
            login_attempts_per_10_min: defaults::LOGIN_ATTEMPTS_PER_10_MIN,
            mobile_sign_ttl_secs: defaults::MOBILE_SIGN_SECONDS,
            operator_bin: None,
            support_requests_per_10_min: defaults::SUPPORT_REQUESTS_PER_10_MIN,
            uploads_per_10_min: defaults::UPLOADS_PER_10_MIN,
            upload_decodes: defaults::workers(),
            orphan_grace: defaults::ORPHAN_GRACE,
            catalogue_recheck: std::time::Duration::from_secs(1),
            public_page_max_age: defaults::PUBLIC_PAGE_MAX_AGE,
            site_root: Some(dir.join("site")),
            population_register_url: None,
            max_children_per_cabinet: defaults::MAX_CHILDREN_PER_CABINET,
        }
    }
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
