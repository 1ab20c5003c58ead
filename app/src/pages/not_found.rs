use leptos::prelude::*;

use crate::i18n::{t, ui};

/// Shown for an unknown address, with a real 404 status from the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="page not-found">
            <h1>{t(ui::NOT_FOUND_PAGE)}</h1>
            <p><a href="/">{t(ui::TO_CATALOGUE)}</a></p>
        </section>
    }
}
