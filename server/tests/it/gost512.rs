//! The national CA's current key format on the server: one `GOST512_…` file (GOST R 34.10-2015
//! 512-bit, Streebog-512) for logging in and for signing — a parent logs in with it, checks
//! it at wizard step 2, signs the contract with it; staff sign with their organisation's
//! GOST512 file. And the national CA's GOST 2022 *test* root is honoured only when configured
//! as a test anchor.

use crate::common::{
    Browser, DemoApp, canonical, canonical_of, filled_draft, parent_with_referral, prepare,
    prepared, sign_bytes, sign_with, spawn_demo_app, submit,
};
use app::api::DemoRole;

/// The demo person's single GOST512 file.
fn gost_file(app: &DemoApp, iin: &str) -> String {
    let person = app.people.iter().find(|p| p.iin == iin).unwrap();
    let key = person.keys.iter().find(|k| k.both).expect("a GOST512 file");
    assert!(key.file.starts_with("GOST512_"), "{}", key.file);
    key.file.clone()
}

#[tokio::test]
async fn a_parent_logs_in_checks_and_signs_the_contract_with_one_gost512_file() {
    let app = spawn_demo_app().await;
    let iin = app.iin_of(DemoRole::Parent, 0);
    let file = gost_file(&app, &iin);

    // Log in with the GOST512 file.
    let mut b = Browser::new();
    let (id, text) = b.challenge(&app).await;
    let (status, body) = b.login(&app, &id, &sign_with(&app, &file, &text)).await;
    assert_eq!(status, 200, "{body}");
    let (status, me) = b.call(&app, "/api/auth/me", &[]).await;
    assert_eq!(status, 200, "{me}");
    assert!(me.to_string().contains(&iin), "{me}");

    // The whole wizard with the same file (step 2 check and step 6 signature).
    let (mut parent, referral) = parent_with_referral(&app, 0, 41).await;
    let (id, text) = parent.challenge_for(&app, "WizardCheck").await;
    let (status, body) = parent
        .send_signature(
            &app,
            "/api/auth/wizard-check",
            &id,
            &sign_with(&app, &file, &text),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let draft = filled_draft(&parent, &app, referral).await;
    let (status, v) = prepare(&parent, &app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let ready = prepared(&v);
    let contract = i64::from(ready.contract_id);
    let cms = sign_bytes(&app, &file, &canonical_of(&ready));
    let (status, v) = submit(&mut parent, &app, contract, "gost512-submit-0001", &cms).await;
    assert_eq!(status, 200, "{v}");

    // The kindergarten's employee signs with the organisation's GOST512 file.
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let staff_file = gost_file(&app, &staff_iin);
    let mut staff = Browser::new();
    let (id, text) = staff.challenge(&app).await;
    let (status, body) = staff
        .login(&app, &id, &sign_with(&app, &staff_file, &text))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, view) = staff
        .call(
            &app,
            "/api/staff/contract",
            &[("id", &contract.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{view}");
    let bytes = canonical(&view);
    let (status, v) = staff
        .call(
            &app,
            "/api/staff/sign",
            &[
                ("id", &contract.to_string()),
                ("cms_base64", &sign_bytes(&app, &staff_file, &bytes)),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "signed_by_kindergarten");

    // The parent's card shows both GOST signatures.
    let (_, card) = parent
        .call(&app, "/api/contract/card", &[("id", &contract.to_string())])
        .await;
    assert_eq!(
        card["summary"]["status"], "signed_by_kindergarten",
        "{card}"
    );
}

fn kalkan(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/../app/fixtures/nca/kalkan/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The real Kalkan CMS of a test individual (IIN 123456789011, which fails the control
/// digit): accepted when the national CA's test root sits in `trust/test-anchors/`, refused
/// when the same root is configured as a production anchor.
#[test]
fn the_national_cas_test_root_counts_only_as_a_test_anchor() {
    let doc = kalkan("cms/individual_document.txt");
    let cms = kalkan("cms/individual_detached.der");
    let at = 1_784_538_546; // 2026-07-20 09:09:06 UTC, a minute after the signing time
    // The fixture CRLs expired in October 2025, before this signature was made: with them the
    // revocation status is unknown (checked below); the anchors alone are used here.
    let certs = ["root_test_gost_2022.cer", "nca_gost2022_test.cer"];

    let test_dir = scratch_dir("test");
    let anchors = test_dir.join(server::pki::TEST_ANCHORS_DIR);
    std::fs::create_dir_all(&anchors).unwrap();
    for f in certs {
        std::fs::write(anchors.join(f), kalkan(&format!("certs/{f}"))).unwrap();
    }
    // Outside demo mode the server refuses to start with test anchors at all.
    let refusal = server::pki::Trust::load_dir(&test_dir, false)
        .err()
        .unwrap()
        .to_string();
    assert!(
        refusal.contains("test-anchors") && refusal.contains("EKG_DEMO=1"),
        "{refusal}"
    );
    let trust = server::pki::Trust::load_dir(&test_dir, true).unwrap();
    let v = trust
        .verify(&cms, &doc, app::eds::Purpose::Signing, at)
        .expect("accepted under the test anchor");
    assert!(v.under_test_anchor);
    for crl in ["nca_gost2022_test.crl", "nca_gost2022_d_test.crl"] {
        std::fs::write(anchors.join(crl), kalkan(&format!("certs/{crl}"))).unwrap();
    }
    let stale = server::pki::Trust::load_dir(&test_dir, true).unwrap();
    assert_eq!(
        stale
            .verify(&cms, &doc, app::eds::Purpose::Signing, at)
            .err(),
        Some("eds.verify.revocation_unavailable")
    );

    let prod_dir = scratch_dir("production");
    for f in certs {
        std::fs::write(prod_dir.join(f), kalkan(&format!("certs/{f}"))).unwrap();
    }
    let trust = server::pki::Trust::load_dir(&prod_dir, false).unwrap();
    assert_eq!(
        trust
            .verify(&cms, &doc, app::eds::Purpose::Signing, at)
            .err(),
        Some("eds.verify.invalid_holder_id")
    );
    let _ = std::fs::remove_dir_all(test_dir);
    let _ = std::fs::remove_dir_all(prod_dir);
}

/// A fresh empty directory under the system's temporary directory.
fn scratch_dir(label: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ekg-gost512-{label}-{}-{}",
        std::process::id(),
        app::session::random_token()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
