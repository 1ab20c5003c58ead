//! A parent identifies with eGov Mobile instead of a key file: the page starts a signing
//! session, the app (the stand-in of `egov_stand_in`) reads the QR code or the launch link,
//! fetches and signs the document, the server checks the signature with the key-file path's
//! verifier, and the page finishes. Every refusal comes with its message and stores nothing.

use crate::common::{
    Browser, DemoApp, Server, TestClock, canonical_of, filled_draft, key_file,
    parent_with_referral, prepare, prepared, spawn_demo_app, spawn_demo_app_with_clock,
};
use crate::egov_stand_in::{AppKey, EgovApp, api1_url, attach, cms_over};
use app::api::DemoRole;

fn key(app: &DemoApp, file: &str) -> AppKey {
    AppKey {
        p12: std::fs::read(app.key_path(file)).unwrap(),
        password: app::api::DEMO_PASSWORD.into(),
        now: app.now(),
    }
}

/// The demo person's AUTH key (`signing == false`), signing key, or single GOST512 file.
fn auth_key(app: &DemoApp, iin: &str) -> AppKey {
    key(app, &key_file(app, iin, false))
}

fn gost_key(app: &DemoApp, iin: &str) -> AppKey {
    let person = app.people.iter().find(|p| p.iin == iin).unwrap();
    let file = person.keys.iter().find(|k| k.both).unwrap().file.clone();
    key(app, &file)
}

/// The page asks for a session for `purpose` (as JSON: `"Login"`, `{"ParentContract":
/// {"contract_id": 5}}`…): the answer's status and JSON, the browser's cookies kept.
async fn start_json(
    b: &mut Browser,
    app: &DemoApp,
    purpose: serde_json::Value,
    acknowledged: bool,
) -> (u16, serde_json::Value) {
    let resp = app
        .client()
        .post(app.url("/api/mobile/start"))
        .header("content-type", "application/json")
        .header("cookie", b.header())
        .body(serde_json::json!({ "purpose": purpose, "acknowledged": acknowledged }).to_string())
        .send()
        .await
        .unwrap();
    b.keep(&resp);
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The page asks for a session: its JSON (`id`, `qr_text`, `app_link`, …).
async fn start(b: &mut Browser, app: &DemoApp, purpose: &str) -> serde_json::Value {
    let (status, v) = start_json(b, app, purpose.into(), false).await;
    assert_eq!(status, 200, "{v}");
    v
}

async fn progress(b: &mut Browser, app: &DemoApp, id: &str) -> (u16, serde_json::Value) {
    b.call(app, "/api/mobile/progress", &[("id", id)]).await
}

async fn state(b: &mut Browser, app: &DemoApp, id: &str) -> String {
    let (status, v) = progress(b, app, id).await;
    assert_eq!(status, 200, "{v}");
    v["state"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_parent_logs_in_by_scanning_the_qr_code_with_egov_mobile() {
    let app = spawn_demo_app().await;
    let iin = app.iin_of(DemoRole::Parent, 0);
    let mut page = Browser::new();
    let session = start(&mut page, &app, "Login").await;
    let id = session["id"].as_str().unwrap();
    let qr = session["qr_text"].as_str().unwrap();
    assert!(qr.starts_with("mobileSign:http://"), "{qr}");
    assert!(qr.ends_with(&format!("/egov/sign/{id}")), "{qr}");
    assert!(
        session["app_link"]
            .as_str()
            .unwrap()
            .starts_with("https://m.egov.kz/mobileSign?link=http%3A%2F%2F")
    );
    assert_eq!(state(&mut page, &app, id).await, "Waiting");

    // The page shows the QR code as an image the server draws.
    let resp = app
        .client()
        .get(app.url(&format!("/egov/sign/{id}/qr.svg")))
        .header("cookie", page.header())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/svg+xml");
    assert_eq!(resp.headers()["cache-control"], "no-store");
    assert!(resp.text().await.unwrap().contains("<svg"));

    // The app reads API №1 in Kazakh, then the document.
    let phone = EgovApp::new("kk");
    let (status, api1) = phone.describe(&api1_url(qr)).await;
    assert_eq!(status, 200, "{api1}");
    assert!(
        api1["description"]
            .as_str()
            .unwrap()
            .contains("жеке кабинетіне кіру")
    );
    assert!(api1["expiry_date"].as_str().unwrap().ends_with("+05:00"));
    assert_eq!(api1["organisation"]["nameKz"], "Электронды балабақша");
    let uri = api1["document"]["uri"].as_str().unwrap();
    let token = api1["document"]["auth_token"].as_str().unwrap();
    let (status, docs) = phone.documents(uri, Some(token)).await;
    assert_eq!(status, 200, "{docs}");
    assert_eq!(docs["signMethod"], "CMS_SIGN_ONLY");
    assert_eq!(state(&mut page, &app, id).await, "Opened");

    // The person confirms in the app: the signature goes back and is accepted.
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &iin))
    });
    let (status, answer) = phone.put_raw(uri, Some(token), body.clone()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["code"], "200");
    assert_eq!(answer["message"], "success");
    assert_eq!(state(&mut page, &app, id).await, "Signed");

    // A second PUT (a replay) is gone; the first one stands.
    let (status, answer) = phone.put_raw(uri, Some(token), body).await;
    assert_eq!(status, 410, "{answer}");
    assert_eq!(answer["code"], "mobile.gone");

    // The page finishes: the cabinet knows the certificate's IIN.
    let (status, user) = page.call(&app, "/api/mobile/login", &[("id", id)]).await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["iin"], iin.as_str());
    assert!(page.cookies.iter().any(|(k, _)| k == "ekg_session"));
    let (_, me) = page.call(&app, "/api/auth/me", &[]).await;
    assert_eq!(me["iin"], iin.as_str());

    // Once only.
    let (status, again) = page.call(&app, "/api/mobile/login", &[("id", id)]).await;
    assert_ne!(status, 200);
    assert!(again.to_string().contains("mobile.gone"), "{again}");
    // And the phone's links are dead now.
    let (status, _) = phone.describe(&api1_url(qr)).await;
    assert_eq!(status, 410);
}

