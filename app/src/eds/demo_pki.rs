//! A demo PKI generated in code, shaped like NCA RK's (the national certification authority
//! of Kazakhstan): a root, intermediates, and person / organisation-employee certificates with
//! the national CA's subject layout, key usages and holder-type OIDs, plus CRLs. Used by the
//! tests and by the server's "make demo keys" command; never for real signatures.
//!
//! Keys are RSA-2048 from the operating system's RNG (leaf keys may also be GOST R 34.10-2015
//! 512-bit, like the national CA's single `GOST512_…` file for log-in and signing);
//! certificates and CRLs are signed with sha256WithRSAEncryption. Every time is a parameter (unix seconds), so expired and
//! not-yet-valid certificates are as easy to make as valid ones.
//!
//! Compiles on wasm32 too (the RNG is `getrandom`, with its `js` feature there), so this
//! module is not behind a cargo feature; nothing in the browser calls it.

use const_oid::ObjectIdentifier;
use der::asn1::{
    Any, BitString, Ia5StringRef, OctetString, PrintableStringRef, SetOfVec, Utf8StringRef,
};
use der::{Decode, Encode};
use rand_core::{OsRng, RngCore};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{TbsCertificate, Version};
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::pkix::crl::CrlNumber;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::ext::{AsExtension, Extension};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use zeroize::Zeroizing;

use super::asn1::{alg_with_null, oids, unix_to_time};
use super::cms_sign::rsa_key_from_pkcs8;
use super::gost;
use super::purpose::{Purpose, oid as purpose_oid};

crate::domain::messages::localized_error! {
    /// Why a demo key, certificate or CRL could not be made.
    pub enum DemoPkiError {
        /// RSA key generation failed (no OS randomness).
        KeyGeneration {
            code: "eds.demo.key_generation",
            en: "the demo RSA key could not be generated",
            kk: "Демо кілтті жасау мүмкін болмады.",
            ru: "Не удалось создать демонстрационный ключ.",
        },
        /// A certificate or CRL could not be encoded (e.g. a negative time or a bad name).
        Encoding {
            code: "eds.demo.encoding",
            en: "the demo certificate or CRL could not be encoded",
            kk: "Демо сертификатты немесе тізімді жасау мүмкін болмады.",
            ru: "Не удалось создать демонстрационный сертификат или список.",
        },
    }
}

impl From<der::Error> for DemoPkiError {
    fn from(_: der::Error) -> Self {
        DemoPkiError::Encoding
    }
}

const ID_AT_COMMON_NAME: &str = "2.5.4.3";
const ID_AT_SURNAME: &str = "2.5.4.4";
const ID_AT_SERIAL_NUMBER: &str = "2.5.4.5";
const ID_AT_COUNTRY: &str = "2.5.4.6";
const ID_AT_ORGANIZATION: &str = "2.5.4.10";
const ID_AT_ORGANIZATIONAL_UNIT: &str = "2.5.4.11";
const ID_AT_GIVEN_NAME: &str = "2.5.4.42";
const EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

/// A person's certificate request, national-CA style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSpec {
    /// Surname, e.g. «Тестов» (upper-cased in the certificate, as the national CA does).
    pub surname: String,
    /// First name, e.g. «Тест».
    pub first_name: String,
    /// Patronymic; goes into GIVENNAME (2.5.4.42), as the national CA does.
    pub patronymic: Option<String>,
    /// 12-digit IIN; the subject's serialNumber becomes `IIN` + these digits.
    pub iin: String,
    /// emailAddress attribute, if any.
    pub email: Option<String>,
    /// AUTH (clientAuth, digitalSignature + keyEncipherment) or signing (emailProtection,
    /// digitalSignature + nonRepudiation) key.
    pub purpose: Purpose,
    /// Validity start (unix seconds).
    pub not_before: i64,
    /// Validity end (unix seconds).
    pub not_after: i64,
    /// For tests: give the certificate the *other* purpose's key usage (a signing key without
    /// nonRepudiation, an AUTH key without digitalSignature), keeping the purpose's EKU.
    pub wrong_key_usage: bool,
}

/// An organisation employee's certificate request: a person plus the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSpec {
    /// The employee (name, IIN, e-mail, purpose, validity, key-usage option).
    pub person: PersonSpec,
    /// `O=` organisation name, e.g. «АО "ТЕСТ"».
    pub org_name: String,
    /// 12-digit BIN; `OU=` becomes `BIN` + these digits.
    pub bin: String,
    /// Holder type OID from [`crate::eds::purpose::oid`] (e.g. `HOLDER_HEAD`,
    /// `HOLDER_EMPLOYEE`); the certificate carries `HOLDER_ORGANISATION` and this one.
    pub holder_oid: String,
}

