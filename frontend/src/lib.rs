//! The browser entry point: hydrates the server-rendered page.
#![recursion_limit = "256"]
use wasm_bindgen::prelude::wasm_bindgen;

mod panic_notice;

#[wasm_bindgen]
pub fn hydrate() {
    panic_notice::install();
    // Asynchronous hydration: every page is a lazily loaded route (see app::lazy_routes), so
    // the page's chunk is fetched before it is hydrated. `data-hydrated` is set on <body> only
    // once the whole page is hydrated and its buttons work (tests and styles read it).
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        let _ = body.set_attribute("data-hydrated", "true");
        app::offline::register_service_worker();
    });
}

/// SHA-256 (hex) of the canonical bytes of the domain's example contract, computed by this
/// WASM build. The end-to-end test compares it with the value the server build computes,
/// proving that what a parent signs in the browser is byte-for-byte what the server checks.
#[wasm_bindgen]
pub fn canonical_example_sha256() -> String {
    app::domain::canonical_sha256_hex(&app::domain::canonical::example_terms())
}

/// For `bench/eds-wasm.mjs`: opens a (signing) key file, PKCS#12, in WASM, as the wizard's
/// signing step does, through the EDS chunk (`app::components::eds_code`; the first call
/// fetches it).
#[wasm_bindgen]
pub async fn eds_open_key(p12: Vec<u8>, password: String) -> Result<(), wasm_bindgen::JsValue> {
    let now = app::components::key_file_field::now_unix();
    app::components::eds_code::open_key(p12, password, app::eds::purpose::Purpose::Signing, now)
        .await
        .map(|_| ())
        .map_err(|t| wasm_bindgen::JsValue::from_str(t.ru))
}

/// For `bench/eds-wasm.mjs`: opens a key file and signs `content` (detached CMS), as
/// wizard step 6 does; returns the size of the signature.
#[wasm_bindgen]
pub async fn eds_open_and_sign(
    p12: Vec<u8>,
    password: String,
    content: Vec<u8>,
    now_unix: f64,
) -> Result<usize, wasm_bindgen::JsValue> {
    use app::components::eds_code::{open_key, sign_detached};
    let now = now_unix as i64;
    let key = open_key(p12, password, app::eds::purpose::Purpose::Signing, now)
        .await
        .map_err(|t| wasm_bindgen::JsValue::from_str(t.ru))?;
    sign_detached(content, &key, now)
        .await
        .map(|cms| cms.len())
        .map_err(|t| wasm_bindgen::JsValue::from_str(t.ru))
}
