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

use super::pixels::Pixels;
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

/// The server's check of an upload that passed the structure walk: every block of every
/// component decoded to pixels by zune-jpeg (independent of the browser's `jpeg-decoder`),
/// within the same limits as [`decode`]. Returns the picture's width and height.
///
/// It is the decoding `image` does (zune-jpeg, lenient mode, the same output colour space),
/// so it accepts and refuses the same files (tested below), without `image`'s copy of the
/// input, its second and third header parse (for Exif and the orientation) and its
/// `DynamicImage`.
pub(crate) fn check_jpeg(bytes: &[u8]) -> Result<(u32, u32), UploadError> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    use zune_jpeg::errors::DecodeErrors;
    let refused = |e: DecodeErrors| match e {
        DecodeErrors::LargeDimensions(_) => UploadError::TooManyPixels,
        DecodeErrors::Unsupported(_) => UploadError::UnsupportedJpeg,
        _ => UploadError::Corrupt,
    };
    // The size limits are ours, checked right after the headers (zune-jpeg's own would
    // call a too large picture a format error).
    let options = DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(usize::MAX)
        .set_max_height(usize::MAX);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(refused)?;
    let (width, height) = decoder.dimensions().ok_or(UploadError::Corrupt)?;
    let (width, height) = (
        u32::try_from(width).map_err(|_| UploadError::TooManyPixels)?,
        u32::try_from(height).map_err(|_| UploadError::TooManyPixels)?,
    );
    check_dimensions(width, height)?;
    // The colour space `image` asks for: grey stays grey, everything else becomes RGB (the
    // SIMD colour conversion is faster than zune-jpeg's plain copy of YCbCr samples).
    let out = match decoder.input_colorspace().ok_or(UploadError::Corrupt)? {
        c @ (ColorSpace::RGB | ColorSpace::RGBA | ColorSpace::Luma | ColorSpace::LumaA) => c,
        _ => ColorSpace::RGB,
    };
    decoder.set_options(decoder.options().jpeg_set_out_colorspace(out));
    let size = decoder.output_buffer_size().ok_or(UploadError::Corrupt)?;
    if u64::try_from(size).map_or(true, |n| n > MAX_ALLOC) {
        return Err(UploadError::TooManyPixels);
    }
    let mut samples = vec![0u8; size];
    decoder.decode_into(&mut samples).map_err(refused)?;
    Ok((width, height))
}

/// A picture decoded for conversion: its pixels and the Exif orientation.
#[derive(Debug)]
pub(crate) struct DecodedPixels {
    pub pixels: Pixels,
    pub orientation: Orientation,
}

/// Decodes a JPEG or a PNG for conversion (the browser side).
///
/// An ordinary JPEG (grey or YCbCr/RGB, 8 bits) is decoded by `jpeg-decoder`, which is
/// about a fifth faster than the `image` path (zune-jpeg) in WASM: 115–135 ms instead of
/// 150–175 ms for a 12-megapixel photo. Anything else (CMYK/YCCK, PNG), and any JPEG that
/// decoder refuses, goes through [`decode`] as before, so no file accepted there is
/// refused here. The server keeps checking uploads with [`decode`], a second,
/// independent decoder.
///
/// Not used: `jpeg-decoder`'s reduced inverse DCT (½, ¼, ⅛ size while decoding). It saved
/// no time on a 48-megapixel photo (entropy decoding dominates) and its reduction is
/// visibly less faithful than our resizer's (mean error 4.8 against an exact 2 × 2
/// average on a document-like test picture, against 1.3).
pub(crate) fn decode_pixels(bytes: &[u8], kind: ImageKind) -> Result<DecodedPixels, UploadError> {
    if kind == ImageKind::Jpeg
        && let Some(decoded) = decode_jpeg_direct(bytes)
    {
        return Ok(decoded);
    }
    let decoded = decode(bytes, kind)?;
    Ok(DecodedPixels {
        pixels: Pixels::from_image(decoded.image),
        orientation: decoded.orientation,
    })
}

/// Whether the headers before the first scan are well formed (no stray bytes between
/// segments) and carry no Adobe APP14 segment with colour transform 0. Only such files
/// take the `jpeg-decoder` path: that decoder reads transform 0 differently from
/// libjpeg and zune-jpeg when the components are numbered 1, 2, 3 (YCbCr for it, RGB
/// for them), and it silently skips stray bytes that the frame check would not see.
fn plain_headers(bytes: &[u8]) -> bool {
    let mut at = 2;
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return false;
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return false;
        };
        at += 1;
        if marker == 0xDA {
            return true;
        }
        let Some(len) = bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return false;
        };
        let Some(payload) = len
            .checked_sub(2)
            .and_then(|n| bytes.get(at + 2..at + 2 + n))
        else {
            return false;
        };
        if marker == 0xEE
            && payload.starts_with(b"Adobe")
            && payload.get(11).is_none_or(|&t| t == 0)
        {
            return false;
        }
        at += 2 + payload.len();
    }
}

