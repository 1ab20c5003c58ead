use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::domain::kindergarten::{CatalogueFilter, Ownership};
use crate::i18n::{t, ui};

/// Search and filters. Without JavaScript it is a plain GET form (the button submits);
/// once hydrated, every keystroke and change filters the list in place.
#[component]
pub fn FilterForm(filter: Memo<CatalogueFilter>) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |f: CatalogueFilter| {
        let qs = f.to_query_string();
        let url = if qs.is_empty() {
            "/".to_string()
        } else {
            format!("/?{qs}")
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let initial = filter.get_untracked();
    let on_search = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = filter.get_untracked();
            f.query = crate::domain::kindergarten::normalise_search(&event_target_value(&ev));
            go(f);
        }
    };
    let on_ownership = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = filter.get_untracked();
            f.ownership = Ownership::parse(&event_target_value(&ev));
            go(f);
        }
    };
    let on_econtract = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = filter.get_untracked();
            f.e_contracts_only = event_target_checked(&ev);
            go(f);
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(filter.get_untracked());
        }
    };
    let selected = move |o: Option<Ownership>| initial.ownership == o;
    view! {
        <form class="filter" method="get" action="/" role="search" on:submit=on_submit>
            <div class="field field--search">
                <label for="q">{t(ui::SEARCH_LABEL)}</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    maxlength="100"
                    value=initial.query.clone()
                    placeholder=t(ui::SEARCH_PLACEHOLDER)
                    on:input=on_search
                />
            </div>
            <div class="filter__row">
                <div class="field">
                    <label for="ownership">{t(ui::OWNERSHIP_LABEL)}</label>
                    <select id="ownership" name="ownership" on:change=on_ownership>
                        <option value="" selected=selected(None)>{t(ui::OWNERSHIP_ANY)}</option>
                        <option value="state" selected=selected(Some(Ownership::State))>
                            {t(ui::OWNERSHIP_STATE)}
                        </option>
                        <option value="private" selected=selected(Some(Ownership::Private))>
                            {t(ui::OWNERSHIP_PRIVATE)}
                        </option>
                    </select>
                </div>
                <div class="field field--check">
                    <input
                        id="econtract"
                        name="econtract"
                        type="checkbox"
                        value="1"
                        checked=initial.e_contracts_only
                        on:change=on_econtract
                    />
                    <label for="econtract">{t(ui::E_CONTRACTS_ONLY)}</label>
                </div>
            </div>
            <div class="filter__actions">
                <button type="submit" class="btn btn--primary">{t(ui::APPLY_FILTER)}</button>
                <a class="btn btn--link" href="/">{t(ui::RESET_FILTER)}</a>
            </div>
        </form>
    }
}
