//! `GET /api/contracts/{id}/pdf`: the contract as a PDF (Kazakh and Russian, the same data as
//! the HTML and the canonical bytes; the footer carries the canonical SHA-256). For the
//! parent who owns it (also while it is being prepared at wizard step 6) and for staff of its
//! kindergarten once it was sent; anyone else gets 404, as for a contract that does not exist.
use app::auth_model::Role;
use app::domain::ContractStatus;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::EntityTrait;

use super::documents::{current_user, error};
use crate::db::entities::contracts;
use crate::state::AppState;

pub async fn contract_pdf(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    headers: HeaderMap,
) -> Response {
    let user = match current_user(&state, &headers).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let c = match contracts::Entity::find_by_id(id).one(&state.db).await {
        Ok(Some(c)) => c,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    };
    let status = c.status.0;
    let staff = status != ContractStatus::Draft
        && user.roles.iter().any(|r| {
            matches!(r, Role::Staff { kindergarten_id } if *kindergarten_id == c.kindergarten_id)
        });
    if c.parent_iin != user.iin.as_str() && !staff {
        return error(StatusCode::NOT_FOUND, "not_found");
    }
    let Ok(terms) = crate::db::contracts::terms_of(&c) else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    };
    let meta = crate::pdf::PdfMeta {
        contract_number: c.number.clone(),
        canonical_sha256_hex: c.canonical_sha256.clone(),
        generated_at_text: format!(
            "{} / {}",
            status.label(app::domain::Lang::Kk),
            status.label(app::domain::Lang::Ru)
        ),
    };
    let Ok(text) = crate::db::contracts::text_of(&state.db, c.department_id, &terms).await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    };
    let rendered = tokio::task::spawn_blocking(move || crate::pdf::render_pdf(&text, &meta)).await;
    let bytes = match rendered {
        Ok(Ok(b)) => b,
        _ => {
            tracing::error!(contract = id, "contract PDF could not be made");
            return error(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        }
    };
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"shart-{}.pdf\"",
        c.number.replace(['.', '-'], "_")
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}
