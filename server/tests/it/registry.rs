//! `server import-registry` (issue 26, item 1), run as the operator runs it: the binary on a
//! database, with the example files docs/features.md documents.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sea_orm::{ConnectionTrait, Statement};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("registry")
        .join(name)
}

fn fresh_dir() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "ekg-registry-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `server import-registry ARGS` on the database of `dir` (outside demo mode).
fn import(dir: &Path, args: &[&str], failpoints: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("import-registry")
        .args(args)
        .env("EKG_DATA_DIR", dir)
        .env(
            "EKG_DATABASE_URL",
            server::config::Config::for_dir(dir).database_url,
        )
        .env("EKG_DEMO", "0")
        .env("EKG_FAILPOINTS", failpoints)
        .env("RUST_LOG", "error")
        .output()
        .expect("the server binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

async fn db(dir: &Path) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(server::config::Config::for_dir(dir).database_url)
        .await
        .unwrap()
}

async fn one_i64(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0)
        .or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))
        .unwrap()
}

#[tokio::test]
async fn a_department_imports_its_registry_once_and_again_and_nothing_is_half_imported() {
    let dir = fresh_dir();
    let csv = example("example.csv");
    let csv = csv.to_str().unwrap();

    // A dry run says what would change and keeps nothing.
    let out = import(&dir, &["--dry-run", csv], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("dry run (nothing kept): departments: 1 new"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("Created kindergarten KRG-0903-001"),
        "{}",
        text(&out)
    );
    let db = db(&dir).await;
    let kgs = "SELECT COUNT(*) FROM kindergartens WHERE external_id LIKE 'KRG-%'";
    assert_eq!(one_i64(&db, kgs).await, 0);

    // Failing half-way (after the first kindergarten) keeps nothing either.
    let out = import(&dir, &[csv], "registry.import.after_kindergarten=enospc");
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(one_i64(&db, kgs).await, 0);
    assert_eq!(one_i64(&db, "SELECT COUNT(*) FROM departments").await, 0);

    // The import: a department, three kindergartens (BINs kept), three groups with places.
    let out = import(&dir, &[csv], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out)
            .contains("imported: departments: 1 new, 0 changed, 0 unchanged; kindergartens: 3 new"),
        "{}",
        text(&out)
    );
    // The ids the operator needs for `server grant`.
    let department_id = one_i64(
        &db,
        "SELECT id FROM departments WHERE code = '09' AND district_code = '03'",
    )
    .await;
    let expected = format!(
        "Created department 09-03 «Отдел образования города Шахтинска» (id {department_id})"
    );
    assert!(text(&out).contains(&expected), "{}", text(&out));
    assert_eq!(one_i64(&db, kgs).await, 3);
    assert_eq!(
        one_i64(
            &db,
            "SELECT COUNT(*) FROM kindergartens WHERE bin = '990640010002' AND e_contracts"
        )
        .await,
        1
    );
    assert_eq!(
        one_i64(
            &db,
            "SELECT free_places FROM kindergartens WHERE external_id = 'KRG-0903-001'"
        )
        .await,
        45
    );

    // The same registry as JSON: nothing changes.
    let out = import(&dir, &[example("example.json").to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(
            "kindergartens: 0 new, 0 changed, 3 unchanged; groups: 0 new, 0 changed, 3 unchanged"
        ),
        "{}",
        text(&out)
    );

    // A referral takes a place; the next registry adds two places to that group: the free
    // places move by two from what is left (the taken place is not handed back).
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE groups SET free_places = free_places - 1 WHERE external_id = 'KRG-0903-001-G1'",
    ))
    .await
    .unwrap();
    let changed = dir.join("changed.csv");
    let body = std::fs::read_to_string(example("example.csv"))
        .unwrap()
        .replace(
            "KRG-0903-001-G1,«Балапан» кіші тобы,Младшая группа «Балапан»,1,3,20",
            "KRG-0903-001-G1,«Балапан» кіші тобы,Младшая группа «Балапан»,1,3,22",
        );
    std::fs::write(&changed, body).unwrap();
    let out = import(&dir, &[changed.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Updated group KRG-0903-001-G1"),
        "{}",
        text(&out)
    );
    assert_eq!(
        one_i64(
            &db,
            "SELECT free_places FROM groups WHERE external_id = 'KRG-0903-001-G1'"
        )
        .await,
        21
    );

    // A file with mistakes: every one reported with line, field and kk/ru text; nothing applied.
    let bad = dir.join("bad.csv");
    let body = std::fs::read_to_string(example("example.csv"))
        .unwrap()
        .replace("990640010002", "990640010003")
        .replace(",3,5,25,", ",5,3,25,");
    std::fs::write(&bad, body).unwrap();
    let out = import(&dir, &[bad.to_str().unwrap()], "");
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("line 2, bin: БСН дұрыс емес"), "{said}");
    assert!(said.contains("БИН неверен"), "{said}");
    assert!(said.contains("line 3, age_to"), "{said}");
    assert!(said.contains("nothing was imported"), "{said}");
    assert_eq!(
        one_i64(
            &db,
            "SELECT COUNT(*) FROM kindergartens WHERE bin = '990640010003'"
        )
        .await,
        0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn imported_kindergartens_show_in_the_catalogue_of_a_server_on_that_database() {
    use crate::common::Server;
    let dir = fresh_dir();
    let out = import(&dir, &[example("example.json").to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out));
    // A server on that database (its demo data is not loaded: a department exists).
    let config = server::config::Config::for_dir(&dir);
    let (addr, _handle) = server::startup::spawn(config).await.unwrap();
    let app = crate::common::UrlServer {
        base: format!("http://{addr}/"),
        client: crate::common::client_builder().build().unwrap(),
    };
    let page = app
        .client()
        .get(app.url("/?q=Айгуль"))
        .header("cookie", "lang=ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Ясли-сад «Айгуль»"),
        "the imported kindergarten is listed"
    );
    assert!(!page.contains("Детский сад №1<"), "no demo data");
}

