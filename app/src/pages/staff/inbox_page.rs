//! `/staff`: the kindergarten's contracts — what waits for a signature today first; filters
//! by status, group and sending date, search by child, parent or number, sorting and pages.
//! A plain GET form: it works before the WASM loads and every view has its own address.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::staff_inbox;
use crate::api::{InboxPage, InboxQuery, InboxRow};
use crate::components::date_input::DateInput;
use crate::components::dates::format_unix_datetime;
use crate::domain::ContractStatus;
use crate::i18n::staff_ui as su;
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;
use crate::pages::contract::contracts_page::status_class;

fn query_from(q: &leptos_router::params::ParamsMap) -> InboxQuery {
    let s = |k: &str| q.get(k).unwrap_or_default();
    InboxQuery {
        status: s("status"),
        group: s("group").parse().unwrap_or(0),
        from: s("from"),
        to: s("to"),
        q: s("q"),
        sort: s("sort"),
        page: s("page").parse().unwrap_or(1),
    }
}

fn href(q: &InboxQuery, page: u32) -> String {
    let e = crate::domain::kindergarten::percent_encode;
    format!(
        "/staff?status={}&group={}&from={}&to={}&q={}&sort={}&page={page}",
        e(&q.status),
        q.group,
        e(&q.from),
        e(&q.to),
        e(&q.q),
        e(&q.sort)
    )
}

#[component]
pub fn StaffInboxPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(query_from));
    let data = crate::wire::resource(move || q.get(), staff_inbox);
    view! {
        <section class="page staff">
            <h1>{t(su::INBOX_TITLE)}</h1>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <Inbox page=p q=q.get_untracked()/> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Inbox(page: InboxPage, q: InboxQuery) -> impl IntoView {
    let lang = use_lang();
    let statuses = [("", su::STATUS_WAITING), ("all", su::STATUS_ALL)];
    let groups = page.groups.clone();
    let (prev, next) = (
        (page.page > 1).then(|| href(&q, page.page - 1)),
        (page.page < page.pages).then(|| href(&q, page.page + 1)),
    );
    view! {
        {page.head.then(|| view! {
            <p class="actions"><a class="btn btn--secondary" id="to-staff-people" href="/staff/people">{t(su::NAV_PEOPLE)}</a></p>
        })}
        <div class="note" id="needs-action">
            {if page.awaiting == 0 {
                view! { {t(su::NOTHING_WAITS)} }.into_any()
            } else {
                view! {
                    {t(su::AWAITING)}": "<strong id="awaiting-count">{page.awaiting}</strong>
                    {page.oldest_waiting.map(|at| view! { " · "{t(su::OLDEST_SINCE)}" "{format_unix_datetime(at)} })}
                }.into_any()
            }}
        </div>
        <form class="filters" method="get" action="/staff" id="inbox-filters">
            <div class="field">
                <label for="f-status">{t(su::FILTER_STATUS)}</label>
                <select id="f-status" name="status">
                    {statuses.into_iter().map(|(v, l)| view! {
                        <option value=v selected=q.status == v>{t(l)}</option>
                    }).collect_view()}
                    {ContractStatus::ALL.into_iter().filter(|s| *s != ContractStatus::Draft).map(|s| view! {
                        <option value=s.as_str() selected=q.status == s.as_str()>{move || s.label(lang.get())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-group">{t(su::FILTER_GROUP)}</label>
                <select id="f-group" name="group">
                    <option value="0">{t(su::ANY_GROUP)}</option>
                    {groups.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=q.group == id>{move || name.get(lang.get()).to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-from">{t(su::FILTER_FROM)}</label>
                <DateInput id="f-from" name="from" value=q.from.clone()/>
            </div>
            <div class="field">
                <label for="f-to">{t(su::FILTER_TO)}</label>
                <DateInput id="f-to" name="to" value=q.to.clone()/>
            </div>
            <div class="field">
                <label for="f-q">{t(su::SEARCH)}</label>
                <input id="f-q" name="q" type="search" maxlength="100" value=q.q.clone() autocomplete="off"/>
            </div>
            <div class="field">
                <label for="f-sort">{t(su::SORT)}</label>
                <select id="f-sort" name="sort">
                    <option value="oldest" selected=q.sort.is_empty() || q.sort == "oldest">{t(su::SORT_OLDEST)}</option>
                    <option value="newest" selected=q.sort == "newest">{t(su::SORT_NEWEST)}</option>
                    <option value="number" selected=q.sort == "number">{t(su::SORT_NUMBER)}</option>
                </select>
            </div>
            <button type="submit" class="btn btn--primary" id="apply-filters">{t(su::SHOW)}</button>
        </form>
        <p class="muted" id="inbox-total">{t(su::FOUND)}": "{page.total}" · "{t(su::PAGE)}" "{page.page}" / "{page.pages}</p>
        {if page.rows.is_empty() {
            view! { <p class="muted" id="inbox-empty">{t(su::NONE_FOUND)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="table" id="inbox">
                        <thead><tr>
                            <th scope="col">"№"</th>
                            <th scope="col">{t(ui::CHILD)}</th>
                            <th scope="col">{t(su::PARENT)}</th>
                            <th scope="col">{t(ui::GROUP)}</th>
                            <th scope="col">{t(su::SENT)}</th>
                            <th scope="col">{t(ui::STATUS)}</th>
                        </tr></thead>
                        <tbody>
                            {page.rows.into_iter().map(|r| view! { <Row r=r/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <nav class="pager" aria-label=move || su::PAGE.get(lang.get())>
            {prev.map(|h| view! { <a class="btn btn--secondary" rel="prev" href=h>{t(su::PREV)}</a> })}
            {next.map(|h| view! { <a class="btn btn--secondary" rel="next" id="next-page" href=h>{t(su::NEXT)}</a> })}
        </nav>
    }
}

#[component]
fn Row(r: InboxRow) -> impl IntoView {
    let lang = use_lang();
    let g = r.group.clone();
    let status = r.status;
    view! {
        <tr class="inbox-row" data-number=r.number.clone() data-status=status.as_str()>
            <td><a href=format!("/staff/contracts/{}", r.id)>{r.number.clone()}</a></td>
            <td>{r.child_name.clone()}</td>
            <td>{r.parent_name.clone()}</td>
            <td>{move || g.get(lang.get()).to_string()}</td>
            <td>{r.sent_at.map(format_unix_datetime).unwrap_or_default()}</td>
            <td><span class=status_class(status)>{move || status.label(lang.get())}</span></td>
        </tr>
    }
}
