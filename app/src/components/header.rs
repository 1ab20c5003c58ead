use leptos::prelude::*;

use super::lang_switch::LangSwitch;
use crate::i18n::{t, ui};

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip" href="#main">{t(ui::SKIP_TO_CONTENT)}</a>
        <header class="topbar">
            <a class="brand" href="/">{t(ui::SERVICE_NAME)}</a>
            <nav class="topbar__nav">
                <a class="topbar__link" href="/help" id="help-link">{t(ui::HELP_LINK)}</a>
                <a class="topbar__link" href="/cabinet" id="cabinet-link">{t(ui::ME_TITLE)}</a>
                <LangSwitch/>
            </nav>
        </header>
    }
}
