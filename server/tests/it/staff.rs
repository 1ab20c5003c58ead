//! Kindergarten staff on the server: the inbox shows only their kindergarten's contracts;
//! signing needs the organisation's key with the kindergarten's BIN and puts the contract in
//! force; a refusal carries its reason to the parent, who corrects and sends a new version.

use crate::common::{
    Browser, DemoApp, Server, answer, canonical, canonical_of, post_json, prepared, sent_contract,
    sign_as, spawn_demo_app,
};
use app::api::DemoRole;
use app::domain::{ContractStatus, RefusalReason};
use sea_orm::{ConnectionTrait, Statement};

async fn inbox(b: &Browser, app: &DemoApp, query: serde_json::Value) -> (u16, serde_json::Value) {
    post_json(
        b,
        app,
        "/api/staff/inbox",
        serde_json::json!({ "query": query }),
    )
    .await
}

async fn execute(app: &DemoApp, sql: &str) {
    let db = app.db().await;
    db.execute(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
}

/// The staff member signs contract `id` with `cms_base64`.
async fn staff_sign(
    b: &mut Browser,
    app: &DemoApp,
    id: i64,
    cms_base64: &str,
) -> (u16, serde_json::Value) {
    b.call(
        app,
        "/api/staff/sign",
        &[("id", &id.to_string()), ("cms_base64", cms_base64)],
    )
    .await
}

/// The staff view of contract `id`.
async fn staff_view(b: &mut Browser, app: &DemoApp, id: i64) -> (u16, serde_json::Value) {
    b.call(app, "/api/staff/contract", &[("id", &id.to_string())])
        .await
}

#[tokio::test]
async fn staff_sign_a_contract_with_the_organisation_key_and_the_child_is_enrolled() {
    let app = spawn_demo_app().await;
    let (mut parent, _referral, id) = sent_contract(&app, 0, 31).await;
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(&app, &staff_iin).await;

    let (status, page) = inbox(&staff, &app, serde_json::json!({})).await;
    assert_eq!(status, 200, "{page}");
    let page: app::api::InboxPage = answer(&page);
    assert_eq!(page.awaiting, 1);
    assert_eq!(i64::from(page.rows[0].id), id);
    // Search by the child's name, by a wrong word; filter by status.
    let total = |v: &serde_json::Value| answer::<app::api::InboxPage>(v).total;
    let (_, found) = inbox(&staff, &app, serde_json::json!({ "q": "серікова" })).await;
    assert_eq!(total(&found), 1);
    let (_, none) = inbox(&staff, &app, serde_json::json!({ "q": "жоқадам" })).await;
    assert_eq!(total(&none), 0);
    let (_, signed) = inbox(
        &staff,
        &app,
        serde_json::json!({ "status": "signed_by_kindergarten" }),
    )
    .await;
    assert_eq!(total(&signed), 0);

    let (status, view) = staff_view(&mut staff, &app, id).await;
    assert_eq!(status, 200, "{view}");
    let bytes = canonical(&view);
    let view: app::api::StaffContract = answer(&view);
    assert_eq!(view.documents.len(), 3);
    assert!(
        view.requisites
            .iter()
            .any(|(_, v)| v.kk.contains("ҚР ІІМ") || v.ru.contains("ҚР ІІМ")),
        "{:?}",
        view.requisites
    );

    // A parent's personal key is not the organisation's.
    let parent_iin = app.iin_of(DemoRole::Parent, 0);
    let (status, v) = staff_sign(&mut staff, &app, id, &sign_as(&app, &parent_iin, &bytes)).await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("eds.party."), "{v}");

    let (status, v) = staff_sign(&mut staff, &app, id, &sign_as(&app, &staff_iin, &bytes)).await;
    assert_eq!(status, 200, "{v}");
    let signed: app::api::ContractSummary = answer(&v);
    assert_eq!(signed.status, ContractStatus::SignedByKindergarten);

    // The parent sees «Қол қойылды», both signatures; the referral is used.
    let (_, card) = parent
        .call(&app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    let card: app::api::ContractCard = answer(&card);
    assert_eq!(card.summary.status, ContractStatus::SignedByKindergarten);
    assert!(
        card.kindergarten_signature
            .is_some_and(|s| !s.signer.is_empty())
    );
    let (_, r) = parent.call(&app, "/api/cabinet/referrals", &[]).await;
    let r: Vec<app::api::ReferralView> = answer(&r);
    assert_eq!(r[0].status, app::domain::ReferralStatus::Used);
    let (_, notes) = parent.call(&app, "/api/cabinet/notifications", &[]).await;
    assert!(notes.to_string().contains("бала қабылданды"), "{notes}");
    // Signing twice is refused.
    let (status, _) = staff_sign(&mut staff, &app, id, &sign_as(&app, &staff_iin, &bytes)).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_signature_of_another_organisation_is_refused() {
    let app = spawn_demo_app().await;
    let (_parent, _referral, id) = sent_contract(&app, 0, 32).await;
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(&app, &staff_iin).await;
    let (_, view) = staff_view(&mut staff, &app, id).await;
    let bytes = canonical(&view);
    // The education department's key: an organisation key, but of another BIN.
    let admin_iin = app.iin_of(DemoRole::Admin, 0);
    let (status, v) = staff_sign(&mut staff, &app, id, &sign_as(&app, &admin_iin, &bytes)).await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v.to_string().contains("eds.party.other_organisation"),
        "{v}"
    );
}

/// The BIN checked is the one written in the contract the parent signed: changing the
/// kindergarten's row afterwards changes nothing for that contract.
#[tokio::test]
async fn the_bin_in_the_signed_contract_counts_not_the_kindergartens_row_today() {
    let app = spawn_demo_app().await;
    let (_parent, _referral, id) = sent_contract(&app, 0, 33).await;
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(&app, &staff_iin).await;
    let (_, view) = staff_view(&mut staff, &app, id).await;
    let bytes = canonical(&view);
    let kg = answer::<app::api::StaffContract>(&view)
        .card
        .summary
        .kindergarten
        .kk;
    execute(
        &app,
        &format!("UPDATE kindergartens SET bin = '070140001231' WHERE name_kk = '{kg}'"),
    )
    .await;
    let (status, v) = staff_sign(&mut staff, &app, id, &sign_as(&app, &staff_iin, &bytes)).await;
    assert_eq!(status, 200, "{v}");
    let signed: app::api::ContractSummary = answer(&v);
    assert_eq!(signed.status, ContractStatus::SignedByKindergarten);
}

/// Staff member A cannot sign with B's key (the audit would name A): the key's IIN must be
/// the signed-in staff member's.
#[tokio::test]
async fn a_staff_member_cannot_sign_with_a_colleagues_key() {
    let app = spawn_demo_app().await;
    let (_parent, _referral, id) = sent_contract(&app, 0, 34).await;
    let head_iin = app.iin_of(DemoRole::Staff, 0);
    // A colleague: the department admin is given a staff role at the same kindergarten.
    let colleague_iin = app.iin_of(DemoRole::Admin, 0);
    let db = app.db().await;
    server::db::roles::grant(
        &db,
        &colleague_iin,
        "staff",
        Some(1),
        None,
        "test",
        app.now(),
    )
    .await
    .unwrap();
    let mut colleague = Browser::login_as(&app, &colleague_iin).await;
    let (status, view) = staff_view(&mut colleague, &app, id).await;
    assert_eq!(status, 200, "{view}");
    let bytes = canonical(&view);
    let (status, v) = staff_sign(&mut colleague, &app, id, &sign_as(&app, &head_iin, &bytes)).await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v.to_string().contains("eds.party.not_the_staff_member"),
        "{v}"
    );
}

