//! Forward DCT and quantisation of one 8 × 8 block, for [`super::baseline`].
//!
//! The AAN (Arai–Agui–Nakajima) algorithm in `f32`, as libjpeg's `jfdctflt.c`: 5
//! multiplications per 8 samples, its output scale folded into the quantisation
//! multipliers. Each pass works on whole rows of 8 lanes at once (`[f32; 8]` arithmetic,
//! which the compiler turns into SIMD), so the block is transposed once between the two
//! passes; the second pass leaves coefficient (u, v) at `[v][u]`, which [`Divisors`]
//! and the zig-zag table account for. IEEE `f32` arithmetic without fused operations
//! gives the same result natively and in WASM.

/// An 8 × 8 block of samples minus 128, row by row.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
pub(crate) type Block = [[f32; 8]; 8];

/// `1` for k = 0, `cos(kπ/16)·√2` otherwise: the scale of the AAN output.
const AAN: [f64; 8] = [
    1.0,
    1.387_039_845,
    1.306_562_965,
    1.175_875_602,
    1.0,
    0.785_694_958,
    0.541_196_100,
    0.275_899_379,
];

/// Natural (row-major) index of the i-th coefficient in zig-zag order.
pub(crate) const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The multipliers that turn the transform's output into quantised coefficients, laid out
/// as the transform leaves them (coefficient (u, v) at `v * 8 + u`).
pub(crate) struct Divisors([f32; 64]);

impl Divisors {
    /// For a quantisation table in natural order.
    pub(crate) fn new(table: &[u16; 64]) -> Divisors {
        let mut d = [0f32; 64];
        for u in 0..8 {
            for v in 0..8 {
                let q = f64::from(table[u * 8 + v]);
                d[v * 8 + u] = (1.0 / (q * AAN[u] * AAN[v] * 8.0)) as f32;
            }
        }
        Divisors(d)
    }
}

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
type Row = [f32; 8];

/// cos(4π/16).
const C4: f32 = std::f32::consts::FRAC_1_SQRT_2;
/// cos(6π/16).
const C6: f32 = 0.382_683_43;
/// cos(2π/16) − cos(6π/16).
const C2_MINUS_C6: f32 = 0.541_196_1;
/// cos(2π/16) + cos(6π/16).
const C2_PLUS_C6: f32 = 1.306_563;

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline(always)]
fn add(a: Row, b: Row) -> Row {
    std::array::from_fn(|i| a[i] + b[i])
}

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline(always)]
fn sub(a: Row, b: Row) -> Row {
    std::array::from_fn(|i| a[i] - b[i])
}

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline(always)]
fn mul(a: Row, k: f32) -> Row {
    std::array::from_fn(|i| a[i] * k)
}

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
/// One 1-D AAN pass down the columns (every lane is a column).
#[inline(always)]
fn pass(d: &mut Block) {
    let tmp0 = add(d[0], d[7]);
    let tmp7 = sub(d[0], d[7]);
    let tmp1 = add(d[1], d[6]);
    let tmp6 = sub(d[1], d[6]);
    let tmp2 = add(d[2], d[5]);
    let tmp5 = sub(d[2], d[5]);
    let tmp3 = add(d[3], d[4]);
    let tmp4 = sub(d[3], d[4]);

    // Even part.
    let tmp10 = add(tmp0, tmp3);
    let tmp13 = sub(tmp0, tmp3);
    let tmp11 = add(tmp1, tmp2);
    let tmp12 = sub(tmp1, tmp2);
    d[0] = add(tmp10, tmp11);
    d[4] = sub(tmp10, tmp11);
    let z1 = mul(add(tmp12, tmp13), C4);
    d[2] = add(tmp13, z1);
    d[6] = sub(tmp13, z1);

    // Odd part.
    let tmp10 = add(tmp4, tmp5);
    let tmp11 = add(tmp5, tmp6);
    let tmp12 = add(tmp6, tmp7);
    let z5 = mul(sub(tmp10, tmp12), C6);
    let z2 = add(mul(tmp10, C2_MINUS_C6), z5);
    let z4 = add(mul(tmp12, C2_PLUS_C6), z5);
    let z3 = mul(tmp11, C4);
    let z11 = add(tmp7, z3);
    let z13 = sub(tmp7, z3);
    d[5] = add(z13, z2);
    d[3] = sub(z13, z2);
    d[1] = add(z11, z4);
    d[7] = sub(z11, z4);
}

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
fn transpose(d: &mut Block) {
    *d = std::array::from_fn(|r| std::array::from_fn(|c| d[c][r]));
}

/// Position after the two passes (coefficient (u, v) at `v * 8 + u`) of the i-th
/// coefficient in zig-zag order.
const ZIGZAG_AFTER_PASSES: [usize; 64] = {
    let mut t = [0; 64];
    let mut i = 0;
    while i < 64 {
        t[i] = (ZIGZAG[i] % 8) * 8 + ZIGZAG[i] / 8;
        i += 1;
    }
    t
};

