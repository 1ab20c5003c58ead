//! The documents for the contract under one referral (the same slots as wizard step 5):
//! uploaded ahead of time, kept on the server, reused by the wizard.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{my_referral, referral_documents};
use super::error_view::ErrorView;
use super::nav::CabinetNav;
use crate::components::document_field::DocumentField;
use crate::domain::{DocumentKind, FieldErrors};
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0));
    let data = crate::wire::resource(id, |id| async move {
        let r = my_referral(id).await?;
        let docs = referral_documents(id).await?;
        Ok::<_, crate::error::AppError>((r, docs))
    });
    view! {
        <section class="page cabinet">
            <h1>{t(ui::DOCUMENTS_TITLE)}</h1>
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((r, docs)) => {
                            let k = r.kindergarten.clone();
                            let rid = r.id;
                            view! {
                                <p class="lead">{t(ui::REFERRAL)}" #"{r.number}" · "{r.child_name.clone()}" · "{move || k.get(lang.get()).to_string()}</p>
                                <p>{t(ui::DOCUMENTS_INTRO)}</p>
                                {if r.status.allows_contract() {
                                    view! {
                                        <div class="documents" id="documents">
                                            {DocumentKind::ALL.into_iter().map(|kind| {
                                                let value = RwSignal::new(docs.get(kind).cloned());
                                                view! { <DocumentField kind=kind referral_id=rid value=value errors=Signal::derive(FieldErrors::default)/> }
                                            }).collect_view()}
                                        </div>
                                    }.into_any()
                                } else {
                                    view! { <p class="error">{t(ui::REFERRAL_CLOSED)}</p> }.into_any()
                                }}
                                <p><a href="/cabinet/referrals">{t(ui::NAV_REFERRALS)}</a></p>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
