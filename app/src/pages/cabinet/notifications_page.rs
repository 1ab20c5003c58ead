//! Notifications: status changes, newest first; opening the page marks them read (the
//! unread ones keep their «Жаңа» marker on this visit).
use leptos::prelude::*;

use super::api::{mark_notifications_read, my_notifications};
use super::error_view::ErrorView;
use super::nav::CabinetNav;
use crate::components::dates::format_unix_datetime;
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let lang = use_lang();
    let list = crate::wire::resource(|| (), |_| my_notifications());
    // Mark read once shown in the browser.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        if let Some(Ok(items)) = list.get()
            && items.iter().any(|n| !n.read)
        {
            leptos::task::spawn_local(async move {
                let _ = mark_notifications_read().await;
            });
            return true;
        }
        false
    });
    view! {
        <section class="page cabinet">
            <h1>{t(ui::NOTIFICATIONS_TITLE)}</h1>
            <CabinetNav/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="lead">{t(ui::NO_NOTIFICATIONS)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="notifications" id="notifications">
                                {items.into_iter().map(|n| {
                                    let text = n.text.clone();
                                    view! {
                                        <li class="notification" class:notification--unread=!n.read>
                                            {(!n.read).then(|| view! { <span class="badge badge--alert">{t(ui::NEW_BADGE)}</span>" " })}
                                            <span class="notification__text">{move || text.get(lang.get()).to_string()}</span>
                                            <span class="muted notification__time">" · "{format_unix_datetime(n.created_at)}</span>
                                            {n.link.clone().map(|href| view! { " "<a href=href>{t(ui::OPEN)}</a> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
