//! The parent's cabinet and the department admin: children, queue, referrals, notifications,
//! saved requisites — and that nobody reaches another family's or department's data.

use crate::common::{
    Browser, DemoApp, TestClock, answer, spawn_demo_app, spawn_demo_app_with_clock,
};
use app::api::SaveOutcome;
use app::api::{
    AdminQueueRow, ChildView, DemoRole, DepartmentOption, IssuedReferral, KindergartenOption,
    NotificationView, ReferralView, RoleRow, SavedRequisites,
};
use app::domain::iin::test_values::make_iin;
use app::domain::{Field, ReferralStatus};
use serde_json::Value;

/// A three-year-old's IIN (born in 2023), distinct per `serial`.
fn toddler(serial: u16) -> String {
    make_iin("230415", 6, serial)
}

async fn add_child(b: &mut Browser, app: &DemoApp, iin: &str, first: &str) -> i64 {
    let (status, v) = b
        .call(
            app,
            "/api/cabinet/add_child",
            &[
                ("iin", iin),
                ("last_name", "Серікова"),
                ("first_name", first),
                ("patronymic", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    i64::from(answer::<i32>(&v))
}

async fn first_kindergarten(b: &mut Browser, app: &DemoApp) -> i64 {
    let (status, v) = b.call(app, "/api/cabinet/departments", &[]).await;
    assert_eq!(status, 200, "{v}");
    let deps: Vec<DepartmentOption> = answer(&v);
    i64::from(deps[0].kindergartens[0].0)
}

async fn queue(b: &mut Browser, app: &DemoApp, child: i64, kg: i64) -> (u16, Value) {
    b.call(
        app,
        "/api/cabinet/register_in_queue",
        &[("child_id", &child.to_string()), ("pref1", &kg.to_string())],
    )
    .await
}

async fn children(b: &mut Browser, app: &DemoApp) -> Vec<ChildView> {
    let (status, v) = b.call(app, "/api/cabinet/children", &[]).await;
    assert_eq!(status, 200, "{v}");
    answer(&v)
}

/// The admin's queue rows.
async fn admin_queue(admin: &mut Browser, app: &DemoApp) -> Vec<AdminQueueRow> {
    let (status, v) = admin.call(app, "/api/admin/queue", &[]).await;
    assert_eq!(status, 200, "{v}");
    answer(&v)
}

async fn issue(
    admin: &mut Browser,
    app: &DemoApp,
    entry: i64,
    group: i64,
    days: u32,
) -> (u16, Value) {
    crate::common::confirm_children(app, admin).await;
    admin
        .call(
            app,
            "/api/admin/issue_referral",
            &[
                ("entry_id", &entry.to_string()),
                ("group_id", &group.to_string()),
                ("days", &days.to_string()),
            ],
        )
        .await
}

struct World {
    app: DemoApp,
    parent: Browser,
    other_parent: Browser,
    admin: Browser,
}

async fn world_at(clock: Option<&TestClock>) -> World {
    let app = match clock {
        Some(c) => spawn_demo_app_with_clock(c.clock()).await,
        None => spawn_demo_app().await,
    };
    let parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let other_parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 1)).await;
    let admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    World {
        app,
        parent,
        other_parent,
        admin,
    }
}

#[tokio::test]
async fn a_parent_adds_a_child_queues_it_and_sees_the_place_in_the_queue() {
    let mut w = world_at(None).await;
    let kg = first_kindergarten(&mut w.parent, &w.app).await;
    let first = add_child(&mut w.parent, &w.app, &toddler(1), "Әлия").await;
    let (status, v) = queue(&mut w.parent, &w.app, first, kg).await;
    assert_eq!(status, 200, "{v}");

    let second = add_child(&mut w.other_parent, &w.app, &toddler(50), "Нұрлан").await;
    let (status, v) = queue(&mut w.other_parent, &w.app, second, kg).await;
    assert_eq!(status, 200, "{v}");

    let mine = children(&mut w.parent, &w.app).await;
    assert_eq!(mine.len(), 1, "only my own child: {mine:?}");
    assert_eq!(mine[0].birth_date, "15.04.2023");
    assert_eq!(mine[0].queue.as_ref().and_then(|q| q.position), Some(1));
    let theirs = children(&mut w.other_parent, &w.app).await;
    assert_eq!(theirs[0].queue.as_ref().and_then(|q| q.position), Some(2));

    // Queueing the same child again is refused with its own message.
    let (status, v) = queue(&mut w.parent, &w.app, first, kg).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("queue.already_queued"), "{v}");
}

