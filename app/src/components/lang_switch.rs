use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::domain::Lang;
use crate::i18n::lang_state::set_lang;
use crate::i18n::{ui, use_lang};

/// Kazakh/Russian switch. Without JavaScript it is a link to `/lang/{code}` (the server sets
/// the cookie and sends the parent back); hydrated, it switches in place and sets the cookie.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let other = move || match lang.get() {
        Lang::Kk => Lang::Ru,
        Lang::Ru => Lang::Kk,
    };
    let href = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let back = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!(
            "/lang/{}?next={}",
            other().code(),
            crate::domain::kindergarten::percent_encode(&back)
        )
    };
    view! {
        <a
            class="lang-switch"
            id="lang-switch"
            href=href
            hreflang=move || other().code()
            aria-label=move || ui::SWITCH_TO_OTHER_LABEL.get(lang.get())
            on:click=move |ev| {
                ev.prevent_default();
                set_lang(other());
            }
        >
            {move || ui::SWITCH_TO_OTHER.get(lang.get())}
        </a>
    }
}
