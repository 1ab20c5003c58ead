//! Step 2: the parent proves with the AUTH key that the EDS is theirs — the key is opened and
//! a one-time challenge signed in the browser; the server checks the signature and that the
//! certificate's IIN is the cabinet owner's.
use leptos::prelude::*;

use super::Wizard;
use crate::auth_model::ChallengePurpose;
use crate::components::key_file_field::{KeyFileField, KeyStage, run_with_key};
use crate::eds::purpose::Purpose;
use crate::i18n::contract_ui as cu;
use crate::i18n::{Text, t};
use crate::pages::auth::api::{eds_challenge, eds_wizard_check};

#[component]
pub fn EdsStep(w: Wizard) -> impl IntoView {
    let stage = RwSignal::new(KeyStage::Idle);
    let on_key = Callback::new(
        move |(file, password): (send_wrapper::SendWrapper<web_sys::File>, String)| {
            leptos::task::spawn_local(async move {
                let result = run_with_key(
                    stage,
                    file.take(),
                    password,
                    Purpose::Authentication,
                    |key, now| async move {
                        let ch = eds_challenge(ChallengePurpose::WizardCheck)
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
                        let who = eds_wizard_check(ch.id, b64).await.map_err(|e| e.text())?;
                        w.eds_checked.set(Some(who.full_name()));
                        Ok::<(), Text>(())
                    },
                )
                .await;
                if result.is_ok() {
                    w.step.set(3);
                }
            });
        },
    );
    view! {
        <div id="step-eds">
            {move || w.eds_checked.get().map(|name| view! {
                <p class="ok" id="eds-checked">{t(cu::EDS_CHECKED)}" "<strong>{name}</strong></p>
            })}
            <p>{t(cu::EDS_INTRO)}</p>
            <KeyFileField
                key_name="auth_key"
                password_name="auth_password"
                purpose=Purpose::Authentication
                stage
                submit_label=cu::EDS_CHECK_SUBMIT
                on_key
            />
        </div>
    }
}
