//! The contract status machine.
//!
//! Rules (GUIDE.md: "After sending", "The cabinet after the wizard", requirement 7):
//! - the parent fills the wizard (`Draft`) and signs with the EDS: the contract is sent to
//!   the kindergarten, «Шарт қол қоюға жіберілді», status «МБҰ-ға қол қою шарты»
//!   (`SentForSigning`);
//! - the kindergarten's staff signs — «Қол қойылды» (`SignedByKindergarten`): from then on
//!   the contract has legal force and admission is complete — or refuses with a reason
//!   ("the kindergarten may refuse to sign if the data is wrong");
//! - our additions: the parent may withdraw before the kindergarten signs; staff may
//!   terminate a signed contract; the system expires a contract that was not concluded
//!   while its referral was valid.
//!
//! | event              | actor  | from                      | to                     |
//! |--------------------|--------|---------------------------|------------------------|
//! | ParentSigned       | Parent | Draft                     | SentForSigning         |
//! | KindergartenSigned | Staff  | SentForSigning            | SignedByKindergarten   |
//! | KindergartenRefused| Staff  | SentForSigning            | RefusedByKindergarten  |
//! | ParentWithdrew     | Parent | Draft, SentForSigning     | WithdrawnByParent      |
//! | Terminated         | Staff  | SignedByKindergarten      | Terminated             |
//! | ReferralExpired    | System | Draft, SentForSigning     | ReferralExpired        |
//!
//! `RefusedByKindergarten`, `WithdrawnByParent`, `Terminated` and `ReferralExpired` are
//! final: after a refusal the parent corrects the data in a new draft (with a new number).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::lang::Lang;

/// Longest refusal comment, in characters.
pub const MAX_REFUSAL_COMMENT_CHARS: usize = 500;

super::messages::localized_error! {
    /// Why a status change is not allowed.
    pub enum TransitionError {
        /// The actor may not fire this event.
        ActorNotAllowed {
            code: "transition.actor_not_allowed",
            en: "this actor may not perform this action",
            kk: "Бұл әрекетті орындауға құқығыңыз жоқ.",
            ru: "У вас нет права выполнить это действие.",
        },
        /// The event does not apply to the current status.
        InvalidTransition {
            code: "transition.invalid",
            en: "this action is not possible in the current status",
            kk: "Шарттың қазіргі мәртебесінде бұл әрекет мүмкін емес.",
            ru: "В текущем статусе договора это действие невозможно.",
        },
        /// The status is final.
        StatusIsFinal {
            code: "transition.status_is_final",
            en: "the contract is in a final status",
            kk: "Шарт бойынша жұмыс аяқталған, оның мәртебесін өзгерту мүмкін емес.",
            ru: "Работа с договором завершена, его статус изменить нельзя.",
        },
        /// Reason `Other` without a comment.
        CommentRequired {
            code: "transition.comment_required",
            en: "a comment is required for this refusal reason",
            kk: "Бас тарту себебін түсіндіріп жазыңыз.",
            ru: "Опишите причину отказа.",
        },
        /// The comment is too long.
        CommentTooLong {
            code: "transition.comment_too_long",
            en: "the comment is too long",
            kk: "Түсініктеме 500 таңбадан аспауы керек.",
            ru: "Комментарий не должен превышать 500 символов.",
        },
    }
}

/// Status of a contract. Stored as [`ContractStatus::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Being filled in by the parent.
    Draft,
    /// Signed by the parent, awaiting the kindergarten's signature.
    SentForSigning,
    /// Signed by the kindergarten: in force.
    SignedByKindergarten,
    /// Refused by the kindergarten.
    RefusedByKindergarten,
    /// Withdrawn by the parent before the kindergarten signed.
    WithdrawnByParent,
    /// Terminated after it was in force.
    Terminated,
    /// Not concluded before the referral expired.
    ReferralExpired,
    /// A signature's certificate turned out to have been revoked before it was submitted
    /// (found by the status check that completes the signature's evidence).
    SignatureRevoked,
}

