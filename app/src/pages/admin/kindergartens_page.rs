//! `/admin/kindergartens`: the department's kindergartens — electronic and paper contracts,
//! free places per group (the kindergarten's total follows), new groups with an age period.
//! Plain forms: they work before the WASM loads.
use leptos::prelude::*;

use super::api::{
    AddGroup, SaveKindergarten, SetGroupPlaces, SetKindergartenFlags, admin_kindergartens_full,
};
use super::nav::AdminNav;
use crate::api::KindergartenAdmin;
use crate::domain::registry::KindergartenForm;
use crate::error::AppError;
use crate::i18n::admin_ui as au;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminKindergartensPage() -> impl IntoView {
    crate::error::register_admin_texts();
    let lang = use_lang();
    let flags = ServerAction::<SetKindergartenFlags>::new();
    let places = ServerAction::<SetGroupPlaces>::new();
    let add = ServerAction::<AddGroup>::new();
    let save = ServerAction::<SaveKindergarten>::new();
    let data = crate::wire::resource(
        move || {
            (
                flags.version().get(),
                places.version().get(),
                add.version().get(),
                save.version().get(),
            )
        },
        |_| admin_kindergartens_full(),
    );
    let outcome = move || -> Option<Result<(), AppError>> {
        add.value()
            .get()
            .or_else(|| save.value().get().map(|r| r.map(|_| ())))
            .or_else(|| places.value().get())
            .or_else(|| flags.value().get())
    };
    view! {
        <section class="page admin">
            <h1>{t(au::KINDERGARTENS_TITLE)}</h1>
            <AdminNav/>
            <div role="status" aria-live="polite">
                {move || outcome().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="kg-saved">{t(au::SAVED)}</p> }.into_any(),
                    Err(e) => { let text = e.text(); view! { <p class="error" id="kg-error">{move || text.get(lang.get())}</p> }.into_any() }
                })}
            </div>
            <details class="card add-kindergarten">
                <summary>{t(au::ADD_KINDERGARTEN)}</summary>
                <KindergartenFields save=save id=None form=KindergartenForm { paper_allowed: true, admission_age: "1".into(), ownership: "state".into(), ..Default::default() }/>
            </details>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let periods = d.age_periods.clone();
                            d.kindergartens.into_iter().map(|k| view! {
                                <Kindergarten k=k periods=periods.clone() flags=flags places=places add=add save=save/>
                            }).collect_view().into_any()
                        }
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Kindergarten(
    k: KindergartenAdmin,
    periods: Vec<(i32, crate::api::Bi)>,
    flags: ServerAction<SetKindergartenFlags>,
    places: ServerAction<SetGroupPlaces>,
    add: ServerAction<AddGroup>,
    save: ServerAction<SaveKindergarten>,
) -> impl IntoView {
    let lang = use_lang();
    let name = k.name.clone();
    let id = k.id;
    let form = k.form.clone();
    let fid = move |s: &str| format!("kg{id}-{s}");
    view! {
        <section class="card kg-admin" data-id=id.to_string()>
            <h2>{move || name.get(lang.get()).to_string()}</h2>
            <p class="muted">{t(ui::FREE_PLACES)}": "<strong class="kg-free">{k.free_places}</strong>
                {k.bin.clone().map(|b| view! { " · "{t(ui::BIN)}" "{b} })}</p>
            <ActionForm action=flags attr:class="inline-form">
                <input type="hidden" name="kindergarten_id" value=id.to_string()/>
                <span class="field--checkbox">
                    <input type="checkbox" id=fid("e") name="e_contracts" value="on" checked=k.e_contracts/>
                    <label for=fid("e")>{t(au::E_CONTRACTS)}</label>
                </span>
                <span class="field--checkbox">
                    <input type="checkbox" id=fid("p") name="paper_allowed" value="on" checked=k.paper_allowed/>
                    <label for=fid("p")>{t(au::PAPER)}</label>
                </span>
                <button type="submit" class="btn btn--secondary">{t(au::SAVE_FLAGS)}</button>
            </ActionForm>
            <div class="table-wrap"><table class="table">
                <thead><tr>
                    <th scope="col">{t(ui::GROUP)}</th>
                    <th scope="col">{t(ui::AGE_PERIOD)}</th>
                    <th scope="col">{t(au::FREE_PLACES)}</th>
                </tr></thead>
                <tbody>
                    {k.groups.into_iter().map(|g| {
                        let (gn, gp) = (g.name.clone(), g.age_period.clone());
                        let input_id = format!("g{}-places", g.id);
                        view! { <tr class="group-row" data-id=g.id.to_string()>
                            <td>{move || gn.get(lang.get()).to_string()}</td>
                            <td>{move || gp.get(lang.get()).to_string()}</td>
                            <td>
                                <ActionForm action=places attr:class="inline-form">
                                    <input type="hidden" name="group_id" value=g.id.to_string()/>
                                    <label class="visually-hidden" for=input_id.clone()>{t(au::FREE_PLACES)}</label>
                                    <input id=input_id name="free_places" inputmode="numeric" size="4" value=g.free_places.to_string()/>
                                    <button type="submit" class="btn btn--secondary">{t(au::SAVE_FLAGS)}</button>
                                </ActionForm>
                            </td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table></div>
            <details class="edit-kindergarten">
                <summary>{t(au::EDIT_KINDERGARTEN)}</summary>
                <KindergartenFields save=save id=Some(id) form=form/>
            </details>
            <details>
                <summary>{t(au::ADD_GROUP)}</summary>
                <ActionForm action=add attr:class="keyform">
                    <input type="hidden" name="kindergarten_id" value=id.to_string()/>
                    <div class="field"><label for=fid("gkk")>{t(au::GROUP_NAME_KK)}</label><input id=fid("gkk") name="name_kk" required maxlength="100"/></div>
                    <div class="field"><label for=fid("gru")>{t(au::GROUP_NAME_RU)}</label><input id=fid("gru") name="name_ru" required maxlength="100"/></div>
                    <div class="field"><label for=fid("gp")>{t(ui::AGE_PERIOD)}</label>
                        <select id=fid("gp") name="age_period_id">
                            {periods.into_iter().map(|(pid, l)| view! { <option value=pid.to_string()>{move || l.get(lang.get()).to_string()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field"><label for=fid("gn")>{t(au::FREE_PLACES)}</label><input id=fid("gn") name="free_places" inputmode="numeric" required/></div>
                    <button type="submit" class="btn btn--primary">{t(au::ADD_GROUP)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// The kindergarten's data form: adding one (`id` None) or changing one.
#[component]
fn KindergartenFields(
    save: ServerAction<SaveKindergarten>,
    id: Option<i32>,
    form: KindergartenForm,
) -> impl IntoView {
    let prefix = id.map_or("kgf-new".to_string(), |i| format!("kgf{i}"));
    let fid = move |s: &str| format!("{prefix}-{s}");
    let pending = save.pending();
    let state = form.ownership == "state";
    view! {
        <ActionForm action=save attr:class="keyform kindergarten-form">
            {id.map(|i| view! { <input type="hidden" name="kindergarten_id" value=i.to_string()/> })}
            <div class="field"><label for=fid("nkk")>{t(au::KG_NAME_KK)}</label><input id=fid("nkk") name="k[name_kk]" required maxlength="200" autocomplete="off" value=form.name_kk.clone()/></div>
            <div class="field"><label for=fid("nru")>{t(au::KG_NAME_RU)}</label><input id=fid("nru") name="k[name_ru]" required maxlength="200" autocomplete="off" value=form.name_ru.clone()/></div>
            <div class="field"><label for=fid("akk")>{t(au::KG_ADDRESS_KK)}</label><input id=fid("akk") name="k[address_kk]" required maxlength="200" autocomplete="off" value=form.address_kk.clone()/></div>
            <div class="field"><label for=fid("aru")>{t(au::KG_ADDRESS_RU)}</label><input id=fid("aru") name="k[address_ru]" required maxlength="200" autocomplete="off" value=form.address_ru.clone()/></div>
            <div class="field"><label for=fid("own")>{t(au::KG_OWNERSHIP)}</label>
                <select id=fid("own") name="k[ownership]">
                    <option value="state" selected=state>{t(au::KG_STATE)}</option>
                    <option value="private" selected=!state>{t(au::KG_PRIVATE)}</option>
                </select>
            </div>
            <div class="field"><label for=fid("bin")>{t(ui::BIN)}</label>
                <p class="field__hint" id=fid("bin-hint")>{t(au::KG_BIN_HINT)}</p>
                <input id=fid("bin") name="k[bin]" inputmode="numeric" maxlength="12" pattern="[0-9]{12}" autocomplete="off" aria-describedby=fid("bin-hint") value=form.bin.clone()/>
            </div>
            <span class="field--checkbox">
                <input type="checkbox" id=fid("e") name="k[e_contracts]" value="on" checked=form.e_contracts/>
                <label for=fid("e")>{t(au::E_CONTRACTS)}</label>
            </span>
            <span class="field--checkbox">
                <input type="checkbox" id=fid("p") name="k[paper_allowed]" value="on" checked=form.paper_allowed/>
                <label for=fid("p")>{t(au::PAPER)}</label>
            </span>
            <div class="field"><label for=fid("age")>{t(au::KG_ADMISSION_AGE)}</label><input id=fid("age") name="k[admission_age]" inputmode="numeric" maxlength="1" required value=form.admission_age.clone()/></div>
            <button type="submit" class="btn btn--primary save-kindergarten" disabled=move || pending.get()>{t(au::SAVE_KINDERGARTEN)}</button>
        </ActionForm>
    }
}
