//! A date typed day first (`20.06.2019`), as every page writes dates. Not `<input
//! type="date">`: browsers draw that in their own locale (`06/20/2019` on a Kazakh page) and
//! some phones give it no keyboard at all. `domain::dates::parse_date` reads what is typed
//! (also `1.3.2021`, `20/06/2019`, and ISO from older links).
use leptos::prelude::*;

use crate::domain::dates::display_date;
use crate::i18n::{ui, use_lang};

/// An `<input>` for a date; its `<label for=id>` is the caller's.
#[component]
pub fn DateInput(
    id: &'static str,
    name: &'static str,
    /// The current value: typed text, or an ISO date (shown day first).
    #[prop(optional, into)]
    value: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <input
            id=id
            name=name
            type="text"
            inputmode="decimal"
            maxlength="10"
            autocomplete="off"
            placeholder=move || ui::DATE_PLACEHOLDER.get(lang.get())
            title=move || ui::DATE_HINT.get(lang.get())
            value=display_date(&value)
            required=required
        />
    }
}
