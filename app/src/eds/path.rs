//! Certificate path search: from a signer's certificate, through certificates a CMS carried,
//! to a trust anchor — with a bounded amount of work whatever the CMS holds.
//!
//! The certificates of a CMS are the sender's: anyone on the internet can send a log-in
//! signature whose certificate set was built to make the search slow (for example a dozen
//! self-issued "CA" certificates sharing one name and one key, each of which can "issue" every
//! other: a naive depth-first search tries every ordering, and each extra certificate multiplies
//! the work). The search here is bounded at the root:
//! - **loop detection by (subject, public key)**: a path never holds two certificates with the
//!   same name and key, so re-issued copies of one CA count once;
//! - **memoised issuer checks**: whether a certificate's signature verifies under a given key is
//!   computed once per (certificate, key), however many paths ask;
//! - **a budget**: at most [`MAX_SIGNATURE_CHECKS`] signature verifications and
//!   [`MAX_SEARCH_STEPS`] search steps per verification; a search over budget finds no path
//!   (the signature is refused as untrusted);
//! - the caller takes at most [`MAX_CMS_CERTIFICATES`] certificates from a CMS.
//!
//! Edges: names chain, the issuer has basicConstraints cA (and keyCertSign when it has a
//! keyUsage), pathLenConstraint is honoured, and the child's signature verifies under the
//! issuer's key with an accepted algorithm (RSA with SHA-256/384/512, GOST 512 — never SHA-1,
//! see [`uses_sha1`]).

use std::collections::HashMap;

use der::Encode;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};

use super::asn1::oids;
use super::public_key::PublicKey;

/// The longest path accepted: signer, up to this many intermediates, anchor. The national
/// CA's paths have one intermediate.
pub const MAX_INTERMEDIATES: usize = 4;

/// Certificates taken from one CMS (signer included); a CMS with more is refused. A national
/// CA signature carries one to three.
pub const MAX_CMS_CERTIFICATES: usize = 16;

/// Signature verifications one path search may make (each cached by certificate and key).
pub const MAX_SIGNATURE_CHECKS: usize = 16;

/// Candidate edges one path search may look at.
pub const MAX_SEARCH_STEPS: usize = 2_000;

/// The key usage extension of `cert`, if present and readable.
pub fn key_usage(cert: &Certificate) -> Option<KeyUsage> {
    cert.tbs_certificate
        .get::<KeyUsage>()
        .ok()
        .flatten()
        .map(|(_, ku)| ku)
}

/// Is `cert` signed with SHA-1 (refused: collisions can be bought)?
pub fn uses_sha1(cert: &Certificate) -> bool {
    cert.signature_algorithm.oid == oids::SHA1_WITH_RSA
}

/// One certificate of the search with what the search asks of it, computed once.
struct Node<'a> {
    cert: &'a Certificate,
    /// Index of the first node with the same subject public key (the memo's key id).
    key_id: usize,
    /// (subject, key) identity for loop detection: index of the first node with both equal.
    identity: usize,
    /// basicConstraints cA with its pathLenConstraint; keyCertSign allowed.
    ca: Option<Option<u8>>,
}

/// Where a path ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    Production,
    Test,
}

/// A bounded search over one signer, its CMS's certificates and the anchors.
pub struct PathSearch<'a> {
    nodes: Vec<Node<'a>>,
    /// `nodes[1..pool_end]`: the CMS's certificates (signer excluded).
    pool_end: usize,
    /// `nodes[pool_end..test_start]`: production anchors; `nodes[test_start..]`: test anchors.
    test_start: usize,
    keys: HashMap<usize, Option<PublicKey>>,
    /// (child node, issuer key id) → does the child's signature verify under that key.
    verified: HashMap<(usize, usize), bool>,
    checks: usize,
    steps: usize,
}

impl<'a> PathSearch<'a> {
    pub fn new(
        signer: &'a Certificate,
        pool: &'a [Certificate],
        anchors: &'a [Certificate],
        test_anchors: &'a [Certificate],
    ) -> Self {
        let mut certs: Vec<&Certificate> = vec![signer];
        certs.extend(pool.iter().filter(|c| *c != signer));
        let pool_end = certs.len();
        certs.extend(anchors);
        let test_start = certs.len();
        certs.extend(test_anchors);
        let spkis: Vec<Vec<u8>> = certs
            .iter()
            .map(|c| {
                c.tbs_certificate
                    .subject_public_key_info
                    .to_der()
                    .unwrap_or_default()
            })
            .collect();
        let nodes = certs
            .iter()
            .enumerate()
            .map(|(i, cert)| {
                let key_id = spkis.iter().position(|s| *s == spkis[i]).unwrap_or(i);
                let identity = (0..=i)
                    .find(|&j| {
                        nodes_same_key(&spkis, j, i)
                            && certs[j].tbs_certificate.subject == cert.tbs_certificate.subject
                    })
                    .unwrap_or(i);
                Node {
                    cert,
                    key_id,
                    identity,
                    ca: ca_constraint(cert),
                }
            })
            .collect();
        PathSearch {
            nodes,
            pool_end,
            test_start,
            keys: HashMap::new(),
            verified: HashMap::new(),
            checks: 0,
            steps: 0,
        }
    }

