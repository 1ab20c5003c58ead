//! The history of a contract: one row per change of status, with who made it and why
//! (`contract_events`). Written in the same transaction as the change itself.
use app::domain::ContractStatus;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use super::entities::contract_events;

/// Records that contract `contract_id` went `from` → `to` at `at`, by `actor` (an IIN, or
/// `system` for the evidence worker), with the event's details.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn record_event<C: ConnectionTrait>(
    db: &C,
    contract_id: i32,
    from: ContractStatus,
    to: ContractStatus,
    actor: &str,
    event: &app::domain::ContractEvent,
    at: i64,
) -> Result<(), sea_orm::DbErr> {
    let row = contract_events::ActiveModel {
        contract_id: Set(contract_id),
        from_status: Set(from.as_str().into()),
        to_status: Set(to.as_str().into()),
        actor_iin: Set(actor.into()),
        detail: Set(serde_json::to_string(event).unwrap_or_default()),
        at: Set(at),
        ..Default::default()
    };
    contract_events::Entity::insert(row)
        .exec_without_returning(db)
        .await
        .map(|_| ())
}
