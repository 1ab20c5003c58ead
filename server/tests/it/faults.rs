//! Faults: the server killed in the middle of sending a contract or of writing a document, a
//! full disk, the database going away. After each, nothing is half-written, the parent gets a
//! clear answer, and the retry works exactly once.
//!
//! The killed server is the real `server` binary in its own process (`kill -9`), stopped at an
//! exact point by a failpoint (`server::failpoint`, armed through `EKG_FAILPOINTS`).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use app::api::DemoRole;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

use crate::common::{
    Browser, DemoApp, canonical_of, copy_dir, count, demo_app_at, demo_pki_template, filled_draft,
    parent_with_referral, prepare, prepared, sign_as, spawn_demo_app, upload,
};

/// The `server` binary in a process of its own, so that it can really be killed.
struct ServerProcess {
    child: Child,
    stderr: mpsc::Receiver<String>,
}

impl ServerProcess {
    /// Starts `server serve` on `addr` with its data in `dir` (demo mode) and waits until it
    /// answers `/healthz`.
    async fn start(dir: &Path, addr: SocketAddr, failpoints: &str) -> ServerProcess {
        Self::start_with_env(dir, addr, failpoints, &[]).await
    }

    /// [`start`](Self::start) with more environment variables.
    async fn start_with_env(
        dir: &Path,
        addr: SocketAddr,
        failpoints: &str,
        env: &[(&str, &str)],
    ) -> ServerProcess {
        // The same database the test reads (a fresh PostgreSQL one in the PostgreSQL pass).
        let database_url = server::config::Config::for_dir(dir).database_url;
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .envs(env.iter().copied())
            .env("EKG_DATA_DIR", dir)
            .env("EKG_DATABASE_URL", database_url)
            .env("EKG_LISTEN", addr.to_string())
            .env("EKG_DEMO", "1")
            .env("EKG_FAILPOINTS", failpoints)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let pipe = child.stderr.take().expect("stderr");
        let (tx, stderr) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let client = crate::common::client_builder().build().unwrap();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let up = client
                .get(format!("http://{addr}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if up {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited at start: {status}");
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        ServerProcess { child, stderr }
    }

    /// Waits until the server prints a line containing `needle` (other futures of the test
    /// run meanwhile).
    async fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            match self.stderr.try_recv() {
                Ok(line) if line.contains(needle) => return,
                Ok(_) => {}
                Err(mpsc::TryRecvError::Empty) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            }
        }
        panic!("the server never printed {needle:?}");
    }

    /// `kill -9`: no destructor, no flush, no graceful shutdown.
    fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("reaped");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh data directory with the demo PKI, and a free local address for the server.
fn fresh_site(name: &str) -> (PathBuf, SocketAddr) {
    let dir = std::env::temp_dir().join(format!(
        "ekg-fault-{name}-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(demo_pki_template(), &dir);
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    (dir, addr)
}

fn rand_suffix() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    u64::from_le_bytes(b)
}

async fn text(db: &DatabaseConnection, sql: &str) -> Option<String> {
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<Option<String>>(0).unwrap()
}

/// Polls `done` every 100 ms until it holds; fails the test with `what` after 60 s.
async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done().await {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every file under `dir/documents`, split into finished documents and `*.tmp` leftovers.
fn stored_files(dir: &Path) -> (usize, usize) {
    let (mut docs, mut temps) = (0, 0);
    let mut stack = vec![dir.join("documents")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "tmp") {
                temps += 1;
            } else {
                docs += 1;
            }
        }
    }
    (docs, temps)
}

