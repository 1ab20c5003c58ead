//! One document slot of wizard step 5: pick a file or take a photo; the picture is checked
//! and converted in WASM (JPEG ≤ 2 MB, upright, no metadata), uploaded with a progress bar,
//! previewed; it can be replaced or deleted. The page stays responsive: the conversion runs
//! in the photo worker (`photo_worker`), which reports each stage.
//!
//! Without a connection a wizard document is still converted and then kept on the device
//! (`device_photos`): the slot shows it as waiting, and it is uploaded by itself when the
//! connection returns — also after a reload or on the next visit. Replacing or deleting a
//! waiting photo works offline.
use leptos::prelude::*;

use crate::domain::{DocumentKind, DocumentRef, Field, FieldErrors};
use crate::i18n::{Text, fields, t, ui, use_lang};

/// What the slot is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum DocStage {
    Idle,
    Reading,
    Decoding,
    Resizing,
    Encoding(u8),
    Uploading(f64),
    /// Waiting for the server to confirm a deletion.
    Deleting,
    /// Converted and kept on the device; uploaded when the connection returns.
    Waiting,
    Failed(Text),
}

/// The text of an error code from the upload route or the converter.
pub fn upload_error_text(code: &str) -> Text {
    if let Some(t) = crate::error::text_for_code(code) {
        return t;
    }
    match code {
        "upload.rate_limited" => ui::UPLOAD_RATE_LIMITED,
        "upload.incomplete" => ui::UPLOAD_OFFLINE,
        "upload.storage_full" | "unavailable" => crate::error::AppError::Unavailable.text(),
        "unauthenticated" => crate::error::AppError::Unauthenticated.text(),
        "document.referral_closed" => ui::REFERRAL_CLOSED,
        _ => crate::error::AppError::Unavailable.text(),
    }
}

