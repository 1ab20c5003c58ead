//! What a parent's certificate says about them, in plain fields.
//!
//! National CA (NCA RK) subjects look like
//! `CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, serialNumber=IIN123456789011, C=KZ, GIVENNAME=ТЕСТОВИЧ`,
//! organisations add `O=…` and `OU=BIN…`. Note that `CN` is "SURNAME NAME" and that the
//! national CA puts the **patronymic** in `GIVENNAME` (2.5.4.42). The holder type is in the
//! Extended Key Usage (`1.2.398.3.3.4.1.…`), the key's purpose in the Key Usage and EKU.
//!
//! Nothing here validates: the IIN is taken as written (test IINs fail the control digit),
//! and validity times are only reported; [`super::key_file::check_usable`] judges them.

use const_oid::ObjectIdentifier;
use der::{Tag, Tagged};
use serde::{Deserialize, Serialize};
use x509_cert::Certificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName};
use x509_cert::name::Name;

use super::ber::DerReader;
use super::purpose::{Purpose, oid as purpose_oid};

/// Attribute types and algorithm OIDs read here.
pub mod oid {
    /// commonName
    pub const CN: &str = "2.5.4.3";
    /// surname
    pub const SURNAME: &str = "2.5.4.4";
    /// serialNumber (NCA: `IIN` + 12 digits)
    pub const SERIAL_NUMBER: &str = "2.5.4.5";
    /// organizationName
    pub const ORGANISATION: &str = "2.5.4.10";
    /// organizationalUnitName (NCA: `BIN` + 12 digits)
    pub const ORGANISATIONAL_UNIT: &str = "2.5.4.11";
    /// givenName (NCA: the patronymic)
    pub const GIVEN_NAME: &str = "2.5.4.42";
    /// emailAddress (PKCS#9)
    pub const EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

    /// rsaEncryption
    pub const RSA: &str = "1.2.840.113549.1.1.1";
    /// RSASSA-PSS keys
    pub const RSA_PSS: &str = "1.2.840.113549.1.1.10";
    /// NCA GOST R 34.10-2015, 512-bit key (Kalkan "GOST512" files)
    pub const KZ_GOST2015_512: &str = "1.2.398.3.10.1.1.2.2";
    /// NCA GOST R 34.10-2015, 256-bit key
    pub const KZ_GOST2015_256: &str = "1.2.398.3.10.1.1.2.1";
    /// Arc of NCA GOST 2015 algorithms
    pub const KZ_GOST2015_ARC: &str = "1.2.398.3.10.1.1.2";
    /// Arc of NCA GOST 34.310-2004 algorithms; the key OID is 1.2.398.3.10.1.1.1.1
    pub const KZ_GOST2004_ARC: &str = "1.2.398.3.10.1.1.1";
    /// GOST R 34.10-2012, 256-bit key (TC 26)
    pub const GOST2012_256: &str = "1.2.643.7.1.1.1.1";
    /// GOST R 34.10-2012, 512-bit key (TC 26)
    pub const GOST2012_512: &str = "1.2.643.7.1.1.1.2";
}

/// Who holds the certificate, from the NCA holder-type EKU (most specific one found).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderType {
    /// 1.2.398.3.3.4.1.1: a private person.
    Individual,
    /// 1.2.398.3.3.4.1.2: an organisation (without a more specific role).
    Organisation,
    /// 1.2.398.3.3.4.1.2.1: the head of an organisation.
    Head,
    /// 1.2.398.3.3.4.1.2.2: a person with the right to sign.
    SigningRight,
    /// 1.2.398.3.3.4.1.2.3: a person with the right to sign financial documents.
    FinancialSigning,
    /// 1.2.398.3.3.4.1.2.4: HR officer.
    Hr,
    /// 1.2.398.3.3.4.1.2.5: an employee.
    Employee,
    /// No NCA holder type.
    Unknown,
}

