//! Starting a real server for tests: a fresh SQLite database in a temporary directory,
//! demo data, a random port.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

/// The tests' HTTP client: it asks server functions for JSON (`Accept: application/json`),
/// as any client other than the page's WASM does (`app::wire`; the test
/// `the_page_gets_compact_answers_and_other_clients_json` checks the other way).
pub fn client_builder() -> reqwest::ClientBuilder {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("application/json"),
    );
    // Kept-alive connections are dropped by the client after 20 s idle: a server may close an
    // idle connection (hyper's header-read timeout, say), and a test that waited (a second
    // server starting on PostgreSQL) then reused one at the moment it was closed, which reqwest
    // reports as `IncompleteMessage` (seen once in `documents::the_upload_limit_holds_across_app_servers`).
    reqwest::Client::builder()
        .default_headers(headers)
        .pool_idle_timeout(std::time::Duration::from_secs(20))
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    pub client: reqwest::Client,
    _handle: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self._handle.abort();
        server::config::drop_test_pg_database(&self.dir);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn spawn_app() -> TestApp {
    let dir = std::env::temp_dir().join(format!(
        "ekg-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = server::config::Config::for_dir(&dir);
    let (addr, handle) = server::startup::spawn(config).await.expect("server starts");
    let client = client_builder()
        .redirect(reqwest::redirect::Policy::none())
        // A response that never comes fails the test with its error instead of hanging CI.
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("client");
    TestApp {
        addr,
        dir,
        client,
        _handle: handle,
    }
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A server in demo mode with the demo PKI (made once per test binary, then copied).
pub struct DemoApp {
    pub app: TestApp,
    pub people: Vec<app::api::DemoPerson>,
}

pub struct DemoParent {
    pub iin: String,
    pub auth_file: String,
    pub sign_file: String,
}

impl DemoApp {
    pub fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    }
    pub fn key_path(&self, file: &str) -> PathBuf {
        server::pki::demo::keys_dir(&self.app.dir).join(file)
    }
    pub fn parent(&self) -> DemoParent {
        use app::api::DemoRole;
        let p = self
            .people
            .iter()
            .find(|p| p.role == DemoRole::Parent)
            .expect("a demo parent");
        DemoParent {
            iin: p.iin.clone(),
            auth_file: p.keys.iter().find(|k| !k.signing).unwrap().file.clone(),
            sign_file: p.keys.iter().find(|k| k.signing).unwrap().file.clone(),
        }
    }
}

pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

static DEMO_PKI: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// A directory holding `demo/` and `trust/` made by the demo PKI, shared by this binary.
pub fn demo_pki_template() -> &'static PathBuf {
    DEMO_PKI.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ekg-demo-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        server::pki::demo::ensure(&dir, &dir.join("trust"), now).expect("demo PKI");
        dir
    })
}

pub async fn spawn_demo_app() -> DemoApp {
    spawn_demo_app_with_clock(server::clock::system()).await
}

/// A clock the test moves forward (unix seconds), starting now.
#[derive(Clone)]
pub struct TestClock(pub std::sync::Arc<std::sync::atomic::AtomicI64>);

