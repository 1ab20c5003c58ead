//! Documents of wizard step 5 on the server: every generated fixture gets its outcome, only
//! the owner (and the kindergarten's staff) can read a document, a broken upload leaves
//! nothing behind.

use crate::common::{Browser, DemoApp, Server, answer, parent_with_referral, spawn_demo_app};
use app::api::{DemoRole, StaffContract, UploadRefused};
use app::documents::fixtures::{self, Expect};
use app::domain::DocumentRef;

async fn upload(
    b: &Browser,
    app: &DemoApp,
    referral: i64,
    kind: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let resp = app
        .client()
        .post(app.url(&format!("/api/documents?referral={referral}&kind={kind}")))
        .header("cookie", b.header())
        .header("content-type", "image/jpeg")
        .body(bytes)
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

async fn get(b: &Browser, app: &DemoApp, id: &str) -> reqwest::Response {
    app.client()
        .get(app.url(&format!("/api/documents/{id}")))
        .header("cookie", b.header())
        .send()
        .await
        .unwrap()
}

fn stored_files(app: &DemoApp) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let root = app.app.dir.join("documents");
    for shard in std::fs::read_dir(&root).unwrap().flatten() {
        if shard.path().is_dir() {
            for f in std::fs::read_dir(shard.path()).unwrap().flatten() {
                out.push(f.path());
            }
        }
    }
    out
}

#[tokio::test]
async fn every_kind_of_file_gets_its_outcome_at_the_server() {
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 11).await;
    for f in fixtures::all() {
        let (status, v) = upload(&parent, &app, referral, "photo", f.bytes.clone()).await;
        match f.expect_server {
            Expect::Accepted => {
                assert_eq!(status, 201, "{}: {v}", f.name);
                let doc: DocumentRef = answer(&v);
                let sha = doc.sha256_hex;
                assert_eq!(sha.len(), 64);
                // What is served is what was hashed.
                let resp = get(&parent, &app, &doc.id).await;
                assert_eq!(resp.status(), 200);
                let body = resp.bytes().await.unwrap();
                use sha2::Digest;
                let got: String = sha2::Sha256::digest(&body)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                assert_eq!(got, sha, "{}", f.name);
            }
            Expect::Refused(code) => {
                assert!(status >= 400, "{} accepted", f.name);
                assert_eq!(answer::<UploadRefused>(&v).code, code, "{}", f.name);
            }
        }
    }
}

#[tokio::test]
async fn a_photo_sent_twice_for_the_same_slot_is_one_document_answered_again() {
    // A phone whose first answer was lost, or a photo kept offline sent from two tabs.
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 931).await;
    let photo = fixtures::document_small().bytes;
    let (status, first) = upload(&parent, &app, referral, "photo", photo.clone()).await;
    assert_eq!(status, 201, "{first}");
    let first: DocumentRef = answer(&first);
    let files = stored_files(&app).len();
    let (status, again) = upload(&parent, &app, referral, "photo", photo.clone()).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(answer::<DocumentRef>(&again), first);
    assert_eq!(
        stored_files(&app).len(),
        files,
        "the second copy is not kept"
    );

    // The same bytes in another slot are that slot's own document.
    let (status, other) = upload(&parent, &app, referral, "health_passport", photo.clone()).await;
    assert_eq!(status, 201, "{other}");
    assert_ne!(answer::<DocumentRef>(&other).id, first.id);
    // Once another photo became the slot's, the first bytes are a new upload again.
    let small = fixtures::tiny().bytes;
    let (status, replaced) = upload(&parent, &app, referral, "photo", small).await;
    assert_eq!(status, 201, "{replaced}");
    let (status, back) = upload(&parent, &app, referral, "photo", photo).await;
    assert_eq!(status, 201, "{back}");
    assert_ne!(answer::<DocumentRef>(&back).id, first.id);
}

#[tokio::test]
async fn an_exif_rotated_photo_is_stored_without_its_exif_and_gps() {
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 12).await;
    let f = fixtures::all()
        .into_iter()
        .find(|f| f.name.contains("exif"))
        .expect("an EXIF fixture");
    assert!(f.bytes.windows(4).any(|w| w == b"Exif"));
    let (status, v) = upload(&parent, &app, referral, "health_passport", f.bytes).await;
    assert_eq!(status, 201, "{v}");
    let body = get(&parent, &app, &answer::<DocumentRef>(&v).id)
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        !body.windows(4).any(|w| w == b"Exif"),
        "EXIF left in the stored file"
    );
}

