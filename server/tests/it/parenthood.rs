//! Proof of parenthood (issue 26, item 3): a child in a cabinet is a claim the population
//! register or the department confirms; only a confirmed child gets a referral; a stranger who
//! queues someone else's child never blocks the real parent.

use crate::common::{Browser, DemoApp, Server, answer, confirm_children, spawn_demo_app};
use app::api::{AdminQueueRow, ChildClaims, ChildView, DemoRole, DepartmentOption, ReferralView};
use app::domain::ClaimStatus;
use app::domain::iin::test_values::make_iin;
use serde_json::Value;
use server::population_register::demo_child_iin;

async fn add(b: &mut Browser, app: &DemoApp, iin: &str, first: &str) -> i64 {
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

async fn first_kg(b: &mut Browser, app: &DemoApp) -> String {
    let (_, deps) = b.call(app, "/api/cabinet/departments", &[]).await;
    let deps: Vec<DepartmentOption> = answer(&deps);
    deps[0].kindergartens[0].0.to_string()
}

async fn queue(b: &mut Browser, app: &DemoApp, child: i64, kg: &str) -> (u16, Value) {
    b.call(
        app,
        "/api/cabinet/register_in_queue",
        &[("child_id", &child.to_string()), ("pref1", kg)],
    )
    .await
}

/// This parent's card of the child with `iin`.
async fn card(b: &mut Browser, app: &DemoApp, iin: &str) -> ChildView {
    let (status, list) = b.call(app, "/api/cabinet/children", &[]).await;
    assert_eq!(status, 200, "{list}");
    answer::<Vec<ChildView>>(&list)
        .into_iter()
        .find(|c| c.iin == iin)
        .unwrap_or_else(|| panic!("no child {iin}: {list}"))
}

/// The admin's queue rows of children named `first`.
async fn rows_named(admin: &mut Browser, app: &DemoApp, first: &str) -> Vec<AdminQueueRow> {
    let (status, rows) = admin.call(app, "/api/admin/queue", &[]).await;
    assert_eq!(status, 200, "{rows}");
    answer::<Vec<AdminQueueRow>>(&rows)
        .into_iter()
        .filter(|r| r.child_name.ends_with(first))
        .collect()
}

async fn issue(admin: &mut Browser, app: &DemoApp, row: &AdminQueueRow) -> (u16, Value) {
    admin
        .call(
            app,
            "/api/admin/issue_referral",
            &[
                ("entry_id", &row.entry_id.to_string()),
                ("group_id", &row.groups[0].id.to_string()),
                ("days", "10"),
            ],
        )
        .await
}

async fn decide(
    admin: &mut Browser,
    app: &DemoApp,
    claim: i64,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let id = claim.to_string();
    let mut all = vec![("claim_id", id.as_str())];
    all.extend_from_slice(form);
    admin.call(app, "/api/admin/decide_claim", &all).await
}

async fn upload_certificate(
    b: &Browser,
    app: &DemoApp,
    child: i64,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let resp = app
        .client()
        .post(app.url(&format!("/api/children/{child}/birth-certificate")))
        .header("cookie", b.header())
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn audit_actions(app: &DemoApp) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let db = app.db().await;
    db.query_all(Statement::from_string(
        db.get_database_backend(),
        "SELECT action FROM audit_log ORDER BY id",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get::<String>("", "action").unwrap())
    .collect()
}

#[tokio::test]
async fn a_stranger_queues_someone_elses_child_and_the_real_parent_is_not_blocked() {
    let app = spawn_demo_app().await;
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let mut stranger = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 1)).await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let kg = first_kg(&mut parent, &app).await;
    // The register lists the first demo parent as this child's parent, not the stranger.
    let child_iin = demo_child_iin(0);

    // The stranger is first: adds the child and queues it. Nothing confirms the claim.
    let theirs = add(&mut stranger, &app, &child_iin, "Әлия").await;
    let (status, v) = queue(&mut stranger, &app, theirs, &kg).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        card(&mut stranger, &app, &child_iin).await.claim.status,
        ClaimStatus::Unconfirmed
    );
    // The department cannot give the stranger a place for the child.
    let rows = rows_named(&mut admin, &app, "Әлия").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].claim, ClaimStatus::Unconfirmed);
    let (status, v) = issue(&mut admin, &app, &rows[0]).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("parenthood.not_confirmed"), "{v}");

    // The real parent adds the same child: the register confirms it at once, and the parent
    // queues it — the stranger's earlier entry does not block.
    let mine = add(&mut parent, &app, &child_iin, "Әлия").await;
    let my_card = card(&mut parent, &app, &child_iin).await;
    assert_eq!(my_card.claim.status, ClaimStatus::Confirmed);
    assert!(my_card.claim.by_register);
    assert!(
        my_card.claim.contested,
        "the parent sees someone else claims it"
    );
    let (status, v) = queue(&mut parent, &app, mine, &kg).await;
    assert_eq!(status, 200, "{v}");
    // The stranger's claim is now a dispute, and the stranger was told.
    assert_eq!(
        card(&mut stranger, &app, &child_iin).await.claim.status,
        ClaimStatus::Disputed
    );
    let (_, notes) = stranger.call(&app, "/api/cabinet/notifications", &[]).await;
    assert!(
        notes
            .to_string()
            .contains("Другой человек тоже добавил ребёнка"),
        "{notes}"
    );
    // Another stranger queueing after the confirmed parent is refused with its own message.
    let mut late = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let late_claim = add(&mut late, &app, &child_iin, "Әлия").await;
    let (status, v) = queue(&mut late, &app, late_claim, &kg).await;
    assert_ne!(status, 200);
    assert!(
        v.to_string()
            .contains("parenthood.queued_by_confirmed_parent"),
        "{v}"
    );

    // The department gives the real parent's entry a referral.
    let rows = rows_named(&mut admin, &app, "Әлия").await;
    let confirmed = rows
        .iter()
        .find(|r| r.claim == ClaimStatus::Confirmed)
        .unwrap();
    let (status, v) = issue(&mut admin, &app, confirmed).await;
    assert_eq!(status, 200, "{v}");
    let (_, referrals) = parent.call(&app, "/api/cabinet/referrals", &[]).await;
    let n = answer::<Vec<ReferralView>>(&referrals).len();
    assert_eq!(n, 1, "{referrals}");
    let (_, referrals) = stranger.call(&app, "/api/cabinet/referrals", &[]).await;
    let n = answer::<Vec<ReferralView>>(&referrals).len();
    assert_eq!(n, 0, "{referrals}");

    // The department sees the dispute with every claim and rejects the stranger's, saying why.
    let (status, claims) = admin.call(&app, "/api/admin/claims", &[]).await;
    assert_eq!(status, 200, "{claims}");
    let claims: Vec<ChildClaims> = answer(&claims);
    let dispute = claims
        .iter()
        .find(|c| c.child_iin == child_iin)
        .expect("the disputed child is listed");
    assert!(dispute.claims.len() >= 2, "{dispute:?}");
    let (status, v) = decide(
        &mut admin,
        &app,
        theirs,
        &[("decision", "reject"), ("reason", "no")],
    )
    .await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("parenthood.reason_required"), "{v}");
    let reason = "Куәліктегі ата-ана басқа адам";
    let (status, v) = decide(
        &mut admin,
        &app,
        theirs,
        &[("decision", "reject"), ("reason", reason)],
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(answer::<ClaimStatus>(&v), ClaimStatus::Rejected);
    // Deciding twice (a second tab) is refused.
    let (_, v) = decide(&mut admin, &app, theirs, &[("decision", "confirm")]).await;
    assert!(v.to_string().contains("parenthood.already_decided"), "{v}");
    // The stranger sees the rejection and its reason; the entry left the queue; queueing again
    // is refused.
    let their_card = card(&mut stranger, &app, &child_iin).await;
    assert_eq!(their_card.claim.status, ClaimStatus::Rejected);
    assert_eq!(their_card.claim.reason.as_deref(), Some(reason));
    assert!(their_card.queue.is_none(), "{their_card:?}");
    let (status, v) = queue(&mut stranger, &app, theirs, &kg).await;
    assert_ne!(status, 200);
    assert!(v.to_string().contains("parenthood.rejected"), "{v}");
    assert!(
        rows_named(&mut admin, &app, "Әлия")
            .await
            .iter()
            .all(|r| r.claim != ClaimStatus::Unconfirmed)
    );
    let actions = audit_actions(&app).await;
    assert!(
        actions.iter().any(|a| a == "parenthood.reject"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_department_confirms_a_child_from_the_birth_certificate_the_parent_uploads() {
    use app::documents::fixtures;
    let app = spawn_demo_app().await;
    let mut parent = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let other = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 1)).await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let kg = first_kg(&mut parent, &app).await;
    // A child the register does not list for this parent (e.g. a record not yet there).
    let child_iin = make_iin("220601", 5, 3100);
    let child = add(&mut parent, &app, &child_iin, "Нұрлан").await;
    assert_eq!(
        card(&mut parent, &app, &child_iin).await.claim.status,
        ClaimStatus::Unconfirmed
    );

    // A PNG named .jpg is refused with its own message; the photo of the certificate is kept.
    let (status, v) =
        upload_certificate(&parent, &app, child, fixtures::png_named_jpg().bytes).await;
    assert_eq!(status, 422, "{v}");
    let (status, v) =
        upload_certificate(&parent, &app, child, fixtures::document_small().bytes).await;
    assert_eq!(status, 201, "{v}");
    // Nobody uploads to another family's child.
    let (status, _) =
        upload_certificate(&other, &app, child, fixtures::document_small().bytes).await;
    assert_eq!(status, 404);
    let shown = card(&mut parent, &app, &child_iin).await;
    assert!(shown.claim.certificate_size.unwrap() > 0, "{shown:?}");

    // Not yet queued: not the department's to see. Queued: listed with the certificate.
    let (_, claims) = admin.call(&app, "/api/admin/claims", &[]).await;
    assert!(!claims.to_string().contains(&child_iin), "{claims}");
    let (status, v) = queue(&mut parent, &app, child, &kg).await;
    assert_eq!(status, 200, "{v}");
    let (_, claims) = admin.call(&app, "/api/admin/claims", &[]).await;
    let listed = answer::<Vec<ChildClaims>>(&claims)
        .into_iter()
        .find(|c| c.child_iin == child_iin)
        .expect("listed");
    assert!(listed.claims[0].has_certificate);
    assert_eq!(listed.claims[0].parent_iin, app.iin_of(DemoRole::Parent, 0));

    // The admin opens the certificate (audited); another parent cannot.
    let url = format!("/api/children/{child}/birth-certificate");
    let resp = app
        .client()
        .get(app.url(&url))
        .header("cookie", admin.header())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert!(resp.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]));
    let resp = app
        .client()
        .get(app.url(&url))
        .header("cookie", other.header())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 404);

    // No referral before the department confirms; one after.
    let row = rows_named(&mut admin, &app, "Нұрлан").await.remove(0);
    let (_, v) = issue(&mut admin, &app, &row).await;
    assert!(v.to_string().contains("parenthood.not_confirmed"), "{v}");
    let (status, v) = decide(&mut admin, &app, child, &[("decision", "confirm")]).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = issue(&mut admin, &app, &row).await;
    assert_eq!(status, 200, "{v}");
    let shown = card(&mut parent, &app, &child_iin).await;
    assert_eq!(shown.claim.status, ClaimStatus::Confirmed);
    assert!(!shown.claim.by_register);
    let (_, notes) = parent.call(&app, "/api/cabinet/notifications", &[]).await;
    assert!(
        notes.to_string().contains("подтвердил ваше родство"),
        "{notes}"
    );

    // The confirmed claim's certificate is evidence: not replaced.
    let (status, v) =
        upload_certificate(&parent, &app, child, fixtures::document_small().bytes).await;
    assert_eq!(status, 409, "{v}");
    assert!(
        v.to_string().contains("parenthood.certificate_locked"),
        "{v}"
    );
    let actions = audit_actions(&app).await;
    for a in ["parenthood.certificate_read", "parenthood.confirm"] {
        assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
    }
}

