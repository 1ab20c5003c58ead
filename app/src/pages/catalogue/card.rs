use leptos::prelude::*;

use crate::domain::kindergarten::{KindergartenCard, Ownership};
use crate::i18n::{t, ui, use_lang};

/// One kindergarten as the seed's catalogue shows it, with the e-contract badge.
#[component]
pub fn KindergartenCardView(card: KindergartenCard) -> impl IntoView {
    let lang = use_lang();
    let KindergartenCard {
        id,
        name_kk,
        name_ru,
        address_kk,
        address_ru,
        ownership,
        admission_age_from,
        free_places,
        e_contracts,
        paper_allowed,
        ..
    } = card;
    let name = move || match lang.get() {
        crate::domain::Lang::Kk => name_kk.clone(),
        crate::domain::Lang::Ru => name_ru.clone(),
    };
    let address = move || match lang.get() {
        crate::domain::Lang::Kk => address_kk.clone(),
        crate::domain::Lang::Ru => address_ru.clone(),
    };
    let ownership_text = match ownership {
        Ownership::State => ui::OWNERSHIP_STATE,
        Ownership::Private => ui::OWNERSHIP_PRIVATE,
    };
    let availability = if free_places > 0 {
        ui::PLACES_AVAILABLE
    } else {
        ui::NO_PLACES
    };
    let contract_note = match (e_contracts, paper_allowed) {
        (true, false) => Some(ui::E_CONTRACT_ONLY_NOTE),
        (false, _) => Some(ui::PAPER_ONLY_NOTE),
        (true, true) => None,
    };
    view! {
        <article class="kg-card" data-kindergarten-id=id data-e-contracts=e_contracts.to_string()>
            <header class="kg-card__head">
                <h2 class="kg-card__name">{name}</h2>
                {e_contracts.then(|| view! { <span class="badge badge--e">{t(ui::E_CONTRACT_BADGE)}</span> })}
            </header>
            <p class="kg-card__address">{address}</p>
            <ul class="kg-card__facts">
                <li>{move || ui::admission_from(lang.get(), admission_age_from)}</li>
                <li>
                    <span>{t(ui::FREE_PLACES)}</span>": "<strong class="kg-card__places">{free_places}</strong>
                </li>
                <li class={if free_places > 0 { "avail avail--yes" } else { "avail avail--no" }}>
                    {t(availability)}
                </li>
                <li class="kg-card__ownership" data-ownership=ownership.as_str()>{t(ownership_text)}</li>
            </ul>
            {contract_note.map(|n| view! { <p class="kg-card__note">{t(n)}</p> })}
        </article>
    }
}
