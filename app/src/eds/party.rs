//! Whose signature a contract needs. The CMS checks (`cms_verify`) prove that *someone* with a
//! trusted signing key signed the canonical bytes; this proves it is the *right* party: the
//! parent (their IIN in the certificate's `serialNumber`) or the kindergarten (its BIN in
//! `OU=BIN…`, on an organisation certificate).
use serde::{Deserialize, Serialize};

use crate::eds::cert_info::{CertInfo, HolderType};
use crate::eds::cms_verify::{VerifiedSignature, VerifyError, verify_detached};
use crate::eds::purpose::Purpose;
use crate::eds::trust::TrustStore;

/// The party expected to have signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    /// A person (the parent or legal representative), by IIN, signing with an
    /// **individual's** key (holder type 1.2.398.3.3.4.1.1): a company head's key that
    /// carries the same IIN signs for the company, not for the family.
    Person { iin: crate::domain::CertifiedIin },
    /// An organisation (the kindergarten), by BIN — the BIN written in the contract the
    /// parent signed — with a key that may sign for it (see [`may_sign_for_organisation`]).
    /// `signer_iin`, when given, is the signed-in staff member: the key must be theirs.
    Organisation {
        bin: String,
        signer_iin: Option<crate::domain::CertifiedIin>,
    },
}

/// May a key of this holder type conclude a contract on the organisation's behalf?
///
/// - the **head** (1.2.398.3.3.4.1.2.1) and a person with the **right to sign**
///   (1.2.398.3.3.4.1.2.2, given by the head's order or a power of attorney): yes;
/// - **financial signing** (1.2.398.3.3.4.1.2.3): no. The national CA issues it to
///   accountants for payment orders and tax reports; it is not the authority to conclude
///   contracts, and a kindergarten contract is not a financial document;
/// - **HR** and **employee** keys, and an organisation key naming no role: no.
pub fn may_sign_for_organisation(holder: HolderType) -> bool {
    matches!(holder, HolderType::Head | HolderType::SigningRight)
}

crate::domain::messages::localized_error! {
    /// Why a valid signature is still not the expected party's.
    pub enum PartyError {
        NotThePerson {
            code: "eds.party.not_the_person",
            en: "the signing key belongs to another person",
            kk: "Қол қою кілті басқа адамға тиесілі. Өз ЭЦҚ-ңызбен қол қойыңыз.",
            ru: "Ключ подписи принадлежит другому человеку. Подпишите своей ЭЦП.",
        },
        NotAnOrganisationKey {
            code: "eds.party.not_an_organisation_key",
            en: "an organisation key is needed",
            kk: "Ұйымның атынан қол қою үшін заңды тұлғаның ЭЦҚ-сы қажет.",
            ru: "Для подписи от имени организации нужна ЭЦП юридического лица.",
        },
        OtherOrganisation {
            code: "eds.party.other_organisation",
            en: "the key belongs to another organisation",
            kk: "Кілт басқа ұйымға тиесілі: БСН шарттағы балабақшаның БСН-іне сәйкес келмейді.",
            ru: "Ключ принадлежит другой организации: БИН не совпадает с БИН детского сада в договоре.",
        },
        /// A parent signing with a legal entity's key (e.g. as a company head).
        NotAnIndividualKey {
            code: "eds.party.not_an_individual_key",
            en: "a parent signs with a personal (individual's) key, not an organisation's",
            kk: "Ата-ана шартқа жеке тұлғаның ЭЦҚ-сымен қол қояды. Ұйымның (заңды тұлғаның) кілтін емес, өзіңіздің жеке кілтіңізді таңдаңыз.",
            ru: "Родитель подписывает договор ЭЦП физического лица. Выберите свой личный ключ, а не ключ организации (юридического лица).",
        },
        /// An organisation key without the authority to conclude contracts (employee, HR,
        /// financial signing).
        NoRightToSign {
            code: "eds.party.no_right_to_sign",
            en: "this organisation key may not sign contracts for the organisation",
            kk: "Бұл кілтпен ұйымның атынан шартқа қол қоюға болмайды: басшының немесе қол қою құқығы бар адамның ЭЦҚ-сы қажет.",
            ru: "Этим ключом нельзя подписывать договоры от имени организации: нужна ЭЦП руководителя или лица с правом подписи.",
        },
        /// The organisation key belongs to another staff member than the one signed in.
        NotTheStaffMember {
            code: "eds.party.not_the_staff_member",
            en: "the key belongs to another staff member",
            kk: "Кілт басқа қызметкерге тиесілі. Жүйеге кірген адам өз ЭЦҚ-сымен қол қоюы керек.",
            ru: "Ключ принадлежит другому сотруднику. Подписывать должен вошедший в систему сотрудник своей ЭЦП.",
        },
    }
}

