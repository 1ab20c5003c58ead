//! Signatures that still prove themselves years later (issue 25), against real responders we
//! did not write: OpenSSL's TSA (`openssl ts -reply` behind a small HTTP wrapper) and
//! OpenSSL's OCSP responder (`openssl ocsp -index …`), with an OpenSSL-made CA. A parent
//! signs, the signature is timestamped and its status kept; the kindergarten signs after the
//! parent's evidence is complete; the export package is checked by `server verify` at the
//! timestamp's time and by `openssl cms/ts/ocsp`.

use app::api::{ContractCard, DemoRole, EvidenceView, ReferralView, SignatureView};
use app::domain::{ContractStatus, ReferralStatus};
use app::eds::cms_sign::sign_detached;
use app::eds::timestamp;
use base64::Engine;
use sea_orm::EntityTrait;

use crate::common::*;
use crate::openssl_pki::{OpenSslPki, nobody, ocsp_responder, ocsp_responder_on, openssl, tsa};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The demo people (their IINs and BINs are fixed by the demo PKI).
fn demo_people() -> Vec<app::api::DemoPerson> {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(demo_pki_template().join("demo/manifest.json")).unwrap(),
    )
    .unwrap();
    serde_json::from_value(manifest["people"].clone()).unwrap()
}

/// A demo app that also trusts the OpenSSL CA (and, if given, holds its CRL), with the
/// evidence services at `tsa_url` and `ocsp_url`.
async fn app_with(
    pki: &OpenSslPki,
    tsa_url: Option<String>,
    ocsp_url: Option<String>,
    crl: Option<Vec<u8>>,
) -> DemoApp {
    let ca_pem = pki.ca_pem.clone();
    spawn_demo_configured(server::clock::system(), false, move |c| {
        std::fs::create_dir_all(&c.trust_dir).unwrap();
        std::fs::write(c.trust_dir.join("openssl-ca.pem"), &ca_pem).unwrap();
        if let Some(crl) = crl {
            std::fs::write(c.trust_dir.join("openssl-ca.crl"), crl).unwrap();
        }
        c.evidence = server::pki::evidence::EvidenceConfig {
            tsa_url,
            tsa_policy: server::pki::evidence::TsaPolicy::parse("rsa=1.2.398.3.3.2.6.1").unwrap(),
            ocsp_url,
            timeout: std::time::Duration::from_secs(5),
            retry_every: std::time::Duration::from_secs(1),
        };
    })
    .await
}

