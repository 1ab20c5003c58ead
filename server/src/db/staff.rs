//! Kindergarten staff's work on contracts: the inbox, one contract, signing with the
//! organisation's key and refusing. Every query is limited to the caller's kindergartens.
use app::api::Bi;
use app::api::ContractSummary;
use app::api::{InboxPage, InboxQuery, InboxRow, PAGE_SIZE, StaffContract};
use app::domain::AuditAction;
use app::domain::CertifiedIin;
use app::domain::dates::{format_kz, parse_date};
use app::domain::{ContractEvent, ContractStatus, DocumentKind, Field};
use app::error::AppError;
use app::ports::Staff;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::contracts::{ContractRepo, card_of, terms_of};
use super::entities::code::Code;
use super::entities::{contracts, documents, groups};
use super::error::db_err;

pub struct StaffRepo {
    pub contracts: ContractRepo,
}

/// Start of the Kazakhstan day `iso` (UTC+5) in Unix seconds.
fn day_start(iso: &str) -> Option<i64> {
    let d = parse_date(iso)?;
    Some(d.midnight().assume_utc().unix_timestamp() - 5 * 3600)
}

impl StaffRepo {
    fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.contracts.db
    }

    /// The contract `id` if it belongs to one of `kindergartens` and was sent (staff never
    /// see drafts).
    async fn own(&self, kindergartens: &[i32], id: i32) -> Result<contracts::Model, AppError> {
        super::contract_rows::kindergartens_contract(self.db(), kindergartens, id).await
    }
}

fn parent_name(t: &app::domain::ContractTerms) -> String {
    let r = &t.representative;
    super::people::full_name(
        r.last_name.as_str(),
        r.first_name.as_str(),
        r.patronymic.as_ref().map(|p| p.as_str()),
    )
}

fn requisites(t: &app::domain::ContractTerms) -> Vec<(Field, Bi)> {
    use app::domain::Lang::{Kk, Ru};
    let r = &t.representative;
    let q = &t.requisites;
    let same = |s: &str| Bi::new(s, s);
    let opt = |s: Option<&str>| same(s.unwrap_or("—"));
    let bank = match q.bank() {
        Some(b) => Bi::new(b.name(Kk), b.name(Ru)),
        None => same(q.iban.bank_code()),
    };
    vec![
        (Field::Iin, same(r.iin.as_str())),
        (Field::LastName, same(r.last_name.as_str())),
        (Field::FirstName, same(r.first_name.as_str())),
        (
            Field::Patronymic,
            opt(r.patronymic.as_ref().map(|p| p.as_str())),
        ),
        (
            Field::Authority,
            Bi::new(r.authority.label(Kk), r.authority.label(Ru)),
        ),
        (Field::Phone, same(r.phone.as_str())),
        (
            Field::PhoneExtra,
            opt(r.phone_extra.as_ref().map(|p| p.as_str())),
        ),
        (Field::Email, opt(r.email.as_ref().map(|e| e.as_str()))),
        (Field::Workplace, same(&r.workplace)),
        (Field::Position, same(&r.position)),
        (Field::RegisteredAddress, same(&r.registered_address)),
        (Field::ResidentialAddress, same(&r.residential_address)),
        (
            Field::IdDocType,
            Bi::new(q.id_doc.doc_type().label(Kk), q.id_doc.doc_type().label(Ru)),
        ),
        (Field::IdDocNumber, same(q.id_doc.as_str())),
        (Field::IdDocIssuedOn, same(&format_kz(q.id_doc_issued_on))),
        (Field::IdDocIssuer, same(&q.id_doc_issuer)),
        (Field::Bank, bank),
        (Field::Bic, same(q.bic.as_str())),
        (Field::BankBranch, same(&q.bank_branch)),
        (Field::Iban, same(q.iban.as_str())),
    ]
}