/// The public key's algorithm.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyAlgorithm {
    /// RSA with a modulus of `bits` bits (NCA `RSA256_…` and `AUTH_RSA256_…` files).
    Rsa { bits: u32 },
    /// GOST R 34.10-2015 (2012) 512-bit (NCA `GOST512_…` files).
    Gost2015_512,
    /// GOST R 34.10-2015 (2012) 256-bit.
    Gost2015_256,
    /// Kazakhstan GOST 34.310-2004 (NCA `GOSTKNCA_…` files).
    Gost2004,
    /// Anything else, by its OID.
    Other(String),
}

impl KeyAlgorithm {
    /// True for every GOST variant.
    pub fn is_gost(&self) -> bool {
        matches!(
            self,
            Self::Gost2015_512 | Self::Gost2015_256 | Self::Gost2004
        )
    }
}

/// The Key Usage bits that matter here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyUsageFlags {
    pub digital_signature: bool,
    pub non_repudiation: bool,
    pub key_encipherment: bool,
}

/// The certificate facts the product shows and checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertInfo {
    /// Subject CN: for a person "SURNAME NAME".
    pub common_name: Option<String>,
    /// SURNAME (2.5.4.4).
    pub surname: Option<String>,
    /// First name: the CN without the surname word(s).
    pub first_name: Option<String>,
    /// Patronymic: GIVENNAME (2.5.4.42), where the national CA puts it.
    pub patronymic: Option<String>,
    /// The 12 digits of serialNumber `IIN…` (control digit not checked).
    pub iin: Option<crate::domain::CertifiedIin>,
    /// The 12 digits of OU `BIN…`.
    pub bin: Option<String>,
    /// O (2.5.4.10).
    pub organisation: Option<String>,
    /// emailAddress in the subject, else the first rfc822Name in SubjectAltName.
    pub email: Option<String>,
    /// Issuer CN.
    pub issuer_common_name: Option<String>,
    /// Serial number, lowercase hex without leading zero bytes.
    pub serial_hex: String,
    /// notBefore, unix seconds.
    pub not_before: i64,
    /// notAfter, unix seconds (the certificate is valid up to and including it).
    pub not_after: i64,
    pub key_usage: KeyUsageFlags,
    /// Extended Key Usage OIDs, dotted, in certificate order.
    pub extended_key_usage: Vec<String>,
    pub holder: HolderType,
    pub algorithm: KeyAlgorithm,
}