impl ContractStatus {
    /// Every status.
    pub const ALL: [ContractStatus; 8] = [
        ContractStatus::Draft,
        ContractStatus::SentForSigning,
        ContractStatus::SignedByKindergarten,
        ContractStatus::RefusedByKindergarten,
        ContractStatus::WithdrawnByParent,
        ContractStatus::Terminated,
        ContractStatus::ReferralExpired,
        ContractStatus::SignatureRevoked,
    ];

    /// Stable code for the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Draft => "draft",
            ContractStatus::SentForSigning => "sent_for_signing",
            ContractStatus::SignedByKindergarten => "signed_by_kindergarten",
            ContractStatus::RefusedByKindergarten => "refused_by_kindergarten",
            ContractStatus::WithdrawnByParent => "withdrawn_by_parent",
            ContractStatus::Terminated => "terminated",
            ContractStatus::ReferralExpired => "referral_expired",
            ContractStatus::SignatureRevoked => "signature_revoked",
        }
    }

    /// Parses a stored code.
    pub fn parse(s: &str) -> Option<Self> {
        ContractStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Label shown in the cabinet. Kazakh labels of `SentForSigning` and
    /// `SignedByKindergarten` are the seed's wording.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ContractStatus::Draft, Lang::Kk) => "Жоба",
            (ContractStatus::Draft, Lang::Ru) => "Черновик",
            (ContractStatus::SentForSigning, Lang::Kk) => "МБҰ-ға қол қою шарты",
            (ContractStatus::SentForSigning, Lang::Ru) => "Ожидает подписи дошкольной организации",
            (ContractStatus::SignedByKindergarten, Lang::Kk) => "Қол қойылды",
            (ContractStatus::SignedByKindergarten, Lang::Ru) => "Подписан",
            (ContractStatus::RefusedByKindergarten, Lang::Kk) => "МБҰ қол қоюдан бас тартты",
            (ContractStatus::RefusedByKindergarten, Lang::Ru) => {
                "Дошкольная организация отказала в подписании"
            }
            (ContractStatus::WithdrawnByParent, Lang::Kk) => "Ата-ана кері қайтарып алды",
            (ContractStatus::WithdrawnByParent, Lang::Ru) => "Отозван родителем",
            (ContractStatus::Terminated, Lang::Kk) => "Шарт бұзылды",
            (ContractStatus::Terminated, Lang::Ru) => "Расторгнут",
            (ContractStatus::ReferralExpired, Lang::Kk) => "Жолдаманың мерзімі өтті",
            (ContractStatus::ReferralExpired, Lang::Ru) => "Срок направления истёк",
            (ContractStatus::SignatureRevoked, Lang::Kk) => "Қолтаңба сертификаты кері қайтарылған",
            (ContractStatus::SignatureRevoked, Lang::Ru) => "Сертификат подписи был отозван",
        }
    }

    /// No event leaves a final status.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            ContractStatus::RefusedByKindergarten
                | ContractStatus::WithdrawnByParent
                | ContractStatus::Terminated
                | ContractStatus::ReferralExpired
                | ContractStatus::SignatureRevoked
        )
    }

    /// The contract has legal force and admission is complete (GUIDE.md).
    pub const fn is_in_force(self) -> bool {
        matches!(self, ContractStatus::SignedByKindergarten)
    }

    /// Applies `event` fired by `actor`. See the module table.
    pub fn transition(
        self,
        event: &ContractEvent,
        actor: Actor,
    ) -> Result<ContractStatus, TransitionError> {
        use ContractStatus::*;
        if event.actor() != actor {
            return Err(TransitionError::ActorNotAllowed);
        }
        if self.is_final() {
            return Err(TransitionError::StatusIsFinal);
        }
        if let ContractEvent::KindergartenRefused { reason, comment } = event {
            validate_refusal(*reason, comment)?;
        }
        match (self, event) {
            (Draft, ContractEvent::ParentSigned) => Ok(SentForSigning),
            (SentForSigning, ContractEvent::KindergartenSigned) => Ok(SignedByKindergarten),
            (SentForSigning, ContractEvent::KindergartenRefused { .. }) => {
                Ok(RefusedByKindergarten)
            }
            (Draft | SentForSigning, ContractEvent::ParentWithdrew) => Ok(WithdrawnByParent),
            (SignedByKindergarten, ContractEvent::Terminated) => Ok(Terminated),
            (Draft | SentForSigning, ContractEvent::ReferralExpired) => Ok(ReferralExpired),
            (SentForSigning | SignedByKindergarten, ContractEvent::SignatureRevoked { .. }) => {
                Ok(SignatureRevoked)
            }
            _ => Err(TransitionError::InvalidTransition),
        }
    }
}

