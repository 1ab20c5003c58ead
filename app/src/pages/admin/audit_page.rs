//! `/admin/audit`: the newest audit entries with filters, and whether the hash chain is intact.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::admin_audit;
use super::nav::AdminNav;
use crate::api::{AuditPage, AuditQuery};
use crate::components::date_input::DateInput;
use crate::components::dates::format_unix_datetime;
use crate::domain::AuditAction;
use crate::i18n::admin_ui as au;
use crate::i18n::lang_state::use_lang;
use crate::i18n::staff_ui as su;
use crate::i18n::{t, ui};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| AuditQuery {
            action: m.get("action").unwrap_or_default(),
            actor: m.get("actor").unwrap_or_default(),
            from: m.get("from").unwrap_or_default(),
            to: m.get("to").unwrap_or_default(),
        })
    });
    let data = crate::wire::resource(move || q.get(), admin_audit);
    view! {
        <section class="page admin">
            <h1>{t(au::AUDIT_TITLE)}</h1>
            <AdminNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <Log p=p q=q.get_untracked()/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Log(p: AuditPage, q: AuditQuery) -> impl IntoView {
    let lang = use_lang();
    // An action by its name in the page's language (a code we do not know, as stored).
    let named = move |code: String| move || AuditAction::label_of(&code, lang.get());
    view! {
        {match p.chain {
            Ok(n) => view! { <p class="ok" id="chain-status" data-intact="true">{t(au::CHAIN_OK)}" ("{n}")"</p> }.into_any(),
            Err(id) => view! { <p class="error" id="chain-status" data-intact="false">{t(au::CHAIN_BROKEN)}" #"{id}</p> }.into_any(),
        }}
        <form class="filters" method="get" action="/admin/audit">
            <div class="field">
                <label for="a-action">{t(au::ACTION)}</label>
                <select id="a-action" name="action">
                    <option value="">{t(au::ANY)}</option>
                    {p.actions.iter().map(|a| view! { <option value=a.clone() selected=*a == q.action>{named(a.clone())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="a-actor">{t(au::ACTOR)}</label>
                <input id="a-actor" name="actor" inputmode="numeric" maxlength="12" value=q.actor.clone() autocomplete="off"/>
            </div>
            <div class="field">
                <label for="a-from">{t(su::FILTER_FROM)}</label>
                <DateInput id="a-from" name="from" value=q.from.clone()/>
            </div>
            <div class="field">
                <label for="a-to">{t(su::FILTER_TO)}</label>
                <DateInput id="a-to" name="to" value=q.to.clone()/>
            </div>
            <button type="submit" class="btn btn--primary">{t(su::SHOW)}</button>
        </form>
        <div class="table-wrap"><table class="table" id="audit">
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{t(au::WHEN)}</th>
                <th scope="col">{t(au::ACTOR)}</th>
                <th scope="col">{t(au::ACTION)}</th>
                <th scope="col">{t(au::SUBJECT)}</th>
                <th scope="col">{t(au::DETAIL)}</th>
                <th scope="col">{t(au::ORIGIN)}</th>
            </tr></thead>
            <tbody>
                {p.rows.into_iter().map(|r| { let action = r.action.clone(); view! { <tr class="audit-row" data-action=action>
                    <td>{r.id}</td>
                    <td>{format_unix_datetime(r.at)}</td>
                    <td>{r.actor}</td>
                    <td>{named(r.action)}</td>
                    <td>{r.subject}</td>
                    <td class="hash">{r.detail}</td>
                    <td>{r.origin}</td>
                </tr> } }).collect_view()}
            </tbody>
        </table></div>
    }
}
