//! JPEG encoding of prepared pixels: the converter's last stage.
//!
//! [`super::baseline`] writes SOI, the JFIF APP0 header, tables, one baseline frame and
//! EOI: no Exif, no ICC profile, no comment, so the output carries no metadata at all.
//! Colour pictures use 4:2:0 chroma subsampling at every quality (as cameras do; text is
//! carried by luminance) with box-averaged chroma, in one interleaved baseline scan —
//! the layout every decoder handles, including zune-jpeg 0.5.15 (behind `image`, used by
//! `inspect` on the server), which decodes non-interleaved subsampled baseline scans to
//! garbage colours (zune-image issue #422).

use super::baseline;
use super::pixels::Pixels;

/// Encodes `pixels` (grey or RGB) at `quality` (1–100). `None` only if the size is not
/// encodable (zero or above 65 535), which the callers rule out beforehand.
pub(crate) fn encode_jpeg(pixels: &Pixels, quality: u8) -> Option<Vec<u8>> {
    baseline::encode(pixels, quality.clamp(1, 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_sizes_encode_and_decode_to_the_same_colours() {
        // A flat colour of odd width and height comes back as that colour everywhere,
        // which it would not if the last column or row of chroma were read from padding.
        for (w, h) in [(1, 1), (3, 5), (17, 9), (33, 31)] {
            let colour = [200u8, 60, 20];
            let data: Vec<u8> = (0..w * h).flat_map(|_| colour).collect();
            let pixels = Pixels {
                data,
                width: w,
                height: h,
                channels: 3,
            };
            let jpeg = encode_jpeg(&pixels, 90).expect("encodes");
            let back = image::load_from_memory(&jpeg).expect("decodes").to_rgb8();
            assert_eq!(back.dimensions(), (w, h));
            for p in back.pixels() {
                for c in 0..3 {
                    assert!(p[c].abs_diff(colour[c]) <= 3, "{w}×{h}: {:?}", p.0);
                }
            }
        }
    }

    #[test]
    fn the_colour_conversion_is_the_jfif_one() {
        // Flat colours come back within rounding through an independent decoder.
        for colour in [[0u8, 0, 0], [255, 255, 255], [200, 17, 255], [12, 130, 77]] {
            let data: Vec<u8> = (0..16 * 16).flat_map(|_| colour).collect();
            let pixels = Pixels {
                data,
                width: 16,
                height: 16,
                channels: 3,
            };
            let jpeg = encode_jpeg(&pixels, 100).unwrap();
            let back = jpeg_decoder::Decoder::new(jpeg.as_slice())
                .decode()
                .unwrap();
            for p in back.chunks_exact(3) {
                for c in 0..3 {
                    assert!(p[c].abs_diff(colour[c]) <= 2, "{colour:?} → {p:?}");
                }
            }
        }
    }
}