/// A demo certification authority: its certificate and private key.
#[derive(Clone)]
pub struct DemoCa {
    cert: Certificate,
    key: RsaPrivateKey,
}

impl core::fmt::Debug for DemoCa {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DemoCa")
            .field("cert", &self.cert.tbs_certificate.subject.to_string())
            .finish_non_exhaustive()
    }
}

fn generate_key() -> Result<RsaPrivateKey, DemoPkiError> {
    RsaPrivateKey::new(&mut OsRng, 2048).map_err(|_| DemoPkiError::KeyGeneration)
}

fn spki_of(key: &RsaPublicKey) -> Result<SubjectPublicKeyInfoOwned, DemoPkiError> {
    let doc = key
        .to_public_key_der()
        .map_err(|_| DemoPkiError::Encoding)?;
    Ok(SubjectPublicKeyInfoOwned::from_der(doc.as_bytes())?)
}

/// RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
fn key_id(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    Sha1::digest(spki.subject_public_key.raw_bytes()).to_vec()
}

fn random_serial() -> Result<SerialNumber, DemoPkiError> {
    let mut bytes = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| DemoPkiError::KeyGeneration)?;
    bytes[0] = (bytes[0] & 0x7f) | 0x10; // positive, 16 significant bytes
    Ok(SerialNumber::new(&bytes)?)
}

fn atv(oid: &str, value: Any) -> RelativeDistinguishedName {
    let atv = AttributeTypeAndValue {
        oid: ObjectIdentifier::new_unwrap(oid),
        value,
    };
    RelativeDistinguishedName(SetOfVec::try_from(vec![atv]).expect("one element is sorted"))
}

fn utf8(s: &str) -> Result<Any, DemoPkiError> {
    Ok(Any::encode_from(&Utf8StringRef::new(s)?)?)
}

fn printable(s: &str) -> Result<Any, DemoPkiError> {
    Ok(Any::encode_from(&PrintableStringRef::new(s)?)?)
}

fn ia5(s: &str) -> Result<Any, DemoPkiError> {
    Ok(Any::encode_from(&Ia5StringRef::new(s)?)?)
}

fn extension<E: AsExtension>(ext: &E, critical: bool) -> Result<Extension, DemoPkiError> {
    Ok(Extension {
        extn_id: E::OID,
        critical,
        extn_value: OctetString::new(ext.to_der()?)?,
    })
}

fn sign_sha256(key: &RsaPrivateKey, tbs: &[u8]) -> Result<BitString, DemoPkiError> {
    let sig = key
        .sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(tbs))
        .map_err(|_| DemoPkiError::Encoding)?;
    Ok(BitString::from_bytes(&sig)?)
}

fn oid(s: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(s)
}

impl DemoCa {
    /// A self-signed root `C=KZ, CN=cn` (the national CA's name order), valid between the
    /// two unix times.
    pub fn new_root(cn: &str, not_before: i64, not_after: i64) -> Result<Self, DemoPkiError> {
        let key = generate_key()?;
        let name = RdnSequence(vec![
            atv(ID_AT_COUNTRY, printable("KZ")?),
            atv(ID_AT_COMMON_NAME, utf8(cn)?),
        ]);
        let spki = spki_of(&key.to_public_key())?;
        let ski = key_id(&spki);
        let cert = sign_certificate(
            &key,
            &name,
            name.clone(),
            spki,
            not_before,
            not_after,
            ca_extensions(&ski, &ski, None)?,
        )?;
        Ok(Self { cert, key })
    }

    /// Rebuilds a CA from its certificate and PKCS#8 key (e.g. read back from disk).
    pub fn from_parts(cert: Certificate, key_pkcs8_der: &[u8]) -> Result<Self, DemoPkiError> {
        let key = rsa_key_from_pkcs8(key_pkcs8_der).map_err(|_| DemoPkiError::Encoding)?;
        Ok(Self { cert, key })
    }

    /// The CA's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    /// The CA's private key as unencrypted PKCS#8 DER.
    pub fn private_key_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, DemoPkiError> {
        pkcs8_of(&self.key)
    }

