//! The browser side: turning the photo a parent picked into a JPEG of at most 2 MB.
//!
//! Rules (GUIDE.md step 5): every document is a JPEG of at most 2 MB. Parents photograph
//! documents with their phones (12–48 megapixels, 3–20 MB, often with the Exif
//! orientation "rotate 90°" and GPS coordinates), so the browser converts the file before
//! uploading it:
//!
//! 1. The type is decided by content ([`sniff`]): JPEG is accepted; PNG is accepted and
//!    converted (transparency flattened on white); HEIC, PDF, GIF, WebP and anything else
//!    are refused with their usual messages. Files above 40 MB are refused unread.
//! 2. Before decoding, the JPEG frame header is read: more than 16 384 px on a side or
//!    64 Mi pixels is refused (a decompression bomb costs nothing), and a file cut short
//!    (no end-of-image marker) is refused as damaged.
//! 3. The picture is decoded (`jpeg-decoder` for ordinary JPEGs, `image` for the rest:
//!    CMYK → RGB, 16-bit → 8-bit, grey stays grey), scaled down
//!    (never up) so that its long side is at most 2560 px, enough for a medical
//!    certificate to stay readable, and then turned upright according to its Exif
//!    orientation (turning after scaling moves 2.5 times fewer pixels).
//! 4. It is encoded as a fresh JPEG, which carries no metadata at all: no Exif, no GPS,
//!    no ICC profile, no thumbnail (baseline, 4:2:0). Quality 85 first; if that is above
//!    2 MB, a bracketed search finds the highest quality down to 40 that fits (usually
//!    in 2–4 more encodings); if even 40 does not fit, the picture is shrunk by a fifth
//!    and the search starts again. A 12-megapixel photo at 2560 px is about 0.6–1 MB at
//!    quality 85, so in practice one encoding is enough.
//!
//! **Every file is re-encoded, even a JPEG that already fits.** Copying such a file with
//! its metadata segments removed would avoid one generation of loss, but re-encoding is
//! what guarantees the stored file is a plain baseline JPEG our decoder has fully read
//! (no CMYK, no arithmetic coding, no trailing data, orientation applied). To keep that
//! generation loss invisible, a JPEG that already fits (at most 2 MB, long side at most
//! 2560) is re-encoded at quality 90 (`recompress_quality`) instead of 85.

use super::decode::{self, MAX_SIDE};
use super::encode::encode_jpeg;
use super::pixels::{Pixels, swaps_sides};
use super::resize::{downscale, fit};
use super::strip::{self, StructureError};
use crate::domain::image_rules::{ImageKind, MAX_UPLOAD_BYTES, UploadError, sniff};

/// Largest file accepted for conversion in the browser (40 MiB); see
/// [`UploadError::SourceTooLarge`].
pub const MAX_SOURCE_BYTES: u64 = 40 * 1024 * 1024;

/// Tuning of [`prepare_for_upload`]. [`Default`] is what the product uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrepareOptions {
    /// Longest side of the output, in pixels (default 2560). Never scaled up.
    pub max_long_side: u32,
    /// Largest output, in bytes (default 2 MiB, the upload limit).
    pub max_bytes: u64,
    /// First quality tried (default 85).
    pub start_quality: u8,
    /// First quality for a JPEG that already fits in size and in pixels (default 90).
    pub recompress_quality: u8,
    /// Lowest quality tried before the picture is shrunk (default 40).
    pub min_quality: u8,
    /// The picture is never shrunk below this long side to meet `max_bytes` (default
    /// 1024): below it a certificate is unreadable, and the file is refused.
    pub min_long_side: u32,
    /// Largest input file (default 40 MiB).
    pub max_source_bytes: u64,
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions {
            max_long_side: crate::domain::image_rules::CONVERTED_MAX_SIDE,
            max_bytes: MAX_UPLOAD_BYTES,
            start_quality: 85,
            recompress_quality: 90,
            min_quality: 40,
            min_long_side: 1024,
            max_source_bytes: MAX_SOURCE_BYTES,
        }
    }
}

