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

/// The taps of every output position as windows of one length `n` (zero weights pad the
/// shorter ones, and windows near the end start earlier), so that the horizontal pass of
/// RGB runs the same fixed-length loop for every pixel.
struct Windows {
    n: usize,
    start: Vec<usize>,
    /// `n` weights per output position.
    weights: Vec<i32>,
}

impl Windows {
    fn new(taps: &Taps, src: usize) -> Windows {
        let n = taps
            .count
            .iter()
            .copied()
            .max()
            .unwrap_or(1)
            .clamp(1, src.max(1));
        let outputs = taps.start.len();
        let mut windows = Windows {
            n,
            start: Vec::with_capacity(outputs),
            weights: vec![0; outputs * n],
        };
        for i in 0..outputs {
            let (first, weights) = taps.of(i);
            let start = first.min(src - n);
            let offset = first - start;
            windows.weights[i * n + offset..][..weights.len()].copy_from_slice(weights);
            windows.start.push(start);
        }
        windows
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
    let windows = Windows::new(&horizontal, src.width as usize);
    let mut out = vec![0u8; dst_row_len * height as usize];
    // One spare sample at the end: the horizontal pass of RGB reads pixels as 4 samples.
    let mut row = vec![0u16; src_row_len + 1];
    for (y, out_row) in out.chunks_exact_mut(dst_row_len).enumerate() {
        let (first, weights) = vertical.of(y);
        let lines = &src.data[first * src_row_len..][..weights.len() * src_row_len];
        blend_rows(lines, src_row_len, weights, &mut row[..src_row_len]);
        if C == 3 {
            filter_row_rgb(&row, &windows, out_row);
        } else {
            filter_row::<C>(&row, &horizontal, out_row);
        }
    }
    Pixels {
        data: out,
        width,
        height,
        channels: C,
    }
}

/// Columns blended at once by [`blend_rows`]: the accumulators stay in (SIMD) registers
/// while every source row of the output row is added in.
const LANES: usize = 16;

/// Vertical pass: `row[i] = Σ_k lines[k][i] · weights[k]`, kept with [`ROW_BITS`] extra
/// bits of precision. `lines` holds `weights.len()` rows of `row_len` samples.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn blend_rows(lines: &[u8], row_len: usize, weights: &[i32], row: &mut [u16]) {
    blend_rows_portable(lines, row_len, weights, row);
}

/// [`blend_rows`] with WASM SIMD (what the photo worker runs): 16 columns at a time in
/// four `i32x4` accumulators, each tap one 16-byte load widened to 16 bits and two
/// widening multiplies. Same arithmetic, same result as the portable version.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[allow(unsafe_code)] // WASM SIMD loads and stores, bounds asserted before (SAFETY notes).
fn blend_rows(lines: &[u8], row_len: usize, weights: &[i32], row: &mut [u16]) {
    use core::arch::wasm32::{
        i16x8_splat, i32x4_add, i32x4_extmul_high_i16x8, i32x4_extmul_low_i16x8, i32x4_shr,
        i32x4_splat, u16x8_extend_high_u8x16, u16x8_extend_low_u8x16, u16x8_narrow_i32x4,
        v128_load, v128_store,
    };
    let shift = WEIGHT_BITS - ROW_BITS;
    let round = i32x4_splat(1 << (shift - 1));
    let whole = row_len / LANES * LANES;
    assert!(lines.len() >= weights.len() * row_len && row.len() >= row_len);
    // Weights of a tent filter are between 0 and 2^14: they fit in an i16.
    let weights16: Vec<_> = weights.iter().map(|&w| i16x8_splat(w as i16)).collect();
    for x in (0..whole).step_by(LANES) {
        let mut acc = [i32x4_splat(0); 4];
        for (k, &w) in weights16.iter().enumerate() {
            // SAFETY: k * row_len + x + 16 <= weights.len() * row_len <= lines.len()
            // (asserted above, x + 16 <= whole <= row_len); loads have no alignment needs.
            let v = unsafe { v128_load(lines.as_ptr().add(k * row_len + x).cast()) };
            let (lo, hi) = (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v));
            acc[0] = i32x4_add(acc[0], i32x4_extmul_low_i16x8(lo, w));
            acc[1] = i32x4_add(acc[1], i32x4_extmul_high_i16x8(lo, w));
            acc[2] = i32x4_add(acc[2], i32x4_extmul_low_i16x8(hi, w));
            acc[3] = i32x4_add(acc[3], i32x4_extmul_high_i16x8(hi, w));
        }
        let a: [_; 4] = std::array::from_fn(|i| i32x4_shr(i32x4_add(acc[i], round), shift));
        // SAFETY: x + 16 <= row_len <= row.len() (asserted above).
        unsafe {
            v128_store(
                row.as_mut_ptr().add(x).cast(),
                u16x8_narrow_i32x4(a[0], a[1]),
            );
            v128_store(
                row.as_mut_ptr().add(x + 8).cast(),
                u16x8_narrow_i32x4(a[2], a[3]),
            );
        }
    }
    blend_rows_portable_from(whole, lines, row_len, weights, row);
}