impl TestClock {
    pub fn now() -> TestClock {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        TestClock(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(now)))
    }
    pub fn advance_days(&self, days: i64) {
        self.0
            .fetch_add(days * 86_400, std::sync::atomic::Ordering::SeqCst);
    }
    pub fn clock(&self) -> server::clock::Clock {
        let t = self.0.clone();
        std::sync::Arc::new(move || t.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// [`spawn_demo_app`] with a given clock.
pub async fn spawn_demo_app_with_clock(clock: server::clock::Clock) -> DemoApp {
    spawn_demo(clock, false).await
}

/// [`spawn_demo_app`] as `scripts/run.sh` starts it (`EKG_DEMO_FAMILY=1`).
pub async fn spawn_demo_family_app() -> DemoApp {
    spawn_demo(server::clock::system(), true).await
}

async fn spawn_demo(clock: server::clock::Clock, family: bool) -> DemoApp {
    spawn_demo_configured(clock, family, |_| {}).await
}

/// [`spawn_demo_app`] with the configuration adjusted by `tweak` (limits, for the load test).
pub async fn spawn_demo_configured(
    clock: server::clock::Clock,
    family: bool,
    tweak: impl FnOnce(&mut server::config::Config),
) -> DemoApp {
    let template = tokio::task::spawn_blocking(demo_pki_template)
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!(
        "ekg-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(template, &dir);
    let mut config = server::config::Config::for_dir(&dir);
    config.demo_pki = true;
    config.demo_family = family;
    tweak(&mut config);
    let (addr, handle) = server::startup::spawn_with_clock(config, clock)
        .await
        .expect("server starts");
    let client = client_builder()
        .redirect(reqwest::redirect::Policy::none())
        // A response that never comes fails the test with its error instead of hanging CI.
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("demo/manifest.json")).unwrap()).unwrap();
    let people = serde_json::from_value(manifest["people"].clone()).unwrap();
    DemoApp {
        app: TestApp {
            addr,
            dir,
            client,
            _handle: handle,
        },
        people,
    }
}

/// A [`DemoApp`] for a server that runs elsewhere (another process) at `addr`, with its data
/// in `dir` (demo PKI copied from [`demo_pki_template`]). Dropping it removes `dir`.
pub fn demo_app_at(addr: SocketAddr, dir: PathBuf) -> DemoApp {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("demo/manifest.json")).unwrap()).unwrap();
    DemoApp {
        app: TestApp {
            addr,
            dir,
            client: client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            _handle: tokio::spawn(async {}),
        },
        people: serde_json::from_value(manifest["people"].clone()).unwrap(),
    }
}

// ---- A browser talking to a running server (cookies kept), and EDS login. ----

use app::eds::cms_sign::sign_detached;
use app::eds::key_file::open_key_file;
use base64::Engine;

pub fn cookie_from(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_string())
        })
}

/// A running server the browser talks to.
pub trait Server {
    fn url(&self, path: &str) -> String;
    fn client(&self) -> &reqwest::Client;
}

impl Server for DemoApp {
    fn url(&self, path: &str) -> String {
        self.app.url(path)
    }
    fn client(&self) -> &reqwest::Client {
        &self.app.client
    }
}

#[derive(Default)]
pub struct Browser {
    pub cookies: Vec<(String, String)>,
}

impl Browser {
    pub fn new() -> Self {
        Browser {
            cookies: Vec::new(),
        }
    }
    pub fn header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
    pub fn keep(&mut self, resp: &reqwest::Response) {
        for name in ["ekg_pre", "ekg_session"] {
            if let Some(v) = cookie_from(resp, name) {
                self.cookies.retain(|(k, _)| k != name);
                if !v.is_empty() {
                    self.cookies.push((name.into(), v));
                }
            }
        }
    }
    pub async fn post(&mut self, app: &impl Server, path: &str, body: String) -> (u16, String) {
        let resp = app
            .client()
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", self.header())
            .body(body)
            .send()
            .await
            .unwrap();
        self.keep(&resp);
        (resp.status().as_u16(), resp.text().await.unwrap())
    }
    pub async fn challenge(&mut self, app: &impl Server) -> (String, String) {
        self.challenge_for(app, "Login").await
    }
    pub async fn challenge_for(&mut self, app: &impl Server, purpose: &str) -> (String, String) {
        let (status, body) = self
            .post(app, "/api/auth/challenge", format!("purpose={purpose}"))
            .await;
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        (
            v["id"].as_str().unwrap().into(),
            v["text"].as_str().unwrap().into(),
        )
    }
    pub async fn login(&mut self, app: &impl Server, id: &str, cms: &[u8]) -> (u16, String) {
        self.send_signature(app, "/api/auth/login", id, cms).await
    }
    pub async fn send_signature(
        &mut self,
        app: &impl Server,
        path: &str,
        id: &str,
        cms: &[u8],
    ) -> (u16, String) {
        let b64 = base64::engine::general_purpose::STANDARD.encode(cms);
        let body = format!(
            "challenge_id={}&cms_base64={}",
            id,
            app::domain::kindergarten::percent_encode(&b64)
        );
        self.post(app, path, body).await
    }
}