#[tokio::test]
async fn only_the_owner_and_the_kindergartens_staff_can_read_a_document() {
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 13).await;
    let jpeg = fixtures::all()
        .into_iter()
        .find(|f| f.name == "tiny_1x1")
        .unwrap()
        .bytes;
    let (status, v) = upload(&parent, &app, referral, "photo", jpeg.clone()).await;
    assert_eq!(status, 201, "{v}");
    let id = answer::<DocumentRef>(&v).id;

    let resp = get(&parent, &app, &id).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );

    let other = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 1)).await;
    assert_eq!(get(&other, &app, &id).await.status(), 404);
    assert_eq!(get(&Browser::new(), &app, &id).await.status(), 401);
    // The demo staff work at kindergarten №1, where the referral points.
    let staff = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    assert_eq!(get(&staff, &app, &id).await.status(), 200);
    // Nobody uploads to someone else's referral.
    let (status, _) = upload(&other, &app, referral, "photo", jpeg).await;
    assert_eq!(status, 404);
    // Path tricks are just "not found".
    assert_eq!(
        get(&parent, &app, "..%2F..%2Fekg.sqlite").await.status(),
        404
    );

    // Delete: the other parent cannot, the owner can; then it is gone.
    let del = |b: &Browser| {
        app.client()
            .delete(app.url(&format!("/api/documents/{id}")))
            .header("cookie", b.header())
            .send()
    };
    assert_eq!(del(&other).await.unwrap().status(), 404);
    assert_eq!(del(&parent).await.unwrap().status(), 204);
    assert_eq!(get(&parent, &app, &id).await.status(), 404);
}

#[tokio::test]
async fn an_upload_cut_off_halfway_leaves_nothing_behind() {
    use tokio::io::AsyncWriteExt;
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 14).await;
    let before = stored_files(&app).len();
    let mut conn = tokio::net::TcpStream::connect(app.app.addr).await.unwrap();
    let head = format!(
        "POST /api/documents?referral={referral}&kind=photo HTTP/1.1\r\nHost: x\r\nCookie: {}\r\nContent-Type: image/jpeg\r\nContent-Length: 1000000\r\n\r\n",
        parent.header()
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&[0xFF, 0xD8, 0xFF, 0xE0]).await.unwrap();
    conn.write_all(&vec![0u8; 400_000]).await.unwrap();
    conn.shutdown().await.unwrap();
    drop(conn);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(stored_files(&app).len(), before, "nothing stored");
    let db = app.db().await;
    use sea_orm::{ConnectionTrait, Statement};
    let n = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM documents".to_string(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(n, 0, "no document row");
}

