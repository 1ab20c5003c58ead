//! The server side: re-validating an uploaded document before it is stored.
//!
//! The browser's conversion ([`super::prepare`]) is a convenience, not a guarantee: the
//! server trusts nothing it receives. [`inspect_upload`] checks, in order: not empty; at
//! most `max_bytes`; a JPEG by its magic bytes (HEIC, PDF, PNG/GIF/WebP and non-images get
//! their own messages); a frame header within the pixel limits — at most
//! [`SERVER_MAX_SIDE`] px on the long side, what the browser's converter sends plus a margin
//! (a decompression bomb is refused before anything is decoded); a complete segment structure (a file cut short is
//! damaged); then a full decode within limits. What is stored is the file with its
//! metadata segments removed losslessly ([`super::strip`]: no Exif/GPS, XMP, ICC,
//! comments, trailing data; the picture bytes untouched), and the SHA-256 is that of the
//! stored bytes.
//!
//! Note: stripping also drops an Exif orientation, so a sideways camera JPEG uploaded
//! without the browser's conversion is stored (and shown) as the camera stored it.
//! Files converted by the browser are already upright.

use sha2::{Digest, Sha256};

use super::{decode, strip};
use crate::domain::image_rules::{ImageKind, SERVER_MAX_SIDE, UploadError, sniff};

/// An uploaded JPEG that passed every check, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedJpeg {
    /// Width in pixels, as stored.
    pub width: u32,
    /// Height in pixels, as stored.
    pub height: u32,
    /// SHA-256 of `bytes`, lowercase hexadecimal (64 characters).
    pub sha256_hex: String,
    /// The file to store: the upload with its metadata segments removed.
    pub bytes: Vec<u8>,
}

/// Re-validates an uploaded file (see the module documentation). `max_bytes` is the size
/// limit, normally [`crate::domain::image_rules::MAX_UPLOAD_BYTES`].
pub fn inspect_upload(bytes: &[u8], max_bytes: u64) -> Result<CheckedJpeg, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if u64::try_from(bytes.len()).map_or(true, |n| n > max_bytes) {
        return Err(UploadError::TooLarge);
    }
    match sniff(bytes) {
        ImageKind::Jpeg => {}
        ImageKind::Heic => return Err(UploadError::HeicNotAccepted),
        ImageKind::Pdf => return Err(UploadError::PdfNotAccepted),
        ImageKind::Png | ImageKind::Gif | ImageKind::Webp => {
            return Err(UploadError::OtherImageFormat);
        }
        ImageKind::Unknown => return Err(UploadError::NotAnImage),
    }

    let scan = strip::scan(bytes);
    // The frame header first: a bomb is "too many pixels" even if its data is cut short.
    if let Some(frame) = &scan.frame {
        decode::check_frame(frame)?;
        // The server decodes at most what the product itself sends (with a margin).
        if frame.width.max(frame.height) > SERVER_MAX_SIDE {
            return Err(UploadError::TooManyPixels);
        }
    }
    scan.outcome.map_err(|_| UploadError::Corrupt)?;
    let stored = strip::strip_metadata(bytes).map_err(|_| UploadError::Corrupt)?;
    // Decode what will be stored, so that the stored file is known to be readable.
    let (width, height) = decode::check_jpeg(&stored)?;
    Ok(CheckedJpeg {
        width,
        height,
        sha256_hex: sha256_hex(&stored),
        bytes: stored,
    })
}

