use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::{eds_challenge, eds_login};
use crate::auth_model::ChallengePurpose;
use crate::components::key_file_field::{KeyFileField, KeyStage, run_with_key};
use crate::eds::purpose::Purpose;
use crate::i18n::{Text, t, ui};

/// Entering the cabinet: the parent picks the AUTH key file and types its password; the key
/// is opened and the challenge signed in the browser; only the signature goes to the server.
#[component]
pub fn LoginPage() -> impl IntoView {
    let stage = RwSignal::new(KeyStage::Idle);
    let navigate = use_navigate();
    let on_key = Callback::new(
        move |(file, password): (send_wrapper::SendWrapper<web_sys::File>, String)| {
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let result = run_with_key(
                    stage,
                    file.take(),
                    password,
                    Purpose::Authentication,
                    |key, now| async move {
                        let ch = eds_challenge(ChallengePurpose::Login)
                            .await
                            .map_err(|e| e.text())?;
                        let cms = crate::eds::cms_sign::sign_detached(
                            ch.text.as_bytes(),
                            &key.private_key_pkcs8_der,
                            &key.certificate,
                            &key.chain,
                            now,
                        )
                        .map_err(|e| crate::error::text_of(&e))?;
                        use base64::Engine;
                        let b64 = base64::engine::general_purpose::STANDARD.encode(cms);
                        eds_login(ch.id, b64).await.map_err(|e| e.text())?;
                        Ok::<(), Text>(())
                    },
                )
                .await;
                if result.is_ok() {
                    navigate("/me", Default::default());
                }
            });
        },
    );
    view! {
        <section class="page login">
            <h1>{t(ui::LOGIN_TITLE)}</h1>
            <p class="lead">{t(ui::LOGIN_INTRO)}</p>
            <KeyFileField
                key_name="auth_key"
                password_name="auth_password"
                purpose=Purpose::Authentication
                stage
                submit_label=ui::LOGIN_SUBMIT
                on_key
            />
            <details class="help">
                <summary>{t(ui::NO_EDS_Q)}</summary>
                <p>{t(ui::NO_EDS_A)}</p>
            </details>
        </section>
    }
}