/// The first demo parent's contract for `referral`, filled, prepared and signed: its id and the
/// submit form the phone sends (with `idempotency_key`).
async fn signed_submission(
    app: &DemoApp,
    parent: &Browser,
    referral: i64,
    idempotency_key: &str,
) -> (i64, [(&'static str, String); 4]) {
    let draft = filled_draft(parent, app, referral).await;
    let (status, v) = prepare(parent, app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let id = i64::from(prepared(&v).contract_id);
    let cms = sign_as(
        app,
        &app.iin_of(DemoRole::Parent, 0),
        &canonical_of(&prepared(&v)),
    );
    let form = [
        ("contract_id", id.to_string()),
        ("idempotency_key", idempotency_key.to_string()),
        ("cms_base64", cms),
        ("acknowledged", "true".to_string()),
    ];
    (id, form)
}

/// The upload a phone sends for `kind` (the small generated document JPEG).
fn upload_request(
    parent: &Browser,
    app: &DemoApp,
    referral: i64,
    kind: &str,
) -> reqwest::RequestBuilder {
    app.app
        .client
        .post(
            app.app
                .url(&format!("/api/documents?referral={referral}&kind={kind}")),
        )
        .header("cookie", parent.header())
        .header("content-type", "image/jpeg")
        .body(app::documents::fixtures::document_small().bytes)
}

/// [`upload_request`] as a task of its own (its connection dies with the server).
fn upload_in_background(
    parent: &Browser,
    app: &DemoApp,
    referral: i64,
    kind: &str,
) -> tokio::task::JoinHandle<Result<u16, reqwest::Error>> {
    let request = upload_request(parent, app, referral, kind);
    tokio::spawn(async move { request.send().await.map(|r| r.status().as_u16()) })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_while_sending_a_contract_loses_nothing_and_the_retry_sends_it_once() {
    let (dir, addr) = fresh_site("submit");
    let server = ServerProcess::start(&dir, addr, "contract.submit.before_commit=pause").await;
    let app = demo_app_at(addr, dir.clone());
    let (parent, referral) = parent_with_referral(&app, 0, 901).await;
    let (id, form) = signed_submission(&app, &parent, referral, "killed-submit-0001").await;
    let send = |cookie: String| {
        app.app
            .client
            .post(app.app.url("/api/contract/submit"))
            .header("cookie", cookie)
            .form(&form)
    };

    // The parent taps «Жіберу»; the server dies just before its transaction commits.
    let pending = tokio::spawn(send(parent.header()).send());
    server
        .wait_for("failpoint contract.submit.before_commit reached")
        .await;
    server.kill();
    assert!(
        pending.await.unwrap().is_err(),
        "the phone saw the connection drop"
    );

    let server = ServerProcess::start(&dir, addr, "").await;
    let db = app.db().await;
    assert_eq!(
        text(
            &db,
            &format!("SELECT status FROM contracts WHERE id = {id}")
        )
        .await,
        Some("draft".into()),
        "nothing of the killed submission was written"
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM contract_events WHERE contract_id = {id}")
        )
        .await,
        0
    );

    // The phone retries with the same key (the page keeps it): sent once, answered twice alike.
    let first: serde_json::Value = send(parent.header())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again: serde_json::Value = send(parent.header())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(first["number"].as_str().is_some(), "{first}");
    assert_eq!(first["number"], again["number"], "{again}");
    assert_eq!(
        text(
            &db,
            &format!("SELECT status FROM contracts WHERE id = {id}")
        )
        .await,
        Some("sent_for_signing".into())
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM contract_events WHERE contract_id = {id}")
        )
        .await,
        1,
        "one ParentSigned event"
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM contracts WHERE referral_id = {referral}")
        )
        .await,
        1
    );
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_while_writing_a_document_leaves_nothing_and_the_retry_stores_it_once() {
    let (dir, addr) = fresh_site("upload");
    let server = ServerProcess::start(&dir, addr, "storage.local.before_rename=pause").await;
    let app = demo_app_at(addr, dir.clone());
    let (parent, referral) = parent_with_referral(&app, 0, 902).await;

    let pending = upload_in_background(&parent, &app, referral, "photo");
    server
        .wait_for("failpoint storage.local.before_rename reached")
        .await;
    assert_eq!(
        stored_files(&dir),
        (0, 1),
        "killed with the photo half-stored"
    );
    server.kill();
    assert!(pending.await.unwrap().is_err());

    let _server = ServerProcess::start(&dir, addr, "").await;
    assert_eq!(stored_files(&dir), (0, 0), "the leftover is swept at start");
    let db = app.db().await;
    let rows = format!("SELECT COUNT(*) FROM documents WHERE referral_id = {referral}");
    assert_eq!(count(&db, &rows).await, 0);

    let doc = upload(&parent, &app, referral, "photo").await;
    assert!(doc["sha256_hex"].as_str().is_some(), "{doc}");
    assert_eq!(count(&db, &rows).await, 1);
    assert_eq!(stored_files(&dir), (1, 0));
}

/// The other crash of an upload: the photo's bytes are stored, the server dies before the
/// record of them is written. Nobody can reach those bytes (a child's photo, personal data),
/// so the orphan sweep at the next start removes them; the parent's retry stores the photo
/// once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_between_storing_a_document_and_recording_it_leaves_no_orphan_bytes() {
    let (dir, addr) = fresh_site("orphan");
    let server = ServerProcess::start(&dir, addr, "document.upload.before_row=pause").await;
    let app = demo_app_at(addr, dir.clone());
    let (parent, referral) = parent_with_referral(&app, 0, 904).await;

    let pending = upload_in_background(&parent, &app, referral, "photo");
    server
        .wait_for("failpoint document.upload.before_row reached")
        .await;
    assert_eq!(
        stored_files(&dir),
        (1, 0),
        "killed with the photo stored but not recorded"
    );
    server.kill();
    assert!(pending.await.unwrap().is_err());

    // A grace period of 0 minutes: the sweep at start may take bytes of any age (the default
    // hour protects uploads in progress on other app servers).
    let _server =
        ServerProcess::start_with_env(&dir, addr, "", &[("EKG_ORPHAN_GRACE_MINUTES", "0")]).await;
    eventually("the orphan was not swept", async || {
        stored_files(&dir) == (0, 0)
    })
    .await;
    let db = app.db().await;
    let rows = format!("SELECT COUNT(*) FROM documents WHERE referral_id = {referral}");
    assert_eq!(count(&db, &rows).await, 0);

    let doc = upload(&parent, &app, referral, "photo").await;
    assert!(doc["sha256_hex"].as_str().is_some(), "{doc}");
    assert_eq!(count(&db, &rows).await, 1);
    assert_eq!(stored_files(&dir), (1, 0));
}

/// An audit entry is recorded first and put on the hash chain just after. A server killed in
/// between (here: after a parent's log-in) leaves the entry recorded, and the next start puts it
/// on the chain, which still verifies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_before_chaining_an_audit_entry_chains_it_at_the_next_start() {
    let (dir, addr) = fresh_site("audit");
    let server = ServerProcess::start(&dir, addr, "audit.before_chain=pause").await;
    let app = demo_app_at(addr, dir.clone());
    let iin = app.iin_of(DemoRole::Parent, 0);

    tokio::select! {
        _ = crate::common::Browser::login_as(&app, &iin) => {
            panic!("the log-in was answered though the server stopped before chaining its entry")
        }
        () = server.wait_for("failpoint audit.before_chain reached") => {}
    }
    let db = app.db().await;
    let pending =
        format!("SELECT COUNT(*) FROM audit_pending WHERE action = 'login' AND actor = '{iin}'");
    let chained =
        format!("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND actor = '{iin}'");
    assert_eq!(count(&db, &pending).await, 1, "the entry is committed");
    assert_eq!(count(&db, &chained).await, 0, "and not on the chain yet");
    server.kill();

    let _server = ServerProcess::start(&dir, addr, "").await;
    eventually("the recorded entry was not chained", async || {
        count(&db, "SELECT COUNT(*) FROM audit_pending").await == 0
    })
    .await;
    assert_eq!(count(&db, &chained).await, 1);
    let verified = server::db::audit::verify(&db).await.unwrap();
    assert!(verified.as_ref().is_ok_and(|n| *n >= 1), "{verified:?}");
}

