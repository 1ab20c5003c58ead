//! Staff roles of the department's kindergartens: who has one, and granting it by IIN.
use leptos::prelude::*;

use super::api::{GrantStaff, WithdrawRole, admin_kindergartens, admin_roles};
use super::nav::AdminNav;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminRolesPage() -> impl IntoView {
    crate::error::register_admin_texts();
    let lang = use_lang();
    let grant = ServerAction::<GrantStaff>::new();
    let withdraw = ServerAction::<WithdrawRole>::new();
    let pending = grant.pending();
    let withdrawing = withdraw.pending();
    let roles = crate::wire::resource(
        move || (grant.version().get(), withdraw.version().get()),
        |_| admin_roles(),
    );
    let kgs = crate::wire::resource(|| (), |_| admin_kindergartens());
    view! {
        <section class="page admin">
            <h1>{t(ui::ADMIN_ROLES_TITLE)}</h1>
            <AdminNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    let kgs = match kgs.await {
                        Ok(k) => k,
                        Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    };
                    match roles.await {
                        Ok(rows) => view! {
                            <table class="table" id="roles">
                                <thead><tr>
                                    <th scope="col">{t(ui::FULL_NAME)}</th>
                                    <th scope="col">{t(ui::IIN)}</th>
                                    <th scope="col">{t(ui::ROLES)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(crate::i18n::admin_ui::WITHDRAW_ROLE)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let role = if r.role == "admin" { ui::ROLE_ADMIN } else { ui::ROLE_STAFF };
                                        let k = r.kindergarten.clone();
                                        view! { <tr class="role-row" data-iin=r.iin.clone()>
                                            <td>{r.name.clone().unwrap_or_else(|| format!("({})", ui::NOT_YET_SIGNED_IN.get(lang.get_untracked())))}</td>
                                            <td>{r.iin.clone()}</td>
                                            <td>{t(role)}{move || k.as_ref().map(|k| format!(": {}", k.get(lang.get())))}</td>
                                            <td>
                                                <ActionForm action=withdraw attr:class="inline-form">
                                                    <input type="hidden" name="role_id" value=r.id.to_string()/>
                                                    <button type="submit" class="btn btn--link withdraw" disabled=move || withdrawing.get()>{t(crate::i18n::admin_ui::WITHDRAW_ROLE)}</button>
                                                </ActionForm>
                                            </td>
                                        </tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <section class="card">
                                <h2 class="card__title">{t(ui::GRANT_TITLE)}</h2>
                                <ActionForm action=grant attr:class="keyform" attr:id="grant-form">
                                    <div class="field">
                                        <label for="staff-iin">{t(ui::STAFF_IIN)}</label>
                                        <input id="staff-iin" name="iin" type="text" inputmode="numeric" pattern="[0-9]{12}" maxlength="12" autocomplete="off" required/>
                                    </div>
                                    <div class="field">
                                        <label for="staff-kg">{t(ui::KINDERGARTEN)}</label>
                                        <select id="staff-kg" name="kindergarten_id" required>
                                            {kgs.into_iter().map(|k| {
                                                let n = k.name.clone();
                                                view! { <option value=k.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class="btn btn--primary" id="grant" disabled=move || pending.get()>{t(ui::GRANT_SUBMIT)}</button>
                                </ActionForm>
                            </section>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <div role="status" aria-live="polite">
                {move || withdraw.value().get().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="withdrawn">{t(crate::i18n::admin_ui::ROLE_WITHDRAWN)}</p> }.into_any(),
                    Err(e) => {
                        let text = e.text();
                        view! { <p class="error" id="withdraw-error">{move || text.get(lang.get())}</p> }.into_any()
                    }
                })}
                {move || grant.value().get().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="granted">{t(ui::GRANTED)}</p> }.into_any(),
                    Err(e) => {
                        let text = e.text();
                        view! { <p class="error" id="grant-error">{move || text.get(lang.get())}</p> }.into_any()
                    }
                })}
            </div>
        </section>
    }
}
