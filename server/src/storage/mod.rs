//! Document storage: where the bytes of signed contracts and other documents live.
//!
//! The rest of the server sees only [`DocumentStore`] (put / get / delete by [`DocumentKey`]);
//! [`from_config`] picks the backend from one storage URL.
//!
//! # Storage URL
//!
//! | URL | Backend |
//! | --- | --- |
//! | *(empty)* or `local` | local directory `<data dir>/documents` |
//! | `file:///absolute/path` | local directory `/absolute/path` (percent-encoded) |
//! | `s3://BUCKET?endpoint=URL&region=REGION&allow_http=true` | S3-compatible bucket |
//!
//! S3 parameters, all optional:
//! - `endpoint`: base URL of the S3 API, e.g. `http://127.0.0.1:9000` for MinIO
//!   (percent-encode it if it has a `?` or `&`). Without it: AWS S3 itself.
//! - `region`: the signing region, `us-east-1` by default.
//! - `allow_http`: `true` to allow a plain `http://` endpoint (a local MinIO); `false` by
//!   default, and an `http://` endpoint without it is refused.
//!
//! Credentials come from the environment only, never from the URL: `AWS_ACCESS_KEY_ID` and
//! `AWS_SECRET_ACCESS_KEY` (both required), and `AWS_SESSION_TOKEN` for temporary
//! credentials. The bucket must exist. Objects are stored at the bucket's root, one per
//! document, named by its key, with path-style requests (`<endpoint>/<bucket>/<key>`).
//!
//! Example: `s3://ekg-documents?endpoint=http://127.0.0.1:9000&region=us-east-1&allow_http=true`
//!
//! Whatever the backend, call [`DocumentStore::prepare`] once at startup, before serving.
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use async_trait::async_trait;
use bytes::Bytes;

mod error;
mod key;
mod local;
mod s3;

#[cfg(test)]
mod contract;
#[cfg(test)]
mod moto;

pub use error::{StorageError, from_io, is_storage_full};
pub use key::{DocumentKey, InvalidDocumentKey, KEY_LEN};
pub use local::LocalDocumentStore;
pub use s3::{DEFAULT_REGION, S3DocumentStore, S3Settings};

/// One document as [`DocumentStore::list`] sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDocument {
    pub key: DocumentKey,
    /// When its bytes were written (the file's modification time, the object's
    /// `Last-Modified`).
    pub modified: SystemTime,
}

/// Where documents are kept: a map from [`DocumentKey`] to bytes.
///
/// Every implementation guarantees that a `put` is atomic (a reader sees the previous
/// document or the new one, never a part of it, even after a crash) and durable once it
/// returns `Ok`; that `get` of a missing key is `Ok(None)`; and that `delete` of a missing
/// key is `Ok(())`.
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Stores `bytes` under `key`, replacing any previous document.
    async fn put(&self, key: &DocumentKey, bytes: Bytes) -> Result<(), StorageError>;

    /// The document under `key`, or `None` if there is none.
    async fn get(&self, key: &DocumentKey) -> Result<Option<Bytes>, StorageError>;

    /// Removes the document under `key`; no error if there is none.
    async fn delete(&self, key: &DocumentKey) -> Result<(), StorageError>;

    /// Every document in the store, in no particular order, with when it was last written.
    /// Anything whose name is not a [`DocumentKey`] (a temporary file, a stranger's object) is
    /// left out. Used by the orphan sweep ([`crate::orphans`]), not by requests.
    async fn list(&self) -> Result<Vec<StoredDocument>, StorageError>;

    /// One line for logs and health output, e.g. `local directory /var/lib/ekg/documents`.
    /// Never contains credentials.
    fn describe(&self) -> String;

    /// Startup work, to run once before serving requests: the local store removes the
    /// temporary files of writes a crash interrupted; the S3 store checks that the bucket is
    /// reachable with the given credentials.
    async fn prepare(&self) -> Result<(), StorageError> {
        Ok(())
    }
}

