//! Children, the queue and referrals: statuses and the rules a parent or an admin can break.
//!
//! Rules (GUIDE.md "The admission process", requirement 2 and issue 5):
//! - a parent adds a child by the child's IIN; the birth date comes from the IIN; a child of
//!   school age (7 or older) is not placed in a kindergarten queue;
//! - a child waits in one department's queue once; the position is the order of
//!   registration among the waiting children of that department;
//! - an admin issues a referral for a waiting child to a group with free places; the place is
//!   taken at once; a referral not used by its deadline expires and gives the place back;
//! - referral statuses: active, contract in progress, used, expired, cancelled.

use serde::{Deserialize, Serialize};
use time::Date;

use super::iin::{Iin, IinError};
use super::lang::Lang;

/// Children of this age (on the day they are added) do not go to a kindergarten queue.
pub const SCHOOL_AGE_YEARS: u32 = 7;
/// Most children one cabinet holds by default (`EKG_MAX_CHILDREN_PER_CABINET`): a family's, with
/// room for twins and guardianship; it bounds what one account can make the service store and
/// every cabinet page read.
pub const MAX_CHILDREN: usize = 10;
/// Most preferred kindergartens a parent may list.
pub const MAX_PREFERRED: usize = 3;
/// Default number of days a referral stays valid.
pub const DEFAULT_REFERRAL_DAYS: u32 = 10;
/// Range of days an admin may give.
pub const REFERRAL_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=30;

super::messages::localized_error! {
    /// Why a cabinet or admin action on children, the queue or referrals is refused.
    pub enum QueueError {
        /// The child's IIN is the parent's own.
        ChildIsParent {
            code: "queue.child_is_parent",
            en: "the child's IIN is the parent's own IIN",
            kk: "Баланың ЖСН-і сіздің ЖСН-іңізбен бірдей. Баланың ЖСН-ін енгізіңіз.",
            ru: "ИИН ребёнка совпадает с вашим ИИН. Укажите ИИН ребёнка.",
        },
        /// The IIN says the child is not born yet.
        NotBornYet {
            code: "queue.not_born_yet",
            en: "the IIN gives a birth date in the future",
            kk: "ЖСН бойынша туған күн әлі келмеген. ЖСН-ді тексеріңіз.",
            ru: "По ИИН дата рождения ещё не наступила. Проверьте ИИН.",
        },
        /// School age.
        SchoolAge {
            code: "queue.school_age",
            en: "the child is of school age",
            kk: "Бала мектеп жасында (7 жас және одан үлкен), балабақша кезегіне қойылмайды.",
            ru: "Ребёнок школьного возраста (7 лет и старше), в очередь в детский сад не ставится.",
        },
        /// The parent already added this child.
        ChildAlreadyAdded {
            code: "queue.child_already_added",
            en: "this child is already in the cabinet",
            kk: "Бұл бала жеке кабинетте бұрыннан бар.",
            ru: "Этот ребёнок уже добавлен в личный кабинет.",
        },
        /// The cabinet already holds [`MAX_CHILDREN`] children.
        TooManyChildren {
            code: "queue.too_many_children",
            en: "the cabinet already holds the most children allowed",
            kk: "Жеке кабинетке бұдан артық бала қосуға болмайды. Көмек керек болса, қолдау қызметіне жазыңыз.",
            ru: "В личный кабинет больше нельзя добавить детей. Если нужна помощь, напишите в поддержку.",
        },
        /// The child already waits in a queue (registered by this or the other parent).
        AlreadyQueued {
            code: "queue.already_queued",
            en: "the child is already in a queue",
            kk: "Бала кезекте бұрыннан тұр.",
            ru: "Ребёнок уже стоит в очереди.",
        },
        /// No preferred kindergarten chosen.
        NoPreference {
            code: "queue.no_preference",
            en: "choose at least one kindergarten",
            kk: "Кемінде бір балабақшаны таңдаңыз.",
            ru: "Выберите хотя бы один детский сад.",
        },
        /// Too many preferred kindergartens.
        TooManyPreferences {
            code: "queue.too_many_preferences",
            en: "too many preferred kindergartens",
            kk: "Ең көбі үш балабақшаны таңдауға болады.",
            ru: "Можно выбрать не более трёх детских садов.",
        },
        /// A preferred kindergarten is not in the chosen department.
        KindergartenNotInDepartment {
            code: "queue.kindergarten_not_in_department",
            en: "the kindergarten is not in this department",
            kk: "Таңдалған балабақша осы білім беру бөліміне жатпайды.",
            ru: "Выбранный детский сад не относится к этому отделу образования.",
        },
        /// The queue entry is not waiting any more (a referral was issued meanwhile).
        NotWaiting {
            code: "queue.not_waiting",
            en: "the child is no longer waiting",
            kk: "Бала кезекте күтіп тұрған жоқ: оған жолдама берілген.",
            ru: "Ребёнок уже не ожидает в очереди: ему выдано направление.",
        },
        /// The group has no free places left.
        NoFreePlaces {
            code: "queue.no_free_places",
            en: "the group has no free places",
            kk: "Топта бос орын қалмады. Басқа топты таңдаңыз.",
            ru: "В группе не осталось свободных мест. Выберите другую группу.",
        },
        /// The group does not take children of this age.
        WrongAgeGroup {
            code: "queue.wrong_age_group",
            en: "the group is for another age",
            kk: "Бұл топ баланың жасына сәйкес келмейді.",
            ru: "Эта группа не соответствует возрасту ребёнка.",
        },
        /// Deadline days out of range.
        BadDeadline {
            code: "queue.bad_deadline",
            en: "the referral validity must be 1 to 30 days",
            kk: "Жолдаманың қолданылу мерзімі 1 күннен 30 күнге дейін болуы керек.",
            ru: "Срок действия направления должен быть от 1 до 30 дней.",
        },
    }
}

