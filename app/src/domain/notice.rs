//! What the cabinet's notifications say when something happens to a family's child, referral or
//! contract: the kind (stored, for filtering and tests), the text in Kazakh and Russian, and
//! where it links. Kept with the other texts, out of the database code that writes them.
use super::dates::format_kz;
use super::lang::Lang;
use super::status::RefusalReason;

/// A name in both languages (a kindergarten's, a group's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Names<'a> {
    pub kk: &'a str,
    pub ru: &'a str,
}

/// A notification to a parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice<'a> {
    /// The admin issued a referral.
    ReferralIssued {
        child_name: &'a str,
        number: i32,
        kindergarten: Names<'a>,
        group: Names<'a>,
        deadline: time::Date,
    },
    /// A referral was not used in time; the child is back in the queue.
    ReferralExpired { number: i32, deadline: &'a str },
    /// Someone else also claims the parent's child.
    ParenthoodDisputed { child_name: &'a str },
    /// The department confirmed the parent.
    ParenthoodConfirmed { child_name: &'a str },
    /// The department rejected the claim.
    ParenthoodRejected {
        child_name: &'a str,
        reason: &'a str,
    },
    /// The parent's contract went to the kindergarten.
    ContractSent { contract_id: i32, number: &'a str },
    /// The kindergarten signed: the child is admitted.
    ContractSigned { contract_id: i32, number: &'a str },
    /// The kindergarten refused, with a reason and maybe a comment.
    ContractRefused {
        contract_id: i32,
        number: &'a str,
        reason: RefusalReason,
        comment: &'a str,
    },
    /// The parent's signing certificate was revoked before the contract was sent.
    ContractSignatureRevoked {
        contract_id: i32,
        number: &'a str,
        revoked_at: &'a str,
    },
}

impl Notice<'_> {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::ReferralIssued { .. } => "referral_issued",
            Notice::ReferralExpired { .. } => "referral_expired",
            Notice::ParenthoodDisputed { .. } => "parenthood.disputed",
            Notice::ParenthoodConfirmed { .. } => "parenthood.confirmed",
            Notice::ParenthoodRejected { .. } => "parenthood.rejected",
            Notice::ContractSent { .. } => "contract_sent",
            Notice::ContractSigned { .. } => "contract_signed",
            Notice::ContractRefused { .. } => "contract_refused",
            Notice::ContractSignatureRevoked { .. } => "contract_signature_revoked",
        }
    }

    /// Where the notification leads in the cabinet.
    pub fn link(&self) -> String {
        match self {
            Notice::ReferralIssued { .. } | Notice::ReferralExpired { .. } => {
                "/cabinet/referrals".into()
            }
            Notice::ParenthoodDisputed { .. }
            | Notice::ParenthoodConfirmed { .. }
            | Notice::ParenthoodRejected { .. } => "/cabinet".into(),
            Notice::ContractSent { contract_id, .. }
            | Notice::ContractSigned { contract_id, .. }
            | Notice::ContractRefused { contract_id, .. }
            | Notice::ContractSignatureRevoked { contract_id, .. } => {
                format!("/cabinet/contracts/{contract_id}")
            }
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Notice::ReferralIssued {
                    child_name,
                    number,
                    kindergarten,
                    group,
                    deadline,
                },
                Lang::Kk,
            ) => format!(
                "{child_name} баласына №{number} жолдама берілді: {}, «{}» тобы. Жолдаманы {} дейін пайдаланыңыз.",
                kindergarten.kk,
                group.kk,
                format_kz(*deadline)
            ),
            (
                Notice::ReferralIssued {
                    child_name,
                    number,
                    kindergarten,
                    group,
                    deadline,
                },
                Lang::Ru,
            ) => format!(
                "Ребёнку {child_name} выдано направление №{number}: {}, группа «{}». Используйте направление до {}.",
                kindergarten.ru,
                group.ru,
                format_kz(*deadline)
            ),
            (Notice::ReferralExpired { number, deadline }, Lang::Kk) => format!(
                "№{number} жолдаманың мерзімі {deadline} өтті. Бала кезекке бұрынғы тіркелген күнімен қайта қойылды."
            ),
            (Notice::ReferralExpired { number, deadline }, Lang::Ru) => format!(
                "Срок направления №{number} истёк {deadline}. Ребёнок снова в очереди с прежней датой постановки."
            ),
            (Notice::ParenthoodDisputed { child_name }, Lang::Kk) => format!(
                "Басқа адам да {child_name} баласын өз баласы ретінде қосты. Бөлім туу туралы куәлік бойынша шешеді."
            ),
            (Notice::ParenthoodDisputed { child_name }, Lang::Ru) => format!(
                "Другой человек тоже добавил ребёнка {child_name} как своего. Отдел образования решит по свидетельству о рождении."
            ),
            (Notice::ParenthoodConfirmed { child_name }, Lang::Kk) => format!(
                "{child_name}: бөлім баланың ата-анасы екеніңізді растады. Енді жолдама беруге болады."
            ),
            (Notice::ParenthoodConfirmed { child_name }, Lang::Ru) => format!(
                "{child_name}: отдел образования подтвердил ваше родство с ребёнком. Теперь можно выдать направление."
            ),
            (Notice::ParenthoodRejected { child_name, reason }, Lang::Kk) => {
                format!("{child_name}: бөлім растамады. Себебі: {reason}")
            }
            (Notice::ParenthoodRejected { child_name, reason }, Lang::Ru) => {
                format!("{child_name}: отдел образования не подтвердил родство. Причина: {reason}")
            }
            (Notice::ContractSent { number, .. }, Lang::Kk) => {
                format!("№ {number} шарт балабақшаға қол қоюға жіберілді.")
            }
            (Notice::ContractSent { number, .. }, Lang::Ru) => {
                format!("Договор № {number} отправлен в детский сад на подписание.")
            }
            (Notice::ContractSigned { number, .. }, Lang::Kk) => {
                format!("№ {number} шартқа балабақша қол қойды: шарт күшіне енді, бала қабылданды.")
            }
            (Notice::ContractSigned { number, .. }, Lang::Ru) => format!(
                "Детский сад подписал договор № {number}: договор вступил в силу, ребёнок принят."
            ),
            (
                Notice::ContractRefused {
                    number,
                    reason,
                    comment,
                    ..
                },
                Lang::Kk,
            ) => format!(
                "Балабақша № {number} шартқа қол қоюдан бас тартты: {}{}. Деректерді түзетіп, шартты қайта жіберіңіз.",
                reason.label(Lang::Kk),
                dash(comment)
            ),
            (
                Notice::ContractRefused {
                    number,
                    reason,
                    comment,
                    ..
                },
                Lang::Ru,
            ) => format!(
                "Детский сад отказал в подписании договора № {number}: {}{}. Исправьте данные и отправьте договор снова.",
                reason.label(Lang::Ru),
                dash(comment)
            ),
            (
                Notice::ContractSignatureRevoked {
                    number, revoked_at, ..
                },
                Lang::Kk,
            ) => format!(
                "№ {number} шарт жарамсыз: қолтаңба сертификаты жіберілгенге дейін ({revoked_at}) кері қайтарылған. Жарамды кілтпен шартты қайта жасаңыз."
            ),
            (
                Notice::ContractSignatureRevoked {
                    number, revoked_at, ..
                },
                Lang::Ru,
            ) => format!(
                "Договор № {number} недействителен: сертификат подписи был отозван до отправки ({revoked_at}). Оформите договор заново действующим ключом."
            ),
        }
    }
}