/// A contract and its audit entry are committed in one transaction. A server killed right after
/// that commit, before the entry reached the hash chain, has still recorded the entry: the
/// contract is sent, and the next start chains `contract.sent`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_right_after_a_contract_is_sent_keeps_its_audit_entry() {
    let (dir, addr) = fresh_site("sent-audit");
    let server = ServerProcess::start(&dir, addr, "contract.submit.after_commit=pause").await;
    let app = demo_app_at(addr, dir.clone());
    let (parent, referral) = parent_with_referral(&app, 0, 905).await;
    let (id, form) = signed_submission(&app, &parent, referral, "killed-after-commit-0001").await;
    let pending = tokio::spawn(
        app.app
            .client
            .post(app.app.url("/api/contract/submit"))
            .header("cookie", parent.header())
            .form(&form)
            .send(),
    );
    server
        .wait_for("failpoint contract.submit.after_commit reached")
        .await;
    let db = app.db().await;
    let entry = format!("action = 'contract.sent' AND subject = 'contract:{id}'");
    let recorded = format!("SELECT COUNT(*) FROM audit_pending WHERE {entry}");
    let chained = format!("SELECT COUNT(*) FROM audit_log WHERE {entry}");
    assert_eq!(
        count(&db, &recorded).await,
        1,
        "committed with the contract"
    );
    assert_eq!(count(&db, &chained).await, 0);
    server.kill();
    assert!(pending.await.unwrap().is_err());

    let _server = ServerProcess::start(&dir, addr, "").await;
    assert_ne!(
        text(
            &db,
            &format!("SELECT status FROM contracts WHERE id = {id}")
        )
        .await,
        Some("draft".into()),
        "the contract was sent"
    );
    eventually("the entry was not chained", async || {
        count(&db, &recorded).await == 0
    })
    .await;
    assert_eq!(count(&db, &chained).await, 1);
    let verified = server::db::audit::verify(&db).await.unwrap();
    assert!(verified.is_ok(), "{verified:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_full_disk_the_parent_is_told_so_and_nothing_is_recorded() {
    let (dir, addr) = fresh_site("disk-full");
    let server = ServerProcess::start(&dir, addr, "storage.local.write=enospc").await;
    let app = demo_app_at(addr, dir.clone());
    let (parent, referral) = parent_with_referral(&app, 0, 903).await;

    let resp = upload_request(&parent, &app, referral, "photo")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 503);
    let body = resp.text().await.unwrap();
    assert!(body.contains("upload.storage_full"), "{body}");
    let db = app.db().await;
    let rows = format!("SELECT COUNT(*) FROM documents WHERE referral_id = {referral}");
    assert_eq!(
        count(&db, &rows).await,
        0,
        "no row for a document not stored"
    );
    assert_eq!(stored_files(&dir), (0, 0), "no half-written file");

    // Space is freed (here: a server without the fault); the same upload now works.
    server.kill();
    let _server = ServerProcess::start(&dir, addr, "").await;
    upload(&parent, &app, referral, "photo").await;
    assert_eq!(count(&db, &rows).await, 1);
}

