use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::eds_login;
use super::sign_challenge::sign_challenge;
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
                        let (id, b64) = sign_challenge(ChallengePurpose::Login, &key, now).await?;
                        eds_login(id, b64).await.map_err(|e| e.text())?;
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
