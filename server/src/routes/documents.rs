//! `/api/documents`: uploading, reading and deleting the documents of wizard step 5.
//!
//! - `POST /api/documents?referral=ID&kind=photo|health_passport|health_certificate|pmpk_conclusion`
//!   with the JPEG as the raw body (`Content-Type: image/jpeg`). Signed-in parents only, for
//!   their own referral that still allows a contract; at most [`MAX_UPLOAD_BYTES`] (the body is
//!   read with that hard limit), [`crate::config::defaults::UPLOADS_PER_10_MIN`] uploads per account per 10 minutes
//!   (attempts counted by each server, stored documents in the shared database, so the limit
//!   holds across app servers).
//!   The server re-validates everything (`app::documents::inspect_upload`: magic bytes, a full
//!   decode with pixel and allocation limits, ≤ 2 MB, JPEG only), strips metadata, stores the
//!   bytes under a random key (atomically: nothing is stored unless the whole body arrived and
//!   passed) and records the SHA-256. Answer: a `DocumentRef` as JSON.
//! - `GET /api/documents/{key}`: the owner, or staff of the referral's kindergarten; anyone
//!   else gets 404 (as for a key that does not exist).
//! - `DELETE /api/documents/{key}`: the owner.
//!
//! Errors are JSON `{"code": "..."}` with the `UploadError`/`AppError` code; the browser shows
//! its Kazakh or Russian text.
use app::domain::AuditAction;
use std::time::Duration;

use app::auth_model::CurrentUser;
use app::domain::{DocumentKind, DocumentRef, Localized, MAX_UPLOAD_BYTES, UploadError};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::db::entities::{documents, people, referrals};
use crate::state::AppState;
use crate::storage::DocumentKey;

pub const UPLOAD_WINDOW: Duration = Duration::from_secs(600);
/// How long an upload waits for a decoding slot before it is answered 503.
pub const DECODE_WAIT: Duration = Duration::from_secs(20);

pub(crate) fn error(status: StatusCode, code: &str) -> Response {
    let body = app::api::UploadRefused { code: code.into() };
    (status, Json(body)).into_response()
}

pub(crate) async fn current_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<CurrentUser, Response> {
    let unauth = || error(StatusCode::UNAUTHORIZED, "unauthenticated");
    let token =
        app::session::cookie_in(headers, app::session::SESSION_COOKIE).ok_or_else(unauth)?;
    match state.ports.auth.session_user(&token).await {
        Ok(Some(u)) => Ok(u),
        Ok(None) => Err(unauth()),
        Err(_) => Err(error(StatusCode::SERVICE_UNAVAILABLE, "unavailable")),
    }
}

#[derive(serde::Deserialize)]
pub struct UploadParams {
    referral: i32,
    kind: String,
}

