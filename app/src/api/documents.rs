//! What the document upload route (`POST /api/documents`, multipart, outside the server
//! functions) answers when it refuses an upload.
use serde::{Deserialize, Serialize};

/// A refused upload: `{"code": "document.too_large"}` and the like, with its HTTP status. The
/// code is an `UploadError`/`AppError` code, translated on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRefused {
    pub code: String,
}
