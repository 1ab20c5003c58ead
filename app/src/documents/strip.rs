//! The JPEG segment walker and lossless metadata stripping.
//!
//! A JPEG file is a sequence of marker segments (`FF xx`, most followed by a 16-bit length),
//! and after each start-of-scan (SOS) segment, entropy-coded picture data that runs until
//! the next marker other than a byte-stuffing `FF 00` or a restart marker `FF D0`–`FF D7`.
//! The picture ends with the end-of-image marker (EOI, `FF D9`).
//!
//! [`scan`] walks that structure without copying anything: it finds the frame header
//! (SOFn: width, height, components) *before* anything is decoded, which is how a
//! decompression bomb is refused without allocating, and it tells a file cut short
//! (no EOI) from a complete one.
//!
//! [`strip_metadata`] copies the file segment by segment and drops everything that is
//! metadata: APP1–APP13 and APP15 (Exif with GPS, XMP, ICC profiles, Photoshop IRB,
//! maker notes…), COM comments, the reserved JPGn extensions (`FF F0`–`FF FD`), an APP0
//! that is not JFIF (JFXX thumbnails, AVI1) and an APP14 that is not Adobe. It keeps the
//! APP0 JFIF header (without its optional embedded thumbnail) and the APP14 Adobe
//! segment, which tells the decoder how to read CMYK/YCCK pictures. Tables (DQT, DHT,
//! DRI, DAC), the frame header, every SOS header and every byte of entropy-coded data are
//! copied unchanged, so the picture decodes to exactly the same pixels. Metadata segments
//! between the scans of a progressive JPEG are dropped too. Anything after EOI (a phone's
//! appended "motion photo" video, a second embedded picture, garbage) is dropped.
//!
//! Neither function panics, whatever the input; a broken structure is an error.

use thiserror::Error;

/// What the frame header (SOFn) of a JPEG declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameInfo {
    /// Width in pixels (as stored, before any Exif orientation).
    pub width: u32,
    /// Height in pixels (as stored, before any Exif orientation).
    pub height: u32,
    /// Number of colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK.
    pub components: u8,
    /// Sample precision in bits (8 for ordinary photos, 12 for some medical images).
    pub precision: u8,
    /// The frame marker, `0xC0`–`0xCF`: `0xC0`/`0xC1` baseline/extended sequential Huffman,
    /// `0xC2` progressive Huffman, `0xC3` lossless, `0xC9`–`0xCB` arithmetic coding.
    pub marker: u8,
}

impl FrameInfo {
    /// Width × height.
    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    /// Whether the picture is progressive (`SOF2`, `SOF6`, `SOF10`, `SOF14`).
    pub fn is_progressive(&self) -> bool {
        matches!(self.marker, 0xC2 | 0xC6 | 0xCA | 0xCE)
    }
}

/// Why a byte string is not a well-formed JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum StructureError {
    /// Does not start with the start-of-image marker `FF D8`.
    #[error("no JPEG start-of-image marker")]
    NotJpeg,
    /// The data ends before the end-of-image marker: the file was cut short.
    #[error("the JPEG data ends before its end-of-image marker")]
    Truncated,
    /// A marker, a segment length or a frame/scan header is invalid at this byte offset.
    #[error("malformed JPEG structure at byte {0}")]
    Malformed(usize),
    /// A scan starts before any frame header, or the image ends without any scan.
    #[error("the JPEG has no frame header or no scan")]
    NoFrame,
}

/// The result of walking a JPEG with [`scan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// The frame header, if one was read, even when the walk failed later (a truncated
    /// decompression bomb is still recognised as one).
    pub frame: Option<FrameInfo>,
    /// `Ok(end)` with the offset just past EOI when the structure is complete.
    pub outcome: Result<usize, StructureError>,
}

/// Walks the whole structure of `bytes` without copying or allocating.
pub fn scan(bytes: &[u8]) -> Scan {
    let mut frame = None;
    let outcome = walk(bytes, &mut NoSink, &mut frame);
    Scan { frame, outcome }
}

/// Copies `bytes` without its metadata segments (see the module documentation).
///
/// The result is a complete JPEG (SOI … EOI) that decodes to the same pixels. Stripping
/// an already stripped file returns it unchanged.
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, StructureError> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut frame = None;
    walk(bytes, &mut out, &mut frame)?;
    Ok(out)
}

