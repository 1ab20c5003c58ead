//! Fast, good-quality downscaling of 8-bit grey or RGB pixels.
//!
//! A separable triangle (tent) filter whose radius grows with the reduction factor, so
//! every source pixel contributes (area-weighted linear interpolation, like Pillow's
//! antialiased `BILINEAR`): sharp text stays legible and noise is averaged rather than
//! aliased. Weights are 14-bit fixed point and the work is streamed one output row at a
//! time: each output row first blends its source rows (a loop over whole rows that the
//! compiler vectorises), then filters that row horizontally. No intermediate picture is
//! allocated, and nothing is converted to floating point, which is what makes
//! `image::imageops::resize` several times slower and memory-hungry (it keeps an
//! RGBA `f32` copy of the whole intermediate picture: 120 MB for a 12-megapixel photo).

use super::pixels::Pixels;

/// Fixed-point precision of the filter weights.
const WEIGHT_BITS: u32 = 14;
/// Extra precision kept in the vertically blended row (16-bit intermediate).
const ROW_BITS: u32 = 8;

/// For each output position: the first source index and its weights (summing to
/// `1 << WEIGHT_BITS`).
struct Taps {
    start: Vec<usize>,
    /// `count[i]` weights of output `i` start at `i * stride`.
    count: Vec<usize>,
    weights: Vec<i32>,
    stride: usize,
}

impl Taps {
    fn new(src: u32, dst: u32) -> Taps {
        let (src, dst) = (src as usize, dst as usize);
        let scale = src as f64 / dst as f64;
        let radius = scale.max(1.0);
        let stride = 2 * radius.ceil() as usize + 2;
        let mut taps = Taps {
            start: Vec::with_capacity(dst),
            count: Vec::with_capacity(dst),
            weights: vec![0; dst * stride],
            stride,
        };
        let mut w = Vec::with_capacity(stride);
        for i in 0..dst {
            let center = (i as f64 + 0.5) * scale;
            let lo = (center - radius).floor().max(0.0) as usize;
            let hi = ((center + radius).ceil() as usize).min(src);
            w.clear();
            for j in lo..hi {
                w.push((1.0 - ((j as f64 + 0.5 - center) / radius).abs()).max(0.0));
            }
            // Trim zero weights at both ends.
            let first = w.iter().position(|&x| x > 0.0).unwrap_or(0);
            let last = w.iter().rposition(|&x| x > 0.0).map_or(w.len(), |p| p + 1);
            let (lo, w) = (lo + first, &w[first..last.max(first + 1).min(w.len())]);
            let sum: f64 = w.iter().sum();
            let one = 1i32 << WEIGHT_BITS;
            let slot = &mut taps.weights[i * stride..i * stride + w.len()];
            let mut total = 0;
            for (s, &x) in slot.iter_mut().zip(w) {
                *s = if sum > 0.0 {
                    (x / sum * f64::from(one)).round() as i32
                } else {
                    0
                };
                total += *s;
            }
            // Put the rounding error on the largest weight so that the sum is exact.
            if let Some(max) = slot.iter_mut().max_by_key(|s| **s) {
                *max += one - total;
            }
            taps.start.push(lo);
            taps.count.push(w.len());
        }
        taps
    }

    fn of(&self, i: usize) -> (usize, &[i32]) {
        (
            self.start[i],
            &self.weights[i * self.stride..i * self.stride + self.count[i]],
        )
    }
}

/// Downscales `src` to `width × height` (each at most the source's, at least 1).
pub(crate) fn downscale(src: &Pixels, width: u32, height: u32) -> Pixels {
    let width = width.clamp(1, src.width.max(1));
    let height = height.clamp(1, src.height.max(1));
    if (width, height) == (src.width, src.height) {
        return src.clone();
    }
    match src.channels {
        1 => downscale_n::<1>(src, width, height),
        _ => downscale_n::<3>(src, width, height),
    }
}

fn downscale_n<const C: usize>(src: &Pixels, width: u32, height: u32) -> Pixels {
    let src_row_len = src.width as usize * C;
    let dst_row_len = width as usize * C;
    let vertical = Taps::new(src.height, height);
    let horizontal = Taps::new(src.width, width);
    let mut out = vec![0u8; dst_row_len * height as usize];
    let mut acc = vec![0i32; src_row_len];
    let mut row = vec![0u16; src_row_len];
    let shift = WEIGHT_BITS - ROW_BITS;
    let round_v = 1i32 << (shift - 1);
    // Row samples are below 2^16 and the weights of a pixel sum to 2^14, so a horizontal
    // sum stays below 2^30 and fits in an i32.
    let out_shift = WEIGHT_BITS + ROW_BITS;
    let round_h = 1i32 << (out_shift - 1);

    for (y, out_row) in out.chunks_exact_mut(dst_row_len).enumerate() {
        // Vertical: blend the source rows of this output row.
        let (first, weights) = vertical.of(y);
        acc.fill(0);
        for (k, &w) in weights.iter().enumerate() {
            let line = &src.data[(first + k) * src_row_len..][..src_row_len];
            for (a, &s) in acc.iter_mut().zip(line) {
                *a += i32::from(s) * w;
            }
        }
        for (r, &a) in row.iter_mut().zip(&acc) {
            *r = ((a + round_v) >> shift).clamp(0, i32::from(u16::MAX)) as u16;
        }
        // Horizontal.
        for (x, px) in out_row.chunks_exact_mut(C).enumerate() {
            let (first, weights) = horizontal.of(x);
            let mut sum = [0i32; C];
            let span = &row[first * C..][..weights.len() * C];
            for (s, &w) in span.chunks_exact(C).zip(weights) {
                for c in 0..C {
                    sum[c] += i32::from(s[c]) * w;
                }
            }
            for c in 0..C {
                px[c] = ((sum[c] + round_h) >> out_shift).clamp(0, 255) as u8;
            }
        }
    }
    Pixels {
        data: out,
        width,
        height,
        channels: C,
    }
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