#[tokio::test]
async fn on_the_phone_itself_the_launch_link_works_with_the_gost512_file_and_the_app_may_attach_the_data()
 {
    let app = spawn_demo_app().await;
    let iin = app.iin_of(DemoRole::Parent, 1);
    for method in ["CMS_SIGN_ONLY", "CMS_WITH_DATA", "CMS"] {
        let mut page = Browser::new();
        let session = start(&mut page, &app, "Login").await;
        let id = session["id"].as_str().unwrap().to_string();
        let link = session["app_link"].as_str().unwrap();
        let phone = EgovApp::new("ru");
        let (_, api1) = phone.describe(&api1_url(link)).await;
        assert!(api1["description"].as_str().unwrap().contains("Вход"));
        let uri = api1["document"]["uri"].as_str().unwrap();
        let token = api1["document"]["auth_token"].as_str().unwrap();
        let (_, docs) = phone.documents(uri, Some(token)).await;
        let gost = gost_key(&app, &iin);
        let body = if method == "CMS" {
            // The older form: `documentCms` instead of `document.file.data`.
            let data = base64_of_doc(&docs);
            let cms = cms_over(&data, &gost);
            serde_json::to_vec(&serde_json::json!({
                "signMethod": "CMS", "version": 1,
                "documentsToSign": [{"id": 1, "documentCms": b64(&cms)}]
            }))
            .unwrap()
        } else {
            EgovApp::signed_answer(&docs, method, |d| {
                let cms = cms_over(d, &gost);
                if method == "CMS_WITH_DATA" {
                    attach(&cms, d)
                } else {
                    cms
                }
            })
        };
        let (status, answer) = phone.put_raw(uri, Some(token), body).await;
        assert_eq!(status, 200, "{method}: {answer}");
        let (status, user) = page.call(&app, "/api/mobile/login", &[("id", &id)]).await;
        assert_eq!(status, 200, "{method}: {user}");
        assert_eq!(user["iin"], iin.as_str());
    }
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn base64_of_doc(docs: &serde_json::Value) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(
            docs["documentsToSign"][0]["document"]["file"]["data"]
                .as_str()
                .unwrap(),
        )
        .unwrap()
}