/// The portable [`blend_rows`].
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
fn blend_rows_portable(lines: &[u8], row_len: usize, weights: &[i32], row: &mut [u16]) {
    let shift = WEIGHT_BITS - ROW_BITS;
    let round = 1i32 << (shift - 1);
    let finish = |a: i32| ((a + round) >> shift).clamp(0, i32::from(u16::MAX)) as u16;
    let whole = row_len / LANES * LANES;
    let mut x = 0;
    while x < whole {
        let mut acc = [0i32; LANES];
        for (k, &w) in weights.iter().enumerate() {
            let line: &[u8; LANES] = lines[k * row_len + x..][..LANES]
                .try_into()
                .expect("LANES samples");
            for (a, &s) in acc.iter_mut().zip(line) {
                *a += i32::from(s) * w;
            }
        }
        let out: &mut [u16; LANES] = (&mut row[x..x + LANES]).try_into().expect("LANES samples");
        for (o, &a) in out.iter_mut().zip(&acc) {
            *o = finish(a);
        }
        x += LANES;
    }
    blend_rows_portable_from(whole, lines, row_len, weights, row);
}

/// The columns from `start` on of [`blend_rows`], one at a time.
fn blend_rows_portable_from(
    start: usize,
    lines: &[u8],
    row_len: usize,
    weights: &[i32],
    row: &mut [u16],
) {
    let shift = WEIGHT_BITS - ROW_BITS;
    let round = 1i32 << (shift - 1);
    for (i, o) in row.iter_mut().enumerate().take(row_len).skip(start) {
        let mut a = 0;
        for (k, &w) in weights.iter().enumerate() {
            a += i32::from(lines[k * row_len + i]) * w;
        }
        *o = ((a + round) >> shift).clamp(0, i32::from(u16::MAX)) as u16;
    }
}

// Row samples are below 2^16 and the weights of a pixel sum to 2^14, so a horizontal sum
// stays below 2^30 and fits in an i32.
const OUT_SHIFT: u32 = WEIGHT_BITS + ROW_BITS;
const OUT_ROUND: i32 = 1 << (OUT_SHIFT - 1);

/// Horizontal pass for RGB (portable): every pixel sums the `n` taps of its window.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn filter_row_rgb(row: &[u16], windows: &Windows, out_row: &mut [u8]) {
    let n = windows.n;
    for ((px, &first), weights) in out_row
        .chunks_exact_mut(3)
        .zip(&windows.start)
        .zip(windows.weights.chunks_exact(n))
    {
        let span = &row[first * 3..][..n * 3];
        let mut sum = [0i32; 3];
        for (s, &w) in span.chunks_exact(3).zip(weights) {
            for c in 0..3 {
                sum[c] += i32::from(s[c]) * w;
            }
        }
        for c in 0..3 {
            px[c] = ((sum[c] + OUT_ROUND) >> OUT_SHIFT).clamp(0, 255) as u8;
        }
    }
}

/// Horizontal pass for RGB with WASM SIMD (what the photo worker runs): each pixel is one
/// `i32x4` of (R, G, B, next R); per tap one 8-byte load widened to 32 bits, one
/// multiply, one add, in a loop of fixed length for the common window lengths. Same
/// arithmetic, same result as the portable version. `row` has one spare sample at the
/// end for the fourth lane of the last pixel.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn filter_row_rgb(row: &[u16], windows: &Windows, out_row: &mut [u8]) {
    match windows.n {
        1 => filter_rgb_simd::<1>(row, windows, out_row),
        2 => filter_rgb_simd::<2>(row, windows, out_row),
        3 => filter_rgb_simd::<3>(row, windows, out_row),
        4 => filter_rgb_simd::<4>(row, windows, out_row),
        5 => filter_rgb_simd::<5>(row, windows, out_row),
        6 => filter_rgb_simd::<6>(row, windows, out_row),
        _ => filter_rgb_simd::<0>(row, windows, out_row),
    }
}