/// The document store that the storage URL `url` names (see the [module docs](self) for the
/// format). `data_dir` is the server's data directory, used by `local`.
///
/// Makes no network request; the local directory is created if missing.
pub fn from_config(url: &str, data_dir: &Path) -> Result<Arc<dyn DocumentStore>, StorageError> {
    from_config_with_env(url, data_dir, |k| std::env::var(k).ok())
}

/// [`from_config`] with the environment given as a function (tests).
pub fn from_config_with_env(
    url: &str,
    data_dir: &Path,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Arc<dyn DocumentStore>, StorageError> {
    let url = url.trim();
    if url.is_empty() || url == "local" {
        return Ok(Arc::new(LocalDocumentStore::open(
            data_dir.join("documents"),
        )?));
    }
    let bad = |why: &str| StorageError::Unavailable(format!("storage URL {url:?}: {why}"));
    match url.split_once("://").map(|(scheme, _)| scheme) {
        Some("file") => {
            let parsed = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
            if parsed.query().is_some() || parsed.fragment().is_some() {
                return Err(bad("a file:// URL takes no parameters"));
            }
            let dir = parsed
                .to_file_path()
                .map_err(|()| bad("expected file:///absolute/path"))?;
            if !dir.is_absolute() {
                return Err(bad("expected file:///absolute/path"));
            }
            Ok(Arc::new(LocalDocumentStore::open(dir)?))
        }
        Some("s3") => Ok(Arc::new(S3DocumentStore::new(S3Settings::from_url(
            url, env,
        )?)?)),
        _ => Err(bad(
            "expected local, file:///absolute/path or s3://bucket?...",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::contract::TempDir;
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[tokio::test]
    async fn empty_and_local_mean_data_dir_documents() {
        let dir = TempDir::new("config");
        for url in ["", "local", "  local "] {
            let store = from_config_with_env(url, dir.path(), no_env).unwrap();
            let expected = dir.path().join("documents");
            assert_eq!(
                store.describe(),
                format!("local directory {}", expected.display())
            );
            assert!(expected.is_dir());
            store.prepare().await.unwrap();
        }
    }

    #[tokio::test]
    async fn file_url_is_a_local_directory() {
        let dir = TempDir::new("fileurl");
        let target = dir.path().join("my docs");
        let url = url::Url::from_directory_path(&target).unwrap().to_string();
        assert!(url.contains("my%20docs"), "{url}");
        let store = from_config_with_env(&url, Path::new("/nonexistent"), no_env).unwrap();
        assert!(target.is_dir());
        let key = DocumentKey::random().unwrap();
        store.put(&key, Bytes::from_static(b"x")).await.unwrap();
        assert!(target.join(key.shard()).join(key.as_str()).is_file());
    }

    #[test]
    fn s3_url_makes_an_s3_store() {
        let env = |k: &str| k.starts_with("AWS_").then(|| "test".to_owned());
        let store = from_config_with_env(
            "s3://docs-bucket?endpoint=http://127.0.0.1:9000&region=us-east-1&allow_http=true",
            Path::new("/unused"),
            env,
        )
        .unwrap();
        assert_eq!(
            store.describe(),
            "S3 bucket docs-bucket at http://127.0.0.1:9000 (region us-east-1)"
        );
        // Without credentials: refused at configuration time.
        assert!(from_config_with_env("s3://docs-bucket", Path::new("/unused"), no_env).is_err());
    }

    #[test]
    fn other_urls_are_refused() {
        for url in [
            "file://relative/dir",
            "file:///tmp/x?mode=1",
            "ftp://host/dir",
            "documents",
            "/var/lib/ekg",
            "s3:/bucket",
        ] {
            let err = from_config_with_env(url, Path::new("/unused"), no_env)
                .err()
                .unwrap_or_else(|| panic!("{url} accepted"));
            assert!(
                matches!(err, StorageError::Unavailable(_)),
                "{url}: {err:?}"
            );
        }
    }
}
