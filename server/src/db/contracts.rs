//! Contracts of parents: wizard drafts, preparing (terms fixed, number given), sending with
//! the parent's verified signature, the list and the card. Every query is filtered by the
//! caller's IIN; anyone else's referral or contract is simply not found.
use app::domain::CertifiedIin;
use std::sync::Arc;

use app::api::SavedRequisites;
use app::api::{Bi, ReferralView};
use app::api::{
    ContractCard, ContractSummary, EvidenceView, PreparedContract, Refusal, SignatureView,
    SubmitReceipt, WizardStart,
};
use app::auth_model::CurrentUser;
use app::domain::dates::{format_kz, kz_date_of_unix};
use app::domain::template_fill::Values;
use app::domain::{
    ContractDraft, ContractError, ContractStatus, ContractTerms, ReferralStatus,
    RepresentativeDraft, ValidContract, fill,
};
use app::error::AppError;
use app::ports::{Cabinet, Contracts};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};

use super::cabinet::CabinetRepo;
use super::contract_rows::refused;
use super::entities::code::Code;
use super::entities::{contract_drafts, contracts, kindergartens, referrals};
use super::error::db_err;
use crate::clock::Clock;

pub struct ContractRepo {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub trust: Arc<crate::pki::Trust>,
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

    /// The parent's own referral `id` (overdue ones expired first).
    async fn own_referral(&self, iin: &str, id: i32) -> Result<referrals::Model, AppError> {
        super::contract_rows::own_referral(&self.db, (self.clock)(), iin, id).await
    }

    /// The use cases' view of this repository.
    pub(crate) fn context(&self) -> crate::contracts::Context<'_> {
        crate::contracts::Context {
            db: &self.db,
            clock: &self.clock,
            trust: &self.trust,
        }
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

pub(crate) use super::contract_rows::terms_of;

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
    p.representative.iin = user.iin.to_string();
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

#[async_trait::async_trait]
impl Contracts for ContractRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn wizard_start(
        &self,
        user: &CurrentUser,
        referral_id: i32,
    ) -> Result<WizardStart, AppError> {
        let r = self.own_referral(user.iin.as_str(), referral_id).await?;
        let cabinet = self.cabinet();
        let referral: ReferralView = cabinet.referral(&user.iin, referral_id).await?;
        let monthly_amount_tenge =
            super::contract_rows::tariff(&self.db, r.department_id, r.age_period_id, self.today())
                .await?;
        let draft_row = contract_drafts::Entity::find_by_id(referral_id)
            .filter(contract_drafts::Column::ParentIin.eq(user.iin.as_str()))
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
            .filter(contracts::Column::ParentIin.eq(user.iin.as_str()))
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
            .filter(contracts::Column::ParentIin.eq(user.iin.as_str()))
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
        parent_iin: &CertifiedIin,
        referral_id: i32,
        draft: &ContractDraft,
    ) -> Result<i64, AppError> {
        let r = self.own_referral(parent_iin.as_str(), referral_id).await?;
        if r.status.0 != ReferralStatus::Active {
            return Err(refused(ContractError::ReferralNotActive));
        }
        let now = (self.clock)();
        let json = serde_json::to_string(draft).map_err(|_| AppError::Unavailable)?;
        let _turn = super::write_turn::turn(&self.db).await;
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
        parent_iin: &CertifiedIin,
        referral_id: i32,
        contract: &ValidContract,
    ) -> Result<PreparedContract, AppError> {
        crate::contracts::prepare::prepare(self.context(), parent_iin, referral_id, contract).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn submit(
        &self,
        parent_iin: &CertifiedIin,
        contract_id: i32,
        idempotency_key: &str,
        cms: &[u8],
    ) -> Result<SubmitReceipt, AppError> {
        crate::contracts::submit::submit(
            self.context(),
            parent_iin,
            contract_id,
            idempotency_key,
            cms,
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn list(&self, parent_iin: &CertifiedIin) -> Result<Vec<ContractSummary>, AppError> {
        let rows = contracts::Entity::find()
            .filter(contracts::Column::ParentIin.eq(parent_iin.as_str()))
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
    async fn card(&self, parent_iin: &CertifiedIin, id: i32) -> Result<ContractCard, AppError> {
        let c = contracts::Entity::find_by_id(id)
            .filter(contracts::Column::ParentIin.eq(parent_iin.as_str()))
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
