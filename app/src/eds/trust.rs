//! The server's trust store: the CA certificates it trusts as path anchors, and the CRLs it
//! knows. Built from files' bytes (the server reads its configured directory; nothing here
//! touches the file system): PEM or DER, certificates and CRLs mixed, any number of PEM
//! blocks per file.
//!
//! CRLs are only *candidates*: the verifier uses a CRL only if it is signed by the issuer of
//! the certificate being checked, so a CRL from an unknown issuer is harmless.
//!
//! **Production and test anchors.** Production anchors are the national CA's published roots.
//! *Test* anchors (e.g. the national CA's GOST 2022 **test** root, or our demo root) are kept
//! apart: a signature whose path ends at a test anchor is accepted with the test-only
//! relaxations (the test CA's IINs fail the IIN control digit), and is marked as such in
//! the verification result. A production anchor never gets a relaxation.

use der::{Decode, Reader};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

crate::domain::messages::localized_error! {
    /// Why the trust store could not be built (shown to the operator configuring the server).
    pub enum TrustError {
        /// A file (or a PEM block) is neither a certificate nor a CRL.
        Unreadable {
            code: "eds.trust.unreadable",
            en: "a trust-store file is neither a certificate nor a CRL",
            kk: "Сенім қоймасындағы файл сертификат та, кері шақырылған сертификаттар тізімі (CRL) де емес.",
            ru: "Файл хранилища доверия не является ни сертификатом, ни списком отозванных сертификатов (CRL).",
        },
        /// A PEM block has bad base64 or no end line.
        BadPem {
            code: "eds.trust.bad_pem",
            en: "a PEM block in a trust-store file is damaged",
            kk: "Сенім қоймасындағы PEM файлы бүлінген.",
            ru: "Блок PEM в файле хранилища доверия повреждён.",
        },
        /// No certificate at all was loaded: nothing could ever be trusted.
        NoAnchors {
            code: "eds.trust.no_anchors",
            en: "the trust store holds no certificate",
            kk: "Сенім қоймасына бірде-бір сенімді сертификат жүктелмеді.",
            ru: "В хранилище доверия не загружено ни одного доверенного сертификата.",
        },
    }
}

/// Trusted anchors and known CRLs.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    /// Certificates trusted as the top of a path (roots, or intermediates configured directly).
    pub anchors: Vec<Certificate>,
    /// Anchors of *test* PKIs: paths ending here get the test-only relaxations.
    pub test_anchors: Vec<Certificate>,
    /// Revocation lists of any issuer; used only when their signature verifies.
    pub crls: Vec<CertificateList>,
    /// How long after its nextUpdate a CRL still counts as current (seconds).
    pub crl_grace_secs: i64,
    /// CRL signatures already checked (shared by clones; a new memo whenever the CRLs change,
    /// so change `crls` only through [`TrustStore::add_crl`] / [`TrustStore::add_file`]).
    pub crl_memo: super::revocation::SignatureMemo,
    /// Refuse a signer whose issuer has no CRL at all (revocation status unknown), unless the
    /// path ends at a test anchor. The server sets it when CRL sources are configured.
    pub require_signer_revocation: bool,
}

impl TrustStore {
    /// A store from already parsed parts.
    pub fn new(anchors: Vec<Certificate>, crls: Vec<CertificateList>) -> Self {
        Self {
            anchors,
            test_anchors: Vec::new(),
            crls,
            crl_grace_secs: 0,
            crl_memo: Default::default(),
            require_signer_revocation: false,
        }
    }

    /// Adds every certificate of one file as a **test** anchor (its CRLs as usual).
    pub fn add_test_file(&mut self, bytes: &[u8]) -> Result<(), TrustError> {
        let mut part = Self::default();
        part.add_file(bytes)?;
        for cert in part.anchors {
            if !self.test_anchors.contains(&cert) {
                self.test_anchors.push(cert);
            }
        }
        for crl in part.crls {
            self.push_crl(crl);
        }
        Ok(())
    }

