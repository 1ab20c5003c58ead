//! Section links of the department admin's pages.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, ui};

#[component]
pub fn AdminNav() -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <nav class="tabs">
            <a class="tabs__link" href="/admin" aria-current=move || (path.get() == "/admin").then_some("page")>{t(ui::NAV_ADMIN_QUEUE)}</a>
            <a class="tabs__link" href="/admin/children" id="nav-claims" aria-current=move || (path.get() == "/admin/children").then_some("page")>{t(crate::i18n::parenthood_ui::NAV_CLAIMS)}</a>
            <a class="tabs__link" href="/admin/roles" aria-current=move || (path.get() == "/admin/roles").then_some("page")>{t(ui::NAV_ADMIN_ROLES)}</a>
            <a class="tabs__link" href="/admin/kindergartens" id="nav-kindergartens" aria-current=move || (path.get() == "/admin/kindergartens").then_some("page")>{t(crate::i18n::admin_ui::NAV_KINDERGARTENS)}</a>
            <a class="tabs__link" href="/admin/tariffs" id="nav-tariffs" aria-current=move || (path.get() == "/admin/tariffs").then_some("page")>{t(crate::i18n::admin_ui::NAV_TARIFFS)}</a>
            <a class="tabs__link" href="/admin/templates" id="nav-templates" aria-current=move || (path.get() == "/admin/templates").then_some("page")>{t(crate::i18n::admin_ui::NAV_TEMPLATES)}</a>
            <a class="tabs__link" href="/admin/stats" id="nav-stats" aria-current=move || (path.get() == "/admin/stats").then_some("page")>{t(crate::i18n::admin_ui::NAV_STATS)}</a>
            <a class="tabs__link" href="/admin/audit" id="nav-audit" aria-current=move || (path.get() == "/admin/audit").then_some("page")>{t(crate::i18n::admin_ui::NAV_AUDIT)}</a>
        </nav>
    }
}
