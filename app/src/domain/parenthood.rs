//! Proof of parenthood (issue 26, item 3): who may queue a child and get it a referral.
//!
//! A child added to a cabinet is a *claim*: "I am this child's parent (or legal representative)".
//! Anyone can type any IIN, so a claim proves nothing by itself. Rules:
//! - a claim the population register confirms (the register lists the claimant as a parent) is
//!   **confirmed** at once;
//! - otherwise it is **unconfirmed** until the department confirms it from the birth certificate
//!   the parent uploads (or brought in person);
//! - a claim on a child someone else already claims, not confirmed by the register, is
//!   **disputed**, and so are the other unconfirmed claims on that child: the department decides,
//!   and both parents see it;
//! - the department may **reject** a claim with a reason (the parent may upload a better
//!   certificate, which puts it back for review);
//! - any claim that is not rejected may queue its child (so a stranger's earlier claim never
//!   blocks the real parent); a confirmed claim's queue entry is the one that counts — another
//!   claim cannot queue the child a second time;
//! - only a confirmed claim's child gets a referral.

use serde::{Deserialize, Serialize};

use super::lang::Lang;

super::messages::localized_error! {
    /// Why a parent's action on their claim is refused.
    pub enum ParenthoodError {
        /// A referral is issued only for a confirmed child.
        NotConfirmed {
            code: "parenthood.not_confirmed",
            en: "the child's parenthood is not confirmed",
            kk: "Баланың ата-анасы әлі расталмаған: алдымен бөлім туу туралы куәлікті тексереді.",
            ru: "Родство с ребёнком ещё не подтверждено: сначала отдел проверяет свидетельство о рождении.",
        },
        /// A confirmed claim's documents are evidence: they are not replaced.
        CertificateLocked {
            code: "parenthood.certificate_locked",
            en: "the claim is confirmed; its certificate is not replaced",
            kk: "Бала расталған: туу туралы куәлікті ауыстыру қажет емес.",
            ru: "Родство подтверждено: заменять свидетельство о рождении не нужно.",
        },
        /// The child already waits in a queue under a confirmed parent's registration.
        QueuedByConfirmedParent {
            code: "parenthood.queued_by_confirmed_parent",
            en: "the child already waits in a queue registered by a confirmed parent",
            kk: "Баланы расталған ата-анасы кезекке қойып қойған.",
            ru: "Ребёнок уже стоит в очереди: его поставил подтверждённый родитель.",
        },
        /// A rejected claim cannot queue.
        Rejected {
            code: "parenthood.rejected",
            en: "the department rejected this claim",
            kk: "Бөлім бұл баланы сіздің балаңыз ретінде растамады. Туу туралы куәлікті қайта жүктеңіз.",
            ru: "Отдел не подтвердил родство с этим ребёнком. Загрузите свидетельство о рождении заново.",
        },
    }
}

super::messages::localized_error! {
    /// Why the department's decision on a claim is refused (only the admin pages meet these).
    pub enum DecisionError {
        /// The claim was decided already (another admin, a second tab).
        AlreadyDecided {
            code: "parenthood.already_decided",
            en: "the claim was already decided",
            kk: "Бұл өтініш бойынша шешім қабылданып қойған. Бетті жаңартыңыз.",
            ru: "По этому заявлению уже принято решение. Обновите страницу.",
        },
        /// A rejection needs a reason the parent can act on.
        ReasonRequired {
            code: "parenthood.reason_required",
            en: "a rejection needs a reason of 5 to 500 characters",
            kk: "Бас тарту себебін жазыңыз (5–500 таңба): ата-ана не түзету керегін білуі тиіс.",
            ru: "Укажите причину отказа (5–500 символов): родитель должен понять, что исправить.",
        },
    }
}