/// « — comment», or nothing without a comment.
fn dash(comment: &str) -> String {
    if comment.is_empty() {
        String::new()
    } else {
        format!(" — {comment}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_notice() -> Vec<Notice<'static>> {
        vec![
            Notice::ReferralIssued {
                child_name: "Серікова Әлия",
                number: 378_601,
                kindergarten: Names {
                    kk: "№1 Балабақшасы",
                    ru: "Детский сад №1",
                },
                group: Names {
                    kk: "Күншуақ",
                    ru: "Солнышко",
                },
                deadline: time::Date::from_calendar_date(2026, time::Month::December, 20).unwrap(),
            },
            Notice::ReferralExpired {
                number: 378_601,
                deadline: "20.12.2026",
            },
            Notice::ParenthoodDisputed {
                child_name: "Серікова Әлия",
            },
            Notice::ParenthoodConfirmed {
                child_name: "Серікова Әлия",
            },
            Notice::ParenthoodRejected {
                child_name: "Серікова Әлия",
                reason: "куәлік оқылмайды",
            },
            Notice::ContractSent {
                contract_id: 7,
                number: "01.01-12.26.001",
            },
            Notice::ContractSigned {
                contract_id: 7,
                number: "01.01-12.26.001",
            },
            Notice::ContractRefused {
                contract_id: 7,
                number: "01.01-12.26.001",
                reason: RefusalReason::ALL[0],
                comment: "",
            },
            Notice::ContractSignatureRevoked {
                contract_id: 7,
                number: "01.01-12.26.001",
                revoked_at: "06.12.2026 10:00",
            },
        ]
    }

    #[test]
    fn every_notice_reads_in_kazakh_and_russian_and_names_what_it_is_about() {
        for n in every_notice() {
            let (kk, ru) = (n.text(Lang::Kk), n.text(Lang::Ru));
            assert_ne!(kk, ru, "{n:?}");
            for text in [&kk, &ru] {
                assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
                let about = match &n {
                    Notice::ReferralIssued { number, .. }
                    | Notice::ReferralExpired { number, .. } => number.to_string(),
                    Notice::ParenthoodDisputed { child_name }
                    | Notice::ParenthoodConfirmed { child_name }
                    | Notice::ParenthoodRejected { child_name, .. } => child_name.to_string(),
                    Notice::ContractSent { number, .. }
                    | Notice::ContractSigned { number, .. }
                    | Notice::ContractRefused { number, .. }
                    | Notice::ContractSignatureRevoked { number, .. } => number.to_string(),
                };
                assert!(text.contains(&about), "{text} does not name {about}");
            }
        }
    }

    #[test]
    fn a_referral_names_the_kindergarten_and_group_in_the_readers_language() {
        let n = &every_notice()[0];
        assert!(
            n.text(Lang::Kk).contains("№1 Балабақшасы") && n.text(Lang::Kk).contains("«Күншуақ»")
        );
        assert!(
            n.text(Lang::Ru).contains("Детский сад №1") && n.text(Lang::Ru).contains("«Солнышко»")
        );
        assert!(n.text(Lang::Ru).contains("20.12.2026"));
        assert_eq!(n.link(), "/cabinet/referrals");
    }

    #[test]
    fn a_refusal_shows_its_reason_and_the_comment_only_when_there_is_one() {
        let reason = RefusalReason::ALL[0];
        let bare = Notice::ContractRefused {
            contract_id: 7,
            number: "1",
            reason,
            comment: "",
        };
        assert!(bare.text(Lang::Ru).contains(reason.label(Lang::Ru)));
        assert!(!bare.text(Lang::Ru).contains(" — "));
        let with = Notice::ContractRefused {
            contract_id: 7,
            number: "1",
            reason,
            comment: "фото нечитаемо",
        };
        assert!(with.text(Lang::Kk).contains(" — фото нечитаемо"));
        assert_eq!(with.link(), "/cabinet/contracts/7");
        assert_eq!(with.kind(), "contract_refused");
    }
}