/// Makes the server's database unusable and back: on SQLite another process holds the write
/// lock; on PostgreSQL the database refuses connections and the server's are cut.
struct Outage {
    db: DatabaseConnection,
    pg_name: Option<String>,
}

impl Outage {
    async fn begin(app: &DemoApp) -> Outage {
        let url = server::config::Config::for_dir(&app.app.dir).database_url;
        if url.starts_with("sqlite:") {
            let mut opts = sea_orm::ConnectOptions::new(url);
            opts.max_connections(1).min_connections(1);
            let db = sea_orm::Database::connect(opts).await.unwrap();
            db.execute_unprepared("BEGIN EXCLUSIVE").await.unwrap();
            return Outage { db, pg_name: None };
        }
        let name = url.rsplit_once('/').unwrap().1.to_string();
        let base = std::env::var("EKG_TEST_PG_URL").unwrap();
        let db = sea_orm::Database::connect(base).await.unwrap();
        db.execute_unprepared(&format!(
            "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"
        ))
        .await
        .unwrap();
        db.execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
        Outage {
            db,
            pg_name: Some(name),
        }
    }

    async fn end(self) {
        match self.pg_name {
            None => {
                self.db.execute_unprepared("ROLLBACK").await.unwrap();
            }
            Some(name) => {
                self.db
                    .execute_unprepared(&format!(
                        "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true"
                    ))
                    .await
                    .unwrap();
            }
        }
        self.db.close().await.ok();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_database_is_unavailable_the_parent_gets_503_and_service_resumes_without_restart()
{
    let app = spawn_demo_app().await;
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let add_child = |serial: u16| {
        let iin = app::domain::iin::test_values::make_iin("230415", 6, serial);
        [
            ("iin", iin),
            ("last_name", "Серікова".to_string()),
            ("first_name", "Әлия".to_string()),
            ("patronymic", String::new()),
        ]
    };
    let call = async |parent: &mut Browser, serial: u16| {
        let form = add_child(serial);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        parent.call(&app, "/api/cabinet/add_child", &form).await
    };

    let outage = Outage::begin(&app).await;
    let (status, body) = call(&mut parent, 911).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.to_string().contains("Unavailable"),
        "a typed error, no internals: {body}"
    );
    assert!(!body.to_string().to_lowercase().contains("sql"), "{body}");
    outage.end().await;

    // No restart: the next tap works, and the child added during the outage is not there.
    let (status, body) = call(&mut parent, 911).await;
    assert_eq!(status, 200, "{body}");
    let health = app
        .app
        .client
        .get(app.app.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let db = app.db().await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM children").await, 1);
}