    /// Builds the store from `(file name, bytes)` pairs. Fails on the first file that is not
    /// a certificate or CRL (to report which one, call [`TrustStore::add_file`] per file), and
    /// if no certificate was found at all.
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Self, TrustError> {
        let mut store = Self::default();
        for (_name, bytes) in files {
            store.add_file(&bytes)?;
        }
        if store.anchors.is_empty() {
            return Err(TrustError::NoAnchors);
        }
        Ok(store)
    }

    /// Adds every certificate and CRL of one file (PEM with any number of blocks, or one
    /// DER object). Identical duplicates are kept once.
    pub fn add_file(&mut self, bytes: &[u8]) -> Result<(), TrustError> {
        if let Some(blocks) = pem_blocks(bytes)? {
            for (label, der_bytes) in blocks {
                match label.as_str() {
                    "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                        // OpenSSL's TRUSTED CERTIFICATE is a certificate followed by
                        // auxiliary trust data: the certificate is the first DER object.
                        let cert = Certificate::from_der(first_tlv(&der_bytes)?)
                            .map_err(|_| TrustError::Unreadable)?;
                        self.push_cert(cert);
                    }
                    "X509 CRL" => {
                        let crl = CertificateList::from_der(&der_bytes)
                            .map_err(|_| TrustError::Unreadable)?;
                        self.push_crl(crl);
                    }
                    // Keys, parameters and other blocks are not trust material: skipped.
                    _ => {}
                }
            }
            Ok(())
        } else {
            self.add_der(bytes)
        }
    }

    fn add_der(&mut self, der_bytes: &[u8]) -> Result<(), TrustError> {
        if let Ok(cert) = Certificate::from_der(der_bytes) {
            self.push_cert(cert);
            Ok(())
        } else if let Ok(crl) = CertificateList::from_der(der_bytes) {
            self.push_crl(crl);
            Ok(())
        } else {
            Err(TrustError::Unreadable)
        }
    }

    fn push_cert(&mut self, cert: Certificate) {
        if !self.anchors.contains(&cert) {
            self.anchors.push(cert);
        }
    }

    /// Adds a CRL (kept once) and starts a new signature memo.
    pub fn add_crl(&mut self, crl: CertificateList) {
        self.push_crl(crl);
    }

    fn push_crl(&mut self, crl: CertificateList) {
        if !self.crls.contains(&crl) {
            self.crls.push(crl);
            self.crl_memo = Default::default();
        }
    }
}

/// The first complete DER TLV of `bytes` (definite length).
fn first_tlv(bytes: &[u8]) -> Result<&[u8], TrustError> {
    let mut reader = der::SliceReader::new(bytes).map_err(|_| TrustError::Unreadable)?;
    let header = der::Header::decode(&mut reader).map_err(|_| TrustError::Unreadable)?;
    let total = (reader.position() + header.length).map_err(|_| TrustError::Unreadable)?;
    let total = usize::try_from(total).map_err(|_| TrustError::Unreadable)?;
    bytes.get(..total).ok_or(TrustError::Unreadable)
}

/// A PEM block: label and decoded bytes.
type PemBlock = (String, Vec<u8>);

