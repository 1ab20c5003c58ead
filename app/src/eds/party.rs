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
    /// A person (the parent or legal representative), by IIN.
    Person { iin: String },
    /// An organisation (the kindergarten), by BIN; the key must be an organisation key.
    Organisation { bin: String },
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
            kk: "Кілт басқа ұйымға тиесілі: БСН балабақшаның БСН-іне сәйкес келмейді.",
            ru: "Ключ принадлежит другой организации: БИН не совпадает с БИН детского сада.",
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

/// Checks that `info` (the signer's certificate) names `party`.
pub fn check_party(info: &CertInfo, party: &Party) -> Result<(), PartyError> {
    match party {
        Party::Person { iin } => {
            if info.iin.as_deref() == Some(iin.as_str()) {
                Ok(())
            } else {
                Err(PartyError::NotThePerson)
            }
        }
        Party::Organisation { bin } => {
            let org = matches!(
                info.holder,
                HolderType::Organisation
                    | HolderType::Head
                    | HolderType::SigningRight
                    | HolderType::FinancialSigning
                    | HolderType::Hr
                    | HolderType::Employee
            );
            match &info.bin {
                _ if !org => Err(PartyError::NotAnOrganisationKey),
                None => Err(PartyError::NotAnOrganisationKey),
                Some(b) if b == bin => Ok(()),
                Some(_) => Err(PartyError::OtherOrganisation),
            }
        }
    }
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
            iin: "900101300126".into(),
        };
        let v = verify_contract_signature(&parent_signature(), CONTRACT, &p.trust(), &party, NOW)
            .unwrap();
        assert_eq!(v.signing_time_unix, SIGNED_AT);
    }

    #[test]
    fn a_valid_signature_by_someone_else_is_refused() {
        let p = pki();
        let party = Party::Person {
            iin: "880721304571".into(),
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
            iin: "900101300126".into(),
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
            iin: "900101300126".into(),
        };
        let err = verify_contract_signature(&cms, CONTRACT, &p.trust(), &party, NOW).unwrap_err();
        assert_eq!(err, SignatureRefusal::Cms(VerifyError::WrongKeyUsage));
    }

    #[test]
    fn the_kindergarten_signs_with_its_own_organisation_key_only() {
        let p = pki();
        let staff = OrgSpec {
            person: parent(Purpose::Signing, T0, T0 + 365 * DAY),
            org_name: "«№1 БАЛАБАҚША» КМҚК".into(),
            bin: "050440001239".into(),
            holder_oid: oid::HOLDER_EMPLOYEE.into(),
        };
        let (cert, key) = p.inter.issue_organisation_employee(&staff).unwrap();
        let cms = sign_detached(CONTRACT, &key, &cert, &p.chain(), SIGNED_AT).unwrap();
        let ours = Party::Organisation {
            bin: "050440001239".into(),
        };
        verify_contract_signature(&cms, CONTRACT, &p.trust(), &ours, NOW).unwrap();
        let theirs = Party::Organisation {
            bin: "041140005678".into(),
        };
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
    fn party_messages_read_well_in_both_languages() {
        assert_messages(PartyError::ALL);
    }
}