/// Either a failed CMS rule or a wrong party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureRefusal {
    Cms(VerifyError),
    Party(PartyError),
}

impl SignatureRefusal {
    /// The code shown to the user (its kk/ru message is looked up by the UI).
    pub fn code(&self) -> &'static str {
        use crate::domain::messages::Localized;
        match self {
            SignatureRefusal::Cms(e) => e.code(),
            SignatureRefusal::Party(e) => e.code(),
        }
    }
}

/// Checks that `info` (the signer's certificate) names `party`, with the right kind of key.
pub fn check_party(info: &CertInfo, party: &Party) -> Result<(), PartyError> {
    match party {
        Party::Person { iin } => {
            if info.holder != HolderType::Individual {
                return Err(if info.bin.is_some() || is_organisation(info.holder) {
                    PartyError::NotAnIndividualKey
                } else {
                    PartyError::NotThePerson
                });
            }
            if info.iin.as_ref() == Some(iin) {
                Ok(())
            } else {
                Err(PartyError::NotThePerson)
            }
        }
        Party::Organisation { bin, signer_iin } => {
            if !is_organisation(info.holder) {
                return Err(PartyError::NotAnOrganisationKey);
            }
            match &info.bin {
                None => return Err(PartyError::NotAnOrganisationKey),
                Some(b) if b != bin => return Err(PartyError::OtherOrganisation),
                Some(_) => {}
            }
            if !may_sign_for_organisation(info.holder) {
                return Err(PartyError::NoRightToSign);
            }
            match signer_iin {
                Some(iin) if info.iin.as_ref() != Some(iin) => Err(PartyError::NotTheStaffMember),
                _ => Ok(()),
            }
        }
    }
}

fn is_organisation(holder: HolderType) -> bool {
    matches!(
        holder,
        HolderType::Organisation
            | HolderType::Head
            | HolderType::SigningRight
            | HolderType::FinancialSigning
            | HolderType::Hr
            | HolderType::Employee
    )
}