    /// An intermediate CA `C=KZ, CN=cn` issued by this CA (pathLenConstraint 0: it issues
    /// only end-entity certificates).
    pub fn issue_intermediate(
        &self,
        cn: &str,
        not_before: i64,
        not_after: i64,
    ) -> Result<DemoCa, DemoPkiError> {
        let key = generate_key()?;
        let name = RdnSequence(vec![
            atv(ID_AT_COUNTRY, printable("KZ")?),
            atv(ID_AT_COMMON_NAME, utf8(cn)?),
        ]);
        let spki = spki_of(&key.to_public_key())?;
        let ski = key_id(&spki);
        let cert = sign_certificate(
            &self.key,
            &self.cert.tbs_certificate.subject,
            name,
            spki,
            not_before,
            not_after,
            ca_extensions(&ski, &self.key_id()?, Some(0))?,
        )?;
        Ok(DemoCa { cert, key })
    }

    /// `n` CA certificates this CA issues to itself — its own name and key, each with a fresh
    /// serial — so that each can "issue" every other. This is the certificate set of a
    /// path-search denial-of-service attack; tests and benchmarks use it to show the verifier
    /// stays fast.
    pub fn self_issued_copies(
        &self,
        n: usize,
        not_before: i64,
        not_after: i64,
    ) -> Result<Vec<Certificate>, DemoPkiError> {
        (0..n)
            .map(|_| self.cross_certify(self, not_before, not_after))
            .collect()
    }

    /// A CA certificate for `other`'s name and key, issued (signed) by this CA: a
    /// cross-certificate.
    pub fn cross_certify(
        &self,
        other: &DemoCa,
        not_before: i64,
        not_after: i64,
    ) -> Result<Certificate, DemoPkiError> {
        let spki = spki_of(&other.key.to_public_key())?;
        sign_certificate(
            &self.key,
            &self.cert.tbs_certificate.subject,
            other.cert.tbs_certificate.subject.clone(),
            spki,
            not_before,
            not_after,
            ca_extensions(&other.key_id()?, &self.key_id()?, None)?,
        )
    }

    /// A person's certificate and its fresh private key (PKCS#8 DER).
    pub fn issue_person(
        &self,
        spec: &PersonSpec,
    ) -> Result<(Certificate, Zeroizing<Vec<u8>>), DemoPkiError> {
        let subject = person_name(spec, None)?;
        self.issue_leaf(spec, subject, &[purpose_oid::HOLDER_INDIVIDUAL])
    }

    /// A person's single GOST R 34.10-2015 512-bit certificate for log-in **and** signing,
    /// shaped like the national CA's `GOST512_…` files (key usage digitalSignature,
    /// nonRepudiation, keyAgreement; EKU emailProtection + holder type; `spec.purpose` is
    /// ignored), and its fresh private key (PKCS#8 DER, the national CA's layout).
    pub fn issue_person_gost512(
        &self,
        spec: &PersonSpec,
    ) -> Result<(Certificate, Zeroizing<Vec<u8>>), DemoPkiError> {
        let subject = person_name(spec, None)?;
        self.issue_gost512_leaf(spec, subject, &[purpose_oid::HOLDER_INDIVIDUAL])
    }

    /// An organisation employee's single GOST512 certificate (see
    /// [`DemoCa::issue_person_gost512`] and [`DemoCa::issue_organisation_employee`]).
    pub fn issue_organisation_employee_gost512(
        &self,
        spec: &OrgSpec,
    ) -> Result<(Certificate, Zeroizing<Vec<u8>>), DemoPkiError> {
        let subject = person_name(&spec.person, Some(spec))?;
        let holders = org_holders(spec);
        self.issue_gost512_leaf(&spec.person, subject, &holders)
    }