impl CertInfo {
    /// Reads the facts from a certificate. Never fails: what is missing or unreadable is
    /// `None` / empty / `Unknown`.
    pub fn from_certificate(cert: &Certificate) -> Self {
        let tbs = &cert.tbs_certificate;
        let subject = name_attributes(&tbs.subject);
        let first = |oid: &str| {
            subject
                .iter()
                .find(|(o, _)| o == oid)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let common_name = first(oid::CN);
        let surname = first(oid::SURNAME);
        let first_name = match (&common_name, &surname) {
            (Some(cn), Some(sn)) => first_name_from(cn, sn),
            _ => None,
        };
        let iin = subject
            .iter()
            .filter(|(o, _)| o == oid::SERIAL_NUMBER)
            .find_map(|(_, v)| prefixed_12_digits(v, "IIN"))
            .and_then(|digits| crate::domain::CertifiedIin::new(&digits).ok());
        let bin = subject
            .iter()
            .filter(|(o, _)| o == oid::ORGANISATIONAL_UNIT)
            .find_map(|(_, v)| prefixed_12_digits(v, "BIN"));

        let key_usage = tbs
            .get::<KeyUsage>()
            .ok()
            .flatten()
            .map(|(_, ku)| KeyUsageFlags {
                digital_signature: ku.digital_signature(),
                non_repudiation: ku.non_repudiation(),
                key_encipherment: ku.key_encipherment(),
            })
            .unwrap_or_default();
        let extended_key_usage: Vec<String> = tbs
            .get::<ExtendedKeyUsage>()
            .ok()
            .flatten()
            .map(|(_, eku)| eku.0.iter().map(ToString::to_string).collect())
            .unwrap_or_default();

        let email = first(oid::EMAIL_ADDRESS).or_else(|| {
            tbs.get::<SubjectAltName>()
                .ok()
                .flatten()
                .and_then(|(_, san)| {
                    san.0.iter().find_map(|name| match name {
                        GeneralName::Rfc822Name(s) => Some(s.as_str().trim().to_string()),
                        _ => None,
                    })
                })
                .filter(|s| !s.is_empty())
        });

        let issuer_common_name = name_attributes(&tbs.issuer)
            .into_iter()
            .find(|(o, _)| o == oid::CN)
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty());

        let serial = tbs.serial_number.as_bytes();
        let skip = serial
            .iter()
            .take_while(|&&b| b == 0)
            .count()
            .min(serial.len().saturating_sub(1));
        let serial_hex = serial[skip..].iter().map(|b| format!("{b:02x}")).collect();

        let to_unix = |t: &x509_cert::time::Time| -> i64 {
            i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
        };

        CertInfo {
            common_name,
            surname,
            first_name,
            patronymic: first(oid::GIVEN_NAME),
            iin,
            bin,
            organisation: first(oid::ORGANISATION),
            email,
            issuer_common_name,
            serial_hex,
            not_before: to_unix(&tbs.validity.not_before),
            not_after: to_unix(&tbs.validity.not_after),
            key_usage,
            holder: holder_from_eku(&extended_key_usage),
            extended_key_usage,
            algorithm: key_algorithm(cert),
        }
    }

    /// What the key may be used for:
    /// - [`Purpose::Authentication`] if the EKU has clientAuth; also for a GOST 2015 key
    ///   with digitalSignature, since the national CA issues those as one file for login
    ///   **and** signing without a clientAuth EKU;
    /// - [`Purpose::Signing`] if the Key Usage has nonRepudiation or the EKU has
    ///   emailProtection.
    pub fn key_purposes(&self) -> Vec<Purpose> {
        let has_eku = |o: &str| self.extended_key_usage.iter().any(|e| e == o);
        let gost2015 = matches!(
            self.algorithm,
            KeyAlgorithm::Gost2015_512 | KeyAlgorithm::Gost2015_256
        );
        let mut out = Vec::new();
        if has_eku(purpose_oid::EKU_CLIENT_AUTH) || (gost2015 && self.key_usage.digital_signature) {
            out.push(Purpose::Authentication);
        }
        if self.key_usage.non_repudiation || has_eku(purpose_oid::EKU_EMAIL_PROTECTION) {
            out.push(Purpose::Signing);
        }
        out
    }

    /// The person's full name as "SURNAME NAME PATRONYMIC" (CN when the parts are missing).
    pub fn full_name(&self) -> Option<String> {
        match (&self.surname, &self.first_name) {
            (Some(sn), Some(name)) => Some(match &self.patronymic {
                Some(p) => format!("{sn} {name} {p}"),
                None => format!("{sn} {name}"),
            }),
            _ => self.common_name.clone(),
        }
    }
}

/// The most specific NCA holder type among the EKU OIDs.
fn holder_from_eku(eku: &[String]) -> HolderType {
    let has = |o: &str| eku.iter().any(|e| e == o);
    [
        (purpose_oid::HOLDER_HEAD, HolderType::Head),
        (purpose_oid::HOLDER_SIGNING_RIGHT, HolderType::SigningRight),
        (
            purpose_oid::HOLDER_FINANCIAL_SIGNING,
            HolderType::FinancialSigning,
        ),
        (purpose_oid::HOLDER_HR, HolderType::Hr),
        (purpose_oid::HOLDER_EMPLOYEE, HolderType::Employee),
        (purpose_oid::HOLDER_ORGANISATION, HolderType::Organisation),
        (purpose_oid::HOLDER_INDIVIDUAL, HolderType::Individual),
    ]
    .into_iter()
    .find(|(o, _)| has(o))
    .map_or(HolderType::Unknown, |(_, h)| h)
}

