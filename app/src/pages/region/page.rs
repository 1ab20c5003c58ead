//! `/region`: the region administrator creates departments and grants or withdraws their
//! admins by IIN. Plain forms: they work before the WASM loads.
use leptos::prelude::*;

use super::api::{
    CreateDepartment, GrantDepartmentAdmin, WithdrawDepartmentAdmin, region_departments,
};
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn RegionPage() -> impl IntoView {
    let lang = use_lang();
    crate::error::register_admin_texts();
    let create = ServerAction::<CreateDepartment>::new();
    let grant = ServerAction::<GrantDepartmentAdmin>::new();
    let withdraw = ServerAction::<WithdrawDepartmentAdmin>::new();
    let data = crate::wire::resource(
        move || {
            (
                create.version().get(),
                grant.version().get(),
                withdraw.version().get(),
            )
        },
        |_| region_departments(),
    );
    let outcome = move || -> Option<Result<(), crate::error::AppError>> {
        create
            .value()
            .get()
            .map(|r| r.map(|_| ()))
            .or_else(|| grant.value().get())
            .or_else(|| withdraw.value().get())
    };
    let field =
        |id: &'static str, name: &'static str, label: crate::i18n::Text, max: &'static str| {
            view! {
                <div class="field">
                    <label for=id>{t(label)}</label>
                    <input id=id name=name required maxlength=max autocomplete="off"/>
                </div>
            }
        };
    view! {
        <section class="page admin">
            <h1>{t(crate::i18n::admin_ui::REGION_TITLE)}</h1>
            <div role="status" aria-live="polite">
                {move || outcome().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="region-saved">{t(crate::i18n::admin_ui::SAVED)}</p> }.into_any(),
                    Err(e) => { let text = e.text(); view! { <p class="error" id="region-error">{move || text.get(lang.get())}</p> }.into_any() }
                })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => {
                            let options = list.clone();
                            view! {
                                <ul class="cards" id="departments">
                                    {list.into_iter().map(|d| {
                                        let name = d.name.clone();
                                        view! {
                                            <li class="card department" data-id=d.id.to_string()>
                                                <h2 class="card__title">{d.code.clone()}"-"{d.district_code.clone()}" · "{move || name.get(lang.get()).to_string()}</h2>
                                                <ul class="admins">
                                                    {d.admins.into_iter().map(|a| view! {
                                                        <li class="admin-row" data-iin=a.iin.clone()>
                                                            {a.name.clone().unwrap_or_else(|| format!("({})", ui::NOT_YET_SIGNED_IN.get(lang.get_untracked())))}" · "{t(ui::IIN)}" "{a.iin.clone()}
                                                            <ActionForm action=withdraw attr:class="inline-form">
                                                                <input type="hidden" name="role_id" value=a.role_id.to_string()/>
                                                                <button type="submit" class="btn btn--link withdraw">{t(crate::i18n::admin_ui::WITHDRAW_ROLE)}</button>
                                                            </ActionForm>
                                                        </li>
                                                    }).collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                <section class="card">
                                    <h2 class="card__title">{t(crate::i18n::admin_ui::GRANT_DEPARTMENT_ADMIN)}</h2>
                                    <ActionForm action=grant attr:class="keyform" attr:id="grant-admin-form">
                                        <div class="field">
                                            <label for="admin-iin">{t(ui::IIN)}</label>
                                            <input id="admin-iin" name="iin" inputmode="numeric" pattern="[0-9]{12}" maxlength="12" autocomplete="off" required/>
                                        </div>
                                        <div class="field">
                                            <label for="admin-dep">{t(crate::i18n::admin_ui::DEPARTMENT)}</label>
                                            <select id="admin-dep" name="department_id" required>
                                                {options.into_iter().map(|d| {
                                                    let n = d.name.clone();
                                                    view! { <option value=d.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="btn btn--primary" id="grant-admin">{t(ui::GRANT_SUBMIT)}</button>
                                    </ActionForm>
                                </section>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <details class="card">
                <summary>{t(crate::i18n::admin_ui::ADD_DEPARTMENT)}</summary>
                <ActionForm action=create attr:class="keyform" attr:id="department-form">
                    {field("dep-code", "d[code]", crate::i18n::admin_ui::REGION_CODE, "2")}
                    {field("dep-district", "d[district_code]", crate::i18n::admin_ui::DISTRICT_CODE, "2")}
                    {field("dep-region-kk", "d[region_kk]", crate::i18n::admin_ui::REGION_KK, "200")}
                    {field("dep-region-ru", "d[region_ru]", crate::i18n::admin_ui::REGION_RU, "200")}
                    {field("dep-name-kk", "d[name_kk]", crate::i18n::admin_ui::KG_NAME_KK, "200")}
                    {field("dep-name-ru", "d[name_ru]", crate::i18n::admin_ui::KG_NAME_RU, "200")}
                    {field("dep-place-kk", "d[place_kk]", crate::i18n::admin_ui::PLACE_KK, "200")}
                    {field("dep-place-ru", "d[place_ru]", crate::i18n::admin_ui::PLACE_RU, "200")}
                    <button type="submit" class="btn btn--primary" id="create-department">{t(crate::i18n::admin_ui::ADD_DEPARTMENT)}</button>
                </ActionForm>
            </details>
        </section>
    }
}
