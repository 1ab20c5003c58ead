//! Writing cabinet notifications (status changes) inside the caller's transaction.
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::entities::notifications;

/// A notification for the person with `iin`, in both languages.
pub async fn notify<C: ConnectionTrait>(
    db: &C,
    iin: &str,
    kind: &str,
    text_kk: String,
    text_ru: String,
    link: Option<&str>,
    now: i64,
) -> Result<(), DbErr> {
    notifications::ActiveModel {
        iin: Set(iin.to_string()),
        kind: Set(kind.to_string()),
        text_kk: Set(text_kk),
        text_ru: Set(text_ru),
        link: Set(link.map(str::to_string)),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
