//! Step 2: the parent proves that the EDS is theirs — in eGov Mobile (QR code or the app on this
//! phone), or with the AUTH key file: the key is opened and a one-time challenge signed in the
//! browser. Either way the server checks the signature and that the certificate's IIN is the
//! cabinet owner's.
use leptos::prelude::*;

use super::Wizard;
use crate::auth_model::ChallengePurpose;
use crate::components::key_file_field::{KeyFileField, KeyStage, run_with_key};
use crate::domain::mobile_sign::MobilePurpose;
use crate::eds::purpose::Purpose;
use crate::i18n::contract_ui as cu;
use crate::i18n::{Text, t};
use crate::pages::auth::api::eds_wizard_check;
use crate::pages::auth::sign_challenge::sign_challenge;
use crate::pages::mobile_sign::panel::{MobileOutcome, MobilePanel};

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
                        let (id, b64) =
                            sign_challenge(ChallengePurpose::WizardCheck, &key, now).await?;
                        let who = eds_wizard_check(id, b64).await.map_err(|e| e.text())?;
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
    let on_mobile = Callback::new(move |outcome: MobileOutcome| {
        if let MobileOutcome::Person(who) = outcome {
            w.eds_checked.set(Some(who.full_name()));
            w.step.set(3);
        }
    });
    view! {
        <div id="step-eds">
            {move || w.eds_checked.get().map(|name| view! {
                <p class="ok" id="eds-checked">{t(cu::EDS_CHECKED)}" "<strong>{name}</strong></p>
            })}
            <p>{t(cu::EDS_INTRO)}</p>
            <MobilePanel purpose=MobilePurpose::WizardCheck on_done=on_mobile/>
            <p class="or">{t(crate::i18n::ui::MOBILE_OR_FILE)}</p>
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
