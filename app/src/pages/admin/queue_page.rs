//! The department's queue: waiting children in order; for each, the groups with free places
//! that take a child of that age (preferred kindergartens first) and «Жолдама беру».
use leptos::prelude::*;

use super::api::{IssueReferral, admin_queue};
use super::nav::AdminNav;
use crate::api::AdminQueueRow;
use crate::domain::referral::{DEFAULT_REFERRAL_DAYS, REFERRAL_DAYS_RANGE};
use crate::i18n::{t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminQueuePage() -> impl IntoView {
    let lang = use_lang();
    let issue = ServerAction::<IssueReferral>::new();
    let queue = crate::wire::resource(move || issue.version().get(), |_| admin_queue());
    view! {
        <section class="page admin">
            <h1>{t(ui::ADMIN_QUEUE_TITLE)}</h1>
            <AdminNav/>
            <div role="status" aria-live="polite" id="issue-result">
                {move || issue.value().get().map(|r| match r {
                    Ok(done) => view! {
                        <p class="ok" id="referral-issued">{t(ui::REFERRAL_ISSUED)}" #"{done.number}" · "{t(ui::VALID_UNTIL)}" "{done.deadline}</p>
                    }.into_any(),
                    Err(e) => {
                        let text = e.text();
                        view! { <p class="error" id="issue-error">{move || text.get(lang.get())}</p> }.into_any()
                    }
                })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="lead">{t(ui::ADMIN_QUEUE_EMPTY)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ol class="cards" id="queue">
                                {rows.into_iter().map(|row| view! { <QueueRow row=row issue=issue/> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn QueueRow(row: AdminQueueRow, issue: ServerAction<IssueReferral>) -> impl IntoView {
    let lang = use_lang();
    let pending = issue.pending();
    let preferred = row.preferred.clone();
    let select_id = format!("group-{}", row.entry_id);
    let days_id = format!("days-{}", row.entry_id);
    let groups = row.groups.clone();
    view! {
        <li class="card queue-row" data-entry=row.entry_id.to_string()>
            <h2 class="card__title">{row.position}". "{row.child_name.clone()}</h2>
            <dl class="facts">
                <dt>{t(ui::BIRTH_DATE)}</dt><dd>{row.birth_date.clone()}" ("{row.age_years}")"</dd>
                <dt>{t(ui::QUEUE_REGISTERED_ON)}</dt><dd>{row.registered_on.clone()}</dd>
                <dt>{t(ui::QUEUE_PREFERRED)}</dt>
                <dd>{move || preferred.iter().map(|p| p.get(lang.get()).to_string()).collect::<Vec<_>>().join("; ")}</dd>
            </dl>
            {if row.claim != crate::domain::ClaimStatus::Confirmed {
                let status = row.claim;
                view! {
                    <p class="notice not-confirmed" data-claim=status.as_str()>
                        <strong>{move || status.label(lang.get())}</strong>". "
                        <a href="/admin/children">{t(crate::i18n::parenthood_ui::NOT_CONFIRMED_IN_QUEUE)}</a>
                    </p>
                }.into_any()
            } else if groups.is_empty() {
                view! { <p class="muted">{t(ui::NO_FITTING_GROUP)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=issue attr:class="keyform issue-form">
                        <input type="hidden" name="entry_id" value=row.entry_id.to_string()/>
                        <div class="field">
                            <label for=select_id.clone()>{t(ui::GROUP_WITH_PLACES)}</label>
                            <select id=select_id name="group_id" required>
                                {groups.into_iter().map(|g| {
                                    let label = move || format!("{} — {} ({}), {}: {}",
                                        g.kindergarten.get(lang.get()), g.group.get(lang.get()),
                                        g.age_period.get(lang.get()), ui::FREE.get(lang.get()), g.free_places);
                                    view! { <option value=g.id.to_string()>{label}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=days_id.clone()>{t(ui::REFERRAL_DAYS)}</label>
                            <input id=days_id name="days" type="number" inputmode="numeric"
                                min=REFERRAL_DAYS_RANGE.start().to_string() max=REFERRAL_DAYS_RANGE.end().to_string()
                                value=DEFAULT_REFERRAL_DAYS.to_string() required/>
                        </div>
                        <button type="submit" class="btn btn--primary issue" disabled=move || pending.get()>
                            {t(ui::ISSUE_REFERRAL)}
                        </button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}
