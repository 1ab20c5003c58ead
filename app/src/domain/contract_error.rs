//! Why preparing, sending or opening a contract is refused, and the contract's validity.
//!
//! Rules (GUIDE.md step 6 and "The cabinet after the wizard"): a contract is concluded under
//! an active referral of the parent's own child, with the documents the parent uploaded for
//! that referral; what is signed is the contract the parent was shown (the price shown is the
//! price signed); a contract is valid one year from its date (then extended).

use time::{Date, Duration};

super::messages::localized_error! {
    /// A refused contract action.
    pub enum ContractError {
        /// The referral is not active (used, expired, cancelled, or a contract is already
        /// on its way).
        ReferralNotActive {
            code: "contract.referral_not_active",
            en: "the referral is not active",
            kk: "Жолдама белсенді емес (пайдаланылған, мерзімі өткен немесе шарт жіберілген).",
            ru: "Направление не активно (использовано, истекло или договор уже отправлен).",
        },
        /// The kindergarten does not conclude contracts electronically.
        NoEContracts {
            code: "contract.no_e_contracts",
            en: "the kindergarten does not use electronic contracts",
            kk: "Бұл балабақша электрондық шарт жасамайды. Шартты балабақшада қағаз түрінде жасаңыз.",
            ru: "Этот детский сад не заключает электронные договоры. Заключите договор в детском саду на бумаге.",
        },
        /// A document named in the draft is not the parent's upload for this referral.
        DocumentNotFound {
            code: "contract.document_not_found",
            en: "a document was not found; upload it again",
            kk: "Құжат табылмады. Оны 5-қадамда қайта жүктеңіз.",
            ru: "Документ не найден. Загрузите его заново на шаге 5.",
        },
        /// No tariff for the age period on the contract date.
        NoTariff {
            code: "contract.no_tariff",
            en: "no tariff is in force for the group's age period",
            kk: "Топтың жас кезеңіне тариф бекітілмеген. Білім беру бөліміне хабарласыңыз.",
            ru: "Для возрастного периода группы не утверждён тариф. Обратитесь в отдел образования.",
        },
        /// The contract to send was not prepared or was replaced by a newer preparation.
        NotPrepared {
            code: "contract.not_prepared",
            en: "the contract shown is no longer current; read it again",
            kk: "Шарт мәтіні жаңартылды. Шартты қайта оқып, қайта қол қойыңыз.",
            ru: "Текст договора обновился. Прочитайте договор снова и подпишите ещё раз.",
        },
        /// Sent already (a second send of another submission).
        AlreadySent {
            code: "contract.already_sent",
            en: "this contract is already sent",
            kk: "Бұл шарт қол қоюға жіберіліп қойған.",
            ru: "Этот договор уже отправлен на подписание.",
        },
        /// The parent's signature is accepted, but its evidence (timestamp, certificate
        /// status) is still being completed: the kindergarten signs after that.
        EvidencePending {
            code: "contract.evidence_pending",
            en: "the evidence of the parent's signature is still being completed",
            kk: "Ата-ана қолтаңбасының дәлелдемелері (уақыт белгісі, сертификат мәртебесі) әлі жиналуда. Бірнеше минуттан кейін қайталаңыз.",
            ru: "Доказательства подписи родителя (метка времени, статус сертификата) ещё собираются. Повторите через несколько минут.",
        },
        /// The confirmation box was not ticked.
        NotAcknowledged {
            code: "contract.not_acknowledged",
            en: "the parent did not confirm reading the contract",
            kk: "«Мен шарттың мазмұнымен таныстым» белгісін қойыңыз.",
            ru: "Отметьте «Я ознакомился(-ась) с содержанием договора».",
        },
        /// An uploaded template that is not a template file.
        BadTemplateFile {
            code: "contract.bad_template_file",
            en: "the template is not valid template JSON",
            kk: "Үлгі файлы дұрыс емес (JSON пішімі күтіледі: id, title_kk, title_ru, sections).",
            ru: "Файл шаблона неверен (ожидается JSON: id, title_kk, title_ru, sections).",
        },
        /// A template effective before today.
        TemplateDateInPast {
            code: "contract.template_date_in_past",
            en: "a new template version takes effect today or later",
            kk: "Үлгінің жаңа нұсқасы бүгіннен немесе одан кейін күшіне енеді.",
            ru: "Новая версия шаблона вступает в силу сегодня или позже.",
        },
        /// Step 2 not passed.
        EdsNotChecked {
            code: "contract.eds_not_checked",
            en: "the EDS check (step 2) is not passed",
            kk: "Алдымен 2-қадамда ЭЦҚ-ны тексеріңіз.",
            ru: "Сначала проверьте ЭЦП на шаге 2.",
        },
    }
}

/// First and last day of a contract dated `date`: one year (then extended for an indefinite
/// term, as the model contract says). 15.01.2021 → 15.01.2021–14.01.2022.
pub fn validity(date: Date) -> (Date, Date) {
    let next_year = date
        .replace_year(date.year() + 1)
        // 29 February: 366 days later is 1 March of the next year.
        .unwrap_or(date + Duration::days(366));
    (date, next_year - Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_contract_is_valid_one_year_less_a_day() {
        assert_eq!(
            validity(date!(2021 - 01 - 15)),
            (date!(2021 - 01 - 15), date!(2022 - 01 - 14))
        );
        assert_eq!(validity(date!(2024 - 02 - 29)).1, date!(2025 - 02 - 28));
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        use crate::domain::{Lang, Localized};
        for e in ContractError::ALL {
            assert!(!e.message(Lang::Kk).is_empty() && !e.message(Lang::Ru).is_empty());
            assert!(e.code().starts_with("contract."));
        }
    }
}
