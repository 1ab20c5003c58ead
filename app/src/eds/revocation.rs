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
//! - Otherwise its status is **good** only if a full CRL of the issuer was current at that
//!   time: issued before it and not past its nextUpdate (plus a grace the operator sets).
//!   CRLs of the issuer that are all out of date give **stale** (revocation status unknown:
//!   the caller refuses and asks to try later); no CRL of the issuer at all gives
//!   **no data** (the server decides whether that is acceptable).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::crl::{CertificateList, RevokedCert};

use super::cms_sign::{oids, time_to_unix};
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

/// Remembers which CRL signatures verified under which key (a national CA CRL can be
/// megabytes: its signature is checked once, not at every log-in). Shared by clones.
#[derive(Debug, Clone, Default)]
pub struct SignatureMemo(Arc<Mutex<HashMap<[u8; 32], bool>>>);

impl SignatureMemo {
    const MAX: usize = 4096;

    fn check(&self, crl: &CertificateList, key_der: &[u8], verify: impl FnOnce() -> bool) -> bool {
        let mut h = Sha256::new();
        h.update(crl.signature.raw_bytes());
        h.update(key_der);
        h.update(time_to_unix(&crl.tbs_cert_list.this_update).to_be_bytes());
        let id: [u8; 32] = h.finalize().into();
        if let Some(&known) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return known;
        }
        let ok = verify();
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if memo.len() >= Self::MAX {
            memo.clear();
        }
        memo.insert(id, ok);
        ok
    }
}

/// The revocation status of `cert`, issued by `issuer`, at `at_unix`, from `crls` (any
/// issuers'); CRLs past their nextUpdate by more than `grace_secs` are not current.
pub fn status(
    cert: &Certificate,
    issuer: &Certificate,
    crls: &[&CertificateList],
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
    let mut own: Vec<&CertificateList> = crls
        .iter()
        .copied()
        .filter(|crl| {
            let tbs = &crl.tbs_cert_list;
            tbs.issuer == issuer.tbs_certificate.subject
                && crl.signature_algorithm.oid == tbs.signature.oid
                && memo.check(crl, &key_der, || {
                    match (tbs.to_der(), crl.signature.as_bytes()) {
                        (Ok(tbs_der), Some(sig)) => {
                            key.verifies(&crl.signature_algorithm.oid, &tbs_der, sig)
                        }
                        _ => false,
                    }
                })
        })
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
    let current = own.iter().any(|crl| {
        let tbs = &crl.tbs_cert_list;
        !is_delta(crl)
            && time_to_unix(&tbs.this_update) <= at_unix.saturating_add(SKEW)
            && tbs
                .next_update
                .is_none_or(|next| at_unix <= time_to_unix(&next).saturating_add(grace_secs))
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
