use leptos::prelude::*;

use super::api::SendSupportRequest;
use crate::i18n::{t, ui, use_lang};

/// The always-visible support button (bottom right, as the seed describes).
#[component]
pub fn SupportButton() -> impl IntoView {
    view! { <a class="support-fab" href="/support" id="support-button">{t(ui::SUPPORT_BUTTON)}</a> }
}

/// The support form: a contact to answer to and the message. Works without JavaScript too.
#[component]
pub fn SupportPage() -> impl IntoView {
    let lang = use_lang();
    let send = ServerAction::<SendSupportRequest>::new();
    let pending = send.pending();
    view! {
        <section class="page support">
            <h1>{t(ui::SUPPORT_TITLE)}</h1>
            <p class="lead">{t(ui::SUPPORT_INTRO)}</p>
            <ActionForm action=send attr:class="keyform">
                <div class="field">
                    <label for="contact">{t(ui::SUPPORT_CONTACT)}</label>
                    <input id="contact" name="contact" type="text" autocomplete="email" required/>
                </div>
                <div class="field">
                    <label for="message">{t(ui::SUPPORT_MESSAGE)}</label>
                    <textarea id="message" name="message" rows="5" maxlength="2000" required></textarea>
                </div>
                <input type="hidden" name="page" value="/support"/>
                <button type="submit" class="btn btn--primary" disabled=move || pending.get()>
                    {t(ui::SUPPORT_SEND)}
                </button>
                <div role="status" aria-live="polite">
                    {move || send.value().get().map(|r| match r {
                        Ok(ticket) => view! {
                            <p class="ok" id="support-ok">{move || ui::SUPPORT_DONE.get(lang.get())}" №"{ticket.number}</p>
                        }.into_any(),
                        Err(e) => view! { <p class="error" id="support-error">{move || e.text().get(lang.get())}</p> }.into_any(),
                    })}
                </div>
            </ActionForm>
        </section>
    }
}