/// The step being worked on, reported to the UI's progress callback before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Reading the file and decoding the picture (the longest step for a big photo).
    Decoding,
    /// Scaling the picture down (and turning it upright).
    Resizing,
    /// Encoding the JPEG; `attempt` counts from 1 (more than one when the quality is
    /// being searched to fit the size limit).
    Encoding {
        /// 1 for the first encoding.
        attempt: u8,
    },
}

/// A JPEG ready for upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The JPEG file: SOI, JFIF header, tables, picture, EOI; no metadata.
    pub jpeg: Vec<u8>,
    /// Width of the output, in pixels (upright).
    pub width: u32,
    /// Height of the output, in pixels (upright).
    pub height: u32,
    /// JPEG quality used (1–100).
    pub quality: u8,
    /// Width of the input as it is meant to be seen (after its Exif orientation).
    pub original_width: u32,
    /// Height of the input as it is meant to be seen (after its Exif orientation).
    pub original_height: u32,
    /// Whether the picture was scaled down.
    pub resized: bool,
}

/// Converts the file a user picked into an upright, metadata-free JPEG of at most
/// `opts.max_bytes`, long side at most `opts.max_long_side` (see the module
/// documentation). `progress` is called before each stage.
///
/// This is synchronous CPU work: about 0.2 s for a 12-megapixel photo in the photo
/// worker's WASM (SIMD, opt-level 3) and 0.55 s for 48 megapixels (docs/performance.md).
/// The callback cannot repaint the page while it runs on the main thread: run it in a Web Worker for a live progress bar, or
/// at least yield to the browser once before calling it so that a spinner shows.
pub fn prepare_for_upload(
    input: &[u8],
    opts: &PrepareOptions,
    progress: &mut dyn FnMut(Stage),
) -> Result<Prepared, UploadError> {
    let decoded = decode_stage(input, opts, progress)?;
    let resized = resize_stage(decoded, opts, progress);
    encode_stage(resized, opts, progress)
}

/// The picture after [`decode_stage`]: decoded, not yet scaled.
pub struct DecodedStage {
    pixels: Pixels,
    orientation: image::metadata::Orientation,
    kind: ImageKind,
    input_len: u64,
    original_width: u32,
    original_height: u32,
}

/// The picture after [`resize_stage`]: scaled down and upright, ready to encode.
pub struct ResizedStage {
    pixels: Pixels,
    already_fits: bool,
    original_width: u32,
    original_height: u32,
}

/// Stage 1 of [`prepare_for_upload`] (the browser yields to the page between stages):
/// the type by content, the pixel limits, the decode.
pub fn decode_stage(
    input: &[u8],
    opts: &PrepareOptions,
    progress: &mut dyn FnMut(Stage),
) -> Result<DecodedStage, UploadError> {
    if input.is_empty() {
        return Err(UploadError::Empty);
    }
    let input_len = u64::try_from(input.len()).unwrap_or(u64::MAX);
    if input_len > opts.max_source_bytes {
        return Err(UploadError::SourceTooLarge);
    }
    let kind = sniff(input);
    match kind {
        ImageKind::Jpeg | ImageKind::Png => {}
        ImageKind::Heic => return Err(UploadError::HeicNotAccepted),
        ImageKind::Pdf => return Err(UploadError::PdfNotAccepted),
        ImageKind::Gif | ImageKind::Webp => return Err(UploadError::OtherImageFormat),
        ImageKind::Unknown => return Err(UploadError::NotAnImage),
    }
    progress(Stage::Decoding);
    if kind == ImageKind::Jpeg {
        let scan = strip::scan(input);
        if let Some(frame) = &scan.frame {
            decode::check_frame(frame)?;
        }
        // Other oddities (stray bytes between segments…) are left to the decoder, which
        // is lenient with them, as browsers are: only a file cut short is refused here.
        if scan.outcome == Err(StructureError::Truncated) {
            return Err(UploadError::Corrupt);
        }
    }
    let decoded = decode::decode_pixels(input, kind)?;
    let orientation = decoded.orientation;
    let pixels = decoded.pixels;
    let (original_width, original_height) = if swaps_sides(orientation) {
        (pixels.height, pixels.width)
    } else {
        (pixels.width, pixels.height)
    };
    Ok(DecodedStage {
        pixels,
        orientation,
        kind,
        input_len,
        original_width,
        original_height,
    })
}

