//! Web hardening: another site cannot make a signed-in parent's browser change anything,
//! every page carries strict security headers, and one client cannot try log-ins endlessly.

use crate::common::{Browser, DemoApp, Server, spawn_demo_app};
use app::api::DemoRole;

#[tokio::test]
async fn a_request_from_another_site_is_refused_and_changes_nothing() {
    let app = spawn_demo_app().await;
    let parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let body = "iin=230415600011&last_name=A&first_name=B&patronymic=";
    let post = |origin: Option<&str>, site: Option<&str>| {
        let mut req = app
            .client()
            .post(app.url("/api/cabinet/add_child"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", parent.header())
            .body(body);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        if let Some(s) = site {
            req = req.header("sec-fetch-site", s);
        }
        req.send()
    };
    for (origin, site) in [
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("cross-site")),
    ] {
        let resp = post(origin, site).await.unwrap();
        assert_eq!(resp.status().as_u16(), 403, "{origin:?} {site:?}");
    }
    let (_, children) = {
        let mut b = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
        b.call(&app, "/api/cabinet/children", &[]).await
    };
    assert_eq!(children.as_array().unwrap().len(), 0, "nothing was added");
    // The same request from the site itself goes through.
    let own = app.url("").trim_end_matches('/').to_string();
    let resp = post(Some(&own), Some("same-origin")).await.unwrap();
    assert_ne!(resp.status().as_u16(), 403);
}

#[tokio::test]
async fn pages_carry_strict_security_headers() {
    let app = spawn_demo_app().await;
    let resp = app.client().get(app.url("/")).send().await.unwrap();
    let h = resp.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert!(
        csp.contains("'wasm-unsafe-eval'"),
        "the WASM may run: {csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    // HSTS only behind TLS (secure cookies); the test server is plain HTTP.
    assert!(h.get("strict-transport-security").is_none());
    // Internal errors never reach the client as text.
    let resp = app
        .client()
        .post(app.url("/api/cabinet/children"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let text = resp.text().await.unwrap();
    assert!(
        !text.to_lowercase().contains("error:") && text.len() < 200,
        "{text}"
    );
}

/// The nonce in a page's CSP header (`'nonce-…'`) and the page's HTML.
async fn page_nonce(app: &DemoApp, path: &str) -> (String, String, String) {
    page_nonce_with(app, path, None).await
}

/// [`page_nonce`] for a browser sending `cookie`.
async fn page_nonce_with(
    app: &DemoApp,
    path: &str,
    cookie: Option<&str>,
) -> (String, String, String) {
    let mut req = app.client().get(app.url(path));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.unwrap();
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in the page's CSP: {csp}"))
        .to_string();
    (nonce, csp, resp.text().await.unwrap())
}

#[tokio::test]
async fn only_the_pages_own_scripts_run_no_inline_script_or_style_is_allowed() {
    let app = spawn_demo_app().await;
    for path in ["/", "/no/such/page"] {
        let (nonce, csp, html) = page_nonce(&app, path).await;
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(nonce.len() >= 22, "at least 128 random bits: {nonce}");
        let scripts = html.matches("<script").count();
        assert!(scripts >= 1, "{path}: the hydration bootstrap is inline");
        assert_eq!(
            html.matches(&format!("nonce=\"{nonce}\"")).count(),
            scripts,
            "{path}: every inline script carries this response's nonce"
        );
        assert!(
            !html.contains(" style=\""),
            "{path}: no inline style attribute"
        );
    }
    // A new nonce for every rendering: every page of a signed-in person is rendered anew...
    let parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let cookie = parent.header();
    for path in ["/", "/cabinet"] {
        let (first, _, _) = page_nonce_with(&app, path, Some(&cookie)).await;
        let (second, _, _) = page_nonce_with(&app, path, Some(&cookie)).await;
        assert_ne!(first, second, "{path}: a new nonce for every response");
    }
    // ...while the anonymous catalogue, kept as rendered for everyone (and by the proxy in
    // front), keeps the nonce its HTML carries until it is rendered again — which it is when
    // the catalogue changes — exactly as a cached copy in a CDN would.
    let (first, _, first_html) = page_nonce(&app, "/").await;
    let (second, _, second_html) = page_nonce(&app, "/").await;
    assert_eq!(first, second);
    assert_eq!(first_html, second_html);
    // Not a page: nothing inline at all.
    let resp = app.client().get(app.url("/healthz")).send().await.unwrap();
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        !csp.contains("nonce-") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
}

/// Each log-in (and wizard EDS check) needs a one-time challenge; one client gets at most
/// 60 of them in 10 minutes — counted in the database, so it holds across app servers.
/// (Behind trusted proxies, here 127.0.0.1, the client is the address they report.)
#[tokio::test]
async fn a_client_asking_for_endless_log_in_challenges_is_stopped_and_others_are_not() {
    let app = crate::common::spawn_demo_configured(server::clock::system(), false, |c| {
        c.trusted_proxies = server::client_origin::TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await;
    let challenge = |client: &'static str| {
        app.client()
            .post(app.url("/api/auth/challenge"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", client)
            .body("purpose=Login")
            .send()
    };
    for i in 0..server::config::defaults::LOGIN_ATTEMPTS_PER_10_MIN {
        let resp = challenge("203.0.113.7").await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "attempt {i}");
    }
    let resp = challenge("203.0.113.7").await.unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let body = resp.text().await.unwrap();
    assert!(body.contains("auth.too_many_attempts"), "{body}");
    // Another client is not affected; a signed-in parent still works.
    assert_eq!(
        challenge("198.51.100.9").await.unwrap().status().as_u16(),
        200
    );
    Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
}

/// A page and the static files its browser fetches at the same moment: each response keeps its
/// own headers. (Leptos' own file handler once ran the page context for a file under the owner
/// of a page rendering on the same thread and sent the page's CSP and cookies with the file:
/// the page then went out with the default CSP, its scripts blocked, and never hydrated.)
#[tokio::test]
async fn a_page_keeps_its_own_csp_and_cookies_while_the_static_files_are_served_beside_it() {
    let app = spawn_demo_app().await;
    let site = app.app.dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(
        site.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(site.join("pkg/ekg.js"), "export default 1;").unwrap();
    std::fs::write(site.join("pkg/ekg.css"), "body{}").unwrap();
    let statics = ["/favicon.svg", "/pkg/ekg.js", "/pkg/ekg.css"];
    for round in 0..60 {
        let page = app
            .client()
            .get(app.url(if round % 2 == 0 { "/login" } else { "/" }));
        let files = statics.map(|p| app.client().get(app.url(p)).send());
        let (page, files) = tokio::join!(page.send(), futures_util::future::join_all(files));
        let page = page.unwrap();
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let html = page.text().await.unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("round {round}: the page went out without its nonce: {csp}"));
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "round {round}"
        );
        for (file, resp) in statics.iter().zip(files) {
            let resp = resp.unwrap();
            assert_eq!(resp.status().as_u16(), 200, "{file}");
            let h = resp.headers();
            let file_csp = h["content-security-policy"].to_str().unwrap();
            assert!(
                !file_csp.contains("nonce-"),
                "round {round}: {file} took a page's CSP"
            );
            assert!(
                h.get("set-cookie").is_none(),
                "round {round}: {file} took a page's cookie"
            );
        }
    }
}

/// Without a trusted proxy configured, `X-Forwarded-For` is the client's own claim: changing
/// it per request does not make a new client (the review issued 70 of 70 challenges that way).
#[tokio::test]
async fn a_client_changing_x_forwarded_for_per_request_is_still_one_client() {
    let app = spawn_demo_app().await;
    let mut issued = 0;
    for i in 0..server::config::defaults::LOGIN_ATTEMPTS_PER_10_MIN + 10 {
        let resp = app
            .client()
            .post(app.url("/api/auth/challenge"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", format!("203.0.113.{}", i % 250))
            .header("x-real-ip", format!("198.51.100.{}", i % 250))
            .body("purpose=Login")
            .send()
            .await
            .unwrap();
        if resp.status().as_u16() == 200 {
            issued += 1;
        } else {
            let body = resp.text().await.unwrap();
            assert!(body.contains("auth.too_many_attempts"), "{body}");
        }
    }
    assert_eq!(issued, server::config::defaults::LOGIN_ATTEMPTS_PER_10_MIN);
    // And the audit log names the real peer, not the forged address.
    let db = app.db().await;
    use sea_orm::{EntityTrait, QueryOrder};
    let rows = server::db::entities::eds_challenges::Entity::find()
        .order_by_desc(server::db::entities::eds_challenges::Column::CreatedAt)
        .all(&db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| r.client.as_deref() == Some("127.0.0.1"))
    );
}

/// Every CMS verification runs on a bounded pool: when it is full, a log-in is answered at
/// once with 503 and the kk/ru "try again later" text — the server itself stays responsive.
#[tokio::test]
async fn a_log_in_while_every_verification_place_is_taken_gets_a_prompt_503() {
    let pool = std::sync::Arc::new(server::pki::pool::VerifyPool::new(1, 0));
    let app = crate::common::spawn_demo_configured(server::clock::system(), false, {
        let pool = pool.clone();
        move |c| c.verify_pool = Some(pool)
    })
    .await;
    let (release, held) = std::sync::mpsc::channel::<()>();
    let (started_tx, started) = tokio::sync::oneshot::channel();
    let occupier = tokio::spawn({
        let pool = pool.clone();
        async move {
            pool.run(move || {
                let _ = started_tx.send(());
                held.recv().ok();
            })
            .await
        }
    });
    started.await.unwrap();
    let parent = app.parent();
    let mut browser = crate::common::Browser::new();
    let (id, text) = browser.challenge(&app).await;
    let begun = std::time::Instant::now();
    let (status, body) = browser
        .login(
            &app,
            &id,
            &crate::common::sign_with(&app, &parent.auth_file, &text),
        )
        .await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("Unavailable"), "{body}");
    assert!(
        begun.elapsed() < std::time::Duration::from_secs(20),
        "answered without waiting for a place"
    );
    let text = app::error::AppError::Unavailable.text();
    assert!(!text.kk.is_empty() && !text.ru.is_empty());
    // The server still answers everything else, and logs in once a place is free.
    let health = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    release.send(()).unwrap();
    occupier.await.unwrap().unwrap();
    Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
}

/// The language switch sends the browser back only to a path of this site: a tab inside
/// `/\t/evil.example` (which browsers drop) once sent it to `evil.example`.
#[tokio::test]
async fn the_language_switch_never_sends_the_browser_to_another_site() {
    let app = spawn_demo_app().await;
    for next in [
        "/%09/evil.example",
        "/%0A/evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "https://evil.example",
        "/%20/evil.example",
    ] {
        let resp = app
            .client()
            .get(app.url(&format!("/lang/ru?next={next}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 303, "{next}");
        assert_eq!(resp.headers()["location"], "/", "{next}");
    }
    let resp = app
        .client()
        .get(app.url("/lang/kk?next=/cabinet%3Ftab%3D1"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["location"], "/cabinet?tab=1");
}

/// Support requests need no log-in, so one client may send only a few in 10 minutes (counted
/// in the database); the next gets a kk/ru message, and another client is not affected.
#[tokio::test]
async fn an_anonymous_client_flooding_support_requests_is_stopped_and_others_are_not() {
    let app = crate::common::spawn_demo_configured(server::clock::system(), false, |c| {
        c.trusted_proxies = server::client_origin::TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await;
    let send = |client: &'static str| {
        app.client()
            .post(app.url("/api/support/send"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", client)
            .body("contact=a%40b.kz&message=the%20page%20does%20not%20open&page=%2F")
            .send()
    };
    for i in 0..server::config::defaults::SUPPORT_REQUESTS_PER_10_MIN {
        let resp = send("203.0.113.7").await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "request {i}");
    }
    let resp = send("203.0.113.7").await.unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let body = resp.text().await.unwrap();
    assert!(body.contains("support.too_many"), "{body}");
    let text = app::error::text_for_code("support.too_many").unwrap();
    assert!(text.kk.contains("10 минут") && text.ru.contains("10 минут"));
    assert_eq!(send("198.51.100.9").await.unwrap().status().as_u16(), 200);
}
