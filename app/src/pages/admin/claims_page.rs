//! «Балаларды растау»: children queued in the department whose parenthood waits for the
//! department — each claim with its birth certificate, «Растау» and «Растамау» with a reason.
//! A child claimed by several people (a dispute) shows every claim together.
use leptos::prelude::*;

use super::api::{DecideClaim, admin_claims};
use super::nav::AdminNav;
use crate::api::{ChildClaims, ClaimRow};
use crate::domain::ClaimStatus;
use crate::i18n::{parenthood_ui as pui, t, ui, use_lang};
use crate::pages::cabinet::error_view::ErrorView;

#[component]
pub fn AdminClaimsPage() -> impl IntoView {
    crate::error::register_admin_texts();
    let lang = use_lang();
    let decide = ServerAction::<DecideClaim>::new();
    let claims = crate::wire::resource(move || decide.version().get(), |_| admin_claims());
    view! {
        <section class="page admin">
            <h1>{t(pui::CLAIMS_TITLE)}</h1>
            <AdminNav/>
            <p class="lead">{t(pui::CLAIMS_HINT)}</p>
            <div role="status" aria-live="polite" id="decide-result">
                {move || decide.value().get().map(|r| match r {
                    Ok(ClaimStatus::Confirmed) => view! { <p class="ok" id="claim-decided">{t(pui::DECIDED_CONFIRMED)}</p> }.into_any(),
                    Ok(_) => view! { <p class="ok" id="claim-decided">{t(pui::DECIDED_REJECTED)}</p> }.into_any(),
                    Err(e) => {
                        let text = e.text();
                        view! { <p class="error" id="decide-error">{move || text.get(lang.get())}</p> }.into_any()
                    }
                })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match claims.await {
                        Ok(list) if list.is_empty() => view! { <p class="lead" id="claims-empty">{t(pui::CLAIMS_EMPTY)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="cards" id="claims">
                                {list.into_iter().map(|c| view! { <ChildCard child=c decide=decide/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ChildCard(child: ChildClaims, decide: ServerAction<DecideClaim>) -> impl IntoView {
    let disputed = child.claims.len() > 1;
    view! {
        <li class="card claim-child" data-child-iin=child.child_iin.clone()>
            <h2 class="card__title">{t(ui::IIN)}" "{child.child_iin.clone()}" · "{child.birth_date.clone()}</h2>
            {disputed.then(|| view! { <p class="notice dispute">{t(pui::DISPUTE)}</p> })}
            <ol class="claims">
                {child.claims.into_iter().map(|c| view! { <Claim claim=c decide=decide/> }).collect_view()}
            </ol>
        </li>
    }
}

#[component]
fn Claim(claim: ClaimRow, decide: ServerAction<DecideClaim>) -> impl IntoView {
    let lang = use_lang();
    let pending = decide.pending();
    let status = claim.status;
    let reason_id = format!("reason-{}", claim.id);
    let certificate = format!("/api/children/{}/birth-certificate", claim.id);
    view! {
        <li class="claim" data-claim=claim.id.to_string() data-status=status.as_str()>
            <dl class="facts">
                <dt>{t(pui::CLAIMANT)}</dt>
                <dd class="claimant">{claim.parent_name.clone()}" ("{t(ui::IIN)}" "{claim.parent_iin.clone()}")"</dd>
                <dt>{t(ui::CHILD_FIRST_NAME)}</dt><dd>{claim.child_name.clone()}</dd>
                <dt>{t(pui::ADDED_ON)}</dt><dd>{claim.added_on.clone()}</dd>
                <dt>{t(pui::IN_QUEUE)}</dt><dd>{if claim.queued { t(pui::YES) } else { t(pui::NO) }}</dd>
                <dt>{t(pui::CLAIM_STATUS)}</dt>
                <dd class="claim-status">{move || status.label(lang.get())}
                    {claim.by_register.then(|| view! { " — "{t(pui::CONFIRMED_BY_REGISTER)} })}
                </dd>
                {claim.reason.clone().map(|r| view! { <dt>{t(pui::REJECTED_REASON)}</dt><dd>{r}</dd> })}
                <dt>{t(pui::CERTIFICATE)}</dt>
                <dd>{if claim.has_certificate {
                    view! { <a href=certificate target="_blank" rel="noopener" class="certificate-link">{t(pui::CERTIFICATE_VIEW)}</a> }.into_any()
                } else {
                    view! { <span class="muted">{t(pui::NO_CERTIFICATE)}</span> }.into_any()
                }}</dd>
            </dl>
            {status.awaits_department().then(|| view! {
                <div class="decide">
                    <ActionForm action=decide attr:class="keyform confirm-form">
                        <input type="hidden" name="claim_id" value=claim.id.to_string()/>
                        <input type="hidden" name="decision" value="confirm"/>
                        <button type="submit" class="btn btn--primary confirm" disabled=move || pending.get()>{t(pui::CONFIRM)}</button>
                    </ActionForm>
                    <ActionForm action=decide attr:class="keyform reject-form">
                        <input type="hidden" name="claim_id" value=claim.id.to_string()/>
                        <input type="hidden" name="decision" value="reject"/>
                        <div class="field">
                            <label for=reason_id.clone()>{t(pui::REJECT_REASON)}</label>
                            <textarea id=reason_id name="reason" required minlength="5" maxlength="500" rows="2"></textarea>
                        </div>
                        <button type="submit" class="btn btn--secondary reject" disabled=move || pending.get()>{t(pui::REJECT)}</button>
                    </ActionForm>
                </div>
            })}
        </li>
    }
}
