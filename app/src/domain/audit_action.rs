//! What an audit entry records: one stable code per kind of action (stored, hashed into the
//! chain, filtered on by admins) and its name in Kazakh and Russian for the audit page.
//!
//! The codes are part of every stored entry's hash: an existing code never changes. A stored
//! entry whose code is not listed here (written by a newer or older server) still verifies and
//! is shown by its code.
use super::lang::Lang;

/// A kind of audited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A person signed in with an AUTH key.
    Login,
    /// Staff or an admin opened a family's uploaded document.
    DocumentRead,
    /// An admin opened a child's birth certificate to decide a parenthood claim.
    ParenthoodCertificateRead,
    /// An admin confirmed that the applicant is the child's parent.
    ParenthoodConfirm,
    /// An admin rejected a parenthood claim (with the reason).
    ParenthoodReject,
    /// An admin issued a referral to a kindergarten's group.
    ReferralIssued,
    /// Staff opened a contract sent to the kindergarten.
    ContractOpened,
    /// A parent signed and sent a contract.
    ContractSent,
    /// The kindergarten signed a contract.
    ContractSigned,
    /// The kindergarten refused a contract (with the reason).
    ContractRefused,
    /// A signature's certificate turned out revoked before the contract was submitted.
    ContractSignatureRevoked,
    /// The region created an education department.
    DepartmentCreated,
    /// An admin added a kindergarten.
    KindergartenAdded,
    /// An admin changed a kindergarten's details.
    KindergartenUpdated,
    /// An admin switched e-contracts or paper contracts on or off for a kindergarten.
    KindergartenFlags,
    /// An admin added a group.
    GroupAdded,
    /// An admin changed a group's free places.
    GroupPlaces,
    /// An admin set a tariff.
    TariffSet,
    /// An admin added a contract template version.
    TemplateAdded,
    /// The department's registry was imported (CLI).
    RegistryImport,
    /// A role was granted (by the region, an admin or a kindergarten's head).
    RoleGranted,
    /// A role was withdrawn.
    RoleWithdrawn,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 22] = [
        AuditAction::Login,
        AuditAction::DocumentRead,
        AuditAction::ParenthoodCertificateRead,
        AuditAction::ParenthoodConfirm,
        AuditAction::ParenthoodReject,
        AuditAction::ReferralIssued,
        AuditAction::ContractOpened,
        AuditAction::ContractSent,
        AuditAction::ContractSigned,
        AuditAction::ContractRefused,
        AuditAction::ContractSignatureRevoked,
        AuditAction::DepartmentCreated,
        AuditAction::KindergartenAdded,
        AuditAction::KindergartenUpdated,
        AuditAction::KindergartenFlags,
        AuditAction::GroupAdded,
        AuditAction::GroupPlaces,
        AuditAction::TariffSet,
        AuditAction::TemplateAdded,
        AuditAction::RegistryImport,
        AuditAction::RoleGranted,
        AuditAction::RoleWithdrawn,
    ];

    /// The stored code (never changes: it is hashed into the chain).
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::DocumentRead => "document.read",
            AuditAction::ParenthoodCertificateRead => "parenthood.certificate_read",
            AuditAction::ParenthoodConfirm => "parenthood.confirm",
            AuditAction::ParenthoodReject => "parenthood.reject",
            AuditAction::ReferralIssued => "referral.issued",
            AuditAction::ContractOpened => "contract.opened",
            AuditAction::ContractSent => "contract.sent",
            AuditAction::ContractSigned => "contract.signed",
            AuditAction::ContractRefused => "contract.refused",
            AuditAction::ContractSignatureRevoked => "contract.signature_revoked",
            AuditAction::DepartmentCreated => "department.created",
            AuditAction::KindergartenAdded => "kindergarten.added",
            AuditAction::KindergartenUpdated => "kindergarten.updated",
            AuditAction::KindergartenFlags => "kindergarten.flags",
            AuditAction::GroupAdded => "group.added",
            AuditAction::GroupPlaces => "group.places",
            AuditAction::TariffSet => "tariff.set",
            AuditAction::TemplateAdded => "template.added",
            AuditAction::RegistryImport => "registry.import",
            AuditAction::RoleGranted => "role.granted",
            AuditAction::RoleWithdrawn => "role.withdrawn",
        }
    }

    /// The action of a stored code, if it is one of ours.
    pub fn parse(code: &str) -> Option<Self> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == code)
    }

    /// The action's name on the audit page.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AuditAction::Login, Lang::Kk) => "Жүйеге кіру",
            (AuditAction::Login, Lang::Ru) => "Вход в систему",
            (AuditAction::DocumentRead, Lang::Kk) => "Отбасының құжаты ашылды",
            (AuditAction::DocumentRead, Lang::Ru) => "Открыт документ семьи",
            (AuditAction::ParenthoodCertificateRead, Lang::Kk) => "Туу туралы куәлік ашылды",
            (AuditAction::ParenthoodCertificateRead, Lang::Ru) => {
                "Открыто свидетельство о рождении"
            }
            (AuditAction::ParenthoodConfirm, Lang::Kk) => "Ата-ана екені расталды",
            (AuditAction::ParenthoodConfirm, Lang::Ru) => "Родство подтверждено",
            (AuditAction::ParenthoodReject, Lang::Kk) => "Ата-ана екені расталмады",
            (AuditAction::ParenthoodReject, Lang::Ru) => "В подтверждении родства отказано",
            (AuditAction::ReferralIssued, Lang::Kk) => "Жолдама берілді",
            (AuditAction::ReferralIssued, Lang::Ru) => "Выдано направление",
            (AuditAction::ContractOpened, Lang::Kk) => "Шарт ашылды",
            (AuditAction::ContractOpened, Lang::Ru) => "Договор открыт",
            (AuditAction::ContractSent, Lang::Kk) => "Ата-ана шартқа қол қойып жіберді",
            (AuditAction::ContractSent, Lang::Ru) => "Родитель подписал и отправил договор",
            (AuditAction::ContractSigned, Lang::Kk) => "Балабақша шартқа қол қойды",
            (AuditAction::ContractSigned, Lang::Ru) => "Детский сад подписал договор",
            (AuditAction::ContractRefused, Lang::Kk) => "Балабақша шартқа қол қоюдан бас тартты",
            (AuditAction::ContractRefused, Lang::Ru) => "Детский сад отказал в подписании",
            (AuditAction::ContractSignatureRevoked, Lang::Kk) => {
                "Қолтаңба сертификаты кері қайтарылған"
            }
            (AuditAction::ContractSignatureRevoked, Lang::Ru) => "Сертификат подписи отозван",
            (AuditAction::DepartmentCreated, Lang::Kk) => "Білім бөлімі құрылды",
            (AuditAction::DepartmentCreated, Lang::Ru) => "Создан отдел образования",
            (AuditAction::KindergartenAdded, Lang::Kk) => "Балабақша қосылды",
            (AuditAction::KindergartenAdded, Lang::Ru) => "Добавлен детский сад",
            (AuditAction::KindergartenUpdated, Lang::Kk) => "Балабақша деректері өзгертілді",
            (AuditAction::KindergartenUpdated, Lang::Ru) => "Изменены данные детского сада",
            (AuditAction::KindergartenFlags, Lang::Kk) => "Шарт жасасу тәсілдері өзгертілді",
            (AuditAction::KindergartenFlags, Lang::Ru) => "Изменены способы заключения договора",
            (AuditAction::GroupAdded, Lang::Kk) => "Топ қосылды",
            (AuditAction::GroupAdded, Lang::Ru) => "Добавлена группа",
            (AuditAction::GroupPlaces, Lang::Kk) => "Топтағы бос орындар өзгертілді",
            (AuditAction::GroupPlaces, Lang::Ru) => "Изменено число свободных мест в группе",
            (AuditAction::TariffSet, Lang::Kk) => "Тариф белгіленді",
            (AuditAction::TariffSet, Lang::Ru) => "Установлен тариф",
            (AuditAction::TemplateAdded, Lang::Kk) => "Шарт үлгісінің нұсқасы қосылды",
            (AuditAction::TemplateAdded, Lang::Ru) => "Добавлена версия шаблона договора",
            (AuditAction::RegistryImport, Lang::Kk) => "Тізілім жүктелді",
            (AuditAction::RegistryImport, Lang::Ru) => "Загружен реестр",
            (AuditAction::RoleGranted, Lang::Kk) => "Рөл берілді",
            (AuditAction::RoleGranted, Lang::Ru) => "Роль назначена",
            (AuditAction::RoleWithdrawn, Lang::Kk) => "Рөл қайтарып алынды",
            (AuditAction::RoleWithdrawn, Lang::Ru) => "Роль отозвана",
        }
    }

    /// The name of a stored code on the audit page: ours by name, anything else as stored.
    pub fn label_of(code: &str, lang: Lang) -> String {
        AuditAction::parse(code).map_or_else(|| code.to_string(), |a| a.label(lang).to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_action_has_its_own_code_that_reads_back() {
        let codes: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(AuditAction::parse("contract.teleported"), None);
    }

    #[test]
    fn stored_codes_stay_what_the_chain_was_hashed_with() {
        // Entries already on audit chains carry these codes: changing one would make old
        // entries unreadable by name (their hashes would still verify).
        assert_eq!(AuditAction::ContractSent.as_str(), "contract.sent");
        assert_eq!(AuditAction::Login.as_str(), "login");
        assert_eq!(AuditAction::RoleWithdrawn.as_str(), "role.withdrawn");
        assert_eq!(
            AuditAction::ParenthoodCertificateRead.as_str(),
            "parenthood.certificate_read"
        );
    }

    #[test]
    fn an_admin_reads_every_action_by_name_in_kazakh_and_russian() {
        let mut kk = HashSet::new();
        let mut ru = HashSet::new();
        for a in AuditAction::ALL {
            assert!(
                kk.insert(a.label(Lang::Kk)),
                "{a:?}: Kazakh name used twice"
            );
            assert!(
                ru.insert(a.label(Lang::Ru)),
                "{a:?}: Russian name used twice"
            );
            assert_ne!(a.label(Lang::Kk), a.label(Lang::Ru), "{a:?}");
        }
        assert_eq!(
            AuditAction::label_of("role.granted", Lang::Ru),
            "Роль назначена"
        );
        assert_eq!(
            AuditAction::label_of("something.new", Lang::Kk),
            "something.new"
        );
    }
}