pub fn sign_with(app: &DemoApp, file: &str, text: &str) -> Vec<u8> {
    let bytes = std::fs::read(app.key_path(file)).unwrap();
    let key = open_key_file(&bytes, app::api::DEMO_PASSWORD).unwrap();
    sign_detached(
        text.as_bytes(),
        &key.private_key_pkcs8_der,
        &key.certificate,
        &key.chain,
        app.now(),
    )
    .unwrap()
}

impl Browser {
    /// Signs in as the demo person with `iin` (their AUTH key); panics if that fails.
    pub async fn login_as(app: &DemoApp, iin: &str) -> Browser {
        let person = app
            .people
            .iter()
            .find(|p| p.iin == iin)
            .expect("a demo person with that IIN");
        let auth = person
            .keys
            .iter()
            .find(|k| !k.signing)
            .expect("an AUTH key")
            .file
            .clone();
        let mut b = Browser::new();
        let (id, text) = b.challenge(app).await;
        let cms = sign_with(app, &auth, &text);
        let (status, body) = b.login(app, &id, &cms).await;
        assert_eq!(status, 200, "login failed: {body}");
        b
    }

    /// POSTs a form to a server function and parses the JSON answer.
    pub async fn call(
        &mut self,
        app: &impl Server,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", app::domain::kindergarten::percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let (status, text) = self.post(app, path, body).await;
        let v = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, v)
    }
}

impl DemoApp {
    /// The IIN of the demo person with `role` (the `n`-th of them).
    pub fn iin_of(&self, role: app::api::DemoRole, n: usize) -> String {
        self.people
            .iter()
            .filter(|p| p.role == role)
            .nth(n)
            .expect("such a demo person")
            .iin
            .clone()
    }

    /// A direct connection to the server's database (to arrange rare situations).
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        sea_orm::Database::connect(server::config::Config::for_dir(&self.app.dir).database_url)
            .await
            .expect("database")
    }
}

/// A server known only by its base URL (for tasks that outlive a borrow of the app).
pub struct UrlServer {
    pub base: String,
    pub client: reqwest::Client,
}

impl Server for UrlServer {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.trim_end_matches('/'), path)
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

/// A demo parent (the `n`-th) signed in, with a child queued at the first kindergarten and an
/// active referral issued by the demo admin. Returns the parent's browser and the referral id.
pub async fn parent_with_referral(app: &DemoApp, n: usize, serial: u16) -> (Browser, i64) {
    use app::api::DemoRole;
    let mut parent = Browser::login_as(app, &app.iin_of(DemoRole::Parent, n)).await;
    let mut admin = Browser::login_as(app, &app.iin_of(DemoRole::Admin, 0)).await;
    let kg = first_kindergarten(app, &mut parent).await;
    refer_new_child(app, &mut parent, &mut admin, &kg, serial).await;
    let (_, list) = parent.call(app, "/api/cabinet/referrals", &[]).await;
    let list: Vec<app::api::ReferralView> = answer(&list);
    (parent, i64::from(list[0].id))
}

/// The id (as text) of the first kindergarten of the first department.
pub async fn first_kindergarten(app: &DemoApp, parent: &mut Browser) -> String {
    let (_, deps) = parent.call(app, "/api/cabinet/departments", &[]).await;
    let deps: Vec<app::api::DepartmentOption> = answer(&deps);
    deps[0].kindergartens[0].0.to_string()
}