/// A session opened by the page and fetched by the app: (page, id, API №2 URI, token, docs).
async fn opened(
    app: &DemoApp,
    page: &mut Browser,
    purpose: &str,
    phone: &EgovApp,
) -> (String, String, String, serde_json::Value) {
    let session = start(page, app, purpose).await;
    let id = session["id"].as_str().unwrap().to_string();
    let (status, api1) = phone
        .describe(&api1_url(session["qr_text"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200, "{api1}");
    let uri = api1["document"]["uri"].as_str().unwrap().to_string();
    let token = api1["document"]["auth_token"].as_str().unwrap().to_string();
    let (status, docs) = phone.documents(&uri, Some(&token)).await;
    assert_eq!(status, 200, "{docs}");
    (id, uri, token, docs)
}

#[tokio::test]
async fn a_wrong_key_or_other_bytes_are_refused_with_the_reason_and_nobody_is_signed_in() {
    let app = spawn_demo_app().await;
    let iin = app.iin_of(DemoRole::Parent, 0);
    let phone = EgovApp::new("ru");

    // The signing key (not an AUTH key) for logging in.
    let mut page = Browser::new();
    let (id, uri, token, docs) = opened(&app, &mut page, "Login", &phone).await;
    let signing = key(&app, &key_file(&app, &iin, true));
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| cms_over(d, &signing));
    let (status, answer) = phone.put_raw(&uri, Some(&token), body).await;
    assert_eq!(status, 403, "{answer}");
    assert_eq!(answer["code"], "eds.verify.wrong_key_usage");
    assert!(!answer["message"].as_str().unwrap().is_empty());
    let (_, p) = progress(&mut page, &app, &id).await;
    assert_eq!(p["state"], "Refused");
    assert_eq!(p["refusal"], "eds.verify.wrong_key_usage");
    let (status, v) = page.call(&app, "/api/mobile/login", &[("id", &id)]).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("eds.verify.wrong_key_usage"), "{v}");
    assert!(!page.cookies.iter().any(|(k, _)| k == "ekg_session"));

    // A signature over other bytes than the session's document.
    let mut page = Browser::new();
    let (id, uri, token, docs) = opened(&app, &mut page, "Login", &phone).await;
    let auth = auth_key(&app, &iin);
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |_| cms_over(b"other bytes", &auth));
    let (status, answer) = phone.put_raw(&uri, Some(&token), body).await;
    assert_eq!(status, 403, "{answer}");
    assert!(
        answer["code"].as_str().unwrap().starts_with("eds."),
        "{answer}"
    );
    assert_eq!(state(&mut page, &app, &id).await, "Refused");

    // An English-speaking app gets the English text.
    let phone_en = EgovApp::new("en");
    let mut page = Browser::new();
    let (_, uri, token, docs) = opened(&app, &mut page, "Login", &phone_en).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| cms_over(d, &signing));
    let (status, answer) = phone_en.put_raw(&uri, Some(&token), body).await;
    assert_eq!(status, 403);
    assert!(answer["message"].as_str().unwrap().is_ascii(), "{answer}");
}

#[tokio::test]
async fn bad_requests_from_the_phone_are_answered_and_leave_the_session_as_it_was() {
    let app = spawn_demo_app().await;
    let iin = app.iin_of(DemoRole::Parent, 0);
    let phone = EgovApp::new("kk");
    let mut page = Browser::new();
    let (id, uri, token, docs) = opened(&app, &mut page, "Login", &phone).await;
    let good = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &iin))
    });

    // No token, a wrong token: 401, for the document and for the signature.
    assert_eq!(phone.documents(&uri, None).await.0, 401);
    assert_eq!(phone.documents(&uri, Some("0123abcd")).await.0, 401);
    let (status, answer) = phone.put_raw(&uri, None, good.clone()).await;
    assert_eq!(status, 401);
    assert_eq!(answer["code"], "mobile.bad_token");
    assert!(
        answer["message"].as_str().unwrap().contains("рұқсат"),
        "{answer}"
    );
    assert_eq!(
        phone.put_raw(&uri, Some("wrong"), good.clone()).await.0,
        401
    );
    // An app that sends `Origin: null` is not a cross-site page: its token decides.
    let resp = phone
        .client
        .put(&uri)
        .header("origin", "null")
        .bearer_auth("wrong")
        .body(good.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    // A body that is not the protocol's JSON; a sign method we never asked for.
    let (status, answer) = phone
        .put_raw(&uri, Some(&token), b"{\"documentsToSign\": [".to_vec())
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["code"], "mobile.bad_request");
    let xml = EgovApp::signed_answer(&docs, "XML", |d| d.to_vec());
    let (status, answer) = phone.put_raw(&uri, Some(&token), xml).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["code"], "mobile.unsupported_method");
    // 20 MB: refused before it is read.
    let started = std::time::Instant::now();
    let (status, answer) = phone
        .put_raw(&uri, Some(&token), vec![b' '; 20 * 1024 * 1024])
        .await;
    assert_eq!(status, 413, "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    // An unknown session.
    let unknown = uri.replace(&id, "0123456789abcdef0123456789abcdef");
    assert_eq!(
        phone.put_raw(&unknown, Some(&token), good.clone()).await.0,
        404
    );
    assert_eq!(
        phone
            .documents(&uri.replace(&id, "x"), Some(&token))
            .await
            .0,
        404
    );

    // None of it changed the session: the real signature is still accepted.
    assert_eq!(state(&mut page, &app, &id).await, "Opened");
    let (status, answer) = phone.put_raw(&uri, Some(&token), good).await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn a_session_belongs_to_the_browser_that_opened_it_and_to_its_few_minutes() {
    let clock = TestClock::now();
    let app = spawn_demo_app_with_clock(clock.clock()).await;
    let iin = app.iin_of(DemoRole::Parent, 0);
    let phone = EgovApp::new("ru");
    let mut mine = Browser::new();
    let (id, uri, token, docs) = opened(&app, &mut mine, "Login", &phone).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &iin))
    });
    assert_eq!(phone.put_raw(&uri, Some(&token), body).await.0, 200);

    // Another browser learns nothing and cannot finish it (nor see its QR code).
    let mut other = Browser::new();
    let _ = start(&mut other, &app, "Login").await;
    let (status, _) = progress(&mut other, &app, &id).await;
    assert_eq!(status, 404);
    let (status, v) = other.call(&app, "/api/mobile/login", &[("id", &id)]).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("mobile.unknown"), "{v}");
    let qr = app
        .client()
        .get(app.url(&format!("/egov/sign/{id}/qr.svg")))
        .header("cookie", other.header())
        .send()
        .await
        .unwrap();
    assert_eq!(qr.status(), 404);
    assert!(!other.cookies.iter().any(|(k, _)| k == "ekg_session"));
    // The browser that opened it still can.
    let (status, _) = mine.call(&app, "/api/mobile/login", &[("id", &id)]).await;
    assert_eq!(status, 200);

    // A session whose minutes ran out: the phone is told it is gone, the page that it expired.
    let mut page = Browser::new();
    let (id, uri, token, docs) = opened(&app, &mut page, "Login", &phone).await;
    clock.0.fetch_add(
        server::config::defaults::MOBILE_SIGN_SECONDS,
        std::sync::atomic::Ordering::SeqCst,
    );
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &iin))
    });
    let (status, answer) = phone.put_raw(&uri, Some(&token), body).await;
    assert_eq!(status, 410, "{answer}");
    assert_eq!(answer["code"], "mobile.expired");
    let (status, p) = progress(&mut page, &app, &id).await;
    assert_eq!(status, 200);
    assert_eq!(p["expired"], true);
    assert_eq!(p["seconds_left"], 0);
    let (status, v) = page.call(&app, "/api/mobile/login", &[("id", &id)]).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("mobile.expired"), "{v}");
}