#[async_trait::async_trait]
impl Staff for StaffRepo {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn inbox(&self, kindergartens: &[i32], q: &InboxQuery) -> Result<InboxPage, AppError> {
        let db = self.db();
        let status = if q.status.is_empty() {
            Some(ContractStatus::SentForSigning)
        } else if q.status == "all" {
            None
        } else {
            Some(ContractStatus::parse(&q.status).ok_or(AppError::Invalid("request".into()))?)
        };
        let mut cond = Condition::all()
            .add(contracts::Column::KindergartenId.is_in(kindergartens.to_vec()))
            .add(contracts::Column::Status.ne(Code(ContractStatus::Draft)));
        if let Some(s) = status {
            cond = cond.add(contracts::Column::Status.eq(Code(s)));
        }
        if q.group > 0 {
            cond = cond.add(contracts::Column::GroupId.eq(q.group));
        }
        if let Some(from) = day_start(&q.from) {
            cond = cond.add(contracts::Column::ParentSignedAt.gte(from));
        }
        if let Some(to) = day_start(&q.to) {
            cond = cond.add(contracts::Column::ParentSignedAt.lt(to + 86_400));
        }
        for word in q.q.to_lowercase().split_whitespace().take(5) {
            cond = cond.add(contracts::Column::SearchText.contains(word));
        }
        let mut find = contracts::Entity::find().filter(cond);
        find = match q.sort.as_str() {
            "newest" => find.order_by_desc(contracts::Column::ParentSignedAt),
            "number" => find.order_by_asc(contracts::Column::Number),
            _ => find.order_by_asc(contracts::Column::ParentSignedAt),
        }
        .order_by_asc(contracts::Column::Id);
        let paginator = find.paginate(db, PAGE_SIZE);
        let total = paginator.num_items().await.map_err(db_err)?;
        let pages = total.div_ceil(PAGE_SIZE).max(1) as u32;
        let page = q.page.clamp(1, pages);
        let rows = paginator
            .fetch_page(u64::from(page - 1))
            .await
            .map_err(db_err)?;
        let group_rows = groups::Entity::find()
            .filter(groups::Column::KindergartenId.is_in(kindergartens.to_vec()))
            .order_by_asc(groups::Column::NameKk)
            .all(db)
            .await
            .map_err(db_err)?;
        let group_name = |id: i32| {
            group_rows
                .iter()
                .find(|g| g.id == id)
                .map(|g| Bi::new(&g.name_kk, &g.name_ru))
                .unwrap_or_default()
        };
        let mut out = Vec::with_capacity(rows.len());
        for c in &rows {
            let t = terms_of(c)?;
            let ch = &t.child;
            out.push(InboxRow {
                id: c.id,
                number: c.number.clone(),
                child_name: super::people::full_name(
                    ch.last_name.as_str(),
                    ch.first_name.as_str(),
                    ch.patronymic.as_ref().map(|p| p.as_str()),
                ),
                parent_name: parent_name(&t),
                group: group_name(c.group_id),
                status: c.status.0,
                sent_at: c.parent_signed_at,
            });
        }
        let waiting = contracts::Entity::find()
            .filter(contracts::Column::KindergartenId.is_in(kindergartens.to_vec()))
            .filter(contracts::Column::Status.eq(Code(ContractStatus::SentForSigning)));
        let awaiting = waiting.clone().count(db).await.map_err(db_err)?;
        let oldest_waiting = waiting
            .order_by_asc(contracts::Column::ParentSignedAt)
            .one(db)
            .await
            .map_err(db_err)?
            .and_then(|c| c.parent_signed_at);
        Ok(InboxPage {
            rows: out,
            total,
            page,
            pages,
            groups: group_rows
                .iter()
                .map(|g| (g.id, Bi::new(&g.name_kk, &g.name_ru)))
                .collect(),
            awaiting,
            oldest_waiting,
            head: false,
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn contract(
        &self,
        staff_iin: &CertifiedIin,
        kindergartens: &[i32],
        id: i32,
    ) -> Result<StaffContract, AppError> {
        let c = self.own(kindergartens, id).await?;
        let terms = terms_of(&c)?;
        let card = card_of(&self.contracts, &c).await?;
        let mut docs = Vec::new();
        for d in &terms.documents {
            let row = documents::Entity::find()
                .filter(documents::Column::ReferralId.eq(c.referral_id))
                .filter(documents::Column::OwnerIin.eq(&c.parent_iin))
                .filter(documents::Column::Kind.eq(d.kind.form_name()))
                .filter(documents::Column::Sha256.eq(&d.sha256_hex))
                // Only documents whose bytes are kept (a row marked deleted has none).
                .filter(documents::Column::DeletedAt.is_null())
                .one(self.db())
                .await
                .map_err(db_err)?;
            if let Some(row) = row {
                docs.push((d.kind, row.key));
            }
        }
        docs.sort_by_key(|(k, _)| DocumentKind::ALL.iter().position(|x| x == k));
        super::audit::append(
            self.db(),
            super::audit::entry(
                (self.contracts.clock)(),
                staff_iin.as_str(),
                AuditAction::ContractOpened,
                format!("contract:{}", c.id),
                String::new(),
            )
            .in_department(c.department_id),
        )
        .await;
        use base64::Engine;
        Ok(StaffContract {
            card,
            parent_name: parent_name(&terms),
            requisites: requisites(&terms),
            documents: docs,
            canonical_base64: base64::engine::general_purpose::STANDARD.encode(&c.canonical),
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn sign(
        &self,
        staff_iin: &CertifiedIin,
        kindergartens: &[i32],
        id: i32,
        cms: &[u8],
    ) -> Result<ContractSummary, AppError> {
        let cx = self.contracts.context();
        let c = crate::contracts::sign::sign(cx, staff_iin, kindergartens, id, cms).await?;
        self.contracts.summary(&c).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn refuse(
        &self,
        staff_iin: &CertifiedIin,
        kindergartens: &[i32],
        id: i32,
        event: &ContractEvent,
    ) -> Result<ContractSummary, AppError> {
        let cx = self.contracts.context();
        let c = crate::contracts::refuse::refuse(cx, staff_iin, kindergartens, id, event).await?;
        self.contracts.summary(&c).await
    }
}
