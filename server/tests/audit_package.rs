//! The audit log is a hash chain the CLI verifies (an edited row is found), and a signed
//! contract exports as one package that `verify` checks offline.
mod common;

use app::documents::fixtures;
use app::pages::demo::model::{DEMO_PASSWORD, DemoRole};
use base64::Engine;
use common::{Browser, DemoApp, Server, parent_with_referral, spawn_demo_app};
use sea_orm::{ConnectionTrait, Statement};

fn sign(app: &DemoApp, iin: &str, bytes: &[u8]) -> String {
    let file = app
        .people
        .iter()
        .find(|p| p.iin == iin)
        .unwrap()
        .keys
        .iter()
        .find(|k| k.signing)
        .unwrap()
        .file
        .clone();
    let p12 = std::fs::read(app.key_path(&file)).unwrap();
    let key = app::eds::key_file::open_key_file(&p12, DEMO_PASSWORD).unwrap();
    let cms = app::eds::cms_sign::sign_detached(
        bytes,
        &key.private_key_pkcs8_der,
        &key.certificate,
        &key.chain,
        app.now(),
    )
    .unwrap();
    base64::engine::general_purpose::STANDARD.encode(cms)
}

/// A contract sent by the first demo parent and signed by the demo kindergarten employee.
async fn signed_contract(app: &DemoApp) -> i64 {
    let (mut parent, referral) = parent_with_referral(app, 0, 41).await;
    let mut draft = serde_json::to_value(app::domain::draft::test_values::contract()).unwrap();
    for kind in ["photo", "health_passport", "health_certificate"] {
        let resp = app
            .client()
            .post(app.url(&format!("/api/documents?referral={referral}&kind={kind}")))
            .header("cookie", parent.header())
            .header("content-type", "image/jpeg")
            .body(fixtures::document_small().bytes)
            .send()
            .await
            .unwrap();
        draft["documents"][kind] = resp.json().await.unwrap();
    }
    let resp = app
        .client()
        .post(app.url("/api/contract/prepare"))
        .header("content-type", "application/json")
        .header("cookie", parent.header())
        .body(serde_json::json!({ "referral_id": referral, "draft": draft }).to_string())
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = resp.json().await.unwrap();
    let ready = &v["Ready"];
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(ready["canonical_base64"].as_str().unwrap())
        .unwrap();
    let id = ready["contract_id"].as_i64().unwrap();
    let parent_iin = app.iin_of(DemoRole::Parent, 0);
    let (status, v) = parent
        .call(
            app,
            "/api/contract/submit",
            &[
                ("contract_id", &id.to_string()),
                ("idempotency_key", "audit-and-package-0001"),
                ("cms_base64", &sign(app, &parent_iin, &bytes)),
                ("acknowledged", "true"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(app, &staff_iin).await;
    let (status, _) = staff
        .call(app, "/api/staff/contract", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200);
    let (status, v) = staff
        .call(
            app,
            "/api/staff/sign",
            &[
                ("id", &id.to_string()),
                ("cms_base64", &sign(app, &staff_iin, &bytes)),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    id
}

fn cli(app: &DemoApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("EKG_DATA_DIR", &app.app.dir)
        .env("EKG_DEMO", "1")
        .env("RUST_LOG", "error")
        .output()
        .expect("the server binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn every_step_is_in_the_audit_chain_and_an_edited_row_is_detected() {
    let app = spawn_demo_app().await;
    let id = signed_contract(&app).await;
    let db = app.db().await;
    let actions: Vec<String> = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT action FROM audit_log ORDER BY id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    for expected in [
        "login",
        "referral.issued",
        "contract.sent",
        "contract.opened",
        "contract.signed",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
    let (ok, out) = cli(&app, &["audit-verify"]);
    assert!(ok, "{out}");
    assert!(out.contains("intact"), "{out}");

    // Someone edits who signed.
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE audit_log SET actor = '000000000000' WHERE action = 'contract.signed' AND subject = 'contract:{id}'"
        ),
    ))
    .await
    .unwrap();
    let (ok, out) = cli(&app, &["audit-verify"]);
    assert!(!ok, "{out}");
    assert!(out.contains("BROKEN") && out.contains("edited"), "{out}");
}

#[tokio::test]
async fn a_signed_contract_exports_as_a_package_that_verifies_offline() {
    let app = spawn_demo_app().await;
    let id = signed_contract(&app).await;
    let file = app.app.dir.join("contract.ekg.json");
    let (ok, out) = cli(
        &app,
        &[
            "export",
            "--contract",
            &id.to_string(),
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = cli(&app, &["verify", file.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains("parent: VALID"), "{out}");
    assert!(out.contains("kindergarten: VALID"), "{out}");
    assert!(out.contains(&app.iin_of(DemoRole::Parent, 0)), "{out}");

    // A changed package: the kindergarten's signature put in the parent's place.
    let mut p: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    p["parent_cms_base64"] = p["kindergarten_cms_base64"].clone();
    let forged = app.app.dir.join("forged.ekg.json");
    std::fs::write(&forged, serde_json::to_vec(&p).unwrap()).unwrap();
    let (ok, out) = cli(&app, &["verify", forged.to_str().unwrap()]);
    assert!(!ok, "{out}");
    assert!(out.contains("parent: NOT VALID"), "{out}");
    // Changed contract bytes.
    let mut p: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    p["canonical_base64"] = base64::engine::general_purpose::STANDARD
        .encode(b"EKG-CONTRACT/1\nnumber=other\n")
        .into();
    std::fs::write(&forged, serde_json::to_vec(&p).unwrap()).unwrap();
    let (ok, _) = cli(&app, &["verify", forged.to_str().unwrap()]);
    assert!(!ok);
}
