//! The photo converter's downscaler (`app::documents::downscale_rgb`: `fast_image_resize`'s
//! convolution with its bilinear filter, an area-weighted tent, with SIMD128/SSE4.1/AVX2
//! paths) against the `image` crate's `resize` with its triangle filter, on the same
//! generated phone photos, downscaled to the converter's 2560-pixel long side.
//!
//! For each photo: the median time of each over `rounds` runs, and quality as PSNR against
//! an exact area average (box filter with fractional coverage, in f64) and against each other.
//!
//! Until 2026-12-07 (commit 68ad02c) the converter had a hand-written resizer and this
//! benchmark compared it with `fast_image_resize`, which replaced it
//! (docs/decisions/0005-resizer.md).
//!
//!   cargo run --release -p resize-bench [rounds]                 # native
//!   bench/resize/wasm.sh [rounds]                                # WASM SIMD128 under Node's WASI
use std::time::Instant;

const LONG_SIDE: u32 = 2560;

struct Rgb {
    data: Vec<u8>,
    width: u32,
    height: u32,
}

/// The converter's: takes the picture by value (the converter owns it), so the copy is made
/// before the clock starts.
fn ours(copy: Vec<u8>, width: u32, height: u32) -> Rgb {
    let (data, width, height) = app::documents::downscale_rgb(copy, width, height, LONG_SIDE);
    Rgb {
        data,
        width,
        height,
    }
}

/// The `image` crate's resize (triangle filter, whose support also grows with the factor).
fn other(src: &Rgb, width: u32, height: u32) -> Rgb {
    let from =
        image::RgbImage::from_raw(src.width, src.height, src.data.clone()).expect("source image");
    let to = image::imageops::resize(&from, width, height, image::imageops::FilterType::Triangle);
    Rgb {
        data: to.into_raw(),
        width,
        height,
    }
}

/// The exact area average: each output pixel is the mean of the source area it covers
/// (fractional pixels weighted by their coverage).
fn area_average(src: &Rgb, width: u32, height: u32) -> Vec<f64> {
    fn spans(src: u32, dst: u32) -> Vec<Vec<(usize, f64)>> {
        let scale = f64::from(src) / f64::from(dst);
        (0..dst)
            .map(|i| {
                let (lo, hi) = (f64::from(i) * scale, f64::from(i + 1) * scale);
                let mut v = Vec::new();
                let mut j = lo.floor() as usize;
                while (j as f64) < hi && j < src as usize {
                    let cover = (hi.min(j as f64 + 1.0) - lo.max(j as f64)).max(0.0);
                    if cover > 0.0 {
                        v.push((j, cover / scale));
                    }
                    j += 1;
                }
                v
            })
            .collect()
    }
    let (xs, ys) = (spans(src.width, width), spans(src.height, height));
    let row_len = src.width as usize * 3;
    let mut out = vec![0.0; width as usize * height as usize * 3];
    let mut row = vec![0.0f64; row_len];
    for (y, ys) in ys.iter().enumerate() {
        row.iter_mut().for_each(|v| *v = 0.0);
        for &(sy, wy) in ys {
            let line = &src.data[sy * row_len..(sy + 1) * row_len];
            for (r, &s) in row.iter_mut().zip(line) {
                *r += wy * f64::from(s);
            }
        }
        for (x, xs) in xs.iter().enumerate() {
            for c in 0..3 {
                let v: f64 = xs.iter().map(|&(sx, wx)| wx * row[sx * 3 + c]).sum();
                out[(y * width as usize + x) * 3 + c] = v;
            }
        }
    }
    out
}

fn psnr(a: impl Iterator<Item = f64>, b: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for (x, y) in a.zip(b) {
        sum += (x - y) * (x - y);
        n += 1;
    }
    let mse = sum / n.max(1) as f64;
    if mse == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (255.0 * 255.0 / mse).log10()
    }
}

fn bytes(v: &[u8]) -> impl Iterator<Item = f64> + '_ {
    v.iter().map(|&b| f64::from(b))
}

fn median_ms(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(7)
        .max(1);
    let target = if cfg!(target_arch = "wasm32") {
        if cfg!(target_feature = "simd128") {
            "wasm32 + SIMD128"
        } else {
            "wasm32 (no SIMD)"
        }
    } else {
        std::env::consts::ARCH
    };
    println!("resize benchmark on {target}, median of {rounds} runs, long side → {LONG_SIDE} px");
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12}",
        "photo", "ours ms", "image ms", "ours/img", "ours dB", "image dB", "ours~img dB"
    );
    let photos = [
        (
            "12 MP phone photo",
            app::documents::fixtures::phone_photo_12mp(),
        ),
        (
            "48 MP phone photo",
            app::documents::fixtures::phone_photo_48mp(),
        ),
    ];
    for (label, photo) in photos {
        let decoded = image::load_from_memory(&photo.bytes)
            .expect("decode the fixture")
            .to_rgb8();
        let src = Rgb {
            width: decoded.width(),
            height: decoded.height(),
            data: decoded.into_raw(),
        };
        let (mut t_ours, mut t_other) = (Vec::new(), Vec::new());
        let (mut a, mut b) = (None, None);
        for _ in 0..rounds {
            let copy = src.data.clone();
            let t = Instant::now();
            let out = ours(copy, src.width, src.height);
            t_ours.push(t.elapsed().as_secs_f64() * 1000.0);
            let (w, h) = (out.width, out.height);
            a = Some(out);
            let t = Instant::now();
            let out = other(&src, w, h);
            t_other.push(t.elapsed().as_secs_f64() * 1000.0);
            b = Some(out);
        }
        let (a, b) = (a.expect("a run"), b.expect("a run"));
        let reference = area_average(&src, a.width, a.height);
        let (m_ours, m_other) = (median_ms(t_ours), median_ms(t_other));
        println!(
            "{:<34} {:>9.1} {:>9.1} {:>9.2} {:>9.2} {:>9.2} {:>12.2}",
            format!("{label} ({}×{})", src.width, src.height),
            m_ours,
            m_other,
            m_ours / m_other,
            psnr(bytes(&a.data), reference.iter().copied()),
            psnr(bytes(&b.data), reference.iter().copied()),
            psnr(bytes(&a.data), bytes(&b.data)),
        );
    }
}
