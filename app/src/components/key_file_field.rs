//! Choosing an EDS key file and typing its password, then doing something with the opened
//! key — all in the browser. The file and the password never leave the device.
use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::eds::cert_info::CertInfo;
use crate::eds::key_file::KeyFile;
use crate::eds::purpose::Purpose;
use crate::i18n::{Text, t, ui, use_lang};

/// Where the work with a key file stands (drives the messages under the form).
#[derive(Debug, Clone, PartialEq)]
pub enum KeyStage {
    Idle,
    Reading,
    /// «ЭЦҚ тексеріліп жатыр…»
    Checking,
    /// The certificate was read; signing / sending.
    Signing(CertInfo),
    Done(CertInfo),
    Failed(Text),
}

impl KeyStage {
    pub fn busy(&self) -> bool {
        matches!(
            self,
            KeyStage::Reading | KeyStage::Checking | KeyStage::Signing(_)
        )
    }
}

/// Seconds since the epoch, from the browser's clock.
pub fn now_unix() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// Lets the browser paint the latest message before heavy work.
async fn yield_to_browser() {
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::TimeoutFuture::new(30).await;
}

/// Reads `file`, opens it with `password`, checks it suits `purpose` now, then runs `work`
/// with the key, keeping `stage` up to date. Any failure ends in `KeyStage::Failed`.
pub async fn run_with_key<F, Fut>(
    stage: RwSignal<KeyStage>,
    file: web_sys::File,
    password: String,
    purpose: Purpose,
    work: F,
) -> Result<(), Text>
where
    F: FnOnce(KeyFile, i64) -> Fut,
    Fut: Future<Output = Result<(), Text>>,
{
    let outcome = async {
        stage.set(KeyStage::Reading);
        if file.size() > 64.0 * 1024.0 {
            return Err(crate::error::text_of(
                &crate::eds::key_file::KeyFileError::TooLarge,
            ));
        }
        let bytes = gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file))
            .await
            .map_err(|_| ui::FILE_UNREADABLE)?;
        stage.set(KeyStage::Checking);
        yield_to_browser().await;
        let now = now_unix();
        let key = crate::components::eds_code::open_key(bytes, password, purpose, now).await?;
        let info = key.info.clone();
        stage.set(KeyStage::Signing(info.clone()));
        yield_to_browser().await;
        work(key, now).await?;
        stage.set(KeyStage::Done(info));
        Ok(())
    }
    .await;
    if let Err(text) = &outcome {
        stage.set(KeyStage::Failed(*text));
    }
    outcome
}

