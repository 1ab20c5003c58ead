//! Anonymous public pages (the catalogue, help) served from memory, with `ETag`/`304` and
//! `Cache-Control: public` so a reverse proxy or CDN in front can absorb an admission-day rush
//! (issue 28).
//!
//! A page is kept once rendered for a visitor without a session — by its path and query and
//! the language cookie — while the catalogue's version stays the same (at most
//! [`ENTRY_LIFETIME`]), already compressed for each encoding asked for. Everything a page
//! showed a signed-in person stays `private, no-store` (`static_cache::cache_lifetimes`): a
//! request that carries a session cookie is never answered from here nor stored, nor is a
//! response that sets a cookie.
//!
//! The page's Content-Security-Policy names the nonce of its inline scripts; a kept page keeps
//! its own nonce and policy (a new rendering gets a new nonce), and a `304` repeats that policy,
//! since browsers update a stored page's headers from the `304`.
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use app::i18n::lang_state::lang_from_cookie_header;
use app::session::{SESSION_COOKIE, cookie_in};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::catalogue_cache::CatalogueCache;

/// How long a shared cache may go on serving a page while it asks for a fresh one.
const STALE_WHILE_REVALIDATE: u32 = 60;
/// Pages rendered anew at least this often (a fresh nonce, memory returned).
pub const ENTRY_LIFETIME: Duration = Duration::from_secs(600);
/// Pages kept at most (searches typed by parents are many; each page is ~30 KB).
pub const MAX_ENTRIES: usize = 512;
/// Longer paths with their query are rendered but not kept.
const MAX_KEY_LEN: usize = 300;
/// A rendered page larger than this is sent but not kept.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// The public pages: the same for every visitor without a session.
const PUBLIC_PATHS: [&str; 2] = ["/", "/help"];
const VARY: &str = "Cookie, Accept-Encoding";

/// Content codings we send, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The best coding the `Accept-Encoding` header allows (`q=0` refuses one).
    pub fn negotiate(headers: &HeaderMap) -> Coding {
        let mut br = false;
        let mut gzip = false;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                if name.eq_ignore_ascii_case("br") {
                    br = true;
                } else if name.eq_ignore_ascii_case("gzip") {
                    gzip = true;
                }
            }
        }
        if br {
            Coding::Brotli
        } else if gzip {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }

    fn header(self) -> Option<HeaderValue> {
        match self {
            Coding::Brotli => Some(HeaderValue::from_static("br")),
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Identity => None,
        }
    }
}

/// One rendered page.
pub struct Entry {
    version: i64,
    created: Instant,
    /// The page's own headers (type, its nonce's CSP), without length, coding and caching.
    headers: HeaderMap,
    etag: HeaderValue,
    identity: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Entry {
    fn body(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Identity => self.identity.clone(),
            Coding::Brotli => self
                .brotli
                .get_or_init(|| {
                    let mut out = Vec::with_capacity(self.identity.len() / 4);
                    {
                        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                        // Writing to a Vec cannot fail.
                        let _ = w.write_all(&self.identity);
                    }
                    Bytes::from(out)
                })
                .clone(),
            Coding::Gzip => self
                .gzip
                .get_or_init(|| {
                    let mut w = flate2::write::GzEncoder::new(
                        Vec::with_capacity(self.identity.len() / 3),
                        flate2::Compression::new(6),
                    );
                    let _ = w.write_all(&self.identity);
                    Bytes::from(w.finish().unwrap_or_default())
                })
                .clone(),
        }
    }

    fn current(&self, version: i64) -> bool {
        self.version == version && self.created.elapsed() < ENTRY_LIFETIME
    }
}

/// The kept pages.
pub struct PublicPages {
    max_age: u32,
    entries: Mutex<Kept>,
}

/// Pages by key, and their keys in the order they were first kept (the oldest goes first
/// when full: constant work per page, whatever a flood of different queries does).
#[derive(Default)]
struct Kept {
    pages: HashMap<String, Arc<Entry>>,
    order: VecDeque<String>,
}

impl PublicPages {
    pub fn new(max_age: u32) -> Self {
        PublicPages {
            max_age,
            entries: Mutex::new(Kept::default()),
        }
    }

    /// `Cache-Control` of a public page.
    pub fn cache_control(&self) -> HeaderValue {
        if self.max_age == 0 {
            return HeaderValue::from_static("public, no-cache");
        }
        HeaderValue::from_str(&format!(
            "public, max-age={}, stale-while-revalidate={STALE_WHILE_REVALIDATE}",
            self.max_age
        ))
        .unwrap_or(HeaderValue::from_static("public, no-cache"))
    }

