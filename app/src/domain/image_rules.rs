//! Rules for the uploaded documents of step 5.
//!
//! Rules (GUIDE.md step 5): four documents — 1. the child's photo, 2. the health passport
//! (the section with general information about the child), 3. the health certificate,
//! form 063/у, 4. the PMPK conclusion, only if the child has one. «Жүктелетін құжаттардың
//! көлемі 2 Мб аспауға тиіс. Жүктелетін құжаттар JPEG форматында болуы тиіс.» — each file
//! at most 2 MB (2 × 1024 × 1024 bytes), JPEG only. The file type is decided by its first
//! bytes, never by its name or the browser's MIME type.

use serde::{Deserialize, Serialize};

use super::lang::Lang;

/// Largest accepted file, in bytes (2 MiB).
pub const MAX_UPLOAD_BYTES: u64 = 2 * 1024 * 1024;
/// Longest side, in pixels, of the JPEG the browser's converter makes (`documents::prepare`).
pub const CONVERTED_MAX_SIDE: u32 = 2560;
/// Longest side the server accepts: what the product itself produces plus a 20 % margin. A
/// larger picture would cost the server far more memory to decode (a 16 384 px square is
/// 768 MiB as RGB); at this size it is at most 27 MiB.
pub const SERVER_MAX_SIDE: u32 = 3072;
/// The only accepted MIME type.
pub const ACCEPTED_MIME: &str = "image/jpeg";
/// Value for the `accept` attribute of the file input.
pub const ACCEPT_ATTRIBUTE: &str = "image/jpeg,.jpg,.jpeg";

super::messages::localized_error! {
    /// Why an uploaded file is refused.
    pub enum UploadError {
        /// The document is part of a contract the parent already signed and sent: it is
        /// evidence and cannot be deleted or replaced.
        Locked {
            code: "upload.locked",
            en: "this document is part of a signed contract and cannot be deleted or replaced",
            kk: "Бұл құжат қол қойылып жіберілген шарттың құрамында, сондықтан оны өшіруге немесе ауыстыруға болмайды.",
            ru: "Этот документ входит в подписанный и отправленный договор, поэтому его нельзя удалить или заменить.",
        },
        /// Zero bytes.
        Empty {
            code: "upload.empty",
            en: "the file is empty",
            kk: "Файл бос. Құжатты қайта суретке түсіріп, жүктеңіз.",
            ru: "Файл пустой. Сфотографируйте документ ещё раз и загрузите.",
        },
        /// Larger than 2 MB.
        TooLarge {
            code: "upload.too_large",
            en: "the file is larger than 2 MB",
            kk: "Файлдың көлемі 2 Мб-тан аспауы тиіс. Кішірек суретті жүктеңіз.",
            ru: "Размер файла не должен превышать 2 МБ. Загрузите изображение меньшего размера.",
        },
        /// An iPhone HEIC/HEIF photo.
        HeicNotAccepted {
            code: "upload.heic",
            en: "HEIC images are not accepted",
            kk: "HEIC форматындағы фотосуреттер қабылданбайды. Суретті JPEG форматында сақтап, қайта жүктеңіз.",
            ru: "Фотографии в формате HEIC не принимаются. Сохраните снимок в формате JPEG и загрузите снова.",
        },
        /// A PDF.
        PdfNotAccepted {
            code: "upload.pdf",
            en: "PDF files are not accepted",
            kk: "PDF файлдары қабылданбайды. Құжатты JPEG форматындағы сурет ретінде жүктеңіз.",
            ru: "Файлы PDF не принимаются. Загрузите документ как изображение в формате JPEG.",
        },
        /// PNG, GIF or WebP.
        OtherImageFormat {
            code: "upload.other_image_format",
            en: "only JPEG images are accepted",
            kk: "Сурет JPEG форматында болуы тиіс (PNG, GIF, WebP қабылданбайды).",
            ru: "Изображение должно быть в формате JPEG (PNG, GIF и WebP не принимаются).",
        },
        /// Not an image at all.
        NotAnImage {
            code: "upload.not_an_image",
            en: "the file is not an image",
            kk: "Бұл файл сурет емес. JPEG форматындағы суретті таңдаңыз.",
            ru: "Этот файл не является изображением. Выберите изображение в формате JPEG.",
        },
        /// The file is truncated or damaged: its JPEG structure ends before the end-of-image
        /// marker, or the decoder cannot read it.
        Corrupt {
            code: "upload.corrupt",
            en: "the file is damaged or incomplete",
            kk: "Файл зақымдалған немесе толық жүктелмеген. Құжатты қайта суретке түсіріп, жүктеңіз.",
            ru: "Файл повреждён или загружен не полностью. Сфотографируйте документ ещё раз и загрузите.",
        },
        /// Width or height above 16 384 px, or more pixels than allowed (64 Mi): also what a
        /// decompression bomb (a tiny file declaring a huge picture) gets.
        TooManyPixels {
            code: "upload.too_many_pixels",
            en: "the image has too many pixels",
            kk: "Суреттің ажыратымдылығы тым жоғары. Камера баптауларынан кішірек өлшемді таңдап, құжатты қайта суретке түсіріңіз.",
            ru: "Слишком высокое разрешение изображения. Выберите меньший размер снимка в настройках камеры и сфотографируйте документ ещё раз.",
        },
        /// The file chosen in the browser is over 40 MB, too big to be converted there.
        SourceTooLarge {
            code: "upload.source_too_large",
            en: "the file is too large to process (over 40 MB)",
            kk: "Файл тым үлкен (40 Мб-тан артық), оны өңдеу мүмкін емес. Кішірек суретті таңдаңыз.",
            ru: "Файл слишком большой (более 40 МБ), его невозможно обработать. Выберите изображение меньшего размера.",
        },
        /// Even at the lowest quality and a reduced size the JPEG stays above 2 MB.
        CannotCompress {
            code: "upload.cannot_compress",
            en: "the image could not be compressed to 2 MB",
            kk: "Суретті 2 Мб-қа дейін сығу мүмкін болмады. Құжатты жақсы жарықта, артық заттарсыз қайта суретке түсіріңіз.",
            ru: "Не удалось сжать изображение до 2 МБ. Сфотографируйте документ ещё раз при хорошем освещении, без лишних предметов в кадре.",
        },
        /// A JPEG using a feature the decoder does not support (arithmetic coding,
        /// 12-bit or lossless JPEG).
        UnsupportedJpeg {
            code: "upload.unsupported_jpeg",
            en: "this kind of JPEG is not supported",
            kk: "Бұл JPEG файлының түрі қолдау көрсетілмейді. Құжатты телефон камерасымен қайта суретке түсіріп, жүктеңіз.",
            ru: "Этот вид файла JPEG не поддерживается. Сфотографируйте документ камерой телефона ещё раз и загрузите.",
        },
    }
}