/// Bytes that no record refers to are personal data nobody can reach: the orphan sweep
/// removes them once they are older than the grace period (an upload on another app server
/// may be between storing and recording them), removes at once the bytes of a document the
/// parent deleted (when that removal had failed), and never touches a document in use.
#[tokio::test]
async fn the_orphan_sweep_removes_unrecorded_and_deleted_bytes_and_keeps_documents_in_use() {
    use server::config::defaults::ORPHAN_GRACE as DEFAULT_GRACE;
    use server::orphans::{SweepReport, sweep};
    use server::storage::{DocumentKey, DocumentStore, LocalDocumentStore};
    use std::time::{Duration, SystemTime};

    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 15).await;
    let photo = fixtures::document_small().bytes;
    let (status, kept) = upload(&parent, &app, referral, "photo", photo.clone()).await;
    assert_eq!(status, 201, "{kept}");
    let (status, gone) = upload(&parent, &app, referral, "health_passport", photo.clone()).await;
    assert_eq!(status, 201, "{gone}");
    let gone_id = answer::<DocumentRef>(&gone).id;
    let deleted = app
        .client()
        .delete(app.url(&format!("/api/documents/{gone_id}")))
        .header("cookie", parent.header())
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);

    let store = LocalDocumentStore::open(app.app.dir.join("documents")).unwrap();
    // The deleted document's bytes are back, as if removing them had failed.
    let gone_key = DocumentKey::parse(&gone_id).unwrap();
    store.put(&gone_key, photo.clone().into()).await.unwrap();
    // Bytes an upload stored and never recorded.
    let orphan = DocumentKey::random().unwrap();
    store.put(&orphan, photo.clone().into()).await.unwrap();

    let db = app.db().await;
    let now = SystemTime::now();
    let report = sweep(&db, &store, now, DEFAULT_GRACE).await.unwrap();
    assert_eq!(
        report,
        SweepReport {
            listed: 3,
            removed: 1
        }
    );
    assert_eq!(store.get(&gone_key).await.unwrap(), None);
    assert!(
        store.get(&orphan).await.unwrap().is_some(),
        "within the grace period the bytes may belong to an upload in progress"
    );

    let later = now + DEFAULT_GRACE + Duration::from_secs(60);
    let report = sweep(&db, &store, later, DEFAULT_GRACE).await.unwrap();
    assert_eq!(
        report,
        SweepReport {
            listed: 2,
            removed: 1
        }
    );
    assert_eq!(store.get(&orphan).await.unwrap(), None);

    // The document in use is untouched and the parent still sees it.
    let kept: DocumentRef = answer(&kept);
    let resp = get(&parent, &app, &kept.id).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.unwrap().len() as u64, kept.size);
    let report = sweep(&db, &store, later, DEFAULT_GRACE).await.unwrap();
    assert_eq!(report.removed, 0, "a second sweep finds nothing");
}

/// Two app servers behind a load balancer share the database: a parent whose uploads go to
/// both still gets at most the limit in ten minutes, and a clear `upload.rate_limited` after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upload_limit_holds_across_app_servers() {
    const LIMIT: usize = 3;
    let app = crate::common::spawn_demo_configured(server::clock::system(), false, |c| {
        c.uploads_per_10_min = LIMIT;
    })
    .await;
    let mut second = server::config::Config::for_dir(&app.app.dir);
    second.demo_pki = true;
    second.uploads_per_10_min = LIMIT;
    let (second_addr, _second) = server::startup::spawn_with_clock(second, server::clock::system())
        .await
        .expect("a second server on the same database starts");
    let (parent, referral) = parent_with_referral(&app, 0, 16).await;
    // Different photos (the same bytes again for a slot are answered with the first record).
    let photos = [fixtures::document_small().bytes, fixtures::tiny().bytes];
    let kinds = ["photo", "health_passport", "health_certificate"];
    let upload_to = |addr: std::net::SocketAddr, n: usize| {
        app.client()
            .post(format!(
                "http://{addr}/api/documents?referral={referral}&kind={}",
                kinds[n % 3]
            ))
            .header("cookie", parent.header())
            .header("content-type", "image/jpeg")
            .body(photos[n / 3].clone())
            .send()
    };

    // Two through the first server, one through the second: three, the limit.
    for (n, addr) in [app.app.addr, app.app.addr, second_addr]
        .into_iter()
        .enumerate()
    {
        assert_eq!(upload_to(addr, n).await.unwrap().status(), 201);
    }
    // The second server has counted only one upload itself, yet refuses the fourth.
    let refused = upload_to(second_addr, 3).await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("upload.rate_limited"),
        "the parent is told why"
    );
    assert_eq!(upload_to(app.app.addr, 4).await.unwrap().status(), 429);

    // Another parent taps «upload» on six photos at once, spread over both servers: every upload
    // passes the first count, yet exactly the limit is stored.
    let (other, other_referral) = parent_with_referral(&app, 1, 17).await;
    let sends = (0..6).map(|i| {
        let addr = if i % 2 == 0 {
            app.app.addr
        } else {
            second_addr
        };
        app.client()
            .post(format!(
                "http://{addr}/api/documents?referral={other_referral}&kind={}",
                kinds[i % 3]
            ))
            .header("cookie", other.header())
            .header("content-type", "image/jpeg")
            .body(photos[i / 3].clone())
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(sends)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        LIMIT,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        6 - LIMIT,
        "{statuses:?}"
    );
    let db = app.db().await;
    use sea_orm::{ConnectionTrait, Statement};
    let rows = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM documents WHERE referral_id = {other_referral}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(rows, LIMIT as i64);
}

