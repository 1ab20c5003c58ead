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
