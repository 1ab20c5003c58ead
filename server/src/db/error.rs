//! What the database code does with a `DbErr`: log it and answer «unavailable», or recognise a
//! unique-constraint conflict (a double tap, a race between app servers) by the database's own
//! error code through sea-orm's `DbErr::sql_err` — SQLite 1555/2067, PostgreSQL 23505 — never by
//! the wording of the message.
use app::domain::QueueError;
use app::error::AppError;
use sea_orm::{DbErr, SqlErr};

/// Logs the error and answers «the service is unavailable»: users never see internals.
pub(crate) fn db_err(e: DbErr) -> AppError {
    tracing::error!(error = %e, "database");
    AppError::Unavailable
}

/// The statement broke a unique index or primary key.
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// A refused queue or referral operation, in the user's words (`queue.*` codes).
pub(crate) fn invalid(e: QueueError) -> AppError {
    use app::domain::Localized;
    AppError::Invalid(e.code().into())
}