/// [`filter_row_rgb`] for windows of `N` taps (`N` = 0: any length).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[allow(unsafe_code)] // WASM SIMD loads, bounds asserted before (SAFETY notes).
fn filter_rgb_simd<const N: usize>(row: &[u16], windows: &Windows, out_row: &mut [u8]) {
    use core::arch::wasm32::{
        i32x4_add, i32x4_mul, i32x4_shr, i32x4_splat, u8x16_narrow_i16x8, u16x8_narrow_i32x4,
        u32x4_extract_lane, u32x4_load_extend_u16x4,
    };
    let n = if N == 0 { windows.n } else { N };
    assert!(n == windows.n && n > 0);
    let src_pixels = (row.len() - 1) / 3;
    let round = i32x4_splat(OUT_ROUND);
    for ((px, &first), weights) in out_row
        .chunks_exact_mut(3)
        .zip(&windows.start)
        .zip(windows.weights.chunks_exact(n))
    {
        // Every window lies inside the source row (Windows::new), so the loads below,
        // which read one sample past each pixel, stay inside `row`.
        assert!(first + n <= src_pixels);
        let base = row.as_ptr();
        let mut acc = i32x4_splat(0);
        for (k, &w) in weights.iter().enumerate().take(n) {
            // SAFETY: (first + k) * 3 + 4 <= src_pixels * 3 + 1 = row.len(), checked above;
            // the load has no alignment requirement.
            let v = unsafe { u32x4_load_extend_u16x4(base.add((first + k) * 3)) };
            acc = i32x4_add(acc, i32x4_mul(v, i32x4_splat(w)));
        }
        let v = i32x4_shr(i32x4_add(acc, round), OUT_SHIFT);
        let v = u16x8_narrow_i32x4(v, v);
        let v = u8x16_narrow_i16x8(v, v);
        px.copy_from_slice(&u32x4_extract_lane::<0>(v).to_le_bytes()[..3]);
    }
}

/// Horizontal pass for any number of channels (grey).
fn filter_row<const C: usize>(row: &[u16], taps: &Taps, out_row: &mut [u8]) {
    for (x, px) in out_row.chunks_exact_mut(C).enumerate() {
        let (first, weights) = taps.of(x);
        let mut sum = [0i32; C];
        let span = &row[first * C..][..weights.len() * C];
        for (s, &w) in span.chunks_exact(C).zip(weights) {
            for c in 0..C {
                sum[c] += i32::from(s[c]) * w;
            }
        }
        for c in 0..C {
            px[c] = ((sum[c] + OUT_ROUND) >> OUT_SHIFT).clamp(0, 255) as u8;
        }
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
    fn rgb_windows_give_the_same_result_as_the_taps() {
        // The RGB pass (fixed-length windows) against the generic pass (exact taps).
        for (w, tw) in [
            (4000, 2560),
            (101, 13),
            (9, 8),
            (5, 1),
            (7, 3),
            (3000, 1000),
        ] {
            let src = pixels(w, 2, 3, |x, y, c| {
                ((x * 37 + y * 11 + c as u32 * 91) % 256) as u8
            });
            let taps = Taps::new(w, tw);
            let windows = Windows::new(&taps, w as usize);
            let mut row: Vec<u16> = src.data[..w as usize * 3]
                .iter()
                .map(|&v| u16::from(v) << ROW_BITS)
                .collect();
            row.push(0);
            let mut by_windows = vec![0u8; tw as usize * 3];
            let mut by_taps = vec![0u8; tw as usize * 3];
            filter_row_rgb(&row, &windows, &mut by_windows);
            filter_row::<3>(&row[..row.len() - 1], &taps, &mut by_taps);
            assert_eq!(by_windows, by_taps, "{w} → {tw}");
        }
    }

    #[test]
    fn the_same_size_is_a_copy() {
        let src = pixels(7, 5, 3, |x, y, c| (x * 31 + y * 7 + c as u32) as u8);
        assert_eq!(downscale(&src, 7, 5), src);
    }
}
