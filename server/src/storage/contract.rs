//! The behaviour every [`DocumentStore`] must have, as one test function that each backend's
//! tests run ([`store_contract`]), and a temporary directory for those tests.
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::future::join_all;

use super::{DocumentKey, DocumentStore};

/// A body of `len` bytes that differs for each `seed` (and is not all zeros, so a truncated or
/// shifted read cannot pass by accident).
fn body(seed: u8, len: usize) -> Bytes {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31) ^ ((i >> 8) as u8) ^ seed)
        .collect::<Vec<u8>>()
        .into()
}

/// Runs the document-store contract against `store`, panicking at the first violation.
pub async fn store_contract(store: &dyn DocumentStore) {
    let name = store.describe();
    assert!(!name.is_empty());

    // Round trip of a 2 MB document.
    let key = DocumentKey::random().unwrap();
    let big = body(1, 2 * 1024 * 1024);
    store.put(&key, big.clone()).await.unwrap();
    let got = store
        .get(&key)
        .await
        .unwrap()
        .expect("document just stored");
    assert_eq!(got.len(), big.len(), "{name}: length after round trip");
    assert!(got == big, "{name}: content after round trip");

    // Overwrite with a smaller document: nothing of the old one remains.
    let small = body(2, 1000);
    store.put(&key, small.clone()).await.unwrap();
    assert_eq!(
        store.get(&key).await.unwrap(),
        Some(small),
        "{name}: overwrite"
    );

    // An empty document is a document.
    let empty_key = DocumentKey::random().unwrap();
    store.put(&empty_key, Bytes::new()).await.unwrap();
    assert_eq!(
        store.get(&empty_key).await.unwrap(),
        Some(Bytes::new()),
        "{name}: empty"
    );
    store.delete(&empty_key).await.unwrap();

    // A key never stored.
    let missing = DocumentKey::random().unwrap();
    assert_eq!(
        store.get(&missing).await.unwrap(),
        None,
        "{name}: missing key"
    );

    // Delete, then delete again.
    store.delete(&key).await.unwrap();
    assert_eq!(store.get(&key).await.unwrap(), None, "{name}: after delete");
    store.delete(&key).await.unwrap();
    store.delete(&missing).await.unwrap();

    // 20 concurrent writes of different keys, all readable afterwards.
    let docs: Vec<(DocumentKey, Bytes)> = (0..20u8)
        .map(|i| {
            (
                DocumentKey::random().unwrap(),
                body(10 + i, 64 * 1024 + usize::from(i)),
            )
        })
        .collect();
    let puts = join_all(docs.iter().map(|(k, b)| store.put(k, b.clone()))).await;
    for r in puts {
        r.unwrap();
    }
    let gets = join_all(docs.iter().map(|(k, _)| store.get(k))).await;
    for ((key, expected), got) in docs.iter().zip(gets) {
        assert_eq!(
            got.unwrap().as_ref(),
            Some(expected),
            "{name}: concurrent put of {key}"
        );
    }
    // They are all listed, each with when it was written.
    let before = std::time::SystemTime::now() - std::time::Duration::from_secs(300);
    let after = std::time::SystemTime::now() + std::time::Duration::from_secs(300);
    let listed = store.list().await.unwrap();
    for (key, _) in &docs {
        let entry = listed
            .iter()
            .find(|d| &d.key == key)
            .unwrap_or_else(|| panic!("{name}: {key} not listed"));
        assert!(
            (before..after).contains(&entry.modified),
            "{name}: {key} modified {:?}",
            entry.modified
        );
    }
    for r in join_all(docs.iter().map(|(k, _)| store.delete(k))).await {
        r.unwrap();
    }
    for (key, _) in &docs {
        assert_eq!(
            store.get(key).await.unwrap(),
            None,
            "{name}: {key} after delete"
        );
    }
    let listed = store.list().await.unwrap();
    assert!(
        docs.iter().all(|(k, _)| listed.iter().all(|d| &d.key != k)),
        "{name}: deleted documents still listed"
    );
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        let name = format!("docstore-test-{label}-{}", DocumentKey::random().unwrap());
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
