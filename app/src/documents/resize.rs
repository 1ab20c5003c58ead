//! Fast, good-quality downscaling of 8-bit grey or RGB pixels: `fast_image_resize`'s
//! convolution with its bilinear filter, whose support grows with the reduction factor, so
//! every source pixel contributes (area-weighted linear interpolation, like Pillow's
//! antialiased `BILINEAR`): sharp text stays legible and noise is averaged rather than
//! aliased. It has WASM SIMD128 paths (the photo worker is built with `+simd128`) and
//! SSE4.1/AVX2 ones natively.
//!
//! Until 2026-12-07 this was a hand-written separable tent filter of ours with SIMD
//! intrinsics; on the same photos `fast_image_resize` gives the same quality (PSNR against an
//! exact area average within 0.05 dB, 56 dB between the two) 1.1–1.2× faster on 12 megapixels
//! and 2.5× faster on 48 in WASM (`bench/resize`, docs/decisions/0005-resizer.md). It keeps one
//! intermediate picture (the source's height at the target's width: 23 MB for a 12-megapixel
//! photo, 46 MB for 48), far below the decoder's bound. Called through the typed API so only
//! RGB and grey code reaches the photo worker.

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{U8, U8x3};
use fast_image_resize::{FilterType, PixelTrait, ResizeAlg, ResizeOptions, Resizer};

use super::pixels::Pixels;

/// Downscales `src` to `width × height` (each at most the source's, at least 1).
pub(crate) fn downscale(src: &Pixels, width: u32, height: u32) -> Pixels {
    let width = width.clamp(1, src.width.max(1));
    let height = height.clamp(1, src.height.max(1));
    if (width, height) == (src.width, src.height) {
        return src.clone();
    }
    let data = match src.channels {
        1 => resample::<U8>(src, width, height),
        _ => resample::<U8x3>(src, width, height),
    };
    Pixels {
        data,
        width,
        height,
        channels: src.channels,
    }
}

/// The typed resizer for one pixel layout: only that layout's code reaches the photo worker
/// (the untyped `Resizer::resize` links every pixel type's: 1.39 instead of 0.55 MB of WASM).
fn resample<P: PixelTrait>(src: &Pixels, width: u32, height: u32) -> Vec<u8> {
    let mut out = vec![0u8; width as usize * height as usize * src.channels];
    // `Pixels` always holds exactly width × height × channels samples and `P` is one byte
    // per sample (no alignment), so neither buffer can be refused.
    let from = TypedImageRef::<P>::from_buffer(src.width, src.height, &src.data)
        .expect("a picture's samples fill its size");
    let mut to = TypedImage::<P>::from_buffer(width, height, &mut out)
        .expect("the output buffer fits the output size");
    Resizer::new()
        .resize_typed(
            &from,
            &mut to,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear)),
        )
        .expect("a non-empty picture resizes");
    out
}

/// The size of `width × height` scaled down so that its longer side is at most
/// `max_long_side` (unchanged if it already is), keeping the aspect ratio.
pub(crate) fn fit(width: u32, height: u32, max_long_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_long_side || long == 0 {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max_long_side) + u64::from(long) / 2) / u64::from(long))
            .max(1) as u32
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(
        width: u32,
        height: u32,
        channels: usize,
        f: impl Fn(u32, u32, usize) -> u8,
    ) -> Pixels {
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                for c in 0..channels {
                    data.push(f(x, y, c));
                }
            }
        }
        Pixels {
            data,
            width,
            height,
            channels,
        }
    }

    #[test]
    fn fitting_keeps_the_aspect_ratio() {
        assert_eq!(fit(4000, 3000, 2560), (2560, 1920));
        assert_eq!(fit(3000, 4000, 2560), (1920, 2560));
        assert_eq!(fit(8000, 6000, 2560), (2560, 1920));
        assert_eq!(fit(2560, 100, 2560), (2560, 100));
        assert_eq!(fit(10_000, 1, 2560), (2560, 1));
        assert_eq!(fit(800, 600, 2560), (800, 600));
    }

    #[test]
    fn a_flat_colour_stays_exactly_flat() {
        for (w, h, tw, th) in [
            (4000, 30, 2560, 19),
            (101, 77, 13, 10),
            (9, 9, 8, 8),
            (5, 3, 1, 1),
        ] {
            let src = pixels(w, h, 3, |_, _, c| [200, 17, 255][c]);
            let out = downscale(&src, tw, th);
            assert_eq!((out.width, out.height, out.channels), (tw, th, 3));
            assert!(
                out.data.chunks_exact(3).all(|p| p == [200, 17, 255]),
                "{w}×{h}→{tw}×{th}"
            );
        }
    }

    #[test]
    fn fine_detail_is_averaged_not_aliased() {
        // A one-pixel black/white checkerboard halved is uniformly mid-grey.
        let src = pixels(64, 64, 1, |x, y, _| if (x + y) % 2 == 0 { 255 } else { 0 });
        let out = downscale(&src, 32, 32);
        assert!(
            out.data.iter().all(|&v| (120..=135).contains(&v)),
            "{:?}",
            &out.data[..8]
        );
        // A dark vertical line stays visible after a 3× reduction.
        let src = pixels(
            300,
            30,
            1,
            |x, _, _| if (150..152).contains(&x) { 0 } else { 255 },
        );
        let out = downscale(&src, 100, 10);
        let darkest = out.data[..100].iter().copied().min().unwrap();
        assert!(darkest < 200, "line lost: {darkest}");
        assert_eq!(out.data[0], 255);
    }

    #[test]
    fn the_same_size_is_a_copy() {
        let src = pixels(7, 5, 3, |x, y, c| (x * 31 + y * 7 + c as u32) as u8);
        assert_eq!(downscale(&src, 7, 5), src);
    }
}
