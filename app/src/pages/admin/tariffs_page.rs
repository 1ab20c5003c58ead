//! `/admin/tariffs`: the department's tariffs by age period with their dates, and setting a new
//! one from a date (today or later).
use leptos::prelude::*;

use super::api::{SetTariff, admin_tariffs};
use super::nav::AdminNav;
use crate::components::date_input::DateInput;
use crate::domain::template_fill::format_amount;
use crate::i18n::admin_ui as au;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminTariffsPage() -> impl IntoView {
    crate::error::register_admin_texts();
    let lang = use_lang();
    let set = ServerAction::<SetTariff>::new();
    let data = crate::wire::resource(move || set.version().get(), |_| admin_tariffs());
    view! {
        <section class="page admin">
            <h1>{t(au::TARIFFS_TITLE)}</h1>
            <AdminNav/>
            <p class="note">{t(au::TARIFFS_NOTE)}</p>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            <div class="table-wrap"><table class="table" id="tariffs">
                                <thead><tr>
                                    <th scope="col">{t(ui::AGE_PERIOD)}</th>
                                    <th scope="col">{t(au::AMOUNT)}</th>
                                    <th scope="col">{t(au::FROM)}</th>
                                    <th scope="col">{t(au::TO)}</th>
                                </tr></thead>
                                <tbody>
                                    {d.rows.into_iter().map(|r| {
                                        let p = r.age_period.clone();
                                        let a = r.monthly_amount_tenge;
                                        view! { <tr>
                                            <td>{move || p.get(lang.get()).to_string()}</td>
                                            <td>{move || format_amount(a, lang.get())}</td>
                                            <td>{r.effective_from.clone()}</td>
                                            <td>{r.effective_to.clone().unwrap_or_else(|| "—".into())}</td>
                                        </tr> }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <h2>{t(au::SET_TARIFF)}</h2>
                            <ActionForm action=set attr:id="tariff-form" attr:class="keyform">
                                <div class="field">
                                    <label for="t-period">{t(ui::AGE_PERIOD)}</label>
                                    <select id="t-period" name="age_period_id" required>
                                        {d.age_periods.into_iter().map(|(id, l)| view! {
                                            <option value=id.to_string()>{move || l.get(lang.get()).to_string()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="t-amount">{t(au::AMOUNT)}</label>
                                    <input id="t-amount" name="amount" inputmode="numeric" autocomplete="off" required/>
                                </div>
                                <div class="field">
                                    <label for="t-from">{t(au::FROM)}</label>
                                    <DateInput id="t-from" name="effective_from" required=true/>
                                </div>
                                <button type="submit" class="btn btn--primary" id="set-tariff">{t(au::SET_TARIFF)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <div role="status" aria-live="polite">
                {move || set.value().get().map(|r| match r {
                    Ok(()) => view! { <p class="ok" id="tariff-saved">{t(au::TARIFF_SAVED)}</p> }.into_any(),
                    Err(e) => { let text = e.text(); view! { <p class="error" id="tariff-error">{move || text.get(lang.get())}</p> }.into_any() }
                })}
            </div>
        </section>
    }
}
