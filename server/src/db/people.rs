//! People as their EDS certificates named them at their last log-in.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::entities::people;

/// The full names of those of `iins` who have signed in at least once, by IIN (one query).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn names_by_iin(
    db: &impl ConnectionTrait,
    iins: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, String>, DbErr> {
    Ok(people::Entity::find()
        .filter(people::Column::Iin.is_in(iins))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let n = full_name(&p.last_name, &p.first_name, p.patronymic.as_deref());
            (p.iin, n)
        })
        .collect())
}

/// A person's name as written on documents: «Last First Patronymic».
pub(crate) fn full_name(last: &str, first: &str, patronymic: Option<&str>) -> String {
    match patronymic {
        Some(p) if !p.is_empty() => format!("{last} {first} {p}"),
        _ => format!("{last} {first}"),
    }
}