/// CN "SURNAME NAME" minus the surname word(s) at its start (case-insensitive).
fn first_name_from(cn: &str, surname: &str) -> Option<String> {
    let cn_words: Vec<&str> = cn.split_whitespace().collect();
    let sn_words: Vec<&str> = surname.split_whitespace().collect();
    if sn_words.is_empty() || cn_words.len() <= sn_words.len() {
        return None;
    }
    let same = cn_words
        .iter()
        .zip(&sn_words)
        .all(|(a, b)| a.to_lowercase() == b.to_lowercase());
    same.then(|| cn_words[sn_words.len()..].join(" "))
}

/// `PREFIX` followed by exactly 12 ASCII digits → the digits.
fn prefixed_12_digits(value: &str, prefix: &str) -> Option<String> {
    let value = value.trim();
    let digits = value
        .get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .map(|_| &value[prefix.len()..])?;
    (digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_string())
}

/// Every attribute of a name, in order, as (dotted OID, decoded string).
fn name_attributes(name: &Name) -> Vec<(String, String)> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter_map(|atv| {
            decode_directory_string(atv.value.tag(), atv.value.value())
                .map(|s| (atv.oid.to_string(), s))
        })
        .collect()
}

/// Decodes the string types met in names; `None` for non-string values.
fn decode_directory_string(tag: Tag, bytes: &[u8]) -> Option<String> {
    let s = match tag {
        Tag::Utf8String => String::from_utf8_lossy(bytes).into_owned(),
        Tag::PrintableString | Tag::Ia5String | Tag::VisibleString | Tag::NumericString => {
            bytes.iter().map(|&b| char::from(b & 0x7F)).collect()
        }
        // Teletex: read as Latin-1, as most software does. (UniversalString cannot occur:
        // `der` 0.7 rejects its tag, so such a certificate does not parse.)
        Tag::TeletexString => bytes.iter().map(|&b| char::from(b)).collect(),
        Tag::BmpString => decode_bmp(bytes),
        _ => return None,
    };
    Some(
        s.trim_matches(|c: char| c == '\0' || c.is_whitespace())
            .to_string(),
    )
}

/// BMPString (UTF-16BE) → String, without trailing NULs (PKCS#12 friendly names end in one).
pub(crate) fn decode_bmp(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).map(|c| {
        if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            0xFFFD
        }
    });
    let s: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    s.trim_end_matches('\0').to_string()
}

/// The key algorithm of the certificate's public key.
fn key_algorithm(cert: &Certificate) -> KeyAlgorithm {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let alg = spki.algorithm.oid.to_string();
    match alg.as_str() {
        oid::RSA | oid::RSA_PSS => match rsa_modulus(cert) {
            Some(n) => KeyAlgorithm::Rsa {
                bits: modulus_bits(&n),
            },
            None => KeyAlgorithm::Other(alg),
        },
        oid::KZ_GOST2015_512 | oid::GOST2012_512 => KeyAlgorithm::Gost2015_512,
        oid::KZ_GOST2015_256 | oid::GOST2012_256 => KeyAlgorithm::Gost2015_256,
        a if under_arc(a, oid::KZ_GOST2015_ARC) => {
            // Unknown member of the NCA GOST 2015 arc: tell the size by the public key
            // (OCTET STRING of 64 bytes for 256-bit, 128 for 512-bit keys).
            if spki.subject_public_key.raw_bytes().len() > 100 {
                KeyAlgorithm::Gost2015_512
            } else {
                KeyAlgorithm::Gost2015_256
            }
        }
        a if under_arc(a, oid::KZ_GOST2004_ARC) => KeyAlgorithm::Gost2004,
        _ => KeyAlgorithm::Other(alg),
    }
}

