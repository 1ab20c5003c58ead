//! The load test (a measurement, not a check; `#[ignore]`d): run by `bench/load.sh`, which
//! builds it in release and runs it on SQLite and on PostgreSQL. Loopback only, bounded in
//! time and in the number of contracts.
//!
//! It measures, against one server in this process (the load generator shares the machine):
//! 1. the catalogue page rendered on the server (`GET /`), requests/s and latency;
//! 2. a server function of the parent's cabinet (`/api/cabinet/referrals`);
//! 3. complete contract submissions: for each of N referrals a parent uploads three JPEGs,
//!    prepares the contract (document digests, canonical bytes), signs it (RSA, in this
//!    process, as the phone would) and sends it (the server verifies the CMS against the
//!    trust store and commits); per-contract latency of the whole flow and of the send alone.
//!
//! Settings: `EKG_LOAD_SECONDS` (per measurement, default 10), `EKG_LOAD_CONCURRENCY`
//! (default 16), `EKG_LOAD_CONTRACTS` (default 200). `EKG_LOAD_OUT=FILE` appends the result
//! rows (Markdown) to FILE.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use app::api::DemoRole;
use sea_orm::ConnectionTrait;
use tokio::sync::Mutex;

use crate::common::{
    Browser, DemoApp, Server, UrlServer, canonical_of, filled_draft, first_kindergarten, key_file,
    post_json, prepared, refer_new_child, spawn_demo_configured,
};
use app::eds::cms_sign::sign_detached;
use app::eds::key_file::open_key_file;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Latencies of one measurement.
struct Sample {
    what: String,
    latencies: Vec<Duration>,
    errors: usize,
    elapsed: Duration,
    concurrency: usize,
}

impl Sample {
    fn percentile(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        if l.is_empty() {
            return Duration::ZERO;
        }
        let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
        l[i]
    }

    fn row(&self, backend: &str) -> String {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        format!(
            "| {} | {backend} | {} | {} | {:.1}/s | {} | {} | {} |",
            self.what,
            self.concurrency,
            self.latencies.len(),
            self.latencies.len() as f64 / self.elapsed.as_secs_f64(),
            ms(self.percentile(0.50)),
            ms(self.percentile(0.99)),
            self.errors
        )
    }
}

