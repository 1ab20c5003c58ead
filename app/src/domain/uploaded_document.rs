//! An uploaded document as the contract refers to it: its digest, and what can be wrong with
//! the reference a draft holds.
use serde::{Deserialize, Serialize};

use super::image_rules::DocumentKind;

/// An uploaded document as it enters the contract.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentDigest {
    /// Which document.
    pub kind: DocumentKind,
    /// SHA-256 of the file, lower-case hex.
    pub sha256_hex: String,
    /// Size in bytes.
    pub size: u64,
}

super::messages::localized_error! {
    /// Problems of an uploaded document reference.
    pub enum DocumentError {
        /// A required document is not uploaded.
        Missing {
            code: "document.missing",
            en: "the document is not uploaded",
            kk: "Құжатты жүктеңіз.",
            ru: "Загрузите документ.",
        },
        /// The stored reference is malformed (id or hash).
        BadReference {
            code: "document.bad_reference",
            en: "the document reference is invalid",
            kk: "Файл дұрыс жүктелмеді. Оны қайта жүктеңіз.",
            ru: "Файл загружен некорректно. Загрузите его ещё раз.",
        },
        /// Larger than 2 MB.
        TooLarge {
            code: "document.too_large",
            en: "the document is larger than 2 MB",
            kk: "Файлдың көлемі 2 Мб-тан аспауы керек.",
            ru: "Размер файла не должен превышать 2 МБ.",
        },
        /// Zero bytes.
        EmptyFile {
            code: "document.empty_file",
            en: "the document file is empty",
            kk: "Файл бос. Басқа файлды таңдаңыз.",
            ru: "Файл пустой. Выберите другой файл.",
        },
    }
}
