//! Contracts of parents: wizard drafts, preparing (terms fixed, number given), sending with
//! the parent's verified signature, the list and the card. Every query is filtered by the
//! caller's IIN; anyone else's referral or contract is simply not found.
use app::domain::AuditAction;
use app::domain::Notice;
use std::sync::Arc;

use app::api::SavedRequisites;
use app::api::{Bi, ReferralView};
use app::api::{
    ContractCard, ContractSummary, EvidenceView, PreparedContract, Refusal, SignatureView,
    SubmitReceipt, WizardStart,
};
use app::auth_model::CurrentUser;
use app::domain::canonical::{ChildTerms, Department, Kindergarten};
use app::domain::contract_error::validity;
use app::domain::dates::{format_kz, kz_date_of_unix};
use app::domain::template_fill::Values;
use app::domain::{
    Bin, ContractDraft, ContractError, ContractNumber, ContractStatus, ContractTerms,
    DocumentDigest, DocumentKind, Iin, Localized, PersonName, ReferralNumber, ReferralStatus,
    RepresentativeDraft, ValidContract, canonical_bytes, fill,
};
use app::error::AppError;
use app::ports::{Cabinet, Contracts};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use super::cabinet::CabinetRepo;
use super::contract_history::record_event;
use super::entities::code::Code;
use super::entities::{
    age_periods, children, contract_drafts, contract_sequences, contracts, departments, documents,
    groups, kindergartens, referrals, saved_requisites, tariffs,
};
use super::error::{db_err, is_unique_violation};
use super::referrals::expire_overdue;
use crate::clock::Clock;

pub struct ContractRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub trust: Arc<crate::pki::Trust>,
}

fn refused(e: ContractError) -> AppError {
    AppError::Invalid(e.code().into())
}

/// Statuses under which a referral's contract is "on its way or concluded".
const LIVE: [ContractStatus; 2] = [
    ContractStatus::SentForSigning,
    ContractStatus::SignedByKindergarten,
];

impl ContractRepo {
    fn cabinet(&self) -> CabinetRepo {
        CabinetRepo {
            db: self.db.clone(),
            clock: self.clock.clone(),
            // Only the cabinet's reads are used here: no child is ever added through it.
            register: std::sync::Arc::new(crate::population_register::NoRegister),
            max_children: app::domain::referral::MAX_CHILDREN,
        }
    }

    fn today(&self) -> time::Date {
        kz_date_of_unix((self.clock)())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn own_referral(&self, iin: &str, id: i32) -> Result<referrals::Model, AppError> {
        expire_overdue(&self.db, (self.clock)()).await?;
        referrals::Entity::find_by_id(id)
            .filter(referrals::Column::ParentIin.eq(iin))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)
    }

    /// The tariff in force on `day` for the department and age period.
    #[tracing::instrument(level = "debug", skip_all)]
    async fn tariff(
        &self,
        department_id: i32,
        age_period_id: i32,
        day: time::Date,
    ) -> Result<Option<u64>, AppError> {
        let t = tariffs::Entity::find()
            .filter(tariffs::Column::DepartmentId.eq(department_id))
            .filter(tariffs::Column::AgePeriodId.eq(age_period_id))
            .filter(tariffs::Column::EffectiveFrom.lte(day))
            .filter(
                Condition::any()
                    .add(tariffs::Column::EffectiveTo.is_null())
                    .add(tariffs::Column::EffectiveTo.gte(day)),
            )
            .order_by_desc(tariffs::Column::EffectiveFrom)
            .one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(t.map(|t| t.monthly_amount_tenge.max(0) as u64))
    }