/// Transforms and quantises the 8 × 8 block at column `x` of the 8-row strip `plane`
/// (`stride` samples per row), writing the coefficients in zig-zag order.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(crate) fn fdct_quantize(
    plane: &[u8],
    stride: usize,
    x: usize,
    divisors: &Divisors,
    out: &mut [i16; 64],
) {
    fdct_quantize_portable(plane, stride, x, divisors, out);
}

/// The portable [`fdct_quantize`] (every target but WASM with SIMD).
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
fn fdct_quantize_portable(
    plane: &[u8],
    stride: usize,
    x: usize,
    divisors: &Divisors,
    out: &mut [i16; 64],
) {
    let mut block: Block = [[0.0; 8]; 8];
    for (r, row) in block.iter_mut().enumerate() {
        let src: &[u8; 8] = plane[r * stride + x..][..8].try_into().expect("8 samples");
        *row = std::array::from_fn(|i| f32::from(src[i]) - 128.0);
    }
    pass(&mut block);
    transpose(&mut block);
    pass(&mut block);
    let flat: [f32; 64] = std::array::from_fn(|i| block[i / 8][i % 8]);
    // Round half up (libjpeg's float quantiser): |value| stays far below 16 384.
    let q: [i16; 64] =
        std::array::from_fn(|i| ((flat[i] * divisors.0[i] + 16_384.5) as i32 - 16_384) as i16);
    for (o, &at) in out.iter_mut().zip(&ZIGZAG_AFTER_PASSES) {
        *o = q[at];
    }
}