/// Runs `request` from `concurrency` tasks for `seconds`; `request` answers whether it worked.
async fn hammer<F, Fut>(what: &str, concurrency: usize, seconds: usize, request: F) -> Sample
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds as u64);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors) = (Vec::new(), 0);
            while Instant::now() < deadline {
                let t = Instant::now();
                if request().await {
                    lat.push(t.elapsed());
                } else {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let mut sample = Sample {
        what: what.into(),
        latencies: Vec::new(),
        errors: 0,
        elapsed: Duration::ZERO,
        concurrency,
    };
    for t in tasks {
        let (lat, errors) = t.await.unwrap();
        sample.latencies.extend(lat);
        sample.errors += errors;
    }
    sample.elapsed = start.elapsed();
    sample
}

/// `n` referrals of the demo parent's `n` new children to the first kindergarten.
async fn referrals(app: &DemoApp, parent: &mut Browser, n: usize) -> Vec<i64> {
    let mut admin = Browser::login_as(app, &app.iin_of(DemoRole::Admin, 0)).await;
    let kg = first_kindergarten(app, parent).await;
    for serial in 0..n {
        refer_new_child(app, parent, &mut admin, &kg, 2000 + 20 * serial as u16).await;
    }
    let (_, list) = parent.call(app, "/api/cabinet/referrals", &[]).await;
    list.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "active")
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: bench/load.sh runs it in release"]
async fn load_figures() {
    let seconds = setting("EKG_LOAD_SECONDS", 10);
    let concurrency = setting("EKG_LOAD_CONCURRENCY", 16);
    let contracts = setting("EKG_LOAD_CONTRACTS", 200);
    let backend = if std::env::var("EKG_TEST_PG_URL").is_ok_and(|v| !v.is_empty()) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let app = spawn_demo_configured(server::clock::system(), false, |c| {
        c.uploads_per_10_min = 1_000_000;
        c.login_attempts_per_10_min = 1_000_000;
        // One demo parent holds every referral's child.
        c.max_children_per_cabinet = 1_000_000;
    })
    .await;
    let db = app.db().await;
    db.execute_unprepared("UPDATE groups SET free_places = 1000000")
        .await
        .unwrap();
    let iin = app.iin_of(DemoRole::Parent, 0);
    let mut parent = Browser::login_as(&app, &iin).await;
    let ids = referrals(&app, &mut parent, contracts).await;
    assert_eq!(ids.len(), contracts);
    let mut rows = Vec::new();

    let client = app.app.client.clone();
    let url = app.url("/");
    rows.push(
        hammer(
            "catalogue page `GET /` (SSR)",
            concurrency,
            seconds,
            move || {
                let (client, url) = (client.clone(), url.clone());
                async move {
                    match client.get(&url).send().await {
                        Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
                        Ok(r) => {
                            eprintln!("catalogue: {}", r.status());
                            false
                        }
                        Err(e) => {
                            eprintln!("catalogue: {e:?}");
                            false
                        }
                    }
                }
            },
        )
        .await,
    );

    let client = app.app.client.clone();
    let url = app.url("/api/cabinet/departments");
    let cookie = parent.header();
    rows.push(
        hammer(
            "cabinet server fn `departments`",
            concurrency,
            seconds,
            move || {
                let (client, url, cookie) = (client.clone(), url.clone(), cookie.clone());
                async move {
                    match client.post(&url).header("cookie", cookie).send().await {
                        Ok(r) if r.status() == 200 => r.bytes().await.is_ok(),
                        _ => false,
                    }
                }
            },
        )
        .await,
    );

    // Complete submissions: `concurrency` parents' phones at once, each contract once.
    let queue = Arc::new(Mutex::new(ids));
    let done = Arc::new(AtomicUsize::new(0));
    let app = Arc::new(app);
    let workers = concurrency.min(8);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let (queue, app, done) = (queue.clone(), app.clone(), done.clone());
        let (cookies, iin) = (parent.cookies.clone(), iin.clone());
        tasks.push(tokio::spawn(async move {
            let b = Browser { cookies };
            // The phone opens the parent's key file once (its PBKDF and 3DES are the phone's
            // work, not the server's) and signs each contract with it.
            let p12 = std::fs::read(app.key_path(&key_file(&app, &iin, true))).unwrap();
            let key = open_key_file(&p12, app::api::DEMO_PASSWORD).unwrap();
            let (mut whole, mut send, mut errors) = (Vec::new(), Vec::new(), 0);
            loop {
                let Some(referral) = queue.lock().await.pop() else {
                    break;
                };
                let t = Instant::now();
                let draft = filled_draft(&b, &app, referral).await;
                let (status, v) = post_json(
                    &b,
                    &*app,
                    "/api/contract/prepare",
                    serde_json::json!({ "referral_id": referral, "draft": draft }),
                )
                .await;
                if status != 200 {
                    eprintln!("prepare: {status} {v}");
                    errors += 1;
                    continue;
                }
                let id = i64::from(prepared(&v).contract_id);
                let cms = {
                    use base64::Engine;
                    let der = sign_detached(
                        &canonical_of(&prepared(&v)),
                        &key.private_key_pkcs8_der,
                        &key.certificate,
                        &key.chain,
                        app.now(),
                    )
                    .unwrap();
                    base64::engine::general_purpose::STANDARD.encode(der)
                };
                let s = Instant::now();
                let server = UrlServer {
                    base: app.url(""),
                    client: app.client().clone(),
                };
                let (status, answer) = Browser {
                    cookies: b.cookies.clone(),
                }
                .call(
                    &server,
                    "/api/contract/submit",
                    &[
                        ("contract_id", &id.to_string()),
                        ("idempotency_key", &format!("load-test-key-{id:08}")),
                        ("cms_base64", &cms),
                        ("acknowledged", "true"),
                    ],
                )
                .await;
                if status == 200 {
                    send.push(s.elapsed());
                    whole.push(t.elapsed());
                    done.fetch_add(1, Ordering::Relaxed);
                } else {
                    eprintln!("send: {status} {answer}");
                    errors += 1;
                }
            }
            (whole, send, errors)
        }));
    }
    let (mut whole, mut send, mut errors) = (Vec::new(), Vec::new(), 0);
    for t in tasks {
        let (w, s, e) = t.await.unwrap();
        whole.extend(w);
        send.extend(s);
        errors += e;
    }
    let elapsed = start.elapsed();
    assert_eq!(
        done.load(Ordering::Relaxed),
        contracts,
        "every contract was sent"
    );
    rows.push(Sample {
        what: "complete contract: 3 uploads + prepare + sign + send".into(),
        latencies: whole,
        errors,
        elapsed,
        concurrency: workers,
    });
    rows.push(Sample {
        what: "… of which the send (CMS verification, commit)".into(),
        latencies: send,
        errors: 0,
        elapsed,
        concurrency: workers,
    });

    let mut out = String::new();
    for r in &rows {
        out.push_str(&r.row(backend));
        out.push('\n');
    }
    println!("| measurement | database | concurrency | requests | rate | p50 | p99 | errors |");
    println!("|---|---|---|---|---|---|---|---|");
    print!("{out}");
    if let Ok(path) = std::env::var("EKG_LOAD_OUT") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        f.write_all(out.as_bytes()).unwrap();
    }
    let sent = app
        .db()
        .await
        .query_one(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM contracts WHERE status = 'sent_for_signing'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(sent as usize, contracts, "each contract sent exactly once");
}