/// File type recognised from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageKind {
    /// `FF D8 FF`.
    Jpeg,
    /// `89 50 4E 47 0D 0A 1A 0A`.
    Png,
    /// `GIF87a` / `GIF89a`.
    Gif,
    /// `RIFF....WEBP`.
    Webp,
    /// ISO-BMFF `ftyp` with a HEIF brand (`heic`, `heix`, `hevc`, `hevx`, `heim`, `heis`,
    /// `mif1`, `msf1`). `mif1` may also be AVIF; either way it is not JPEG.
    Heic,
    /// `%PDF-`.
    Pdf,
    /// Anything else.
    Unknown,
}

/// Recognises the file type from magic bytes.
pub fn sniff(bytes: &[u8]) -> ImageKind {
    const HEIF_BRANDS: [&[u8; 4]; 8] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
    ];
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ImageKind::Jpeg
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        ImageKind::Png
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        ImageKind::Gif
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        ImageKind::Webp
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && HEIF_BRANDS.iter().any(|b| &bytes[8..12] == b.as_slice())
    {
        ImageKind::Heic
    } else if bytes.starts_with(b"%PDF-") {
        ImageKind::Pdf
    } else {
        ImageKind::Unknown
    }
}

/// Checks a size alone (for a check before reading the body).
pub fn check_size(len: u64) -> Result<(), UploadError> {
    match len {
        0 => Err(UploadError::Empty),
        n if n > MAX_UPLOAD_BYTES => Err(UploadError::TooLarge),
        _ => Ok(()),
    }
}

/// Checks a whole uploaded file: not empty, at most 2 MB, JPEG by its magic bytes.
pub fn check_upload(bytes: &[u8]) -> Result<(), UploadError> {
    check_size(u64::try_from(bytes.len()).unwrap_or(u64::MAX))?;
    match sniff(bytes) {
        ImageKind::Jpeg => Ok(()),
        ImageKind::Heic => Err(UploadError::HeicNotAccepted),
        ImageKind::Pdf => Err(UploadError::PdfNotAccepted),
        ImageKind::Png | ImageKind::Gif | ImageKind::Webp => Err(UploadError::OtherImageFormat),
        ImageKind::Unknown => Err(UploadError::NotAnImage),
    }
}

/// The four documents of step 5. Serialised as the form field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The child's photo.
    Photo,
    /// The health passport (general information section).
    HealthPassport,
    /// Certificate of health, form 063/у.
    HealthCertificate,
    /// Conclusion of the psychological-medical-pedagogical consultation, if any.
    PmpkConclusion,
}

