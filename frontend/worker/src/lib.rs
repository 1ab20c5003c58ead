//! The document photo converter as its own WebAssembly module, run in a Web Worker
//! (`public/photo-worker.js` loads it; `app::components::photo_worker` talks to it).
//!
//! Why a separate module: the converter (JPEG decoder, resizer, encoder) is the biggest part
//! of the code and only wizard step 5 needs it, so the page's own WASM stays small and this
//! one is fetched when the document step opens; it is built for speed (opt-level 3, SIMD)
//! where the page is built for size; and in a worker a 12-megapixel photo never freezes the
//! page while the progress bar moves.
//!
//! The conversion itself is `app::documents::prepare_for_upload`, the same code the server's
//! tests check against every fixture.
use wasm_bindgen::prelude::*;

use app::documents::{PrepareOptions, Stage, prepare_for_upload};
use app::domain::messages::Localized;

/// Converts a picked photo (JPEG or PNG bytes) into the upload JPEG: upright, no metadata,
/// ≤ 2 MB, long side ≤ 2560 px. `progress(stage, attempt)` is called before each stage with
/// `"decoding"`, `"resizing"` or `"encoding"` (attempt from 1).
///
/// Returns `{ jpeg: Uint8Array, width, height }`; throws the `UploadError` code as a string
/// (`"upload.not_jpeg"`, …), which the page translates.
#[wasm_bindgen]
pub fn prepare_photo(input: &[u8], progress: &js_sys::Function) -> Result<js_sys::Object, JsValue> {
    let mut report = |stage: Stage| {
        let (name, attempt) = stage_name(stage);
        // A failing progress callback must not stop the conversion.
        let _ = progress.call2(
            &JsValue::NULL,
            &JsValue::from_str(name),
            &JsValue::from(attempt),
        );
    };
    let prepared = prepare_for_upload(input, &PrepareOptions::default(), &mut report)
        .map_err(|e| JsValue::from_str(e.code()))?;
    let out = js_sys::Object::new();
    let set =
        |key: &str, value: &JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(key), value);
    set(
        "jpeg",
        &js_sys::Uint8Array::from(prepared.jpeg.as_slice()).into(),
    )?;
    set("width", &JsValue::from(prepared.width))?;
    set("height", &JsValue::from(prepared.height))?;
    Ok(out)
}

/// The name and attempt number the worker reports for a stage.
pub fn stage_name(stage: Stage) -> (&'static str, u8) {
    match stage {
        Stage::Decoding => ("decoding", 1),
        Stage::Resizing => ("resizing", 1),
        Stage::Encoding { attempt } => ("encoding", attempt),
    }
}