/// Where a claim stands. Stored as [`ClaimStatus::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Unconfirmed,
    Disputed,
    Confirmed,
    Rejected,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 4] = [
        ClaimStatus::Unconfirmed,
        ClaimStatus::Disputed,
        ClaimStatus::Confirmed,
        ClaimStatus::Rejected,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Unconfirmed => "unconfirmed",
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimStatus> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Not rejected: the claim may queue its child and still counts in a dispute.
    pub const fn is_live(self) -> bool {
        !matches!(self, ClaimStatus::Rejected)
    }

    /// Waiting for the department's decision.
    pub const fn awaits_department(self) -> bool {
        matches!(self, ClaimStatus::Unconfirmed | ClaimStatus::Disputed)
    }

    /// Only a confirmed child gets a referral.
    pub fn check_referral(self) -> Result<(), ParenthoodError> {
        match self {
            ClaimStatus::Confirmed => Ok(()),
            _ => Err(ParenthoodError::NotConfirmed),
        }
    }

    /// May this claim put its child in a queue, given the statuses of the *other* claims whose
    /// queue entries exist for the same child?
    pub fn check_queue(self, others_queued: &[ClaimStatus]) -> Result<(), ParenthoodError> {
        if self == ClaimStatus::Rejected {
            return Err(ParenthoodError::Rejected);
        }
        if others_queued.contains(&ClaimStatus::Confirmed) {
            return Err(ParenthoodError::QueuedByConfirmedParent);
        }
        Ok(())
    }

    /// The label shown to parents and the department.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ClaimStatus::Unconfirmed, Lang::Kk) => "Расталмаған",
            (ClaimStatus::Unconfirmed, Lang::Ru) => "Не подтверждён",
            (ClaimStatus::Disputed, Lang::Kk) => "Даулы",
            (ClaimStatus::Disputed, Lang::Ru) => "Спорный",
            (ClaimStatus::Confirmed, Lang::Kk) => "Расталған",
            (ClaimStatus::Confirmed, Lang::Ru) => "Подтверждён",
            (ClaimStatus::Rejected, Lang::Kk) => "Расталмады",
            (ClaimStatus::Rejected, Lang::Ru) => "Отклонён",
        }
    }
}

/// What the population register says about a claimant and a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterVerdict {
    /// The register lists the claimant as one of the child's parents.
    Parent,
    /// The register does not list the claimant (a guardian, a stranger, or a record not yet
    /// there): the department decides from the certificate.
    NotListed,
    /// No answer (no register configured, or it did not answer): the department decides.
    NoAnswer,
}

/// A new claim's status, and whether the other live, unconfirmed claims on the same child
/// become disputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewClaim {
    pub status: ClaimStatus,
    pub dispute_others: bool,
}

/// The status of a claim being added, given the register's answer and the statuses of the
/// other people's claims on the same child.
pub fn on_new_claim(verdict: RegisterVerdict, others: &[ClaimStatus]) -> NewClaim {
    let others_live = others.iter().any(|s| s.is_live());
    let status = match verdict {
        RegisterVerdict::Parent => ClaimStatus::Confirmed,
        _ if others_live => ClaimStatus::Disputed,
        _ => ClaimStatus::Unconfirmed,
    };
    NewClaim {
        status,
        // Another person claims the child: every unconfirmed claim on it needs the
        // department's look, also when this one is confirmed by the register.
        dispute_others: others_live,
    }
}

/// The status of a claim that waited for the department (unconfirmed or disputed) once the
/// set of other live claims changed: alone again, a disputed claim is simply unconfirmed.
pub fn settle(status: ClaimStatus, others_live: bool) -> ClaimStatus {
    match status {
        ClaimStatus::Disputed if !others_live => ClaimStatus::Unconfirmed,
        ClaimStatus::Unconfirmed if others_live => ClaimStatus::Disputed,
        s => s,
    }
}

/// The status after the parent uploads a (new) birth certificate.
pub fn on_certificate(
    status: ClaimStatus,
    others_live: bool,
) -> Result<ClaimStatus, ParenthoodError> {
    match status {
        ClaimStatus::Confirmed => Err(ParenthoodError::CertificateLocked),
        // A rejected claim with a new certificate goes back to the department.
        ClaimStatus::Rejected => Ok(settle(ClaimStatus::Unconfirmed, others_live)),
        s => Ok(s),
    }
}

/// The department's decision on a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Confirm,
    Reject { reason: String },
}

/// Bounds of a rejection reason, in characters.
pub const REASON_CHARS: std::ops::RangeInclusive<usize> = 5..=500;

