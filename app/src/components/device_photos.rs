//! Photos converted without a connection, kept on the device until they are uploaded:
//! IndexedDB database `ekg-device`, store `photos`, one entry per referral and document slot
//! with the converted JPEG, its SHA-256 and size. A reload, a closed tab or the next visit
//! finds them again; the upload then starts by itself. Signing out deletes the database.
//!
//! The IndexedDB work runs in the photo worker (`public/photo-worker.js`, plain JS), which the
//! document step starts anyway: none of it is in the page's first load. Browser only: on the
//! server every function does nothing.

/// Why a photo could not be kept on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepError {
    /// The device's storage for this site is full.
    Full,
    /// No IndexedDB (a private window of some browsers), or it failed.
    Unavailable,
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn key(referral_id: i32, kind: crate::domain::DocumentKind) -> String {
    format!("{referral_id}/{}", kind.form_name())
}

/// Keeps `jpeg` for the slot (replacing what was there).
pub async fn keep(
    referral_id: i32,
    kind: crate::domain::DocumentKind,
    jpeg: &[u8],
) -> Result<(), KeepError> {
    #[cfg(target_arch = "wasm32")]
    {
        super::photo_worker::device_store("keep", &key(referral_id, kind), Some(jpeg))
            .await
            .map(|_| ())
            .map_err(|code| {
                if code == "device.full" {
                    KeepError::Full
                } else {
                    KeepError::Unavailable
                }
            })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (referral_id, kind, jpeg);
        Err(KeepError::Unavailable)
    }
}

/// The JPEG waiting for the slot, if any.
pub async fn waiting(referral_id: i32, kind: crate::domain::DocumentKind) -> Option<Vec<u8>> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let answer = super::photo_worker::device_store("get", &key(referral_id, kind), None)
            .await
            .ok()?;
        js_sys::Reflect::get(&answer, &"jpeg".into())
            .ok()?
            .dyn_into::<js_sys::Uint8Array>()
            .ok()
            .map(|a| a.to_vec())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (referral_id, kind);
        None
    }
}

/// Forgets the slot's waiting photo (uploaded, replaced by an uploaded one, or deleted).
pub async fn forget(referral_id: i32, kind: crate::domain::DocumentKind) {
    #[cfg(target_arch = "wasm32")]
    let _ = super::photo_worker::device_store("forget", &key(referral_id, kind), None).await;
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (referral_id, kind);
}

/// Deletes every waiting photo (signing out).
pub fn forget_all() {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        use wasm_bindgen::{JsCast, JsValue};
        let idb = js_sys::Reflect::get(&w, &JsValue::from_str("indexedDB")).unwrap_or_default();
        if let Ok(delete) = js_sys::Reflect::get(&idb, &JsValue::from_str("deleteDatabase"))
            && let Ok(delete) = delete.dyn_into::<js_sys::Function>()
        {
            let _ = delete.call1(&idb, &JsValue::from_str("ekg-device"));
        }
    }
}