impl fmt::Display for ContractStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who fires an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The legal representative (owner of the cabinet).
    Parent,
    /// Kindergarten staff.
    Staff,
    /// Scheduled jobs.
    System,
}

/// Why the kindergarten refused to sign (GUIDE.md: "if the data is wrong or does not meet
/// the requirements").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// Wrong bank or identity-document requisites.
    InvalidRequisites,
    /// Wrong or missing documents.
    InvalidDocuments,
    /// Documents cannot be read.
    DocumentsIllegible,
    /// The signer is not the child's legal representative.
    WrongRepresentative,
    /// No places in the group.
    NoPlaces,
    /// Another reason, described in the comment.
    Other,
}

impl RefusalReason {
    /// Every reason, in the order of the select.
    pub const ALL: [RefusalReason; 6] = [
        RefusalReason::InvalidRequisites,
        RefusalReason::InvalidDocuments,
        RefusalReason::DocumentsIllegible,
        RefusalReason::WrongRepresentative,
        RefusalReason::NoPlaces,
        RefusalReason::Other,
    ];

    /// Stable code.
    pub const fn as_str(self) -> &'static str {
        match self {
            RefusalReason::InvalidRequisites => "invalid_requisites",
            RefusalReason::InvalidDocuments => "invalid_documents",
            RefusalReason::DocumentsIllegible => "documents_illegible",
            RefusalReason::WrongRepresentative => "wrong_representative",
            RefusalReason::NoPlaces => "no_places",
            RefusalReason::Other => "other",
        }
    }

    /// Parses a stored code.
    pub fn parse(s: &str) -> Option<Self> {
        RefusalReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Label shown to staff and the parent.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RefusalReason::InvalidRequisites, Lang::Kk) => "Деректемелер қате көрсетілген",
            (RefusalReason::InvalidRequisites, Lang::Ru) => "Реквизиты указаны неверно",
            (RefusalReason::InvalidDocuments, Lang::Kk) => "Құжаттар талаптарға сәйкес келмейді",
            (RefusalReason::InvalidDocuments, Lang::Ru) => "Документы не соответствуют требованиям",
            (RefusalReason::DocumentsIllegible, Lang::Kk) => "Құжаттарды оқу мүмкін емес",
            (RefusalReason::DocumentsIllegible, Lang::Ru) => "Документы невозможно прочитать",
            (RefusalReason::WrongRepresentative, Lang::Kk) => "Қол қоюшы баланың заңды өкілі емес",
            (RefusalReason::WrongRepresentative, Lang::Ru) => {
                "Подписавший не является законным представителем ребёнка"
            }
            (RefusalReason::NoPlaces, Lang::Kk) => "Топта бос орын жоқ",
            (RefusalReason::NoPlaces, Lang::Ru) => "В группе нет свободных мест",
            (RefusalReason::Other, Lang::Kk) => "Басқа себеп",
            (RefusalReason::Other, Lang::Ru) => "Другая причина",
        }
    }
}

fn validate_refusal(reason: RefusalReason, comment: &str) -> Result<(), TransitionError> {
    if comment.chars().count() > MAX_REFUSAL_COMMENT_CHARS {
        return Err(TransitionError::CommentTooLong);
    }
    if reason == RefusalReason::Other && comment.trim().is_empty() {
        return Err(TransitionError::CommentRequired);
    }
    Ok(())
}