#[tokio::test]
async fn two_parents_claiming_one_child_see_a_dispute_and_the_second_confirmed_parent_does_not_queue_it_twice()
 {
    let app = spawn_demo_app().await;
    let mut mother = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let mut father = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 1)).await;
    let mut admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    let kg = first_kg(&mut mother, &app).await;
    let child_iin = make_iin("230101", 5, 3300);
    let m = add(&mut mother, &app, &child_iin, "Арман").await;
    let (status, v) = queue(&mut mother, &app, m, &kg).await;
    assert_eq!(status, 200, "{v}");
    let f = add(&mut father, &app, &child_iin, "Арман").await;
    // Both see the dispute.
    assert_eq!(
        card(&mut mother, &app, &child_iin).await.claim.status,
        ClaimStatus::Disputed
    );
    assert_eq!(
        card(&mut father, &app, &child_iin).await.claim.status,
        ClaimStatus::Disputed
    );
    let (status, v) = queue(&mut father, &app, f, &kg).await;
    assert_eq!(status, 200, "{v}");
    // The department finds both are the parents and confirms both: the child waits once.
    confirm_children(&app, &mut admin).await;
    let rows = rows_named(&mut admin, &app, "Арман").await;
    assert_eq!(rows.len(), 1, "one entry for the child: {rows:?}");
    assert_eq!(rows[0].claim, ClaimStatus::Confirmed);
    // The father's card shows the child's place (the mother's registration); queueing again is
    // refused with its own message.
    let card_f = card(&mut father, &app, &child_iin).await;
    assert_eq!(
        card_f.queue.as_ref().and_then(|q| q.position),
        Some(1),
        "{card_f:?}"
    );
    let (status, v) = queue(&mut father, &app, f, &kg).await;
    assert_ne!(status, 200);
    assert!(
        v.to_string()
            .contains("parenthood.queued_by_confirmed_parent"),
        "{v}"
    );
}
