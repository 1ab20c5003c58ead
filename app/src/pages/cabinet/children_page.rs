//! «Балалар және кезек»: the parent's children, their queue places, adding a child and
//! registering it in the queue. Both forms work without JavaScript too.
use leptos::prelude::*;

use super::api::{AddChild, RegisterInQueue, departments, my_children};
use super::error_view::ErrorView;
use super::nav::CabinetNav;
use crate::api::ClaimView;
use crate::api::{ChildView, DepartmentOption};
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn ChildrenPage() -> impl IntoView {
    let add = ServerAction::<AddChild>::new();
    let register = ServerAction::<RegisterInQueue>::new();
    let children = crate::wire::resource(
        move || (add.version().get(), register.version().get()),
        |_| my_children(),
    );
    let deps = crate::wire::resource(|| (), |_| departments());
    view! {
        <section class="page cabinet">
            <h1>{t(ui::CHILDREN_TITLE)}</h1>
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    let deps = deps.await.unwrap_or_default();
                    match children.await {
                        Ok(list) => view! {
                            {list.is_empty().then(|| view! { <p class="lead" id="no-children">{t(ui::NO_CHILDREN)}</p> })}
                            <ul class="cards" id="children">
                                {list.into_iter().map(|c| view! {
                                    <ChildCard child=c deps=deps.clone() register=register/>
                                }).collect_view()}
                            </ul>
                            <AddChildForm add=add/>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ChildCard(
    child: ChildView,
    deps: Vec<DepartmentOption>,
    register: ServerAction<RegisterInQueue>,
) -> impl IntoView {
    let lang = use_lang();
    let id = child.id;
    let queue = child.queue.clone();
    let claim = child.claim.clone();
    view! {
        <li class="card child" data-child-iin=child.iin.clone()>
            <h2 class="card__title">{child.full_name.clone()}</h2>
            <dl class="facts">
                <dt>{t(ui::IIN)}</dt><dd>{child.iin.clone()}</dd>
                <dt>{t(ui::BIRTH_DATE)}</dt><dd>{child.birth_date.clone()}</dd>
            </dl>
            <ClaimSection child_id=id claim=claim/>
            {match queue {
                Some(q) => {
                    let dep = q.department.clone();
                    let preferred = q.preferred.clone();
                    view! {
                        <dl class="facts queue">
                            <dt>{t(ui::QUEUE_DEPARTMENT)}</dt><dd>{move || dep.get(lang.get()).to_string()}</dd>
                            <dt>{t(ui::QUEUE_REGISTERED_ON)}</dt><dd>{q.registered_on.clone()}</dd>
                            <dt>{t(ui::QUEUE_PREFERRED)}</dt>
                            <dd>{move || preferred.iter().map(|p| p.get(lang.get()).to_string()).collect::<Vec<_>>().join("; ")}</dd>
                            <dt>{t(ui::QUEUE_POSITION)}</dt>
                            <dd class="queue-position">{match q.position {
                                Some(n) => view! { <strong>{n}</strong> }.into_any(),
                                None => view! { <a href="/cabinet/referrals">{t(ui::QUEUE_REFERRED)}</a> }.into_any(),
                            }}</dd>
                        </dl>
                    }.into_any()
                }
                None => view! { <QueueForm child_id=id deps=deps register=register/> }.into_any(),
            }}
        </li>
    }
}

/// Where this parent's claim on the child stands; the details and the birth certificate are on
/// the child's certificate page (loaded lazily, `certificate_page`).
#[component]
fn ClaimSection(child_id: i32, claim: ClaimView) -> impl IntoView {
    use crate::domain::ClaimStatus;
    use crate::i18n::parenthood_ui as pui;
    let lang = use_lang();
    let status = claim.status;
    let link = (status != ClaimStatus::Confirmed).then(|| {
        if claim.certificate_size.is_some() {
            pui::CERTIFICATE_UPLOADED
        } else {
            pui::CERTIFICATE_UPLOAD
        }
    });
    view! {
        <div class="claim" data-claim=status.as_str()>
            <p class="claim__status">
                <span>{t(pui::CLAIM_STATUS)}": "</span>
                <strong class=format!("badge badge--{}", status.as_str())>{move || status.label(lang.get())}</strong>
            </p>
            {(claim.contested && status == ClaimStatus::Confirmed).then(|| view! {
                <p class="notice claim__contested">{t(pui::CONTESTED_NOTE)}</p>
            })}
            {link.map(|label| view! {
                <p><a class="btn btn--secondary certificate-upload" href=format!("/cabinet/children/{child_id}/certificate")>{t(label)}</a></p>
            })}
        </div>
    }
}

#[component]
fn QueueForm(
    child_id: i32,
    deps: Vec<DepartmentOption>,
    register: ServerAction<RegisterInQueue>,
) -> impl IntoView {
    let lang = use_lang();
    let pending = register.pending();
    let value = register.value();
    let select = move |name: &'static str, n: u8, required: bool| {
        let deps = deps.clone();
        let id = format!("pref{n}-{child_id}");
        view! {
            <div class="field">
                <label for=id.clone()>{move || format!("{} {n}", ui::KINDERGARTEN.get(lang.get()))}</label>
                <select id=id name=name required=required>
                    <option value="">{t(ui::CHOOSE)}</option>
                    {deps.into_iter().map(|d| {
                        let label = d.name.clone();
                        view! {
                            <optgroup label=move || label.get(lang.get()).to_string()>
                                {d.kindergartens.into_iter().map(|(kid, name)| view! {
                                    <option value=kid.to_string()>{move || name.get(lang.get()).to_string()}</option>
                                }).collect_view()}
                            </optgroup>
                        }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <details class="queue-form">
            <summary>{t(ui::QUEUE_NOT_REGISTERED)}" — "{t(ui::QUEUE_REGISTER_TITLE)}</summary>
            <ActionForm action=register attr:class="keyform">
                <input type="hidden" name="child_id" value=child_id.to_string()/>
                <p class="field__hint">{t(ui::QUEUE_PREFERRED_HINT)}</p>
                {select("pref1", 1, true)}
                {select("pref2", 2, false)}
                {select("pref3", 3, false)}
                <button type="submit" class="btn btn--primary" disabled=move || pending.get()>
                    {t(ui::QUEUE_REGISTER_SUBMIT)}
                </button>
                <div role="status" aria-live="polite">
                    {move || value.get().and_then(|r| r.err()).map(|e| {
                        let text = e.text();
                        view! { <p class="error queue-error">{move || text.get(lang.get())}</p> }
                    })}
                </div>
            </ActionForm>
        </details>
    }
}

#[component]
fn AddChildForm(add: ServerAction<AddChild>) -> impl IntoView {
    let lang = use_lang();
    let pending = add.pending();
    let value = add.value();
    view! {
        <section class="card add-child">
            <h2 class="card__title">{t(ui::ADD_CHILD_TITLE)}</h2>
            <ActionForm action=add attr:class="keyform" attr:id="add-child-form">
                <div class="field">
                    <label for="child-iin">{t(ui::CHILD_IIN)}</label>
                    <p class="field__hint" id="child-iin-hint">{t(ui::CHILD_IIN_HINT)}</p>
                    <input id="child-iin" name="iin" type="text" inputmode="numeric" autocomplete="off"
                        pattern="[0-9]{12}" maxlength="12" required aria-describedby="child-iin-hint"/>
                </div>
                <div class="field">
                    <label for="child-last-name">{t(ui::CHILD_LAST_NAME)}</label>
                    <input id="child-last-name" name="last_name" type="text" autocomplete="off" required maxlength="60"/>
                </div>
                <div class="field">
                    <label for="child-first-name">{t(ui::CHILD_FIRST_NAME)}</label>
                    <input id="child-first-name" name="first_name" type="text" autocomplete="off" required maxlength="60"/>
                </div>
                <div class="field">
                    <label for="child-patronymic">{t(ui::CHILD_PATRONYMIC)}</label>
                    <input id="child-patronymic" name="patronymic" type="text" autocomplete="off" maxlength="60"/>
                </div>
                <button type="submit" class="btn btn--primary" id="add-child" disabled=move || pending.get()>
                    {t(ui::ADD_CHILD_SUBMIT)}
                </button>
                <div role="status" aria-live="polite">
                    {move || value.get().map(|r| match r {
                        Ok(_) => view! { <p class="ok" id="child-added">{t(ui::CHILD_ADDED)}</p> }.into_any(),
                        Err(e) => {
                            let text = e.text();
                            view! { <p class="error" id="add-child-error">{move || text.get(lang.get())}</p> }.into_any()
                        }
                    })}
                </div>
            </ActionForm>
        </section>
    }
}
