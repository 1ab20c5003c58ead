use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::{Logout, who_am_i};
use crate::i18n::{t, ui, use_lang};

/// Who is signed in (from the certificate they logged in with), and signing out.
#[component]
pub fn MePage() -> impl IntoView {
    let lang = use_lang();
    let logout = ServerAction::<Logout>::new();
    let me = crate::wire::resource(move || logout.version().get(), |_| who_am_i());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if logout.value().get().is_some_and(|r| r.is_ok()) {
            // Nothing of this family stays on a shared phone: cached pages, wizard drafts,
            // signatures waiting to be sent.
            crate::offline::forget_cached_pages();
            crate::device_store::forget_everything();
            crate::components::device_photos::forget_all();
            navigate("/", Default::default());
        }
    });
    view! {
        <section class="page me">
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(u)) => view! {
                            <h1>{t(ui::ME_TITLE)}</h1>
                            <dl class="facts" id="me">
                                <dt>{t(ui::FULL_NAME)}</dt><dd id="me-name">{u.full_name()}</dd>
                                <dt>{t(ui::IIN)}</dt><dd id="me-iin">{u.iin.to_string()}</dd>
                                {u.email.clone().map(|e| view! { <dt>{t(ui::EMAIL)}</dt><dd>{e}</dd> })}
                                {(!u.roles.is_empty()).then(|| view! {
                                    <dt>{t(ui::ROLES)}</dt>
                                    <dd id="me-roles">
                                        {u.roles.iter().map(|r| view! { <span class="badge">{t(r.label())}</span>" " }).collect_view()}
                                    </dd>
                                })}
                            </dl>
                            <p class="actions" id="me-links">
                                <a class="btn btn--secondary" href="/cabinet">{t(ui::NAV_CHILDREN)}</a>
                                {u.roles.iter().any(|r| matches!(r, crate::auth_model::Role::Staff { .. })).then(|| view! {
                                    <a class="btn btn--primary" id="to-staff" href="/staff">{t(crate::i18n::staff_ui::NAV_INBOX)}</a>
                                })}
                                {u.roles.iter().any(|r| matches!(r, crate::auth_model::Role::Head { .. })).then(|| view! {
                                    <a class="btn btn--primary" id="to-staff-people" href="/staff/people">{t(crate::i18n::staff_ui::NAV_PEOPLE)}</a>
                                })}
                                {u.roles.iter().any(|r| matches!(r, crate::auth_model::Role::Admin { .. })).then(|| view! {
                                    <a class="btn btn--primary" id="to-admin" href="/admin">{t(ui::NAV_ADMIN_QUEUE)}</a>
                                })}
                                {u.roles.contains(&crate::auth_model::Role::RegionAdmin).then(|| view! {
                                    <a class="btn btn--primary" id="to-region" href="/region">{t(crate::i18n::admin_ui::NAV_REGION)}</a>
                                })}
                            </p>
                            <ActionForm action=logout>
                                <button type="submit" class="btn btn--secondary" id="logout">{t(ui::LOGOUT)}</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(None) => view! {
                            <h1>{t(ui::ME_TITLE)}</h1>
                            <p>{t(ui::NOT_SIGNED_IN)}" "<a href="/login">{t(ui::LOGIN_LINK)}</a></p>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{move || e.text().get(lang.get())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
