//! The catalogue in an admission-day rush (issue 28): anonymous pages come from memory with
//! `ETag`, `304` and `Cache-Control: public` for the proxy in front; pages of a signed-in
//! person are `private, no-store`; a change shows at once on the server that made it and
//! within the recheck interval on every other server of the same database.
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement};

use app::api::DemoRole;

use crate::common::{Browser, found_count, spawn_app, spawn_demo_app};

fn header<'a>(resp: &'a reqwest::Response, name: &str) -> &'a str {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_visitor_gets_the_kept_catalogue_with_its_tag_and_a_304_when_nothing_changed() {
    let app = spawn_app().await;
    let first = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(
        header(&first, "cache-control"),
        "public, max-age=30, stale-while-revalidate=60"
    );
    assert_eq!(header(&first, "vary"), "Cookie, Accept-Encoding");
    let etag = header(&first, "etag").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    let csp = header(&first, "content-security-policy").to_string();
    assert!(csp.contains("'nonce-"), "the page's own policy: {csp}");
    let html = first.text().await.unwrap();
    assert!(html.contains("№1 Балабақшасы"));
    // The same page again, from memory: the same bytes, the same nonce and tag.
    let second = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(header(&second, "etag"), etag);
    assert_eq!(header(&second, "content-security-policy"), csp);
    assert_eq!(second.text().await.unwrap(), html);
    // The browser (or the proxy) asks whether its copy is still good: it is.
    let again = app
        .client
        .get(app.url("/"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), etag);
    assert_eq!(
        header(&again, "content-security-policy"),
        csp,
        "a 304 updates the stored page's headers: its nonce must stay"
    );
    assert!(again.bytes().await.unwrap().is_empty());
    // Compressed in the coding asked for, the same page inside.
    let br = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&br, "content-encoding"), "br");
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &br.bytes().await.unwrap()[..], &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), html);
    let gz = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    let mut out = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..]),
        &mut out,
    )
    .unwrap();
    assert_eq!(out, html);
    // Russian is another page; a search is another page.
    let ru = app
        .client
        .get(app.url("/?q=%D0%B6%D0%B5%D2%A3%D1%96%D1%81"))
        .header("cookie", "lang=ru")
        .send()
        .await
        .unwrap();
    assert_ne!(header(&ru, "etag"), etag);
    let ru = ru.text().await.unwrap();
    assert!(ru.contains(r#"<html lang="ru""#));
    assert_eq!(found_count(&ru), Some(1));
}

#[tokio::test]
async fn a_signed_in_parents_pages_are_private_and_never_kept() {
    let app = spawn_demo_app().await;
    let parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let cookie = parent.header();
    for path in ["/", "/help", "/cabinet", "/cabinet/contracts"] {
        let resp = app
            .app
            .client
            .get(app.app.url(path))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(
            header(&resp, "cache-control"),
            "private, no-store",
            "{path}"
        );
        assert!(resp.headers().get("etag").is_none(), "{path}");
    }
    // A server function's answer is personal too.
    let resp = app
        .app
        .client
        .post(app.app.url("/api/catalogue/list"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &cookie)
        .body("filter[query]=&filter[e_contracts_only]=false")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(header(&resp, "cache-control"), "private, no-store");
    // The anonymous page was never the signed-in one.
    let anonymous = app.app.client.get(app.app.url("/")).send().await.unwrap();
    assert!(header(&anonymous, "cache-control").starts_with("public"));
    let html = anonymous.text().await.unwrap();
    let name = &app
        .people
        .iter()
        .find(|p| p.iin == app.iin_of(DemoRole::Parent, 0))
        .unwrap()
        .full_name;
    assert!(
        !html.contains(name.as_str()),
        "no personal data on the public page"
    );
    // Static files keep their own lifetimes; a login page is not public.
    let login = app
        .app
        .client
        .get(app.app.url("/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&login, "cache-control"), "private, no-store");
}

/// Every card of the catalogue as the catalogue's server function answers (no filter).
async fn catalogue_json(url: &str, client: &reqwest::Client) -> Vec<serde_json::Value> {
    let resp = client
        .post(format!("{url}/api/catalogue/list"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("filter[query]=&filter[e_contracts_only]=false")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn a_change_shows_at_once_here_and_within_the_recheck_on_another_server() {
    let app = spawn_demo_app().await;
    // A second app server on the same database, checking every 200 ms.
    let mut config = server::config::Config::for_dir(&app.app.dir);
    config.catalogue_recheck = Duration::from_millis(200);
    let (other, other_handle) = server::startup::spawn(config).await.unwrap();
    let other_url = format!("http://{other}");
    let here_url = app.app.url("");
    let client = &app.app.client;
    let page_here = client.get(app.app.url("/")).send().await.unwrap();
    let tag_before = header(&page_here, "etag").to_string();
    let before = catalogue_json(&here_url, client).await;
    assert_eq!(catalogue_json(&other_url, client).await, before);

    // An admin of this server adds a group of 9 places: this server shows it at once.
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let (_, d) = admin.call(&app, "/api/admin/kindergartens_full", &[]).await;
    let kg = &d["kindergartens"][0];
    let kg_id = kg["id"].as_i64().unwrap();
    let period = d["age_periods"][0][0].as_i64().unwrap().to_string();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/add_group",
            &[
                ("kindergarten_id", &kg_id.to_string()),
                ("name_kk", "Жаңа топ"),
                ("name_ru", "Новая группа"),
                ("age_period_id", &period),
                ("free_places", "9"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let places = |cards: &[serde_json::Value]| {
        cards
            .iter()
            .find(|c| c["id"].as_i64() == Some(kg_id))
            .map(|c| c["free_places"].as_i64().unwrap())
            .unwrap()
    };
    let was = places(&before);
    // The kindergarten's places are now its groups' total, as the admin's page shows it.
    let (_, d) = admin.call(&app, "/api/admin/kindergartens_full", &[]).await;
    let now = d["kindergartens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"].as_i64() == Some(kg_id))
        .unwrap()["free_places"]
        .as_i64()
        .unwrap();
    assert_ne!(now, was);
    assert_eq!(places(&catalogue_json(&here_url, client).await), now);
    let page_here = client
        .get(app.app.url("/"))
        .header("if-none-match", &tag_before)
        .send()
        .await
        .unwrap();
    assert_eq!(
        page_here.status(),
        200,
        "the kept page is outdated: sent anew"
    );
    assert_ne!(header(&page_here, "etag"), tag_before);
    // The other server learns it from the database's version within its recheck.
    let started = Instant::now();
    loop {
        if places(&catalogue_json(&other_url, client).await) == now {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the other server never saw the change"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // An operator renames a kindergarten by hand in the database: both servers show it.
    let db = app.db().await;
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE kindergartens SET name_ru = 'Детский сад «Радуга»' WHERE id = {kg_id}"),
    ))
    .await
    .unwrap();
    for url in [&here_url, &other_url] {
        let started = Instant::now();
        loop {
            let html = client
                .get(format!("{url}/"))
                .header("cookie", "lang=ru")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if html.contains("Детский сад «Радуга»") {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{url} never showed the new name"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    other_handle.abort();
}
