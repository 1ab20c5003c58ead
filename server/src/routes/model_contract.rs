//! `GET /contract/model.pdf`: the model contract (the current template filled with example
//! terms) so a parent can read what they will sign before starting (GUIDE.md: "read it before
//! signing"). Marked «Үлгі / Образец» in the footer; rendered once and cached in memory.
use std::sync::OnceLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

static PDF: OnceLock<Option<Vec<u8>>> = OnceLock::new();

fn render() -> Option<Vec<u8>> {
    let terms = app::domain::canonical::example_terms();
    let values = app::domain::template_fill::Values::from_terms(&terms);
    let contract = app::domain::fill(&app::domain::default_template(), &values);
    let meta = crate::pdf::PdfMeta {
        contract_number: terms.number.clone(),
        canonical_sha256_hex: app::domain::canonical_sha256_hex(&terms),
        generated_at_text: "Үлгі / Образец".into(),
    };
    match crate::pdf::render_pdf(&contract, &meta) {
        Ok(b) => Some(b),
        Err(e) => {
            tracing::error!(error = %e, "model contract PDF");
            None
        }
    }
}

pub async fn model_pdf() -> Response {
    let pdf = match PDF.get() {
        Some(p) => p.clone(),
        None => {
            let made = tokio::task::spawn_blocking(render).await.ok().flatten();
            PDF.get_or_init(|| made).clone()
        }
    };
    let Some(bytes) = pdf else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"shart-ulgisi.pdf\""),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}
