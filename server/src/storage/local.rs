//! [`LocalDocumentStore`]: documents as files in a local directory, written atomically and
//! durably.
//!
//! Layout: `<dir>/<first 2 hex of the key>/<key>`, in the 256 fan-out directories `00`..`ff`
//! that [`LocalDocumentStore::open`] makes.
//!
//! A write goes to `<dir>/<xx>/<key>.<random>.tmp` (same directory, so the same file system),
//! is `fsync`ed, renamed onto the final name (atomic on POSIX), and then the directory is
//! `fsync`ed so the rename itself survives a power cut. A crash at any point leaves either the
//! old document, or the new one, under the final name; never a half-written one. What a crash
//! can leave behind is a `*.tmp` file, which no read ever looks at and which
//! [`LocalDocumentStore::sweep_temp`] removes at startup.
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;

use super::key::hex;
use super::{DocumentKey, DocumentStore, StorageError, StoredDocument};

/// Suffix of the files a write is in progress in (or that a crash left behind).
const TEMP_SUFFIX: &str = ".tmp";

/// A [`DocumentStore`] in a local directory. Cheap to clone.
///
/// Files are created with mode `0600` and directories with `0700` (on Unix): the documents are
/// personal data, readable by the server's user only.
#[derive(Clone, Debug)]
pub struct LocalDocumentStore {
    root: Arc<PathBuf>,
}

impl LocalDocumentStore {
    /// A store in `root`, which is created (with its parents) if missing, together with its
    /// 256 fan-out directories `00`..`ff` (made durable here once, so that a `put` never has
    /// to create a directory).
    ///
    /// Blocking (a few hundred `mkdir`s the first time): meant for startup. Call
    /// [`sweep_temp`](Self::sweep_temp) (or [`DocumentStore::prepare`]) once after it, before
    /// serving requests.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, StorageError> {
        let root = root.into();
        create_dir_all(&root)?;
        if !root.is_dir() {
            return Err(StorageError::Unavailable(format!(
                "{} is not a directory",
                root.display()
            )));
        }
        if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        let mut created = false;
        for byte in 0..=u8::MAX {
            let shard = root.join(hex(&[byte]));
            if !shard.is_dir() {
                create_dir_all(&shard)?;
                created = true;
            }
        }
        if created {
            sync_dir(&root)?;
        }
        Ok(Self {
            root: Arc::new(root),
        })
    }

    /// The directory the documents are in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Removes the `*.tmp` files that writes interrupted by a crash left behind, and returns
    /// how many there were.
    ///
    /// Must run while no `put` is in progress (at startup, before serving): it would remove
    /// the temporary file of a concurrent write, which would then fail.
    pub async fn sweep_temp(&self) -> Result<usize, StorageError> {
        let root = Arc::clone(&self.root);
        blocking(move || sweep_temp_blocking(&root)).await
    }

    /// `<root>/<xx>`: the fan-out directory of `key`.
    fn shard_dir(&self, key: &DocumentKey) -> PathBuf {
        self.root.join(key.shard())
    }

    /// `<root>/<xx>/<key>`: where the document `key` lives.
    fn path_of(&self, key: &DocumentKey) -> PathBuf {
        self.shard_dir(key).join(key.as_str())
    }
}

#[async_trait]
impl DocumentStore for LocalDocumentStore {
    async fn put(&self, key: &DocumentKey, bytes: Bytes) -> Result<(), StorageError> {
        let (root, shard, path) = (
            Arc::clone(&self.root),
            self.shard_dir(key),
            self.path_of(key),
        );
        blocking(move || write_atomically(&root, &shard, &path, &bytes)).await
    }

