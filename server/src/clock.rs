//! The time, as a dependency: verification and expiry take "now" from here, so tests can
//! pin it (the national CA's test certificates are valid only in the past).
use std::sync::Arc;

pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// Real time in unix seconds.
pub fn system() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    })
}

/// A clock stuck at `unix` (tests).
pub fn fixed(unix: i64) -> Clock {
    Arc::new(move || unix)
}
