use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::eds_login;
use super::sign_challenge::sign_challenge;
use crate::auth_model::ChallengePurpose;
use crate::components::key_file_field::{KeyFileField, KeyStage, run_with_key};
use crate::domain::mobile_sign::MobilePurpose;
use crate::eds::purpose::Purpose;
use crate::i18n::{Text, t, ui};

use crate::pages::mobile_sign::panel::MobilePanel;

/// Entering the cabinet: with eGov Mobile (a QR code, or the app on this phone), or with the
/// AUTH key file — the parent picks it and types its password; the key is opened and the
/// challenge signed in the browser; only the signature goes to the server.
#[component]
pub fn LoginPage() -> impl IntoView {
    let stage = RwSignal::new(KeyStage::Idle);
    let navigate = use_navigate();
    let on_mobile = {
        let navigate = navigate.clone();
        Callback::new(move |_| navigate("/me", Default::default()))
    };
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
            <section class="login__way" aria-labelledby="login-mobile">
                <h2 id="login-mobile">{t(ui::MOBILE_LOGIN_TITLE)}</h2>
                <p>{t(ui::MOBILE_INTRO)}</p>
                <MobilePanel purpose=MobilePurpose::Login on_done=on_mobile/>
            </section>
            <section class="login__way" aria-labelledby="login-file">
                <h2 id="login-file">{t(ui::LOGIN_WITH_FILE)}</h2>
                <p class="lead">{t(ui::LOGIN_INTRO)}</p>
                <KeyFileField
                    key_name="auth_key"
                    password_name="auth_password"
                    purpose=Purpose::Authentication
                    stage
                    submit_label=ui::LOGIN_SUBMIT
                    on_key
                />
            </section>
            <details class="help">
                <summary>{t(ui::NO_EDS_Q)}</summary>
                <p>{t(ui::NO_EDS_A)}</p>
            </details>
        </section>
    }
}