pub async fn upload(
    State(state): State<AppState>,
    Query(params): Query<UploadParams>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let user = match current_user(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some(kind) = DocumentKind::parse(&params.kind) else {
        return error(StatusCode::BAD_REQUEST, "request");
    };
    // The referral is the caller's own and still open for a contract.
    match state
        .ports
        .cabinet
        .referral_status(&user.iin, params.referral)
        .await
    {
        Ok(status) if status.allows_contract() => {}
        Ok(_) => return error(StatusCode::CONFLICT, "document.referral_closed"),
        Err(app::error::AppError::NotFound) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    }
    let StoredJpeg {
        key,
        sha256_hex,
        width,
        height,
        size,
    } = match store_checked_jpeg(&state, user.iin.as_str(), &headers, body).await {
        Ok(stored) => stored,
        Err(r) => return r,
    };
    let since = (state.ports.now)() - UPLOAD_WINDOW.as_secs() as i64;
    if crate::failpoint::hit("document.upload.before_row").is_err() {
        let _ = state.documents.delete(&key).await;
        return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    }
    let row = documents::ActiveModel {
        key: Set(key.as_str().to_string()),
        owner_iin: Set(user.iin.to_string()),
        referral_id: Set(params.referral),
        kind: Set(kind.form_name().to_string()),
        sha256: Set(sha256_hex.clone()),
        size: Set(size as i64),
        width: Set(width as i32),
        height: Set(height as i32),
        created_at: Set((state.ports.now)()),
        deleted_at: Set(None),
    };
    // Uploads running at once on several servers all passed the count above; recording counts
    // again, one upload of the account at a time, so together they cannot go past the limit.
    let slot = (params.referral, kind.form_name(), sha256_hex.as_str());
    match record_within_limit(&state, user.iin.as_str(), since, slot, row).await {
        Ok(Recorded::Stored) => {}
        Ok(Recorded::AlreadyThere(existing)) => {
            // The same bytes are already the slot's document (a retry whose first answer was
            // lost, a photo kept offline sent from two tabs): one record, answered again.
            let _ = state.documents.delete(&key).await;
            return (
                StatusCode::OK,
                Json(DocumentRef {
                    id: existing.key,
                    sha256_hex: existing.sha256,
                    size: u64::try_from(existing.size).unwrap_or_default(),
                }),
            )
                .into_response();
        }
        Ok(Recorded::OverLimit) => {
            let _ = state.documents.delete(&key).await;
            return error(StatusCode::TOO_MANY_REQUESTS, "upload.rate_limited");
        }
        Err(e) => {
            // The row is the record: without it the stored bytes are unreachable, remove them.
            tracing::error!(error = %e, "document row not stored");
            let _ = state.documents.delete(&key).await;
            return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        }
    }
    tracing::info!(kind = kind.form_name(), size, "document uploaded");
    (
        StatusCode::CREATED,
        Json(DocumentRef {
            id: key.as_str().to_string(),
            sha256_hex,
            size,
        }),
    )
        .into_response()
}

/// The common part of every JPEG upload (wizard documents, the birth certificate): the
/// per-account limits, the body read with the 2 MB hard limit, the full check in a decoding
/// slot, and the bytes stored under a new random key. Returns the key, the checked picture and
/// its size; or the error answer (nothing stored).
pub(crate) async fn store_checked_jpeg(
    state: &AppState,
    owner: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<StoredJpeg, Response> {
    if !state.upload_limiter.allow(owner) {
        return Err(error(StatusCode::TOO_MANY_REQUESTS, "upload.rate_limited"));
    }
    // The same limit across every app server: the documents this account stored in the window
    // (deleted ones too) are in the shared database.
    let since = (state.ports.now)() - UPLOAD_WINDOW.as_secs() as i64;
    let stored = documents::Entity::find()
        .filter(documents::Column::OwnerIin.eq(owner))
        .filter(documents::Column::CreatedAt.gte(since))
        .count(&state.db)
        .await;
    match stored {
        Ok(n) if n >= state.upload_limiter.max() as u64 => {
            return Err(error(StatusCode::TOO_MANY_REQUESTS, "upload.rate_limited"));
        }
        Ok(_) => {}
        Err(_) => return Err(error(StatusCode::SERVICE_UNAVAILABLE, "unavailable")),
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES) {
        return Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            UploadError::TooLarge.code(),
        ));
    }
    // The hard limit: never more than 2 MB (+1 byte to tell "too large") in memory.
    let bytes = match axum::body::to_bytes(body, MAX_UPLOAD_BYTES as usize + 1).await {
        Ok(b) => b,
        Err(e) => {
            let inner = e.into_inner();
            let too_large = inner.is::<http_body_util::LengthLimitError>();
            if too_large {
                return Err(error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    UploadError::TooLarge.code(),
                ));
            }
            // The connection broke mid-upload: nothing was stored.
            tracing::info!(error = %inner, "upload body not received in full");
            return Err(error(StatusCode::BAD_REQUEST, "upload.incomplete"));
        }
    };
    // At most `EKG_UPLOAD_DECODES` pictures are decoded at once (each up to 27 MiB as RGB);
    // the others wait their turn for a while, then get "try again" rather than piling up.
    let slot =
        match tokio::time::timeout(DECODE_WAIT, state.decode_slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => slot,
            _ => {
                tracing::warn!("upload decoding busy: answered 503");
                return Err(error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"));
            }
        };
    let checked = match check_at_low_priority(bytes, slot).await {
        Some(Ok(c)) => c,
        Some(Err(e)) => return Err(error(StatusCode::UNPROCESSABLE_ENTITY, e.code())),
        None => return Err(error(StatusCode::SERVICE_UNAVAILABLE, "unavailable")),
    };
    let key = match DocumentKey::random() {
        Ok(k) => k,
        Err(_) => return Err(error(StatusCode::SERVICE_UNAVAILABLE, "unavailable")),
    };
    let size = checked.bytes.len() as u64;
    if let Err(e) = state
        .documents
        .put(&key, bytes::Bytes::from(checked.bytes))
        .await
    {
        tracing::error!(error = %e, "document not stored");
        let code = match e {
            crate::storage::StorageError::Full => "upload.storage_full",
            _ => "unavailable",
        };
        return Err(error(StatusCode::SERVICE_UNAVAILABLE, code));
    }
    Ok(StoredJpeg {
        key,
        sha256_hex: checked.sha256_hex,
        width: checked.width,
        height: checked.height,
        size,
    })
}

