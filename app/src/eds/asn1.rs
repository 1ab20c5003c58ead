//! The ASN.1 vocabulary the signature code shares — CMS, certificate paths, CRLs, OCSP and
//! timestamps: the OIDs, `AlgorithmIdentifier` with `NULL` parameters, X.509 `Time` ↔ unix
//! seconds, and the ESS `signingCertificateV2` attribute (RFC 5035). It depends on nothing
//! else in `eds`.
use const_oid::ObjectIdentifier;
use der::Sequence;
use der::asn1::{Any, OctetString};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;

/// OIDs used by the CMS code (kept here, spelled out, rather than hunted in `const_oid::db`).
pub(crate) mod oids {
    use const_oid::ObjectIdentifier as Oid;

    pub const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
    pub const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
    #[cfg(any(test, feature = "demo-kit"))]
    pub const ID_ENCRYPTED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.6");
    pub const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
    pub const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
    pub const SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
    pub const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
    pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    pub const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
    pub const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
    pub const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
    pub const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
    pub const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
    pub const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
    /// CRL entry extension reasonCode (RFC 5280 §5.3.1).
    pub const REASON_CODE: Oid = Oid::new_unwrap("2.5.29.21");
}

/// `AlgorithmIdentifier` with explicit `NULL` parameters, as NCA RK writes for SHA-256 and
/// as RFC 4055 requires for the RSA signature algorithms.
pub(crate) fn alg_with_null(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: Some(Any::null()),
    }
}

/// Unix seconds → X.509/CMS `Time`: UTCTime up to 2049, GeneralizedTime from 2050
/// (RFC 5280 §4.1.2.5, RFC 5652 §11.3). Negative times are refused.
pub(crate) fn unix_to_time(unix: i64) -> Result<Time, der::Error> {
    let secs = u64::try_from(unix).map_err(|_| der::Error::from(der::ErrorKind::DateTime))?;
    let dt = der::DateTime::from_unix_duration(core::time::Duration::from_secs(secs))?;
    if dt.year() < 2050 {
        Ok(Time::UtcTime(der::asn1::UtcTime::from_date_time(dt)?))
    } else {
        Ok(Time::GeneralTime(
            der::asn1::GeneralizedTime::from_date_time(dt),
        ))
    }
}

/// X.509/CMS `Time` → unix seconds.
pub(crate) fn time_to_unix(t: &Time) -> i64 {
    i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// `ESSCertIDv2` (RFC 5035). `hashAlgorithm` is `DEFAULT id-sha256`: absent in DER when the
/// hash is SHA-256, which is the only hash written here.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// `IssuerSerial` (RFC 5035).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

/// `SigningCertificateV2` (RFC 5035); `policies` is never written and ignored when read.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<Any>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_use_utctime_until_2049_and_generalizedtime_after() {
        let signed_at = 1_764_547_200; // 2025-12-01
        assert!(matches!(unix_to_time(signed_at), Ok(Time::UtcTime(_))));
        let y2050 = 2_524_608_000; // 2050-01-01
        assert!(matches!(unix_to_time(y2050), Ok(Time::GeneralTime(_))));
        assert_eq!(time_to_unix(&unix_to_time(y2050).unwrap()), y2050);
        assert_eq!(time_to_unix(&unix_to_time(signed_at).unwrap()), signed_at);
        assert!(unix_to_time(-1).is_err());
    }
}