/// Checks a decision can be taken on a claim in `status`; returns the new status and the
/// reason (trimmed) to store.
pub fn decide(
    status: ClaimStatus,
    decision: &Decision,
) -> Result<(ClaimStatus, Option<String>), DecisionError> {
    if !status.awaits_department() {
        return Err(DecisionError::AlreadyDecided);
    }
    match decision {
        Decision::Confirm => Ok((ClaimStatus::Confirmed, None)),
        Decision::Reject { reason } => {
            let reason = reason.trim();
            let n = reason.chars().count();
            if !REASON_CHARS.contains(&n) || reason.chars().any(|c| c.is_control() && c != '\n') {
                return Err(DecisionError::ReasonRequired);
            }
            Ok((ClaimStatus::Rejected, Some(reason.to_string())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClaimStatus::*;

    #[test]
    fn a_first_claim_the_register_does_not_confirm_waits_for_the_department() {
        for v in [RegisterVerdict::NotListed, RegisterVerdict::NoAnswer] {
            assert_eq!(
                on_new_claim(v, &[]),
                NewClaim {
                    status: Unconfirmed,
                    dispute_others: false
                }
            );
        }
        assert_eq!(on_new_claim(RegisterVerdict::Parent, &[]).status, Confirmed);
    }

    #[test]
    fn a_second_claim_on_the_same_child_raises_a_dispute_unless_the_register_confirms_it() {
        assert_eq!(
            on_new_claim(RegisterVerdict::NoAnswer, &[Unconfirmed]),
            NewClaim {
                status: Disputed,
                dispute_others: true
            }
        );
        // The register confirms the real parent; the stranger's claim becomes disputed.
        assert_eq!(
            on_new_claim(RegisterVerdict::Parent, &[Unconfirmed]),
            NewClaim {
                status: Confirmed,
                dispute_others: true
            }
        );
        // Rejected claims do not count.
        assert_eq!(
            on_new_claim(RegisterVerdict::NoAnswer, &[Rejected]).status,
            Unconfirmed
        );
    }

    #[test]
    fn a_strangers_queue_entry_never_blocks_the_parent_but_a_confirmed_parents_does() {
        assert_eq!(Unconfirmed.check_queue(&[Unconfirmed]), Ok(()));
        assert_eq!(Confirmed.check_queue(&[Disputed]), Ok(()));
        assert_eq!(
            Disputed.check_queue(&[Confirmed]),
            Err(ParenthoodError::QueuedByConfirmedParent)
        );
        assert_eq!(Rejected.check_queue(&[]), Err(ParenthoodError::Rejected));
    }

    #[test]
    fn only_a_confirmed_child_gets_a_referral() {
        assert_eq!(Confirmed.check_referral(), Ok(()));
        for s in [Unconfirmed, Disputed, Rejected] {
            assert_eq!(s.check_referral(), Err(ParenthoodError::NotConfirmed));
        }
    }

    #[test]
    fn the_department_decides_once_and_a_rejection_says_why() {
        assert_eq!(decide(Disputed, &Decision::Confirm), Ok((Confirmed, None)));
        assert_eq!(
            decide(
                Unconfirmed,
                &Decision::Reject {
                    reason: "  Куәлік оқылмайды ".into()
                }
            ),
            Ok((Rejected, Some("Куәлік оқылмайды".into())))
        );
        assert_eq!(
            decide(
                Unconfirmed,
                &Decision::Reject {
                    reason: " no ".into()
                }
            ),
            Err(DecisionError::ReasonRequired)
        );
        assert_eq!(
            decide(
                Unconfirmed,
                &Decision::Reject {
                    reason: "x".repeat(501)
                }
            ),
            Err(DecisionError::ReasonRequired)
        );
        assert_eq!(
            decide(Confirmed, &Decision::Confirm),
            Err(DecisionError::AlreadyDecided)
        );
        assert_eq!(
            decide(Rejected, &Decision::Confirm),
            Err(DecisionError::AlreadyDecided)
        );
    }

    #[test]
    fn a_new_certificate_sends_a_rejected_claim_back_and_a_confirmed_one_keeps_its_evidence() {
        assert_eq!(on_certificate(Rejected, false), Ok(Unconfirmed));
        assert_eq!(on_certificate(Rejected, true), Ok(Disputed));
        assert_eq!(on_certificate(Disputed, true), Ok(Disputed));
        assert_eq!(
            on_certificate(Confirmed, false),
            Err(ParenthoodError::CertificateLocked)
        );
        assert_eq!(settle(Disputed, false), Unconfirmed);
        assert_eq!(settle(Confirmed, true), Confirmed);
    }

    #[test]
    fn statuses_round_trip_and_have_both_labels() {
        for s in ClaimStatus::ALL {
            assert_eq!(ClaimStatus::parse(s.as_str()), Some(s));
            assert!(!s.label(Lang::Kk).is_empty() && !s.label(Lang::Ru).is_empty());
        }
    }
}