    fn issue_gost512_leaf(
        &self,
        spec: &PersonSpec,
        subject: Name,
        holder_oids: &[&str],
    ) -> Result<(Certificate, Zeroizing<Vec<u8>>), DemoPkiError> {
        let key = gost::nca::PrivateKey::generate(&mut OsRng);
        let public =
            gost::nca::public_key_bytes(&key.public_key()).ok_or(DemoPkiError::Encoding)?;
        let spki = SubjectPublicKeyInfoOwned {
            algorithm: spki::AlgorithmIdentifierOwned {
                oid: gost::nca::oid::KEY,
                parameters: Some(Any::from_der(&gost::nca::key_parameters_der()?)?),
            },
            subject_public_key: BitString::from_bytes(
                &OctetString::new(public.to_vec())?.to_der()?,
            )?,
        };
        let ku = if spec.wrong_key_usage {
            KeyUsages::KeyEncipherment | KeyUsages::KeyAgreement
        } else {
            KeyUsages::DigitalSignature | KeyUsages::NonRepudiation | KeyUsages::KeyAgreement
        };
        let eku = purpose_oid::EKU_EMAIL_PROTECTION;
        let cert = self.sign_leaf(spec, subject, spki, KeyUsage(ku), eku, holder_oids)?;
        let pkcs8 = key.to_pkcs8_der().map_err(|_| DemoPkiError::Encoding)?;
        Ok((cert, pkcs8))
    }

    /// An organisation employee's certificate (subject adds `O=` and `OU=BIN…`; EKU carries
    /// the organisation holder OID and `spec.holder_oid`) and its fresh private key.
    pub fn issue_organisation_employee(
        &self,
        spec: &OrgSpec,
    ) -> Result<(Certificate, Zeroizing<Vec<u8>>), DemoPkiError> {
        let subject = person_name(&spec.person, Some(spec))?;
        let holders = org_holders(spec);
        self.issue_leaf(&spec.person, subject, &holders)
    }

    fn issue_leaf(
        &self,
        spec: &PersonSpec,
        subject: Name,
        holder_oids: &[&str],
    ) -> Result<(Certificate, Zeroizing<Vec<u8>>), DemoPkiError> {
        let key = generate_key()?;
        let spki = spki_of(&key.to_public_key())?;
        let auth_ku = KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment;
        let sign_ku = KeyUsages::DigitalSignature | KeyUsages::NonRepudiation;
        let (ku, eku) = match (spec.purpose, spec.wrong_key_usage) {
            (Purpose::Authentication, false) => (auth_ku, purpose_oid::EKU_CLIENT_AUTH),
            (Purpose::Authentication, true) => (
                KeyUsages::NonRepudiation | KeyUsages::KeyEncipherment,
                purpose_oid::EKU_CLIENT_AUTH,
            ),
            (Purpose::Signing, false) => (sign_ku, purpose_oid::EKU_EMAIL_PROTECTION),
            (Purpose::Signing, true) => (auth_ku, purpose_oid::EKU_EMAIL_PROTECTION),
        };
        let cert = self.sign_leaf(spec, subject, spki, KeyUsage(ku), eku, holder_oids)?;
        Ok((cert, pkcs8_of(&key)?))
    }

    /// An end-entity certificate for `spki`: key usage `ku`, EKU `eku` + the holder types,
    /// authority and subject key identifiers, `spec`'s validity, signed by this CA.
    fn sign_leaf(
        &self,
        spec: &PersonSpec,
        subject: Name,
        spki: SubjectPublicKeyInfoOwned,
        ku: KeyUsage,
        eku: &str,
        holder_oids: &[&str],
    ) -> Result<Certificate, DemoPkiError> {
        let ski = key_id(&spki);
        let mut eku_oids = vec![oid(eku)];
        eku_oids.extend(holder_oids.iter().map(|o| oid(o)));
        let extensions = vec![
            extension(&ku, true)?,
            extension(&ExtendedKeyUsage(eku_oids), false)?,
            extension(&aki(&self.key_id()?)?, false)?,
            extension(&SubjectKeyIdentifier(OctetString::new(ski)?), false)?,
        ];
        sign_certificate(
            &self.key,
            &self.cert.tbs_certificate.subject,
            subject,
            spki,
            spec.not_before,
            spec.not_after,
            extensions,
        )
    }

    /// A CRL (DER `CertificateList`, v2, with authorityKeyIdentifier and cRLNumber =
    /// `this_update`) revoking `revoked_serials` as of `this_update`.
    pub fn make_crl(
        &self,
        revoked_serials: &[SerialNumber],
        this_update: i64,
        next_update: i64,
    ) -> Result<Vec<u8>, DemoPkiError> {
        let entries: Vec<(SerialNumber, Option<u8>)> =
            revoked_serials.iter().map(|s| (s.clone(), None)).collect();
        self.make_crl_with_reasons(&entries, this_update, next_update, None)
    }

