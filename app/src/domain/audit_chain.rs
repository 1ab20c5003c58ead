//! The audit log's hash chain (issue 8: every state change, signature, refusal, staff access
//! to documents, role change and login is appended to a log in which tampering is
//! detectable). Each entry's hash covers the previous entry's hash and the entry's own
//! fields in a fixed text form, so editing, deleting or reordering any row breaks every hash
//! after it. Pure: the server stores the rows, the CLI and the admin page verify them.

use serde::{Deserialize, Serialize};

use super::canonical::sha256_hex;

/// The hash "before" the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry as hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// IIN of who acted; empty for the system.
    pub actor: String,
    /// What happened, e.g. `contract.sent`, `login`, `document.read`.
    pub action: String,
    /// What it happened to, e.g. `contract:12`.
    pub subject: String,
    /// Details (JSON or text).
    pub detail: String,
    /// Where from (client address), `-` when unknown.
    pub origin: String,
    /// The education department whose admins may read the entry (the contract's, referral's,
    /// kindergarten's or the admin's own); `None` for entries of no department (log-ins).
    #[serde(default)]
    pub department_id: Option<i32>,
}

impl AuditEntry {
    /// The entry, readable by the admins of `department_id`.
    pub fn in_department(self, department_id: i32) -> AuditEntry {
        AuditEntry {
            department_id: Some(department_id),
            ..self
        }
    }
}

fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// The hash of `entry` following an entry whose hash was `prev` (lower-case hex SHA-256 of
/// `EKG-AUDIT/1`, `prev`, then each field on its own line, `\`, LF and CR escaped).
pub fn entry_hash(prev: &str, entry: &AuditEntry) -> String {
    let text = format!(
        "EKG-AUDIT/1\nprev={}\nat={}\nactor={}\naction={}\nsubject={}\ndetail={}\norigin={}\n",
        escaped(prev),
        entry.at,
        escaped(&entry.actor),
        escaped(&entry.action),
        escaped(&entry.subject),
        escaped(&entry.detail),
        escaped(&entry.origin),
    );
    // Entries of a department also hash it (so moving an entry out of a department's view
    // breaks the chain); entries without one hash exactly as before the field existed.
    let text = match entry.department_id {
        Some(d) => format!("{text}department={d}\n"),
        None => text,
    };
    sha256_hex(text.as_bytes())
}

/// A stored entry: its id, the fields, and the hashes stored with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEntry {
    pub id: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// The row's own hash does not match its fields (the row was edited).
    #[error("audit entry {id}: its hash does not match its contents (edited)")]
    Edited { id: i64 },
    /// The row does not follow the previous one (a row was deleted, inserted or reordered).
    #[error("audit entry {id}: does not follow the previous entry (removed or reordered)")]
    Unlinked { id: i64 },
}

/// Checks `rows` (in id order, from the first entry): every row follows the previous one and
/// its hash matches its fields. Returns how many entries were checked.
pub fn verify_chain(rows: &[StoredEntry]) -> Result<usize, ChainBreak> {
    verify_chain_from(GENESIS, rows)
}

/// [`verify_chain`] for a slice of the log that follows the entry whose hash is `prev`
/// (verifying a long log page by page).
pub fn verify_chain_from(prev: &str, rows: &[StoredEntry]) -> Result<usize, ChainBreak> {
    let mut prev = prev.to_string();
    for r in rows {
        if r.prev_hash != prev {
            return Err(ChainBreak::Unlinked { id: r.id });
        }
        if entry_hash(&r.prev_hash, &r.entry) != r.hash {
            return Err(ChainBreak::Edited { id: r.id });
        }
        prev = r.hash.clone();
    }
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<StoredEntry> {
        let mut prev = GENESIS.to_string();
        (0..n)
            .map(|i| {
                let entry = AuditEntry {
                    at: 1_700_000_000 + i as i64,
                    actor: "900101300123".into(),
                    action: "contract.sent".into(),
                    subject: format!("contract:{i}"),
                    detail: "line\nbreak".into(),
                    origin: "127.0.0.1".into(),
                    department_id: (i % 2 == 0).then_some(1),
                };
                let hash = entry_hash(&prev, &entry);
                let row = StoredEntry {
                    id: i as i64 + 1,
                    entry,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                row
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), Ok(5));
        assert_eq!(verify_chain(&[]), Ok(0));
    }

    #[test]
    fn moving_an_entry_to_another_department_is_an_edit_and_old_entries_hash_as_before() {
        let mut c = chain(3);
        c[0].entry.department_id = Some(2);
        assert_eq!(verify_chain(&c), Err(ChainBreak::Edited { id: 1 }));
        let mut old = chain(2)[1].entry.clone();
        old.department_id = None;
        assert_eq!(
            entry_hash(GENESIS, &old),
            sha256_hex(
                format!(
                    "EKG-AUDIT/1\nprev={GENESIS}\nat={}\nactor={}\naction={}\nsubject={}\ndetail={}\norigin={}\n",
                    old.at, old.actor, old.action, old.subject, "line\\nbreak", old.origin
                )
                .as_bytes()
            )
        );
    }

    #[test]
    fn an_edited_row_is_detected() {
        let mut c = chain(5);
        c[2].entry.actor = "000000000000".into();
        assert_eq!(verify_chain(&c), Err(ChainBreak::Edited { id: 3 }));
    }

    #[test]
    fn a_removed_or_reordered_row_is_detected() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify_chain(&c), Err(ChainBreak::Unlinked { id: 3 }));
        let mut c = chain(5);
        c.swap(3, 4);
        assert_eq!(verify_chain(&c), Err(ChainBreak::Unlinked { id: 5 }));
    }

    #[test]
    fn a_field_cannot_be_moved_into_another() {
        let a = AuditEntry {
            at: 1,
            actor: "a".into(),
            action: "b\nactor=c".into(),
            subject: String::new(),
            detail: String::new(),
            origin: String::new(),
            department_id: None,
        };
        let mut b = a.clone();
        b.action = "b".into();
        b.actor = "a\naction=b".into();
        assert_ne!(entry_hash(GENESIS, &a), entry_hash(GENESIS, &b));
    }
}
