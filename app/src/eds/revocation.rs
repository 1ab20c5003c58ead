//! Revocation status of one certificate from the CRLs its issuer signed (RFC 5280 §6.3, as far
//! as the national CA uses it: full CRLs and delta CRLs, no indirect CRLs).
//!
//! - Only CRLs whose signature verifies under the issuer's key count (the issuer may sign
//!   CRLs: no keyUsage, or keyUsage with cRLSign). A CRL from anyone else is ignored.
//! - The CRLs are read oldest first (by thisUpdate): a full CRL says whether the certificate
//!   is listed; a delta CRL changes that only for the serials it names — an entry with reason
//!   **removeFromCRL** (a certificate on hold released) takes it off, any other entry puts it
//!   on. The certificate is **revoked** if it ends up listed with a revocation date not after
//!   the time asked about.
//! - Otherwise its status is **good** only if a full CRL of the issuer speaks for that time:
//!   issued before it and not past its nextUpdate (plus a grace the operator sets), or issued
//!   after it while the certificate was still valid (verifying an older signature).
//!   CRLs of the issuer that are all out of date give **stale** (revocation status unknown:
//!   the caller refuses and asks to try later); no CRL of the issuer at all gives
//!   **no data** (the server decides whether that is acceptable).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::crl::{CertificateList, RevokedCert};

use super::asn1::{oids, time_to_unix};
use super::path::key_usage;
use super::public_key::PublicKey;

/// How far ahead of the time asked about a CRL's thisUpdate may be (clock skew).
const SKEW: i64 = 5 * 60;

/// What the CRLs say about one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Good,
    Revoked,
    /// The issuer has CRLs, but none was current at the time asked about.
    Stale,
    /// No CRL of the issuer is known.
    NoData,
}

/// Remembers which of a trust store's CRLs verified under which key (a national CA CRL can be
/// megabytes: its signature is checked once, not at every log-in). Keyed by the CRL's place in
/// the store, so the store starts a new memo whenever its CRLs change
/// ([`crate::eds::trust::TrustStore::add_crl`]). CRLs carried in a CMS are never memoised:
/// they are the sender's, and a copy of a real CRL with other contents but the same signature
/// must be checked for itself.
#[derive(Debug, Clone, Default)]
pub struct SignatureMemo(Arc<Mutex<HashMap<MemoKey, bool>>>);

/// A CRL's place in the store and the SHA-256 of the key checked against.
type MemoKey = (usize, [u8; 32]);

impl SignatureMemo {
    fn check(&self, index: usize, key_der: &[u8], verify: impl FnOnce() -> bool) -> bool {
        let id = (index, Sha256::digest(key_der).into());
        if let Some(&known) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return known;
        }
        let ok = verify();
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, ok);
        ok
    }
}

/// The revocation status of `cert`, issued by `issuer`, at `at_unix`, from the trust store's
/// CRLs (`trusted`, signature checks remembered in `memo`) and those a CMS carried
/// (`carried`); CRLs past their nextUpdate by more than `grace_secs` are not current.
pub fn status(
    cert: &Certificate,
    issuer: &Certificate,
    trusted: &[CertificateList],
    carried: &[CertificateList],
    at_unix: i64,
    grace_secs: i64,
    memo: &SignatureMemo,
) -> Status {
    if key_usage(issuer).is_some_and(|ku| !ku.crl_sign()) {
        return Status::NoData;
    }
    let Some(key) = PublicKey::of_certificate(issuer) else {
        return Status::NoData;
    };
    let key_der = issuer
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .unwrap_or_default();
    let issued_by_issuer = |crl: &CertificateList| {
        crl.tbs_cert_list.issuer == issuer.tbs_certificate.subject
            && crl.signature_algorithm.oid == crl.tbs_cert_list.signature.oid
    };
    let signed =
        |crl: &CertificateList| match (crl.tbs_cert_list.to_der(), crl.signature.as_bytes()) {
            (Ok(tbs_der), Some(sig)) => key.verifies(&crl.signature_algorithm.oid, &tbs_der, sig),
            _ => false,
        };
    let mut own: Vec<&CertificateList> = trusted
        .iter()
        .enumerate()
        .filter(|(i, crl)| issued_by_issuer(crl) && memo.check(*i, &key_der, || signed(crl)))
        .map(|(_, crl)| crl)
        .chain(
            carried
                .iter()
                .filter(|crl| issued_by_issuer(crl) && signed(crl)),
        )
        .collect();
    if own.is_empty() {
        return Status::NoData;
    }
    own.sort_by_key(|crl| time_to_unix(&crl.tbs_cert_list.this_update));
    let serial = &cert.tbs_certificate.serial_number;
    // `Some(revocation date)` while listed.
    let mut listed: Option<i64> = None;
    for crl in &own {
        let entry = crl
            .tbs_cert_list
            .revoked_certificates
            .as_ref()
            .and_then(|list| list.iter().find(|r| &r.serial_number == serial));
        match (entry, is_delta(crl)) {
            (Some(e), _) if removed_from_crl(e) => listed = None,
            (Some(e), _) => listed = Some(time_to_unix(&e.revocation_date)),
            (None, false) => listed = None,
            (None, true) => {}
        }
    }
    if listed.is_some_and(|date| date <= at_unix.saturating_add(SKEW)) {
        return Status::Revoked;
    }
    // A full CRL speaks for `at_unix` if it was current then, or if it was issued later but
    // while the certificate was still valid (a certificate revoked before then would be on it).
    let not_after = time_to_unix(&cert.tbs_certificate.validity.not_after);
    let current = own.iter().any(|crl| {
        let tbs = &crl.tbs_cert_list;
        let this_update = time_to_unix(&tbs.this_update);
        !is_delta(crl)
            && if this_update <= at_unix.saturating_add(SKEW) {
                tbs.next_update
                    .is_none_or(|next| at_unix <= time_to_unix(&next).saturating_add(grace_secs))
            } else {
                this_update <= not_after
            }
    });
    if current { Status::Good } else { Status::Stale }
}

/// A delta CRL carries the deltaCRLIndicator extension (2.5.29.27).
pub fn is_delta(crl: &CertificateList) -> bool {
    crl.tbs_cert_list
        .crl_extensions
        .as_ref()
        .is_some_and(|exts| {
            exts.iter()
                .any(|e| e.extn_id == der::asn1::ObjectIdentifier::new_unwrap("2.5.29.27"))
        })
}

/// The CRL entry's reasonCode is removeFromCRL (8).
fn removed_from_crl(entry: &RevokedCert) -> bool {
    entry.crl_entry_extensions.as_ref().is_some_and(|exts| {
        exts.iter().any(|e| {
            e.extn_id == oids::REASON_CODE
                && der::asn1::Any::from_der(e.extn_value.as_bytes())
                    .is_ok_and(|v| der::Tagged::tag(&v) == der::Tag::Enumerated && v.value() == [8])
        })
    })
}
