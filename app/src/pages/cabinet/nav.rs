//! The cabinet's section links, with the unread notifications count.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::api::unread_count;
use crate::i18n::{Text, t, ui, use_lang};

const LINKS: [(&str, Text, &str); 5] = [
    ("/cabinet", ui::NAV_CHILDREN, "nav-children"),
    ("/cabinet/referrals", ui::NAV_REFERRALS, "nav-referrals"),
    ("/cabinet/contracts", ui::NAV_CONTRACTS, "nav-contracts"),
    ("/cabinet/requisites", ui::NAV_REQUISITES, "nav-requisites"),
    ("/me", ui::NAV_PROFILE, "nav-profile"),
];

/// Section navigation of the parent's cabinet.
#[component]
pub fn CabinetNav() -> impl IntoView {
    let lang = use_lang();
    let path = use_location().pathname;
    let unread = crate::wire::resource(move || path.get(), |_| unread_count());
    view! {
        <nav class="tabs" aria-label=move || ui::ME_TITLE.get(lang.get())>
            {LINKS.into_iter().map(|(href, label, id)| view! {
                <a class="tabs__link" id=id href=href
                    aria-current=move || (path.get() == href).then_some("page")>{t(label)}</a>
            }).collect_view()}
            <a class="tabs__link" id="nav-notifications" href="/cabinet/notifications"
                aria-current=move || (path.get() == "/cabinet/notifications").then_some("page")>
                {t(ui::NAV_NOTIFICATIONS)}
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match unread.await {
                            Ok(n) if n > 0 => Some(view! {
                                " "<span class="badge badge--alert" id="unread-count"
                                    title=move || ui::UNREAD.get(lang.get())>{n}</span>
                            }),
                            _ => None,
                        }
                    })}
                </Transition>
            </a>
        </nav>
    }
}
