//! `/staff/people`: the kindergarten's head grants and withdraws the kindergarten's staff by
//! IIN. Plain forms: they work before the WASM loads.
use leptos::prelude::*;

use super::people_api::{HeadGrantStaff, HeadWithdrawStaff, head_staff};
use crate::api::KindergartenStaff;
use crate::components::dates::format_unix_date;
use crate::i18n::staff_ui as su;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn StaffPeoplePage() -> impl IntoView {
    let lang = use_lang();
    crate::error::register_admin_texts();
    let grant = ServerAction::<HeadGrantStaff>::new();
    let withdraw = ServerAction::<HeadWithdrawStaff>::new();
    let granting = grant.pending();
    let withdrawing = withdraw.pending();
    let data = crate::wire::resource(
        move || (grant.version().get(), withdraw.version().get()),
        |_| head_staff(),
    );
    view! {
        <section class="page staff">
            <h1>{t(su::PEOPLE_TITLE)}</h1>
            <p class="actions"><a class="btn btn--secondary" href="/staff">{t(su::NAV_INBOX)}</a></p>
            <p class="muted">{t(su::PEOPLE_INTRO)}</p>
            <div role="status" aria-live="polite">
                {move || withdraw.value().get().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="withdrawn">{t(crate::i18n::admin_ui::ROLE_WITHDRAWN)}</p> }.into_any(),
                    Err(e) => { let text = e.text(); view! { <p class="error" id="withdraw-error">{move || text.get(lang.get())}</p> }.into_any() }
                })}
                {move || grant.value().get().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="granted">{t(ui::GRANTED)}</p> }.into_any(),
                    Err(e) => { let text = e.text(); view! { <p class="error" id="grant-error">{move || text.get(lang.get())}</p> }.into_any() }
                })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => list.into_iter().map(|k| view! {
                            <Kindergarten k=k grant=grant withdraw=withdraw granting=granting withdrawing=withdrawing/>
                        }).collect_view().into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Kindergarten(
    k: KindergartenStaff,
    grant: ServerAction<HeadGrantStaff>,
    withdraw: ServerAction<HeadWithdrawStaff>,
    granting: Memo<bool>,
    withdrawing: Memo<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let name = k.name.clone();
    let kid = k.kindergarten_id;
    let iin_id = format!("staff-iin-{}", k.kindergarten_id);
    let empty = k.staff.is_empty();
    view! {
        <section class="card kindergarten-staff" data-id=kid.to_string()>
            <h2 class="card__title">{move || name.get(lang.get()).to_string()}</h2>
            {empty.then(|| view! { <p class="muted" id="no-staff">{t(su::NO_STAFF)}</p> })}
            <ul class="staff-list">
                {k.staff.into_iter().map(|m| {
                    view! {
                        <li class="staff-row" data-iin=m.iin.clone()>
                            {m.name.clone().unwrap_or_else(|| format!("({})", ui::NOT_YET_SIGNED_IN.get(lang.get_untracked())))}
                            " · "{t(ui::IIN)}" "{m.iin.clone()}
                            " · "{t(su::GRANTED_ON)}" "{format_unix_date(m.granted_at)}
                            <ActionForm action=withdraw attr:class="inline-form">
                                <input type="hidden" name="kindergarten_id" value=kid.to_string()/>
                                <input type="hidden" name="role_id" value=m.role_id.to_string()/>
                                <button type="submit" class="btn btn--link withdraw" disabled=move || withdrawing.get()>{t(crate::i18n::admin_ui::WITHDRAW_ROLE)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=grant attr:class="keyform grant-staff-form">
                <input type="hidden" name="kindergarten_id" value=kid.to_string()/>
                <div class="field">
                    <label for=iin_id.clone()>{t(ui::STAFF_IIN)}</label>
                    <input id=iin_id name="iin" type="text" inputmode="numeric" pattern="[0-9]{12}" maxlength="12" autocomplete="off" required/>
                </div>
                <button type="submit" class="btn btn--primary grant-staff" disabled=move || granting.get()>{t(ui::GRANT_SUBMIT)}</button>
            </ActionForm>
        </section>
    }
}
