//! «Менің деректемелерім»: the representative's saved requisites, editable; validated in the
//! browser (the domain crate in WASM) and again on the server.
use leptos::prelude::*;

use super::api::{my_requisites, save_requisites};
use super::error_view::ErrorView;
use super::nav::CabinetNav;
use super::requisites_form::{RepresentativeFields, RequisitesFields};
use crate::api::SaveOutcome;
use crate::api::SavedRequisites;
use crate::components::dates::format_unix_datetime;
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn RequisitesPage() -> impl IntoView {
    let saved = crate::wire::resource(|| (), |_| my_requisites());
    view! {
        <section class="page cabinet">
            <h1>{t(ui::REQUISITES_TITLE)}</h1>
            <CabinetNav/>
            <p class="lead">{t(ui::REQUISITES_INTRO)}</p>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match saved.await {
                        Ok(s) => view! { <RequisitesEditor initial=s/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RequisitesEditor(initial: SavedRequisites) -> impl IntoView {
    let lang = use_lang();
    let updated_at = RwSignal::new(initial.updated_at);
    let rep = RwSignal::new(initial.representative);
    let req = RwSignal::new(initial.requisites);
    let errors = RwSignal::new(FieldErrors::default());
    let outcome: RwSignal<Option<Result<(), AppError>>> = RwSignal::new(None);
    let save = Action::new(move |s: &SavedRequisites| {
        let s = s.clone();
        async move { save_requisites(s).await }
    });
    let pending = save.pending();
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(SaveOutcome::Saved) => {
                    errors.set(FieldErrors::default());
                    updated_at.set(js_now());
                    outcome.set(Some(Ok(())));
                }
                Ok(SaveOutcome::FieldErrors(e)) => {
                    errors.set(e);
                    outcome.set(None);
                }
                Err(e) => outcome.set(Some(Err(e))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let s = SavedRequisites {
            representative: rep.get_untracked(),
            requisites: req.get_untracked(),
            updated_at: 0,
        };
        outcome.set(None);
        // The same rules as the server, here in WASM, so the parent sees every mistake at once
        // without a round trip (the IIN is the signed-in person's, filled on the server).
        let local: Vec<_> = check_locally(&s);
        if !local.is_empty() {
            errors.set(crate::domain::FieldErrors(local));
            return;
        }
        save.dispatch(s);
    };
    view! {
        <form class="keyform requisites" id="requisites-form" on:submit=on_submit novalidate>
            {move || (updated_at.get() > 0).then(|| view! {
                <p class="muted">{t(ui::LAST_CHANGED)}": "{format_unix_datetime(updated_at.get())}</p>
            })}
            <RepresentativeFields draft=rep errors=errors/>
            <RequisitesFields draft=req errors=errors/>
            <div role="status" aria-live="polite">
                {move || (!errors.with(|e| e.is_empty())).then(|| view! { <p class="error" id="fix-errors">{t(ui::FIX_ERRORS)}</p> })}
                {move || outcome.get().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="requisites-saved">{t(ui::SAVED)}</p> }.into_any(),
                    Err(e) => {
                        let text = e.text();
                        view! { <p class="error">{move || text.get(lang.get())}</p> }.into_any()
                    }
                })}
            </div>
            <button type="submit" class="btn btn--primary" id="save-requisites" disabled=move || pending.get()>
                {move || if pending.get() { ui::SAVING.get(lang.get()) } else { ui::SAVE.get(lang.get()) }}
            </button>
        </form>
    }
}

fn check_locally(s: &SavedRequisites) -> Vec<crate::domain::FieldError> {
    let today = crate::domain::dates::kz_date_of_unix(js_now());
    super::requisites_form::check(s, &s.representative.iin, today).0
}

fn js_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
