//! Our baseline JPEG encoder: grey, or colour with 4:2:0 chroma, one interleaved scan,
//! the typical Huffman and quantisation tables of the standard (Annex K) scaled by the
//! libjpeg quality formula.
//!
//! Why our own: it is the last stage of the photo converter and ran at about 75 ms for a
//! 2560 × 1920 picture in WASM through `jpeg-encoder` (colour conversion row by row into
//! growing vectors, a gather per block, an integer DCT without SIMD). This one converts
//! one strip of 16 rows at a time into planes (luma, and chroma already averaged over
//! 2 × 2 pixels), runs the AAN float DCT on whole rows ([`super::fdct`], SIMD in the
//! photo worker) and writes Huffman codes through a 64-bit bit buffer.
//!
//! The file is SOI, a JFIF APP0 header, DQT, SOF0, DHT, SOS, the scan, EOI: no Exif, no
//! ICC profile, no comment, no metadata at all. Components are numbered 1, 2, 3 (the
//! JFIF convention every decoder reads as YCbCr).

use super::fdct::{Divisors, ZIGZAG, fdct_quantize};
use super::pixels::Pixels;

/// Annex K.1 luminance quantisation table (natural order), for quality 50.
const LUMA_QUANT: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/// Annex K.1 chrominance quantisation table (natural order), for quality 50.
const CHROMA_QUANT: [u16; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/// Annex K.3 typical Huffman tables: code counts per length 1–16, then the symbols.
const LUMA_DC_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const CHROMA_DC_BITS: [u8; 16] = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const LUMA_AC_BITS: [u8; 16] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D];
const LUMA_AC_VALUES: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
    0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
    0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
    0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
    0xF9, 0xFA,
];
const CHROMA_AC_BITS: [u8; 16] = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const CHROMA_AC_VALUES: [u8; 162] = [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
    0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xA1, 0xB1, 0xC1, 0x09, 0x23, 0x33, 0x52, 0xF0,
    0x15, 0x62, 0x72, 0xD1, 0x0A, 0x16, 0x24, 0x34, 0xE1, 0x25, 0xF1, 0x17, 0x18, 0x19, 0x1A, 0x26,
    0x27, 0x28, 0x29, 0x2A, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
    0x49, 0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
    0x69, 0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
    0x88, 0x89, 0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5,
    0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3,
    0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA,
    0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
    0xF9, 0xFA,
];

/// Encodes grey (1 channel) or RGB (3 channels) `pixels` at `quality` (1–100). `None`
/// if the size is not encodable (zero, or a side above 65 535).
pub(crate) fn encode(pixels: &Pixels, quality: u8) -> Option<Vec<u8>> {
    let width = u16::try_from(pixels.width).ok().filter(|&w| w > 0)?;
    let height = u16::try_from(pixels.height).ok().filter(|&h| h > 0)?;
    let colour = pixels.channels == 3;
    if !(colour || pixels.channels == 1)
        || pixels.data.len() != usize::from(width) * usize::from(height) * pixels.channels
    {
        return None;
    }
    let luma_table = scaled_table(&LUMA_QUANT, quality);
    let chroma_table = scaled_table(&CHROMA_QUANT, quality);
    let mut out = Vec::with_capacity(pixels.data.len() / 6 + 1024);
    write_headers(&mut out, width, height, colour, &luma_table, &chroma_table);
    let mut writer = BitWriter { out, acc: 0, n: 0 };
    let luma = Component {
        divisors: Divisors::new(&luma_table),
        dc: Codes::new(&LUMA_DC_BITS, &DC_VALUES),
        ac: Codes::new(&LUMA_AC_BITS, &LUMA_AC_VALUES),
    };
    if colour {
        let chroma = Component {
            divisors: Divisors::new(&chroma_table),
            dc: Codes::new(&CHROMA_DC_BITS, &DC_VALUES),
            ac: Codes::new(&CHROMA_AC_BITS, &CHROMA_AC_VALUES),
        };
        encode_colour(pixels, &luma, &chroma, &mut writer);
    } else {
        encode_grey(pixels, &luma, &mut writer);
    }
    let mut out = writer.finish();
    out.extend_from_slice(&[0xFF, 0xD9]);
    Some(out)
}

