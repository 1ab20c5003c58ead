//! The birth certificate slot of a child card (proof of parenthood): the same pipeline as the
//! wizard's documents (checked and converted to JPEG ≤ 2 MB in the photo worker, uploaded with
//! progress), sent to `/api/children/{id}/birth-certificate`.
use leptos::prelude::*;

use super::document_field::DocStage;
#[cfg(target_arch = "wasm32")]
use super::upload::UploadTarget;
use crate::domain::DocumentRef;
use crate::i18n::{parenthood_ui as pui, t, ui, use_lang};

#[component]
pub fn CertificateField(
    child_id: i32,
    /// The size of the certificate already uploaded, if any.
    uploaded: Option<u64>,
    /// Bumped after an upload, so the card reloads the claim's status.
    uploads: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let stage = RwSignal::new(DocStage::Idle);
    let value: RwSignal<Option<DocumentRef>> = RwSignal::new(None);
    let preview: RwSignal<Option<String>> = RwSignal::new(None);
    let id = format!("certificate-{child_id}");
    let camera_id = format!("certificate-camera-{child_id}");
    let err_id = format!("certificate-error-{child_id}");
    let busy = move || !matches!(stage.get(), DocStage::Idle | DocStage::Failed(_));
    #[cfg(target_arch = "wasm32")]
    Effect::new(move |_| crate::components::photo_worker::warm_up());
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        #[cfg(target_arch = "wasm32")]
        leptos::task::spawn_local(async move {
            super::document_field::process(
                file,
                UploadTarget::BirthCertificate { child_id },
                value,
                stage,
                preview,
            )
            .await;
            if value.get_untracked().is_some() {
                uploads.update(|n| *n += 1);
            }
        });
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (file, uploads);
    };
    let uploaded_size = move || value.get().map(|d| d.size).or(uploaded);
    view! {
        <div class="field document certificate" data-child=child_id.to_string()>
            <span class="field__label">{t(pui::CERTIFICATE)}</span>
            <p class="field__hint">{t(ui::DOC_HINT)}</p>
            {move || preview.get().map(|src| view! {
                <img class="document__preview" src=src alt=move || pui::CERTIFICATE.get(lang.get())/>
            })}
            {move || uploaded_size().map(|size| view! {
                <p class="ok document__done certificate-done">{t(pui::CERTIFICATE_UPLOADED)}" · "{format!("{:.0} KB", size as f64 / 1024.0)}</p>
            })}
            <div class="document__actions">
                <label class="btn btn--secondary" for=id.clone()>
                    {move || if uploaded_size().is_some() { ui::DOC_REPLACE.get(lang.get()) } else { ui::DOC_CHOOSE.get(lang.get()) }}
                </label>
                <input class="visually-hidden" id=id name="birth_certificate" type="file"
                    accept="image/jpeg,image/png,.jpg,.jpeg,.png"
                    aria-describedby=err_id.clone() disabled=busy on:change=on_file/>
                <label class="btn btn--secondary" for=camera_id.clone()>{t(ui::DOC_CAMERA)}</label>
                <input class="visually-hidden" id=camera_id type="file" accept="image/jpeg" capture="environment"
                    disabled=busy on:change=on_file/>
            </div>
            {move || busy().then(|| view! { <progress class="document__progress"></progress> })}
            <p class="field__error" id=err_id role="alert">
                {move || match stage.get() {
                    DocStage::Failed(text) => Some(text.get(lang.get())),
                    _ => None,
                }}
            </p>
        </div>
    }
}
