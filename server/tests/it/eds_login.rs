//! A parent enters the cabinet with the AUTH key: the browser's part (open the key file, sign
//! the challenge) runs here natively with the same code the WASM build runs.

use crate::common::{Browser, Server, sign_with, spawn_demo_app};
use app::eds::cms_sign::sign_detached;

/// Another server started on an existing data directory.
struct Plain {
    addr: std::net::SocketAddr,
    client: reqwest::Client,
}

impl Server for Plain {
    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

#[tokio::test]
async fn a_parent_logs_in_with_the_auth_key_and_the_cabinet_knows_their_iin() {
    let app = spawn_demo_app().await;
    let parent = app.parent();
    let mut browser = Browser::new();
    let (id, text) = browser.challenge(&app).await;
    assert!(text.starts_with("EKG-AUTH/1\n"));
    let cms = sign_with(&app, &parent.auth_file, &text);
    let (status, body) = browser.login(&app, &id, &cms).await;
    assert_eq!(status, 200, "{body}");
    let user: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(user["iin"], parent.iin.as_str());
    // Names come from the certificate, upper-cased as the national CA writes them.
    assert_eq!(user["first_name"], "АЙГЕРІМ");
    assert_eq!(user["patronymic"], "СЕРІКҚЫЗЫ");
    assert!(browser.cookies.iter().any(|(k, _)| k == "ekg_session"));

    let (status, body) = browser.post(&app, "/api/auth/me", String::new()).await;
    assert_eq!(status, 200);
    assert!(body.contains(&parent.iin));

    // The same challenge cannot be used twice.
    let (status, body) = browser.login(&app, &id, &cms).await;
    assert_ne!(status, 200);
    assert!(body.contains("auth.challenge_used"), "{body}");

    // Signing out ends the session on the server too.
    let (status, _) = browser.post(&app, "/api/auth/logout", String::new()).await;
    assert_eq!(status, 200);
    let (_, body) = browser.post(&app, "/api/auth/me", String::new()).await;
    assert_eq!(body.trim(), "null");
}

#[tokio::test]
async fn a_challenge_signed_in_one_browser_is_useless_in_another() {
    let app = spawn_demo_app().await;
    let parent = app.parent();
    let mut mine = Browser::new();
    let (id, text) = mine.challenge(&app).await;
    let cms = sign_with(&app, &parent.auth_file, &text);
    let mut other = Browser::new();
    let _ = other.challenge(&app).await; // the other browser has its own binding
    let (status, body) = other.login(&app, &id, &cms).await;
    assert_ne!(status, 200);
    assert!(body.contains("auth.challenge_unknown"), "{body}");
}

#[tokio::test]
async fn the_signing_key_is_refused_for_login_and_nothing_is_created() {
    let app = spawn_demo_app().await;
    let parent = app.parent();
    let mut browser = Browser::new();
    let (id, text) = browser.challenge(&app).await;
    let cms = sign_with(&app, &parent.sign_file, &text);
    let (status, body) = browser.login(&app, &id, &cms).await;
    assert_ne!(status, 200);
    assert!(body.contains("eds.verify.wrong_key_usage"), "{body}");
    assert!(!browser.cookies.iter().any(|(k, _)| k == "ekg_session"));
}

#[tokio::test]
async fn a_key_from_an_unknown_certification_authority_is_refused() {
    use app::eds::demo_pki::{DemoCa, PersonSpec};
    use app::eds::purpose::Purpose;
    let app = spawn_demo_app().await;
    let now = app.now();
    let stranger_ca = DemoCa::new_root("STRANGER ROOT", now - 86_400, now + 86_400 * 30).unwrap();
    let (cert, key) = stranger_ca
        .issue_person(&PersonSpec {
            surname: "Бөтен".into(),
            first_name: "Адам".into(),
            patronymic: None,
            iin: app.parent().iin.clone(),
            email: None,
            purpose: Purpose::Authentication,
            not_before: now - 60,
            not_after: now + 86_400,
            wrong_key_usage: false,
        })
        .unwrap();
    let mut browser = Browser::new();
    let (id, text) = browser.challenge(&app).await;
    let cms = sign_detached(
        text.as_bytes(),
        &key,
        &cert,
        &[stranger_ca.certificate().clone()],
        now,
    )
    .unwrap();
    let (status, body) = browser.login(&app, &id, &cms).await;
    assert_ne!(status, 200);
    assert!(body.contains("eds.verify.untrusted_chain"), "{body}");
}

#[tokio::test]
async fn garbage_instead_of_a_signature_gets_a_clear_code() {
    let app = spawn_demo_app().await;
    let mut browser = Browser::new();
    let (id, _) = browser.challenge(&app).await;
    let (status, body) = browser.login(&app, &id, b"not a signature").await;
    assert_ne!(status, 200);
    assert!(
        body.contains(r#"{"Invalid":"#),
        "a typed code, not internals: {body}"
    );
    let (status, body) = browser
        .post(
            &app,
            "/api/auth/login",
            format!("challenge_id={id}&cms_base64=%%%"),
        )
        .await;
    assert_ne!(status, 200);
    assert!(!body.to_lowercase().contains("panic"), "{body}");
}

#[tokio::test]
async fn demo_key_files_are_offered_for_download_and_nothing_else_is() {
    let app = spawn_demo_app().await;
    let parent = app.parent();
    let resp = app
        .app
        .client
        .get(app.app.url(&format!("/demo/keys/{}", parent.auth_file)))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/x-pkcs12");
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    for bad in [
        "../ekg.sqlite",
        "manifest.json",
        "RSA256_0000000000000000000000000000000000000000.p12",
    ] {
        let resp = app
            .app
            .client
            .get(app.app.url(&format!("/demo/keys/{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{bad}");
    }
    let html = app
        .app
        .client
        .get(app.app.url("/demo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&parent.iin));
    assert!(html.contains("Qwerty12"));
}

#[tokio::test]
async fn at_wizard_step_two_only_the_cabinet_owners_own_auth_key_is_accepted() {
    use app::api::DemoRole;
    let app = spawn_demo_app().await;
    let parent = app.parent();
    let mut browser = Browser::new();

    // Not signed in: no wizard check at all.
    let (status, body) = browser
        .post(&app, "/api/auth/challenge", "purpose=WizardCheck".into())
        .await;
    assert_ne!(status, 200);
    assert!(body.contains("Unauthenticated"), "{body}");

    let (id, text) = browser.challenge(&app).await;
    let (status, _) = browser
        .login(&app, &id, &sign_with(&app, &parent.auth_file, &text))
        .await;
    assert_eq!(status, 200);

    // Someone else's AUTH key (the other demo parent's): a clear refusal.
    let other = app
        .people
        .iter()
        .filter(|p| p.role == DemoRole::Parent)
        .nth(1)
        .expect("a second demo parent");
    let other_auth = other.keys.iter().find(|k| !k.signing).unwrap().file.clone();
    let (id, text) = browser.challenge_for(&app, "WizardCheck").await;
    let (status, body) = browser
        .send_signature(
            &app,
            "/api/auth/wizard-check",
            &id,
            &sign_with(&app, &other_auth, &text),
        )
        .await;
    assert_ne!(status, 200);
    assert!(body.contains("auth.not_owner"), "{body}");

    // A login challenge cannot stand in for a wizard check.
    let (id, text) = browser.challenge(&app).await;
    let (status, body) = browser
        .send_signature(
            &app,
            "/api/auth/wizard-check",
            &id,
            &sign_with(&app, &parent.auth_file, &text),
        )
        .await;
    assert_ne!(status, 200);
    assert!(body.contains("auth.challenge_unknown"), "{body}");

    // Their own key: identified.
    let (id, text) = browser.challenge_for(&app, "WizardCheck").await;
    let (status, body) = browser
        .send_signature(
            &app,
            "/api/auth/wizard-check",
            &id,
            &sign_with(&app, &parent.auth_file, &text),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&parent.iin));
}

#[tokio::test]
async fn the_demo_kindergarten_employee_signs_in_as_staff_of_kindergarten_one() {
    use app::api::DemoRole;
    let app = spawn_demo_app().await;
    let staff = app
        .people
        .iter()
        .find(|p| p.role == DemoRole::Staff)
        .expect("demo staff");
    let auth = staff.keys.iter().find(|k| !k.signing).unwrap().file.clone();
    let mut browser = Browser::new();
    let (id, text) = browser.challenge(&app).await;
    let (status, body) = browser
        .login(&app, &id, &sign_with(&app, &auth, &text))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, me) = browser.post(&app, "/api/auth/me", String::new()).await;
    let me: serde_json::Value = serde_json::from_str(&me).unwrap();
    assert_eq!(me["roles"][0]["Staff"]["kindergarten_id"], 1, "{me}");
}

#[tokio::test]
async fn after_leaving_demo_mode_the_demo_keys_are_no_longer_trusted() {
    let demo = spawn_demo_app().await;
    let parent = demo.parent();
    // The same data directory, now started for real (EKG_DEMO unset).
    let mut config = server::config::Config::for_dir(&demo.app.dir);
    config.demo = false;
    config.demo_pki = false;
    let (addr, handle) = server::startup::spawn(config).await.unwrap();
    let real = Plain {
        addr,
        client: crate::common::client_builder().build().unwrap(),
    };
    let mut browser = Browser::new();
    let (id, text) = browser.challenge(&real).await;
    let (_, body) = browser
        .login(&real, &id, &sign_with(&demo, &parent.auth_file, &text))
        .await;
    assert!(body.contains("eds.verify.untrusted_chain"), "{body}");
    let demo_page = real
        .client()
        .get(real.url(&format!("/demo/keys/{}", parent.auth_file)))
        .send()
        .await
        .unwrap();
    assert_eq!(demo_page.status(), 404);
    handle.abort();
}
