use leptos::prelude::*;

use super::lang_switch::LangSwitch;
use crate::i18n::{t, ui};

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip" href="#main">{t(ui::SKIP_TO_CONTENT)}</a>
        <header class="topbar">
            <a class="brand" href="/">{t(ui::SERVICE_NAME)}</a>
            <LangSwitch/>
        </header>
    }
}