/// Stage 2: scaled down to the long side limit and turned upright.
pub fn resize_stage(
    d: DecodedStage,
    opts: &PrepareOptions,
    progress: &mut dyn FnMut(Stage),
) -> ResizedStage {
    let max_long_side = opts.max_long_side.clamp(1, MAX_SIDE);
    let (width, height) = fit(d.pixels.width, d.pixels.height, max_long_side);
    let needs_resize = (width, height) != (d.pixels.width, d.pixels.height);
    let pixels = if needs_resize {
        progress(Stage::Resizing);
        downscale(&d.pixels, width, height)
    } else {
        d.pixels
    };
    ResizedStage {
        pixels: pixels.oriented(d.orientation),
        already_fits: d.kind == ImageKind::Jpeg && d.input_len <= opts.max_bytes && !needs_resize,
        original_width: d.original_width,
        original_height: d.original_height,
    }
}

/// Stage 3: the JPEG, with the quality searched to fit `max_bytes`.
pub fn encode_stage(
    r: ResizedStage,
    opts: &PrepareOptions,
    progress: &mut dyn FnMut(Stage),
) -> Result<Prepared, UploadError> {
    let min_quality = opts.min_quality.clamp(1, 100);
    let first_quality = if r.already_fits {
        opts.recompress_quality.max(opts.start_quality)
    } else {
        opts.start_quality
    }
    .clamp(min_quality, 100);
    let (original_width, original_height) = (r.original_width, r.original_height);

    let mut search = QualitySearch {
        max_bytes: opts.max_bytes,
        attempt: 0,
        progress,
    };
    let mut pixels = r.pixels;
    let mut top = first_quality;
    loop {
        if let Some((quality, jpeg)) = search.best(&pixels, min_quality, top)? {
            return Ok(Prepared {
                jpeg,
                width: pixels.width,
                height: pixels.height,
                quality,
                original_width,
                original_height,
                resized: (pixels.width, pixels.height) != (original_width, original_height),
            });
        }
        // Even the lowest quality is too big: shrink by a fifth and search again.
        let long = pixels.long_side();
        let smaller = long * 4 / 5;
        if smaller < opts.min_long_side.max(1) || smaller == long {
            return Err(UploadError::CannotCompress);
        }
        (search.progress)(Stage::Resizing);
        let (w, h) = fit(pixels.width, pixels.height, smaller);
        pixels = downscale(&pixels, w, h);
        top = opts.start_quality.clamp(min_quality, 100);
    }
}

/// Encodes at decreasing qualities until the output fits.
struct QualitySearch<'a> {
    max_bytes: u64,
    attempt: u8,
    progress: &'a mut dyn FnMut(Stage),
}