/// Status of a referral. Stored as [`ReferralStatus::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    /// Issued; the parent may conclude a contract until the deadline.
    Active,
    /// A contract under this referral is sent to the kindergarten.
    ContractInProgress,
    /// The contract is signed: the child is admitted.
    Used,
    /// Not used by the deadline; the place went back.
    Expired,
    /// Cancelled by the department.
    Cancelled,
}

impl ReferralStatus {
    /// Every status.
    pub const ALL: [ReferralStatus; 5] = [
        ReferralStatus::Active,
        ReferralStatus::ContractInProgress,
        ReferralStatus::Used,
        ReferralStatus::Expired,
        ReferralStatus::Cancelled,
    ];

    /// Stable code for the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Active => "active",
            ReferralStatus::ContractInProgress => "contract_in_progress",
            ReferralStatus::Used => "used",
            ReferralStatus::Expired => "expired",
            ReferralStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a stored code.
    pub fn parse(s: &str) -> Option<Self> {
        ReferralStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Label shown in the cabinet.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReferralStatus::Active, Lang::Kk) => "Белсенді",
            (ReferralStatus::Active, Lang::Ru) => "Действует",
            (ReferralStatus::ContractInProgress, Lang::Kk) => "Шарт рәсімделуде",
            (ReferralStatus::ContractInProgress, Lang::Ru) => "Договор оформляется",
            (ReferralStatus::Used, Lang::Kk) => "Пайдаланылды",
            (ReferralStatus::Used, Lang::Ru) => "Использовано",
            (ReferralStatus::Expired, Lang::Kk) => "Мерзімі өтті",
            (ReferralStatus::Expired, Lang::Ru) => "Срок истёк",
            (ReferralStatus::Cancelled, Lang::Kk) => "Жойылды",
            (ReferralStatus::Cancelled, Lang::Ru) => "Аннулировано",
        }
    }

    /// The referral still holds a place (the deadline applies only to `Active`).
    pub const fn holds_place(self) -> bool {
        matches!(
            self,
            ReferralStatus::Active | ReferralStatus::ContractInProgress | ReferralStatus::Used
        )
    }

    /// A contract may be started under it.
    pub const fn allows_contract(self) -> bool {
        matches!(self, ReferralStatus::Active)
    }
}

/// Validates a child's IIN typed by the parent with `parent_iin`, on `today`; returns the
/// IIN (its birth date is the child's).
pub fn validate_child_iin(
    raw: &str,
    parent_iin: &super::CertifiedIin,
    today: Date,
) -> Result<Iin, ChildIinError> {
    let iin = Iin::parse(raw).map_err(ChildIinError::Iin)?;
    if *parent_iin == iin {
        return Err(ChildIinError::Queue(QueueError::ChildIsParent));
    }
    if iin.birth_date() > today {
        return Err(ChildIinError::Queue(QueueError::NotBornYet));
    }
    if iin.age_on(today) >= SCHOOL_AGE_YEARS {
        return Err(ChildIinError::Queue(QueueError::SchoolAge));
    }
    Ok(iin)
}

/// A child's IIN problem: the IIN itself, or a queue rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildIinError {
    Iin(IinError),
    Queue(QueueError),
}