#[tokio::test]
async fn wizard_step_2_through_egov_mobile_takes_only_the_cabinet_owners_personal_key() {
    let app = spawn_demo_app().await;
    let (mut parent, _referral) = parent_with_referral(&app, 0, 61).await;
    let owner = app.iin_of(DemoRole::Parent, 0);
    let someone_else = app.iin_of(DemoRole::Parent, 1);
    let phone = EgovApp::new("kk");

    // Without a signed-in person there is no wizard session.
    let mut stranger = Browser::new();
    let (status, _) = start_json(&mut stranger, &app, "WizardCheck".into(), false).await;
    assert_eq!(status, 401);

    // Someone else's key: refused when it arrives, with the reason.
    let (id, uri, token, docs) = opened(&app, &mut parent, "WizardCheck", &phone).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &someone_else))
    });
    let (status, answer) = phone.put_raw(&uri, Some(&token), body).await;
    assert_eq!(status, 403, "{answer}");
    assert_eq!(answer["code"], "auth.not_owner");
    assert!(
        answer["message"].as_str().unwrap().contains("ЭЦҚ"),
        "{answer}"
    );
    let (status, v) = parent
        .call(&app, "/api/mobile/wizard-check", &[("id", &id)])
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("auth.not_owner"), "{v}");

    // An organisation's key (an employee's, with a BIN) is not a parent's.
    let org_iin = app.iin_of(DemoRole::Employee, 0);
    let (_, uri, token, docs) = opened(&app, &mut parent, "WizardCheck", &phone).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &org_iin))
    });
    let (status, answer) = phone.put_raw(&uri, Some(&token), body).await;
    assert_eq!(status, 403, "{answer}");
    assert!(
        answer["code"].as_str().unwrap().starts_with("eds.party"),
        "{answer}"
    );

    // A log-in session cannot stand in for the wizard's check.
    let (login_id, uri, token, docs) = opened(&app, &mut parent, "Login", &phone).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &owner))
    });
    assert_eq!(phone.put_raw(&uri, Some(&token), body).await.0, 200);
    let (status, _) = parent
        .call(&app, "/api/mobile/wizard-check", &[("id", &login_id)])
        .await;
    assert_ne!(status, 200);

    // The owner's own key: the step passes.
    let (id, uri, token, docs) = opened(&app, &mut parent, "WizardCheck", &phone).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| {
        cms_over(d, &auth_key(&app, &owner))
    });
    assert_eq!(phone.put_raw(&uri, Some(&token), body).await.0, 200);
    let (status, who) = parent
        .call(&app, "/api/mobile/wizard-check", &[("id", &id)])
        .await;
    assert_eq!(status, 200, "{who}");
    assert_eq!(who["iin"], owner.as_str());
}