impl QualitySearch<'_> {
    fn encode(&mut self, pixels: &Pixels, quality: u8) -> Result<Vec<u8>, UploadError> {
        self.attempt = self.attempt.saturating_add(1);
        (self.progress)(Stage::Encoding {
            attempt: self.attempt,
        });
        encode_jpeg(pixels, quality).ok_or(UploadError::CannotCompress)
    }

    fn fits(&self, jpeg: &[u8]) -> bool {
        u64::try_from(jpeg.len()).is_ok_and(|n| n <= self.max_bytes)
    }

    /// The highest quality in `low..=top` whose JPEG fits, with that JPEG; `None` if even
    /// `low` is too big. `top` is tried first (the usual case: a single encoding).
    ///
    /// Then the quality is searched within a bracket (highest quality known to fit,
    /// lowest known not to), which shrinks at every encoding until the two are adjacent,
    /// so the result is exact as long as the size grows with the quality. The next
    /// quality is guessed rather than bisected: a JPEG's size is close to linear in the
    /// logarithm of libjpeg's quantisation scale, so a line through the two nearest
    /// measurements predicts where the size crosses the limit. On measured size curves
    /// of photos and of pure noise this takes 3.8 encodings on average (at most 5)
    /// where bisection over 40–84 takes 6.6; after `MAX_GUESSES` guesses, or if the
    /// sizes measured are not monotonic, it falls back to bisection.
    fn best(
        &mut self,
        pixels: &Pixels,
        low: u8,
        top: u8,
    ) -> Result<Option<(u8, Vec<u8>)>, UploadError> {
        const MAX_GUESSES: u32 = 5;
        let jpeg = self.encode(pixels, top)?;
        if self.fits(&jpeg) {
            return Ok(Some((top, jpeg)));
        }
        let target = self.max_bytes as f64;
        // (quality, size) of the lowest quality found too big, and of the one before it.
        let mut fail = (top, jpeg.len() as f64);
        let mut previous_fail: Option<(u8, f64)> = None;
        // The highest quality found to fit, with its JPEG.
        let mut ok: Option<(u8, f64, Vec<u8>)> = None;
        let mut guesses = 0;
        let mut last_fit = false;
        loop {
            let lo = ok.as_ref().map_or(low, |o| o.0 + 1);
            let Some(hi) = fail.0.checked_sub(1) else {
                break;
            };
            if lo > hi {
                break;
            }
            // The size falls by `slope` per unit of log-scale.
            let (x_fail, s_fail) = (log_scale(fail.0), fail.1);
            let slope = match (&ok, previous_fail) {
                (Some((q, s, _)), _) => (s_fail - s) / (log_scale(*q) - x_fail),
                (None, Some((q, s))) => (s - s_fail) / (x_fail - log_scale(q)),
                // Typical of photos: the size falls by about half of itself per unit.
                (None, None) => 0.5 * s_fail,
            };
            // Rounded away from the side the last measurement fell on: a line through a
            // convex curve keeps landing on the same side, and this pushes across it.
            let crossing = quality_at(x_fail + (s_fail - target) / slope);
            let guess = if last_fit {
                crossing.ceil()
            } else {
                crossing.floor()
            };
            let q = if guesses < MAX_GUESSES && slope > 0.0 && guess.is_finite() {
                guesses += 1;
                guess.clamp(f64::from(lo), f64::from(hi)) as u8
            } else {
                lo + (hi - lo) / 2
            };
            let jpeg = self.encode(pixels, q)?;
            let size = jpeg.len() as f64;
            last_fit = self.fits(&jpeg);
            if last_fit {
                ok = Some((q, size, jpeg));
            } else {
                previous_fail = Some(fail);
                fail = (q, size);
            }
        }
        Ok(ok.map(|(q, _, jpeg)| (q, jpeg)))
    }
}

/// Natural logarithm of libjpeg's quantisation table scale (in percent) for `quality`.
fn log_scale(quality: u8) -> f64 {
    let q = f64::from(quality.clamp(1, 100));
    let scale = if q < 50.0 {
        5000.0 / q
    } else {
        200.0 - 2.0 * q
    };
    scale.max(1.0).ln()
}