    fn get(&self, key: &str, version: i64) -> Option<Arc<Entry>> {
        let kept = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        kept.pages.get(key).filter(|e| e.current(version)).cloned()
    }

    fn put(&self, key: String, entry: Arc<Entry>) {
        let mut kept = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let Kept { pages, order } = &mut *kept;
        if pages.insert(key.clone(), entry).is_none() {
            order.push_back(key);
            while pages.len() > MAX_ENTRIES {
                match order.pop_front() {
                    Some(oldest) => {
                        pages.remove(&oldest);
                    }
                    None => break,
                }
            }
        }
    }

    /// How many pages are kept (for tests and the health page).
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pages
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether the request carries a session cookie (a signed-in person, or one who was) — read
/// as the session itself reads it, so "anonymous" here is what the page renders as anonymous.
pub fn has_session(headers: &HeaderMap) -> bool {
    cookie_in(headers, SESSION_COOKIE).is_some()
}

/// The key a request's page is kept under, if it is a public page asked for anonymously.
pub fn key_of(req: &Request) -> Option<String> {
    if req.method() != Method::GET || !PUBLIC_PATHS.contains(&req.uri().path()) {
        return None;
    }
    if has_session(req.headers()) {
        return None;
    }
    let lang = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(lang_from_cookie_header)
        .unwrap_or_default();
    let path_and_query = req.uri().path_and_query()?.as_str();
    (path_and_query.len() <= MAX_KEY_LEN).then(|| format!("{}|{path_and_query}", lang.code()))
}

/// Headers of the rendered page that describe the page itself and are kept with it.
fn own_headers(from: &HeaderMap) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for (name, value) in from {
        if [
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
            header::TRANSFER_ENCODING,
            header::CACHE_CONTROL,
            header::VARY,
            header::ETAG,
            header::DATE,
        ]
        .contains(name)
        {
            continue;
        }
        kept.append(name.clone(), value.clone());
    }
    kept
}

fn etag_of(version: i64, body: &[u8]) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    let hex: String = digest[..9].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("W/\"{version}-{hex}\"")).expect("ASCII")
}

/// Whether `If-None-Match` names this entry's tag (or `*`).
fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    let bare = etag.trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == bare)
}

fn respond(entry: &Entry, pages: &PublicPages, request: &HeaderMap) -> Response {
    let mut res = if not_modified(request, &entry.etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        if let Some(csp) = entry.headers.get(header::CONTENT_SECURITY_POLICY) {
            res.headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, csp.clone());
        }
        res
    } else {
        let coding = Coding::negotiate(request);
        let mut res = Response::new(Body::from(entry.body(coding)));
        *res.headers_mut() = entry.headers.clone();
        if let Some(c) = coding.header() {
            res.headers_mut().insert(header::CONTENT_ENCODING, c);
        }
        res
    };
    let h = res.headers_mut();
    h.insert(header::ETAG, entry.etag.clone());
    h.insert(header::CACHE_CONTROL, pages.cache_control());
    h.insert(header::VARY, HeaderValue::from_static(VARY));
    res
}