/// Splits PEM text into `(label, decoded bytes)` blocks. `Ok(None)` if the input is not PEM
/// (no `-----BEGIN ` line), so the caller tries DER.
fn pem_blocks(bytes: &[u8]) -> Result<Option<Vec<PemBlock>>, TrustError> {
    let Ok(text) = core::str::from_utf8(bytes) else {
        return Ok(None);
    };
    if !text.contains("-----BEGIN ") {
        return Ok(None);
    }
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after.find("-----").ok_or(TrustError::BadPem)?;
        let label = after[..label_end].trim().to_string();
        let body_and_rest = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let end = body_and_rest.find(&end_marker).ok_or(TrustError::BadPem)?;
        let body = &body_and_rest[..end];
        // RFC 1421-style headers ("Proc-Type: …") precede a blank line; skip such lines.
        let b64: String = body
            .lines()
            .filter(|l| !l.contains(':'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        blocks.push((label, base64_decode(&b64).ok_or(TrustError::BadPem)?));
        rest = &body_and_rest[end + end_marker.len()..];
    }
    Ok(Some(blocks))
}

/// Standard base64 (RFC 4648 §4) with optional `=` padding.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let trimmed = s.trim_end_matches('=');
    if s.len() - trimmed.len() > 2 {
        return None;
    }
    let bytes = trimmed.as_bytes();
    if bytes.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= val(c)? << (18 - 6 * i);
        }
        out.push((acc >> 16) as u8);
        if chunk.len() > 2 {
            out.push((acc >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(acc as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use der::Encode;

    use super::*;
    use crate::eds::test_support::*;

    #[test]
    fn the_server_loads_a_pem_bundle_a_der_root_and_a_crl_file_together() {
        let pki = pki();
        let bundle = format!(
            "Demo national CA\n{}\n{}",
            pem(pki.root.certificate()),
            pem(pki.inter.certificate())
        );
        let crl = pki.inter.make_crl(&[], T0, T0 + 7 * DAY).unwrap();
        let crl_pem = pem_block("X509 CRL", &crl);
        let store = TrustStore::from_files(vec![
            ("bundle.pem".into(), bundle.into_bytes()),
            ("root.cer".into(), pki.root.certificate().to_der().unwrap()),
            ("inter.crl".into(), crl.clone()),
            ("inter-crl.pem".into(), crl_pem.into_bytes()),
        ])
        .expect("store");
        assert_eq!(store.anchors.len(), 2, "duplicates kept once");
        assert_eq!(store.crls.len(), 1);
    }

    #[test]
    fn the_national_cas_real_gost_roots_and_crls_load() {
        let dir = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/nca/kalkan/certs"
        ));
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.push((name, std::fs::read(entry.path()).unwrap()));
        }
        let nca_pem = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/nca/ncanode-go/personal/active/RSA256_11c707bd54cbfcccb3815e39c4eb57b1dc7dfea9.cer"
        ));
        files.push(("leaf.cer".into(), std::fs::read(nca_pem).unwrap()));
        let n_certs = files.iter().filter(|(n, _)| n.ends_with(".cer")).count();
        let store = TrustStore::from_files(files).expect("store");
        assert_eq!(store.anchors.len(), n_certs);
        assert_eq!(store.crls.len(), 2, "full + delta CRL");
    }

    #[test]
    fn files_that_are_not_certificates_are_reported() {
        assert_eq!(
            TrustStore::from_files(vec![("x".into(), b"hello".to_vec())]).err(),
            Some(TrustError::Unreadable)
        );
        let bad = "-----BEGIN CERTIFICATE-----\nMII*not base64*\n-----END CERTIFICATE-----\n";
        assert_eq!(
            TrustStore::from_files(vec![("x.pem".into(), bad.into())]).err(),
            Some(TrustError::BadPem)
        );
        let unterminated = "-----BEGIN CERTIFICATE-----\nMIIB\n";
        assert_eq!(
            TrustStore::from_files(vec![("x.pem".into(), unterminated.into())]).err(),
            Some(TrustError::BadPem)
        );
        let crl_only = pki().root.make_crl(&[], T0, T0 + DAY).unwrap();
        assert_eq!(
            TrustStore::from_files(vec![("root.crl".into(), crl_only)]).err(),
            Some(TrustError::NoAnchors)
        );
        assert_eq!(
            TrustStore::from_files(vec![]).err(),
            Some(TrustError::NoAnchors)
        );
    }

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(base64_decode("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(base64_decode("TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64_decode("TQ").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64_decode("T"), None);
        assert_eq!(base64_decode("T*=="), None);
    }

    #[test]
    fn every_trust_error_has_kazakh_and_russian_text() {
        assert_messages(TrustError::ALL);
    }
}
