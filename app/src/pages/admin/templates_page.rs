//! `/admin/templates`: the department's contract template versions (kk and ru) with their
//! effective dates, and adding the next version (new legislation → new version → used for
//! new contracts from its date, automatically).
use leptos::prelude::*;

use super::api::{AddTemplate, admin_templates};
use super::nav::AdminNav;
use crate::components::date_input::DateInput;
use crate::i18n::admin_ui as au;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminTemplatesPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddTemplate>::new();
    let data = crate::wire::resource(move || add.version().get(), |_| admin_templates());
    view! {
        <section class="page admin">
            <h1>{t(au::TEMPLATES_TITLE)}</h1>
            <AdminNav/>
            <p class="note">{t(au::TEMPLATES_NOTE)}</p>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            {d.builtin_in_force.then(|| view! { <p id="builtin-in-force">{t(au::BUILTIN)}</p> })}
                            <div class="table-wrap"><table class="table" id="template-versions">
                                <thead><tr>
                                    <th scope="col">{t(au::VERSION)}</th>
                                    <th scope="col">{t(au::FROM)}</th>
                                    <th scope="col">{t(au::TITLE)}</th>
                                    <th scope="col">"SHA-256"</th>
                                </tr></thead>
                                <tbody>
                                    {d.versions.into_iter().map(|v| {
                                        let title = v.title.clone();
                                        view! { <tr class="template-version" data-version=v.version.to_string()>
                                            <td>{format!("{} v{}", v.template_id, v.version)}
                                                {v.in_force.then(|| view! { " "<span class="badge badge--ok">{t(au::IN_FORCE)}</span> })}</td>
                                            <td>{v.effective_from.clone()}</td>
                                            <td>{move || title.get(lang.get()).to_string()}</td>
                                            <td class="hash">{v.sha256.get(..16).unwrap_or_default().to_string()}"…"</td>
                                        </tr> }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <h2>{t(au::ADD_TEMPLATE)}</h2>
                            <ActionForm action=add attr:id="template-form" attr:class="keyform">
                                <div class="field">
                                    <label for="tpl-json">{t(au::TEMPLATE_TEXT)}</label>
                                    <textarea id="tpl-json" name="json" rows="16" spellcheck="false" class="code" required>{d.current_json.clone()}</textarea>
                                </div>
                                <div class="field">
                                    <label for="tpl-from">{t(au::FROM)}</label>
                                    <DateInput id="tpl-from" name="effective_from" required=true/>
                                </div>
                                <button type="submit" class="btn btn--primary" id="add-template">{t(au::ADD_TEMPLATE)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <div role="status" aria-live="polite">
                {move || add.value().get().map(|r| match r {
                    Ok(v) => view! { <p class="ok" id="template-added">{t(au::TEMPLATE_ADDED)}" v"{v}</p> }.into_any(),
                    Err(e) => { let text = e.text(); view! { <p class="error" id="template-error">{move || text.get(lang.get())}</p> }.into_any() }
                })}
            </div>
        </section>
    }
}