/// What happens to one marker segment when stripping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Copied unchanged.
    Yes,
    /// Dropped.
    No,
    /// An APP0 JFIF header whose embedded thumbnail is dropped: only its first 14 payload
    /// bytes are kept, with the thumbnail size set to 0 × 0.
    JfifWithoutThumbnail,
}

/// Length of a JFIF APP0 payload without a thumbnail: `JFIF\0`, version (2), units (1),
/// densities (2 + 2), thumbnail width and height (1 + 1).
const JFIF_HEADER_LEN: usize = 14;

/// The keep/drop rule for a segment with a length (`marker` is the byte after `FF`).
fn keep(marker: u8, payload: &[u8]) -> Keep {
    match marker {
        0xE0 => {
            if payload.len() >= JFIF_HEADER_LEN && payload.starts_with(b"JFIF\0") {
                if payload.len() == JFIF_HEADER_LEN && payload[12] == 0 && payload[13] == 0 {
                    Keep::Yes
                } else {
                    Keep::JfifWithoutThumbnail
                }
            } else {
                Keep::No
            }
        }
        0xEE => {
            if payload.starts_with(b"Adobe") {
                Keep::Yes
            } else {
                Keep::No
            }
        }
        // APP1–APP13, APP15, JPG0–JPG13 (reserved extensions), COM.
        0xE1..=0xED | 0xEF | 0xF0..=0xFD | 0xFE => Keep::No,
        _ => Keep::Yes,
    }
}

/// Where the walker copies the kept bytes.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

/// Discards everything: [`scan`] only validates.
struct NoSink;

impl Sink for NoSink {
    fn put(&mut self, _: &[u8]) {}
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    let hi = *bytes.get(at)?;
    let lo = *bytes.get(at + 1)?;
    Some(usize::from(hi) << 8 | usize::from(lo))
}