/// The (fractional) quality whose [`log_scale`] is `x`.
fn quality_at(x: f64) -> f64 {
    let scale = x.exp();
    if scale <= 100.0 {
        (200.0 - scale) / 2.0
    } else {
        5000.0 / scale
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fixtures, inspect::inspect_upload};
    use super::*;

    fn prepare(bytes: &[u8]) -> Result<Prepared, UploadError> {
        prepare_for_upload(bytes, &PrepareOptions::default(), &mut |_| {})
    }

    fn decode(jpeg: &[u8]) -> image::DynamicImage {
        image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap()
    }

    /// Marker codes of the segments before the first scan.
    fn header_markers(jpeg: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut pos = 2;
        while pos + 4 <= jpeg.len() && jpeg[pos] == 0xFF && jpeg[pos + 1] != 0xDA {
            out.push(jpeg[pos + 1]);
            pos += 2 + usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
        }
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_12_megapixel_phone_photo_becomes_a_jpeg_of_at_most_2_mb_with_long_side_2560() {
        let photo = fixtures::phone_photo_12mp();
        assert!(
            (4_000_000..=6_500_000).contains(&photo.bytes.len()),
            "the fixture is a realistic 4–6 MB photo: {}",
            photo.bytes.len()
        );
        let mut stages = Vec::new();
        let p = prepare_for_upload(&photo.bytes, &PrepareOptions::default(), &mut |s| {
            stages.push(s)
        })
        .unwrap();
        assert!(
            p.jpeg.len() as u64 <= MAX_UPLOAD_BYTES,
            "{} bytes",
            p.jpeg.len()
        );
        assert_eq!((p.width, p.height), (2560, 1920));
        assert_eq!((p.original_width, p.original_height), (4000, 3000));
        assert!(p.resized);
        assert!((40..=85).contains(&p.quality), "quality {}", p.quality);
        assert_eq!(
            &stages[..3],
            [
                Stage::Decoding,
                Stage::Resizing,
                Stage::Encoding { attempt: 1 }
            ]
        );
        let image = decode(&p.jpeg);
        assert_eq!((image.width(), image.height()), (2560, 1920));
        // What the browser sends, the server accepts as it is.
        let checked = inspect_upload(&p.jpeg, MAX_UPLOAD_BYTES).unwrap();
        assert_eq!(checked.bytes, p.jpeg);
    }

    #[test]
    fn an_exif_rotated_portrait_comes_out_portrait_and_carries_no_exif_or_gps() {
        let rotated = fixtures::exif_rotated();
        assert!(contains(&rotated.bytes, b"Exif") && contains(&rotated.bytes, b"KinderPhone"));
        let p = prepare(&rotated.bytes).unwrap();
        assert_eq!((p.width, p.height), (480, 640), "upright portrait");
        assert_eq!((p.original_width, p.original_height), (480, 640));
        assert!(!p.resized);
        // The red block of the stored top-left corner is now top-right.
        let rgb = decode(&p.jpeg).to_rgb8();
        let top_right = rgb.get_pixel(470, 10);
        let top_left = rgb.get_pixel(10, 10);
        assert!(
            top_right[0] > 180 && top_right[1] < 80,
            "top right {top_right:?}"
        );
        assert!(
            top_left[0] < 180 || top_left[1] > 80,
            "top left {top_left:?}"
        );
        // No metadata at all: the only application segment is the JFIF header.
        assert_eq!(
            header_markers(&p.jpeg)
                .iter()
                .filter(|m| (0xE0..=0xEF).contains(*m))
                .count(),
            1
        );
        assert_eq!(header_markers(&p.jpeg)[0], 0xE0);
        for needle in [&b"Exif"[..], b"KinderPhone", b"GPS", b"ICC_PROFILE"] {
            assert!(!contains(&p.jpeg, needle));
        }
        assert_eq!(
            p.quality, 90,
            "a JPEG that already fits is re-encoded at quality 90"
        );
    }

    #[test]
    fn a_png_named_jpg_is_converted_with_transparency_flattened_on_white() {
        let png = fixtures::png_named_jpg();
        assert!(png.file_name.ends_with(".jpg"));
        let p = prepare(&png.bytes).unwrap();
        assert_eq!((p.width, p.height, p.quality), (300, 200, 85));
        assert_eq!(sniff(&p.jpeg), ImageKind::Jpeg);
        let rgb = decode(&p.jpeg).to_rgb8();
        let corner = rgb.get_pixel(2, 2);
        assert!(
            corner.0.iter().all(|&c| c > 245),
            "transparent corner is white: {corner:?}"
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_without_allocating() {
        let bomb = fixtures::decompression_bomb();
        assert!(bomb.bytes.len() < 1024);
        let (result, allocated) = super::super::alloc_probe::allocated_by(|| prepare(&bomb.bytes));
        assert_eq!(result, Err(UploadError::TooManyPixels));
        assert_eq!(allocated, 0, "bytes allocated");
        // The server's check too.
        let (result, allocated) = super::super::alloc_probe::allocated_by(|| {
            inspect_upload(&bomb.bytes, MAX_UPLOAD_BYTES).map(|_| ())
        });
        assert_eq!(result, Err(UploadError::TooManyPixels));
        assert_eq!(allocated, 0, "bytes allocated by inspect_upload");
    }

    #[test]
    fn a_truncated_jpeg_is_refused_as_damaged() {
        assert_eq!(
            prepare(&fixtures::truncated().bytes),
            Err(UploadError::Corrupt)
        );
        // Broken in the middle of its headers, too.
        let whole = fixtures::document_small().bytes;
        assert_eq!(prepare(&whole[..300]), Err(UploadError::Corrupt));
    }

    #[test]
    fn cmyk_grayscale_and_progressive_jpegs_are_accepted() {
        let cmyk = prepare(&fixtures::cmyk().bytes).unwrap();
        assert_eq!((cmyk.width, cmyk.height), (400, 300));
        // The paper above the text is light on every row: the Adobe CMYK inversion was
        // understood and no row is lost.
        let rgb = decode(&cmyk.jpeg).to_rgb8();
        for y in 18..38 {
            for x in (30..370).step_by(7) {
                let paper = rgb.get_pixel(x, y);
                assert!(
                    paper.0.iter().all(|&c| c > 170),
                    "paper at {x},{y}: {paper:?}"
                );
            }
        }
        assert!(
            rgb.get_pixel(5, 5)[0] > rgb.get_pixel(5, 5)[2] + 30,
            "brown table"
        );

        let grey = prepare(&fixtures::grayscale().bytes).unwrap();
        assert_eq!((grey.width, grey.height), (600, 800));
        assert_eq!(
            decode(&grey.jpeg).color(),
            image::ColorType::L8,
            "grey stays one channel"
        );

        let progressive = prepare(&fixtures::progressive().bytes).unwrap();
        assert_eq!((progressive.width, progressive.height), (800, 600));
        // Decoded faithfully: close to the picture that was encoded.
        let original = fixtures::document_photo(800, 600, 21, 4);
        let decoded = decode(&progressive.jpeg).to_rgb8().into_raw();
        let diff: u64 = original
            .iter()
            .zip(&decoded)
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = diff as f64 / original.len() as f64;
        assert!(mean < 6.0, "mean difference {mean}");
        let frame = strip::scan(&progressive.jpeg).frame.unwrap();
        assert!(!frame.is_progressive(), "the output is baseline");
    }

    #[test]
    fn other_formats_are_refused_with_their_messages() {
        assert_eq!(prepare(b""), Err(UploadError::Empty));
        assert_eq!(
            prepare(&fixtures::heic().bytes),
            Err(UploadError::HeicNotAccepted)
        );
        assert_eq!(
            prepare(&fixtures::pdf().bytes),
            Err(UploadError::PdfNotAccepted)
        );
        assert_eq!(
            prepare(&fixtures::gif().bytes),
            Err(UploadError::OtherImageFormat)
        );
        assert_eq!(
            prepare(&fixtures::webp().bytes),
            Err(UploadError::OtherImageFormat)
        );
        assert_eq!(
            prepare(&fixtures::not_an_image().bytes),
            Err(UploadError::NotAnImage)
        );
    }

    #[test]
    fn a_source_over_40_mb_is_refused_unread() {
        let mut big = vec![0u8; MAX_SOURCE_BYTES as usize + 1];
        big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let mut called = false;
        let r = prepare_for_upload(&big, &PrepareOptions::default(), &mut |_| called = true);
        assert_eq!(r, Err(UploadError::SourceTooLarge));
        assert!(!called, "refused before decoding");
    }

    #[test]
    fn a_motion_photo_trailer_is_dropped() {
        let padded = fixtures::padded_30mb();
        let p = prepare(&padded.bytes).unwrap();
        assert_eq!((p.width, p.height), (1200, 900));
        assert!(p.jpeg.len() < 1_000_000);
        assert_eq!(strip::scan(&p.jpeg).outcome, Ok(p.jpeg.len()));
    }

    #[test]
    fn when_the_lowest_quality_is_not_enough_the_picture_is_shrunk() {
        let doc = fixtures::document_small().bytes;
        let opts = PrepareOptions {
            max_bytes: 40_000,
            min_long_side: 200,
            ..Default::default()
        };
        let mut stages = Vec::new();
        let p = prepare_for_upload(&doc, &opts, &mut |s| stages.push(s)).unwrap();
        assert!(p.jpeg.len() <= 40_000, "{}", p.jpeg.len());
        assert!(p.width < 1200 && p.resized);
        let ratio = f64::from(p.width) / f64::from(p.height);
        assert!(
            (ratio - 4.0 / 3.0).abs() < 0.01,
            "aspect ratio kept: {}×{}",
            p.width,
            p.height
        );
        assert!(stages.contains(&Stage::Resizing));

        let impossible = PrepareOptions {
            max_bytes: 2_000,
            ..Default::default()
        };
        assert_eq!(
            prepare_for_upload(&doc, &impossible, &mut |_| {}),
            Err(UploadError::CannotCompress)
        );
    }

    #[test]
    fn the_quality_search_finds_the_highest_quality_that_fits_in_few_encodings() {
        let doc = fixtures::document_small().bytes;
        let size_at = |q: u8| {
            let opts = PrepareOptions {
                start_quality: q,
                recompress_quality: q,
                min_quality: q,
                ..Default::default()
            };
            prepare_for_upload(&doc, &opts, &mut |_| {})
                .unwrap()
                .jpeg
                .len() as u64
        };
        let sizes: Vec<(u8, u64)> = (40..=85).map(|q| (q, size_at(q))).collect();
        for (q, limit_between) in [(84, true), (76, true), (60, true), (47, true), (40, false)] {
            let s = sizes.iter().find(|p| p.0 == q).unwrap().1;
            let next = sizes.iter().find(|p| p.0 == q + 1).unwrap().1;
            let max_bytes = if limit_between { (s + next) / 2 } else { s };
            // The brute-force answer: the highest quality whose size fits.
            let expected = sizes.iter().rev().find(|p| p.1 <= max_bytes).unwrap().0;
            let opts = PrepareOptions {
                max_bytes,
                ..Default::default()
            };
            let mut encodings = 0;
            let p = prepare_for_upload(&doc, &opts, &mut |s| {
                if matches!(s, Stage::Encoding { .. }) {
                    encodings += 1;
                }
            })
            .unwrap();
            assert_eq!(p.quality, expected, "limit {max_bytes}");
            assert!(p.jpeg.len() as u64 <= max_bytes);
            assert!(
                encodings <= 5,
                "{encodings} encodings for quality {expected}"
            );
        }
    }

    #[test]
    fn quality_and_log_scale_are_inverse() {
        for q in 1..=99u8 {
            assert!(
                (quality_at(log_scale(q)) - f64::from(q)).abs() < 1e-9,
                "{q}"
            );
        }
        assert!(
            log_scale(40) > log_scale(85),
            "lower quality, coarser quantisation"
        );
    }
}