    /// A CRL whose entries carry a reasonCode where given (RFC 5280 §5.3.1: 1 keyCompromise,
    /// 6 certificateHold, 8 removeFromCRL — a delta CRL's "valid again"). With
    /// `delta_of: Some(base CRL number)` it is a delta CRL (critical deltaCRLIndicator).
    pub fn make_crl_with_reasons(
        &self,
        entries: &[(SerialNumber, Option<u8>)],
        this_update: i64,
        next_update: i64,
        delta_of: Option<u64>,
    ) -> Result<Vec<u8>, DemoPkiError> {
        let alg = alg_with_null(oids::SHA256_WITH_RSA);
        let revoked = entries
            .iter()
            .map(|(s, reason)| {
                let crl_entry_extensions = match reason {
                    None => None,
                    Some(code) => Some(vec![Extension {
                        extn_id: oids::REASON_CODE,
                        critical: false,
                        // ENUMERATED { code }
                        extn_value: OctetString::new(vec![0x0a, 0x01, *code])?,
                    }]),
                };
                Ok(RevokedCert {
                    serial_number: s.clone(),
                    revocation_date: unix_to_time(this_update)?,
                    crl_entry_extensions,
                })
            })
            .collect::<Result<Vec<_>, DemoPkiError>>()?;
        let number = u64::try_from(this_update).map_err(|_| DemoPkiError::Encoding)?;
        let crl_number = CrlNumber(der::asn1::Uint::new(&number.to_be_bytes())?);
        let tbs = TbsCertList {
            version: Version::V2,
            signature: alg.clone(),
            issuer: self.cert.tbs_certificate.subject.clone(),
            this_update: unix_to_time(this_update)?,
            next_update: Some(unix_to_time(next_update)?),
            revoked_certificates: (!revoked.is_empty()).then_some(revoked),
            crl_extensions: Some({
                let mut exts = vec![
                    extension(&aki(&self.key_id()?)?, false)?,
                    extension(&crl_number, false)?,
                ];
                if let Some(base) = delta_of {
                    exts.push(Extension {
                        extn_id: ObjectIdentifier::new_unwrap("2.5.29.27"),
                        critical: true,
                        extn_value: OctetString::new(
                            der::asn1::Uint::new(&base.to_be_bytes())?.to_der()?,
                        )?,
                    });
                }
                exts
            }),
        };
        let signature = sign_sha256(&self.key, &tbs.to_der()?)?;
        let crl = CertificateList {
            tbs_cert_list: tbs,
            signature_algorithm: alg,
            signature,
        };
        Ok(crl.to_der()?)
    }

    fn key_id(&self) -> Result<Vec<u8>, DemoPkiError> {
        Ok(key_id(&spki_of(&self.key.to_public_key())?))
    }
}

/// The holder-type OIDs of an organisation employee: organisation, plus `spec.holder_oid`.
fn org_holders(spec: &OrgSpec) -> Vec<&str> {
    let mut holders = vec![purpose_oid::HOLDER_ORGANISATION];
    if spec.holder_oid != purpose_oid::HOLDER_ORGANISATION {
        holders.push(spec.holder_oid.as_str());
    }
    holders
}

fn pkcs8_of(key: &RsaPrivateKey) -> Result<Zeroizing<Vec<u8>>, DemoPkiError> {
    let doc = key.to_pkcs8_der().map_err(|_| DemoPkiError::Encoding)?;
    Ok(Zeroizing::new(doc.as_bytes().to_vec()))
}

fn aki(issuer_key_id: &[u8]) -> Result<AuthorityKeyIdentifier, DemoPkiError> {
    Ok(AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(issuer_key_id)?),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    })
}

