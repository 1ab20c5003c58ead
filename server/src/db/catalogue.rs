//! The catalogue repository: kindergartens as [`KindergartenCard`]s.
use app::domain::kindergarten::{CatalogueFilter, KindergartenCard, Ownership};
use app::ports::{Catalogue, PortError};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::entities::{departments, kindergartens};

pub struct CatalogueRepo {
    pub db: DatabaseConnection,
}

/// Escapes `%`, `_` and `\` so a parent's search text is matched literally by LIKE.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

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

#[async_trait::async_trait]
impl Catalogue for CatalogueRepo {
    #[tracing::instrument(skip(self), fields(q = %filter.query))]
    async fn list(&self, filter: &CatalogueFilter) -> Result<Vec<KindergartenCard>, PortError> {
        let mut q = kindergartens::Entity::find().find_also_related(departments::Entity);
        if filter.e_contracts_only {
            q = q.filter(kindergartens::Column::EContracts.eq(true));
        }
        if let Some(o) = filter.ownership {
            q = q.filter(kindergartens::Column::Ownership.eq(o.as_str()));
        }
        if !filter.query.is_empty() {
            let pattern = like_pattern(&filter.query.to_lowercase());
            q = q.filter(
                sea_orm::sea_query::Expr::col((
                    kindergartens::Entity,
                    kindergartens::Column::SearchText,
                ))
                .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
            );
        }
        let rows = q
            .order_by_asc(kindergartens::Column::Id)
            .all(&self.db)
            .await
            .map_err(|e| PortError::Unavailable(e.to_string()))?;
        Ok(rows.into_iter().map(|(k, d)| to_card(k, d)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_wildcards_typed_by_a_parent_are_literal() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