/// Runs the full check of an upload (`app::documents::inspect_upload`) on a thread of its own
/// at a lower scheduling priority (nice 10, on Linux): decoding is the one heavy computation
/// of the service, and while photos are decoded every other request (a parent's send, a page,
/// a log-in) still gets the cores first. One short-lived thread per upload, at most as many as
/// there are decoding slots (`slot` is held until the check ends); starting a thread costs
/// tens of microseconds, a decode milliseconds. `None` if no thread could be started.
async fn check_at_low_priority(
    bytes: bytes::Bytes,
    slot: tokio::sync::OwnedSemaphorePermit,
) -> Option<Result<app::documents::CheckedJpeg, UploadError>> {
    let (answer, checked) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("ekg-upload-check".into())
        .spawn(move || {
            let _slot = slot;
            lower_this_threads_priority();
            let _ = answer.send(app::documents::inspect_upload(&bytes, MAX_UPLOAD_BYTES));
        })
        .map_err(|e| tracing::error!(error = %e, "no thread for an upload check"))
        .ok()?;
    checked.await.ok()
}

/// Nice 10 for the calling thread only (Linux applies `PRIO_PROCESS` with a thread id to that
/// thread). Best effort: a failure leaves the thread at the normal priority.
#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

/// A checked JPEG stored under `key` (its row not yet written).
pub(crate) struct StoredJpeg {
    pub key: DocumentKey,
    pub sha256_hex: String,
    pub width: u32,
    pub height: u32,
    pub size: u64,
}

/// Inserts `row` unless `owner` already stored the limit since `since`; `Ok(false)` then.
///
/// The transaction first writes the account's `people` row (a no-op update), which takes that
/// row's lock on PostgreSQL and the write lock on SQLite: two uploads of one account, on any
/// servers, are counted and recorded one after the other.
/// What recording an upload came to.
enum Recorded {
    Stored,
    /// The slot's current document has these very bytes.
    AlreadyThere(documents::Model),
    OverLimit,
}

async fn record_within_limit(
    state: &AppState,
    owner: &str,
    since: i64,
    (referral_id, kind, sha256_hex): (i32, &str, &str),
    row: documents::ActiveModel,
) -> Result<Recorded, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    use sea_orm::sea_query::Expr;
    let txn = crate::db::write_turn::begin_write(&state.db).await?;
    people::Entity::update_many()
        .col_expr(
            people::Column::LastLoginAt,
            Expr::col(people::Column::LastLoginAt).into(),
        )
        .filter(people::Column::Iin.eq(owner))
        .exec(&txn)
        .await?;
    // The slot holds exactly these bytes already (its one live document, or several copies
    // and nothing else): that record is the answer. Anything else in the slot (a replaced
    // photo whose deletion has not reached us) and these bytes are a new, newest upload.
    // Two reads of at most one row each, however many documents the slot has collected.
    let slot = || {
        documents::Entity::find()
            .filter(documents::Column::OwnerIin.eq(owner))
            .filter(documents::Column::ReferralId.eq(referral_id))
            .filter(documents::Column::Kind.eq(kind))
            .filter(documents::Column::DeletedAt.is_null())
    };
    let other = slot()
        .filter(documents::Column::Sha256.ne(sha256_hex))
        .one(&txn)
        .await?;
    let same = match other {
        Some(_) => None,
        None => {
            slot()
                .filter(documents::Column::Sha256.eq(sha256_hex))
                .order_by_asc(documents::Column::CreatedAt)
                .one(&txn)
                .await?
        }
    };
    if let Some(current) = same {
        txn.rollback().await?;
        return Ok(Recorded::AlreadyThere(current));
    }
    let stored = documents::Entity::find()
        .filter(documents::Column::OwnerIin.eq(owner))
        .filter(documents::Column::CreatedAt.gte(since))
        .count(&txn)
        .await?;
    if stored >= state.upload_limiter.max() as u64 {
        txn.rollback().await?;
        return Ok(Recorded::OverLimit);
    }
    documents::Entity::insert(row)
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(Recorded::Stored)
}