impl DocumentKind {
    /// Every kind, in the order of the form (also the order in the canonical bytes).
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Photo,
        DocumentKind::HealthPassport,
        DocumentKind::HealthCertificate,
        DocumentKind::PmpkConclusion,
    ];

    /// The HTML form field name.
    pub const fn form_name(self) -> &'static str {
        match self {
            DocumentKind::Photo => "photo",
            DocumentKind::HealthPassport => "health_passport",
            DocumentKind::HealthCertificate => "health_certificate",
            DocumentKind::PmpkConclusion => "pmpk_conclusion",
        }
    }

    /// Parses a form field name.
    pub fn parse(s: &str) -> Option<Self> {
        DocumentKind::ALL.into_iter().find(|k| k.form_name() == s)
    }

    /// Every document is required except the PMPK conclusion.
    pub const fn is_required(self) -> bool {
        !matches!(self, DocumentKind::PmpkConclusion)
    }

    /// The label of the upload slot (Kazakh wording from the seed).
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DocumentKind::Photo, Lang::Kk) => "Баланың суреті",
            (DocumentKind::Photo, Lang::Ru) => "Фотография ребёнка",
            (DocumentKind::HealthPassport, Lang::Kk) => "Денсаулық паспорты",
            (DocumentKind::HealthPassport, Lang::Ru) => "Паспорт здоровья ребёнка",
            (DocumentKind::HealthCertificate, Lang::Kk) => {
                "Денсаулық жағдайы туралы анықтама, 063/у нысаны"
            }
            (DocumentKind::HealthCertificate, Lang::Ru) => {
                "Справка о состоянии здоровья, форма 063/у"
            }
            (DocumentKind::PmpkConclusion, Lang::Kk) => "ПМПК қорытындысы",
            (DocumentKind::PmpkConclusion, Lang::Ru) => "Заключение ПМПК",
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::messages::test_support::{assert_kazakh, assert_russian};
    use super::*;

    #[test]
    fn sniffing() {
        let mut webp = b"RIFF\0\0\0\0WEBPVP8 ".to_vec();
        webp.extend([0u8; 8]);
        for (bytes, kind) in [
            (&b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"[..], ImageKind::Jpeg),
            (b"\xFF\xD8\xFF\xE1\0\x10Exif\0", ImageKind::Jpeg),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ImageKind::Png),
            (b"GIF89a\x01\0\x01\0", ImageKind::Gif),
            (b"GIF87a", ImageKind::Gif),
            (&webp, ImageKind::Webp),
            (b"\0\0\0\x18ftypheic\0\0\0\0", ImageKind::Heic),
            (b"\0\0\0\x18ftypmif1\0\0\0\0", ImageKind::Heic),
            (b"%PDF-1.7\n", ImageKind::Pdf),
            (b"", ImageKind::Unknown),
            (b"\xFF\xD8", ImageKind::Unknown),
            (b"hello", ImageKind::Unknown),
            (b"\0\0\0\x18ftypisom\0\0\0\0", ImageKind::Unknown), // MP4 video
        ] {
            assert_eq!(sniff(bytes), kind, "{bytes:?}");
        }
    }

    #[test]
    fn upload_checks() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
        assert_eq!(check_upload(&jpeg), Ok(()));
        jpeg.resize(MAX_UPLOAD_BYTES as usize, 0);
        assert_eq!(check_upload(&jpeg), Ok(()));
        jpeg.push(0);
        assert_eq!(check_upload(&jpeg), Err(UploadError::TooLarge));
        assert_eq!(check_upload(b""), Err(UploadError::Empty));
        assert_eq!(
            check_upload(b"\0\0\0\x18ftypheic\0\0\0\0"),
            Err(UploadError::HeicNotAccepted)
        );
        assert_eq!(check_upload(b"%PDF-1.4"), Err(UploadError::PdfNotAccepted));
        assert_eq!(
            check_upload(b"\x89PNG\r\n\x1a\n"),
            Err(UploadError::OtherImageFormat)
        );
        assert_eq!(check_upload(b"MZ\x90\0"), Err(UploadError::NotAnImage));
        assert_eq!(check_size(MAX_UPLOAD_BYTES), Ok(()));
        assert_eq!(check_size(MAX_UPLOAD_BYTES + 1), Err(UploadError::TooLarge));
        assert_eq!(MAX_UPLOAD_BYTES, 2_097_152);
    }

    #[test]
    fn kinds() {
        let names: Vec<_> = DocumentKind::ALL.iter().map(|k| k.form_name()).collect();
        assert_eq!(
            names,
            [
                "photo",
                "health_passport",
                "health_certificate",
                "pmpk_conclusion"
            ]
        );
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.form_name()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.form_name())
            );
            assert_kazakh(k.label(Lang::Kk));
            assert_russian(k.label(Lang::Ru));
            assert_eq!(k.is_required(), k != DocumentKind::PmpkConclusion);
        }
    }

    proptest! {
        #[test]
        fn never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = sniff(&bytes);
            let _ = check_upload(&bytes);
        }
    }
}