/// Lowercase hexadecimal SHA-256.
fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0x0F)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;
    use crate::domain::image_rules::MAX_UPLOAD_BYTES;

    fn inspect(bytes: &[u8]) -> Result<CheckedJpeg, UploadError> {
        inspect_upload(bytes, MAX_UPLOAD_BYTES)
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn pixels(jpeg: &[u8]) -> Vec<u8> {
        image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
            .unwrap()
            .into_bytes()
    }

    #[test]
    fn inspect_strips_app1_and_keeps_the_picture_decodable() {
        let upload = fixtures::exif_rotated().bytes;
        assert!(contains(&upload, b"Exif") && contains(&upload, b"KinderPhone"));
        let checked = inspect(&upload).unwrap();
        assert_eq!((checked.width, checked.height), (640, 480), "as stored");
        for needle in [&b"Exif"[..], b"KinderPhone"] {
            assert!(!contains(&checked.bytes, needle));
        }
        assert_eq!(
            checked.bytes.len(),
            upload.len() - fixtures::exif_app1_payload(6).len() - 4
        );
        // Lossless: exactly the same pixels.
        assert_eq!(pixels(&checked.bytes), pixels(&upload));
    }

    #[test]
    fn the_hash_is_that_of_the_stored_bytes() {
        let checked = inspect(&fixtures::exif_rotated().bytes).unwrap();
        assert_eq!(checked.sha256_hex.len(), 64);
        assert_eq!(checked.sha256_hex, sha256_hex(&checked.bytes));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // The same picture with or without metadata is the same stored file.
        let clean = inspect(&fixtures::small_document_jpeg(200, 100, 4)).unwrap();
        let with_exif = fixtures::insert_app1(
            &fixtures::small_document_jpeg(200, 100, 4),
            &fixtures::exif_app1_payload(1),
        );
        assert_eq!(inspect(&with_exif).unwrap().sha256_hex, clean.sha256_hex);
    }

    /// The browser sends at most 2560 px; the server decodes at most 3072 px on the long side,
    /// so 40 parallel uploads cannot take gigabytes (a 64-megapixel picture under 2 MB once
    /// could).
    #[test]
    fn the_server_decodes_no_larger_picture_than_the_product_sends_with_a_margin() {
        let wide = fixtures::small_document_jpeg(SERVER_MAX_SIDE + 1, 64, 3);
        assert!(wide.len() < MAX_UPLOAD_BYTES as usize);
        assert_eq!(inspect(&wide), Err(UploadError::TooManyPixels));
        let tall = fixtures::small_document_jpeg(64, SERVER_MAX_SIDE + 1, 3);
        assert_eq!(inspect(&tall), Err(UploadError::TooManyPixels));
        let edge = fixtures::small_document_jpeg(SERVER_MAX_SIDE, 64, 3);
        assert_eq!(inspect(&edge).unwrap().width, SERVER_MAX_SIDE);
        const { assert!(SERVER_MAX_SIDE >= crate::domain::image_rules::CONVERTED_MAX_SIDE) };
    }

    #[test]
    fn the_size_limit_is_inclusive() {
        let jpeg = fixtures::small_document_jpeg(100, 80, 2);
        let n = jpeg.len() as u64;
        assert!(inspect_upload(&jpeg, n).is_ok());
        assert_eq!(inspect_upload(&jpeg, n - 1), Err(UploadError::TooLarge));
    }

    #[test]
    fn refusals() {
        assert_eq!(inspect(b""), Err(UploadError::Empty));
        assert_eq!(
            inspect(&fixtures::png_named_jpg().bytes),
            Err(UploadError::OtherImageFormat)
        );
        assert_eq!(
            inspect(&fixtures::truncated().bytes),
            Err(UploadError::Corrupt)
        );
        assert_eq!(
            inspect(&fixtures::decompression_bomb().bytes),
            Err(UploadError::TooManyPixels)
        );
        // A bomb cut short is still a bomb.
        let bomb = fixtures::decompression_bomb().bytes;
        assert_eq!(
            inspect(&bomb[..bomb.len() - 20]),
            Err(UploadError::TooManyPixels)
        );
        // Only the start of a JPEG.
        assert_eq!(
            inspect(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"),
            Err(UploadError::Corrupt)
        );
        // Garbage after a JPEG signature.
        assert_eq!(
            inspect(b"\xFF\xD8\xFF\x00garbage"),
            Err(UploadError::Corrupt)
        );
    }
}