fn ca_extensions(
    ski: &[u8],
    issuer_key_id: &[u8],
    path_len: Option<u8>,
) -> Result<Vec<Extension>, DemoPkiError> {
    Ok(vec![
        extension(
            &BasicConstraints {
                ca: true,
                path_len_constraint: path_len,
            },
            true,
        )?,
        extension(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
        extension(&SubjectKeyIdentifier(OctetString::new(ski)?), false)?,
        extension(&aki(issuer_key_id)?, false)?,
    ])
}

/// The national CA's subject order: CN, SURNAME, SERIALNUMBER, C, [O], [GIVENNAME], [OU],
/// then emailAddress.
fn person_name(spec: &PersonSpec, org: Option<&OrgSpec>) -> Result<Name, DemoPkiError> {
    let surname = spec.surname.trim().to_uppercase();
    let first = spec.first_name.trim().to_uppercase();
    let mut rdns = vec![
        atv(ID_AT_COMMON_NAME, utf8(&format!("{surname} {first}"))?),
        atv(ID_AT_SURNAME, utf8(&surname)?),
        atv(
            ID_AT_SERIAL_NUMBER,
            printable(&format!("IIN{}", spec.iin.trim()))?,
        ),
        atv(ID_AT_COUNTRY, printable("KZ")?),
    ];
    if let Some(org) = org {
        rdns.push(atv(ID_AT_ORGANIZATION, utf8(&org.org_name)?));
    }
    if let Some(p) = spec
        .patronymic
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        rdns.push(atv(ID_AT_GIVEN_NAME, utf8(&p.to_uppercase())?));
    }
    if let Some(org) = org {
        rdns.push(atv(
            ID_AT_ORGANIZATIONAL_UNIT,
            printable(&format!("BIN{}", org.bin.trim()))?,
        ));
    }
    if let Some(email) = spec.email.as_deref() {
        rdns.push(atv(EMAIL_ADDRESS, ia5(email)?));
    }
    Ok(RdnSequence(rdns))
}

