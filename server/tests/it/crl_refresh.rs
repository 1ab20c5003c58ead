//! Fresh revocation data: a CA made by OpenSSL publishes its CRL on a local HTTP server; the
//! service fetches it at start and every refresh, a key the CA revokes is refused after the
//! next refresh without a restart, and once the CRL is out of date new log-ins are refused
//! with "try again later" while `/healthz` says `degraded`.

use std::path::Path;
use std::sync::{Arc, Mutex};

use app::eds::cms_sign::sign_detached;
use app::eds::demo_pki::{DemoCa, PersonSpec};
use app::eds::purpose::Purpose;
use der::DecodePem;

use crate::common::{Browser, Server, TestClock, UrlServer, client_builder};

fn openssl(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "openssl {args:?}: {text}");
    text
}

const CA_CONFIG: &str = "[ca]
default_ca = CA_default
[CA_default]
database = ./index.txt
crlnumber = ./crlnumber
certificate = ./ca.pem
private_key = ./ca.key
default_md = sha256
default_crl_hours = 24
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid:always
";

/// A CRL publisher on 127.0.0.1: serves whatever bytes the test puts in it.
async fn crl_server(body: Arc<Mutex<Vec<u8>>>) -> String {
    let app = axum::Router::new().route(
        "/nca.crl",
        axum::routing::get(move || {
            let body = body.clone();
            async move { body.lock().unwrap().clone() }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://{addr}/nca.crl")
}

async fn healthz(app: &UrlServer) -> serde_json::Value {
    app.client()
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A person of the OpenSSL CA with `iin` and an AUTH key valid around `now`.
fn auth_key(ca: &DemoCa, surname: &str, iin: &str, now: i64) -> (x509_cert::Certificate, Vec<u8>) {
    let (cert, key) = ca
        .issue_person(&PersonSpec {
            surname: surname.into(),
            first_name: "Тест".into(),
            patronymic: None,
            iin: iin.into(),
            email: None,
            purpose: Purpose::Authentication,
            not_before: now - 3600,
            not_after: now + 365 * 86_400,
            wrong_key_usage: false,
        })
        .unwrap();
    (cert, key.to_vec())
}

async fn log_in(
    app: &UrlServer,
    cert: &x509_cert::Certificate,
    key: &[u8],
    now: i64,
) -> (u16, String) {
    let mut browser = Browser::new();
    let (id, text) = browser.challenge(app).await;
    let cms = sign_detached(text.as_bytes(), key, cert, &[], now).unwrap();
    browser.login(app, &id, &cms).await
}

#[tokio::test]
async fn a_key_the_ca_revokes_is_refused_after_the_next_crl_refresh_and_an_old_crl_stops_log_ins() {
    let dir = std::env::temp_dir().join(format!(
        "ekg-crl-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let ca_dir = dir.join("ca");
    std::fs::create_dir_all(&ca_dir).unwrap();
    // The CA, made by OpenSSL.
    openssl(
        &ca_dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            "/C=KZ/CN=OPENSSL TEST NCA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        &ca_dir,
        &[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            "ca.key",
            "-outform",
            "DER",
            "-out",
            "ca.key.der",
        ],
    );
    std::fs::write(ca_dir.join("ca.cnf"), CA_CONFIG).unwrap();
    std::fs::write(ca_dir.join("index.txt"), "").unwrap();
    std::fs::write(ca_dir.join("crlnumber"), "01\n").unwrap();
    openssl(
        &ca_dir,
        &["ca", "-config", "ca.cnf", "-gencrl", "-out", "first.crl"],
    );

    // A parent's AUTH key issued under that CA.
    let ca_pem = std::fs::read(ca_dir.join("ca.pem")).unwrap();
    let ca_cert = x509_cert::Certificate::from_pem(&ca_pem).unwrap();
    let ca =
        DemoCa::from_parts(ca_cert, &std::fs::read(ca_dir.join("ca.key.der")).unwrap()).unwrap();
    let clock = TestClock::now();
    let now = clock.0.load(std::sync::atomic::Ordering::SeqCst);
    let (cert, key) = auth_key(&ca, "Тестова", "900315401233", now);
    use der::EncodePem;
    std::fs::write(
        ca_dir.join("parent.pem"),
        cert.to_pem(der::pem::LineEnding::LF).unwrap(),
    )
    .unwrap();

    let published = Arc::new(Mutex::new(std::fs::read(ca_dir.join("first.crl")).unwrap()));
    let url = crl_server(published.clone()).await;

    let data = dir.join("data");
    let mut config = server::config::Config::for_dir(&data);
    std::fs::create_dir_all(&config.trust_dir).unwrap();
    std::fs::write(config.trust_dir.join("nca.pem"), &ca_pem).unwrap();
    config.crl_urls = vec![url.clone()];
    config.crl_refresh = std::time::Duration::from_millis(200);
    config.crl_grace_secs = 3600;
    let (addr, handle) = server::startup::spawn_with_clock(config, clock.clock())
        .await
        .unwrap();
    let app = UrlServer {
        base: format!("http://{addr}"),
        client: client_builder().build().unwrap(),
    };

    let health: serde_json::Value = healthz(&app).await;
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(
        health["revocation"]["sources"][0]["status"], "ok",
        "{health}"
    );
    let (status, body) = log_in(&app, &cert, &key, now).await;
    assert_eq!(status, 200, "{body}");

    // The CA revokes the key and publishes a new CRL; the service picks it up by itself.
    openssl(
        &ca_dir,
        &["ca", "-config", "ca.cnf", "-revoke", "parent.pem"],
    );
    openssl(
        &ca_dir,
        &["ca", "-config", "ca.cnf", "-gencrl", "-out", "second.crl"],
    );
    *published.lock().unwrap() = std::fs::read(ca_dir.join("second.crl")).unwrap();
    let mut refused = String::new();
    for _ in 0..100 {
        let (status, body) = log_in(&app, &cert, &key, now).await;
        if status != 200 {
            refused = body;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(refused.contains("eds.verify.revoked"), "{refused}");

    // The publisher breaks (garbage): the last good copy stays in use.
    *published.lock().unwrap() = b"not a CRL".to_vec();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let (_, body) = log_in(&app, &cert, &key, now).await;
    assert!(body.contains("eds.verify.revoked"), "{body}");
    let health: serde_json::Value = healthz(&app).await;
    assert!(
        health["revocation"]["sources"][0]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("not a CRL")),
        "{health}"
    );

    // Two days later the CRL (valid 24 hours, 1 hour of grace) is out of date: new log-ins
    // wait with "try again later", and /healthz says so.
    clock.advance_days(2);
    let (other_cert, other_key) = auth_key(&ca, "Тестов", "880721304571", now);
    let later = clock.0.load(std::sync::atomic::Ordering::SeqCst);
    let (status, body) = log_in(&app, &other_cert, &other_key, later).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("eds.verify.revocation_unavailable"), "{body}");
    let text = app::error::text_for_code("eds.verify.revocation_unavailable").unwrap();
    assert!(text.kk.contains("қайталап") && text.ru.contains("Попробуйте"));
    let health: serde_json::Value = healthz(&app).await;
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["revocation"]["sources"][0]["status"], "stale");

    // A current CRL again: log-ins resume without a restart.
    openssl(
        &ca_dir,
        &[
            "ca",
            "-config",
            "ca.cnf",
            "-gencrl",
            "-crlhours",
            "96",
            "-out",
            "third.crl",
        ],
    );
    *published.lock().unwrap() = std::fs::read(ca_dir.join("third.crl")).unwrap();
    let mut resumed = (0, String::new());
    for _ in 0..100 {
        resumed = log_in(&app, &other_cert, &other_key, later).await;
        if resumed.0 == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(resumed.0, 200, "{}", resumed.1);
    handle.abort();
    server::config::drop_test_pg_database(&data);
    let _ = std::fs::remove_dir_all(&dir);
}
