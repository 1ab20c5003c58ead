//! People as their EDS certificates named them at their last log-in.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::cabinet::full_name;
use super::entities::people;

/// The full names of those of `iins` who have signed in at least once, by IIN (one query).
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