    /// A path from the signer to a production anchor, else (if there are test anchors) to a
    /// test anchor: signer first, anchor last. `None` when there is none within the budget.
    pub fn find(&mut self) -> Option<(Vec<Certificate>, AnchorKind)> {
        let production = self.pool_end..self.test_start;
        if let Some(path) = self.search(production) {
            return Some((path, AnchorKind::Production));
        }
        if self.test_start == self.nodes.len() {
            return None; // no test anchors: no second pass
        }
        let test = self.test_start..self.nodes.len();
        self.search(test).map(|p| (p, AnchorKind::Test))
    }

    /// Signature verifications made so far (for tests and benchmarks).
    pub fn signature_checks(&self) -> usize {
        self.checks
    }

    fn search(&mut self, anchors: std::ops::Range<usize>) -> Option<Vec<Certificate>> {
        let mut path = vec![0usize];
        self.extend(&mut path, &anchors)
            .then(|| path.iter().map(|&i| self.nodes[i].cert.clone()).collect())
    }

    fn extend(&mut self, path: &mut Vec<usize>, anchors: &std::ops::Range<usize>) -> bool {
        let current = *path.last().expect("path is never empty");
        let below = path.len() - 1;
        for anchor in anchors.clone() {
            if self.can_issue(anchor, current, below) {
                path.push(anchor);
                return true;
            }
        }
        if below >= MAX_INTERMEDIATES {
            return false;
        }
        for candidate in 1..self.pool_end {
            let identity = self.nodes[candidate].identity;
            if path.iter().any(|&p| self.nodes[p].identity == identity)
                || !self.can_issue(candidate, current, below)
            {
                continue;
            }
            path.push(candidate);
            if self.extend(path, anchors) {
                return true;
            }
            path.pop();
        }
        false
    }

    /// May node `issuer` issue node `child`, with `below` CA certificates already between it
    /// and the leaf? Counts a step; the signature check is cached and budgeted.
    fn can_issue(&mut self, issuer: usize, child: usize, below: usize) -> bool {
        self.steps += 1;
        if self.steps > MAX_SEARCH_STEPS {
            return false;
        }
        let (i, c) = (&self.nodes[issuer], &self.nodes[child]);
        if i.cert.tbs_certificate.subject != c.cert.tbs_certificate.issuer {
            return false;
        }
        match i.ca {
            Some(limit) if limit.is_none_or(|n| below <= usize::from(n)) => {}
            _ => return false,
        }
        self.signature_verifies(child, issuer)
    }

    fn signature_verifies(&mut self, child: usize, issuer: usize) -> bool {
        let key_id = self.nodes[issuer].key_id;
        if let Some(&known) = self.verified.get(&(child, key_id)) {
            return known;
        }
        if self.checks >= MAX_SIGNATURE_CHECKS {
            return false;
        }
        self.checks += 1;
        let cert = self.nodes[child].cert;
        let issuer_cert = self.nodes[issuer].cert;
        let key = self
            .keys
            .entry(key_id)
            .or_insert_with(|| PublicKey::of_certificate(issuer_cert));
        let ok = key.as_ref().is_some_and(|key| signed_with(cert, key));
        self.verified.insert((child, key_id), ok);
        ok
    }
}

fn nodes_same_key(spkis: &[Vec<u8>], a: usize, b: usize) -> bool {
    spkis[a] == spkis[b]
}

/// `Some(pathLenConstraint)` if `cert` may issue certificates (cA, and keyCertSign if it has
/// a keyUsage), `None` otherwise.
fn ca_constraint(cert: &Certificate) -> Option<Option<u8>> {
    let Ok(Some((_, bc))) = cert.tbs_certificate.get::<BasicConstraints>() else {
        return None;
    };
    if !bc.ca || key_usage(cert).is_some_and(|ku| !ku.key_cert_sign()) {
        return None;
    }
    Some(bc.path_len_constraint)
}

/// Is `cert`'s signature made by `key`, with an accepted algorithm (never SHA-1)?
fn signed_with(cert: &Certificate, key: &PublicKey) -> bool {
    let alg = cert.signature_algorithm.oid;
    if cert.tbs_certificate.signature.oid != alg || uses_sha1(cert) {
        return false;
    }
    let (Ok(tbs), Some(sig)) = (cert.tbs_certificate.to_der(), cert.signature.as_bytes()) else {
        return false;
    };
    key.verifies(&alg, &tbs, sig)
}