    /// The documents of the validated draft as stored: each must be the parent's live upload
    /// of that kind for this referral; size and hash come from our records, not the browser.
    #[tracing::instrument(level = "debug", skip_all)]
    async fn digests(
        &self,
        iin: &str,
        referral_id: i32,
        contract: &ValidContract,
    ) -> Result<Vec<DocumentDigest>, AppError> {
        let d = &contract.documents;
        let slots = [
            (DocumentKind::Photo, Some(&d.photo)),
            (DocumentKind::HealthPassport, Some(&d.health_passport)),
            (DocumentKind::HealthCertificate, Some(&d.health_certificate)),
            (DocumentKind::PmpkConclusion, d.pmpk_conclusion.as_ref()),
        ];
        let mut out = Vec::new();
        for (kind, doc) in slots {
            let Some(doc) = doc else { continue };
            let row = documents::Entity::find_by_id(doc.id.clone())
                .filter(documents::Column::OwnerIin.eq(iin))
                .filter(documents::Column::ReferralId.eq(referral_id))
                .filter(documents::Column::Kind.eq(kind.form_name()))
                .filter(documents::Column::DeletedAt.is_null())
                .one(&self.db)
                .await
                .map_err(db_err)?
                .ok_or_else(|| refused(ContractError::DocumentNotFound))?;
            out.push(DocumentDigest {
                kind,
                sha256_hex: row.sha256,
                size: row.size.max(0) as u64,
            });
        }
        Ok(out)
    }

    /// The next number of `department` for the month of `date` (one sequence per department
    /// and month, taken with a conditional update: two parents never get the same number).
    #[tracing::instrument(level = "debug", skip_all)]
    async fn next_number(
        &self,
        dep: &departments::Model,
        date: time::Date,
    ) -> Result<ContractNumber, AppError> {
        let (year, month) = (date.year(), u8::from(date.month()) as i32);
        let code = |s: &str| s.trim().parse::<u8>().map_err(|_| AppError::Unavailable);
        let (dep_code, district) = (code(&dep.code)?, code(&dep.district_code)?);
        for _ in 0..20 {
            let row = contract_sequences::Entity::find_by_id((dep.id, year, month))
                .one(&self.db)
                .await
                .map_err(db_err)?;
            let seq = match row {
                None => {
                    let inserted = contract_sequences::ActiveModel {
                        department_id: Set(dep.id),
                        year: Set(year),
                        month: Set(month),
                        last_seq: Set(1),
                    }
                    .insert(&self.db)
                    .await;
                    match inserted {
                        Ok(_) => 1,
                        Err(e) if is_unique_violation(&e) => continue,
                        Err(e) => return Err(db_err(e)),
                    }
                }
                Some(r) => {
                    let res = contract_sequences::Entity::update_many()
                        .col_expr(
                            contract_sequences::Column::LastSeq,
                            Expr::value(r.last_seq + 1),
                        )
                        .filter(contract_sequences::Column::DepartmentId.eq(dep.id))
                        .filter(contract_sequences::Column::Year.eq(year))
                        .filter(contract_sequences::Column::Month.eq(month))
                        .filter(contract_sequences::Column::LastSeq.eq(r.last_seq))
                        .exec(&self.db)
                        .await
                        .map_err(db_err)?;
                    if res.rows_affected == 0 {
                        continue;
                    }
                    r.last_seq + 1
                }
            };
            return ContractNumber::new(dep_code, district, month as u8, year as u16, seq as u32)
                .ok_or(AppError::Unavailable);
        }
        Err(AppError::Unavailable)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub(crate) async fn summary(&self, c: &contracts::Model) -> Result<ContractSummary, AppError> {
        let terms = terms_of(c)?;
        let k = kindergartens::Entity::find_by_id(c.kindergarten_id)
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let child = &terms.child;
        let refusal = match (&c.refusal_reason, c.status.0) {
            (Some(r), ContractStatus::RefusedByKindergarten) => {
                app::domain::RefusalReason::parse(r).map(|reason| Refusal {
                    reason,
                    comment: c.refusal_comment.clone().unwrap_or_default(),
                })
            }
            _ => None,
        };
        Ok(ContractSummary {
            id: c.id,
            number: c.number.clone(),
            date: format_kz(terms.date),
            valid_from: format_kz(terms.valid_from),
            valid_to: format_kz(terms.valid_to),
            status: c.status.0,
            kindergarten: Bi::new(k.name_kk, k.name_ru),
            child_name: super::people::full_name(
                child.last_name.as_str(),
                child.first_name.as_str(),
                child.patronymic.as_ref().map(|p| p.as_str()),
            ),
            referral_id: c.referral_id,
            referral_number: terms.referral_number.get(),
            refusal,
            sent_at: c.parent_signed_at,
        })
    }
}

/// The stored terms of a contract; they must still give the stored canonical bytes.
pub(crate) fn terms_of(c: &contracts::Model) -> Result<ContractTerms, AppError> {
    let terms: ContractTerms = serde_json::from_str(&c.terms_json).map_err(|e| {
        tracing::error!(contract = c.id, error = %e, "stored terms unreadable");
        AppError::Unavailable
    })?;
    if canonical_bytes(&terms) != c.canonical {
        tracing::error!(
            contract = c.id,
            "stored terms differ from the canonical bytes"
        );
        return Err(AppError::Unavailable);
    }
    Ok(terms)
}

/// What staff search finds a contract by: its number, the child's and the parent's names
/// and IINs, lower-cased.
pub(crate) fn search_text_of(t: &ContractTerms) -> String {
    let r = &t.representative;
    let c = &t.child;
    let name = |p: &Option<PersonName>| {
        p.as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default()
    };
    format!(
        "{} {} {} {} {} {} {} {} {}",
        t.number,
        c.last_name.as_str(),
        c.first_name.as_str(),
        name(&c.patronymic),
        c.iin.as_str(),
        r.last_name.as_str(),
        r.first_name.as_str(),
        name(&r.patronymic),
        r.iin.as_str()
    )
    .to_lowercase()
}

/// The contract text: the template version the contract names, filled with its terms.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn text_of(
    db: &DatabaseConnection,
    department_id: i32,
    terms: &ContractTerms,
) -> Result<app::domain::FilledContract, AppError> {
    let template = super::templates::of_contract(db, department_id, terms).await?;
    Ok(fill(&template, &Values::from_terms(terms)))
}