/// The key file input, its password and the submit button. `on_key` gets the chosen file and
/// the password when the form is submitted.
#[component]
pub fn KeyFileField(
    key_name: &'static str,
    password_name: &'static str,
    purpose: Purpose,
    stage: RwSignal<KeyStage>,
    submit_label: Text,
    on_key: Callback<(SendWrapper<web_sys::File>, String)>,
) -> impl IntoView {
    let lang = use_lang();
    // Only ever `Some` in the browser: on the server (SSR, many threads) nothing thread-bound
    // is created, so dropping the page's state anywhere is safe.
    let file = StoredValue::new(None::<SendWrapper<web_sys::File>>);
    let password = RwSignal::new(String::new());
    let missing = RwSignal::new(None::<Text>);
    let file_label = match purpose {
        Purpose::Authentication => ui::AUTH_KEY_LABEL,
        Purpose::Signing => ui::SIGN_KEY_LABEL,
    };
    let file_hint = match purpose {
        Purpose::Authentication => ui::AUTH_KEY_HINT,
        Purpose::Signing => ui::SIGN_KEY_HINT,
    };
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        // The EDS code is fetched while the password is being typed.
        crate::components::eds_code::preload();
        let chosen = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|l| l.get(0));
        file.set_value(chosen.map(SendWrapper::new));
        missing.set(None);
        if !stage.get_untracked().busy() {
            stage.set(KeyStage::Idle);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if stage.get_untracked().busy() {
            return; // a double tap does nothing twice
        }
        let Some(f) = file.get_value().map(|f| f.take()) else {
            missing.set(Some(ui::CHOOSE_KEY_FILE));
            return;
        };
        let pw = password.get_untracked();
        if pw.is_empty() {
            missing.set(Some(ui::TYPE_KEY_PASSWORD));
            return;
        }
        missing.set(None);
        on_key.run((SendWrapper::new(f), pw));
    };
    let key_id = key_name;
    let pw_id = password_name;
    view! {
        <form class="keyform" on:submit=on_submit novalidate>
            <noscript><p class="error">{t(ui::NEEDS_JAVASCRIPT)}</p></noscript>
            <div class="field">
                <label for=key_id>{t(file_label)}</label>
                <input
                    id=key_id
                    name=key_name
                    type="file"
                    accept=".p12,.pfx,application/x-pkcs12"
                    aria-describedby=format!("{key_id}-hint")
                    on:change=on_file
                />
                <small id=format!("{key_id}-hint") class="hint">{t(file_hint)}</small>
            </div>
            <div class="field">
                <label for=pw_id>{t(ui::KEY_PASSWORD_LABEL)}</label>
                <input
                    id=pw_id
                    name=password_name
                    type="password"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    on:input=move |ev| password.set(event_target_value(&ev))
                    prop:value=move || password.get()
                />
            </div>
            <button type="submit" class="btn btn--primary" disabled=move || stage.get().busy()>
                {t(submit_label)}
            </button>
            <div class="keyform__status" role="status" aria-live="polite">
                {move || missing.get().map(|m| view! { <p class="error">{m.get(lang.get())}</p> })}
                {move || match stage.get() {
                    KeyStage::Idle => ().into_any(),
                    KeyStage::Reading | KeyStage::Checking => {
                        view! { <p class="progress">{t(ui::EDS_CHECKING)}</p> }.into_any()
                    }
                    KeyStage::Signing(info) => view! {
                        <CertCard info/>
                        <p class="progress">{t(ui::EDS_SIGNING)}</p>
                    }.into_any(),
                    KeyStage::Done(info) => view! { <CertCard info/> }.into_any(),
                    KeyStage::Failed(text) => {
                        view! { <p class="error" id="key-error">{move || text.get(lang.get())}</p> }.into_any()
                    }
                }}
            </div>
        </form>
    }
}

/// What the certificate says, shown before the key is used.
#[component]
pub fn CertCard(info: CertInfo) -> impl IntoView {
    let valid = format!(
        "{} — {}",
        crate::components::dates::format_unix_date(info.not_before),
        crate::components::dates::format_unix_date(info.not_after)
    );
    let kind = if info.key_purposes().contains(&Purpose::Signing)
        && info.key_purposes().contains(&Purpose::Authentication)
    {
        ui::KEY_KIND_BOTH
    } else if info.key_purposes().contains(&Purpose::Signing) {
        ui::KEY_KIND_SIGN
    } else {
        ui::KEY_KIND_AUTH
    };
    view! {
        <dl class="facts cert-card" id="cert-card">
            <dt>{t(ui::CERT_OWNER)}</dt><dd id="cert-owner">{info.full_name().or(info.common_name.clone()).unwrap_or_default()}</dd>
            {info.iin.map(|iin| view! { <dt>{t(ui::IIN)}</dt><dd id="cert-iin">{iin.to_string()}</dd> })}
            {info.bin.clone().map(|bin| view! { <dt>{t(ui::BIN)}</dt><dd>{bin}</dd> })}
            <dt>{t(ui::CERT_ISSUER)}</dt><dd>{info.issuer_common_name.clone().unwrap_or_default()}</dd>
            <dt>{t(ui::CERT_VALID)}</dt><dd>{valid}</dd>
            <dt>{t(ui::CERT_KIND)}</dt><dd>{t(kind)}</dd>
        </dl>
    }
}

/// Signs the contract's canonical bytes (as the server sent them, base64) with the opened
/// signing key; returns the detached CMS as base64, ready to send.
pub async fn sign_canonical_base64(
    key: &KeyFile,
    canonical_b64: &str,
    now: i64,
) -> Result<String, Text> {
    use base64::Engine;
    let b64 = &base64::engine::general_purpose::STANDARD;
    let bytes = b64
        .decode(canonical_b64)
        .map_err(|_| crate::error::AppError::Unavailable.text())?;
    let cms = crate::components::eds_code::sign_detached(bytes, key, now).await?;
    Ok(b64.encode(cms))
}
