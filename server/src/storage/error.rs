//! [`StorageError`]: what a document store can fail with, and how OS errors map onto it.
use std::io;

/// A failure of a [`DocumentStore`](super::DocumentStore) operation.
///
/// A missing document is not an error: `get` answers `Ok(None)` and `delete` `Ok(())`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The backend cannot be reached or is misconfigured (S3 endpoint down, bad credentials,
    /// missing bucket, bad storage URL). Usually worth a retry later or an operator's look.
    #[error("document storage unavailable: {0}")]
    Unavailable(String),
    /// No space left on the device (or the disk quota is exhausted): the document was not
    /// stored, and nothing half-written is visible under its name.
    #[error("document storage is full")]
    Full,
    /// Any other I/O failure of the local store.
    #[error("document storage I/O error: {0}")]
    Io(String),
}

/// `ENOSPC` ("No space left on device") on Linux and the BSDs/macOS.
#[cfg(unix)]
const ENOSPC: i32 = 28;
/// `EDQUOT` ("Disk quota exceeded") on Linux.
#[cfg(target_os = "linux")]
const EDQUOT: i32 = 122;

/// Whether an I/O error means "the disk is full" (or the quota is used up).
pub fn is_storage_full(e: &io::Error) -> bool {
    if matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    ) {
        return true;
    }
    #[cfg(unix)]
    if e.raw_os_error() == Some(ENOSPC) {
        return true;
    }
    #[cfg(target_os = "linux")]
    if e.raw_os_error() == Some(EDQUOT) {
        return true;
    }
    false
}

/// Maps an I/O error to [`StorageError::Full`] when the disk is full, to
/// [`StorageError::Io`] otherwise.
pub fn from_io(e: io::Error) -> StorageError {
    if is_storage_full(&e) {
        StorageError::Full
    } else {
        StorageError::Io(e.to_string())
    }
}

impl From<io::Error> for StorageError {
    fn from(e: io::Error) -> Self {
        from_io(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enospc_maps_to_full() {
        assert_eq!(
            from_io(io::Error::from_raw_os_error(28)),
            StorageError::Full
        );
        assert_eq!(
            from_io(io::Error::from(io::ErrorKind::StorageFull)),
            StorageError::Full
        );
        assert_eq!(
            from_io(io::Error::from(io::ErrorKind::QuotaExceeded)),
            StorageError::Full
        );
        #[cfg(target_os = "linux")]
        assert_eq!(
            from_io(io::Error::from_raw_os_error(122)),
            StorageError::Full
        );
    }

    #[test]
    fn other_io_errors_map_to_io() {
        let e = from_io(io::Error::new(io::ErrorKind::PermissionDenied, "nope"));
        assert!(
            matches!(e, StorageError::Io(ref m) if m.contains("nope")),
            "{e:?}"
        );
        assert!(matches!(
            from_io(io::Error::from_raw_os_error(13)), // EACCES
            StorageError::Io(_)
        ));
    }

    /// A real ENOSPC from the kernel: every write to `/dev/full` fails with it.
    #[cfg(target_os = "linux")]
    #[test]
    fn real_enospc_from_dev_full_maps_to_full() {
        use std::io::Write;
        let Ok(mut f) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            eprintln!("no writable /dev/full here: only the synthetic ENOSPC tests ran");
            return;
        };
        let e = f.write_all(b"x").and_then(|()| f.flush()).unwrap_err();
        assert_eq!(from_io(e), StorageError::Full);
    }
}
