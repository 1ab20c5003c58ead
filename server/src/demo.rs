//! Demo data mirroring the seed: one education department, eleven kindergartens (some
//! conclude e-contracts, some only on paper, one e-contract only), age periods, groups and
//! tariffs. Loaded on first start in demo mode and by `server seed-demo`; idempotent.
use app::domain::kindergarten::search_text_of;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};

use crate::db::entities::{age_periods, departments, groups, kindergartens, tariffs};

struct DemoKindergarten {
    number: u32,
    street_kk: &'static str,
    street_ru: &'static str,
    house: &'static str,
    private: bool,
    age_from: i16,
    free_places: i32,
    e_contracts: bool,
    paper_allowed: bool,
}

const KINDERGARTENS: &[DemoKindergarten] = &[
    DemoKindergarten {
        number: 1,
        street_kk: "Иманбаев көшесі",
        street_ru: "улица Иманбаева",
        house: "10",
        private: false,
        age_from: 2,
        free_places: 669,
        e_contracts: true,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 2,
        street_kk: "Абай даңғылы",
        street_ru: "проспект Абая",
        house: "45",
        private: false,
        age_from: 2,
        free_places: 12,
        e_contracts: true,
        paper_allowed: false,
    },
    DemoKindergarten {
        number: 3,
        street_kk: "Бұқар жырау даңғылы",
        street_ru: "проспект Бухар жырау",
        house: "7",
        private: false,
        age_from: 3,
        free_places: 0,
        e_contracts: false,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 4,
        street_kk: "Сәтпаев көшесі",
        street_ru: "улица Сатпаева",
        house: "21",
        private: false,
        age_from: 1,
        free_places: 34,
        e_contracts: true,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 5,
        street_kk: "Гоголь көшесі",
        street_ru: "улица Гоголя",
        house: "58",
        private: true,
        age_from: 2,
        free_places: 8,
        e_contracts: false,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 6,
        street_kk: "Ерубаев көшесі",
        street_ru: "улица Ерубаева",
        house: "3",
        private: false,
        age_from: 2,
        free_places: 51,
        e_contracts: false,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 7,
        street_kk: "Шаханов көшесі",
        street_ru: "улица Шаханова",
        house: "16",
        private: true,
        age_from: 3,
        free_places: 5,
        e_contracts: true,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 8,
        street_kk: "Мұқанов көшесі",
        street_ru: "улица Муканова",
        house: "9",
        private: false,
        age_from: 2,
        free_places: 120,
        e_contracts: true,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 9,
        street_kk: "Бейбітшілік көшесі",
        street_ru: "улица Бейбитшилик",
        house: "33",
        private: false,
        age_from: 2,
        free_places: 2,
        e_contracts: false,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 10,
        street_kk: "Уалиханов көшесі",
        street_ru: "улица Уалиханова",
        house: "17",
        private: true,
        age_from: 2,
        free_places: 15,
        e_contracts: true,
        paper_allowed: true,
    },
    DemoKindergarten {
        number: 11,
        street_kk: "Жеңіс көшесі",
        street_ru: "улица Женис",
        house: "123",
        private: false,
        age_from: 2,
        free_places: 47,
        e_contracts: true,
        paper_allowed: true,
    },
];

/// (from, to, kk, ru, monthly tenge)
const AGE_PERIODS: &[(i16, i16, &str, &str, i64)] = &[
    (1, 2, "1 жастан 2 жасқа дейін", "от 1 до 2 лет", 42_000),
    (2, 3, "2 жастан 3 жасқа дейін", "от 2 до 3 лет", 40_000),
    (3, 4, "3 жастан 4 жасқа дейін", "от 3 до 4 лет", 38_000),
    (4, 5, "4 жастан 5 жасқа дейін", "от 4 до 5 лет", 36_000),
    (5, 6, "5 жастан 6 жасқа дейін", "от 5 до 6 лет", 36_000),
];

/// Group names by age period index (kk, ru).
const GROUP_NAMES: &[(&str, &str)] = &[
    ("Балапан", "Балапан"),
    ("Ромашка", "Ромашка"),
    ("Күншуақ", "Солнышко"),
    ("Қарлығаш", "Ласточка"),
    ("Жұлдыз", "Звёздочка"),
];

