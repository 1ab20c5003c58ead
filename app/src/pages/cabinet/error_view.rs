//! How a failed cabinet request is shown: a sign-in link when the session is gone, else
//! the error's message.
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{t, ui, use_lang};

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let text = error.text();
    let login = matches!(error, AppError::Unauthenticated);
    view! {
        <div class="error" role="alert">
            <p>{move || text.get(lang.get())}</p>
            {login.then(|| view! { <p><a class="btn" href="/login">{t(ui::LOGIN_LINK)}</a></p> })}
        </div>
    }
}