#[tokio::test]
async fn wrong_child_iins_get_their_own_messages_and_nothing_is_added() {
    let mut w = world_at(None).await;
    let own = w.app.iin_of(DemoRole::Parent, 0);
    for (iin, code) in [
        (own.as_str(), "queue.child_is_parent"),
        (&make_iin("150101", 5, 1) as &str, "queue.school_age"),
        ("123456789012", "iin."),
        ("12345", "iin."),
    ] {
        let (status, v) = w
            .parent
            .call(
                &w.app,
                "/api/cabinet/add_child",
                &[
                    ("iin", iin),
                    ("last_name", "Серікова"),
                    ("first_name", "Әлия"),
                    ("patronymic", ""),
                ],
            )
            .await;
        assert_ne!(status, 200, "{iin} accepted");
        assert!(v.to_string().contains(code), "{iin}: {v}");
    }
    let child = toddler(2);
    add_child(&mut w.parent, &w.app, &child, "Әлия").await;
    let (status, v) = w
        .parent
        .call(
            &w.app,
            "/api/cabinet/add_child",
            &[
                ("iin", &child),
                ("last_name", "Серікова"),
                ("first_name", "Әлия"),
                ("patronymic", ""),
            ],
        )
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("queue.child_already_added"), "{v}");
    assert_eq!(children(&mut w.parent, &w.app).await.len(), 1);
}

#[tokio::test]
async fn the_admin_issues_a_referral_the_place_is_taken_and_the_parent_is_notified() {
    let mut w = world_at(None).await;
    let kg = first_kindergarten(&mut w.parent, &w.app).await;
    let child = add_child(&mut w.parent, &w.app, &toddler(3), "Әлия").await;
    queue(&mut w.parent, &w.app, child, kg).await;

    let rows = admin_queue(&mut w.admin, &w.app).await;
    assert_eq!(rows.len(), 1);
    let entry = i64::from(rows[0].entry_id);
    let group = &rows[0].groups[0];
    let group_id = i64::from(group.id);
    let free_before = i64::from(group.free_places);
    // The preferred kindergarten's groups come first, and they fit a three-year-old.
    assert_eq!(group.kindergarten.kk, "№1 Балабақшасы", "{group:?}");

    let (status, v) = issue(&mut w.admin, &w.app, entry, group_id, 10).await;
    assert_eq!(status, 200, "{v}");
    let number = answer::<IssuedReferral>(&v).number;
    assert!(number >= 378_601);

    // The child left the waiting queue; the place is taken.
    assert!(admin_queue(&mut w.admin, &w.app).await.is_empty());
    let db = w.app.db().await;
    assert_eq!(free_places(&db, group_id).await, free_before - 1);

    // The parent sees the referral, active, with «Шарт жасасу» possible (e-contracts).
    let (status, list) = w.parent.call(&w.app, "/api/cabinet/referrals", &[]).await;
    assert_eq!(status, 200, "{list}");
    let list: Vec<ReferralView> = answer(&list);
    assert_eq!(list[0].number, number);
    assert_eq!(list[0].status, ReferralStatus::Active);
    assert!(list[0].e_contracts);
    let mine = children(&mut w.parent, &w.app).await;
    assert!(
        mine[0].queue.as_ref().and_then(|q| q.position).is_none(),
        "referred: no position"
    );

    // Notifications, unread, then read: the department confirmed the parenthood, then the
    // referral (the newest first).
    let (_, unread) = w.parent.call(&w.app, "/api/cabinet/unread", &[]).await;
    assert_eq!(answer::<u32>(&unread), 2);
    let (_, notes) = w
        .parent
        .call(&w.app, "/api/cabinet/notifications", &[])
        .await;
    let notes: Vec<NotificationView> = answer(&notes);
    assert!(notes[0].text.kk.contains(&format!("№{number}")));
    assert!(notes[0].text.ru.contains("выдано направление"));
    w.parent.call(&w.app, "/api/cabinet/mark_read", &[]).await;
    let (_, unread) = w.parent.call(&w.app, "/api/cabinet/unread", &[]).await;
    assert_eq!(answer::<u32>(&unread), 0);

    // Issuing again for the same queue entry is refused.
    let (status, v) = issue(&mut w.admin, &w.app, entry, group_id, 10).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("queue.not_waiting"), "{v}");
}