/// Something that happens to a contract. Serialised with a `"type"` tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContractEvent {
    /// The parent signed with the EDS and sent the contract.
    ParentSigned,
    /// The kindergarten signed.
    KindergartenSigned,
    /// The kindergarten refused; `comment` is free text, at most 500 characters, required
    /// for [`RefusalReason::Other`].
    KindergartenRefused {
        /// The reason.
        reason: RefusalReason,
        /// Explanation for the parent.
        #[serde(default)]
        comment: String,
    },
    /// The parent withdrew the contract.
    ParentWithdrew,
    /// The contract was terminated.
    Terminated,
    /// The referral expired.
    ReferralExpired,
    /// The status check of a signature's evidence found its certificate revoked before the
    /// submission (`party`: `parent` or `kindergarten`; `revoked_at`: Unix time).
    SignatureRevoked {
        /// Whose signature.
        party: String,
        /// When the certificate was revoked.
        revoked_at: i64,
    },
}

impl ContractEvent {
    /// The only actor allowed to fire this event.
    pub const fn actor(&self) -> Actor {
        match self {
            ContractEvent::ParentSigned | ContractEvent::ParentWithdrew => Actor::Parent,
            ContractEvent::KindergartenSigned
            | ContractEvent::KindergartenRefused { .. }
            | ContractEvent::Terminated => Actor::Staff,
            ContractEvent::ReferralExpired | ContractEvent::SignatureRevoked { .. } => {
                Actor::System
            }
        }
    }
}

/// A recorded status change (audit trail). `at` is Unix time in seconds (UTC), taken by the
/// caller: the domain reads no clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// Status before.
    pub from: ContractStatus,
    /// Status after.
    pub to: ContractStatus,
    /// What happened.
    pub event: ContractEvent,
    /// Who did it.
    pub actor: Actor,
    /// When, Unix seconds.
    pub at: i64,
}