/// The `jpeg-decoder` path of [`decode_pixels`]; `None` when it does not apply or fails.
fn decode_jpeg_direct(bytes: &[u8]) -> Option<DecodedPixels> {
    use jpeg_decoder::{CodingProcess, Decoder, PixelFormat};
    if !plain_headers(bytes) {
        return None;
    }
    let mut decoder = Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(usize::try_from(MAX_ALLOC).unwrap_or(usize::MAX));
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    if info.coding_process == CodingProcess::Lossless {
        return None;
    }
    let channels = match info.pixel_format {
        PixelFormat::L8 => 1,
        PixelFormat::RGB24 => 3,
        PixelFormat::L16 | PixelFormat::CMYK32 => return None,
    };
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    check_dimensions(width, height).ok()?;
    let data = decoder.decode().ok()?;
    if data.len() != width as usize * height as usize * channels {
        return None;
    }
    // A broken Exif block must not refuse an otherwise good photo.
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    Some(DecodedPixels {
        pixels: Pixels {
            data,
            width,
            height,
            channels,
        },
        orientation,
    })
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

    /// The server's check (zune-jpeg into the file's own colour space) accepts and refuses
    /// exactly what the full `image` decode does: every JPEG fixture, and an ordinary photo
    /// cut short or with bytes of its scan overwritten.
    #[test]
    fn the_servers_check_agrees_with_the_image_decoder() {
        use crate::documents::fixtures;
        use crate::domain::image_rules::sniff;
        let mut files: Vec<(String, Vec<u8>)> = fixtures::all()
            .into_iter()
            .filter(|f| sniff(&f.bytes) == ImageKind::Jpeg)
            .map(|f| (f.name.to_string(), f.bytes))
            .collect();
        assert!(files.len() >= 8, "the fixtures hold JPEGs of many kinds");
        let photo = fixtures::small_document_jpeg(300, 200, 5);
        for cut in [photo.len() / 2, photo.len() - 3] {
            files.push((format!("cut at {cut}"), photo[..cut].to_vec()));
        }
        for at in (700..photo.len() - 2).step_by(499) {
            let mut damaged = photo.clone();
            damaged[at] ^= 0x5A;
            files.push((format!("byte {at} changed"), damaged));
        }
        let (mut accepted, mut refused) = (0, 0);
        for (name, bytes) in files {
            let reference =
                decode(&bytes, ImageKind::Jpeg).map(|d| (d.image.width(), d.image.height()));
            match &reference {
                Ok(_) => accepted += 1,
                Err(_) => refused += 1,
            }
            assert_eq!(check_jpeg(&bytes), reference, "{name}");
        }
        assert!(
            accepted > 0 && refused > 0,
            "{accepted} accepted, {refused} refused"
        );
    }

    #[test]
    fn the_fast_decoder_gives_the_same_picture_as_the_image_decoder() {
        use crate::documents::encode::encode_jpeg;
        // Smooth areas and sharp strokes (like a document), odd size, colour.
        let (w, h) = (1203u32, 501u32);
        let mut data = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                let stroke = (x / 7) % 9 == 0 || (y / 5) % 13 == 0;
                let v = if stroke { 20 } else { (x / 5 + y / 2) as u8 };
                data.extend([v, v.wrapping_add(60), 255 - v]);
            }
        }
        let jpeg = encode_jpeg(
            &Pixels {
                data,
                width: w,
                height: h,
                channels: 3,
            },
            90,
        )
        .unwrap();
        let fast = decode_jpeg_direct(&jpeg).expect("an ordinary JPEG takes the fast path");
        assert_eq!(
            (fast.pixels.width, fast.pixels.height, fast.pixels.channels),
            (w, h, 3)
        );
        let reference = Pixels::from_image(decode(&jpeg, ImageKind::Jpeg).unwrap().image);
        assert_eq!(fast.pixels.data.len(), reference.data.len());
        let worst = fast
            .pixels
            .data
            .iter()
            .zip(&reference.data)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        // The two decoders round their IDCT and upsampling slightly differently.
        assert!(worst <= 8, "largest difference {worst}");
        let grey = encode_jpeg(
            &Pixels {
                data: vec![77; 64 * 9],
                width: 64,
                height: 9,
                channels: 1,
            },
            90,
        )
        .unwrap();
        let fast = decode_jpeg_direct(&grey).expect("grey takes the fast path");
        assert_eq!(fast.pixels.channels, 1);
        assert!(fast.pixels.data.iter().all(|&v| v.abs_diff(77) <= 1));
    }

    #[test]
    fn only_plain_headers_take_the_fast_path() {
        use crate::documents::encode::encode_jpeg;
        let plain = encode_jpeg(
            &Pixels {
                data: vec![90; 16 * 16 * 3],
                width: 16,
                height: 16,
                channels: 3,
            },
            90,
        )
        .unwrap();
        assert!(plain_headers(&plain));
        // The same with an Adobe APP14 segment, transform 0 (RGB for libjpeg) or 1.
        let with_adobe = |transform: u8| {
            let mut v = plain[..2].to_vec();
            v.extend_from_slice(&[0xFF, 0xEE, 0, 14]);
            v.extend_from_slice(b"Adobe\0\x64\0\0\0\0");
            v.push(transform);
            v.extend_from_slice(&plain[2..]);
            v
        };
        assert!(!plain_headers(&with_adobe(0)));
        assert!(decode_jpeg_direct(&with_adobe(0)).is_none());
        assert!(plain_headers(&with_adobe(1)));
        // A stray byte between two segments.
        let mut stray = plain[..2].to_vec();
        stray.push(0x00);
        stray.extend_from_slice(&plain[2..]);
        assert!(!plain_headers(&stray));
        assert!(!plain_headers(b"\xFF\xD8\xFF\xE0\x00"));
        assert!(!plain_headers(b""));
    }

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