    async fn get(&self, key: &DocumentKey) -> Result<Option<Bytes>, StorageError> {
        let path = self.path_of(key);
        blocking(move || match fs::read(&path) {
            Ok(data) => Ok(Some(Bytes::from(data))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
    }

    async fn delete(&self, key: &DocumentKey) -> Result<(), StorageError> {
        let (shard, path) = (self.shard_dir(key), self.path_of(key));
        blocking(move || match fs::remove_file(&path) {
            Ok(()) => sync_dir(&shard).map_err(Into::into),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        })
        .await
    }

    async fn list(&self) -> Result<Vec<StoredDocument>, StorageError> {
        let root = Arc::clone(&self.root);
        blocking(move || list_blocking(&root)).await
    }

    fn describe(&self) -> String {
        format!("local directory {}", self.root.display())
    }

    async fn prepare(&self) -> Result<(), StorageError> {
        let removed = self.sweep_temp().await?;
        if removed > 0 {
            tracing::warn!(
                removed,
                dir = %self.root.display(),
                "removed temporary files left by interrupted document writes"
            );
        }
        Ok(())
    }
}

/// Runs blocking file-system work off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, StorageError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StorageError::Io(format!("storage task failed: {e}")))?
}

/// The temp-file / fsync / rename / fsync-dir sequence described in the module docs.
fn write_atomically(
    root: &Path,
    shard: &Path,
    path: &Path,
    bytes: &[u8],
) -> Result<(), StorageError> {
    if !shard.is_dir() {
        // Only if someone removed it since `open`. Its entry in the root must be durable too.
        create_dir_all(shard)?;
        sync_dir(root)?;
    }
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| StorageError::Io(format!("bad document path {}", path.display())))?;
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix)
        .map_err(|e| StorageError::Unavailable(format!("random source: {e}")))?;
    let tmp = shard.join(format!("{file_name}.{}{TEMP_SUFFIX}", hex(&suffix)));

    let written = (|| -> io::Result<()> {
        let mut file = create_new_private(&tmp)?;
        crate::failpoint::hit("storage.local.write")?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        crate::failpoint::hit("storage.local.before_rename")?;
        fs::rename(&tmp, path)?;
        sync_dir(shard)
    })();
    if let Err(e) = written {
        // Best effort: if this fails too, sweep_temp gets it at the next start.
        let _ = fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

/// Removes every `*.tmp` file in `root` and its fan-out directories.
fn sweep_temp_blocking(root: &Path) -> Result<usize, StorageError> {
    let mut removed = 0;
    let mut dirs = vec![root.to_path_buf()];
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() && is_shard_name(&entry.file_name()) {
            dirs.push(entry.path());
        }
    }
    for dir in dirs {
        let mut removed_here = 0;
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let is_temp = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(TEMP_SUFFIX));
            if is_temp && entry.file_type()?.is_file() {
                match fs::remove_file(entry.path()) {
                    Ok(()) => removed_here += 1,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        if removed_here > 0 {
            sync_dir(&dir)?;
            removed += removed_here;
        }
    }
    Ok(removed)
}

/// The documents in the fan-out directories of `root` (a file named by a key, in the shard
/// its key names).
fn list_blocking(root: &Path) -> Result<Vec<StoredDocument>, StorageError> {
    let mut found = Vec::new();
    for shard in fs::read_dir(root)? {
        let shard = shard?;
        if !(shard.file_type()?.is_dir() && is_shard_name(&shard.file_name())) {
            continue;
        }
        for entry in fs::read_dir(shard.path())? {
            let entry = entry?;
            let Some(key) = entry
                .file_name()
                .to_str()
                .and_then(|n| DocumentKey::parse(n).ok())
            else {
                continue;
            };
            if key.shard().as_bytes() != shard.file_name().as_encoded_bytes() {
                continue;
            }
            let meta = match entry.metadata() {
                Ok(m) => m,
                // Removed since the directory was read.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            if meta.is_file() {
                found.push(StoredDocument {
                    key,
                    modified: meta.modified()?,
                });
            }
        }
    }
    Ok(found)
}

/// Whether a directory name is a fan-out directory (two lowercase hex digits).
fn is_shard_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| {
        n.len() == 2
            && n.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Creates `path` and its parents (mode `0700` on Unix).
fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Creates a new file that must not exist yet (mode `0600` on Unix).
fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Makes the entries of `dir` (creations, renames, removals) durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a file; NTFS journals the metadata anyway.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::contract::{TempDir, store_contract};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn local_store_meets_the_contract() {
        let dir = TempDir::new("contract");
        let store = LocalDocumentStore::open(dir.path().join("documents")).unwrap();
        store_contract(&store).await;
        // Nothing but fan-out directories in the root, nothing but documents in them.
        for shard in fs::read_dir(store.root()).unwrap() {
            let shard = shard.unwrap();
            assert!(is_shard_name(&shard.file_name()), "{:?}", shard.path());
            for doc in fs::read_dir(shard.path()).unwrap() {
                let name = doc.unwrap().file_name().into_string().unwrap();
                assert!(DocumentKey::parse(&name).is_ok(), "stray file {name}");
                assert!(name.starts_with(shard.file_name().to_str().unwrap()));
            }
        }
    }

    #[tokio::test]
    async fn documents_live_under_their_shard() {
        let dir = TempDir::new("layout");
        let store = LocalDocumentStore::open(dir.path()).unwrap();
        let key = DocumentKey::parse("ab0123456789abcdef0123456789abcd").unwrap();
        store.put(&key, Bytes::from_static(b"hello")).await.unwrap();
        let path = dir.path().join("ab").join(key.as_str());
        assert_eq!(fs::read(&path).unwrap(), b"hello");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(store.describe().contains(&dir.path().display().to_string()));
    }

    /// A crash between "temp file written" and "renamed" leaves a `.tmp` file (here with half
    /// a document in it): reads never see it, and the startup sweep removes it and nothing
    /// else.
    #[tokio::test]
    async fn crash_leftover_temp_file_is_invisible_and_swept() {
        let dir = TempDir::new("crash");
        let store = LocalDocumentStore::open(dir.path()).unwrap();
        let kept = DocumentKey::random().unwrap();
        store
            .put(&kept, Bytes::from_static(b"complete"))
            .await
            .unwrap();

        let crashed = DocumentKey::random().unwrap();
        let shard = dir.path().join(crashed.shard());
        fs::create_dir_all(&shard).unwrap();
        let leftover = shard.join(format!("{crashed}.0123456789abcdef.tmp"));
        fs::write(&leftover, b"half a docu").unwrap();
        // One in the root too (a crash of an older layout or a stray editor).
        let root_leftover = dir.path().join("stray.tmp");
        fs::write(&root_leftover, b"x").unwrap();

        assert_eq!(store.get(&crashed).await.unwrap(), None);
        // Nor are they listed, and neither is a file under a shard that is not its key's.
        let misplaced = DocumentKey::parse("00000000000000000000000000000000").unwrap();
        fs::write(dir.path().join("ff").join(misplaced.as_str()), b"x").unwrap();
        let listed: Vec<_> = store
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.key)
            .collect();
        assert_eq!(listed, std::slice::from_ref(&kept));

        assert_eq!(store.sweep_temp().await.unwrap(), 2);
        assert!(!leftover.exists());
        assert!(!root_leftover.exists());
        assert_eq!(store.get(&crashed).await.unwrap(), None);
        assert_eq!(
            store.get(&kept).await.unwrap(),
            Some(Bytes::from_static(b"complete"))
        );
        // Nothing left: a second sweep is a no-op, and so is prepare().
        assert_eq!(store.sweep_temp().await.unwrap(), 0);
        store.prepare().await.unwrap();
    }

    /// A write that fails after the temp file was written (here the rename fails, because a
    /// directory is in the way of the final name) leaves no temp file behind.
    #[tokio::test]
    async fn failed_write_leaves_no_temp_file() {
        let dir = TempDir::new("failed");
        let store = LocalDocumentStore::open(dir.path()).unwrap();
        let key = DocumentKey::random().unwrap();
        let shard = dir.path().join(key.shard());
        let blocker = shard.join(key.as_str());
        fs::create_dir_all(blocker.join("occupied")).unwrap();

        let err = store.put(&key, Bytes::from_static(b"x")).await.unwrap_err();
        assert!(matches!(err, StorageError::Io(_)), "{err:?}");
        let names: Vec<_> = fs::read_dir(&shard)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [key.as_str()], "only the blocking directory is left");
    }