fn prefill(
    user: &CurrentUser,
    draft: Option<&ContractDraft>,
    saved: Option<SavedRequisites>,
) -> ContractDraft {
    let mut p = match (draft, saved) {
        (Some(d), _) => d.clone(),
        (None, Some(s)) => ContractDraft {
            representative: s.representative,
            requisites: s.requisites,
            ..Default::default()
        },
        (None, None) => ContractDraft {
            representative: RepresentativeDraft {
                last_name: title_case(&user.last_name),
                first_name: title_case(&user.first_name),
                patronymic: user
                    .patronymic
                    .as_deref()
                    .map(title_case)
                    .unwrap_or_default(),
                email: user.email.clone().unwrap_or_default(),
                ..Default::default()
            },
            ..Default::default()
        },
    };
    p.representative.iin = user.iin.clone();
    p
}

/// «СЕРІКОВА» → «Серікова» (certificates carry names in capitals).
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A contract signature that passed every check, with its evidence.
pub(crate) struct Accepted {
    /// How the signer is shown.
    pub signer: String,
    /// The CMS as stored: DER, with the timestamp embedded when there is one.
    pub der: Vec<u8>,
    pub evidence: crate::pki::evidence::Collected,
}

/// Verifies a contract signature (`cms`, BER or DER) over the stored `canonical` bytes for
/// `party` at `now`, on the bounded verification pool (a full pool is `Unavailable`), then
/// gathers its evidence (timestamp, signer's status by OCSP or CRL; a responder that does
/// not answer leaves it pending). A refusal is the failed rule's code; a signer the OCSP
/// responder reports revoked is refused as revoked.
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn verify_signature(
    trust: Arc<crate::pki::Trust>,
    cms: &[u8],
    canonical: &[u8],
    party: app::eds::party::Party,
    now: i64,
) -> Result<Accepted, AppError> {
    let verified = trust
        .verify_contract_pooled(cms, canonical, party, now)
        .await?;
    let signer = signer_text(&app::eds::cert_info::CertInfo::from_certificate(
        &verified.signer,
    ));
    let der = app::eds::ber::ber_to_der(cms).map_err(|_| AppError::Unavailable)?;
    let evidence = trust
        .evidence
        .collect(&trust.store(), &der, &verified, now, now)
        .await
        .map_err(|revoked| {
            tracing::info!(
                since = revoked.since,
                "signature refused: the OCSP responder or CRL says the certificate is revoked"
            );
            AppError::Invalid(app::eds::VerifyError::Revoked.code().into())
        })?;
    if let Some(why) = &evidence.pending {
        tracing::warn!(reason = %why, "signature accepted with its evidence pending");
    }
    Ok(Accepted {
        signer,
        der: evidence.cms.clone(),
        evidence,
    })
}