/// A session for `purpose` opened by `b`, fetched by the app and signed with `key`: the
/// session's id and the `PUT`'s status and answer.
async fn signed_session(
    app: &DemoApp,
    b: &mut Browser,
    purpose: serde_json::Value,
    key: &AppKey,
) -> (String, u16, serde_json::Value) {
    let (status, session) = start_json(b, app, purpose, true).await;
    assert_eq!(status, 200, "{session}");
    let id = session["id"].as_str().unwrap().to_string();
    let phone = EgovApp::new("ru");
    let (status, answer) = phone
        .sign_session(session["qr_text"].as_str().unwrap(), key)
        .await;
    (id, status, answer)
}

/// The contract's status as the database holds it.
async fn status_of(app: &DemoApp, id: i32) -> app::domain::ContractStatus {
    use sea_orm::EntityTrait;
    server::db::entities::contracts::Entity::find_by_id(id)
        .one(&app.db().await)
        .await
        .unwrap()
        .expect("the contract")
        .status
        .0
}

#[tokio::test]
async fn the_parent_signs_the_contract_in_egov_mobile_and_the_kindergarten_in_egov_business() {
    let app = spawn_demo_app().await;
    let parent_iin = app.iin_of(DemoRole::Parent, 0);
    let other_parent = app.iin_of(DemoRole::Parent, 1);
    let head_iin = app.iin_of(DemoRole::Staff, 0);
    let (mut parent, referral) = parent_with_referral(&app, 0, 62).await;
    let draft = filled_draft(&parent, &app, referral).await;
    let (status, v) = prepare(&parent, &app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let ready = prepared(&v);
    let contract = ready.contract_id;
    let purpose = serde_json::json!({ "ParentContract": { "contract_id": contract } });

    // The box «I have read the contract» first, as with a key file.
    let (status, v) = start_json(&mut parent, &app, purpose.clone(), false).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("contract.not_acknowledged"), "{v}");
    // Another parent cannot open a session for this contract.
    let mut stranger = Browser::login_as(&app, &other_parent).await;
    let (status, _) = start_json(&mut stranger, &app, purpose.clone(), true).await;
    assert_ne!(status, 200);

    // The app shows the contract's number and gets exactly the canonical bytes.
    let (status, session) = start_json(&mut parent, &app, purpose.clone(), true).await;
    assert_eq!(status, 200, "{session}");
    let phone = EgovApp::new("kk");
    let (_, api1) = phone
        .describe(&api1_url(session["qr_text"].as_str().unwrap()))
        .await;
    assert!(
        api1["description"]
            .as_str()
            .unwrap()
            .contains(&ready.number),
        "{api1}"
    );
    let uri = api1["document"]["uri"].as_str().unwrap();
    let token = api1["document"]["auth_token"].as_str().unwrap();
    let (_, docs) = phone.documents(uri, Some(token)).await;
    assert_eq!(base64_of_doc(&docs), canonical_of(&ready));
    // Signed with another parent's key: refused, the contract stays a draft.
    let other_key = key(&app, &key_file(&app, &other_parent, true));
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| cms_over(d, &other_key));
    let (status, answer) = phone.put_raw(uri, Some(token), body).await;
    assert_eq!(status, 403, "{answer}");
    assert!(
        answer["code"].as_str().unwrap().starts_with("eds.party"),
        "{answer}"
    );
    assert_eq!(
        status_of(&app, contract).await,
        app::domain::ContractStatus::Draft
    );

    // The parent's own signing key: the contract goes to the kindergarten.
    let own_key = key(&app, &key_file(&app, &parent_iin, true));
    let (id, status, answer) = signed_session(&app, &mut parent, purpose.clone(), &own_key).await;
    assert_eq!(status, 200, "{answer}");
    let (status, receipt) = parent
        .call(
            &app,
            "/api/mobile/contract-sent",
            &[("id", &id), ("contract_id", &contract.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{receipt}");
    assert_eq!(receipt["number"], ready.number.as_str());
    assert_eq!(
        status_of(&app, contract).await,
        app::domain::ContractStatus::SentForSigning
    );
    // A sent contract gets no new session.
    let (status, _) = start_json(&mut parent, &app, purpose, true).await;
    assert_ne!(status, 200);

    // The kindergarten's head signs in eGov Business with the organisation's key.
    let mut head = Browser::login_as(&app, &head_iin).await;
    let staff_purpose = serde_json::json!({ "StaffContract": { "contract_id": contract } });
    let (_, session) = start_json(&mut head, &app, staff_purpose.clone(), false).await;
    assert!(
        session["app_link"]
            .as_str()
            .unwrap()
            .starts_with("https://m.egov.kz/businessSign?link="),
        "{session}"
    );
    // A parent's personal key is not the kindergarten's.
    let (_, status, answer) =
        signed_session(&app, &mut head, staff_purpose.clone(), &own_key).await;
    assert_eq!(status, 403, "{answer}");
    let head_key = key(&app, &key_file(&app, &head_iin, true));
    let (id, status, answer) = signed_session(&app, &mut head, staff_purpose, &head_key).await;
    assert_eq!(status, 200, "{answer}");
    let (status, summary) = head
        .call(
            &app,
            "/api/mobile/staff-signed",
            &[("id", &id), ("contract_id", &contract.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["status"], "signed_by_kindergarten");
    // Finishing again (an answer lost on the way) gives the same contract.
    let (status, again) = head
        .call(
            &app,
            "/api/mobile/staff-signed",
            &[("id", &id), ("contract_id", &contract.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "signed_by_kindergarten");
    assert_eq!(
        status_of(&app, contract).await,
        app::domain::ContractStatus::SignedByKindergarten
    );
}

#[tokio::test]
async fn two_signatures_sent_at_once_act_once_and_a_cancelled_or_taken_code_is_dead() {
    let app = spawn_demo_app().await;
    let head_iin = app.iin_of(DemoRole::Staff, 0);
    let (_parent, _referral, contract) = crate::common::sent_contract(&app, 0, 63).await;
    let contract = contract as i32;
    let mut head = Browser::login_as(&app, &head_iin).await;
    let purpose = serde_json::json!({ "StaffContract": { "contract_id": contract } });
    let head_key = key(&app, &key_file(&app, &head_iin, true));

    // A code read by a second device (someone who saw the screen) gets nothing.
    let phone = EgovApp::new("ru");
    let (id, uri, token, docs) = opened(&app, &mut head, "Login", &phone).await;
    let _ = (uri, token, docs);
    let (status, session) = start_json(&mut head, &app, purpose.clone(), false).await;
    assert_eq!(status, 200, "{session}");
    let qr = session["qr_text"].as_str().unwrap().to_string();
    let (status, api1) = phone.describe(&api1_url(&qr)).await;
    assert_eq!(status, 200, "{api1}");
    let (status, again) = EgovApp::new("kk").describe(&api1_url(&qr)).await;
    assert_eq!(status, 410, "{again}");
    assert_eq!(again["code"], "mobile.taken");
    // The page cancels the login session it opened first: its code is dead for the app.
    let (status, _) = head.call(&app, "/api/mobile/cancel", &[("id", &id)]).await;
    assert_eq!(status, 200);
    let (_, p) = progress(&mut head, &app, &id).await;
    assert_eq!(p["state"], "Refused");
    assert_eq!(p["refusal"], "mobile.cancelled");

    // The app sends the kindergarten's signature twice at once (a retry after a timeout): one
    // acts, the other is gone; the contract is signed once and the page finishes.
    let uri = api1["document"]["uri"].as_str().unwrap().to_string();
    let token = api1["document"]["auth_token"].as_str().unwrap().to_string();
    let (_, docs) = phone.documents(&uri, Some(&token)).await;
    let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| cms_over(d, &head_key));
    let (a, b) = tokio::join!(
        phone.put_raw(&uri, Some(&token), body.clone()),
        phone.put_raw(&uri, Some(&token), body.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 410], "{a:?} {b:?}");
    let sid = session["id"].as_str().unwrap();
    let (status, summary) = head
        .call(
            &app,
            "/api/mobile/staff-signed",
            &[("id", sid), ("contract_id", &contract.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary["status"], "signed_by_kindergarten");
    let events = crate::common::count(
        &app.db().await,
        &format!(
            "SELECT COUNT(*) FROM contract_events WHERE contract_id = {contract} AND to_status = 'signed_by_kindergarten'"
        ),
    )
    .await;
    assert_eq!(events, 1);
}

#[tokio::test]
async fn an_employee_whose_role_was_withdrawn_meanwhile_cannot_sign_with_the_open_code() {
    let app = spawn_demo_app().await;
    let (_parent, _referral, contract) = crate::common::sent_contract(&app, 0, 64).await;
    let contract = contract as i32;
    let head_iin = app.iin_of(DemoRole::Staff, 0);
    let employee = app.iin_of(DemoRole::Employee, 0);
    // The head appoints the employee; the employee opens a code for eGov Business.
    let mut head = Browser::login_as(&app, &head_iin).await;
    let (_, kgs) = head.call(&app, "/api/staff/people", &[]).await;
    let kgs: Vec<app::api::KindergartenStaff> = crate::common::answer(&kgs);
    let kg = kgs[0].kindergarten_id.to_string();
    let (status, v) = head
        .call(
            &app,
            "/api/staff/grant",
            &[("kindergarten_id", &kg), ("iin", &employee)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let mut emp = Browser::login_as(&app, &employee).await;
    let purpose = serde_json::json!({ "StaffContract": { "contract_id": contract } });
    let (status, session) = start_json(&mut emp, &app, purpose, false).await;
    assert_eq!(status, 200, "{session}");
    // The head withdraws the role before the employee confirms in the app.
    let (_, kgs) = head.call(&app, "/api/staff/people", &[]).await;
    let kgs: Vec<app::api::KindergartenStaff> = crate::common::answer(&kgs);
    let role = kgs[0]
        .staff
        .iter()
        .find(|m| m.iin == employee)
        .expect("the employee's role")
        .role_id
        .to_string();
    let (status, v) = head
        .call(
            &app,
            "/api/staff/withdraw",
            &[("kindergarten_id", &kg), ("role_id", &role)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let emp_key = key(&app, &key_file(&app, &employee, true));
    let (status, answer) = EgovApp::new("ru")
        .sign_session(session["qr_text"].as_str().unwrap(), &emp_key)
        .await;
    assert_eq!(status, 403, "{answer}");
    assert_eq!(answer["code"], "mobile.not_yours");
    assert_eq!(
        status_of(&app, contract).await,
        app::domain::ContractStatus::SentForSigning
    );
}

/// `EKG_MOBILE_LOAD_SESSIONS` (default 200) sessions opened at once by as many browsers and
/// completed at once by as many apps: every one signs in exactly once — no signature lost, none
/// counted twice (each replayed `PUT` is gone), the database agrees. Prints the time the phones'
/// part took (p50/p99); `bench/load.sh` runs it in release for the figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_sessions_at_once_each_sign_in_exactly_once() {
    use std::time::{Duration, Instant};
    let n: usize = std::env::var("EKG_MOBILE_LOAD_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let app = std::sync::Arc::new(
        crate::common::spawn_demo_configured(server::clock::system(), false, |c| {
            c.login_attempts_per_10_min = 1_000_000;
        })
        .await,
    );
    let parents = [
        app.iin_of(DemoRole::Parent, 0),
        app.iin_of(DemoRole::Parent, 1),
    ];
    // The two parents' AUTH and GOST512 keys, in turn.
    let keys = std::sync::Arc::new(
        parents
            .iter()
            .flat_map(|iin| {
                [
                    (iin.clone(), auth_key(&app, iin)),
                    (iin.clone(), gost_key(&app, iin)),
                ]
            })
            .collect::<Vec<_>>(),
    );

    // Every browser opens its session at once.
    let mut opening = Vec::new();
    for _ in 0..n {
        let app = app.clone();
        opening.push(tokio::spawn(async move {
            let mut page = Browser::new();
            let session = start(&mut page, &app, "Login").await;
            (page, session)
        }));
    }
    let mut pages = Vec::new();
    for t in opening {
        pages.push(t.await.unwrap());
    }

    // Every phone signs at once (and then replays its PUT).
    let started = Instant::now();
    let mut signing = Vec::new();
    for (i, (_, session)) in pages.iter().enumerate() {
        let (keys, qr) = (
            keys.clone(),
            session["qr_text"].as_str().unwrap().to_string(),
        );
        signing.push(tokio::spawn(async move {
            let phone = EgovApp::new("kk");
            let (iin, key) = &keys[i % keys.len()];
            let t = Instant::now();
            let (_, api1) = phone.describe(&api1_url(&qr)).await;
            let uri = api1["document"]["uri"].as_str().unwrap().to_string();
            let token = api1["document"]["auth_token"].as_str().unwrap().to_string();
            let (status, docs) = phone.documents(&uri, Some(&token)).await;
            assert_eq!(status, 200, "{docs}");
            let body = EgovApp::signed_answer(&docs, "CMS_SIGN_ONLY", |d| cms_over(d, key));
            // A full verification pool answers 503 and decides nothing: the person sends again.
            let mut busy = 0;
            let (status, answer) = loop {
                let (status, answer) = phone.put_raw(&uri, Some(&token), body.clone()).await;
                if status != 503 {
                    break (status, answer);
                }
                busy += 1;
                assert!(busy < 300, "the verification pool stayed full for 30 s");
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            let took = t.elapsed();
            assert_eq!(status, 200, "{answer}");
            let (replayed, _) = phone.put_raw(&uri, Some(&token), body).await;
            assert_eq!(replayed, 410);
            (iin.clone(), took, busy)
        }));
    }
    let mut signers = Vec::new();
    let mut took: Vec<Duration> = Vec::new();
    let mut busy = 0;
    for t in signing {
        let (iin, d, b) = t.await.unwrap();
        signers.push(iin);
        took.push(d);
        busy += b;
    }
    let phones = started.elapsed();

    // Every page finishes: signed in as the one who signed its code, exactly once.
    let mut finishing = Vec::new();
    for ((mut page, session), iin) in pages.into_iter().zip(signers) {
        let app = app.clone();
        finishing.push(tokio::spawn(async move {
            let id = session["id"].as_str().unwrap().to_string();
            // A busy database answers 503 and changes nothing: the page tries again.
            let mut tries = 0;
            let (status, user) = loop {
                let (status, user) = page.call(&*app, "/api/mobile/login", &[("id", &id)]).await;
                if status != 503 {
                    break (status, user);
                }
                tries += 1;
                assert!(tries < 150, "the database stayed busy for 30 s");
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            assert_eq!(status, 200, "{user}");
            assert_eq!(user["iin"], iin.as_str());
            let (status, _) = page.call(&*app, "/api/mobile/login", &[("id", &id)]).await;
            assert_ne!(status, 200);
        }));
    }
    for t in finishing {
        t.await.unwrap();
    }
    let db = app.db().await;
    let count = |sql| crate::common::count(&db, sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM mobile_sign_sessions WHERE state = 'used'").await,
        n as i64
    );
    assert_eq!(count("SELECT COUNT(*) FROM sessions").await, n as i64);
    took.sort();
    let pct = |p: f64| took[((took.len() as f64 * p).ceil() as usize).clamp(1, took.len()) - 1];
    let row = format!(
        "| eGov Mobile: {n} sessions at once, the app's part (API №1 + №2 `GET` + `PUT`; {busy} `PUT`s answered 503 and sent again) | {} | {n} | {n} | {:.1}/s | {:.1} ms | {:.1} ms | 0 |",
        if std::env::var("EKG_TEST_PG_URL").is_ok_and(|v| !v.is_empty()) {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        n as f64 / phones.as_secs_f64(),
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );
    eprintln!("{row}");
    if let Ok(out) = std::env::var("EKG_LOAD_OUT") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(out)
            .unwrap();
        writeln!(f, "{row}").unwrap();
    }
}

/// The national CA's own test key files, exactly as it issues them (GOST R 34.10-2015 512-bit,
/// BER, legacy PKCS#12; `app/fixtures/nca/`): an individual's key in eGov Mobile logs in, under
/// the national CA's GOST 2022 test root configured as a test anchor, at a moment inside the
/// key's validity.
#[tokio::test]
async fn a_key_issued_by_the_national_ca_logs_in_through_egov_mobile() {
    let dir = format!("{}/../app/fixtures/nca/kalkan", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(format!("{dir}/p12"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // The first individual's key (the files also hold heads', signers' and employees' keys).
    let (p12, info) = files
        .iter()
        .find_map(|f| {
            let bytes = std::fs::read(f).unwrap();
            let key = app::eds::key_file::open_key_file(&bytes, "Qwerty12").ok()?;
            (key.info.holder == app::eds::cert_info::HolderType::Individual)
                .then_some((bytes, key.info))
        })
        .expect("an individual's GOST512 key among the national CA's files");
    let at = info.not_before + 86_400;
    let clock = TestClock(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(at)));
    let app = crate::common::spawn_demo_configured(clock.clock(), false, |c| {
        let anchors = c.trust_dir.join(server::pki::TEST_ANCHORS_DIR);
        std::fs::create_dir_all(&anchors).unwrap();
        for f in ["root_test_gost_2022.cer", "nca_gost2022_test.cer"] {
            std::fs::copy(format!("{dir}/certs/{f}"), anchors.join(f)).unwrap();
        }
    })
    .await;
    let mut page = Browser::new();
    let session = start(&mut page, &app, "Login").await;
    let key = AppKey {
        p12,
        password: "Qwerty12".into(),
        now: at,
    };
    let (status, answer) = EgovApp::new("kk")
        .sign_session(session["qr_text"].as_str().unwrap(), &key)
        .await;
    assert_eq!(status, 200, "{answer}");
    let id = session["id"].as_str().unwrap();
    let (status, user) = page.call(&app, "/api/mobile/login", &[("id", id)]).await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["iin"], info.iin.unwrap().as_str());
}