/// Verifies a contract signature (DER CMS, detached) over the canonical bytes the server
/// computed itself: every CMS rule for a *signing* key, then the party.
pub fn verify_contract_signature(
    cms_der: &[u8],
    canonical: &[u8],
    trust: &TrustStore,
    party: &Party,
    at_unix: i64,
) -> Result<VerifiedSignature, SignatureRefusal> {
    let verified = verify_detached(cms_der, canonical, trust, Purpose::Signing, at_unix)
        .map_err(SignatureRefusal::Cms)?;
    let info = CertInfo::from_certificate(&verified.signer);
    check_party(&info, party).map_err(SignatureRefusal::Party)?;
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::cms_sign::sign_detached;
    use crate::eds::demo_pki::OrgSpec;
    use crate::eds::purpose::oid;
    use crate::eds::test_support::{
        CONTRACT, DAY, NOW, SIGNED_AT, T0, assert_messages, parent, pki,
    };

    fn parent_signature() -> Vec<u8> {
        let p = pki();
        sign_detached(CONTRACT, &p.sign_key, &p.sign_cert, &p.chain(), SIGNED_AT).unwrap()
    }

    #[test]
    fn the_parents_signature_over_the_contract_is_accepted_for_their_iin() {
        let p = pki();
        let party = Party::Person {
            iin: certified("900101300126"),
        };
        let v = verify_contract_signature(&parent_signature(), CONTRACT, &p.trust(), &party, NOW)
            .unwrap();
        assert_eq!(v.signing_time_unix, SIGNED_AT);
    }

    #[test]
    fn a_valid_signature_by_someone_else_is_refused() {
        let p = pki();
        let party = Party::Person {
            iin: certified("880721304571"),
        };
        let err = verify_contract_signature(&parent_signature(), CONTRACT, &p.trust(), &party, NOW)
            .unwrap_err();
        assert_eq!(err, SignatureRefusal::Party(PartyError::NotThePerson));
        assert_eq!(err.code(), "eds.party.not_the_person");
    }

    #[test]
    fn a_changed_contract_fails_the_cms_check_before_any_party_check() {
        let p = pki();
        let party = Party::Person {
            iin: certified("900101300126"),
        };
        let mut other = CONTRACT.to_vec();
        other.push(b'!');
        let err = verify_contract_signature(&parent_signature(), &other, &p.trust(), &party, NOW)
            .unwrap_err();
        assert_eq!(err, SignatureRefusal::Cms(VerifyError::DigestMismatch));
    }

    #[test]
    fn the_auth_key_cannot_sign_a_contract() {
        let p = pki();
        let cms =
            sign_detached(CONTRACT, &p.auth_key, &p.auth_cert, &p.chain(), SIGNED_AT).unwrap();
        let party = Party::Person {
            iin: certified("900101300126"),
        };
        let err = verify_contract_signature(&cms, CONTRACT, &p.trust(), &party, NOW).unwrap_err();
        assert_eq!(err, SignatureRefusal::Cms(VerifyError::WrongKeyUsage));
    }

    fn org_key(holder: &str, bin: &str) -> Vec<u8> {
        let p = pki();
        let staff = OrgSpec {
            person: parent(Purpose::Signing, T0, T0 + 365 * DAY),
            org_name: "«№1 БАЛАБАҚША» КМҚК".into(),
            bin: bin.into(),
            holder_oid: holder.into(),
        };
        let (cert, key) = p.inter.issue_organisation_employee(&staff).unwrap();
        sign_detached(CONTRACT, &key, &cert, &p.chain(), SIGNED_AT).unwrap()
    }

    fn certified(iin: &str) -> crate::domain::CertifiedIin {
        crate::domain::CertifiedIin::new(iin).unwrap()
    }

    fn kindergarten(bin: &str, signer_iin: Option<&str>) -> Party {
        Party::Organisation {
            bin: bin.into(),
            signer_iin: signer_iin.map(certified),
        }
    }

    #[test]
    fn the_kindergarten_signs_with_its_own_organisation_key_only() {
        let p = pki();
        let cms = org_key(oid::HOLDER_HEAD, "050440001239");
        let ours = kindergarten("050440001239", Some("900101300126"));
        verify_contract_signature(&cms, CONTRACT, &p.trust(), &ours, NOW).unwrap();
        let theirs = kindergarten("041140005678", Some("900101300126"));
        assert_eq!(
            verify_contract_signature(&cms, CONTRACT, &p.trust(), &theirs, NOW).unwrap_err(),
            SignatureRefusal::Party(PartyError::OtherOrganisation)
        );
        // A parent's personal key cannot sign for the kindergarten.
        assert_eq!(
            verify_contract_signature(&parent_signature(), CONTRACT, &p.trust(), &ours, NOW)
                .unwrap_err(),
            SignatureRefusal::Party(PartyError::NotAnOrganisationKey)
        );
    }

    #[test]
    fn only_the_head_or_a_person_with_the_right_to_sign_signs_for_the_kindergarten() {
        let p = pki();
        let ours = kindergarten("050440001239", None);
        for holder in [oid::HOLDER_HEAD, oid::HOLDER_SIGNING_RIGHT] {
            let cms = org_key(holder, "050440001239");
            verify_contract_signature(&cms, CONTRACT, &p.trust(), &ours, NOW).unwrap();
        }
        for holder in [
            oid::HOLDER_EMPLOYEE,
            oid::HOLDER_HR,
            oid::HOLDER_FINANCIAL_SIGNING,
            oid::HOLDER_ORGANISATION,
        ] {
            let cms = org_key(holder, "050440001239");
            assert_eq!(
                verify_contract_signature(&cms, CONTRACT, &p.trust(), &ours, NOW).unwrap_err(),
                SignatureRefusal::Party(PartyError::NoRightToSign),
                "{holder}"
            );
        }
    }

    #[test]
    fn a_staff_member_cannot_sign_with_a_colleagues_key() {
        let p = pki();
        let cms = org_key(oid::HOLDER_HEAD, "050440001239");
        let someone_else = kindergarten("050440001239", Some("880721304571"));
        assert_eq!(
            verify_contract_signature(&cms, CONTRACT, &p.trust(), &someone_else, NOW).unwrap_err(),
            SignatureRefusal::Party(PartyError::NotTheStaffMember)
        );
    }

    #[test]
    fn a_parent_cannot_sign_with_a_company_heads_key_carrying_their_iin() {
        let p = pki();
        // The company head's key carries the parent's own IIN (900101300126) and OU=BIN….
        let cms = org_key(oid::HOLDER_HEAD, "050440001239");
        let parent = Party::Person {
            iin: certified("900101300126"),
        };
        assert_eq!(
            verify_contract_signature(&cms, CONTRACT, &p.trust(), &parent, NOW).unwrap_err(),
            SignatureRefusal::Party(PartyError::NotAnIndividualKey)
        );
    }

    #[test]
    fn party_messages_read_well_in_both_languages() {
        assert_messages(PartyError::ALL);
    }
}
