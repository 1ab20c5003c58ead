//! How long browsers may keep the static files.
//!
//! The page's bundle carries its content hash in its name (`/pkg/ekg.<hash>.js|wasm|css`,
//! cargo-leptos `hash-files`): a new build has new names, so these are kept for a year without
//! asking again (`immutable`). Every other static file (the photo worker's module, the service
//! worker, the icon) keeps a stable name and is revalidated on each use (`no-cache`: the
//! browser asks with `If-Modified-Since` and usually gets a bodyless 304).
//!
//! Everything else — pages, server functions, documents — is `private, no-store` unless its
//! handler said otherwise: it may show a person's data, and neither a shared cache nor the
//! browser's disk may keep it. The anonymous public pages set their own (`public_pages`).
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// A year, immutable: for content-hashed files.
pub const HASHED: &str = "public, max-age=31536000, immutable";
/// Revalidate on every use: for static files with stable names.
pub const REVALIDATE: &str = "no-cache";
/// Never kept: for whatever may carry personal data.
pub const PRIVATE: &str = "private, no-store";

/// Middleware: sets `Cache-Control` on responses that have none — the static files' lifetimes
/// on their successful answers, [`PRIVATE`] on everything that is not a static file.
pub async fn cache_lifetimes(req: Request, next: Next) -> Response {
    let lifetime = lifetime_for(req.uri().path());
    let mut res = next.run(req).await;
    let value = match lifetime {
        Some(value) if matches!(res.status(), StatusCode::OK | StatusCode::NOT_MODIFIED) => {
            Some(value)
        }
        Some(_) => None,
        None => Some(PRIVATE),
    };
    if let Some(value) = value {
        res.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(value));
    }
    res
}

/// The `Cache-Control` for a request path, if it names a static file.
pub fn lifetime_for(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or_default();
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(
        ext,
        "js" | "wasm" | "css" | "svg" | "woff2" | "ttf" | "json"
    ) {
        return None;
    }
    if path.starts_with("/pkg/") && is_hashed(stem) {
        Some(HASHED)
    } else {
        Some(REVALIDATE)
    }
}

/// `ekg.<hash>` with the hash as cargo-leptos writes it (MD5, base64url without padding:
/// 22 characters); `ekg_bg` or `photo_worker` are not.
fn is_hashed(stem: &str) -> bool {
    stem.rsplit_once('.').is_some_and(|(_, hash)| {
        hash.len() >= 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashed_bundle_is_kept_for_a_year_and_the_rest_is_revalidated() {
        assert_eq!(
            lifetime_for("/pkg/ekg.Xb3k_9QmZr-2pL0aA1bC2d.wasm"),
            Some(HASHED)
        );
        assert_eq!(
            lifetime_for("/pkg/ekg.Xb3k_9QmZr-2pL0aA1bC2d.js"),
            Some(HASHED)
        );
        assert_eq!(
            lifetime_for("/pkg/ekg.Xb3k_9QmZr-2pL0aA1bC2d.css"),
            Some(HASHED)
        );
        // Stable names: the unhashed bundle of a build without hash-files, the photo worker.
        assert_eq!(lifetime_for("/pkg/ekg.wasm"), Some(REVALIDATE));
        assert_eq!(lifetime_for("/pkg/ekg_bg.wasm"), Some(REVALIDATE));
        assert_eq!(
            lifetime_for("/photo-worker/photo_worker_bg.wasm"),
            Some(REVALIDATE)
        );
        assert_eq!(lifetime_for("/photo-worker.js"), Some(REVALIDATE));
        assert_eq!(lifetime_for("/sw.js"), Some(REVALIDATE));
        // A hash-like name outside /pkg/ is not trusted to be immutable.
        assert_eq!(
            lifetime_for("/ekg.Xb3k_9QmZr-2pL0aA1bC2d.js"),
            Some(REVALIDATE)
        );
        // Pages and API calls are not static files.
        assert_eq!(lifetime_for("/"), None);
        assert_eq!(lifetime_for("/cabinet/contracts"), None);
        assert_eq!(lifetime_for("/api/documents/abc"), None);
        assert_eq!(lifetime_for("/api/contracts/7/pdf"), None);
    }
}
