//! The education department's oversight: the audit log is a hash chain the CLI and the admin
//! page verify (an edited row is found); a signed contract exports as one package that
//! `verify` checks offline; statistics, tariffs, template versions and kindergartens are
//! managed by the department's admin only.

use crate::common::{
    Browser, DemoApp, Server, answer, canonical, canonical_of, filled_draft, parent_with_referral,
    prepare, prepared, sent_contract, sign_as, spawn_demo_app,
};
use app::api::{AuditPage, ContractCard, DemoRole, KindergartensAdmin, Stats, Tariffs, Templates};
use app::domain::ContractStatus;
use base64::Engine;
use sea_orm::{ConnectionTrait, Statement};

/// A contract sent by the first demo parent and signed by the demo kindergarten employee.
async fn signed_contract(app: &DemoApp) -> i64 {
    let (_parent, _referral, id) = sent_contract(app, 0, 41).await;
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(app, &staff_iin).await;
    let (status, view) = staff
        .call(app, "/api/staff/contract", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200);
    let bytes = canonical(&view);
    let (status, v) = staff
        .call(
            app,
            "/api/staff/sign",
            &[
                ("id", &id.to_string()),
                ("cms_base64", &sign_as(app, &staff_iin, &bytes)),
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
        .env(
            "EKG_DATABASE_URL",
            server::config::Config::for_dir(&app.app.dir).database_url,
        )
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

#[tokio::test]
async fn the_admin_sees_statistics_the_audit_log_and_sets_a_tariff_for_new_contracts_only() {
    // Behind the service's own reverse proxies (this test talks to it from 127.0.0.1).
    let app = crate::common::spawn_demo_configured(server::clock::system(), false, |c| {
        c.trusted_proxies =
            server::client_origin::TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
    })
    .await;
    let id = signed_contract(&app).await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;

    let (status, stats) = admin.call(&app, "/api/admin/stats", &[]).await;
    assert_eq!(status, 200, "{stats}");
    let stats: Stats = answer(&stats);
    assert_eq!(stats.total_sent, 1);
    assert_eq!(stats.median_minutes.len(), 1);
    assert_eq!(stats.by_day[0].1, ContractStatus::SignedByKindergarten);

    let audit = |b: &Browser, q: serde_json::Value| {
        let req = app
            .client()
            .post(app.url("/api/admin/audit"))
            .header("content-type", "application/json")
            .header("cookie", b.header())
            .body(serde_json::json!({ "query": q }).to_string());
        async move {
            let resp = req.send().await.unwrap();
            (
                resp.status().as_u16(),
                resp.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    // "From where": the address the trusted proxies report is recorded (the client's own
    // claims left of it would not be).
    let via_proxy = app
        .client()
        .post(app.url("/api/admin/set_tariff"))
        .header("cookie", admin.header())
        .header("x-forwarded-for", "203.0.113.7, 10.0.0.1")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("age_period_id=1&amount=41000&effective_from=2099-01-01")
        .send()
        .await
        .unwrap();
    assert_eq!(via_proxy.status().as_u16(), 200);
    let (_, page) = audit(&admin, serde_json::json!({ "action": "tariff.set" })).await;
    assert_eq!(answer::<AuditPage>(&page).rows[0].origin, "203.0.113.7");
    let (status, page) = audit(&admin, serde_json::json!({ "action": "contract.signed" })).await;
    assert_eq!(status, 200, "{page}");
    let page: AuditPage = answer(&page);
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].subject, format!("contract:{id}"));
    assert!(page.chain.is_ok_and(|n| n > 3), "{:?}", page.chain);

    // Tariffs: a date in the past is refused; a new one from next month ends the current one.
    let (_, before) = admin.call(&app, "/api/admin/tariffs", &[]).await;
    let period = answer::<Tariffs>(&before).age_periods[0].0.to_string();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/set_tariff",
            &[
                ("age_period_id", &period),
                ("amount", "45000"),
                ("effective_from", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("tariff.bad_date"), "{v}");
    let next_month =
        (app::domain::dates::kz_date_of_unix(app.now()) + time::Duration::days(31)).to_string();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/set_tariff",
            &[
                ("age_period_id", &period),
                ("amount", "45 000"),
                ("effective_from", &next_month),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, after) = admin.call(&app, "/api/admin/tariffs", &[]).await;
    let rows = answer::<Tariffs>(&after).rows;
    assert!(
        rows.iter()
            .any(|r| r.monthly_amount_tenge == 45000 && r.effective_to.is_none())
    );
    assert!(rows.iter().any(|r| r.age_period_id.to_string() == period
        && r.monthly_amount_tenge != 45000
        && r.effective_to.is_some()));
    // The signed contract keeps its amount.
    let db = app.db().await;
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT terms_json FROM contracts WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let terms: serde_json::Value =
        serde_json::from_str(&row.try_get_by_index::<String>(0).unwrap()).unwrap();
    assert_ne!(terms["monthly_amount_tenge"], 45000);

    // Nobody else sees any of it.
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    for path in ["/api/admin/stats", "/api/admin/tariffs"] {
        let (status, _) = parent.call(&app, path, &[]).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _) = audit(&parent, serde_json::json!({})).await;
    assert_eq!(status, 403);

    // An edited row shows on the page as a broken chain.
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE audit_log SET detail = 'x' WHERE action = 'login'",
    ))
    .await
    .unwrap();
    let (_, page) = audit(&admin, serde_json::json!({})).await;
    let page: AuditPage = answer(&page);
    assert!(page.chain.is_err(), "{:?}", page.chain);
}

#[tokio::test]
async fn a_new_template_version_applies_to_new_contracts_only() {
    let app = spawn_demo_app().await;
    let old = signed_contract(&app).await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let (status, t) = admin.call(&app, "/api/admin/templates", &[]).await;
    assert_eq!(status, 200, "{t}");
    let t: Templates = answer(&t);
    assert!(t.builtin_in_force);
    let mut template: serde_json::Value = serde_json::from_str(&t.current_json).unwrap();
    let today = app::domain::dates::kz_date_of_unix(app.now()).to_string();

    // Refused: not JSON, an unknown placeholder, a date in the past.
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/add_template",
            &[("json", "{not json"), ("effective_from", &today)],
        )
        .await;
    assert_eq!(status, 422);
    assert!(v.to_string().contains("contract.bad_template_file"), "{v}");
    let mut bad = template.clone();
    bad["title_kk"] = "Шарт {no_such_value}".into();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/add_template",
            &[("json", &bad.to_string()), ("effective_from", &today)],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        v.to_string().contains("template.unknown_placeholder"),
        "{v}"
    );
    let (status, _) = admin
        .call(
            &app,
            "/api/admin/add_template",
            &[
                ("json", &template.to_string()),
                ("effective_from", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(status, 422);

    // New legislation: version 2 from today.
    template["title_kk"] = "Жаңа заң бойынша үлгілік шарт".into();
    template["title_ru"] = "Типовой договор по новому закону".into();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/add_template",
            &[("json", &template.to_string()), ("effective_from", &today)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(answer::<u32>(&v), 2);

    // A new contract uses it; the contract signed before keeps its text.
    let (parent, referral) = parent_with_referral(&app, 1, 43).await;
    let mut draft = filled_draft(&parent, &app, referral).await;
    draft["representative"]["authority"] = "father".into();
    let (_, v) = prepare(&parent, &app, referral, &draft).await;
    let ready = prepared(&v);
    assert_eq!(ready.text.title_ru, "Типовой договор по новому закону");
    let bytes = canonical_of(&ready);
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains("template.version=2")
    );

    let mut first = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let (_, card) = first
        .call(&app, "/api/contract/card", &[("id", &old.to_string())])
        .await;
    assert_ne!(
        answer::<ContractCard>(&card).text.title_ru,
        "Типовой договор по новому закону"
    );
    let (_, t) = admin.call(&app, "/api/admin/templates", &[]).await;
    let t: Templates = answer(&t);
    assert!(!t.builtin_in_force);
    assert!(t.versions[0].in_force);
}

#[tokio::test]
async fn the_admin_manages_kindergartens_groups_and_places_of_their_department_only() {
    let app = spawn_demo_app().await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let (status, d) = admin.call(&app, "/api/admin/kindergartens_full", &[]).await;
    assert_eq!(status, 200, "{d}");
    let d: KindergartensAdmin = answer(&d);
    let kg_id = d.kindergartens[0].id.to_string();
    // Neither electronic nor paper: refused.
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/kindergarten_flags",
            &[("kindergarten_id", &kg_id)],
        )
        .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("tariff.no_way_to_conclude"));
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/kindergarten_flags",
            &[("kindergarten_id", &kg_id), ("paper_allowed", "on")],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    // A new group and changed places: the kindergarten's total is its groups' total.
    let period = d.age_periods[0].0.to_string();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/add_group",
            &[
                ("kindergarten_id", &kg_id),
                ("name_kk", "Жаңа топ"),
                ("name_ru", "Новая группа"),
                ("age_period_id", &period),
                ("free_places", "7"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/add_group",
            &[
                ("kindergarten_id", &kg_id),
                ("name_kk", ""),
                ("name_ru", "x"),
                ("age_period_id", &period),
                ("free_places", "7"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{v}");
    let (_, d) = admin.call(&app, "/api/admin/kindergartens_full", &[]).await;
    let kg = answer::<KindergartensAdmin>(&d)
        .kindergartens
        .into_iter()
        .find(|k| k.id.to_string() == kg_id)
        .unwrap();
    assert!(!kg.e_contracts);
    assert!(kg.paper_allowed);
    let group = kg.groups.last().unwrap().clone();
    assert_eq!(group.free_places, 7);
    let (status, _) = admin
        .call(
            &app,
            "/api/admin/group_places",
            &[("group_id", &group.id.to_string()), ("free_places", "501")],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = admin
        .call(
            &app,
            "/api/admin/group_places",
            &[("group_id", &group.id.to_string()), ("free_places", "3")],
        )
        .await;
    assert_eq!(status, 200);
    let (_, d) = admin.call(&app, "/api/admin/kindergartens_full", &[]).await;
    let kg = answer::<KindergartensAdmin>(&d)
        .kindergartens
        .into_iter()
        .find(|k| k.id.to_string() == kg_id)
        .unwrap();
    let sum: u32 = kg.groups.iter().map(|g| g.free_places).sum();
    assert_eq!(kg.free_places, sum);
    // A kindergarten of another department is not found; a parent is not an admin.
    let db = app.db().await;
    let other = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT id FROM kindergartens WHERE department_id <> (SELECT department_id FROM kindergartens WHERE id = {kg_id}) LIMIT 1"
            ),
        ))
        .await
        .unwrap();
    if let Some(row) = other {
        let other_id = row.try_get_by_index::<i32>(0).unwrap().to_string();
        let (status, _) = admin
            .call(
                &app,
                "/api/admin/kindergarten_flags",
                &[("kindergarten_id", &other_id), ("e_contracts", "on")],
            )
            .await;
        assert_eq!(status, 404);
    }
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let (status, _) = parent
        .call(&app, "/api/admin/kindergartens_full", &[])
        .await;
    assert_eq!(status, 403);
}

/// An admin reads the audit entries of their own department only (IINs, addresses and
/// refusal comments of another department's families are not theirs to see), and a page view
/// verifies the chain from the last checkpoint instead of re-hashing the whole log.
#[tokio::test]
async fn an_admin_reads_only_their_departments_audit_entries_and_views_do_not_rehash_the_log() {
    let app = spawn_demo_app().await;
    let id = signed_contract(&app).await;
    let db = app.db().await;
    // A second department with an admin of its own (the second demo parent).
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "INSERT INTO departments (id, code, district_code, region_kk, region_ru, name_kk, name_ru, place_kk, place_ru) \
         VALUES (2, '02', '02', 'Алматы', 'Алматы', 'Басқа бөлім', 'Другой отдел', 'Алматы', 'Алматы')",
    ))
    .await
    .unwrap();
    let other_iin = app.iin_of(DemoRole::Parent, 1);
    server::db::roles::grant(&db, &other_iin, "admin", None, Some(2), "test", app.now())
        .await
        .unwrap();
    let audit = |b: &Browser| {
        let req = app
            .client()
            .post(app.url("/api/admin/audit"))
            .header("content-type", "application/json")
            .header("cookie", b.header())
            .body(serde_json::json!({ "query": {} }).to_string());
        async move {
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status().as_u16(), 200);
            resp.json::<serde_json::Value>().await.unwrap()
        }
    };
    let own = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let page: AuditPage = answer(&audit(&own).await);
    let subjects: Vec<String> = page.rows.iter().map(|r| r.subject.clone()).collect();
    assert!(subjects.contains(&format!("contract:{id}")), "{subjects:?}");
    assert!(
        page.rows.iter().all(|r| r.action != "login"),
        "log-ins belong to no department"
    );
    let other = Browser::login_as(&app, &other_iin).await;
    let page: AuditPage = answer(&audit(&other).await);
    assert_eq!(page.rows.len(), 1, "{page:?}");
    assert_eq!(page.rows[0].action, "role.granted");
    assert!(page.chain.is_ok_and(|n| n > 5), "{:?}", page.chain);
    assert!(!page.actions.iter().any(|a| a.contains("contract.")));

    // The view verified up to a checkpoint; the next one hashes only what came since.
    let again = server::db::audit::verify_from_checkpoint(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.hashed_now, 0, "{again:?}");
    let full = server::db::audit::verify(&db).await.unwrap().unwrap();
    assert_eq!(full, again.entries);
    // An entry edited after the checkpoint is found by the next view.
    server::db::audit::log(
        &db,
        app.now(),
        "",
        app::domain::AuditAction::Login,
        "test:1".into(),
        String::new(),
    )
    .await;
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE audit_log SET detail = 'changed' WHERE subject = 'test:1'",
    ))
    .await
    .unwrap();
    assert!(matches!(
        server::db::audit::verify_from_checkpoint(&db)
            .await
            .unwrap(),
        Err(app::domain::audit_chain::ChainBreak::Edited { .. })
    ));
    let page: AuditPage = answer(&audit(&own).await);
    assert!(page.chain.is_err(), "{:?}", page.chain);
}
