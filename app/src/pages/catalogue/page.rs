use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::list_kindergartens;
use super::card::KindergartenCardView;
use super::filter_form::FilterForm;
use crate::domain::kindergarten::CatalogueFilter;
use crate::i18n::{t, ui, use_lang};

/// The catalogue page: filter form and the matching cards.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            CatalogueFilter::from_query(
                q.get_str("q"),
                q.get_str("ownership"),
                q.get_str("econtract"),
            )
        })
    });
    let cards = crate::wire::resource(move || filter.get(), list_kindergartens);
    let lang = use_lang();
    view! {
        <section class="page catalogue">
            <h1>{t(ui::CATALOGUE_TITLE)}</h1>
            <p class="lead">{t(ui::CATALOGUE_INTRO)}</p>
            <FilterForm filter/>
            <Transition fallback=move || view! { <p class="muted">{t(ui::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="empty" role="status">{t(ui::NOTHING_FOUND)}</p> }.into_any()
                        }
                        Ok(list) => {
                            let count = list.len();
                            view! {
                                <p class="count" role="status">
                                    {t(ui::FOUND_COUNT)}": "<span id="found-count">{count}</span>
                                </p>
                                <div class="kg-list">
                                    {list.into_iter().map(|card| view! { <KindergartenCardView card/> }).collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! { <p class="error" role="alert">{move || e.text().get(lang.get())}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
