//! Decoding an uploaded picture within resource limits.
//!
//! The limits are checked twice before any pixel buffer exists: on the frame header
//! read by the segment walker ([`check_frame`]), and by the `image` decoders themselves
//! (`image::Limits`: strict width/height limits and an allocation budget for the output
//! buffer). A file declaring more pixels than allowed is refused with
//! [`UploadError::TooManyPixels`] after reading a few hundred bytes of headers.

use std::io::Cursor;

use image::codecs::jpeg::JpegDecoder;
use image::codecs::png::PngDecoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, Limits};

use super::strip::FrameInfo;
use crate::domain::image_rules::{ImageKind, UploadError};

/// Largest accepted width or height, in pixels.
pub const MAX_SIDE: u32 = 16_384;
/// Largest accepted number of pixels: 64 Mi (about 67 megapixels), which covers 48-,
/// 50- and 64-megapixel phone cameras. Decoded as RGB that is at most 192 MiB, a size a
/// phone's browser can still hold in WASM memory.
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;
/// Allocation budget given to the decoder for its output buffer.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// A decoded picture and the Exif orientation it should be shown with.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub image: DynamicImage,
    pub orientation: Orientation,
}

/// Refuses a width × height beyond [`MAX_SIDE`] or [`MAX_PIXELS`] (and an empty one).
pub(crate) fn check_dimensions(width: u32, height: u32) -> Result<(), UploadError> {
    if width == 0 || height == 0 {
        Err(UploadError::Corrupt)
    } else if width > MAX_SIDE
        || height > MAX_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        Err(UploadError::TooManyPixels)
    } else {
        Ok(())
    }
}

/// Checks a JPEG frame header before decoding: the size limits, then the coding process
/// (baseline, extended sequential or progressive Huffman, 8-bit samples); lossless,
/// hierarchical, arithmetic-coded and 12-bit JPEGs are [`UploadError::UnsupportedJpeg`].
pub(crate) fn check_frame(frame: &FrameInfo) -> Result<(), UploadError> {
    check_dimensions(frame.width, frame.height)?;
    if matches!(frame.marker, 0xC0..=0xC2) && frame.precision == 8 {
        Ok(())
    } else {
        Err(UploadError::UnsupportedJpeg)
    }
}

/// The limits given to the `image` decoders.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// Decodes a JPEG or a PNG (`kind` as sniffed); any other kind is [`UploadError::NotAnImage`].
pub(crate) fn decode(bytes: &[u8], kind: ImageKind) -> Result<Decoded, UploadError> {
    match kind {
        ImageKind::Jpeg => {
            let decoder = JpegDecoder::new(Cursor::new(bytes)).map_err(|e| map_error(e, kind))?;
            finish(decoder, kind)
        }
        ImageKind::Png => {
            let decoder = PngDecoder::with_limits(Cursor::new(bytes), limits())
                .map_err(|e| map_error(e, kind))?;
            finish(decoder, kind)
        }
        _ => Err(UploadError::NotAnImage),
    }
}

fn finish(mut decoder: impl ImageDecoder, kind: ImageKind) -> Result<Decoded, UploadError> {
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    decoder
        .set_limits(limits())
        .map_err(|e| map_error(e, kind))?;
    // A broken Exif block must not refuse an otherwise good photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut budget = limits();
    budget
        .reserve(decoder.total_bytes())
        .map_err(|e| map_error(e, kind))?;
    let image = DynamicImage::from_decoder(decoder).map_err(|e| map_error(e, kind))?;
    Ok(Decoded { image, orientation })
}

fn map_error(error: ImageError, kind: ImageKind) -> UploadError {
    match error {
        ImageError::Limits(_) => UploadError::TooManyPixels,
        ImageError::Unsupported(_) if kind == ImageKind::Jpeg => UploadError::UnsupportedJpeg,
        _ => UploadError::Corrupt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimension_limits() {
        assert_eq!(check_dimensions(16_384, 4_096), Ok(()));
        assert_eq!(check_dimensions(8_000, 6_000), Ok(()), "48 MP");
        assert_eq!(check_dimensions(9_248, 6_936), Ok(()), "64 MP");
        assert_eq!(
            check_dimensions(12_000, 9_000),
            Err(UploadError::TooManyPixels),
            "108 MP"
        );
        assert_eq!(check_dimensions(16_385, 1), Err(UploadError::TooManyPixels));
        assert_eq!(check_dimensions(1, 60_000), Err(UploadError::TooManyPixels));
        assert_eq!(check_dimensions(0, 10), Err(UploadError::Corrupt));
    }

    #[test]
    fn unusual_coding_processes_are_unsupported() {
        let frame = |marker, precision| FrameInfo {
            width: 10,
            height: 10,
            components: 3,
            precision,
            marker,
        };
        for ok in [0xC0, 0xC1, 0xC2] {
            assert_eq!(check_frame(&frame(ok, 8)), Ok(()));
        }
        for marker in [0xC3, 0xC5, 0xC9, 0xCA, 0xCB, 0xCF] {
            assert_eq!(
                check_frame(&frame(marker, 8)),
                Err(UploadError::UnsupportedJpeg)
            );
        }
        assert_eq!(
            check_frame(&frame(0xC1, 12)),
            Err(UploadError::UnsupportedJpeg)
        );
    }

    #[test]
    fn a_png_bomb_is_refused_by_its_header() {
        // IHDR declaring 60000 × 60000 RGBA, and nothing after it.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&60_000u32.to_be_bytes());
        png.extend_from_slice(&60_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        let crc = crc32(&png[12..]);
        png.extend_from_slice(&crc.to_be_bytes());
        assert_eq!(
            decode(&png, ImageKind::Png).map(|_| ()),
            Err(UploadError::TooManyPixels)
        );
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