/// A server pointed at the wrong database (here: a fresh one) for a store full of documents
/// would see every document as unrecorded: the sweep refuses and removes nothing.
#[tokio::test]
async fn the_orphan_sweep_removes_nothing_when_most_of_the_store_looks_unrecorded() {
    use server::config::defaults::ORPHAN_GRACE as DEFAULT_GRACE;
    use server::orphans::{SweepError, sweep};
    use server::storage::{DocumentKey, DocumentStore, LocalDocumentStore};
    use std::time::{Duration, SystemTime};

    let app = spawn_demo_app().await;
    let store = LocalDocumentStore::open(app.app.dir.join("documents")).unwrap();
    let mut keys = Vec::new();
    for _ in 0..12 {
        let key = DocumentKey::random().unwrap();
        store
            .put(&key, fixtures::document_small().bytes.into())
            .await
            .unwrap();
        keys.push(key);
    }
    let db = app.db().await;
    let later = SystemTime::now() + DEFAULT_GRACE + Duration::from_secs(60);
    let refused = sweep(&db, &store, later, DEFAULT_GRACE).await;
    assert!(
        matches!(
            refused,
            Err(SweepError::Refused {
                unrecorded: 12,
                listed: 12
            })
        ),
        "{refused:?}"
    );
    for key in &keys {
        assert!(store.get(key).await.unwrap().is_some(), "{key} was removed");
    }
}

/// A contract's documents are evidence once the parent signed and sent it: the parent can
/// neither delete nor replace them (409 with the kk/ru reason), the kindergarten's staff still
/// read them, and the orphan sweep keeps their bytes even under a row marked deleted (as an
/// older version of the service left them).
#[tokio::test]
async fn documents_of_a_sent_contract_cannot_be_deleted_or_replaced() {
    use server::config::defaults::ORPHAN_GRACE as DEFAULT_GRACE;
    use server::orphans::sweep;
    use server::storage::{DocumentKey, DocumentStore, LocalDocumentStore};

    let app = spawn_demo_app().await;
    let (parent, referral, id) = crate::common::sent_contract(&app, 0, 41).await;
    let mut staff_b = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let (status, view) = staff_b
        .call(&app, "/api/staff/contract", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200, "{view}");
    let docs = answer::<StaffContract>(&view).documents;
    assert_eq!(docs.len(), 3);
    let key = docs[0].1.clone();

    let delete = app
        .client()
        .delete(app.url(&format!("/api/documents/{key}")))
        .header("cookie", parent.header())
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 409);
    let body = delete.text().await.unwrap();
    assert!(body.contains("upload.locked"), "{body}");
    let text = app::error::text_for_code("upload.locked").unwrap();
    assert!(text.kk.contains("өшіруге") && text.ru.contains("удалить"));

    // Replacing: a new upload for the referral while the contract waits is refused too (the
    // referral is no longer open for a contract).
    let (status, v) = upload(
        &parent,
        &app,
        referral,
        "photo",
        fixtures::document_small().bytes,
    )
    .await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(answer::<UploadRefused>(&v).code, "document.referral_closed");

    // The staff still read every document.
    for d in &docs {
        let resp = get(&staff_b, &app, &d.1).await;
        assert_eq!(resp.status(), 200);
    }

    // A row marked deleted by an older version: the sweep keeps the bytes a contract includes.
    let db = app.db().await;
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(&format!(
        "UPDATE documents SET deleted_at = 1 WHERE key = '{key}'"
    ))
    .await
    .unwrap();
    let store = LocalDocumentStore::open(app.app.dir.join("documents")).unwrap();
    let later = std::time::SystemTime::now() + DEFAULT_GRACE * 2;
    let report = sweep(&db, &store, later, DEFAULT_GRACE).await.unwrap();
    assert_eq!(report.removed, 0);
    assert!(
        store
            .get(&DocumentKey::parse(&key).unwrap())
            .await
            .unwrap()
            .is_some()
    );
    // And the staff view lists only documents whose bytes it can serve.
    let (_, view) = staff_b
        .call(&app, "/api/staff/contract", &[("id", &id.to_string())])
        .await;
    for d in answer::<StaffContract>(&view).documents {
        let resp = get(&staff_b, &app, &d.1).await;
        assert_eq!(resp.status(), 200, "{d:?}");
    }
}
