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
    // The eGov Mobile / eGov Business app's `PUT` of a signature (API №2) comes from the app,
    // not a page, and carries no cookie: its credential is the session's bearer token.
    let from_app = req.uri().path().starts_with("/egov/sign/");
    if !safe && !from_app && cross_site(&req) {
        tracing::warn!(uri = %req.uri(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            axum::Json(serde_json::json!({ "code": "forbidden" })),
        )
            .into_response();
    }
    next.run(req).await
}

/// The Content-Security-Policy of every response that is not a page (and of a page whose
/// nonce is missing): only this site's scripts, WASM, styles and images (and `blob:` previews
/// of the parent's own photos); nothing inline at all; no framing, no plugins.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; \
worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'";

/// The Content-Security-Policy of a page rendered on the server: [`CSP`] plus the per-response
/// nonce that Leptos puts on the hydration bootstrap and its resource scripts — the only
/// inline scripts that run. No `'unsafe-inline'` anywhere.
pub fn page_csp(nonce: &str) -> String {
    CSP.replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'nonce-{nonce}'"),
        1,
    )
}

#[cfg(test)]
mod csp_tests {
    use super::*;

    #[test]
    fn nothing_inline_is_allowed_but_the_nonce() {
        assert!(!CSP.contains("unsafe-inline"));
        let page = page_csp("abc123");
        assert!(page.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!page.contains("unsafe-inline"));
        assert!(page.contains("frame-ancestors 'none'"));
    }
}
