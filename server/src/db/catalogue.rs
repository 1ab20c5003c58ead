//! The catalogue's rows: kindergartens as [`KindergartenCard`]s with their search text,
//! loaded whole (a region has hundreds, not millions) and filtered in memory by
//! [`crate::catalogue_cache`].
use app::domain::kindergarten::{CatalogueFilter, KindergartenCard, Ownership};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};

use super::entities::{departments, kindergartens};

fn to_card(k: kindergartens::Model, d: Option<departments::Model>) -> KindergartenCard {
    let d = d.unwrap_or_else(|| departments::Model {
        id: 0,
        code: String::new(),
        district_code: String::new(),
        region_kk: String::new(),
        region_ru: String::new(),
        name_kk: String::new(),
        name_ru: String::new(),
        place_kk: String::new(),
        place_ru: String::new(),
    });
    KindergartenCard {
        id: k.id,
        name_kk: k.name_kk,
        name_ru: k.name_ru,
        address_kk: k.address_kk,
        address_ru: k.address_ru,
        ownership: Ownership::parse(&k.ownership).unwrap_or(Ownership::State),
        admission_age_from: u8::try_from(k.admission_age_from).unwrap_or(0),
        free_places: u32::try_from(k.free_places).unwrap_or(0),
        e_contracts: k.e_contracts,
        paper_allowed: k.paper_allowed,
        department_kk: d.name_kk,
        department_ru: d.name_ru,
    }
}

/// A kindergarten as the catalogue shows it, with the lower-cased text searches run over.
#[derive(Debug, Clone)]
pub struct Listed {
    pub card: KindergartenCard,
    pub search_text: String,
}

/// Every kindergarten of the catalogue, in the order of their ids.
#[tracing::instrument(skip(db))]
pub async fn load_all(db: &DatabaseConnection) -> Result<Vec<Listed>, DbErr> {
    let rows = kindergartens::Entity::find()
        .find_also_related(departments::Entity)
        .order_by_asc(kindergartens::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(k, d)| {
            let search_text = k.search_text.clone();
            Listed {
                card: to_card(k, d),
                search_text,
            }
        })
        .collect())
}

/// Whether a listed kindergarten passes the filter: the same rule as
/// [`CatalogueFilter::matches`], over the stored search text. The parent's text is matched
/// literally (no wildcards), case-insensitively.
pub fn passes(filter: &CatalogueFilter, listed: &Listed) -> bool {
    if filter.e_contracts_only && !listed.card.e_contracts {
        return false;
    }
    if let Some(o) = filter.ownership
        && listed.card.ownership != o
    {
        return false;
    }
    filter.query.is_empty() || listed.search_text.contains(&filter.query.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(name: &str, ownership: Ownership, e_contracts: bool) -> Listed {
        let card = KindergartenCard {
            id: 1,
            name_kk: name.into(),
            name_ru: name.into(),
            address_kk: "Абай даңғылы 1".into(),
            address_ru: "проспект Абая 1".into(),
            ownership,
            admission_age_from: 1,
            free_places: 3,
            e_contracts,
            paper_allowed: false,
            department_kk: String::new(),
            department_ru: String::new(),
        };
        let search_text = app::domain::kindergarten::search_text(&card);
        Listed { card, search_text }
    }

    #[test]
    fn a_parents_text_is_matched_literally_and_in_any_case() {
        let k = listed("«Айгөлек» 50%_бала", Ownership::State, true);
        let f = |q: &str| CatalogueFilter::from_query(Some(q), None, None);
        assert!(passes(&f("айгөлек"), &k));
        assert!(passes(&f("АЙГӨЛЕК"), &k));
        assert!(passes(&f("50%_"), &k));
        assert!(passes(&f("проспект абая"), &k));
        // Wildcards of SQL mean nothing here.
        assert!(!passes(&f("50_%"), &k));
        assert!(!passes(&f("%%"), &k));
        assert!(!passes(&f("Айгөлек Абая"), &k));
    }

    #[test]
    fn ownership_and_e_contract_filters_apply_together() {
        let private_paper = listed("Күншуақ", Ownership::Private, false);
        let state_e = listed("Күншуақ", Ownership::State, true);
        let f = CatalogueFilter::from_query(None, Some("private"), Some("1"));
        assert!(!passes(&f, &private_paper));
        assert!(!passes(&f, &state_e));
        let f = CatalogueFilter::from_query(Some("күншуақ"), Some("state"), Some("1"));
        assert!(passes(&f, &state_e));
        // The same rule as the domain's filter on cards.
        for k in [&private_paper, &state_e] {
            for f in [
                CatalogueFilter::from_query(None, Some("private"), None),
                CatalogueFilter::from_query(Some("абай"), None, Some("1")),
            ] {
                assert_eq!(passes(&f, k), f.matches(&k.card));
            }
        }
    }
}
