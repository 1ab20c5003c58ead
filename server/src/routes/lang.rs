//! `/lang/{code}?next=/path`: the no-JavaScript language switch. Sets the `lang` cookie
//! and sends the browser back to a local path (never to another site).
use std::collections::HashMap;

use app::domain::Lang;
use app::i18n::LANG_COOKIE;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Accepts only paths of this site; anything else goes to `/`. Control characters,
/// whitespace and backslashes are refused outright (browsers drop a tab inside `/\t/host` and
/// read `\` as `/`, so `/%09/evil.example` once led to another site); what remains is parsed
/// as a URL relative to this site and must stay on it. The answer is the parsed path, query
/// and fragment, re-serialised.
pub fn safe_next(next: Option<&str>) -> String {
    const SITE: &str = "http://this.site.invalid/";
    let Some(next) = next else {
        return "/".into();
    };
    if !next.starts_with('/')
        || next.starts_with("//")
        || next.len() > 2048
        || next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return "/".into();
    }
    let (Ok(base), Ok(site)) = (url::Url::parse(SITE), url::Url::parse(SITE)) else {
        return "/".into();
    };
    match base.join(next) {
        // `/.//evil.example` parses to the path `//evil.example`: a browser reads that as
        // another site, so a path that starts with two slashes is refused after parsing too.
        Ok(url) if url.origin() == site.origin() && !url.path().starts_with("//") => {
            let mut out = url.path().to_string();
            if let Some(q) = url.query() {
                out.push('?');
                out.push_str(q);
            }
            if let Some(f) = url.fragment() {
                out.push('#');
                out.push_str(f);
            }
            out
        }
        _ => "/".into(),
    }
}

pub async fn set_lang(
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = safe_next(q.get("next").map(String::as_str));
    let next = next.as_str();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let headers = resp.headers_mut();
    if let (Ok(c), Ok(l)) = (HeaderValue::from_str(&cookie), HeaderValue::from_str(next)) {
        headers.insert(header::SET_COOKIE, c);
        headers.insert(header::LOCATION, l);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn the_switch_never_redirects_to_another_site() {
        assert_eq!(safe_next(Some("/?q=1")), "/?q=1");
        assert_eq!(
            safe_next(Some("/cabinet/contracts#c-3")),
            "/cabinet/contracts#c-3"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        // `?next=/%09/evil.example`: the query decodes to a tab, which browsers drop.
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "/\x00/evil.example",
            "/\\/evil.example",
            "/%5C/evil.example?x",
        ] {
            let out = safe_next(Some(hostile));
            assert!(
                out == "/" || (out.starts_with('/') && !out.starts_with("//")),
                "{hostile:?} → {out:?}"
            );
            assert!(
                !out.contains("evil.example") || out.starts_with("/%"),
                "{hostile:?} → {out:?}"
            );
        }
        // Dots cannot climb out of the site either.
        assert_eq!(safe_next(Some("/../../evil.example")), "/evil.example");
        // …nor leave two slashes at the start (`/.//evil.example` parses to `//evil.example`).
        for dotted in [
            "/.//evil.example",
            "/..//evil.example",
            "/%2e//evil.example",
            "/././/evil.example",
        ] {
            assert_eq!(safe_next(Some(dotted)), "/", "{dotted}");
        }
    }
}
