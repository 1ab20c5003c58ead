//! Cross-site request forgery: a state-changing request (anything but GET, HEAD, OPTIONS) that
//! a browser sends from another site is refused with 403 before it reaches a handler. The
//! browser says where the request comes from in `Origin` (always sent on such requests by
//! current browsers) or `Sec-Fetch-Site`; both must name this site. Session cookies are also
//! `SameSite=Lax`, so this is the second of two independent defences.
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn cross_site(req: &Request) -> bool {
    let h = req.headers();
    if let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = h
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'))
            .unwrap_or("");
        return origin == "null" || origin_host != host;
    }
    matches!(
        h.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        Some("cross-site")
    )
}

pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && cross_site(&req) {
        tracing::warn!(uri = %req.uri(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            axum::Json(serde_json::json!({ "code": "forbidden" })),
        )
            .into_response();
    }
    next.run(req).await
}

/// The Content-Security-Policy of every page: only this site's scripts, WASM, styles,
/// images (and `blob:` previews of the parent's own photos); no framing, no plugins.
/// `'unsafe-inline'` for scripts is needed by the hydration bootstrap Leptos inlines.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; \
worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'";