/// Is `marker` a start-of-frame (SOF0–SOF15 except DHT `C4`, JPG `C8` and DAC `CC`)?
fn is_sof(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Parses a frame header payload: `P Y(2) X(2) Nf` then `Nf` × 3 bytes.
fn parse_frame(marker: u8, payload: &[u8], at: usize) -> Result<FrameInfo, StructureError> {
    let bad = StructureError::Malformed(at);
    if payload.len() < 6 {
        return Err(bad);
    }
    let precision = payload[0];
    let height = be16(payload, 1).ok_or(bad)?;
    let width = be16(payload, 3).ok_or(bad)?;
    let components = payload[5];
    if width == 0
        // Height 0 means "given later by a DNL marker": no decoder of ours supports it.
        || height == 0
        || components == 0
        || payload.len() != 6 + 3 * usize::from(components)
    {
        return Err(bad);
    }
    Ok(FrameInfo {
        width: width as u32,
        height: height as u32,
        components,
        precision,
        marker,
    })
}

/// Checks a scan header payload: `Ns`, then `Ns` × 2 bytes, then `Ss Se Ah/Al`.
fn check_scan_header(payload: &[u8], at: usize) -> Result<(), StructureError> {
    let ns = usize::from(*payload.first().ok_or(StructureError::Malformed(at))?);
    if (1..=4).contains(&ns) && payload.len() == 1 + 2 * ns + 3 {
        Ok(())
    } else {
        Err(StructureError::Malformed(at))
    }
}

/// Finds the end of the entropy-coded data that starts at `from`: the offset of the `FF`
/// of the next real marker (not `FF 00`, not a restart marker, not a fill byte).
fn entropy_end(bytes: &[u8], from: usize) -> Result<usize, StructureError> {
    let mut i = from;
    loop {
        let rest = bytes.get(i..).ok_or(StructureError::Truncated)?;
        let ff = i + memchr::memchr(0xFF, rest).ok_or(StructureError::Truncated)?;
        match bytes.get(ff + 1) {
            None => return Err(StructureError::Truncated),
            // Byte stuffing, or a restart marker inside the scan.
            Some(0x00 | 0xD0..=0xD7) => i = ff + 2,
            // A fill byte: the marker is further on.
            Some(0xFF) => i = ff + 1,
            Some(_) => return Ok(ff),
        }
    }
}

/// The walker shared by [`scan`] and [`strip_metadata`]. Returns the offset just past EOI.
fn walk<S: Sink>(
    bytes: &[u8],
    sink: &mut S,
    frame: &mut Option<FrameInfo>,
) -> Result<usize, StructureError> {
    if bytes.len() < 2 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return Err(StructureError::NotJpeg);
    }
    sink.put(&bytes[..2]);
    let mut pos = 2;
    let mut scans = 0u32;
    loop {
        // A marker: one or more 0xFF (fill bytes are allowed), then the marker code.
        match bytes.get(pos) {
            None => return Err(StructureError::Truncated),
            Some(0xFF) => {}
            Some(_) => return Err(StructureError::Malformed(pos)),
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else {
            return Err(StructureError::Truncated);
        };
        let at = pos - 1; // the FF just before the marker code
        pos += 1;
        match marker {
            0xD9 => {
                if scans == 0 {
                    return Err(StructureError::NoFrame);
                }
                sink.put(&[0xFF, 0xD9]);
                return Ok(pos);
            }
            // TEM and stray restart markers stand alone (no length); they are harmless.
            0x01 | 0xD0..=0xD7 => {
                sink.put(&[0xFF, marker]);
                continue;
            }
            // A second SOI, a stuffed zero outside a scan, reserved codes.
            0x00 | 0x02..=0xBF | 0xD8 => return Err(StructureError::Malformed(at)),
            _ => {}
        }
        let len = be16(bytes, pos).ok_or(StructureError::Truncated)?;
        if len < 2 {
            return Err(StructureError::Malformed(at));
        }
        let end = pos + len;
        let payload = bytes.get(pos + 2..end).ok_or(StructureError::Truncated)?;
        if is_sof(marker) {
            if frame.is_some() {
                // A second frame (hierarchical JPEG): not something a phone produces.
                return Err(StructureError::Malformed(at));
            }
            *frame = Some(parse_frame(marker, payload, at)?);
        } else if marker == 0xDA {
            if frame.is_none() {
                return Err(StructureError::NoFrame);
            }
            check_scan_header(payload, at)?;
        }
        match keep(marker, payload) {
            Keep::Yes => sink.put(&bytes[at..end]),
            Keep::No => {}
            Keep::JfifWithoutThumbnail => {
                let mut header = [0u8; 2 + 2 + JFIF_HEADER_LEN];
                header[..2].copy_from_slice(&[0xFF, 0xE0]);
                header[2..4].copy_from_slice(&((2 + JFIF_HEADER_LEN) as u16).to_be_bytes());
                header[4..].copy_from_slice(&payload[..JFIF_HEADER_LEN]);
                header[4 + 12] = 0;
                header[4 + 13] = 0;
                sink.put(&header);
            }
        }
        pos = end;
        if marker == 0xDA {
            scans += 1;
            let data_end = entropy_end(bytes, pos)?;
            sink.put(&bytes[pos..data_end]);
            pos = data_end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self, Rng};
    use super::*;

    /// Builds a segment `FF marker len payload`.
    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// Inserts `segments` right after SOI and the JFIF APP0 of `jpeg`.
    fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
        let app0_len = be16(jpeg, 4).unwrap();
        let split = 4 + app0_len;
        let mut out = jpeg[..split].to_vec();
        for s in segments {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&jpeg[split..]);
        out
    }

    fn markers(jpeg: &[u8]) -> Vec<u8> {
        // Segment markers before the first scan.
        let mut out = Vec::new();
        let mut pos = 2;
        while pos + 4 <= jpeg.len() && jpeg[pos] == 0xFF {
            let m = jpeg[pos + 1];
            out.push(m);
            if m == 0xDA {
                break;
            }
            pos += 2 + be16(jpeg, pos + 2).unwrap();
        }
        out
    }

    fn decode(jpeg: &[u8]) -> image::DynamicImage {
        image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap()
    }

    #[test]
    fn metadata_segments_are_removed_and_the_picture_is_untouched() {
        let clean = fixtures::small_document_jpeg(320, 240, 7);
        let exif = segment(0xE1, &fixtures::exif_app1_payload(6));
        let xmp = segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS</x:xmpmeta>",
        );
        let icc = segment(0xE2, b"ICC_PROFILE\0\x01\x01fake profile");
        let iptc = segment(0xED, b"Photoshop 3.0\0 8BIM caption");
        let app15 = segment(0xEF, b"vendor");
        let com = segment(0xFE, b"taken at home, Almaty");
        let jfxx = segment(0xE0, b"JFXX\0\x10thumbnail");
        let adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01");
        let dirty = with_segments(&clean, &[exif, xmp, icc, iptc, app15, com, jfxx, adobe]);
        assert_eq!(scan(&dirty).outcome, Ok(dirty.len()));

        let stripped = strip_metadata(&dirty).unwrap();
        let ms = markers(&stripped);
        assert_eq!(ms.iter().filter(|&&m| m == 0xE0).count(), 1, "{ms:x?}");
        assert!(ms.contains(&0xEE), "Adobe APP14 is kept: {ms:x?}");
        for m in [0xE1, 0xE2, 0xED, 0xEF, 0xFE] {
            assert!(!ms.contains(&m), "marker {m:#x} left in {ms:x?}");
        }
        for needle in [&b"Exif"[..], b"GPS", b"Almaty", b"ICC_PROFILE", b"JFXX"] {
            assert!(!stripped.windows(needle.len()).any(|w| w == needle));
        }
        // A clean file is returned unchanged; the pixels are bit-identical.
        let mut clean_plus_adobe = strip_metadata(&clean).unwrap();
        assert_eq!(clean_plus_adobe, clean);
        clean_plus_adobe = with_segments(&clean, &[segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01")]);
        assert_eq!(stripped, clean_plus_adobe);
        assert_eq!(decode(&stripped).as_bytes(), decode(&clean).as_bytes());
        // Idempotent.
        assert_eq!(strip_metadata(&stripped).unwrap(), stripped);
    }

    #[test]
    fn a_jfif_thumbnail_is_dropped_but_the_jfif_header_kept() {
        let clean = fixtures::small_document_jpeg(64, 48, 1);
        let app0_len = be16(&clean, 4).unwrap();
        let mut jfif = clean[6..4 + app0_len].to_vec();
        assert_eq!(jfif.len(), JFIF_HEADER_LEN);
        jfif[12] = 2; // a 2 × 1 RGB thumbnail
        jfif[13] = 1;
        jfif.extend_from_slice(&[1, 2, 3, 4, 5, 6]);
        let mut with_thumb = clean[..2].to_vec();
        with_thumb.extend(segment(0xE0, &jfif));
        with_thumb.extend_from_slice(&clean[4 + app0_len..]);
        assert_eq!(strip_metadata(&with_thumb).unwrap(), clean);
    }

    #[test]
    fn progressive_cmyk_and_grey_frames_are_read() {
        for (fixture, components, progressive) in [
            (fixtures::progressive(), 3, true),
            (fixtures::cmyk(), 4, false),
            (fixtures::grayscale(), 1, false),
        ] {
            let s = scan(&fixture.bytes);
            let frame = s.frame.unwrap();
            assert_eq!(frame.components, components, "{}", fixture.name);
            assert_eq!(frame.is_progressive(), progressive, "{}", fixture.name);
            assert_eq!(s.outcome, Ok(fixture.bytes.len()));
            let stripped = strip_metadata(&fixture.bytes).unwrap();
            assert_eq!(
                decode(&stripped).as_bytes(),
                decode(&fixture.bytes).as_bytes()
            );
        }
    }

    #[test]
    fn every_cut_of_a_jpeg_is_an_error_and_trailing_data_is_dropped() {
        let jpeg = fixtures::small_document_jpeg(40, 30, 3);
        for cut in 0..jpeg.len() {
            let s = scan(&jpeg[..cut]);
            assert!(s.outcome.is_err(), "cut at {cut}");
            if cut >= 2 {
                assert_ne!(s.outcome, Err(StructureError::NotJpeg));
            }
        }
        let mut trailing = jpeg.clone();
        trailing.extend_from_slice(b"\0\0\0\x18ftypmp42 a motion-photo video");
        assert_eq!(scan(&trailing).outcome, Ok(jpeg.len()));
        assert_eq!(strip_metadata(&trailing).unwrap(), jpeg);
    }

    #[test]
    fn a_bomb_frame_is_reported_even_if_the_rest_is_broken() {
        let bomb = fixtures::decompression_bomb();
        let s = scan(&bomb.bytes);
        let frame = s.frame.unwrap();
        assert_eq!((frame.width, frame.height), (60_000, 60_000));
        let half = &bomb.bytes[..bomb.bytes.len() - 10];
        assert_eq!(scan(half).frame, Some(frame));
    }

    #[test]
    fn malformed_structures_are_errors() {
        let jpeg = fixtures::small_document_jpeg(16, 16, 2);
        assert_eq!(scan(b"").outcome, Err(StructureError::NotJpeg));
        assert_eq!(scan(b"\xFF").outcome, Err(StructureError::NotJpeg));
        assert_eq!(scan(b"\xFF\xD8").outcome, Err(StructureError::Truncated));
        assert_eq!(
            scan(b"\xFF\xD8\xFF\xD9").outcome,
            Err(StructureError::NoFrame)
        );
        assert_eq!(
            scan(b"\xFF\xD8\x00").outcome,
            Err(StructureError::Malformed(2))
        );
        assert_eq!(
            scan(b"\xFF\xD8\xFF\xE0\x00\x01").outcome,
            Err(StructureError::Malformed(2))
        );
        assert_eq!(
            scan(b"\xFF\xD8\xFF\xE0\x00\x10JF").outcome,
            Err(StructureError::Truncated)
        );
        // A segment length pointing past the end.
        let mut long = jpeg.clone();
        long[4] = 0xFF;
        assert_eq!(scan(&long).outcome, Err(StructureError::Truncated));
        // A scan before the frame header.
        let mut sos_first = b"\xFF\xD8".to_vec();
        sos_first.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        sos_first.extend_from_slice(b"\x12\x34\xFF\xD9");
        assert_eq!(scan(&sos_first).outcome, Err(StructureError::NoFrame));
        // Fill bytes before a marker are fine.
        let mut filled = jpeg[..2].to_vec();
        filled.extend_from_slice(&[0xFF, 0xFF, 0xFF]);
        filled.extend_from_slice(&jpeg[2..]);
        assert_eq!(scan(&filled).outcome, Ok(filled.len()));
        assert_eq!(strip_metadata(&filled).unwrap(), jpeg);
    }

    #[test]
    fn strip_never_panics_on_random_bytes() {
        let mut rng = Rng::new(0x5EED);
        let valid = fixtures::small_document_jpeg(48, 32, 9);
        let progressive = fixtures::progressive().bytes;
        for round in 0..3_000u32 {
            let len = rng.below(600) as usize;
            let mut bytes: Vec<u8> = match round % 4 {
                // Pure noise, with and without a SOI in front.
                0 => (0..len).map(|_| rng.byte()).collect(),
                1 => [0xFF, 0xD8]
                    .into_iter()
                    .chain((0..len).map(|_| rng.byte()))
                    .collect(),
                // Mutations of real files: flipped bytes and cuts.
                2 => valid.clone(),
                _ => progressive.clone(),
            };
            if round % 4 >= 2 {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(bytes.len() as u64) as usize;
                    bytes[i] = if rng.below(2) == 0 { 0xFF } else { rng.byte() };
                }
                if rng.below(3) == 0 {
                    bytes.truncate(rng.below(bytes.len() as u64) as usize);
                }
            } else {
                // Sprinkle markers into the noise so the walker gets past the first bytes.
                for _ in 0..len / 16 {
                    if bytes.len() > 2 {
                        let i = 2 + rng.below(bytes.len() as u64 - 2) as usize;
                        bytes[i] = 0xFF;
                    }
                }
            }
            let s = scan(&bytes);
            let stripped = strip_metadata(&bytes);
            assert_eq!(stripped.is_ok(), s.outcome.is_ok());
            if let Ok(out) = stripped {
                assert!(out.len() <= bytes.len());
                assert!(scan(&out).outcome.is_ok());
            }
        }
    }
}
