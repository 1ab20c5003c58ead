//! `/cabinet/children/{id}/certificate`: the parent uploads a photo of the child's birth
//! certificate so the department can confirm the parenthood (`domain::parenthood`). Loaded
//! lazily (`lazy_routes`): a parent whose child the register confirmed never downloads it.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::my_children;
use super::error_view::ErrorView;
use super::nav::CabinetNav;
use crate::components::certificate_field::CertificateField;
use crate::domain::ClaimStatus;
use crate::error::AppError;
use crate::i18n::{parenthood_ui as pui, t, ui, use_lang};

#[component]
pub fn CertificatePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0));
    let uploads = RwSignal::new(0u32);
    let child = crate::wire::resource(
        move || (id(), uploads.get()),
        |(id, _)| async move {
            my_children()
                .await?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or(AppError::NotFound)
        },
    );
    view! {
        <section class="page cabinet">
            <h1>{t(pui::CERTIFICATE)}</h1>
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match child.await {
                        Ok(c) => {
                            let status = c.claim.status;
                            view! {
                                <p class="lead">{c.full_name.clone()}" · "{t(ui::IIN)}" "{c.iin.clone()}</p>
                                <p class="claim__status" data-claim=status.as_str()>
                                    <span>{t(pui::CLAIM_STATUS)}": "</span>
                                    <strong class=format!("badge badge--{}", status.as_str())>{move || status.label(lang.get())}</strong>
                                </p>
                                {c.claim.reason.clone().map(|r| view! {
                                    <p class="error claim__reason">{t(pui::REJECTED_REASON)}" "{r}</p>
                                })}
                                {(c.claim.contested && status == ClaimStatus::Confirmed).then(|| view! {
                                    <p class="notice">{t(pui::CONTESTED_NOTE)}</p>
                                })}
                                {match status {
                                    ClaimStatus::Confirmed => {
                                        let how = if c.claim.by_register { pui::CONFIRMED_BY_REGISTER } else { pui::CONFIRMED_BY_DEPARTMENT };
                                        view! { <p class="ok">{t(how)}</p> }.into_any()
                                    }
                                    s => {
                                        let hint = if s == ClaimStatus::Disputed { pui::DISPUTED_HINT } else { pui::UNCONFIRMED_HINT };
                                        view! {
                                            <p class="field__hint">{t(hint)}</p>
                                            <CertificateField child_id=c.id uploaded=c.claim.certificate_size uploads=uploads/>
                                        }.into_any()
                                    }
                                }}
                                <p><a href="/cabinet" class="back-to-children">{t(pui::BACK_TO_CHILDREN)}</a></p>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