#[allow(clippy::too_many_arguments)]
fn sign_certificate(
    issuer_key: &RsaPrivateKey,
    issuer: &Name,
    subject: Name,
    spki: SubjectPublicKeyInfoOwned,
    not_before: i64,
    not_after: i64,
    extensions: Vec<Extension>,
) -> Result<Certificate, DemoPkiError> {
    let alg = alg_with_null(oids::SHA256_WITH_RSA);
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: random_serial()?,
        signature: alg.clone(),
        issuer: issuer.clone(),
        validity: Validity {
            not_before: unix_to_time(not_before)?,
            not_after: unix_to_time(not_after)?,
        },
        subject,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let signature = sign_sha256(issuer_key, &tbs.to_der()?)?;
    Ok(Certificate {
        tbs_certificate: tbs,
        signature_algorithm: alg,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::purpose::oid as holder;
    use crate::eds::test_support::*;
    use x509_cert::ext::pkix::KeyUsage;

    fn subject_attr(cert: &Certificate, oid_str: &str) -> Option<String> {
        let oid = ObjectIdentifier::new_unwrap(oid_str);
        cert.tbs_certificate
            .subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find(|a| a.oid == oid)
            .map(|a| String::from_utf8(a.value.value().to_vec()).expect("utf-8"))
    }

    fn eku(cert: &Certificate) -> Vec<String> {
        let (_, eku) = cert
            .tbs_certificate
            .get::<ExtendedKeyUsage>()
            .unwrap()
            .unwrap();
        eku.0.iter().map(|o| o.to_string()).collect()
    }

    #[test]
    fn a_demo_parent_certificate_looks_like_the_national_cas() {
        let pki = pki();
        let c = &pki.sign_cert;
        assert_eq!(
            subject_attr(c, ID_AT_COMMON_NAME).as_deref(),
            Some("ТЕСТОВ ТЕСТ")
        );
        assert_eq!(subject_attr(c, ID_AT_SURNAME).as_deref(), Some("ТЕСТОВ"));
        assert_eq!(
            subject_attr(c, ID_AT_GIVEN_NAME).as_deref(),
            Some("ТЕСТОВИЧ")
        );
        assert_eq!(
            subject_attr(c, ID_AT_SERIAL_NUMBER).as_deref(),
            Some("IIN900101300126")
        );
        assert_eq!(subject_attr(c, ID_AT_COUNTRY).as_deref(), Some("KZ"));
        assert_eq!(
            subject_attr(c, EMAIL_ADDRESS).as_deref(),
            Some("parent@example.kz")
        );
        let (critical, ku) = c.tbs_certificate.get::<KeyUsage>().unwrap().unwrap();
        assert!(
            critical && ku.digital_signature() && ku.non_repudiation() && !ku.key_encipherment()
        );
        assert_eq!(
            eku(c),
            vec![holder::EKU_EMAIL_PROTECTION, holder::HOLDER_INDIVIDUAL]
        );

        let a = &pki.auth_cert;
        let (_, ku) = a.tbs_certificate.get::<KeyUsage>().unwrap().unwrap();
        assert!(ku.digital_signature() && ku.key_encipherment() && !ku.non_repudiation());
        assert_eq!(
            eku(a),
            vec![holder::EKU_CLIENT_AUTH, holder::HOLDER_INDIVIDUAL]
        );
        assert_eq!(
            c.tbs_certificate.issuer,
            pki.inter.certificate().tbs_certificate.subject
        );
    }

    #[test]
    fn a_kindergarten_head_gets_o_and_ou_bin_and_the_holder_oids() {
        let pki = pki();
        let spec = OrgSpec {
            person: parent(Purpose::Signing, T0, T0 + 365 * DAY),
            org_name: "ТОО \"БАЛАПАН\"".into(),
            bin: "050140000120".into(),
            holder_oid: holder::HOLDER_HEAD.into(),
        };
        let (cert, _key) = pki.inter.issue_organisation_employee(&spec).unwrap();
        assert_eq!(
            subject_attr(&cert, ID_AT_ORGANIZATION).as_deref(),
            Some("ТОО \"БАЛАПАН\"")
        );
        assert_eq!(
            subject_attr(&cert, ID_AT_ORGANIZATIONAL_UNIT).as_deref(),
            Some("BIN050140000120")
        );
        assert_eq!(
            eku(&cert),
            vec![
                holder::EKU_EMAIL_PROTECTION,
                holder::HOLDER_ORGANISATION,
                holder::HOLDER_HEAD
            ]
        );
    }

    #[test]
    fn openssl_verifies_the_demo_chain_and_crl_and_reads_the_subject() {
        if !have_openssl() {
            return;
        }
        let pki = pki();
        let dir = temp_dir("openssl-demo-pki");
        let p = |f: &str| dir.join(f).to_string_lossy().into_owned();
        std::fs::write(dir.join("root.pem"), pem(pki.root.certificate())).unwrap();
        std::fs::write(dir.join("inter.pem"), pem(pki.inter.certificate())).unwrap();
        std::fs::write(dir.join("leaf.pem"), pem(&pki.sign_cert)).unwrap();
        let crl = pki
            .inter
            .make_crl(
                std::slice::from_ref(&pki.auth_cert.tbs_certificate.serial_number),
                T0,
                T0 + 7 * DAY,
            )
            .unwrap();
        std::fs::write(dir.join("inter.crl"), &crl).unwrap();
        let at = SIGNED_AT.to_string();
        let (ok, out) = openssl(&[
            "verify",
            "-attime",
            &at,
            "-CAfile",
            &p("root.pem"),
            "-untrusted",
            &p("inter.pem"),
            &p("leaf.pem"),
        ]);
        assert!(ok && out.contains("OK"), "{out}");
        let (ok, out) = openssl(&[
            "crl",
            "-inform",
            "DER",
            "-in",
            &p("inter.crl"),
            "-CAfile",
            &p("inter.pem"),
            "-noout",
            "-text",
        ]);
        assert!(ok && out.contains("verify OK"), "{out}");
        assert!(out.contains("Revoked Certificates"), "{out}");
        let (ok, out) = openssl(&[
            "x509",
            "-in",
            &p("leaf.pem"),
            "-noout",
            "-subject",
            "-ext",
            "keyUsage,extendedKeyUsage",
            "-nameopt",
            "utf8,sep_comma_plus",
        ]);
        assert!(ok, "{out}");
        assert!(
            out.contains("CN=ТЕСТОВ ТЕСТ,SN=ТЕСТОВ,serialNumber=IIN900101300126,C=KZ,GN=ТЕСТОВИЧ"),
            "{out}"
        );
        assert!(
            out.contains("Digital Signature, Non Repudiation") && out.contains("1.2.398.3.3.4.1.1"),
            "{out}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_ca_saved_and_reloaded_keeps_issuing_under_the_same_name() {
        let pki = pki();
        let key = pki.inter.private_key_pkcs8_der().unwrap();
        let again = DemoCa::from_parts(pki.inter.certificate().clone(), &key).unwrap();
        let crl = again.make_crl(&[], T0, T0 + DAY).unwrap();
        let crl = CertificateList::from_der(&crl).unwrap();
        assert_eq!(
            crl.tbs_cert_list.issuer,
            pki.inter.certificate().tbs_certificate.subject
        );
    }

    #[test]
    fn negative_times_are_an_encoding_error() {
        let pki = pki();
        let spec = parent(Purpose::Signing, -10, T0);
        assert_eq!(
            pki.inter.issue_person(&spec).err(),
            Some(DemoPkiError::Encoding)
        );
    }

    #[test]
    fn every_demo_pki_error_has_kazakh_and_russian_text() {
        assert_messages(DemoPkiError::ALL);
    }
}