/// A quality-50 table scaled to `quality` as libjpeg does (baseline: at most 255).
fn scaled_table(base: &[u16; 64], quality: u8) -> [u16; 64] {
    let quality = u32::from(quality.clamp(1, 100));
    let scale = if quality < 50 {
        5000 / quality
    } else {
        200 - 2 * quality
    };
    std::array::from_fn(|i| ((u32::from(base[i]) * scale + 50) / 100).clamp(1, 255) as u16)
}

fn write_headers(
    out: &mut Vec<u8>,
    width: u16,
    height: u16,
    colour: bool,
    luma_table: &[u16; 64],
    chroma_table: &[u16; 64],
) {
    let segment = |out: &mut Vec<u8>, marker: u8, payload: &[u8]| {
        out.extend_from_slice(&[0xFF, marker]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
    };
    out.extend_from_slice(&[0xFF, 0xD8]);
    // JFIF 1.01, no density unit, 1:1, no thumbnail.
    segment(out, 0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let mut dqt = Vec::with_capacity(130);
    let tables: &[&[u16; 64]] = if colour {
        &[luma_table, chroma_table]
    } else {
        &[luma_table]
    };
    for (id, table) in tables.iter().enumerate() {
        dqt.push(id as u8);
        dqt.extend(ZIGZAG.iter().map(|&n| table[n] as u8));
    }
    segment(out, 0xDB, &dqt);
    let mut sof = vec![8];
    sof.extend_from_slice(&height.to_be_bytes());
    sof.extend_from_slice(&width.to_be_bytes());
    if colour {
        sof.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    } else {
        sof.extend_from_slice(&[1, 1, 0x11, 0]);
    }
    segment(out, 0xC0, &sof);
    let mut dht = Vec::new();
    let mut table = |class_id: u8, bits: &[u8; 16], values: &[u8]| {
        dht.push(class_id);
        dht.extend_from_slice(bits);
        dht.extend_from_slice(values);
    };
    table(0x00, &LUMA_DC_BITS, &DC_VALUES);
    table(0x10, &LUMA_AC_BITS, &LUMA_AC_VALUES);
    if colour {
        table(0x01, &CHROMA_DC_BITS, &DC_VALUES);
        table(0x11, &CHROMA_AC_BITS, &CHROMA_AC_VALUES);
    }
    segment(out, 0xC4, &dht);
    if colour {
        segment(out, 0xDA, &[3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    } else {
        segment(out, 0xDA, &[1, 1, 0x00, 0, 63, 0]);
    }
}

/// The Huffman code and its length for each symbol.
struct Codes {
    code: [u16; 256],
    len: [u8; 256],
}

impl Codes {
    /// The canonical codes of a table given as code counts per length and symbols.
    fn new(bits: &[u8; 16], values: &[u8]) -> Codes {
        let mut codes = Codes {
            code: [0; 256],
            len: [0; 256],
        };
        let mut code = 0u16;
        let mut k = 0;
        for (i, &count) in bits.iter().enumerate() {
            for _ in 0..count {
                let symbol = usize::from(values[k]);
                codes.code[symbol] = code;
                codes.len[symbol] = i as u8 + 1;
                code += 1;
                k += 1;
            }
            code <<= 1;
        }
        codes
    }
}

/// What one component is coded with.
struct Component {
    divisors: Divisors,
    dc: Codes,
    ac: Codes,
}

/// The entropy-coded data, with 0xFF bytes stuffed.
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    /// Bits waiting in `acc` (its low bits), fewer than 32 between calls.
    n: u32,
}

impl BitWriter {
    /// Appends the low `len` bits of `bits` (at most 32).
    #[inline(always)]
    fn put(&mut self, bits: u32, len: u32) {
        self.acc = (self.acc << len) | u64::from(bits);
        self.n += len;
        if self.n >= 32 {
            self.n -= 32;
            let word = (self.acc >> self.n) as u32;
            let bytes = word.to_be_bytes();
            // No 0xFF byte (the usual case): 4 bytes at once.
            if bytes.contains(&0xFF) {
                for b in bytes {
                    self.out.push(b);
                    if b == 0xFF {
                        self.out.push(0);
                    }
                }
            } else {
                self.out.extend_from_slice(&bytes);
            }
        }
    }

    /// Pads the last byte with 1 bits and returns the output.
    fn finish(mut self) -> Vec<u8> {
        let pad = (8 - self.n % 8) % 8;
        self.acc = (self.acc << pad) | ((1u64 << pad) - 1);
        self.n += pad;
        while self.n >= 8 {
            self.n -= 8;
            let b = (self.acc >> self.n) as u8;
            self.out.push(b);
            if b == 0xFF {
                self.out.push(0);
            }
        }
        self.out
    }

    /// Writes one block: the DC difference, then the AC run/size symbols.
    fn block(&mut self, coefficients: &[i16; 64], previous_dc: &mut i16, c: &Component) {
        let diff = coefficients[0].wrapping_sub(*previous_dc);
        *previous_dc = coefficients[0];
        let (size, bits) = magnitude(diff);
        let symbol = size as usize;
        self.put(
            (u32::from(c.dc.code[symbol]) << size) | bits,
            u32::from(c.dc.len[symbol]) + size,
        );
        // The non-zero AC coefficients as bits of a mask, visited in order: most of a
        // block is zeros, which are then skipped without a branch each.
        let mut mask = 0u64;
        for (i, &value) in coefficients.iter().enumerate().skip(1) {
            mask |= u64::from(value != 0) << i;
        }
        let mut last = 0u32;
        while mask != 0 {
            let i = mask.trailing_zeros();
            mask &= mask - 1;
            let mut run = i - last - 1;
            while run > 15 {
                self.put(u32::from(c.ac.code[0xF0]), u32::from(c.ac.len[0xF0]));
                run -= 16;
            }
            let (size, bits) = magnitude(coefficients[i as usize]);
            let symbol = ((run << 4) | size) as usize;
            self.put(
                (u32::from(c.ac.code[symbol]) << size) | bits,
                u32::from(c.ac.len[symbol]) + size,
            );
            last = i;
        }
        if last != 63 {
            self.put(u32::from(c.ac.code[0]), u32::from(c.ac.len[0]));
        }
    }
}

/// The size category of a coefficient and its extra bits (one's complement if negative).
#[inline(always)]
fn magnitude(value: i16) -> (u32, u32) {
    let v = i32::from(value);
    let size = 32 - v.unsigned_abs().leading_zeros();
    let bits = if v < 0 { v - 1 } else { v } as u32 & ((1u32 << size) - 1);
    (size, bits)
}

/// Luma of one pixel (the JFIF/libjpeg conversion in 16-bit fixed point).
#[inline(always)]
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((19595 * i32::from(r) + 38470 * i32::from(g) + 7471 * i32::from(b) + 0x7FFF) >> 16) as u8
}

/// Cb and Cr of a 2 × 2 square from the sums of its R, G and B (each the sum of 4
/// samples): the conversion of the average colour, rounded once.
#[inline(always)]
fn chroma_of_sum(r: i32, g: i32, b: i32) -> (u8, u8) {
    let cb = (-11059 * r - 21709 * g + 32768 * b + (128 << 18) + (1 << 17)) >> 18;
    let cr = (32768 * r - 27439 * g - 5329 * b + (128 << 18) + (1 << 17)) >> 18;
    (cb.clamp(0, 255) as u8, cr.clamp(0, 255) as u8)
}

/// Colour, 4:2:0: MCUs of 16 × 16 pixels = 4 luma blocks, 1 Cb, 1 Cr. Each strip of 16
/// rows is converted first into a luma plane and two chroma planes of half size (the
/// picture's last row and column repeated to fill the strip).
fn encode_colour(pixels: &Pixels, luma_c: &Component, chroma_c: &Component, w: &mut BitWriter) {
    let (width, height) = (pixels.width as usize, pixels.height as usize);
    let mcus = width.div_ceil(16);
    let stride = mcus * 16;
    let half = mcus * 8;
    let chroma_width = width.div_ceil(2);
    let row_of = |y: usize| &pixels.data[y.min(height - 1) * width * 3..][..width * 3];
    let mut y_plane = vec![0u8; 16 * stride];
    let mut cb_plane = vec![0u8; 8 * half];
    let mut cr_plane = vec![0u8; 8 * half];
    let mut dc = [0i16; 3];
    let mut coefficients = [0i16; 64];
    for strip in 0..height.div_ceil(16) {
        for r in 0..16 {
            let src = row_of(strip * 16 + r);
            let dst = &mut y_plane[r * stride..][..stride];
            for (d, p) in dst.iter_mut().zip(src.chunks_exact(3)) {
                *d = luma(p[0], p[1], p[2]);
            }
            let last = dst[width - 1];
            dst[width..].fill(last);
        }
        for r in 0..8 {
            let top_y = (strip * 16 + 2 * r).min(height - 1);
            let top = row_of(top_y);
            let bottom = row_of(top_y + 1);
            let cb = &mut cb_plane[r * half..][..half];
            let cr = &mut cr_plane[r * half..][..half];
            for (i, (t, b)) in top.chunks_exact(6).zip(bottom.chunks_exact(6)).enumerate() {
                let sum = |c: usize| {
                    i32::from(t[c]) + i32::from(t[c + 3]) + i32::from(b[c]) + i32::from(b[c + 3])
                };
                (cb[i], cr[i]) = chroma_of_sum(sum(0), sum(1), sum(2));
            }
            if width % 2 == 1 {
                // The last column of an odd width is its own pair.
                let at = (width - 1) * 3;
                let sum = |c: usize| 2 * (i32::from(top[at + c]) + i32::from(bottom[at + c]));
                (cb[chroma_width - 1], cr[chroma_width - 1]) =
                    chroma_of_sum(sum(0), sum(1), sum(2));
            }
            let (last_cb, last_cr) = (cb[chroma_width - 1], cr[chroma_width - 1]);
            cb[chroma_width..].fill(last_cb);
            cr[chroma_width..].fill(last_cr);
        }
        for m in 0..mcus {
            for (dy, dx) in [(0, 0), (0, 8), (8, 0), (8, 8)] {
                let plane = &y_plane[dy * stride..];
                fdct_quantize(
                    plane,
                    stride,
                    m * 16 + dx,
                    &luma_c.divisors,
                    &mut coefficients,
                );
                w.block(&coefficients, &mut dc[0], luma_c);
            }
            fdct_quantize(
                &cb_plane,
                half,
                m * 8,
                &chroma_c.divisors,
                &mut coefficients,
            );
            w.block(&coefficients, &mut dc[1], chroma_c);
            fdct_quantize(
                &cr_plane,
                half,
                m * 8,
                &chroma_c.divisors,
                &mut coefficients,
            );
            w.block(&coefficients, &mut dc[2], chroma_c);
        }
    }
}

/// Grey: MCUs of one 8 × 8 block, strips of 8 rows.
fn encode_grey(pixels: &Pixels, c: &Component, w: &mut BitWriter) {
    let (width, height) = (pixels.width as usize, pixels.height as usize);
    let mcus = width.div_ceil(8);
    let stride = mcus * 8;
    let mut plane = vec![0u8; 8 * stride];
    let mut dc = 0i16;
    let mut coefficients = [0i16; 64];
    for strip in 0..height.div_ceil(8) {
        for r in 0..8 {
            let y = (strip * 8 + r).min(height - 1);
            let dst = &mut plane[r * stride..][..stride];
            dst[..width].copy_from_slice(&pixels.data[y * width..][..width]);
            let last = dst[width - 1];
            dst[width..].fill(last);
        }
        for m in 0..mcus {
            fdct_quantize(&plane, stride, m * 8, &c.divisors, &mut coefficients);
            w.block(&coefficients, &mut dc, c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn psnr(a: &[u8], b: &[u8]) -> f64 {
        let mse: f64 = a
            .iter()
            .zip(b)
            .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
            .sum::<f64>()
            / a.len() as f64;
        10.0 * (255.0 * 255.0 / mse.max(1e-9)).log10()
    }

    fn picture(width: u32, height: u32, channels: usize) -> Pixels {
        let mut data = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let stroke = (x / 3) % 11 == 0 || (y / 4) % 9 == 0;
                let v = if stroke {
                    30
                } else {
                    (120 + (x * 3 + y * 2) % 100) as u8
                };
                let px = [v, v / 2 + 60, 255 - v];
                data.extend_from_slice(&px[..channels]);
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
    fn colour_and_grey_pictures_of_any_size_decode_back_faithfully() {
        for (w, h) in [(1, 1), (7, 3), (16, 16), (17, 33), (100, 61), (257, 130)] {
            for channels in [1, 3] {
                let p = picture(w, h, channels);
                let jpeg = encode(&p, 90).expect("encodes");
                // Two independent decoders read it.
                let back = image::load_from_memory(&jpeg).expect("image decodes");
                assert_eq!((back.width(), back.height()), (w, h));
                let back = if channels == 3 {
                    back.to_rgb8().into_raw()
                } else {
                    back.to_luma8().into_raw()
                };
                let mut d = jpeg_decoder::Decoder::new(jpeg.as_slice());
                let again = d.decode().expect("jpeg-decoder decodes");
                assert_eq!(again.len(), back.len());
                let db = psnr(&p.data, &back);
                // At least as faithful as `jpeg-encoder` (the encoder used before) with the
                // same tables, subsampling and quality.
                let mut theirs = Vec::new();
                let mut e = jpeg_encoder::Encoder::new(&mut theirs, 90);
                let colour_type = if channels == 3 {
                    e.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
                    e.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
                    jpeg_encoder::ColorType::Rgb
                } else {
                    jpeg_encoder::ColorType::Luma
                };
                e.encode(&p.data, w as u16, h as u16, colour_type).unwrap();
                let theirs = image::load_from_memory(&theirs).unwrap();
                let theirs = if channels == 3 {
                    theirs.to_rgb8().into_raw()
                } else {
                    theirs.to_luma8().into_raw()
                };
                let floor = psnr(&p.data, &theirs) - 0.3;
                assert!(
                    db > floor,
                    "{w}×{h}×{channels}: {db:.2} dB, jpeg-encoder {:.2}",
                    floor + 0.3
                );
            }
        }
    }

    #[test]
    fn the_quality_sets_the_size_and_the_fidelity() {
        let p = picture(320, 240, 3);
        let sizes: Vec<usize> = [20u8, 50, 75, 90, 100]
            .iter()
            .map(|&q| encode(&p, q).unwrap().len())
            .collect();
        assert!(sizes.windows(2).all(|s| s[0] < s[1]), "{sizes:?}");
    }

    #[test]
    fn the_file_has_no_metadata_and_stuffs_ff_bytes() {
        let p = picture(64, 64, 3);
        let jpeg = encode(&p, 100).unwrap();
        assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]) && jpeg.ends_with(&[0xFF, 0xD9]));
        let scan = crate::documents::strip::scan(&jpeg);
        assert!(scan.outcome.is_ok(), "{:?}", scan.outcome);
        let mut markers = Vec::new();
        let mut i = 2;
        while i + 4 <= jpeg.len() && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA {
            markers.push(jpeg[i + 1]);
            i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        }
        assert_eq!(markers, [0xE0, 0xDB, 0xC0, 0xC4]);
    }

    #[test]
    fn magnitudes_follow_the_standard() {
        assert_eq!(magnitude(0), (0, 0));
        assert_eq!(magnitude(1), (1, 1));
        assert_eq!(magnitude(-1), (1, 0));
        assert_eq!(magnitude(5), (3, 5));
        assert_eq!(magnitude(-5), (3, 2));
        assert_eq!(magnitude(1023), (10, 1023));
        assert_eq!(magnitude(-2047), (11, 0));
    }

    #[test]
    fn refuses_what_it_cannot_encode() {
        let empty = Pixels {
            data: vec![],
            width: 0,
            height: 5,
            channels: 3,
        };
        assert!(encode(&empty, 80).is_none());
        let short = Pixels {
            data: vec![0; 5],
            width: 2,
            height: 2,
            channels: 3,
        };
        assert!(encode(&short, 80).is_none());
    }
}