/// The admin's «Балабақша қосу / Деректерін өзгерту» form, as the page sends it.
async fn save_kindergarten(
    admin: &mut crate::common::Browser,
    app: &crate::common::DemoApp,
    id: Option<&str>,
    bin: &str,
    e_contracts: bool,
) -> (u16, serde_json::Value) {
    let mut form = vec![
        ("k[name_kk]", "№12 балабақша"),
        ("k[name_ru]", "Детский сад №12"),
        ("k[address_kk]", "Ақтау к., Бейбітшілік к-сі, 4"),
        ("k[address_ru]", "пос. Актау, ул. Мира, 4"),
        ("k[ownership]", "state"),
        ("k[bin]", bin),
        ("k[paper_allowed]", "on"),
        ("k[admission_age]", "2"),
    ];
    if e_contracts {
        form.push(("k[e_contracts]", "on"));
    }
    if let Some(id) = id {
        form.push(("kindergarten_id", id));
    }
    admin.call(app, "/api/admin/save_kindergarten", &form).await
}

#[tokio::test]
async fn an_admin_adds_a_kindergarten_by_hand_then_gives_it_a_bin_and_every_change_is_audited() {
    use app::api::DemoRole;
    let app = crate::common::spawn_demo_app().await;
    let mut admin = crate::common::Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    // E-contracts without a BIN are refused with the registry's message.
    let (status, v) = save_kindergarten(&mut admin, &app, None, "", true).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("registry.bin_required"), "{v}");
    // Paper only: added.
    let (status, id) = save_kindergarten(&mut admin, &app, None, "", false).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().unwrap().to_string();
    // A wrong BIN is refused; the right one with e-contracts is kept.
    let (_, v) = save_kindergarten(&mut admin, &app, Some(&id), "990640010003", true).await;
    assert!(v.to_string().contains("registry.bad_bin"), "{v}");
    let (status, v) = save_kindergarten(&mut admin, &app, Some(&id), "990640010002", true).await;
    assert_eq!(status, 200, "{v}");
    let (_, all) = admin.call(&app, "/api/admin/kindergartens_full", &[]).await;
    let mine = all["kindergartens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"].as_i64().unwrap().to_string() == id)
        .unwrap()
        .clone();
    assert_eq!(mine["bin"], "990640010002");
    assert_eq!(mine["e_contracts"], true);
    // A kindergarten that is not the department's is not found.
    let (status, _) =
        save_kindergarten(&mut admin, &app, Some("999999"), "990640010002", true).await;
    assert_ne!(status, 200);
    let db = app.db().await;
    server::db::audit::flush_all(&db).await;
    assert_eq!(
        one_i64(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('kindergarten.added', 'kindergarten.updated')"
        )
        .await,
        2
    );
}