/// Applies an event and returns the record to store.
pub fn apply(
    from: ContractStatus,
    event: ContractEvent,
    actor: Actor,
    at: i64,
) -> Result<Transition, TransitionError> {
    let to = from.transition(&event, actor)?;
    Ok(Transition {
        from,
        to,
        event,
        actor,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::super::messages::test_support::{assert_kazakh_label, assert_russian};
    use super::ContractStatus::*;
    use super::*;

    fn refused(reason: RefusalReason, comment: &str) -> ContractEvent {
        ContractEvent::KindergartenRefused {
            reason,
            comment: comment.into(),
        }
    }

    fn all_events() -> Vec<ContractEvent> {
        vec![
            ContractEvent::ParentSigned,
            ContractEvent::KindergartenSigned,
            refused(RefusalReason::NoPlaces, ""),
            ContractEvent::ParentWithdrew,
            ContractEvent::Terminated,
            ContractEvent::ReferralExpired,
        ]
    }

    #[test]
    fn happy_path() {
        let s = Draft
            .transition(&ContractEvent::ParentSigned, Actor::Parent)
            .unwrap();
        assert_eq!(s, SentForSigning);
        let s = s
            .transition(&ContractEvent::KindergartenSigned, Actor::Staff)
            .unwrap();
        assert_eq!(s, SignedByKindergarten);
        assert!(s.is_in_force());
        let s = s
            .transition(&ContractEvent::Terminated, Actor::Staff)
            .unwrap();
        assert_eq!(s, Terminated);
    }

    #[test]
    fn full_table() {
        // Exactly these (from, event index) pairs are allowed.
        let allowed = [
            (Draft, 0, SentForSigning),
            (SentForSigning, 1, SignedByKindergarten),
            (SentForSigning, 2, RefusedByKindergarten),
            (Draft, 3, WithdrawnByParent),
            (SentForSigning, 3, WithdrawnByParent),
            (SignedByKindergarten, 4, Terminated),
            (Draft, 5, ReferralExpired),
            (SentForSigning, 5, ReferralExpired),
        ];
        for from in ContractStatus::ALL {
            for (i, event) in all_events().iter().enumerate() {
                for actor in [Actor::Parent, Actor::Staff, Actor::System] {
                    let got = from.transition(event, actor);
                    let expected = if actor != event.actor() {
                        Err(TransitionError::ActorNotAllowed)
                    } else if from.is_final() {
                        Err(TransitionError::StatusIsFinal)
                    } else {
                        allowed
                            .iter()
                            .find(|(f, e, _)| *f == from && *e == i)
                            .map(|(_, _, to)| *to)
                            .ok_or(TransitionError::InvalidTransition)
                    };
                    assert_eq!(got, expected, "{from:?} {event:?} {actor:?}");
                }
            }
        }
    }

    #[test]
    fn only_the_right_actor() {
        assert_eq!(
            Draft.transition(&ContractEvent::ParentSigned, Actor::Staff),
            Err(TransitionError::ActorNotAllowed)
        );
        assert_eq!(
            SentForSigning.transition(&ContractEvent::KindergartenSigned, Actor::Parent),
            Err(TransitionError::ActorNotAllowed)
        );
        assert_eq!(
            SentForSigning.transition(&ContractEvent::ReferralExpired, Actor::Staff),
            Err(TransitionError::ActorNotAllowed)
        );
    }

    #[test]
    fn refusal_comment_rules() {
        let long = "ә".repeat(MAX_REFUSAL_COMMENT_CHARS + 1);
        let max = "ә".repeat(MAX_REFUSAL_COMMENT_CHARS);
        assert_eq!(
            SentForSigning.transition(&refused(RefusalReason::Other, "  "), Actor::Staff),
            Err(TransitionError::CommentRequired)
        );
        assert_eq!(
            SentForSigning.transition(
                &refused(RefusalReason::Other, "Фото анық емес"),
                Actor::Staff
            ),
            Ok(RefusedByKindergarten)
        );
        assert_eq!(
            SentForSigning.transition(&refused(RefusalReason::NoPlaces, &long), Actor::Staff),
            Err(TransitionError::CommentTooLong)
        );
        assert_eq!(
            SentForSigning.transition(&refused(RefusalReason::NoPlaces, &max), Actor::Staff),
            Ok(RefusedByKindergarten)
        );
    }

    #[test]
    fn apply_records() {
        let t = apply(
            Draft,
            ContractEvent::ParentSigned,
            Actor::Parent,
            1_610_613_240,
        )
        .unwrap();
        assert_eq!(
            (t.from, t.to, t.actor, t.at),
            (Draft, SentForSigning, Actor::Parent, 1_610_613_240)
        );
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"from":"draft","to":"sent_for_signing","event":{"type":"parent_signed"},"actor":"parent","at":1610613240}"#
        );
        assert_eq!(serde_json::from_str::<Transition>(&json).unwrap(), t);
        let r = apply(
            SentForSigning,
            refused(RefusalReason::InvalidRequisites, "ИИК қате"),
            Actor::Staff,
            1,
        )
        .unwrap();
        let json = serde_json::to_string(&r.event).unwrap();
        assert_eq!(
            json,
            r#"{"type":"kindergarten_refused","reason":"invalid_requisites","comment":"ИИК қате"}"#
        );
        assert_eq!(
            serde_json::from_str::<ContractEvent>(
                r#"{"type":"kindergarten_refused","reason":"no_places"}"#
            )
            .unwrap(),
            refused(RefusalReason::NoPlaces, "")
        );
    }

    #[test]
    fn codes_and_labels() {
        assert_eq!(SentForSigning.label(Lang::Kk), "МБҰ-ға қол қою шарты");
        assert_eq!(SignedByKindergarten.label(Lang::Kk), "Қол қойылды");
        let mut kk = std::collections::HashSet::new();
        let mut ru = std::collections::HashSet::new();
        for s in ContractStatus::ALL {
            assert_eq!(ContractStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
            assert_kazakh_label(s.label(Lang::Kk));
            assert_russian(s.label(Lang::Ru));
            assert!(kk.insert(s.label(Lang::Kk)) && ru.insert(s.label(Lang::Ru)));
        }
        assert_eq!(ContractStatus::parse("signed"), None);
        for r in RefusalReason::ALL {
            assert_eq!(RefusalReason::parse(r.as_str()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
            assert_kazakh_label(r.label(Lang::Kk));
            assert_russian(r.label(Lang::Ru));
        }
    }
}