/// The document row `key`, if the caller may read it.
async fn readable(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<Option<documents::Model>, sea_orm::DbErr> {
    let Some(doc) = documents::Entity::find_by_id(key.to_string())
        .filter(documents::Column::DeletedAt.is_null())
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    if doc.owner_iin == user.iin.as_str() {
        return Ok(Some(doc));
    }
    let staff_of = user.staff_kindergartens();
    if staff_of.is_empty() {
        return Ok(None);
    }
    let referral = referrals::Entity::find_by_id(doc.referral_id)
        .filter(referrals::Column::KindergartenId.is_in(staff_of))
        .one(&state.db)
        .await?;
    Ok(referral.map(|_| doc))
}

pub async fn download(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let user = match current_user(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(parsed) = DocumentKey::parse(&key) else {
        return error(StatusCode::NOT_FOUND, "not_found");
    };
    let doc = match readable(&state, &user, parsed.as_str()).await {
        Ok(Some(d)) => d,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    if doc.owner_iin != user.iin.as_str() {
        // Staff reading a family's document is audited, for the referral's department.
        let department = match referrals::Entity::find_by_id(doc.referral_id)
            .one(&state.db)
            .await
        {
            Ok(r) => r.map(|r| r.department_id),
            Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        };
        crate::db::audit::append(
            &state.db,
            app::domain::audit_chain::AuditEntry {
                at: (state.ports.now)(),
                actor: user.iin.to_string(),
                action: AuditAction::DocumentRead.as_str().into(),
                subject: format!("document:{}", doc.key),
                detail: serde_json::json!({ "kind": doc.kind, "referral": doc.referral_id })
                    .to_string(),
                origin: crate::client_origin::current_origin(),
                department_id: department,
            },
        )
        .await;
    }
    let bytes = match state.documents.get(&parsed).await {
        Ok(Some(b)) => b,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    jpeg_response(bytes, &doc.kind)
}

/// A stored picture as sent to its reader: `image/jpeg` named `{name}.jpg`, never sniffed,
/// never cached, sandboxed if opened on its own.
pub(crate) fn jpeg_response(bytes: bytes::Bytes, name: &str) -> Response {
    let mut resp = Body::from(bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}.jpg\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    resp
}

/// What [`mark_deleted_unless_locked`] did.
enum Marked {
    Deleted,
    /// A sent contract includes it: nothing changed.
    Locked,
    /// Someone deleted it a moment before.
    Gone,
}

/// Marks `doc` deleted unless a sent contract includes it.
async fn mark_deleted_unless_locked(
    state: &AppState,
    doc: &documents::Model,
) -> Result<Marked, sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    use sea_orm::sea_query::Expr;
    let txn = state.db.begin().await?;
    let marked = documents::Entity::update_many()
        .col_expr(
            documents::Column::DeletedAt,
            Expr::value(Some((state.ports.now)())),
        )
        .filter(documents::Column::Key.eq(&doc.key))
        .filter(documents::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected == 0 {
        txn.rollback().await?;
        return Ok(Marked::Gone);
    }
    let locked = crate::db::evidence::locked_digests(&txn, [doc.referral_id]).await?;
    if crate::db::evidence::is_locked(&locked, doc.referral_id, &doc.sha256) {
        txn.rollback().await?;
        return Ok(Marked::Locked);
    }
    txn.commit().await?;
    Ok(Marked::Deleted)
}

pub async fn delete(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let user = match current_user(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(parsed) = DocumentKey::parse(&key) else {
        return error(StatusCode::NOT_FOUND, "not_found");
    };
    let found = documents::Entity::find_by_id(parsed.as_str().to_string())
        .filter(documents::Column::OwnerIin.eq(user.iin.as_str()))
        .filter(documents::Column::DeletedAt.is_null())
        .one(&state.db)
        .await;
    let doc = match found {
        Ok(Some(d)) => d,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    // A document of a contract the parent signed and sent is evidence: it stays. The row is
    // marked first and the lock checked in the same transaction, so a contract being sent at
    // this moment (which writes these rows too) is either seen as sent or sees the row gone.
    match mark_deleted_unless_locked(&state, &doc).await {
        Ok(Marked::Deleted) => {}
        Ok(Marked::Locked) => return error(StatusCode::CONFLICT, UploadError::Locked.code()),
        Ok(Marked::Gone) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    }
    if let Err(e) = state.documents.delete(&parsed).await {
        // The row says deleted; the bytes are unreachable and a later sweep may remove them.
        tracing::warn!(error = %e, "document bytes not deleted");
    }
    StatusCode::NO_CONTENT.into_response()
}