    #[tokio::test]
    async fn open_makes_every_shard_and_put_recreates_a_removed_one() {
        let dir = TempDir::new("shards");
        let store = LocalDocumentStore::open(dir.path()).unwrap();
        let shards = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| is_shard_name(&e.as_ref().unwrap().file_name()))
            .count();
        assert_eq!(shards, 256);
        let key = DocumentKey::random().unwrap();
        fs::remove_dir(dir.path().join(key.shard())).unwrap();
        store.put(&key, Bytes::from_static(b"x")).await.unwrap();
        assert_eq!(
            store.get(&key).await.unwrap(),
            Some(Bytes::from_static(b"x"))
        );
        // Opening again changes nothing.
        LocalDocumentStore::open(dir.path()).unwrap();
        assert_eq!(
            store.get(&key).await.unwrap(),
            Some(Bytes::from_static(b"x"))
        );
    }

    #[test]
    fn traversal_keys_are_refused() {
        for bad in [
            "../../etc/passwd",
            "../0123456789abcdef0123456789abcd",
            "..%2f0123456789abcdef0123456789ab",
            "0123456789abcdef/../456789abcdef0",
            "/etc/passwd",
        ] {
            assert!(DocumentKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn open_refuses_a_file_as_root() {
        let dir = TempDir::new("notadir");
        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        assert!(LocalDocumentStore::open(&file).is_err());
    }
}