#[component]
pub fn DocumentField(
    kind: DocumentKind,
    referral_id: i32,
    value: RwSignal<Option<DocumentRef>>,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let stage = RwSignal::new(DocStage::Idle);
    let preview: RwSignal<Option<String>> = RwSignal::new(None);
    let name = kind.form_name();
    let field = Field::of_document(kind);
    let label = fields::label(field);
    let id = format!("f-{name}");
    let camera_id = format!("f-{name}-camera");
    let err_id = format!("f-{name}-error");
    let field_error = Signal::derive(move || errors.with(|e| e.message(field, lang.get())));
    let busy = move || {
        !matches!(
            stage.get(),
            DocStage::Idle | DocStage::Failed(_) | DocStage::Waiting
        )
    };
    // Start the photo worker as soon as a document slot shows, so that its code is fetched
    // (and kept for offline use) before the parent picks a photo.
    #[cfg(target_arch = "wasm32")]
    Effect::new(move |_| crate::components::photo_worker::warm_up());
    // A photo kept on the device (picked offline, before a reload or on an earlier visit):
    // shown as waiting, and uploaded now if the connection is there, else when it returns.
    #[cfg(target_arch = "wasm32")]
    {
        Effect::new(move |_| {
            leptos::task::spawn_local(async move {
                use crate::components::device_photos;
                if let Some(jpeg) = device_photos::waiting(referral_id, kind).await
                    && matches!(stage.get_untracked(), DocStage::Idle | DocStage::Failed(_))
                {
                    preview.set(blob_url(&jpeg));
                    stage.set(DocStage::Waiting);
                    if crate::pages::contract::local_draft::is_online() {
                        upload_waiting(referral_id, kind, value, stage, preview).await;
                    }
                }
            });
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            if stage.get_untracked() == DocStage::Waiting {
                leptos::task::spawn_local(upload_waiting(referral_id, kind, value, stage, preview));
            }
        });
        on_cleanup(move || online.remove());
    }

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        #[cfg(target_arch = "wasm32")]
        leptos::task::spawn_local(process(
            file,
            crate::components::upload::UploadTarget::Document { referral_id, kind },
            value,
            stage,
            preview,
        ));
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (file, referral_id);
    };
    // The slot shows the document as deleted only once the server confirms it, so a reload
    // right after never brings it back; without a connection the parent is told so and the
    // document stays (and the button works again).
    let on_delete = move |_| {
        if stage.get_untracked() == DocStage::Waiting {
            // Not uploaded yet: forgotten on the device, no connection needed.
            value.set(None);
            preview.set(None);
            stage.set(DocStage::Idle);
            #[cfg(target_arch = "wasm32")]
            leptos::task::spawn_local(crate::components::device_photos::forget(referral_id, kind));
            return;
        }
        if busy() {
            return;
        }
        if let Some(doc) = value.get_untracked() {
            stage.set(DocStage::Deleting);
            #[cfg(target_arch = "wasm32")]
            leptos::task::spawn_local(async move {
                use crate::components::upload::{UploadFailure, delete_document};
                match delete_document(&doc.id).await {
                    Ok(()) => {
                        value.set(None);
                        preview.set(None);
                        stage.set(DocStage::Idle);
                    }
                    Err(UploadFailure::Network) => {
                        stage.set(DocStage::Failed(ui::DOC_DELETE_OFFLINE))
                    }
                    Err(UploadFailure::Code(c)) => {
                        stage.set(DocStage::Failed(upload_error_text(&c)))
                    }
                }
            });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = doc;
        }
    };
    let status_text = move || -> Option<String> {
        let l = lang.get();
        match stage.get() {
            DocStage::Idle => None,
            DocStage::Reading => Some(ui::DOC_READING.get(l).into()),
            DocStage::Decoding => Some(ui::DOC_DECODING.get(l).into()),
            DocStage::Resizing => Some(ui::DOC_RESIZING.get(l).into()),
            DocStage::Encoding(n) if n > 1 => Some(format!("{} ({n})", ui::DOC_ENCODING.get(l))),
            DocStage::Encoding(_) => Some(ui::DOC_ENCODING.get(l).into()),
            DocStage::Uploading(p) => Some(format!(
                "{} {}%",
                ui::DOC_UPLOADING.get(l),
                (p * 100.0).round()
            )),
            DocStage::Deleting => Some(ui::DOC_DELETING.get(l).into()),
            DocStage::Waiting => Some(ui::DOC_WAITING.get(l).into()),
            DocStage::Failed(_) => None,
        }
    };
    let required = kind.is_required();
    view! {
        <div class="field document" data-kind=name class:field--invalid=move || field_error.get().is_some()>
            <span class="field__label" id=format!("{id}-label")>
                {move || label.get(lang.get())}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </span>
            <p class="field__hint">{t(ui::DOC_HINT)}</p>
            {move || preview.get().map(|src| view! {
                <img class="document__preview" src=src alt=move || label.get(lang.get())/>
            })}
            {move || value.get().map(|d| view! {
                <p class="ok document__done">{t(ui::DOC_UPLOADED)}" · "{format!("{:.0} KB", d.size as f64 / 1024.0)}</p>
            })}
            <div class="document__actions">
                <label class="btn btn--secondary" for=id.clone()>
                    {move || if value.get().is_some() { ui::DOC_REPLACE.get(lang.get()) } else { ui::DOC_CHOOSE.get(lang.get()) }}
                </label>
                <input class="visually-hidden" id=id name=name type="file"
                    accept="image/jpeg,image/png,.jpg,.jpeg,.png"
                    aria-describedby=err_id.clone()
                    disabled=busy
                    on:change=on_file/>
                <label class="btn btn--secondary" for=camera_id.clone()>{t(ui::DOC_CAMERA)}</label>
                <input class="visually-hidden" id=camera_id type="file" accept="image/jpeg" capture="environment"
                    disabled=busy on:change=on_file/>
                {move || (value.get().is_some() || stage.get() == DocStage::Waiting).then(|| view! {
                    <button type="button" class="btn btn--link document__delete" disabled=busy on:click=on_delete>{t(ui::DOC_DELETE)}</button>
                })}
            </div>
            {move || match stage.get() {
                DocStage::Uploading(p) => Some(view! {
                    <progress class="document__progress" max="100" value=(p * 100.0).round().to_string()></progress>
                }.into_any()),
                s if !matches!(s, DocStage::Idle | DocStage::Failed(_) | DocStage::Waiting) => Some(view! {
                    <progress class="document__progress"></progress>
                }.into_any()),
                _ => None,
            }}
            <p class="document__status" role="status" aria-live="polite">{status_text}</p>
            <p class="field__error" id=err_id role="alert">
                {move || match stage.get() {
                    DocStage::Failed(text) => Some(text.get(lang.get())),
                    _ => field_error.get(),
                }}
            </p>
        </div>
    }
}