fn under_arc(oid: &str, arc: &str) -> bool {
    oid.strip_prefix(arc)
        .is_some_and(|rest| rest.starts_with('.'))
}

fn modulus_bits(n: &[u8]) -> u32 {
    match n.iter().position(|&b| b != 0) {
        Some(i) => (n.len() - i) as u32 * 8 - n[i].leading_zeros(),
        None => 0,
    }
}

/// The RSA modulus (magnitude bytes) of the certificate's public key, or `None` when the
/// key is not RSA.
pub(crate) fn rsa_modulus(cert: &Certificate) -> Option<Vec<u8>> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let alg = spki.algorithm.oid;
    if alg != ObjectIdentifier::new_unwrap(oid::RSA)
        && alg != ObjectIdentifier::new_unwrap(oid::RSA_PSS)
    {
        return None;
    }
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
    let mut key = DerReader::new(spki.subject_public_key.as_bytes()?)
        .sequence()
        .ok()?;
    key.uint_bytes().ok().map(<[u8]>::to_vec)
}

/// A CA certificate: basicConstraints cA, or keyCertSign in the Key Usage.
pub(crate) fn is_ca(cert: &Certificate) -> bool {
    let tbs = &cert.tbs_certificate;
    let bc = tbs
        .get::<BasicConstraints>()
        .ok()
        .flatten()
        .is_some_and(|(_, bc)| bc.ca);
    let cert_sign = tbs
        .get::<KeyUsage>()
        .ok()
        .flatten()
        .is_some_and(|(_, ku)| ku.key_cert_sign());
    bc || cert_sign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_name_is_cn_without_surname() {
        assert_eq!(
            first_name_from("ТЕСТОВ ТЕСТ", "ТЕСТОВ").as_deref(),
            Some("ТЕСТ")
        );
        assert_eq!(
            first_name_from("Тестов  Тест Мария", "ТЕСТОВ").as_deref(),
            Some("Тест Мария")
        );
        assert_eq!(
            first_name_from("ИБРАЕВ-ШАЙХ ЖАН ТЕСТ", "ИБРАЕВ-ШАЙХ ЖАН").as_deref(),
            Some("ТЕСТ")
        );
        assert_eq!(first_name_from("ТЕСТОВ", "ТЕСТОВ"), None);
        assert_eq!(first_name_from("ИС \"Тест\"", "ТЕСТОВ"), None);
    }

    #[test]
    fn iin_and_bin_need_prefix_and_12_digits() {
        assert_eq!(
            prefixed_12_digits("IIN123456789011", "IIN").as_deref(),
            Some("123456789011")
        );
        assert_eq!(
            prefixed_12_digits("BIN123456789021", "BIN").as_deref(),
            Some("123456789021")
        );
        assert_eq!(prefixed_12_digits("IIN12345678901", "IIN"), None);
        assert_eq!(prefixed_12_digits("IIN1234567890111", "IIN"), None);
        assert_eq!(prefixed_12_digits("BIN123456789021", "IIN"), None);
        assert_eq!(prefixed_12_digits("IIN12345678901X", "IIN"), None);
        assert_eq!(prefixed_12_digits("ІІN123456789011", "IIN"), None);
    }

    #[test]
    fn holder_is_the_most_specific() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            holder_from_eku(&v(&[
                "1.3.6.1.5.5.7.3.4",
                "1.2.398.3.3.4.1.2",
                "1.2.398.3.3.4.1.2.1"
            ])),
            HolderType::Head
        );
        assert_eq!(
            holder_from_eku(&v(&["1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.3"])),
            HolderType::FinancialSigning
        );
        assert_eq!(
            holder_from_eku(&v(&["1.2.398.3.3.4.1.2", "1.2.398.3.3.4.1.2.4"])),
            HolderType::Hr
        );
        assert_eq!(
            holder_from_eku(&v(&["1.2.398.3.3.4.1.2", "1.2.398.5.19.1.2.2.1"])),
            HolderType::Organisation
        );
        assert_eq!(
            holder_from_eku(&v(&["1.2.398.3.3.4.1.1"])),
            HolderType::Individual
        );
        assert_eq!(
            holder_from_eku(&v(&["1.3.6.1.5.5.7.3.2"])),
            HolderType::Unknown
        );
    }

    #[test]
    fn strings_of_every_kind_decode() {
        assert_eq!(
            decode_directory_string(Tag::Utf8String, "ТЕСТ".as_bytes()).as_deref(),
            Some("ТЕСТ")
        );
        assert_eq!(
            decode_directory_string(Tag::PrintableString, b"IIN123").as_deref(),
            Some("IIN123")
        );
        assert_eq!(
            decode_directory_string(Tag::BmpString, &[0x04, 0x22, 0x04, 0x15]).as_deref(),
            Some("ТЕ")
        );
        assert_eq!(
            decode_directory_string(Tag::TeletexString, &[0x41, 0xE9]).as_deref(),
            Some("Aé")
        );
        assert_eq!(decode_directory_string(Tag::Integer, &[1]), None);
        assert_eq!(decode_bmp(&[0, 0x61, 0, 0x62, 0, 0]), "ab");
        assert_eq!(decode_bmp(&[0, 0x61, 0]), "a\u{FFFD}");
    }

    #[test]
    fn modulus_bit_length() {
        assert_eq!(modulus_bits(&[0x80, 0, 0]), 24);
        assert_eq!(modulus_bits(&[0x01, 0]), 9);
        assert_eq!(modulus_bits(&[0, 0x7f]), 7);
        assert_eq!(modulus_bits(&[]), 0);
    }

    #[test]
    fn purposes() {
        let mut info = CertInfo {
            common_name: None,
            surname: None,
            first_name: None,
            patronymic: None,
            iin: None,
            bin: None,
            organisation: None,
            email: None,
            issuer_common_name: None,
            serial_hex: String::new(),
            not_before: 0,
            not_after: 0,
            key_usage: KeyUsageFlags {
                digital_signature: true,
                non_repudiation: false,
                key_encipherment: true,
            },
            extended_key_usage: vec![purpose_oid::EKU_CLIENT_AUTH.into()],
            holder: HolderType::Individual,
            algorithm: KeyAlgorithm::Rsa { bits: 2048 },
        };
        assert_eq!(info.key_purposes(), vec![Purpose::Authentication]);
        info.extended_key_usage = vec![purpose_oid::EKU_EMAIL_PROTECTION.into()];
        assert_eq!(info.key_purposes(), vec![Purpose::Signing]);
        info.extended_key_usage = vec![];
        assert_eq!(info.key_purposes(), vec![]);
        info.key_usage.non_repudiation = true;
        assert_eq!(info.key_purposes(), vec![Purpose::Signing]);
        info.algorithm = KeyAlgorithm::Gost2015_512;
        assert_eq!(
            info.key_purposes(),
            vec![Purpose::Authentication, Purpose::Signing]
        );
        info.algorithm = KeyAlgorithm::Gost2004;
        assert_eq!(info.key_purposes(), vec![Purpose::Signing]);
    }

    #[test]
    fn serde_round_trip() {
        let alg = KeyAlgorithm::Rsa { bits: 2048 };
        let json = serde_json::to_string(&alg).unwrap();
        assert_eq!(json, r#"{"rsa":{"bits":2048}}"#);
        assert_eq!(serde_json::from_str::<KeyAlgorithm>(&json).unwrap(), alg);
        let other = KeyAlgorithm::Other("1.2.3".into());
        let json = serde_json::to_string(&other).unwrap();
        assert_eq!(serde_json::from_str::<KeyAlgorithm>(&json).unwrap(), other);
    }
}