/// Middleware (outside the compression layer): answers anonymous public pages from memory,
/// renders and keeps them when missing or outdated; every other request passes untouched.
pub async fn serve(
    State((catalogue, pages)): State<(Arc<CatalogueCache>, Arc<PublicPages>)>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(key) = key_of(&req) else {
        return next.run(req).await;
    };
    // Without the catalogue's version nothing is kept: the page renders (and shows its own
    // error) as usual.
    let Ok(version) = catalogue.version().await else {
        return next.run(req).await;
    };
    if let Some(entry) = pages.get(&key, version) {
        return respond(&entry, &pages, req.headers());
    }
    let asked = req.headers().clone();
    // Rendered uncompressed: kept as is and compressed once per coding.
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    let res = next.run(req).await;
    let keepable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    if !keepable {
        return res;
    }
    let (parts, body) = res.into_parts();
    let identity = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "public page not kept");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let entry = Arc::new(Entry {
        version,
        created: Instant::now(),
        headers: own_headers(&parts.headers),
        etag: etag_of(version, &identity),
        identity,
        brotli: OnceLock::new(),
        gzip: OnceLock::new(),
    });
    pages.put(key, entry.clone());
    respond(&entry, &pages, &asked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn request(path: &str, cookie: Option<&str>) -> Request {
        let mut b = Request::builder().uri(path);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn the_best_coding_the_browser_accepts_is_chosen() {
        let n = |v: &str| Coding::negotiate(&headers(&[(header::ACCEPT_ENCODING, v)]));
        assert_eq!(n("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(n("gzip"), Coding::Gzip);
        assert_eq!(n("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(n("identity"), Coding::Identity);
        assert_eq!(Coding::negotiate(&HeaderMap::new()), Coding::Identity);
    }

    #[test]
    fn only_anonymous_gets_of_public_pages_are_kept_by_language() {
        assert_eq!(key_of(&request("/", None)).as_deref(), Some("kk|/"));
        assert_eq!(
            key_of(&request("/?q=abc", Some("lang=ru; ekg_pre=ab12"))).as_deref(),
            Some("ru|/?q=abc")
        );
        assert_eq!(key_of(&request("/help", None)).as_deref(), Some("kk|/help"));
        // A session cookie (even an expired one): the page may be personal.
        assert_eq!(
            key_of(&request("/", Some("lang=ru; ekg_session=ff00"))),
            None
        );
        assert_eq!(key_of(&request("/", Some("ekg_session=ff00"))), None);
        // Personal pages, unknown paths, long keys.
        assert_eq!(key_of(&request("/cabinet", None)), None);
        assert_eq!(key_of(&request("/login", None)), None);
        let long = format!("/?q={}", "a".repeat(400));
        assert_eq!(key_of(&request(&long, None)), None);
        let mut post = request("/", None);
        *post.method_mut() = Method::POST;
        assert_eq!(key_of(&post), None);
    }

    #[test]
    fn a_matching_tag_is_not_modified_and_another_is() {
        let tag = etag_of(7, b"<html>");
        let h = |v: &str| headers(&[(header::IF_NONE_MATCH, v)]);
        assert!(not_modified(&h(tag.to_str().unwrap()), &tag));
        let strong = tag.to_str().unwrap().trim_start_matches("W/").to_string();
        assert!(not_modified(&h(&format!("\"x\", {strong}")), &tag));
        assert!(not_modified(&h("*"), &tag));
        assert!(!not_modified(
            &h(etag_of(8, b"<html>").to_str().unwrap()),
            &tag
        ));
        assert!(!not_modified(&HeaderMap::new(), &tag));
    }

    #[test]
    fn the_kept_pages_stay_bounded() {
        let pages = PublicPages::new(30);
        let entry = |version| {
            Arc::new(Entry {
                version,
                created: Instant::now(),
                headers: HeaderMap::new(),
                etag: etag_of(version, b""),
                identity: Bytes::from_static(b"<html>"),
                brotli: OnceLock::new(),
                gzip: OnceLock::new(),
            })
        };
        for i in 0..MAX_ENTRIES + 50 {
            pages.put(format!("kk|/?q={i}"), entry(1));
        }
        assert_eq!(pages.len(), MAX_ENTRIES);
        // The first kept went first; the latest are there.
        assert!(pages.get("kk|/?q=0", 1).is_none());
        assert!(
            pages
                .get(&format!("kk|/?q={}", MAX_ENTRIES + 49), 1)
                .is_some()
        );
        // A page of an older catalogue version is not served, and its renewal takes its place.
        assert!(pages.get("kk|/?q=100", 2).is_none());
        pages.put("kk|/?q=100".into(), entry(2));
        assert!(pages.get("kk|/?q=100", 2).is_some());
        assert_eq!(pages.len(), MAX_ENTRIES);
        let kept = pages.entries.lock().unwrap();
        assert_eq!(kept.order.len(), MAX_ENTRIES, "no key is listed twice");
    }

    #[test]
    fn compressed_bodies_decode_to_the_page() {
        let page = "<!DOCTYPE html><p>Балабақша</p>".repeat(200);
        let e = Entry {
            version: 1,
            created: Instant::now(),
            headers: HeaderMap::new(),
            etag: etag_of(1, page.as_bytes()),
            identity: Bytes::from(page.clone()),
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        };
        let br = e.body(Coding::Brotli);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, page.as_bytes());
        let gz = e.body(Coding::Gzip);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out)
            .unwrap();
        assert_eq!(out, page);
        assert!(br.len() < page.len() / 10 && gz.len() < page.len() / 10);
    }
}