pub(crate) fn signer_text(info: &app::eds::cert_info::CertInfo) -> String {
    let name = info.common_name.clone().unwrap_or_default();
    let id = match (&info.bin, &info.iin) {
        (Some(b), _) => format!("BIN {b}"),
        (None, Some(i)) => format!("IIN {i}"),
        _ => String::new(),
    };
    format!("{name}, {id}, № {}", info.serial_hex)
}

#[async_trait::async_trait]
impl Contracts for ContractRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn wizard_start(
        &self,
        user: &CurrentUser,
        referral_id: i32,
    ) -> Result<WizardStart, AppError> {
        let r = self.own_referral(&user.iin, referral_id).await?;
        let cabinet = self.cabinet();
        let referral: ReferralView = cabinet.referral(&user.iin, referral_id).await?;
        let monthly_amount_tenge = self
            .tariff(r.department_id, r.age_period_id, self.today())
            .await?;
        let draft_row = contract_drafts::Entity::find_by_id(referral_id)
            .filter(contract_drafts::Column::ParentIin.eq(&user.iin))
            .one(&self.db)
            .await
            .map_err(db_err)?;
        let draft: Option<ContractDraft> = draft_row
            .as_ref()
            .and_then(|d| serde_json::from_str(&d.json).ok());
        let saved = cabinet.saved_requisites(&user.iin).await?;
        let documents = cabinet.documents(&user.iin, referral_id).await?;
        let live = contracts::Entity::find()
            .filter(contracts::Column::ReferralId.eq(referral_id))
            .filter(contracts::Column::ParentIin.eq(&user.iin))
            .filter(contracts::Column::Status.is_in(LIVE.map(Code)))
            .one(&self.db)
            .await
            .map_err(db_err)?;
        let sent = match live {
            Some(c) => Some(self.summary(&c).await?),
            None => None,
        };
        let refused = match contracts::Entity::find()
            .filter(contracts::Column::ReferralId.eq(referral_id))
            .filter(contracts::Column::ParentIin.eq(&user.iin))
            .filter(contracts::Column::Status.eq(Code(ContractStatus::RefusedByKindergarten)))
            .order_by_desc(contracts::Column::Id)
            .one(&self.db)
            .await
            .map_err(db_err)?
        {
            Some(c) => Some(self.summary(&c).await?),
            None => None,
        };
        Ok(WizardStart {
            referral,
            monthly_amount_tenge,
            prefill: prefill(user, draft.as_ref(), saved),
            draft,
            draft_updated_at: draft_row.map(|d| d.updated_at).unwrap_or(0),
            documents,
            sent,
            refused,
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn save_draft(
        &self,
        parent_iin: &str,
        referral_id: i32,
        draft: &ContractDraft,
    ) -> Result<i64, AppError> {
        let r = self.own_referral(parent_iin, referral_id).await?;
        if r.status.0 != ReferralStatus::Active {
            return Err(refused(ContractError::ReferralNotActive));
        }
        let now = (self.clock)();
        let json = serde_json::to_string(draft).map_err(|_| AppError::Unavailable)?;
        contract_drafts::Entity::insert(contract_drafts::ActiveModel {
            referral_id: Set(referral_id),
            parent_iin: Set(parent_iin.into()),
            json: Set(json),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(contract_drafts::Column::ReferralId)
                .update_columns([
                    contract_drafts::Column::Json,
                    contract_drafts::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(&self.db)
        .await
        .map_err(db_err)?;
        Ok(now)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn prepare(
        &self,
        parent_iin: &str,
        referral_id: i32,
        contract: &ValidContract,
    ) -> Result<PreparedContract, AppError> {
        let db = &self.db;
        let r = self.own_referral(parent_iin, referral_id).await?;
        if r.status.0 != ReferralStatus::Active {
            return Err(refused(ContractError::ReferralNotActive));
        }
        let k = kindergartens::Entity::find_by_id(r.kindergarten_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        if !k.e_contracts {
            return Err(refused(ContractError::NoEContracts));
        }
        let dep = departments::Entity::find_by_id(r.department_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let g = groups::Entity::find_by_id(r.group_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let p = age_periods::Entity::find_by_id(r.age_period_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let c = children::Entity::find_by_id(r.child_id)
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::Unavailable)?;
        let today = self.today();
        let amount = self
            .tariff(r.department_id, r.age_period_id, today)
            .await?
            .ok_or_else(|| refused(ContractError::NoTariff))?;
        let documents = self.digests(parent_iin, referral_id, contract).await?;
        let name = |s: &str| PersonName::parse(s).map_err(|_| AppError::Unavailable);
        let child = ChildTerms {
            iin: Iin::parse(&c.iin).map_err(|_| AppError::Unavailable)?,
            last_name: name(&c.last_name)?,
            first_name: name(&c.first_name)?,
            patronymic: match c.patronymic.as_deref() {
                Some(p) if !p.is_empty() => Some(name(p)?),
                _ => None,
            },
        };
        // An earlier preparation of this referral in the same month keeps its number.
        let existing = contracts::Entity::find()
            .filter(contracts::Column::ReferralId.eq(referral_id))
            .filter(contracts::Column::ParentIin.eq(parent_iin))
            .filter(contracts::Column::Status.eq(Code(ContractStatus::Draft)))
            .one(db)
            .await
            .map_err(db_err)?;
        let reuse = existing.as_ref().and_then(|e| {
            ContractNumber::parse(&e.number)
                .ok()
                .filter(|n| n.year() as i32 == today.year() && n.month() == u8::from(today.month()))
        });
        let number = match reuse {
            Some(n) => n,
            None => self.next_number(&dep, today).await?,
        };
        // The department's template in force today (a new version applies to new contracts).
        let template = super::templates::current(db, dep.id, today).await?;
        let (valid_from, valid_to) = validity(today);
        let terms = ContractTerms {
            template_id: template.id.clone(),
            template_version: template.version,
            template_sha256_hex: super::templates::sha256_of(&template),
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
            child,
            representative: contract.representative.clone(),
            requisites: contract.requisites.clone(),
            documents,
        };
        let canonical = canonical_bytes(&terms);
        let sha = app::domain::canonical::sha256_hex(&canonical);
        let json = serde_json::to_string(&terms).map_err(|_| AppError::Unavailable)?;
        let now = (self.clock)();
        let search_text = search_text_of(&terms);
        // A correction of a refused contract points to it (the old one is kept).
        let previous = contracts::Entity::find()
            .filter(contracts::Column::ReferralId.eq(referral_id))
            .filter(contracts::Column::ParentIin.eq(parent_iin))
            .filter(contracts::Column::Status.eq(Code(ContractStatus::RefusedByKindergarten)))
            .order_by_desc(contracts::Column::Id)
            .one(db)
            .await
            .map_err(db_err)?
            .map(|c| c.id);
        let id = match existing {
            Some(e) => {
                let mut am: contracts::ActiveModel = e.into();
                am.number = Set(number.to_string());
                am.terms_json = Set(json);
                am.canonical = Set(canonical.clone());
                am.canonical_sha256 = Set(sha.clone());
                am.kindergarten_id = Set(k.id);
                am.department_id = Set(dep.id);
                am.group_id = Set(g.id);
                am.search_text = Set(search_text);
                am.updated_at = Set(now);
                am.update(db).await.map_err(db_err)?.id
            }
            None => {
                contracts::ActiveModel {
                    number: Set(number.to_string()),
                    referral_id: Set(referral_id),
                    parent_iin: Set(parent_iin.into()),
                    kindergarten_id: Set(k.id),
                    department_id: Set(dep.id),
                    group_id: Set(g.id),
                    search_text: Set(search_text),
                    previous_id: Set(previous),
                    status: Set(ContractStatus::Draft.into()),
                    terms_json: Set(json),
                    canonical: Set(canonical.clone()),
                    canonical_sha256: Set(sha.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await
                .map_err(db_err)?
                .id
            }
        };
        use base64::Engine;
        Ok(PreparedContract {
            contract_id: id,
            number: number.to_string(),
            referral_number: r.number as u32,
            child_name: super::people::full_name(
                &c.last_name,
                &c.first_name,
                c.patronymic.as_deref(),
            ),
            monthly_amount_tenge: amount,
            canonical_base64: base64::engine::general_purpose::STANDARD.encode(&canonical),
            canonical_sha256: sha,
            text: fill(&template, &Values::from_terms(&terms)),
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn submit(
        &self,
        parent_iin: &str,
        contract_id: i32,
        idempotency_key: &str,
        cms: &[u8],
    ) -> Result<SubmitReceipt, AppError> {
        let db = &self.db;
        // A retry of a submission that went through: the same receipt.
        if let Some(done) = contracts::Entity::find()
            .filter(contracts::Column::IdempotencyKey.eq(idempotency_key))
            .filter(contracts::Column::ParentIin.eq(parent_iin))
            .one(db)
            .await
            .map_err(db_err)?
        {
            return Ok(SubmitReceipt {
                contract_id: done.id,
                number: done.number,
                sent_at: done.parent_signed_at.unwrap_or(done.updated_at),
            });
        }
        let c = contracts::Entity::find_by_id(contract_id)
            .filter(contracts::Column::ParentIin.eq(parent_iin))
            .one(db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        match c.status.0 {
            ContractStatus::Draft => {}
            ContractStatus::SentForSigning | ContractStatus::SignedByKindergarten => {
                return Err(refused(ContractError::AlreadySent));
            }
            _ => return Err(refused(ContractError::NotPrepared)),
        }
        let r = self.own_referral(parent_iin, c.referral_id).await?;
        if r.status.0 != ReferralStatus::Active {
            return Err(refused(ContractError::ReferralNotActive));
        }
        let terms = terms_of(&c)?;
        // The documents signed must still be stored.
        for d in &terms.documents {
            let live = documents::Entity::find()
                .filter(documents::Column::OwnerIin.eq(parent_iin))
                .filter(documents::Column::ReferralId.eq(c.referral_id))
                .filter(documents::Column::Sha256.eq(&d.sha256_hex))
                .filter(documents::Column::DeletedAt.is_null())
                .one(db)
                .await
                .map_err(db_err)?;
            if live.is_none() {
                return Err(refused(ContractError::DocumentNotFound));
            }
        }
        let now = (self.clock)();
        let party = app::eds::party::Party::Person {
            iin: parent_iin.to_string(),
        };
        let accepted = verify_signature(self.trust.clone(), cms, &c.canonical, party, now).await?;
        let (signer, der) = (accepted.signer.clone(), accepted.der.clone());
        let event = app::domain::ContractEvent::ParentSigned;
        let to = ContractStatus::SentForSigning;

        let txn = db.begin().await.map_err(db_err)?;
        let moved = contracts::Entity::update_many()
            .col_expr(contracts::Column::Status, Expr::value(Code(to)))
            .col_expr(contracts::Column::ParentCms, Expr::value(der))
            .col_expr(contracts::Column::ParentSigner, Expr::value(signer))
            .col_expr(contracts::Column::ParentSignedAt, Expr::value(now))
            .col_expr(
                contracts::Column::IdempotencyKey,
                Expr::value(idempotency_key),
            )
            .col_expr(contracts::Column::UpdatedAt, Expr::value(now))
            .filter(contracts::Column::Id.eq(c.id))
            .filter(contracts::Column::Status.eq(Code(ContractStatus::Draft)))
            .filter(contracts::Column::CanonicalSha256.eq(&c.canonical_sha256))
            .exec(&txn)
            .await;
        let moved = match moved {
            Ok(m) => m.rows_affected,
            // Another tab sent it with the same key a moment ago.
            Err(e) if is_unique_violation(&e) => 0,
            Err(e) => return Err(db_err(e)),
        };
        if moved == 0 {
            txn.rollback().await.map_err(db_err)?;
            // A concurrent retry with the same key may have won: answer like it.
            if let Some(done) = contracts::Entity::find()
                .filter(contracts::Column::IdempotencyKey.eq(idempotency_key))
                .filter(contracts::Column::ParentIin.eq(parent_iin))
                .one(db)
                .await
                .map_err(db_err)?
            {
                return Ok(SubmitReceipt {
                    contract_id: done.id,
                    number: done.number,
                    sent_at: done.parent_signed_at.unwrap_or(now),
                });
            }
            return Err(refused(ContractError::NotPrepared));
        }
        let referral_moved = referrals::Entity::update_many()
            .col_expr(
                referrals::Column::Status,
                Expr::value(Code(ReferralStatus::ContractInProgress)),
            )
            .col_expr(referrals::Column::StatusChangedAt, Expr::value(now))
            .filter(referrals::Column::Id.eq(r.id))
            .filter(referrals::Column::Status.eq(Code(ReferralStatus::Active)))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if referral_moved.rows_affected == 0 {
            txn.rollback().await.map_err(db_err)?;
            return Err(refused(ContractError::ReferralNotActive));
        }
        // The documents signed are still there, checked again in this transaction and their
        // rows written (locked): a delete racing this send either finished before (then the
        // send is refused) or waits and then finds the contract sent (and is refused).
        for d in &terms.documents {
            let kept = documents::Entity::update_many()
                .col_expr(
                    documents::Column::DeletedAt,
                    Expr::value(Option::<i64>::None),
                )
                .filter(documents::Column::OwnerIin.eq(parent_iin))
                .filter(documents::Column::ReferralId.eq(c.referral_id))
                .filter(documents::Column::Sha256.eq(&d.sha256_hex))
                .filter(documents::Column::DeletedAt.is_null())
                .exec(&txn)
                .await
                .map_err(db_err)?;
            if kept.rows_affected == 0 {
                txn.rollback().await.map_err(db_err)?;
                return Err(refused(ContractError::DocumentNotFound));
            }
        }
        record_event(
            &txn,
            c.id,
            ContractStatus::Draft,
            to,
            parent_iin,
            &event,
            now,
        )
        .await
        .map_err(db_err)?;
        super::signature_evidence::record(
            &txn,
            c.id,
            super::signature_evidence::PARENT,
            &accepted.evidence,
            super::signature_evidence::Schedule::at_submission(
                now,
                self.trust.evidence.config.retry_every,
            ),
        )
        .await
        .map_err(db_err)?;
        // «Менің деректемелерім»: the requisites of the last contract.
        if let Some(d) = contract_drafts::Entity::find_by_id(c.referral_id)
            .one(&txn)
            .await
            .map_err(db_err)?
            && let Ok(draft) = serde_json::from_str::<ContractDraft>(&d.json)
        {
            let saved = SavedRequisites {
                representative: draft.representative,
                requisites: draft.requisites,
                updated_at: now,
            };
            saved_requisites::Entity::insert(saved_requisites::ActiveModel {
                iin: Set(parent_iin.into()),
                json: Set(serde_json::to_string(&saved).unwrap_or_default()),
                updated_at: Set(now),
            })
            .on_conflict(
                OnConflict::column(saved_requisites::Column::Iin)
                    .update_columns([
                        saved_requisites::Column::Json,
                        saved_requisites::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await
            .map_err(db_err)?;
        }
        contract_drafts::Entity::delete_by_id(c.referral_id)
            .exec(&txn)
            .await
            .map_err(db_err)?;
        super::notify::notify(
            &txn,
            parent_iin,
            &Notice::ContractSent {
                contract_id: c.id,
                number: &c.number,
            },
            now,
        )
        .await
        .map_err(db_err)?;
        super::audit::record(
            &txn,
            super::audit::entry(
                now,
                parent_iin,
                AuditAction::ContractSent,
                format!("contract:{}", c.id),
                serde_json::json!({ "number": c.number, "canonical_sha256": c.canonical_sha256 })
                    .to_string(),
            )
            .in_department(c.department_id),
        )
        .await
        .map_err(db_err)?;
        if crate::failpoint::hit("contract.submit.before_commit").is_err() {
            return Err(db_err(sea_orm::DbErr::Custom("failpoint".into())));
        }
        txn.commit().await.map_err(db_err)?;
        tracing::info!(contract = c.id, number = %c.number, "contract sent for signing");
        // (A crash here leaves the committed entry in `audit_pending`; the next start chains it.)
        let _ = crate::failpoint::hit("contract.submit.after_commit");
        super::audit::flush(db).await;
        Ok(SubmitReceipt {
            contract_id: c.id,
            number: c.number,
            sent_at: now,
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn list(&self, parent_iin: &str) -> Result<Vec<ContractSummary>, AppError> {
        let rows = contracts::Entity::find()
            .filter(contracts::Column::ParentIin.eq(parent_iin))
            .filter(contracts::Column::Status.ne(Code(ContractStatus::Draft)))
            .order_by_desc(contracts::Column::CreatedAt)
            .order_by_desc(contracts::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for c in &rows {
            out.push(self.summary(c).await?);
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn card(&self, parent_iin: &str, id: i32) -> Result<ContractCard, AppError> {
        let c = contracts::Entity::find_by_id(id)
            .filter(contracts::Column::ParentIin.eq(parent_iin))
            .filter(contracts::Column::Status.ne(Code(ContractStatus::Draft)))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        card_of(self, &c).await
    }
}

/// The card of a contract (for its parent, and later for its kindergarten's staff).
#[tracing::instrument(level = "debug", skip_all)]
pub(crate) async fn card_of(
    repo: &ContractRepo,
    c: &contracts::Model,
) -> Result<ContractCard, AppError> {
    let terms = terms_of(c)?;
    let summary = repo.summary(c).await?;
    let evidence = |party: &str| {
        let repo_db = repo.db.clone();
        let party = party.to_string();
        async move {
            super::signature_evidence::of(&repo_db, c.id, &party)
                .await
                .map_err(db_err)
                .map(|row| evidence_view(row.as_ref()))
        }
    };
    let (parent_evidence, kindergarten_evidence) = (
        evidence(super::signature_evidence::PARENT).await?,
        evidence(super::signature_evidence::KINDERGARTEN).await?,
    );
    let sig = |who: &Option<String>, at: Option<i64>, evidence: EvidenceView| {
        who.as_ref().zip(at).map(|(s, at)| SignatureView {
            signer: s.clone(),
            signed_at: at,
            evidence,
        })
    };
    Ok(ContractCard {
        summary,
        place: Bi::new(&terms.place_kk, &terms.place_ru),
        department: Bi::new(&terms.department.name_kk, &terms.department.name_ru),
        monthly_amount_tenge: terms.monthly_amount_tenge,
        group: terms.group_name.clone(),
        age_period: Bi::new(&terms.age_period_kk, &terms.age_period_ru),
        referral_issued_on: format_kz(terms.referral_issued_on),
        canonical_sha256: c.canonical_sha256.clone(),
        parent_signature: sig(&c.parent_signer, c.parent_signed_at, parent_evidence),
        kindergarten_signature: sig(
            &c.kindergarten_signer,
            c.kindergarten_signed_at,
            kindergarten_evidence,
        ),
        text: text_of(&repo.db, c.department_id, &terms).await?,
    })
}

/// How a signature's evidence row is shown (no row: a signature from before evidence was
/// kept, judged at the time the service recorded).
pub(crate) fn evidence_view(
    row: Option<&super::entities::signature_evidence::Model>,
) -> EvidenceView {
    match row {
        None => EvidenceView::Recorded,
        Some(r) if r.state == "revoked" => EvidenceView::Revoked,
        Some(r) if r.state == super::signature_evidence::PENDING => EvidenceView::Pending,
        Some(r) => match r.timestamp_at {
            Some(at) => EvidenceView::Timestamped {
                at,
                by_ocsp: r.revocation_source.as_deref().map(|s| s == "ocsp"),
            },
            None => EvidenceView::Recorded,
        },
    }
}
