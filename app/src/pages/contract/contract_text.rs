//! The contract text as HTML: the filled template, Kazakh and Russian side by side (one under
//! the other on a phone). The same `FilledContract` the PDF is made from.
use leptos::prelude::*;

use crate::domain::Lang;
use crate::domain::template_fill::FilledContract;
use crate::i18n::contract_ui as cu;
use crate::i18n::t;

#[component]
pub fn ContractText(text: FilledContract) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let column = move |lang: Lang, text: &FilledContract| {
        let code = lang.code();
        view! {
            <div class="contract-text__column" lang=code>
                <h2 class="contract-text__title">{text.title(lang).to_string()}</h2>
                {text.sections.iter().map(|s| {
                    let heading = s.heading(lang).to_string();
                    view! {
                        <section class="contract-text__section">
                            {(!heading.is_empty()).then(|| view! { <h3>{heading}</h3> })}
                            {s.paragraphs(lang).iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                        </section>
                    }
                }).collect_view()}
            </div>
        }
    };
    view! {
        <article class="contract-text" id="contract-text" tabindex="0"
            aria-label=move || cu::VIEW_TEXT.get(lang.get())>
            <p class="visually-hidden">{t(cu::BOTH_LANGS)}</p>
            {column(Lang::Kk, &text)}
            {column(Lang::Ru, &text)}
        </article>
    }
}
