//! Registers `public/sw.js`, the service worker that keeps the app shell and the opened
//! cabinet pages so the wizard opens again without a connection. Browser only.

/// Called once at start-up by the frontend; does nothing where service workers are missing
/// (old browsers, insecure origins).
pub fn register_service_worker() {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        let nav = w.navigator();
        let has = js_sys::Reflect::has(&nav, &wasm_bindgen::JsValue::from_str("serviceWorker"))
            .unwrap_or(false);
        if has {
            let _ = nav.service_worker().register("/sw.js");
        }
    }
}

/// Forgets the pages the service worker kept (called after signing out, so the next person
/// on a shared phone does not see the previous family's cabinet offline). Browser only.
pub fn forget_cached_pages() {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let Some(w) = web_sys::window() else { return };
        let Ok(caches) = js_sys::Reflect::get(&w, &JsValue::from_str("caches")) else {
            return;
        };
        if caches.is_undefined() {
            return;
        }
        if let Ok(delete) = js_sys::Reflect::get(&caches, &JsValue::from_str("delete"))
            && let Ok(f) = delete.dyn_into::<js_sys::Function>()
        {
            let _ = f.call1(&caches, &JsValue::from_str("ekg-shell-v1"));
        }
    }
}