/// Checks and converts `file` in the photo worker, uploads it to `target` and shows it in the
/// slot (`value`, `preview`), reporting each stage in `stage`.
#[cfg(target_arch = "wasm32")]
pub(crate) async fn process(
    file: web_sys::File,
    target: crate::components::upload::UploadTarget,
    value: RwSignal<Option<DocumentRef>>,
    stage: RwSignal<DocStage>,
    preview: RwSignal<Option<String>>,
) {
    use crate::components::photo_worker::{self, Progress};
    let fail = |text: Text| stage.set(DocStage::Failed(text));
    stage.set(DocStage::Reading);
    if file.size() > crate::documents::MAX_SOURCE_BYTES as f64 {
        return fail(crate::error::text_of(
            &crate::domain::UploadError::SourceTooLarge,
        ));
    }
    // The conversion runs in the photo worker: the page stays responsive and the progress
    // shows each stage as the worker reaches it.
    let prepared = match photo_worker::convert(file, move |p| {
        stage.set(match p {
            Progress::Decoding => DocStage::Decoding,
            Progress::Resizing => DocStage::Resizing,
            Progress::Encoding(n) => DocStage::Encoding(n),
        })
    })
    .await
    {
        Ok(p) => p,
        Err(code) if code == photo_worker::UNAVAILABLE => {
            return fail(ui::DOC_CONVERTER_UNAVAILABLE);
        }
        Err(code) if code == photo_worker::UNREADABLE => return fail(ui::FILE_UNREADABLE),
        Err(code) => return fail(upload_error_text(&code)),
    };
    use crate::components::upload::{UploadFailure, UploadTarget};
    match send(target, &prepared.jpeg, value, stage).await {
        Ok(()) => preview.set(blob_url(&prepared.jpeg)),
        // A wizard document waits on the device for the connection (a birth certificate is
        // picked again: its page is used online).
        Err(UploadFailure::Network) => {
            let UploadTarget::Document { referral_id, kind } = target else {
                return fail(ui::UPLOAD_OFFLINE);
            };
            use crate::components::device_photos::{self, KeepError};
            match device_photos::keep(referral_id, kind, &prepared.jpeg).await {
                Ok(()) => {
                    preview.set(blob_url(&prepared.jpeg));
                    stage.set(DocStage::Waiting);
                    // The connection may have returned while the photo was being kept.
                    if crate::pages::contract::local_draft::is_online() {
                        upload_waiting(referral_id, kind, value, stage, preview).await;
                    }
                }
                Err(KeepError::Full) => fail(ui::DOC_DEVICE_FULL),
                Err(KeepError::Unavailable) => fail(ui::UPLOAD_OFFLINE),
            }
        }
        Err(UploadFailure::Code(c)) => fail(upload_error_text(&c)),
    }
}

/// Uploads `jpeg` as the slot's document (progress in `stage`); done, the slot shows it, a
/// photo waiting on the device for the slot is forgotten and the document it replaces is
/// deleted. On failure `stage` is left to the caller.
#[cfg(target_arch = "wasm32")]
async fn send(
    target: crate::components::upload::UploadTarget,
    jpeg: &[u8],
    value: RwSignal<Option<DocumentRef>>,
    stage: RwSignal<DocStage>,
) -> Result<(), crate::components::upload::UploadFailure> {
    use crate::components::upload::{UploadTarget, delete_document, upload_document};
    stage.set(DocStage::Uploading(0.0));
    let old = value.get_untracked();
    let doc = upload_document(target, jpeg, move |p| stage.set(DocStage::Uploading(p))).await?;
    value.set(Some(doc));
    stage.set(DocStage::Idle);
    if let UploadTarget::Document { referral_id, kind } = target {
        crate::components::device_photos::forget(referral_id, kind).await;
        // The replaced document is no longer the slot's (the newest of a kind is): if deleting
        // it fails, it stays stored but is never shown or sent again. (A birth certificate's
        // replacement is removed by the server itself.)
        if let Some(old) = old {
            let _ = delete_document(&old.id).await;
        }
    }
    Ok(())
}

/// Uploads the photo kept on the device for the slot (once: the slot must be `Waiting`, and
/// leaves that state at once). Uploaded, it is forgotten on the device; without a connection it
/// keeps waiting; refused by the server, the parent is told why (a photo the server could
/// take later — a limit, a busy server — stays kept for the next try).
#[cfg(target_arch = "wasm32")]
async fn upload_waiting(
    referral_id: i32,
    kind: DocumentKind,
    value: RwSignal<Option<DocumentRef>>,
    stage: RwSignal<DocStage>,
    preview: RwSignal<Option<String>>,
) {
    use crate::components::device_photos;
    use crate::components::upload::{UploadFailure, UploadTarget};
    if stage.get_untracked() != DocStage::Waiting {
        return;
    }
    stage.set(DocStage::Uploading(0.0));
    let Some(jpeg) = device_photos::waiting(referral_id, kind).await else {
        preview.set(None);
        stage.set(DocStage::Idle);
        return;
    };
    let target = UploadTarget::Document { referral_id, kind };
    match send(target, &jpeg, value, stage).await {
        Ok(()) => {}
        Err(UploadFailure::Network) => stage.set(DocStage::Waiting),
        Err(UploadFailure::Code(c)) => {
            // A photo the server could take later (a limit, a busy server) stays kept.
            if !matches!(
                c.as_str(),
                "upload.rate_limited" | "unavailable" | "upload.storage_full"
            ) {
                device_photos::forget(referral_id, kind).await;
                preview.set(None);
            }
            stage.set(DocStage::Failed(upload_error_text(&c)));
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn blob_url(jpeg: &[u8]) -> Option<String> {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(jpeg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/jpeg");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