/// Loads the demo data unless a department already exists. Returns whether it loaded.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<bool> {
    if departments::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let dept = departments::ActiveModel {
        code: Set("01".into()),
        district_code: Set("01".into()),
        region_kk: Set("Қарағанды облысы".into()),
        region_ru: Set("Карагандинская область".into()),
        name_kk: Set("Қарағанды облысының білім басқармасы".into()),
        name_ru: Set("Управление образования Карагандинской области".into()),
        place_kk: Set("Ақтау кенті".into()),
        place_ru: Set("поселок Актау".into()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let mut periods = Vec::new();
    for (from, to, kk, ru, amount) in AGE_PERIODS {
        let p = age_periods::ActiveModel {
            from_years: Set(*from),
            to_years: Set(*to),
            label_kk: Set((*kk).into()),
            label_ru: Set((*ru).into()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        tariffs::ActiveModel {
            department_id: Set(dept.id),
            age_period_id: Set(p.id),
            monthly_amount_tenge: Set(*amount),
            effective_from: Set(time::macros::date!(2026 - 01 - 01)),
            effective_to: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        periods.push(p);
    }

    for k in KINDERGARTENS {
        let name_kk = format!("№{} Балабақшасы", k.number);
        let name_ru = format!("Детский сад №{}", k.number);
        let address_kk = format!("{}, {} үй", k.street_kk, k.house);
        let address_ru = format!("{}, дом {}", k.street_ru, k.house);
        let kg = kindergartens::ActiveModel {
            department_id: Set(dept.id),
            search_text: Set(search_text_of(&[
                &name_kk,
                &name_ru,
                &address_kk,
                &address_ru,
            ])),
            name_kk: Set(name_kk),
            name_ru: Set(name_ru),
            address_kk: Set(address_kk),
            address_ru: Set(address_ru),
            ownership: Set(if k.private { "private" } else { "state" }.into()),
            admission_age_from: Set(k.age_from),
            free_places: Set(k.free_places),
            e_contracts: Set(k.e_contracts),
            paper_allowed: Set(k.paper_allowed),
            bin: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (i, p) in periods.iter().enumerate() {
            if p.from_years < k.age_from {
                continue;
            }
            let (gk, gr) = GROUP_NAMES[i];
            groups::ActiveModel {
                kindergarten_id: Set(kg.id),
                name_kk: Set(gk.into()),
                name_ru: Set(gr.into()),
                age_period_id: Set(p.id),
                free_places: Set(if k.free_places > 0 { 5 } else { 0 }),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(true)
}

/// Demo mode: the demo kindergarten employee becomes staff of «№1 Балабақшасы» (which gets
/// the employee certificate's BIN) and the demo admin administers the first department.
/// Idempotent.
pub async fn grant_demo_roles(
    db: &DatabaseConnection,
    people: &[app::api::DemoPerson],
    now: i64,
) -> anyhow::Result<()> {
    use app::api::DemoRole;
    let Some(kg) = kindergartens::Entity::find()
        .filter(kindergartens::Column::NameKk.eq("№1 Балабақшасы"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(dept) = departments::Entity::find_by_id(kg.department_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    for p in people {
        match p.role {
            DemoRole::Staff => {
                crate::db::roles::grant(db, &p.iin, "staff", Some(kg.id), None, "demo", now)
                    .await?;
                if kg.bin.is_none() && p.bin.is_some() {
                    let mut a: kindergartens::ActiveModel = kg.clone().into();
                    a.bin = Set(p.bin.clone());
                    a.update(db).await?;
                }
            }
            DemoRole::Admin => {
                crate::db::roles::grant(db, &p.iin, "admin", None, Some(dept.id), "demo", now)
                    .await?;
                // The demo admin also runs the region (`/region`: departments and their admins).
                crate::db::roles::grant(db, &p.iin, "region-admin", None, None, "demo", now)
                    .await?;
            }
            // The employee gets a role from the head (`/staff/people`), as in production.
            DemoRole::Parent | DemoRole::Employee => {}
        }
    }
    Ok(())
}

/// Demo mode with `EKG_DEMO_FAMILY=1`: the first demo parent's child «Серікова Әлия» (born
/// 15.04.2023) waits in the queue of «№1 Балабақшасы»'s department and gets a 10-day referral
/// from the demo admin to the first group that fits. Does nothing if that parent already has
/// a child.
pub async fn seed_demo_family(
    db: &DatabaseConnection,
    people: &[app::api::DemoPerson],
    now: i64,
) -> anyhow::Result<()> {
    use crate::db::entities::{children, queue_entries};
    use app::api::DemoRole;
    let (Some(parent), Some(admin)) = (
        people.iter().find(|p| p.role == DemoRole::Parent),
        people.iter().find(|p| p.role == DemoRole::Admin),
    ) else {
        return Ok(());
    };
    let has_child = children::Entity::find()
        .filter(children::Column::ParentIin.eq(&parent.iin))
        .one(db)
        .await?
        .is_some();
    let Some(kg) = kindergartens::Entity::find()
        .filter(kindergartens::Column::NameKk.eq("№1 Балабақшасы"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if has_child {
        return Ok(());
    }
    // The child the population register lists for this parent: confirmed at once.
    let iin = crate::population_register::demo_child_iin(0);
    let child = children::ActiveModel {
        parent_iin: Set(parent.iin.clone()),
        iin: Set(iin.clone()),
        last_name: Set("Серікова".into()),
        first_name: Set("Әлия".into()),
        patronymic: Set(None),
        birth_date: Set("2023-04-15".into()),
        created_at: Set(now),
        claim_status: Set("confirmed".into()),
        claim_decided_by: Set(Some("register".into())),
        claim_decided_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let entry = queue_entries::ActiveModel {
        child_id: Set(child.id),
        child_iin: Set(iin),
        department_id: Set(kg.department_id),
        preferred: Set(kg.id.to_string()),
        registered_at: Set(now - 200 * 86_400),
        status: Set("waiting".into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let today = app::domain::dates::kz_date_of_unix(now);
    let birth = time::macros::date!(2023 - 04 - 15);
    let periods = age_periods::Entity::find().all(db).await?;
    let group = groups::Entity::find()
        .filter(groups::Column::KindergartenId.eq(kg.id))
        .filter(groups::Column::FreePlaces.gt(0))
        .all(db)
        .await?
        .into_iter()
        .find(|g| {
            periods.iter().any(|p| {
                p.id == g.age_period_id
                    && app::domain::referral::fits_age_period(
                        birth,
                        today,
                        p.from_years as u32,
                        p.to_years as u32,
                    )
            })
        });
    if let Some(g) = group {
        crate::db::referrals::issue(db, &admin.iin, kg.department_id, entry.id, g.id, 10, now)
            .await
            .map_err(|e| anyhow::anyhow!("demo referral: {e}"))?;
        tracing::info!("demo family: a child with an active referral");
    }
    Ok(())
}