/// The demo parent `n` prepares a contract (referral from `serial`); returns the browser, the
/// contract id and its canonical bytes.
async fn prepared(app: &DemoApp, n: usize, serial: u16) -> (Browser, i64, Vec<u8>) {
    let (parent, referral) = parent_with_referral(app, n, serial).await;
    let draft = filled_draft(&parent, app, referral).await;
    let (status, v) = prepare(&parent, app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let ready = crate::common::prepared(&v);
    (parent, i64::from(ready.contract_id), canonical_of(&ready))
}

async fn card(parent: &mut Browser, app: &DemoApp, id: i64) -> ContractCard {
    let (status, card) = parent
        .call(app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200, "{card}");
    answer(&card)
}

/// The time (Unix seconds) and `by_ocsp` of a signature's timestamp, if it is timestamped.
fn timestamped(signature: &Option<SignatureView>) -> Option<(i64, Option<bool>)> {
    match signature.as_ref().map(|s| &s.evidence) {
        Some(EvidenceView::Timestamped { at, by_ocsp }) => Some((*at, *by_ocsp)),
        _ => None,
    }
}

async fn stored(app: &DemoApp, id: i64) -> server::db::entities::contracts::Model {
    server::db::entities::contracts::Entity::find_by_id(id as i32)
        .one(&app.db().await)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_signed_contract_carries_its_timestamp_and_ocsp_answer_and_checks_years_later_and_with_openssl()
 {
    let pki = OpenSslPki::new("OPENSSL TEST NCA");
    let tsa = tsa(&pki).await;
    let t0 = now();
    // The keys exist before the responder starts (it reads the CA's database).
    let people = demo_people();
    let parent_iin = people
        .iter()
        .find(|p| p.role == DemoRole::Parent)
        .unwrap()
        .iin
        .clone();
    let head = people
        .iter()
        .find(|p| p.role == DemoRole::Staff)
        .unwrap()
        .clone();
    let (parent_cert, parent_key) = pki.signing_key(&parent_iin, t0, "parent.pem");
    let (head_cert, head_key) =
        pki.head_key(&head.iin, head.bin.as_deref().unwrap(), t0, "head.pem");
    let ocsp = ocsp_responder(&pki).await;
    let app = app_with(&pki, Some(tsa.url.clone()), Some(ocsp.url.clone()), None).await;
    assert_eq!(app.iin_of(DemoRole::Parent, 0), parent_iin);

    // The parent signs and sends: accepted, timestamped, status by OCSP.
    let (mut parent, id, bytes) = prepared(&app, 0, 61).await;
    let cms = sign_detached(&bytes, &parent_key, &parent_cert, &[], now()).unwrap();
    let (status, v) = submit(
        &mut parent,
        &app,
        id,
        "evidence-contract-key-00061",
        &b64(&cms),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let c = card(&mut parent, &app, id).await;
    let row = server::db::signature_evidence::of(&app.db().await, id as i32, "parent")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state, "complete", "{:?}", row.last_error);
    let (at, by_ocsp) = timestamped(&c.parent_signature)
        .unwrap_or_else(|| panic!("not timestamped: {:?}", c.parent_signature));
    assert_eq!(by_ocsp, Some(true), "{:?}", c.parent_signature);
    assert!((at - now()).abs() < 120, "{c:?}");
    let row = stored(&app, id).await;
    let kept = row.parent_cms.clone().unwrap();
    let token = timestamp::embedded_token(&kept)
        .unwrap()
        .expect("a token in the CMS");
    assert!(!token.is_empty());

    // The kindergarten's head signs: also timestamped.
    let mut staff = Browser::login_as(&app, &head.iin).await;
    let staff_cms = sign_detached(&bytes, &head_key, &head_cert, &[], now()).unwrap();
    let (status, v) = staff
        .call(
            &app,
            "/api/staff/sign",
            &[("id", &id.to_string()), ("cms_base64", &b64(&staff_cms))],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let c = card(&mut parent, &app, id).await;
    assert_eq!(
        timestamped(&c.kindergarten_signature).map(|(_, by_ocsp)| by_ocsp),
        Some(Some(true)),
        "{c:?}"
    );

    // The package: `server verify` judges both at their timestamps.
    let db = app.db().await;
    let package = server::package::export(&db, id as i32).await.unwrap();
    let trust = server::pki::Trust::load_dir(&app.app.dir.join("trust"), true).unwrap();
    let reports = server::package::verify(&trust, &package).unwrap();
    assert_eq!(reports.len(), 2);
    for r in &reports {
        let text = r.outcome.as_ref().expect("valid");
        assert!(text.contains("judged at its timestamp"), "{text}");
        assert!(text.contains("OCSP"), "{text}");
    }

    // Two years after the certificate expired, and revoked since: still valid, because the
    // timestamp proves it was signed while the certificate was good.
    pki.revoke("parent.pem");
    let crl_now = pki.crl_der("after");
    let mut later = package.clone();
    let expiry = t0 + 365 * 86_400;
    later.parent_signed_at = Some(expiry + 2 * 365 * 86_400);
    let mut trust_later = trust.store().as_ref().clone();
    trust_later.add_crl(der::Decode::from_der(&crl_now).unwrap());
    let trust_later = server::pki::Trust::from_store(trust_later);
    let reports = server::package::verify(&trust_later, &later).unwrap();
    assert!(reports[0].outcome.is_ok(), "{:?}", reports[0]);
    // The same signature without its timestamp, judged at that later time: expired.
    later.parent_cms_base64 = Some(b64(&cms));
    let reports = server::package::verify(&trust_later, &later).unwrap();
    let why = reports[0].outcome.as_ref().unwrap_err();
    assert!(why.contains("expired"), "{why}");
    // A tampered timestamp (one bit of the TSA's signature): not valid, and said so.
    let mut tampered = package.clone();
    let mut bad = kept.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    tampered.parent_cms_base64 = Some(b64(&bad));
    let reports = server::package::verify(&trust, &tampered).unwrap();
    assert_eq!(
        reports[0].outcome,
        Err("eds.timestamp.bad_signature".to_string())
    );

    // An independent tool checks the pieces: OpenSSL.
    let files = app.app.dir.join("package-files");
    server::package::write_files(&package, &files).unwrap();
    std::fs::copy(pki.dir.join("ca.pem"), files.join("ca.pem")).unwrap();
    let out = openssl(
        &files,
        &[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "parent.p7s",
            "-content",
            "canonical.bin",
            "-CAfile",
            "ca.pem",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
    );
    assert!(out.contains("Verification successful"), "{out}");
    let out = openssl(
        &files,
        &[
            "ts",
            "-verify",
            "-token_in",
            "-in",
            "parent.tst",
            "-data",
            "parent.signature-value.bin",
            "-CAfile",
            "ca.pem",
        ],
    );
    assert!(out.contains("Verification: OK"), "{out}");
    let out = openssl(
        &files,
        &[
            "ocsp",
            "-respin",
            "parent.ocsp.der",
            "-CAfile",
            "ca.pem",
            "-issuer",
            "ca.pem",
            "-cert",
            "parent-certs.pem",
            "-no_nonce",
        ],
    );
    assert!(
        out.contains("Response verify OK") && out.contains("parent-certs.pem: good"),
        "{out}"
    );
    drop(ocsp);
}

#[tokio::test]
async fn a_gost512_signature_is_timestamped_and_its_status_checked_like_an_rsa_one() {
    let pki = OpenSslPki::new("OPENSSL TEST NCA G");
    let tsa = tsa(&pki).await;
    let people = demo_people();
    let iin = people
        .iter()
        .find(|p| p.role == DemoRole::Parent)
        .unwrap()
        .iin
        .clone();
    let (cert, key) = pki.gost512_key(&iin, now(), "parent.pem");
    let ocsp = ocsp_responder(&pki).await;
    let app = app_with(&pki, Some(tsa.url.clone()), Some(ocsp.url.clone()), None).await;
    let (mut parent, id, bytes) = prepared(&app, 0, 65).await;
    let cms = sign_detached(&bytes, &key, &cert, &[], now()).unwrap();
    let (status, v) = submit(
        &mut parent,
        &app,
        id,
        "evidence-contract-key-00065",
        &b64(&cms),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let c = card(&mut parent, &app, id).await;
    assert_eq!(
        timestamped(&c.parent_signature).map(|(_, by_ocsp)| by_ocsp),
        Some(Some(true)),
        "{:?}",
        c.parent_signature
    );
    let package = server::package::export(&app.db().await, id as i32)
        .await
        .unwrap();
    let trust = server::pki::Trust::load_dir(&app.app.dir.join("trust"), true).unwrap();
    let reports = server::package::verify(&trust, &package).unwrap();
    let text = reports[0].outcome.as_ref().expect("valid");
    assert!(text.contains("judged at its timestamp"), "{text}");
    drop(ocsp);
}

#[tokio::test]
async fn a_key_the_ca_revoked_is_refused_by_the_ocsp_answer_and_nothing_is_sent() {
    let pki = OpenSslPki::new("OPENSSL TEST NCA R");
    let tsa = tsa(&pki).await;
    let people = demo_people();
    let iin = people
        .iter()
        .find(|p| p.role == DemoRole::Parent)
        .unwrap()
        .iin
        .clone();
    let (cert, key) = pki.signing_key(&iin, now(), "parent.pem");
    pki.revoke("parent.pem");
    let ocsp = ocsp_responder(&pki).await;
    let app = app_with(&pki, Some(tsa.url.clone()), Some(ocsp.url.clone()), None).await;
    let (mut parent, id, bytes) = prepared(&app, 0, 62).await;
    let cms = sign_detached(&bytes, &key, &cert, &[], now()).unwrap();
    let (status, v) = submit(
        &mut parent,
        &app,
        id,
        "evidence-contract-key-00062",
        &b64(&cms),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("eds.verify.revoked"), "{v}");
    // Nothing was sent: the contract is still a draft, no evidence kept.
    let row = stored(&app, id).await;
    assert_eq!(row.status.0, app::domain::ContractStatus::Draft);
    assert!(row.parent_cms.is_none());
    let db = app.db().await;
    assert!(
        server::db::signature_evidence::of(&db, id as i32, "parent")
            .await
            .unwrap()
            .is_none()
    );
    drop(ocsp);
}

#[tokio::test]
async fn with_the_tsa_and_ocsp_down_the_contract_is_accepted_pending_and_completed_when_the_tsa_is_back()
 {
    let pki = OpenSslPki::new("OPENSSL TEST NCA D");
    let tsa = tsa(&pki).await;
    tsa.up.store(false, std::sync::atomic::Ordering::SeqCst);
    let people = demo_people();
    let iin = people
        .iter()
        .find(|p| p.role == DemoRole::Parent)
        .unwrap()
        .iin
        .clone();
    let head = people
        .iter()
        .find(|p| p.role == DemoRole::Staff)
        .unwrap()
        .clone();
    let (cert, key) = pki.signing_key(&iin, now(), "parent.pem");
    let (head_cert, head_key) =
        pki.head_key(&head.iin, head.bin.as_deref().unwrap(), now(), "head.pem");
    // The OCSP responder does not answer; the CA's current CRL is in the trust directory.
    let crl = pki.crl_der("current");
    let app = app_with(&pki, Some(tsa.url.clone()), Some(nobody().0), Some(crl)).await;
    let (mut parent, id, bytes) = prepared(&app, 0, 63).await;
    let cms = sign_detached(&bytes, &key, &cert, &[], now()).unwrap();
    let (status, v) = submit(
        &mut parent,
        &app,
        id,
        "evidence-contract-key-00063",
        &b64(&cms),
    )
    .await;
    assert_eq!(status, 200, "the submission is not lost: {v}");
    let c = card(&mut parent, &app, id).await;
    assert_eq!(c.summary.status, ContractStatus::SentForSigning);
    assert_eq!(
        c.parent_signature.as_ref().map(|s| &s.evidence),
        Some(&EvidenceView::Pending),
        "{c:?}"
    );

    // The kindergarten waits for the parent's evidence.
    let mut staff = Browser::login_as(&app, &head.iin).await;
    let staff_cms = b64(&sign_detached(&bytes, &head_key, &head_cert, &[], now()).unwrap());
    let (status, v) = staff
        .call(
            &app,
            "/api/staff/sign",
            &[("id", &id.to_string()), ("cms_base64", &staff_cms)],
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("contract.evidence_pending"), "{v}");

    // The TSA is back: the background job completes the evidence, no restart. The status
    // comes from the CRL (the OCSP responder is still down).
    tsa.up.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut done = None;
    for _ in 0..100 {
        let c = card(&mut parent, &app, id).await;
        if timestamped(&c.parent_signature).is_some() {
            done = Some(c);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let by_ocsp = done
        .as_ref()
        .and_then(|c| timestamped(&c.parent_signature))
        .map(|(_, by_ocsp)| by_ocsp);
    assert_eq!(by_ocsp, Some(Some(false)), "{done:?}");
    let row = stored(&app, id).await;
    assert!(
        timestamp::embedded_token(row.parent_cms.as_ref().unwrap())
            .unwrap()
            .is_some()
    );
    let (status, v) = staff
        .call(
            &app,
            "/api/staff/sign",
            &[("id", &id.to_string()), ("cms_base64", &staff_cms)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    // The package keeps the CRL as the evidence and verifies offline.
    let package = server::package::export(&app.db().await, id as i32)
        .await
        .unwrap();
    assert!(
        package
            .parent_evidence
            .as_ref()
            .unwrap()
            .crl_base64
            .is_some()
    );
    let trust = server::pki::Trust::load_dir(&app.app.dir.join("trust"), true).unwrap();
    let reports = server::package::verify(&trust, &package).unwrap();
    let text = reports[0].outcome.as_ref().expect("valid");
    assert!(text.contains("kept CRL"), "{text}");
}

#[tokio::test]
async fn a_status_check_that_later_finds_the_key_revoked_before_the_submission_refuses_the_contract()
 {
    let pki = OpenSslPki::new("OPENSSL TEST NCA L");
    let tsa = tsa(&pki).await;
    let people = demo_people();
    let iin = people
        .iter()
        .find(|p| p.role == DemoRole::Parent)
        .unwrap()
        .iin
        .clone();
    let (cert, key) = pki.signing_key(&iin, now(), "parent.pem");
    // The CA has already revoked the key, but its OCSP responder is down and the service has
    // no CRL of it: the submission is accepted with its evidence pending.
    pki.revoke("parent.pem");
    let (ocsp_url, port) = nobody();
    let app = app_with(&pki, Some(tsa.url.clone()), Some(ocsp_url), None).await;
    let (mut parent, id, bytes) = prepared(&app, 0, 64).await;
    let cms = sign_detached(&bytes, &key, &cert, &[], now()).unwrap();
    let (status, v) = submit(
        &mut parent,
        &app,
        id,
        "evidence-contract-key-00064",
        &b64(&cms),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        card(&mut parent, &app, id)
            .await
            .parent_signature
            .map(|s| s.evidence),
        Some(EvidenceView::Pending)
    );

    // The responder comes back and says "revoked" (since before the submission): the
    // contract is refused with the reason, the parent told, the place theirs again, audited.
    let ocsp = ocsp_responder_on(&pki, port).await;
    let mut refused = None;
    for _ in 0..100 {
        let c = card(&mut parent, &app, id).await;
        if c.summary.status == ContractStatus::SignatureRevoked {
            refused = Some(c);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let evidence = refused
        .as_ref()
        .and_then(|c| c.parent_signature.as_ref())
        .map(|s| &s.evidence);
    assert_eq!(evidence, Some(&EvidenceView::Revoked), "{refused:?}");
    let (_, notes) = parent.call(&app, "/api/cabinet/notifications", &[]).await;
    assert!(notes.to_string().contains("кері қайтарылған"), "{notes}");
    let (_, r) = parent.call(&app, "/api/cabinet/referrals", &[]).await;
    let referrals: Vec<ReferralView> = answer(&r);
    assert_eq!(referrals[0].status, ReferralStatus::Active, "{r}");
    let db = app.db().await;
    let audited = server::db::entities::audit_log::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .any(|e| e.action == "contract.signature_revoked");
    assert!(audited);
    drop(ocsp);
}

#[test]
fn openssl_tokens_are_checked_imprint_nonce_and_a_tsa_that_does_not_chain() {
    let pki = OpenSslPki::new("OPENSSL TEST NCA T");
    let stranger = OpenSslPki::new("OPENSSL STRANGER CA");
    let mut store = app::eds::trust::TrustStore::new(Vec::new(), Vec::new());
    store.add_file(&pki.ca_pem).unwrap();
    let signature = b"the signature value of a contract CMS";
    let nonce = [7u8; 8];
    let query = timestamp::request(signature, Some("1.2.398.3.3.2.6.1".parse().unwrap()), nonce);
    let token = timestamp::token_of_response(&pki.ts_reply(&query)).unwrap();
    let sent = timestamp::nonce_bytes(nonce);
    let v = timestamp::verify_token(&token, signature, &store, Some(&sent)).unwrap();
    assert_eq!(v.policy, "1.2.398.3.3.2.6.1");
    assert!((v.gen_time_unix - now()).abs() < 120);
    // Another signature, another nonce.
    assert_eq!(
        timestamp::verify_token(&token, b"another signature", &store, None),
        Err(timestamp::TimestampError::WrongSignature)
    );
    assert_eq!(
        timestamp::verify_token(
            &token,
            signature,
            &store,
            Some(&timestamp::nonce_bytes([9; 8]))
        ),
        Err(timestamp::TimestampError::WrongSignature)
    );
    // A TSA under a CA the service does not trust.
    let foreign = timestamp::token_of_response(&stranger.ts_reply(&query)).unwrap();
    assert_eq!(
        timestamp::verify_token(&foreign, signature, &store, Some(&sent)),
        Err(timestamp::TimestampError::UntrustedTsa)
    );
}

/// The latency the evidence adds to a submission (timestamp from OpenSSL's TSA through its
/// HTTP wrapper, which starts one `openssl ts -reply` per request; the signer's status from
/// `openssl ocsp`), 200 times each on loopback. Run by `bench/evidence-latency.sh`, which
/// writes the table rows to `EKG_EVIDENCE_LATENCY_OUT`.
#[tokio::test]
#[ignore = "benchmark: bench/evidence-latency.sh"]
async fn added_latency_of_timestamp_and_ocsp() {
    let pki = OpenSslPki::new("OPENSSL BENCH NCA");
    let tsa = tsa(&pki).await;
    let t0 = now();
    let (cert, key) = pki.signing_key("900315401233", t0, "parent.pem");
    let ocsp = ocsp_responder(&pki).await;
    let mut store = app::eds::trust::TrustStore::new(Vec::new(), Vec::new());
    store.add_file(&pki.ca_pem).unwrap();
    let trust = server::pki::Trust::from_store(store.clone());
    let content = b"canonical bytes of a contract";
    let cms = sign_detached(content, &key, &cert, &[], t0).unwrap();
    let verified = app::eds::cms_verify::verify_detached(
        &cms,
        content,
        &store,
        app::eds::purpose::Purpose::Signing,
        t0,
    )
    .unwrap();
    let config = |tsa_url: Option<String>, ocsp_url: Option<String>| {
        server::pki::evidence::EvidenceClient::new(server::pki::evidence::EvidenceConfig {
            tsa_url,
            ocsp_url,
            timeout: std::time::Duration::from_secs(10),
            retry_every: std::time::Duration::from_secs(60),
            ..Default::default()
        })
    };
    let mut rows = String::new();
    for (name, client) in [
        ("timestamp (TSA)", config(Some(tsa.url.clone()), None)),
        ("status (OCSP)", config(None, Some(ocsp.url.clone()))),
        (
            "timestamp + status",
            config(Some(tsa.url.clone()), Some(ocsp.url.clone())),
        ),
    ] {
        let mut ms = Vec::new();
        for _ in 0..200 {
            let start = std::time::Instant::now();
            let got = client
                .collect(&trust.store(), &cms, &verified, t0, now())
                .await
                .unwrap();
            ms.push(start.elapsed().as_secs_f64() * 1000.0);
            assert!(got.pending.is_none(), "{:?}", got.pending);
        }
        ms.sort_by(|a, b| a.total_cmp(b));
        let p = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
        rows.push_str(&format!(
            "| {name} | {} | {:.1} ms | {:.1} ms |\n",
            ms.len(),
            p(0.5),
            p(0.99)
        ));
    }
    print!("{rows}");
    if let Ok(out) = std::env::var("EKG_EVIDENCE_LATENCY_OUT") {
        std::fs::write(out, rows).unwrap();
    }
    drop(ocsp);
}
