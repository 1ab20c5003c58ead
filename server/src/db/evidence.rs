//! Signed evidence: the documents a contract includes (by SHA-256 in its canonical bytes)
//! once the parent has signed and sent it. From then on — sent, signed, refused, withdrawn,
//! terminated or expired alike — the contract is a record someone may need to prove, so its
//! documents cannot be deleted or replaced, and nothing (the orphan sweep included) removes
//! their bytes.
use std::collections::HashSet;

use app::domain::ContractStatus;
use app::domain::canonical::ContractTerms;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::entities::code::Code;
use super::entities::contracts;

/// SHA-256 digests (lower-case hex) of the documents that the sent contracts of each of
/// `referrals` include, by referral.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn locked_digests<C: ConnectionTrait>(
    db: &C,
    referrals: impl IntoIterator<Item = i32>,
) -> Result<HashSet<(i32, String)>, DbErr> {
    let referrals: Vec<i32> = referrals.into_iter().collect();
    if referrals.is_empty() {
        return Ok(HashSet::new());
    }
    let rows: Vec<(i32, String, String)> = contracts::Entity::find()
        .select_only()
        .column(contracts::Column::ReferralId)
        .column(contracts::Column::Status)
        .column(contracts::Column::TermsJson)
        .filter(contracts::Column::ReferralId.is_in(referrals))
        .filter(contracts::Column::Status.ne(Code(ContractStatus::Draft)))
        .into_tuple()
        .all(db)
        .await?;
    let mut locked = HashSet::new();
    for (referral, _, terms_json) in rows {
        match serde_json::from_str::<ContractTerms>(&terms_json) {
            Ok(terms) => locked.extend(
                terms
                    .documents
                    .into_iter()
                    .map(|d| (referral, d.sha256_hex)),
            ),
            // Unreadable terms: lock every document of the referral rather than risk one.
            Err(e) => {
                tracing::error!(referral, error = %e, "stored terms unreadable: documents kept");
                locked.insert((referral, String::new()));
            }
        }
    }
    Ok(locked)
}

/// Is the document (`referral`, `sha256_hex`) part of a sent contract?
pub fn is_locked(locked: &HashSet<(i32, String)>, referral: i32, sha256_hex: &str) -> bool {
    locked.contains(&(referral, sha256_hex.to_string()))
        || locked.contains(&(referral, String::new()))
}
