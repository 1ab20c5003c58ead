//! The page's WASM gets server-function answers as postcard (`app::wire`), every other client
//! JSON when it asks for it. postcard is not self-describing, so a type that cannot travel that
//! way would break a page only in the browser: here every answer the parent's, the staff's and
//! the admin's pages read is fetched both ways, decoded by its type and compared with its JSON.
use serde::Serialize;
use serde::de::DeserializeOwned;

use app::api::DemoRole;

use crate::common::{Browser, DemoApp, sent_contract, spawn_demo_app};

/// POSTs `body` (a form, or JSON if it starts with `{`) to the server function at `path`
/// twice (as the page does, and asking for JSON) and checks that both answers hold the same
/// `T`.
async fn same_both_ways<T: Serialize + DeserializeOwned>(
    app: &DemoApp,
    b: &Browser,
    path: &str,
    body: &str,
) -> T {
    let content_type = if body.starts_with('{') {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    let send = |accept: &'static str| {
        app.app
            .client
            .post(app.app.url(path))
            .header("content-type", content_type)
            .header("accept", accept)
            .header("cookie", b.header())
            .body(body.to_string())
            .send()
    };
    let page = send("*/*").await.unwrap();
    assert_eq!(page.status(), 200, "{path}");
    assert_eq!(
        page.headers()["content-type"],
        app::wire::POSTCARD,
        "{path}"
    );
    let bytes = page.bytes().await.unwrap();
    let typed: T = postcard::from_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{path}: the page could not read its answer: {e}"));

    let json = send("application/json").await.unwrap();
    assert_eq!(json.status(), 200, "{path}");
    assert!(
        json.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}"
    );
    let json: serde_json::Value = json.json().await.unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), json, "{path}");
    typed
}

#[tokio::test]
async fn the_page_gets_compact_answers_and_other_clients_json() {
    use app::api;
    let app = spawn_demo_app().await;
    let (parent, referral, contract_id) = sent_contract(&app, 0, 4101).await;

    let cards: Vec<app::domain::kindergarten::KindergartenCard> = same_both_ways(
        &app,
        &parent,
        "/api/catalogue/list",
        "filter[query]=&filter[e_contracts_only]=false",
    )
    .await;
    assert!(!cards.is_empty());
    let me: Option<app::auth_model::CurrentUser> =
        same_both_ways(&app, &parent, "/api/auth/me", "").await;
    assert!(me.is_some());
    let children: Vec<api::ChildView> =
        same_both_ways(&app, &parent, "/api/cabinet/children", "").await;
    assert!(!children.is_empty());
    let _: Vec<api::DepartmentOption> =
        same_both_ways(&app, &parent, "/api/cabinet/departments", "").await;
    let referrals: Vec<api::ReferralView> =
        same_both_ways(&app, &parent, "/api/cabinet/referrals", "").await;
    assert!(referrals.iter().any(|r| i64::from(r.id) == referral));
    let _: api::ReferralView = same_both_ways(
        &app,
        &parent,
        "/api/cabinet/referral",
        &format!("id={referral}"),
    )
    .await;
    let _: Vec<api::NotificationView> =
        same_both_ways(&app, &parent, "/api/cabinet/notifications", "").await;
    let _: u32 = same_both_ways(&app, &parent, "/api/cabinet/unread", "").await;
    let _: api::SavedRequisites =
        same_both_ways(&app, &parent, "/api/cabinet/requisites", "").await;
    let _: api::WizardStart = same_both_ways(
        &app,
        &parent,
        "/api/contract/start",
        &format!("referral_id={referral}"),
    )
    .await;
    let contracts: Vec<api::ContractSummary> =
        same_both_ways(&app, &parent, "/api/contract/list", "").await;
    assert!(!contracts.is_empty());
    let _: api::ContractCard = same_both_ways(
        &app,
        &parent,
        "/api/contract/card",
        &format!("id={contract_id}"),
    )
    .await;

    let staff = Browser::login_as(&app, &app.iin_of(DemoRole::Staff, 0)).await;
    let _: api::InboxPage =
        same_both_ways(&app, &staff, "/api/staff/inbox", r#"{"query":{}}"#).await;
    let _: api::StaffContract = same_both_ways(
        &app,
        &staff,
        "/api/staff/contract",
        &format!("id={contract_id}"),
    )
    .await;

    let admin = Browser::login_as(&app, &app.iin_of(DemoRole::Admin, 0)).await;
    use app::api as o;
    let _: Vec<api::AdminQueueRow> = same_both_ways(&app, &admin, "/api/admin/queue", "").await;
    let _: Vec<api::RoleRow> = same_both_ways(&app, &admin, "/api/admin/roles", "").await;
    let _: Vec<api::KindergartenOption> =
        same_both_ways(&app, &admin, "/api/admin/kindergartens", "").await;
    let _: o::Stats = same_both_ways(&app, &admin, "/api/admin/stats", "").await;
    let _: o::Tariffs = same_both_ways(&app, &admin, "/api/admin/tariffs", "").await;
    let _: o::Templates = same_both_ways(&app, &admin, "/api/admin/templates", "").await;
    let _: o::KindergartensAdmin =
        same_both_ways(&app, &admin, "/api/admin/kindergartens_full", "").await;
    let _: o::AuditPage = same_both_ways(&app, &admin, "/api/admin/audit", r#"{"query":{}}"#).await;
}