/// [`fdct_quantize`] with WASM SIMD (what the photo worker runs): every row is two
/// `f32x4`, the same operations in the same order as the portable version, so the
/// same coefficients.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) fn fdct_quantize(
    plane: &[u8],
    stride: usize,
    x: usize,
    divisors: &Divisors,
    out: &mut [i16; 64],
) {
    use core::arch::wasm32::*;

    #[inline(always)]
    fn pass4(d: &mut [v128; 8]) {
        let tmp0 = f32x4_add(d[0], d[7]);
        let tmp7 = f32x4_sub(d[0], d[7]);
        let tmp1 = f32x4_add(d[1], d[6]);
        let tmp6 = f32x4_sub(d[1], d[6]);
        let tmp2 = f32x4_add(d[2], d[5]);
        let tmp5 = f32x4_sub(d[2], d[5]);
        let tmp3 = f32x4_add(d[3], d[4]);
        let tmp4 = f32x4_sub(d[3], d[4]);
        let tmp10 = f32x4_add(tmp0, tmp3);
        let tmp13 = f32x4_sub(tmp0, tmp3);
        let tmp11 = f32x4_add(tmp1, tmp2);
        let tmp12 = f32x4_sub(tmp1, tmp2);
        d[0] = f32x4_add(tmp10, tmp11);
        d[4] = f32x4_sub(tmp10, tmp11);
        let z1 = f32x4_mul(f32x4_add(tmp12, tmp13), f32x4_splat(C4));
        d[2] = f32x4_add(tmp13, z1);
        d[6] = f32x4_sub(tmp13, z1);
        let tmp10 = f32x4_add(tmp4, tmp5);
        let tmp11 = f32x4_add(tmp5, tmp6);
        let tmp12 = f32x4_add(tmp6, tmp7);
        let z5 = f32x4_mul(f32x4_sub(tmp10, tmp12), f32x4_splat(C6));
        let z2 = f32x4_add(f32x4_mul(tmp10, f32x4_splat(C2_MINUS_C6)), z5);
        let z4 = f32x4_add(f32x4_mul(tmp12, f32x4_splat(C2_PLUS_C6)), z5);
        let z3 = f32x4_mul(tmp11, f32x4_splat(C4));
        let z11 = f32x4_add(tmp7, z3);
        let z13 = f32x4_sub(tmp7, z3);
        d[5] = f32x4_add(z13, z2);
        d[3] = f32x4_sub(z13, z2);
        d[1] = f32x4_add(z11, z4);
        d[7] = f32x4_sub(z11, z4);
    }

    #[inline(always)]
    fn transpose4(a: [v128; 4]) -> [v128; 4] {
        let t0 = i32x4_shuffle::<0, 4, 1, 5>(a[0], a[1]);
        let t1 = i32x4_shuffle::<0, 4, 1, 5>(a[2], a[3]);
        let t2 = i32x4_shuffle::<2, 6, 3, 7>(a[0], a[1]);
        let t3 = i32x4_shuffle::<2, 6, 3, 7>(a[2], a[3]);
        [
            i32x4_shuffle::<0, 1, 4, 5>(t0, t1),
            i32x4_shuffle::<2, 3, 6, 7>(t0, t1),
            i32x4_shuffle::<0, 1, 4, 5>(t2, t3),
            i32x4_shuffle::<2, 3, 6, 7>(t2, t3),
        ]
    }

    // lo[r] = columns 0–3 of row r, hi[r] = columns 4–7.
    let mut lo = [f32x4_splat(0.0); 8];
    let mut hi = [f32x4_splat(0.0); 8];
    let bias = f32x4_splat(128.0);
    for r in 0..8 {
        let src: &[u8; 8] = plane[r * stride + x..][..8].try_into().expect("8 samples");
        let bytes = u64::from_le_bytes(*src);
        let v = u16x8_extend_low_u8x16(u64x2(bytes, 0));
        lo[r] = f32x4_sub(f32x4_convert_i32x4(u32x4_extend_low_u16x8(v)), bias);
        hi[r] = f32x4_sub(f32x4_convert_i32x4(u32x4_extend_high_u16x8(v)), bias);
    }
    pass4(&mut lo);
    pass4(&mut hi);
    // Transpose: the quadrants are transposed and the off-diagonal ones swapped.
    let a = transpose4([lo[0], lo[1], lo[2], lo[3]]);
    let b = transpose4([hi[0], hi[1], hi[2], hi[3]]);
    let c = transpose4([lo[4], lo[5], lo[6], lo[7]]);
    let d = transpose4([hi[4], hi[5], hi[6], hi[7]]);
    let mut lo = [a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]];
    let mut hi = [c[0], c[1], c[2], c[3], d[0], d[1], d[2], d[3]];
    pass4(&mut lo);
    pass4(&mut hi);
    let mut q = [0i16; 64];
    let round = f32x4_splat(16_384.5);
    let offset = i32x4_splat(16_384);
    let quantise = |v: v128, at: usize| {
        let m = f32x4_mul(
            v,
            f32x4(
                divisors.0[at],
                divisors.0[at + 1],
                divisors.0[at + 2],
                divisors.0[at + 3],
            ),
        );
        i32x4_sub(i32x4_trunc_sat_f32x4(f32x4_add(m, round)), offset)
    };
    for r in 0..8 {
        let v = i16x8_narrow_i32x4(quantise(lo[r], r * 8), quantise(hi[r], r * 8 + 4));
        let lanes: [i16; 8] = [
            i16x8_extract_lane::<0>(v),
            i16x8_extract_lane::<1>(v),
            i16x8_extract_lane::<2>(v),
            i16x8_extract_lane::<3>(v),
            i16x8_extract_lane::<4>(v),
            i16x8_extract_lane::<5>(v),
            i16x8_extract_lane::<6>(v),
            i16x8_extract_lane::<7>(v),
        ];
        q[r * 8..r * 8 + 8].copy_from_slice(&lanes);
    }
    for (o, &at) in out.iter_mut().zip(&ZIGZAG_AFTER_PASSES) {
        *o = q[at];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The DCT-II of the definition, in f64: coefficient (u, v) of `samples`.
    fn reference(samples: &Block, u: usize, v: usize) -> f64 {
        let c = |k: usize| if k == 0 { 1.0 / 2f64.sqrt() } else { 1.0 };
        let mut sum = 0.0;
        for (y, row) in samples.iter().enumerate() {
            for (x, &s) in row.iter().enumerate() {
                sum += f64::from(s)
                    * (((2 * y + 1) as f64 * u as f64 * std::f64::consts::PI) / 16.0).cos()
                    * (((2 * x + 1) as f64 * v as f64 * std::f64::consts::PI) / 16.0).cos();
            }
        }
        sum * c(u) * c(v) / 4.0
    }

    #[test]
    fn the_transform_matches_the_definition() {
        let flat = [1u16; 64];
        let divisors = Divisors::new(&flat);
        for seed in 0..20u32 {
            let samples: Block = std::array::from_fn(|y| {
                std::array::from_fn(|x| {
                    ((seed * 7919 + y as u32 * 131 + x as u32 * 31 + (x * y) as u32 * 17) % 256)
                        as f32
                        - 128.0
                })
            });
            let plane: Vec<u8> = samples
                .iter()
                .flatten()
                .map(|&v| (v + 128.0) as u8)
                .collect();
            let mut out = [0i16; 64];
            fdct_quantize(&plane, 8, 0, &divisors, &mut out);
            for (i, &n) in ZIGZAG.iter().enumerate() {
                let expected = reference(&samples, n / 8, n % 8);
                assert!(
                    (f64::from(out[i]) - expected).abs() <= 0.51,
                    "seed {seed}, coefficient {n}: {} vs {expected}",
                    out[i]
                );
            }
        }
    }

    #[test]
    fn quantisation_divides_by_the_table() {
        // A flat block of +64: DC = 8 · 64 = 512, divided by 16 = 32; no AC.
        let mut table = [16u16; 64];
        table[1] = 3;
        // Samples of 192 in the middle of a wider strip.
        let mut plane = vec![0u8; 8 * 24];
        for r in 0..8 {
            plane[r * 24 + 8..r * 24 + 16].fill(192);
        }
        let mut out = [0i16; 64];
        fdct_quantize(&plane, 24, 8, &Divisors::new(&table), &mut out);
        assert_eq!(out[0], 32);
        assert!(out[1..].iter().all(|&c| c == 0));
    }
}