#[tokio::test]
async fn staff_of_another_kindergarten_and_parents_see_nothing() {
    let app = spawn_demo_app().await;
    let (mut parent, _referral, id) = sent_contract(&app, 0, 33).await;
    // The second demo parent is made staff of another kindergarten.
    let other = app.iin_of(DemoRole::Parent, 1);
    let db = app.db().await;
    let kg_of_contract: i32 = {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT kindergarten_id FROM contracts WHERE id = {id}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i32>(0).unwrap()
    };
    let another: i32 = {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "SELECT id FROM kindergartens WHERE id <> {kg_of_contract} ORDER BY id LIMIT 1"
                ),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i32>(0).unwrap()
    };
    server::db::roles::grant(&db, &other, "staff", Some(another), None, "test", app.now())
        .await
        .unwrap();
    let mut b = Browser::login_as(&app, &other).await;
    let (status, page) = inbox(&b, &app, serde_json::json!({ "status": "all" })).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(answer::<app::api::InboxPage>(&page).total, 0);
    for (path, form) in [
        ("/api/staff/contract", vec![("id", id.to_string())]),
        (
            "/api/staff/sign",
            vec![("id", id.to_string()), ("cms_base64", "AAAA".into())],
        ),
        (
            "/api/staff/refuse",
            vec![
                ("id", id.to_string()),
                ("reason", "no_places".into()),
                ("comment", String::new()),
            ],
        ),
    ] {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, v) = b.call(&app, path, &form).await;
        assert_eq!(status, 404, "{path}: {v}");
    }
    let pdf = app
        .client()
        .get(app.url(&format!("/api/contracts/{id}/pdf")))
        .header("cookie", b.header())
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status().as_u16(), 404);
    // A parent is not staff at all.
    let (status, _) = inbox(&parent, &app, serde_json::json!({})).await;
    assert_eq!(status, 403);
    let (status, _) = staff_view(&mut parent, &app, id).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_refusal_reaches_the_parent_who_corrects_and_sends_a_new_version() {
    let app = spawn_demo_app().await;
    let (mut parent, referral, id) = sent_contract(&app, 0, 34).await;
    let staff_iin = app.iin_of(DemoRole::Staff, 0);
    let mut staff = Browser::login_as(&app, &staff_iin).await;
    // "Other" needs an explanation.
    let (status, v) = staff
        .call(
            &app,
            "/api/staff/refuse",
            &[
                ("id", &id.to_string()),
                ("reason", "other"),
                ("comment", " "),
            ],
        )
        .await;
    assert_eq!(status, 422, "{v}");
    let (status, v) = staff
        .call(
            &app,
            "/api/staff/refuse",
            &[
                ("id", &id.to_string()),
                ("reason", "invalid_requisites"),
                ("comment", "ЖСК қате: банктен анықтаңыз"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let refused: app::api::ContractSummary = answer(&v);
    assert_eq!(refused.status, ContractStatus::RefusedByKindergarten);
    // The parent sees the reason; the referral can be used again.
    let (_, list) = parent.call(&app, "/api/contract/list", &[]).await;
    let list: Vec<app::api::ContractSummary> = answer(&list);
    let refusal = list[0].refusal.as_ref().expect("a refusal");
    assert_eq!(refusal.reason, RefusalReason::InvalidRequisites);
    assert_eq!(refusal.comment, "ЖСК қате: банктен анықтаңыз");
    let (_, start) = parent
        .call(
            &app,
            "/api/contract/start",
            &[("referral_id", &referral.to_string())],
        )
        .await;
    let start: app::api::WizardStart = answer(&start);
    assert!(start.sent.is_none());
    assert_eq!(start.refused.as_ref().map(|c| i64::from(c.id)), Some(id));
    // The saved requisites come back: nothing to retype.
    assert_eq!(start.prefill.requisites.id_doc_issuer, "ҚР ІІМ");
    // The corrected version is a new contract; the refused one is kept.
    let mut draft = start.prefill;
    draft.documents = start.documents;
    let (status, v) = post_json(
        &parent,
        &app,
        "/api/contract/prepare",
        serde_json::json!({ "referral_id": referral, "draft": draft }),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let new_id = i64::from(prepared(&v).contract_id);
    assert_ne!(new_id, id);
    let bytes = canonical_of(&prepared(&v));
    let iin = app.iin_of(DemoRole::Parent, 0);
    let (status, v) = parent
        .call(
            &app,
            "/api/contract/submit",
            &[
                ("contract_id", &new_id.to_string()),
                ("idempotency_key", "corrected-version-0001"),
                ("cms_base64", &sign_as(&app, &iin, &bytes)),
                ("acknowledged", "true"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, list) = parent.call(&app, "/api/contract/list", &[]).await;
    assert_eq!(answer::<Vec<app::api::ContractSummary>>(&list).len(), 2);
    let (_, page) = inbox(&staff, &app, serde_json::json!({})).await;
    let page: app::api::InboxPage = answer(&page);
    assert_eq!(page.awaiting, 1);
    assert_eq!(i64::from(page.rows[0].id), new_id);
}

#[tokio::test]
async fn a_search_longer_than_100_characters_is_refused() {
    let app = spawn_demo_app().await;
    let staff = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let (status, _) = inbox(&staff, &app, serde_json::json!({ "q": "а".repeat(101) })).await;
    assert_eq!(status, 422);
    let (status, _) = inbox(&staff, &app, serde_json::json!({ "q": "а".repeat(100) })).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_employee_the_head_appoints_signs_for_the_kindergarten_with_their_own_organisation_key()
{
    let app = spawn_demo_app().await;
    let (mut parent, _referral, id) = sent_contract(&app, 0, 35).await;
    // The demo employee (organisation key, the kindergarten's BIN, right to sign) has no role
    // until the head appoints them.
    let employee_iin = app.iin_of(DemoRole::Employee, 0);
    let mut employee = Browser::login_as(&app, &employee_iin).await;
    let (status, _) = staff_view(&mut employee, &app, id).await;
    assert_eq!(status, 403);
    let mut head = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let (_, kgs) = head.call(&app, "/api/staff/people", &[]).await;
    let kgs: Vec<app::api::KindergartenStaff> = answer(&kgs);
    let kg = kgs[0].kindergarten_id.to_string();
    let (status, v) = head
        .call(
            &app,
            "/api/staff/grant",
            &[("kindergarten_id", &kg), ("iin", &employee_iin)],
        )
        .await;
    assert_eq!(status, 200, "{v}");
    // Now the employee sees the contract and signs it with their own key.
    let (status, view) = staff_view(&mut employee, &app, id).await;
    assert_eq!(status, 200, "{view}");
    let bytes = canonical(&view);
    let (status, v) = staff_sign(
        &mut employee,
        &app,
        id,
        &sign_as(&app, &employee_iin, &bytes),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let signed: app::api::ContractSummary = answer(&v);
    assert_eq!(signed.status, ContractStatus::SignedByKindergarten);
    let (_, card) = parent
        .call(&app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    let card: app::api::ContractCard = answer(&card);
    assert!(
        card.kindergarten_signature
            .as_ref()
            .is_some_and(|s| s.signer.contains("ҚАСЫМОВА ДИНАРА")),
        "{card:?}"
    );
}