impl ChildIinError {
    /// The error code sent to the browser.
    pub fn code(self) -> &'static str {
        use super::messages::Localized;
        match self {
            ChildIinError::Iin(e) => e.code(),
            ChildIinError::Queue(e) => e.code(),
        }
    }
}

/// Whether a child born on `birth` fits an age period `[from_years, to_years)` on `on`.
pub fn fits_age_period(birth: Date, on: Date, from_years: u32, to_years: u32) -> bool {
    let age = age_on(birth, on);
    age >= from_years && age < to_years
}

/// Full years between `birth` and `on`.
pub fn age_on(birth: Date, on: Date) -> u32 {
    let mut years = on.year() - birth.year();
    if (on.month() as u8, on.day()) < (birth.month() as u8, birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// The last day a referral issued on `issued` with `days` of validity can be used.
pub fn referral_deadline(issued: Date, days: u32) -> Result<Date, QueueError> {
    if !REFERRAL_DAYS_RANGE.contains(&days) {
        return Err(QueueError::BadDeadline);
    }
    Ok(issued.saturating_add(time::Duration::days(i64::from(days))))
}

/// A referral with status `Active` whose deadline is before `today` has expired.
pub fn is_overdue(status: ReferralStatus, deadline: Date, today: Date) -> bool {
    status == ReferralStatus::Active && deadline < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::iin::test_values::make_iin;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 25);

    fn parent() -> crate::domain::CertifiedIin {
        crate::domain::CertifiedIin::new(&make_iin("900101", 3, 1)).unwrap()
    }

    #[test]
    fn a_parent_adds_a_three_year_old_and_the_birth_date_comes_from_the_iin() {
        let iin = validate_child_iin(&make_iin("230415", 6, 7), &parent(), TODAY).unwrap();
        assert_eq!(iin.birth_date(), date!(2023 - 04 - 15));
    }

    #[test]
    fn a_parent_who_types_their_own_iin_is_told_so() {
        let e = validate_child_iin(parent().as_str(), &parent(), TODAY).unwrap_err();
        assert_eq!(e, ChildIinError::Queue(QueueError::ChildIsParent));
    }

    #[test]
    fn a_school_age_child_is_not_queued() {
        let e = validate_child_iin(&make_iin("190101", 5, 3), &parent(), TODAY).unwrap_err();
        assert_eq!(e.code(), "queue.school_age");
    }

    #[test]
    fn a_birth_date_in_the_future_is_refused() {
        let e = validate_child_iin(&make_iin("261231", 6, 3), &parent(), TODAY).unwrap_err();
        assert_eq!(e.code(), "queue.not_born_yet");
    }

    #[test]
    fn a_mistyped_iin_gets_the_iin_message() {
        let mut s = make_iin("230415", 6, 7);
        let last = s.pop().unwrap();
        s.push(if last == '0' { '1' } else { '0' });
        assert!(matches!(
            validate_child_iin(&s, &parent(), TODAY),
            Err(ChildIinError::Iin(_))
        ));
    }

    #[test]
    fn age_periods_are_half_open() {
        let born = date!(2023 - 11 - 25);
        assert!(fits_age_period(born, TODAY, 3, 4));
        assert!(!fits_age_period(born, date!(2026 - 11 - 24), 3, 4));
        assert!(fits_age_period(born, date!(2026 - 11 - 24), 2, 3));
    }

    #[test]
    fn the_deadline_is_counted_in_days_and_bounded() {
        assert_eq!(referral_deadline(TODAY, 10).unwrap(), date!(2026 - 12 - 05));
        assert_eq!(referral_deadline(TODAY, 0), Err(QueueError::BadDeadline));
        assert_eq!(referral_deadline(TODAY, 31), Err(QueueError::BadDeadline));
    }

    #[test]
    fn only_an_active_referral_past_its_deadline_is_overdue() {
        let d = date!(2026 - 11 - 24);
        assert!(is_overdue(ReferralStatus::Active, d, TODAY));
        assert!(!is_overdue(ReferralStatus::Active, TODAY, TODAY));
        assert!(!is_overdue(ReferralStatus::ContractInProgress, d, TODAY));
    }

    #[test]
    fn statuses_round_trip_and_have_both_labels() {
        for s in ReferralStatus::ALL {
            assert_eq!(ReferralStatus::parse(s.as_str()), Some(s));
            assert_ne!(s.label(Lang::Kk), s.label(Lang::Ru));
        }
    }
}
