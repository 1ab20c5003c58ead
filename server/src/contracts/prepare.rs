//! A parent prepares a contract: the wizard's validated data becomes the contract's terms,
//! fixed with the department's template in force today, the tariff, a number of the month
//! and the stored documents' digests; the parent then signs exactly these canonical bytes.
use app::api::PreparedContract;
use app::domain::canonical::{ChildTerms, Department, Kindergarten};
use app::domain::contract_error::validity;
use app::domain::dates::kz_date_of_unix;
use app::domain::template_fill::Values;
use app::domain::{
    Bin, ContractError, ContractNumber, ContractStatus, ContractTerms, Iin, PersonName,
    ReferralNumber, ReferralStatus, ValidContract, canonical_bytes, fill,
};
use app::error::AppError;

use super::Context;
use crate::db::contract_rows::{self as rows, PreparedRow, ReferralPlaces, refused};
use crate::db::entities::children;

/// Prepares (or prepares again) the contract of the parent's referral `referral_id` from the
/// validated wizard data. An earlier preparation in the same month keeps its row and number;
/// a correction of a refused contract points to the refused one, which is kept.
pub async fn prepare(
    cx: Context<'_>,
    parent_iin: &app::domain::CertifiedIin,
    referral_id: i32,
    contract: &ValidContract,
) -> Result<PreparedContract, AppError> {
    let db = cx.db;
    let r = rows::own_referral(db, cx.now(), parent_iin.as_str(), referral_id).await?;
    if r.status.0 != ReferralStatus::Active {
        return Err(refused(ContractError::ReferralNotActive));
    }
    let places = rows::places_of(db, &r).await?;
    if !places.kindergarten.e_contracts {
        return Err(refused(ContractError::NoEContracts));
    }
    let today = kz_date_of_unix(cx.now());
    let amount = rows::tariff(db, r.department_id, r.age_period_id, today)
        .await?
        .ok_or_else(|| refused(ContractError::NoTariff))?;
    let documents = rows::stored_digests(db, parent_iin.as_str(), referral_id, contract).await?;
    let existing =
        rows::latest_with_status(db, parent_iin.as_str(), referral_id, ContractStatus::Draft)
            .await?;
    let reuse = existing.as_ref().and_then(|e| {
        ContractNumber::parse(&e.number)
            .ok()
            .filter(|n| n.year() as i32 == today.year() && n.month() == u8::from(today.month()))
    });
    let number = match reuse {
        Some(n) => n,
        None => {
            let _turn = crate::db::write_turn::turn(db).await;
            rows::next_number(db, &places.department, today).await?
        }
    };
    // The department's template in force today (a new version applies to new contracts).
    let template = crate::db::templates::current(db, places.department.id, today).await?;
    let (valid_from, valid_to) = validity(today);
    let ReferralPlaces {
        kindergarten: k,
        department: dep,
        group: g,
        age_period: p,
        child: c,
    } = places;
    let terms = ContractTerms {
        template_id: template.id.clone(),
        template_version: template.version,
        template_sha256_hex: crate::db::templates::sha256_of(&template),
        number: number.to_string(),
        date: today,
        place_kk: dep.place_kk.clone(),
        place_ru: dep.place_ru.clone(),
        department: Department {
            name_kk: dep.name_kk.clone(),
            name_ru: dep.name_ru.clone(),
        },
        kindergarten: Kindergarten {
            name_kk: k.name_kk.clone(),
            name_ru: k.name_ru.clone(),
            bin: k.bin.as_deref().and_then(|b| Bin::parse(b).ok()),
            address: k.address_kk.clone(),
        },
        group_name: g.name_kk.clone(),
        age_period_kk: p.label_kk.clone(),
        age_period_ru: p.label_ru.clone(),
        monthly_amount_tenge: amount,
        valid_from,
        valid_to,
        referral_number: ReferralNumber::new(r.number as u32).ok_or(AppError::Unavailable)?,
        referral_issued_on: kz_date_of_unix(r.issued_at),
        child: child_terms(&c)?,
        representative: contract.representative.clone(),
        requisites: contract.requisites.clone(),
        documents,
    };
    let canonical = canonical_bytes(&terms);
    let sha = app::domain::canonical::sha256_hex(&canonical);
    let previous = match existing {
        Some(_) => None,
        None => rows::latest_with_status(
            db,
            parent_iin.as_str(),
            referral_id,
            ContractStatus::RefusedByKindergarten,
        )
        .await?
        .map(|c| c.id),
    };
    let text = fill(&template, &Values::from_terms(&terms));
    let turn = crate::db::write_turn::turn(db).await;
    let id = rows::store_prepared(
        db,
        existing,
        PreparedRow {
            number: number.to_string(),
            referral_id,
            parent_iin: parent_iin.into(),
            kindergarten_id: k.id,
            department_id: dep.id,
            group_id: g.id,
            previous_id: previous,
            terms,
            canonical: canonical.clone(),
            canonical_sha256: sha.clone(),
            now: cx.now(),
        },
    )
    .await?;
    drop(turn);
    use base64::Engine;
    Ok(PreparedContract {
        contract_id: id,
        number: number.to_string(),
        referral_number: r.number as u32,
        child_name: crate::db::people::full_name(
            &c.last_name,
            &c.first_name,
            c.patronymic.as_deref(),
        ),
        monthly_amount_tenge: amount,
        canonical_base64: base64::engine::general_purpose::STANDARD.encode(&canonical),
        canonical_sha256: sha,
        text,
    })
}

/// The child as the contract names it, from the register's record (a record that does not
/// parse is a broken database: `Unavailable`).
fn child_terms(c: &children::Model) -> Result<ChildTerms, AppError> {
    let name = |s: &str| PersonName::parse(s).map_err(|_| AppError::Unavailable);
    Ok(ChildTerms {
        iin: Iin::parse(&c.iin).map_err(|_| AppError::Unavailable)?,
        last_name: name(&c.last_name)?,
        first_name: name(&c.first_name)?,
        patronymic: match c.patronymic.as_deref() {
            Some(p) if !p.is_empty() => Some(name(p)?),
            _ => None,
        },
    })
}
