//! Roles are granted by IIN (CLI `grant`, demo mode) and checked for what they need.
use server::db::roles::{GrantError, grant, roles_of};

async fn db() -> (sea_orm::DatabaseConnection, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "ekg-roles-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let config = server::config::Config::for_dir(&dir);
    let db = server::db::connect_and_migrate(&config).await.unwrap();
    server::demo::seed(&db).await.unwrap();
    (db, dir)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[tokio::test]
async fn the_first_admin_is_granted_from_the_command_line_once() {
    use app::auth_model::Role;
    let (db, dir) = db().await;
    let iin = "900315401233";
    assert_eq!(
        grant(&db, iin, "admin", None, Some(1), "cli", 0)
            .await
            .unwrap(),
        Role::Admin { department_id: 1 }
    );
    assert_eq!(
        grant(&db, iin, "admin", None, Some(1), "cli", 0)
            .await
            .unwrap(),
        Role::Admin { department_id: 1 }
    );
    assert_eq!(
        roles_of(&db, iin).await.unwrap(),
        vec![Role::Admin { department_id: 1 }]
    );
    grant(&db, iin, "staff", Some(2), None, "cli", 0)
        .await
        .unwrap();
    assert_eq!(roles_of(&db, iin).await.unwrap().len(), 2);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_grant_that_does_not_make_sense_is_refused_with_its_reason() {
    let (db, dir) = db().await;
    let iin = "900315401233";
    assert_eq!(
        grant(&db, "123456789011", "admin", None, Some(1), "cli", 0).await,
        Err(GrantError::BadIin)
    );
    assert_eq!(
        grant(&db, iin, "owner", None, Some(1), "cli", 0).await,
        Err(GrantError::UnknownRole)
    );
    assert_eq!(
        grant(&db, iin, "staff", None, None, "cli", 0).await,
        Err(GrantError::StaffNeedsKindergarten)
    );
    assert_eq!(
        grant(&db, iin, "admin", Some(1), None, "cli", 0).await,
        Err(GrantError::AdminNeedsDepartment)
    );
    assert_eq!(
        grant(&db, iin, "staff", Some(999), None, "cli", 0).await,
        Err(GrantError::NoSuchKindergarten)
    );
    assert_eq!(
        grant(&db, iin, "admin", None, Some(999), "cli", 0).await,
        Err(GrantError::NoSuchDepartment)
    );
    assert!(
        roles_of(&db, iin).await.unwrap().is_empty(),
        "nothing was stored"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_admin_withdraws_a_staff_role_and_it_stops_working_at_once_but_not_their_own_admin_role()
 {
    use crate::common::{Browser, answer, post_json, spawn_demo_app};
    use app::api::DemoRole;
    let app = spawn_demo_app().await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    // A staff member who signs in with a personal key (the demo head's own key would keep
    // its access: a head is recognised by the key, see the head tests below).
    let staff_iin = app.iin_of(DemoRole::Parent, 1);
    let kg = head_kindergarten(&app).await.to_string();
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/grant_staff",
            &[("iin", &staff_iin), ("kindergarten_id", &kg)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let staff = Browser::login_as(&app, &staff_iin).await;
    let inbox = serde_json::json!({ "query": {} });
    let (status, v) = post_json(&staff, &app, "/api/staff/inbox", inbox.clone()).await;
    assert_eq!(status, 200, "{v}");

    // The roles page lists the staff member's role with its id; the admin withdraws it.
    let (_, roles) = admin.call(&app, "/api/admin/roles", &[]).await;
    let rows: Vec<app::api::RoleRow> = answer(&roles);
    let role_of = |iin: &str| rows.iter().find(|r| r.iin == iin).unwrap().id.to_string();
    let staff_role = role_of(&staff_iin);
    let own_role = role_of(&app.iin_of(DemoRole::Admin, 0));
    let (status, v) = admin
        .call(
            &app,
            "/api/admin/withdraw_role",
            &[("role_id", &staff_role)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    // The staff member's very next request goes without it (same session).
    let (status, _) = post_json(&staff, &app, "/api/staff/inbox", inbox).await;
    assert_eq!(status, 403);
    let (_, roles) = admin.call(&app, "/api/admin/roles", &[]).await;
    assert!(!roles.to_string().contains(&staff_iin), "{roles}");
    // Withdrawing it again: not found. The admin's own admin role: refused with its reason.
    let (status, _) = admin
        .call(
            &app,
            "/api/admin/withdraw_role",
            &[("role_id", &staff_role)],
        )
        .await;
    assert_ne!(status, 200);
    let (status, v) = admin
        .call(&app, "/api/admin/withdraw_role", &[("role_id", &own_role)])
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("role.own_admin_role"), "{v}");
    // A parent cannot withdraw anything.
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let (status, _) = parent
        .call(&app, "/api/admin/withdraw_role", &[("role_id", &own_role)])
        .await;
    assert_eq!(status, 403);
    // Audited.
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.db().await;
    server::db::audit::flush_all(&db).await;
    let n = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'role.withdrawn'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn the_region_admin_creates_a_department_and_grants_and_withdraws_its_admin() {
    use crate::common::{Browser, answer, spawn_demo_app};
    use app::api::DemoRole;
    let app = spawn_demo_app().await;
    // The demo admin is also the region admin (in production the first one comes from
    // `server grant --role region-admin`, the same call).
    let region_iin = app.iin_of(DemoRole::Admin, 0);
    let db = app.db().await;
    assert_eq!(
        grant(&db, &region_iin, "region-admin", None, None, "cli", 0).await,
        Ok(app::auth_model::Role::RegionAdmin),
        "granting it again changes nothing"
    );
    let mut region = Browser::login_as(&app, &region_iin).await;
    let (status, before) = region.call(&app, "/api/region/departments", &[]).await;
    assert_eq!(status, 200, "{before}");
    let department = |code: &'static str| {
        vec![
            ("d[code]", code),
            ("d[district_code]", "05"),
            ("d[region_kk]", "Қарағанды облысы"),
            ("d[region_ru]", "Карагандинская область"),
            ("d[name_kk]", "Саран қаласының білім бөлімі"),
            ("d[name_ru]", "Отдел образования города Сарани"),
            ("d[place_kk]", "Саран қаласы"),
            ("d[place_ru]", "город Сарань"),
        ]
    };
    // A code that is not two digits is refused with the registry's message.
    let (status, v) = region
        .call(&app, "/api/region/create_department", &department("9"))
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("registry.bad_code"), "{v}");
    let (status, id) = region
        .call(&app, "/api/region/create_department", &department("09"))
        .await;
    assert_eq!(status, 200, "{id}");
    let id = answer::<i32>(&id).to_string();
    // The same codes twice: refused.
    let (_, v) = region
        .call(&app, "/api/region/create_department", &department("09"))
        .await;
    assert!(v.to_string().contains("registry.duplicate"), "{v}");
    // An admin for it, by IIN (before that person ever signs in).
    let new_admin = app::domain::iin::test_values::make_iin("850505", 3, 901);
    let (status, v) = region
        .call(
            &app,
            "/api/region/grant_admin",
            &[("department_id", &id), ("iin", &new_admin)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, list) = region.call(&app, "/api/region/departments", &[]).await;
    let dep = answer::<Vec<app::api::RegionDepartment>>(&list)
        .into_iter()
        .find(|d| d.id.to_string() == id)
        .unwrap();
    assert_eq!(dep.admins[0].iin, new_admin);
    let role_id = dep.admins[0].role_id.to_string();
    assert_eq!(
        roles_of(&db, &new_admin).await.unwrap(),
        vec![app::auth_model::Role::Admin {
            department_id: id.parse().unwrap()
        }]
    );
    // Withdrawn: gone at once.
    let (status, v) = region
        .call(&app, "/api/region/withdraw_admin", &[("role_id", &role_id)])
        .await;
    assert_eq!(status, 200, "{v}");
    assert!(roles_of(&db, &new_admin).await.unwrap().is_empty());
    // A department admin or a parent is not a region admin.
    for who in [DemoRole::Parent, DemoRole::Staff] {
        let mut b = Browser::login_as(&app, &app.iin_of(who, 0)).await;
        let (status, _) = b.call(&app, "/api/region/departments", &[]).await;
        assert_eq!(status, 403);
        let (status, _) = b
            .call(&app, "/api/region/create_department", &department("08"))
            .await;
        assert_eq!(status, 403);
    }
    use sea_orm::{ConnectionTrait, Statement};
    server::db::audit::flush_all(&db).await;
    let n = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('department.created', 'role.granted', 'role.withdrawn') AND actor <> 'demo'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    // The department, the admin's grant and its withdrawal.
    assert_eq!(n, 3);
}

/// The demo kindergarten whose BIN the demo head's key carries.
async fn head_kindergarten(app: &crate::common::DemoApp) -> i32 {
    use app::api::DemoRole;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use server::db::entities::kindergartens;
    let bin = app
        .people
        .iter()
        .find(|p| p.role == DemoRole::Staff)
        .and_then(|p| p.bin.clone())
        .expect("the demo head's BIN");
    kindergartens::Entity::find()
        .filter(kindergartens::Column::Bin.eq(bin))
        .one(&app.db().await)
        .await
        .unwrap()
        .expect("the head's kindergarten")
        .id
}

#[tokio::test]
async fn a_kindergarten_head_signed_in_with_the_head_key_grants_and_withdraws_its_own_staff() {
    use crate::common::{Browser, answer, post_json, spawn_demo_app};
    use app::api::DemoRole;
    let app = spawn_demo_app().await;
    let kg = head_kindergarten(&app).await;
    let kg_s = kg.to_string();
    // The head signs in with the organisation key (BIN of the kindergarten, holder «head»):
    // the «Staff» page lists the kindergarten.
    let mut head = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let (status, me) = head.call(&app, "/api/auth/me", &[]).await;
    assert_eq!(status, 200, "{me}");
    assert!(me.to_string().contains("Head"), "{me}");
    let (status, list) = head.call(&app, "/api/staff/people", &[]).await;
    assert_eq!(status, 200, "{list}");
    let people: Vec<app::api::KindergartenStaff> = answer(&list);
    assert_eq!(people[0].kindergarten_id, kg, "{list}");
    // A parent is not staff yet; the head grants them by IIN; they work at once.
    let newcomer_iin = app.iin_of(DemoRole::Parent, 1);
    let newcomer = Browser::login_as(&app, &newcomer_iin).await;
    let inbox = serde_json::json!({ "query": {} });
    let (status, _) = post_json(&newcomer, &app, "/api/staff/inbox", inbox.clone()).await;
    assert_eq!(status, 403);
    let (status, v) = by_head(&mut head, &app, "grant", &kg_s, ("iin", &newcomer_iin)).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = post_json(&newcomer, &app, "/api/staff/inbox", inbox.clone()).await;
    assert_eq!(status, 200, "{v}");
    let (_, list) = head.call(&app, "/api/staff/people", &[]).await;
    let people: Vec<app::api::KindergartenStaff> = answer(&list);
    let row = people[0]
        .staff
        .iter()
        .find(|m| m.iin == newcomer_iin)
        .cloned()
        .expect("the new staff member is listed");
    assert!(row.name.is_some(), "{row:?}");
    let role_id = row.role_id.to_string();
    // A staff member is not a head: they cannot grant or withdraw.
    let mut newcomer = newcomer;
    let (status, _) = by_head(
        &mut newcomer,
        &app,
        "withdraw",
        &kg_s,
        ("role_id", &role_id),
    )
    .await;
    assert_eq!(status, 403);
    // Not a valid IIN, another kindergarten: refused.
    let (status, v) = by_head(&mut head, &app, "grant", &kg_s, ("iin", "123456789012")).await;
    assert_eq!(status, 422, "{v}");
    let (status, _) = head
        .call(
            &app,
            "/api/staff/grant",
            &[
                ("kindergarten_id", &(kg + 1000).to_string()),
                ("iin", &newcomer_iin),
            ],
        )
        .await;
    assert_eq!(status, 404);
    // The head cannot withdraw the department's admin role through the kindergarten page.
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let (_, roles) = admin.call(&app, "/api/admin/roles", &[]).await;
    let admin_role = answer::<Vec<app::api::RoleRow>>(&roles)
        .iter()
        .find(|r| r.role == "admin")
        .unwrap()
        .id
        .to_string();
    let (status, _) = by_head(&mut head, &app, "withdraw", &kg_s, ("role_id", &admin_role)).await;
    assert_eq!(status, 404);
    // The head withdraws the newcomer: their next request goes without it.
    let (status, v) = by_head(&mut head, &app, "withdraw", &kg_s, ("role_id", &role_id)).await;
    assert_eq!(status, 200, "{v}");
    let (status, _) = post_json(&newcomer, &app, "/api/staff/inbox", inbox).await;
    assert_eq!(status, 403);
    // Both changes are in the department's audit log, by the head.
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.db().await;
    server::db::audit::flush_all(&db).await;
    let n = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('role.granted', 'role.withdrawn') \
                 AND actor = '{}' AND department_id IS NOT NULL",
                app.iin_of(DemoRole::Staff, 0)
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn a_person_signed_in_with_a_personal_key_or_an_employee_key_is_not_a_head() {
    use crate::common::{Browser, spawn_demo_app};
    use app::api::DemoRole;
    let app = spawn_demo_app().await;
    // The department admin's key is an organisation employee's key (not «head»); a parent's
    // key is personal. Neither opens the head's page.
    for iin in [
        app.iin_of(DemoRole::Admin, 0),
        app.iin_of(DemoRole::Parent, 0),
    ] {
        let mut b = Browser::login_as(&app, &iin).await;
        let (status, _) = b.call(&app, "/api/staff/people", &[]).await;
        assert_eq!(status, 403, "{iin}");
        let (status, _) = b
            .call(
                &app,
                "/api/staff/grant",
                &[("kindergarten_id", "1"), ("iin", &iin)],
            )
            .await;
        assert_eq!(status, 403, "{iin}");
    }
}

/// A head's server function on kindergarten `kg` (`grant` with an IIN, `withdraw` with a role id).
async fn by_head(
    b: &mut crate::common::Browser,
    app: &crate::common::DemoApp,
    action: &str,
    kg: &str,
    arg: (&str, &str),
) -> (u16, serde_json::Value) {
    b.call(
        app,
        &format!("/api/staff/{action}"),
        &[("kindergarten_id", kg), arg],
    )
    .await
}

#[tokio::test]
async fn a_second_row_with_the_same_key_is_recognised_as_a_conflict_by_the_databases_error_code() {
    // On whichever database the suite runs (SQLite, or PostgreSQL with EKG_TEST_PG_URL): the
    // double-tap and race paths rely on telling a unique-index conflict from any other error.
    use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, Statement};
    use server::db::entities::region_admins;
    use server::db::error::is_unique_violation;
    let app = crate::common::spawn_demo_app().await;
    let db = app.db().await;
    let row = || region_admins::ActiveModel {
        iin: Set("000000000000".into()),
        granted_at: Set(1),
        granted_by: Set("test".into()),
    };
    row().insert(&db).await.unwrap();
    let again = row().insert(&db).await.unwrap_err();
    assert!(is_unique_violation(&again), "{again:?}");
    let other = db
        .execute(Statement::from_string(
            db.get_database_backend(),
            "INSERT INTO no_such_table VALUES (1)",
        ))
        .await
        .unwrap_err();
    assert!(!is_unique_violation(&other), "{other:?}");
}

#[tokio::test]
async fn a_head_cannot_grow_the_staff_past_the_bound() {
    use crate::common::{Browser, spawn_demo_app};
    use app::api::DemoRole;
    use app::api::MAX_STAFF_PER_KINDERGARTEN;
    use sea_orm::{EntityTrait, Set};
    use server::db::entities::roles;
    let app = spawn_demo_app().await;
    let kg = head_kindergarten(&app).await;
    let db = app.db().await;
    let held = roles::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.role == "staff" && r.kindergarten_id == Some(kg))
        .count();
    // Fill the kindergarten up to the bound with staff roles (valid IINs not in use).
    let rows = (held..MAX_STAFF_PER_KINDERGARTEN).map(|n| roles::ActiveModel {
        iin: Set(app::domain::iin::test_values::make_iin(
            "900101",
            3,
            5000 + n as u16 * 20,
        )),
        role: Set("staff".into()),
        kindergarten_id: Set(Some(kg)),
        department_id: Set(None),
        granted_at: Set(1),
        granted_by: Set("test".into()),
        ..Default::default()
    });
    roles::Entity::insert_many(rows).exec(&db).await.unwrap();
    let mut head = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let (status, v) = by_head(
        &mut head,
        &app,
        "grant",
        &kg.to_string(),
        ("iin", &app.iin_of(DemoRole::Employee, 0)),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("role.too_many_staff"), "{v}");
}
