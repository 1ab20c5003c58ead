//! Writing cabinet notifications (status changes) inside the caller's transaction.
use app::domain::{Lang, Notice};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use super::entities::notifications;

/// Notifies the person with `iin` of `notice` (its texts in both languages and its link).
#[tracing::instrument(level = "debug", skip_all, fields(kind = notice.kind()))]
pub async fn notify<C: ConnectionTrait>(
    db: &C,
    iin: &str,
    notice: &Notice<'_>,
    now: i64,
) -> Result<(), DbErr> {
    // Inserted without reading the row back (`ActiveModel::insert` would, a second query).
    let row = notifications::ActiveModel {
        iin: Set(iin.to_string()),
        kind: Set(notice.kind().to_string()),
        text_kk: Set(notice.text(Lang::Kk)),
        text_ru: Set(notice.text(Lang::Ru)),
        link: Set(Some(notice.link())),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    };
    notifications::Entity::insert(row)
        .exec_without_returning(db)
        .await
        .map(|_| ())
}
