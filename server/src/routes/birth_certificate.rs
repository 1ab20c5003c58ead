//! `/api/children/{id}/birth-certificate`: the birth certificate a parent uploads so the
//! department can confirm the parenthood claim (issue 26, item 3; `db::parenthood`).
//!
//! - `POST` (the claim's own parent; raw JPEG body): the same pipeline and limits as the
//!   wizard's documents (`documents::store_checked_jpeg`: ≤ 2 MB, full decode, metadata
//!   stripped, per-account rate limit). A confirmed claim's certificate is evidence and is not
//!   replaced (409). Answer: a `DocumentRef`.
//! - `GET`: the claim's parent, or an admin of a department the child is queued in (audited as
//!   `parenthood.certificate_read`); anyone else gets 404.
use app::auth_model::Role;
use app::domain::AuditAction;
use app::domain::{DocumentRef, Localized};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::documents::{StoredJpeg, current_user, error, jpeg_response, store_checked_jpeg};
use crate::db::entities::children;
use crate::state::AppState;
use crate::storage::DocumentKey;

pub async fn upload(
    State(state): State<AppState>,
    Path(child_id): Path<i32>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let user = match current_user(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let claim = match children::Entity::find_by_id(child_id)
        .filter(children::Column::ParentIin.eq(user.iin.as_str()))
        .one(&state.db)
        .await
    {
        Ok(Some(c)) => c,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    // Refused before reading the body: a confirmed claim keeps its certificate.
    if crate::db::parenthood::status_of(&claim) == app::domain::ClaimStatus::Confirmed {
        return error(
            StatusCode::CONFLICT,
            app::domain::ParenthoodError::CertificateLocked.code(),
        );
    }
    let StoredJpeg {
        key,
        sha256_hex,
        size,
        ..
    } = match store_checked_jpeg(&state, user.iin.as_str(), &headers, body).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let now = (state.ports.now)();
    match crate::db::parenthood::attach_certificate(
        &state.db,
        user.iin.as_str(),
        child_id,
        (key.as_str(), &sha256_hex, size),
        now,
    )
    .await
    {
        Ok(replaced) => {
            if let Some(old) = replaced.and_then(|k| DocumentKey::parse(&k).ok()) {
                // The replaced picture is no longer anyone's evidence; if this fails the orphan
                // sweep removes it.
                let _ = state.documents.delete(&old).await;
            }
        }
        Err(e) => {
            let _ = state.documents.delete(&key).await;
            return match e {
                app::error::AppError::Invalid(code) => error(StatusCode::CONFLICT, &code),
                app::error::AppError::NotFound => error(StatusCode::NOT_FOUND, "not_found"),
                _ => error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            };
        }
    }
    tracing::info!(size, "birth certificate uploaded");
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

pub async fn download(
    State(state): State<AppState>,
    Path(child_id): Path<i32>,
    headers: HeaderMap,
) -> Response {
    let user = match current_user(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let claim = match children::Entity::find_by_id(child_id).one(&state.db).await {
        Ok(Some(c)) => c,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    let mut reader_department = None;
    if claim.parent_iin != user.iin.as_str() {
        for department_id in user.roles.iter().filter_map(|r| match r {
            Role::Admin { department_id } => Some(*department_id),
            _ => None,
        }) {
            match crate::db::parenthood::claim_of_department(&state.db, child_id, department_id)
                .await
            {
                Ok(Some(_)) => {
                    reader_department = Some(department_id);
                    break;
                }
                Ok(None) => {}
                Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            }
        }
        if reader_department.is_none() {
            return error(StatusCode::NOT_FOUND, "not_found");
        }
    }
    let Some(key) = claim
        .certificate_key
        .as_deref()
        .and_then(|k| DocumentKey::parse(k).ok())
    else {
        return error(StatusCode::NOT_FOUND, "not_found");
    };
    if let Some(department_id) = reader_department {
        crate::db::audit::append(
            &state.db,
            app::domain::audit_chain::AuditEntry {
                at: (state.ports.now)(),
                actor: user.iin.to_string(),
                action: AuditAction::ParenthoodCertificateRead.as_str().into(),
                subject: format!("child:{child_id}"),
                detail: serde_json::json!({ "sha256": claim.certificate_sha256 }).to_string(),
                origin: crate::client_origin::current_origin(),
                department_id: Some(department_id),
            },
        )
        .await;
    }
    let bytes = match state.documents.get(&key).await {
        Ok(Some(b)) => b,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    jpeg_response(bytes, "birth_certificate")
}
