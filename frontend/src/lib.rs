//! The browser entry point: hydrates the server-rendered page.
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

/// SHA-256 (hex) of the canonical bytes of the domain's example contract, computed by this
/// WASM build. The end-to-end test compares it with the value the server build computes,
/// proving that what a parent signs in the browser is byte-for-byte what the server checks.
#[wasm_bindgen]
pub fn canonical_example_sha256() -> String {
    app::domain::canonical_sha256_hex(&app::domain::canonical::example_terms())
}
