//! JPEG encoding of prepared pixels.
//!
//! `jpeg-encoder` writes SOI, the JFIF APP0 header, tables, one baseline frame and EOI:
//! no Exif, no ICC profile, no comment, so the output carries no metadata at all. Colour
//! pictures use 4:2:0 chroma subsampling at every quality (as cameras do; text is carried
//! by luminance) with box-averaged chroma, in one interleaved baseline scan.
//!
//! Optimised Huffman tables are deliberately NOT used: `jpeg-encoder` then writes one
//! non-interleaved scan per component, and zune-jpeg 0.5.15 (the decoder behind
//! `image` 0.25.10, used by `inspect` on the server) silently decodes non-interleaved
//! baseline scans with subsampled chroma to garbage colours (zune-image issue #422).

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

use super::pixels::Pixels;

/// Encodes `pixels` at `quality` (1–100). `None` only if the size is not encodable
/// (zero or above 65 535), which the callers rule out beforehand.
pub(crate) fn encode_jpeg(pixels: &Pixels, quality: u8) -> Option<Vec<u8>> {
    let width = u16::try_from(pixels.width).ok()?;
    let height = u16::try_from(pixels.height).ok()?;
    // A guess of the output size that avoids most reallocations.
    let mut out = Vec::with_capacity(pixels.data.len() / 6 + 1024);
    let mut encoder = Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    let color = if pixels.channels == 1 {
        ColorType::Luma
    } else {
        ColorType::Rgb
    };
    encoder.encode(&pixels.data, width, height, color).ok()?;
    Some(out)
}