async fn free_places(db: &sea_orm::DatabaseConnection, group: i64) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT free_places FROM groups WHERE id = {group}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i32>("", "free_places").unwrap() as i64
}

#[tokio::test]
async fn concurrent_referrals_never_overbook_a_group() {
    let mut w = world_at(None).await;
    let kg = first_kindergarten(&mut w.parent, &w.app).await;
    for i in 0..6u16 {
        let c = add_child(&mut w.parent, &w.app, &toddler(100 + i * 30), "Бала").await;
        let (status, v) = queue(&mut w.parent, &w.app, c, kg).await;
        assert_eq!(status, 200, "{v}");
    }
    crate::common::confirm_children(&w.app, &mut w.admin).await;
    let rows = admin_queue(&mut w.admin, &w.app).await;
    assert_eq!(rows.len(), 6);
    let group_id = i64::from(rows[0].groups[0].id);
    let db = w.app.db().await;
    {
        use sea_orm::{ConnectionTrait, Statement};
        db.execute(Statement::from_string(
            db.get_database_backend(),
            format!("UPDATE groups SET free_places = 2 WHERE id = {group_id}"),
        ))
        .await
        .unwrap();
    }
    // Six referrals to a group with two places, all at once.
    let mut tasks = Vec::new();
    for row in &rows {
        let entry = row.entry_id;
        let mut admin = Browser {
            cookies: w.admin.cookies.clone(),
        };
        let url = w.app.app.url("");
        let client = w.app.app.client.clone();
        tasks.push(tokio::spawn(async move {
            let server = crate::common::UrlServer { base: url, client };
            admin
                .call(
                    &server,
                    "/api/admin/issue_referral",
                    &[
                        ("entry_id", &entry.to_string()),
                        ("group_id", &group_id.to_string()),
                        ("days", "10"),
                    ],
                )
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let (status, v) = t.await.unwrap();
        if status == 200 {
            ok += 1;
        } else {
            assert!(v.to_string().contains("queue.no_free_places"), "{v}");
        }
    }
    assert_eq!(ok, 2, "exactly as many referrals as places");
    assert_eq!(free_places(&db, group_id).await, 0);
    assert_eq!(admin_queue(&mut w.admin, &w.app).await.len(), 4);
}

#[tokio::test]
async fn an_unused_referral_expires_after_its_deadline_and_gives_the_place_back() {
    let clock = TestClock::now();
    let mut w = world_at(Some(&clock)).await;
    let kg = first_kindergarten(&mut w.parent, &w.app).await;
    let child = add_child(&mut w.parent, &w.app, &toddler(7), "Әлия").await;
    queue(&mut w.parent, &w.app, child, kg).await;
    let rows = admin_queue(&mut w.admin, &w.app).await;
    let entry = i64::from(rows[0].entry_id);
    let group_id = i64::from(rows[0].groups[0].id);
    let db = w.app.db().await;
    let before = free_places(&db, group_id).await;
    let (status, v) = issue(&mut w.admin, &w.app, entry, group_id, 3).await;
    assert_eq!(status, 200, "{v}");

    // On the deadline day it is still active (sessions last hours: sign in again).
    clock.advance_days(3);
    let parent_iin = w.app.iin_of(DemoRole::Parent, 0);
    w.parent = Browser::login_as(&w.app, &parent_iin).await;
    let (_, list) = w.parent.call(&w.app, "/api/cabinet/referrals", &[]).await;
    let list: Vec<ReferralView> = answer(&list);
    assert_eq!(list[0].status, ReferralStatus::Active);
    // The day after, it has expired; the place is back; the child waits again, first.
    clock.advance_days(1);
    w.parent = Browser::login_as(&w.app, &parent_iin).await;
    w.admin = Browser::login_as(&w.app, &w.app.iin_of(DemoRole::Admin, 0)).await;
    let (_, list) = w.parent.call(&w.app, "/api/cabinet/referrals", &[]).await;
    let list: Vec<ReferralView> = answer(&list);
    assert_eq!(list[0].status, ReferralStatus::Expired);
    assert_eq!(free_places(&db, group_id).await, before);
    let mine = children(&mut w.parent, &w.app).await;
    assert_eq!(mine[0].queue.as_ref().and_then(|q| q.position), Some(1));
    let (_, notes) = w
        .parent
        .call(&w.app, "/api/cabinet/notifications", &[])
        .await;
    let notes: Vec<NotificationView> = answer(&notes);
    assert!(notes[0].text.ru.contains("истёк"), "{notes:?}");
    // Reading again does not give the place back twice.
    w.parent.call(&w.app, "/api/cabinet/referrals", &[]).await;
    w.admin.call(&w.app, "/api/admin/queue", &[]).await;
    assert_eq!(free_places(&db, group_id).await, before);
}

#[tokio::test]
async fn nobody_reaches_another_familys_children_or_referrals() {
    let mut w = world_at(None).await;
    let kg = first_kindergarten(&mut w.parent, &w.app).await;
    let child = add_child(&mut w.parent, &w.app, &toddler(9), "Әлия").await;
    // Another parent cannot queue my child.
    let (status, v) = queue(&mut w.other_parent, &w.app, child, kg).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("NotFound"), "{v}");
    queue(&mut w.parent, &w.app, child, kg).await;
    let rows = admin_queue(&mut w.admin, &w.app).await;
    let (_, issued) = issue(
        &mut w.admin,
        &w.app,
        i64::from(rows[0].entry_id),
        i64::from(rows[0].groups[0].id),
        10,
    )
    .await;
    let issued: IssuedReferral = answer(&issued);
    let (_, mine) = w.parent.call(&w.app, "/api/cabinet/referrals", &[]).await;
    let mine: Vec<ReferralView> = answer(&mine);
    let referral_id = i64::from(mine[0].id);
    assert_eq!(mine[0].number, issued.number);

    // Every id-taking cabinet function, with my ids, from the other parent.
    let (status, v) = w
        .other_parent
        .call(
            &w.app,
            "/api/cabinet/referral",
            &[("id", &referral_id.to_string())],
        )
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("NotFound"), "{v}");
    let (_, theirs) = w
        .other_parent
        .call(&w.app, "/api/cabinet/referrals", &[])
        .await;
    assert_eq!(answer::<Vec<ReferralView>>(&theirs).len(), 0);
    assert_eq!(children(&mut w.other_parent, &w.app).await.len(), 0);
    let (_, notes) = w
        .other_parent
        .call(&w.app, "/api/cabinet/notifications", &[])
        .await;
    assert_eq!(answer::<Vec<NotificationView>>(&notes).len(), 0);

    // Parents and staff are not admins.
    let staff_iin = w.app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(&w.app, &staff_iin).await;
    for b in [&mut w.parent, &mut staff] {
        for path in [
            "/api/admin/queue",
            "/api/admin/roles",
            "/api/admin/kindergartens",
        ] {
            let (status, v) = b.call(&w.app, path, &[]).await;
            assert_eq!(status, 403, "{path}");
            assert!(v.to_string().contains("Forbidden"), "{path}: {v}");
        }
        let (status, _) = b
            .call(
                &w.app,
                "/api/admin/issue_referral",
                &[("entry_id", "1"), ("group_id", "1"), ("days", "10")],
            )
            .await;
        assert_ne!(status, 200);
    }
    // Signed out: nothing. The statuses say what happened (not a server failure).
    let mut anonymous = Browser::new();
    let (status, v) = anonymous.call(&w.app, "/api/cabinet/children", &[]).await;
    assert_eq!(status, 401);
    assert!(v.to_string().contains("Unauthenticated"), "{v}");
}

#[tokio::test]
async fn the_admin_grants_a_staff_role_only_in_their_own_department() {
    let mut w = world_at(None).await;
    let (_, kgs) = w.admin.call(&w.app, "/api/admin/kindergartens", &[]).await;
    let kgs: Vec<KindergartenOption> = answer(&kgs);
    let kg = i64::from(kgs[1].id);
    let iin = make_iin("880303", 4, 77);
    let (status, v) = w
        .admin
        .call(
            &w.app,
            "/api/admin/grant_staff",
            &[("iin", &iin), ("kindergarten_id", &kg.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, roles) = w.admin.call(&w.app, "/api/admin/roles", &[]).await;
    let roles: Vec<RoleRow> = answer(&roles);
    assert!(roles.iter().any(|r| r.iin == iin), "{roles:?}");
    // A kindergarten that is not the department's (no such id) is not found.
    let (status, v) = w
        .admin
        .call(
            &w.app,
            "/api/admin/grant_staff",
            &[("iin", &iin), ("kindergarten_id", "9999")],
        )
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("NotFound"), "{v}");
    // A mistyped IIN gets the IIN message.
    let (status, v) = w
        .admin
        .call(
            &w.app,
            "/api/admin/grant_staff",
            &[("iin", "123"), ("kindergarten_id", &kg.to_string())],
        )
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("iin."), "{v}");
}

#[tokio::test]
async fn saved_requisites_are_validated_and_kept_for_the_next_contract() {
    let mut w = world_at(None).await;
    let (status, v) = w.parent.call(&w.app, "/api/cabinet/requisites", &[]).await;
    assert_eq!(status, 200, "{v}");
    let saved: SavedRequisites = answer(&v);
    assert_eq!(saved.representative.iin, w.app.iin_of(DemoRole::Parent, 0));
    // A card number as IBAN and an empty form: field errors, nothing saved.
    let (status, v) = w
        .parent
        .call(
            &w.app,
            "/api/cabinet/save_requisites",
            &[("saved[requisites][iban]", "4400430212345678")],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let errors = match answer(&v) {
        SaveOutcome::FieldErrors(errors) => errors,
        SaveOutcome::Saved => panic!("field errors expected: {v}"),
    };
    assert!(errors.iter().any(|e| e.field == Field::Iban), "{v}");
    assert!(errors.iter().any(|e| e.field == Field::LastName), "{v}");
    let (_, v) = w.parent.call(&w.app, "/api/cabinet/requisites", &[]).await;
    assert_eq!(answer::<SavedRequisites>(&v).updated_at, 0, "nothing saved");
}

#[tokio::test]
async fn the_demo_family_has_a_child_with_an_active_referral_to_kindergarten_one() {
    let app = crate::common::spawn_demo_family_app().await;
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let kids = children(&mut parent, &app).await;
    assert_eq!(kids[0].full_name, "Серікова Әлия");
    let (_, list) = parent.call(&app, "/api/cabinet/referrals", &[]).await;
    let list: Vec<ReferralView> = answer(&list);
    assert_eq!(list[0].status, ReferralStatus::Active);
    assert_eq!(list[0].kindergarten.kk, "№1 Балабақшасы");
    assert!(list[0].e_contracts);
}

#[tokio::test]
async fn one_account_cannot_fill_the_service_with_children() {
    let mut w = world_at(None).await;
    for i in 0..app::domain::referral::MAX_CHILDREN as u16 {
        add_child(&mut w.parent, &w.app, &toddler(300 + 20 * i), "Бала").await;
    }
    let (status, v) = w
        .parent
        .call(
            &w.app,
            "/api/cabinet/add_child",
            &[
                ("iin", &toddler(900)),
                ("last_name", "Серікова"),
                ("first_name", "Бала"),
                ("patronymic", ""),
            ],
        )
        .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("queue.too_many_children"), "{v}");
    assert_eq!(
        children(&mut w.parent, &w.app).await.len(),
        app::domain::referral::MAX_CHILDREN
    );
}
