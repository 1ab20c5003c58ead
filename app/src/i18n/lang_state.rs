//! The current language: read from the `lang` cookie on the server (SSR) and in the
//! browser (hydration) so both render the same, and kept in a signal provided as context.
use leptos::prelude::*;

use crate::domain::Lang;

/// Name of the cookie that remembers the language (one year, whole site).
pub const LANG_COOKIE: &str = "lang";

/// Finds `lang=..` in a `Cookie` header value.
pub fn lang_from_cookie_header(header: &str) -> Option<Lang> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Lang::parse(v))
}

/// The language this request or page starts in.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get_all(http::header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find_map(lang_from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.cookie().ok())
            .and_then(|c| lang_from_cookie_header(&c))
            .unwrap_or_default()
    }
}

/// Provides the language signal for the whole app; call once at the root.
pub fn provide_lang() -> RwSignal<Lang> {
    let lang = RwSignal::new(initial_lang());
    provide_context(lang);
    lang
}

/// The language signal provided by [`provide_lang`] (Kazakh if none was provided).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// Switches the language in the browser and remembers it in the cookie.
pub fn set_lang(lang: Lang) {
    use_lang().set(lang);
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let _ = doc.set_cookie(&format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                lang.code()
            ));
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lang_cookie_is_found_among_others() {
        assert_eq!(lang_from_cookie_header("a=1; lang=ru; b=2"), Some(Lang::Ru));
        assert_eq!(lang_from_cookie_header("lang=kk"), Some(Lang::Kk));
        assert_eq!(lang_from_cookie_header("xlang=ru"), None);
        assert_eq!(lang_from_cookie_header("lang=en"), None);
        assert_eq!(lang_from_cookie_header(""), None);
    }
}