/// The parent adds a new child (IIN from `serial`) and queues it for `kg`; the admin issues
/// its referral.
pub async fn refer_new_child(
    app: &DemoApp,
    parent: &mut Browser,
    admin: &mut Browser,
    kg: &str,
    serial: u16,
) {
    let child_iin = app::domain::iin::test_values::make_iin("230415", 6, serial);
    let (status, child) = parent
        .call(
            app,
            "/api/cabinet/add_child",
            &[
                ("iin", &child_iin),
                ("last_name", "Серікова"),
                ("first_name", "Әлия"),
                ("patronymic", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{child}");
    let child = child.as_i64().unwrap().to_string();
    let (status, v) = parent
        .call(
            app,
            "/api/cabinet/register_in_queue",
            &[("child_id", &child), ("pref1", kg)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    confirm_children(app, admin).await;
    let (_, rows) = admin.call(app, "/api/admin/queue", &[]).await;
    let rows: Vec<app::api::AdminQueueRow> = answer(&rows);
    let row = &rows[0];
    let (status, v) = admin
        .call(
            app,
            "/api/admin/issue_referral",
            &[
                ("entry_id", &row.entry_id.to_string()),
                ("group_id", &row.groups[0].id.to_string()),
                ("days", "10"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
}

/// The department admin confirms the parenthood of every child queued in the department that
/// waits for it (as from the birth certificates): only a confirmed child gets a referral.
pub async fn confirm_children(app: &impl Server, admin: &mut Browser) {
    let (status, list) = admin.call(app, "/api/admin/claims", &[]).await;
    assert_eq!(status, 200, "{list}");
    let list: Vec<app::api::ChildClaims> = answer(&list);
    for child in &list {
        for claim in &child.claims {
            if matches!(
                claim.status,
                app::domain::ClaimStatus::Unconfirmed | app::domain::ClaimStatus::Disputed
            ) {
                let id = claim.id.to_string();
                let (status, v) = admin
                    .call(
                        app,
                        "/api/admin/decide_claim",
                        &[("claim_id", &id), ("decision", "confirm")],
                    )
                    .await;
                assert_eq!(status, 200, "{v}");
            }
        }
    }
}

// --- Contracts: the wizard's data, preparing, signing and sending, as the pages do. ---

/// POSTs a JSON body (server functions with nested arguments) and parses the JSON answer.
pub async fn post_json(
    b: &Browser,
    app: &impl Server,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let resp = app
        .client()
        .post(app.url(path))
        .header("content-type", "application/json")
        .header("cookie", b.header())
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The demo person's AUTH (`signing == false`) or signing key file name.
pub fn key_file(app: &DemoApp, iin: &str, signing: bool) -> String {
    app.people
        .iter()
        .find(|p| p.iin == iin)
        .unwrap()
        .keys
        .iter()
        .find(|k| k.signing == signing)
        .unwrap()
        .file
        .clone()
}

/// A detached CMS (base64) over `bytes` made with the demo key file `file`.
pub fn sign_bytes(app: &DemoApp, file: &str, bytes: &[u8]) -> String {
    use base64::Engine;
    let p12 = std::fs::read(app.key_path(file)).unwrap();
    let key = open_key_file(&p12, app::api::DEMO_PASSWORD).unwrap();
    let cms = sign_detached(
        bytes,
        &key.private_key_pkcs8_der,
        &key.certificate,
        &key.chain,
        app.now(),
    )
    .unwrap();
    base64::engine::general_purpose::STANDARD.encode(cms)
}

/// [`sign_bytes`] with the signing key of the demo person with `iin`.
pub fn sign_as(app: &DemoApp, iin: &str, bytes: &[u8]) -> String {
    sign_bytes(app, &key_file(app, iin, true), bytes)
}

/// The 1200 × 900 document photo every [`upload`] sends, generated once per process: a phone
/// sends a file it has, and generating it per upload cost the load test half its CPU.
pub fn document_small_bytes() -> bytes::Bytes {
    static BYTES: std::sync::OnceLock<bytes::Bytes> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| app::documents::fixtures::document_small().bytes.into())
        .clone()
}

/// Uploads the small generated document JPEG as `kind`; returns the `DocumentRef` (a second
/// upload to the same slot is answered with the first record).
pub async fn upload(b: &Browser, app: &DemoApp, referral: i64, kind: &str) -> serde_json::Value {
    let resp = app
        .client()
        .post(app.url(&format!("/api/documents?referral={referral}&kind={kind}")))
        .header("cookie", b.header())
        .header("content-type", "image/jpeg")
        .body(document_small_bytes())
        .send()
        .await
        .unwrap();
    assert!(
        matches!(resp.status().as_u16(), 200 | 201),
        "the upload is stored: {}",
        resp.status()
    );
    resp.json().await.unwrap()
}

/// The wizard's data as a parent types it (steps 3–5), with the documents uploaded.
pub async fn filled_draft(b: &Browser, app: &DemoApp, referral: i64) -> serde_json::Value {
    let mut draft = serde_json::to_value(app::domain::draft::test_values::contract()).unwrap();
    for kind in ["photo", "health_passport", "health_certificate"] {
        draft["documents"][kind] = upload(b, app, referral, kind).await;
    }
    draft
}

pub async fn prepare(
    b: &Browser,
    app: &DemoApp,
    referral: i64,
    draft: &serde_json::Value,
) -> (u16, serde_json::Value) {
    post_json(
        b,
        app,
        "/api/contract/prepare",
        serde_json::json!({ "referral_id": referral, "draft": draft }),
    )
    .await
}

/// The canonical bytes of a prepared contract (`PrepareOutcome::Ready`).
pub fn canonical(ready: &serde_json::Value) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(ready["canonical_base64"].as_str().unwrap())
        .unwrap()
}

/// An answer read as the product's own type (the JSON a server function sent); panics with
/// the answer when it is not one.
pub fn answer<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> T {
    serde_json::from_value(v.clone())
        .unwrap_or_else(|e| panic!("not a {}: {e}: {v}", std::any::type_name::<T>()))
}

/// The contract a `prepare` answer holds ready for signing; panics on field errors.
pub fn prepared(v: &serde_json::Value) -> app::api::PreparedContract {
    match answer(v) {
        app::api::PrepareOutcome::Ready(p) => *p,
        app::api::PrepareOutcome::FieldErrors(e) => panic!("field errors: {e:?}"),
    }
}

/// The canonical bytes of a prepared contract.
pub fn canonical_of(p: &app::api::PreparedContract) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(&p.canonical_base64)
        .expect("canonical bytes in base64")
}

/// Sends the prepared contract with the parent's acknowledgement.
pub async fn submit(
    b: &mut Browser,
    app: &DemoApp,
    contract_id: i64,
    key: &str,
    cms: &str,
) -> (u16, serde_json::Value) {
    b.call(
        app,
        "/api/contract/submit",
        &[
            ("contract_id", &contract_id.to_string()),
            ("idempotency_key", key),
            ("cms_base64", cms),
            ("acknowledged", "true"),
        ],
    )
    .await
}

/// A contract sent by the `n`-th demo parent (the second one is a father); returns the
/// parent's browser, the referral and the contract id.
pub async fn sent_contract(app: &DemoApp, n: usize, serial: u16) -> (Browser, i64, i64) {
    let (mut parent, referral) = parent_with_referral(app, n, serial).await;
    let iin = app.iin_of(app::api::DemoRole::Parent, n);
    let mut draft = filled_draft(&parent, app, referral).await;
    if n == 1 {
        draft["representative"]["authority"] = "father".into();
    }
    let (status, v) = prepare(&parent, app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let ready = prepared(&v);
    let id = i64::from(ready.contract_id);
    let cms = sign_as(app, &iin, &canonical_of(&ready));
    let key = format!("sent-contract-key-{serial:05}");
    let (status, v) = submit(&mut parent, app, id, &key, &cms).await;
    assert_eq!(status, 200, "{v}");
    (parent, referral, id)
}

/// The number of kindergartens the catalogue page says it found (`<span id="found-count">`),
/// read past the hydration markers (`<!>`) the server renders around dynamic text.
pub fn found_count(html: &str) -> Option<u32> {
    let start = html.find(r#"<span id="found-count">"#)? + r#"<span id="found-count">"#.len();
    let digits: String = html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The single number a `SELECT COUNT(*) …` answers.
pub async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}
