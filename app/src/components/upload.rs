//! Sending a prepared document to `/api/documents` with upload progress (XMLHttpRequest: fetch
//! has no upload progress), and deleting one. Browser only; on the server these are never
//! called (the component that uses them runs its work in event handlers).
#[cfg(target_arch = "wasm32")]
use crate::domain::DocumentRef;

/// Why an upload failed: the server's error code, or no connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadFailure {
    /// `{"code": ...}` from the server.
    Code(String),
    /// The request did not complete (offline, connection lost).
    Network,
}

/// Where a prepared JPEG goes: a wizard document of a referral, or a child's birth
/// certificate (proof of parenthood).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadTarget {
    Document {
        referral_id: i32,
        kind: crate::domain::DocumentKind,
    },
    BirthCertificate {
        child_id: i32,
    },
}

impl UploadTarget {
    pub fn url(self) -> String {
        match self {
            UploadTarget::Document { referral_id, kind } => format!(
                "/api/documents?referral={referral_id}&kind={}",
                kind.form_name()
            ),
            UploadTarget::BirthCertificate { child_id } => {
                format!("/api/children/{child_id}/birth-certificate")
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub async fn upload_document(
    target: UploadTarget,
    jpeg: &[u8],
    on_progress: impl Fn(f64) + 'static,
) -> Result<DocumentRef, UploadFailure> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| UploadFailure::Network)?;
    xhr.open("POST", &target.url())
        .map_err(|_| UploadFailure::Network)?;
    xhr.set_request_header("Content-Type", "image/jpeg")
        .map_err(|_| UploadFailure::Network)?;
    let progress =
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                on_progress(e.loaded() / e.total());
            }
        });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let body = js_sys::Uint8Array::from(jpeg);
    let sent = finish(&xhr, Some(&body)).await;
    drop(progress);
    let (status, text) = sent?;
    // 201: stored; 200: these very bytes were already stored for the slot (a retry after a
    // lost answer, or a photo kept offline sent twice) and that record is the answer.
    if status == 201 || status == 200 {
        serde_json::from_str(&text).map_err(|_| UploadFailure::Code("unavailable".into()))
    } else {
        Err(UploadFailure::Code(error_code(&text)))
    }
}

/// Deletes an uploaded document. Done only when the server says so (a document already gone
/// counts as deleted), so the slot never shows a document as deleted that a reload brings back.
#[cfg(target_arch = "wasm32")]
pub async fn delete_document(id: &str) -> Result<(), UploadFailure> {
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| UploadFailure::Network)?;
    xhr.open("DELETE", &format!("/api/documents/{id}"))
        .map_err(|_| UploadFailure::Network)?;
    let (status, text) = finish(&xhr, None).await?;
    match status {
        200..=299 | 404 => Ok(()),
        _ => Err(UploadFailure::Code(error_code(&text))),
    }
}

/// Sends the opened request and waits for its end: the status and body text, or
/// [`UploadFailure::Network`] when it never completed (offline, connection lost, aborted).
#[cfg(target_arch = "wasm32")]
async fn finish(
    xhr: &web_sys::XmlHttpRequest,
    body: Option<&js_sys::Uint8Array>,
) -> Result<(u16, String), UploadFailure> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let (tx, rx) = super::oneshot::channel::<bool>();
    let tx2 = tx.clone();
    let done = Closure::<dyn Fn()>::new(move || tx2.send(true));
    let failed = Closure::<dyn Fn()>::new(move || tx.send(false));
    xhr.set_onload(Some(done.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(failed.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(failed.as_ref().unchecked_ref()));
    let sent = match body {
        Some(body) => xhr.send_with_opt_buffer_source(Some(body)),
        None => xhr.send(),
    };
    sent.map_err(|_| UploadFailure::Network)?;
    let loaded = rx.await;
    drop((done, failed));
    let status = xhr.status().unwrap_or(0);
    if !loaded || status == 0 {
        return Err(UploadFailure::Network);
    }
    Ok((
        status,
        xhr.response_text().ok().flatten().unwrap_or_default(),
    ))
}

/// The `code` of a JSON error body (`{"code": ...}`); "unavailable" when there is none.
#[cfg(target_arch = "wasm32")]
fn error_code(text: &str) -> String {
    serde_json::from_str::<crate::api::UploadRefused>(text)
        .map(|r| r.code)
        .unwrap_or_else(|_| "unavailable".into())
}
