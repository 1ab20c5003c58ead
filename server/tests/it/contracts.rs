//! The contract on the server: a parent prepares the contract from the wizard's data, signs
//! the canonical bytes with the signing key and sends it; the server re-validates, verifies
//! the signature over its own bytes and the parent's IIN, and stores everything at once.
//! Bad signatures, other families and retries change nothing.

use crate::common::{
    Browser, DemoApp, Server, answer, canonical_of, filled_draft, key_file, parent_with_referral,
    post_json, prepare, prepared, sent_contract, sign_as, sign_bytes, spawn_demo_app, submit,
};
use app::api::{
    ContractCard, ContractSummary, DemoRole, PrepareOutcome, ReferralView, SavedRequisites,
    SubmitReceipt, WizardStart,
};
use app::domain::{ContractStatus, Field, ReferralStatus};
use base64::Engine;
use sea_orm::{ConnectionTrait, Statement};

async fn scalar(app: &DemoApp, sql: &str) -> String {
    let db = app.db().await;
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|v| v.to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_parent_signs_and_sends_the_contract_and_sees_it_in_contracts() {
    let app = spawn_demo_app().await;
    let (mut parent, referral) = parent_with_referral(&app, 0, 21).await;
    let iin = app.iin_of(DemoRole::Parent, 0);

    let (status, start) = parent
        .call(
            &app,
            "/api/contract/start",
            &[("referral_id", &referral.to_string())],
        )
        .await;
    assert_eq!(status, 200, "{start}");
    let start: WizardStart = answer(&start);
    assert_eq!(start.prefill.representative.iin, iin);
    let amount_shown = start.monthly_amount_tenge.expect("a tariff");

    let draft = filled_draft(&parent, &app, referral).await;
    let (status, v) = prepare(&parent, &app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let ready = prepared(&v);
    let number = ready.number.clone();
    assert!(
        app::domain::ContractNumber::parse(&number).is_ok(),
        "{number}"
    );
    assert_eq!(ready.monthly_amount_tenge, amount_shown);
    // The representative is the signed-in parent, whatever the form said.
    let bytes = canonical_of(&ready);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(&iin), "the canonical bytes name the parent");
    assert!(
        ready.text.title_kk.contains("шарт"),
        "{}",
        ready.text.title_kk
    );

    let cms = sign_bytes(&app, &key_file(&app, &iin, true), &bytes);
    let id = i64::from(ready.contract_id);
    let key = "0123456789abcdef0123456789abcdef";
    let (status, receipt) = submit(&mut parent, &app, id, key, &cms).await;
    assert_eq!(status, 200, "{receipt}");
    let receipt: SubmitReceipt = answer(&receipt);
    assert_eq!(receipt.number, number);

    // A double tap / a retry: the same receipt, still one contract.
    let (status, again) = submit(&mut parent, &app, id, key, &cms).await;
    assert_eq!(status, 200, "{again}");
    let again: SubmitReceipt = answer(&again);
    assert_eq!(again.contract_id, receipt.contract_id);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM contracts").await, "1");

    // «Шарттар» and the card.
    let (_, list) = parent.call(&app, "/api/contract/list", &[]).await;
    let list: Vec<ContractSummary> = answer(&list);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, ContractStatus::SentForSigning);
    let (status, card) = parent
        .call(&app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 200, "{card}");
    let card: ContractCard = answer(&card);
    assert_eq!(card.monthly_amount_tenge, amount_shown);
    assert!(card.parent_signature.unwrap().signer.contains(&iin));
    // The referral moved on; the requisites are saved for the next contract.
    let (_, r) = parent.call(&app, "/api/cabinet/referrals", &[]).await;
    let r: Vec<ReferralView> = answer(&r);
    assert_eq!(r[0].status, ReferralStatus::ContractInProgress);
    let (_, saved) = parent.call(&app, "/api/cabinet/requisites", &[]).await;
    let saved: SavedRequisites = answer(&saved);
    assert_eq!(saved.requisites.id_doc_issuer, "ҚР ІІМ");
    // The parent was told.
    let (_, notes) = parent.call(&app, "/api/cabinet/notifications", &[]).await;
    assert!(notes.to_string().contains(&number));
    // The PDF is the same contract.
    let pdf = app
        .client()
        .get(app.url(&format!("/api/contracts/{id}/pdf")))
        .header("cookie", parent.header())
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status().as_u16(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    // A second preparation under the same referral is refused.
    let (status, v) = prepare(&parent, &app, referral, &draft).await;
    assert_eq!(status, 422, "{v}");
    assert!(
        v.to_string().contains("contract.referral_not_active"),
        "{v}"
    );
}

#[tokio::test]
async fn forged_or_foreign_signatures_are_refused_and_change_nothing() {
    let app = spawn_demo_app().await;
    let (mut parent, referral) = parent_with_referral(&app, 0, 22).await;
    let iin = app.iin_of(DemoRole::Parent, 0);
    let other = app.iin_of(DemoRole::Parent, 1);
    let draft = filled_draft(&parent, &app, referral).await;
    let (_, v) = prepare(&parent, &app, referral, &draft).await;
    let ready = prepared(&v);
    let id = i64::from(ready.contract_id);
    let bytes = canonical_of(&ready);
    let mut changed = bytes.clone();
    changed.extend_from_slice(b"amount=1\n");

    let cases = [
        // The AUTH key at step 6.
        (
            sign_bytes(&app, &key_file(&app, &iin, false), &bytes),
            "eds.verify.",
        ),
        // Someone else's signing key.
        (
            sign_bytes(&app, &key_file(&app, &other, true), &bytes),
            "eds.party.not_the_person",
        ),
        // Other bytes than the contract.
        (
            sign_bytes(&app, &key_file(&app, &iin, true), &changed),
            "eds.verify.",
        ),
        // Not a signature at all.
        (
            base64::engine::general_purpose::STANDARD.encode(b"garbage"),
            "",
        ),
    ];
    for (n, (cms, code)) in cases.iter().enumerate() {
        let key = format!("forged-signature-attempt-{n:04}");
        let (status, v) = submit(&mut parent, &app, id, &key, cms).await;
        assert_eq!(status, 422, "case {n}: {v}");
        assert!(v.to_string().contains(code), "case {n}: {v}");
    }
    assert_eq!(
        scalar(&app, "SELECT status FROM contracts").await,
        "draft",
        "nothing was sent"
    );
    let (_, r) = parent.call(&app, "/api/cabinet/referrals", &[]).await;
    let r: Vec<ReferralView> = answer(&r);
    assert_eq!(r[0].status, ReferralStatus::Active);
    // Not ticking «Мен шарттың мазмұнымен таныстым» is refused too.
    let cms = sign_bytes(&app, &key_file(&app, &iin, true), &bytes);
    let (status, v) = parent
        .call(
            &app,
            "/api/contract/submit",
            &[
                ("contract_id", &id.to_string()),
                ("idempotency_key", "not-acknowledged-0000"),
                ("cms_base64", &cms),
                ("acknowledged", "false"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(v.to_string().contains("contract.not_acknowledged"), "{v}");
    // The real signature still goes through afterwards.
    let (status, v) = submit(&mut parent, &app, id, "the-real-one-000000", &cms).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn the_server_validates_the_wizard_again_and_names_the_fields() {
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 23).await;
    let mut draft = filled_draft(&parent, &app, referral).await;
    // A card number where the IBAN goes, and no photo.
    draft["requisites"]["iban"] = "4400 4301 2345 6789".into();
    draft["documents"]["photo"] = serde_json::Value::Null;
    let (status, v) = prepare(&parent, &app, referral, &draft).await;
    assert_eq!(status, 200, "{v}");
    let errors = match answer(&v) {
        PrepareOutcome::FieldErrors(errors) => errors,
        PrepareOutcome::Ready(_) => panic!("field errors expected: {v}"),
    };
    assert!(errors.get(Field::Iban).is_some(), "{errors:?}");
    assert!(errors.get(Field::Photo).is_some(), "{errors:?}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM contracts").await, "0");
    // A document id that is not this parent's upload for this referral.
    let mut draft = filled_draft(&parent, &app, referral).await;
    draft["documents"]["photo"]["id"] = "0123456789abcdef0123456789abcdef".into();
    let (status, v) = prepare(&parent, &app, referral, &draft).await;
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("contract.document_not_found"), "{v}");
}

#[tokio::test]
async fn another_family_cannot_see_prepare_or_send_the_contract() {
    let app = spawn_demo_app().await;
    let (parent, referral) = parent_with_referral(&app, 0, 24).await;
    let draft = filled_draft(&parent, &app, referral).await;
    let (_, v) = prepare(&parent, &app, referral, &draft).await;
    let id = i64::from(prepared(&v).contract_id);
    let bytes = canonical_of(&prepared(&v));
    let other_iin = app.iin_of(DemoRole::Parent, 1);
    let mut other = Browser::login_as(&app, &other_iin).await;
    let (status, _) = other
        .call(
            &app,
            "/api/contract/start",
            &[("referral_id", &referral.to_string())],
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = prepare(&other, &app, referral, &draft).await;
    assert_eq!(status, 404);
    let (status, _) = post_json(
        &other,
        &app,
        "/api/contract/save_draft",
        serde_json::json!({ "referral_id": referral, "draft": draft }),
    )
    .await;
    assert_eq!(status, 404);
    let cms = sign_bytes(&app, &key_file(&app, &other_iin, true), &bytes);
    let (status, _) = submit(&mut other, &app, id, "someone-elses-try-0001", &cms).await;
    assert_eq!(status, 404);
    let (status, _) = other
        .call(&app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 404);
    let pdf = app
        .client()
        .get(app.url(&format!("/api/contracts/{id}/pdf")))
        .header("cookie", other.header())
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status().as_u16(), 404);
    let anonymous = app
        .client()
        .get(app.url(&format!("/api/contracts/{id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}

#[tokio::test]
async fn the_price_shown_is_the_price_signed_and_numbers_follow_each_other() {
    let app = spawn_demo_app().await;
    let (mut first, r1) = parent_with_referral(&app, 0, 25).await;
    let (second, r2) = parent_with_referral(&app, 1, 26).await;
    let d1 = filled_draft(&first, &app, r1).await;
    let (_, v1) = prepare(&first, &app, r1, &d1).await;
    let mut d2 = serde_json::to_value(app::domain::draft::test_values::contract()).unwrap();
    let d2_docs = filled_draft(&second, &app, r2).await;
    d2["documents"] = d2_docs["documents"].clone();
    // The second demo parent is a father (the authority must match the IIN's sex).
    d2["representative"]["authority"] = "father".into();
    let (_, v2) = prepare(&second, &app, r2, &d2).await;
    let (p1, p2) = (prepared(&v1), prepared(&v2));
    let n1 = app::domain::ContractNumber::parse(&p1.number).unwrap();
    let n2 = app::domain::ContractNumber::parse(&p2.number).unwrap();
    assert_eq!(n2.seq(), n1.seq() + 1, "{n1} then {n2}");
    // Preparing again keeps the number.
    let (_, again) = prepare(&first, &app, r1, &d1).await;
    let again = prepared(&again);
    assert_eq!(again.number, p1.number);

    // The tariff changes after the parent saw the contract: the contract keeps its price.
    let shown = p1.monthly_amount_tenge;
    let db = app.db().await;
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE tariffs SET monthly_amount_tenge = monthly_amount_tenge + 5000",
    ))
    .await
    .unwrap();
    let iin = app.iin_of(DemoRole::Parent, 0);
    let cms = sign_bytes(&app, &key_file(&app, &iin, true), &canonical_of(&again));
    let id = i64::from(again.contract_id);
    let (status, v) = submit(&mut first, &app, id, "price-shown-is-signed-01", &cms).await;
    assert_eq!(status, 200, "{v}");
    let (_, card) = first
        .call(&app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    assert_eq!(answer::<ContractCard>(&card).monthly_amount_tenge, shown);
}

#[tokio::test]
async fn the_wizard_draft_is_kept_on_the_server_for_another_device() {
    let app = spawn_demo_app().await;
    let (mut parent, referral) = parent_with_referral(&app, 0, 27).await;
    let mut draft = serde_json::to_value(app::domain::ContractDraft::default()).unwrap();
    draft["representative"]["phone"] = "+7 701 555 44 33".into();
    let (status, v) = post_json(
        &parent,
        &app,
        "/api/contract/save_draft",
        serde_json::json!({ "referral_id": referral, "draft": draft }),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // "Another device": a new session of the same parent.
    let mut other_device = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let (_, start) = other_device
        .call(
            &app,
            "/api/contract/start",
            &[("referral_id", &referral.to_string())],
        )
        .await;
    let start: WizardStart = answer(&start);
    let phone = start
        .draft
        .as_ref()
        .map(|d| d.representative.phone.as_str());
    assert_eq!(phone, Some("+7 701 555 44 33"));
    assert!(start.draft_updated_at > 0);
    let _ = &mut parent;
}

#[tokio::test]
async fn oversized_or_malformed_requests_are_refused_before_any_work() {
    let app = spawn_demo_app().await;
    let (mut parent, referral) = parent_with_referral(&app, 0, 28).await;
    let draft = filled_draft(&parent, &app, referral).await;
    let (_, v) = prepare(&parent, &app, referral, &draft).await;
    let id = i64::from(prepared(&v).contract_id);
    // A real signature, but a submission key that is too short or has other characters.
    let cms = sign_as(
        &app,
        &app.iin_of(DemoRole::Parent, 0),
        &canonical_of(&prepared(&v)),
    );
    for key in [
        "short",
        "has spaces in it but is long enough",
        "ключ-ключ-ключ-ключ-ключ",
    ] {
        let (status, v) = submit(&mut parent, &app, id, key, &cms).await;
        assert_eq!(status, 422, "{key}: {v}");
        assert!(v.to_string().contains("\"request\""), "{key}: {v}");
    }
    // A "signature" far larger than any real one is refused before it is even decoded.
    let huge = "A".repeat(200_000);
    let (status, v) = submit(&mut parent, &app, id, "a-valid-submission-key-01", &huge).await;
    assert_eq!(status, 422);
    assert!(v.to_string().contains("\"request\""), "{v}");
    // A draft far larger than any real one is not stored.
    let mut big = draft.clone();
    big["representative"]["workplace"] = "x".repeat(40_000).into();
    let (status, _) = post_json(
        &parent,
        &app,
        "/api/contract/save_draft",
        serde_json::json!({ "referral_id": referral, "draft": big }),
    )
    .await;
    assert_eq!(status, 422);
    let mut other = Browser::login_as(&app, &app.iin_of(DemoRole::Parent, 0)).await;
    let (_, start) = other
        .call(
            &app,
            "/api/contract/start",
            &[("referral_id", &referral.to_string())],
        )
        .await;
    let start: WizardStart = answer(&start);
    assert_ne!(
        start.draft.map(|d| d.representative.workplace.len()),
        Some(40_000)
    );
    assert_eq!(scalar(&app, "SELECT status FROM contracts").await, "draft");
    // The same signature with a proper key goes through: only the key was wrong.
    let (status, v) = submit(&mut parent, &app, id, "a-valid-submission-key-02", &cms).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn a_contract_stored_with_a_status_this_server_does_not_know_is_never_shown_as_another() {
    // Statuses are read through `Code<ContractStatus>`: an unknown code (a row written by a
    // newer server, or edited by hand) fails to load instead of passing for a draft.
    let app = spawn_demo_app().await;
    let (mut parent, _referral, id) = sent_contract(&app, 0, 71).await;
    let db = app.db().await;
    use sea_orm::EntityTrait;
    let row = server::db::entities::contracts::Entity::find_by_id(id as i32)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status.0, app::domain::ContractStatus::SentForSigning);
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!("UPDATE contracts SET status = 'teleported' WHERE id = {id}"),
    ))
    .await
    .unwrap();
    let read = server::db::entities::contracts::Entity::find_by_id(id as i32)
        .one(&db)
        .await;
    assert!(
        matches!(&read, Err(sea_orm::DbErr::Type(m)) if m.contains("teleported")),
        "{read:?}"
    );
    // The parent is told the service is unavailable, not shown a wrong status.
    let (status, v) = parent
        .call(&app, "/api/contract/card", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, 503, "{v}");
}
