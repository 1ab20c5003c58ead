//! A decoded picture as 8-bit interleaved samples, grey or RGB: the only two layouts
//! the rest of the pipeline (resize, orientation, JPEG encoding) has to handle.

use image::metadata::Orientation;
use image::{DynamicImage, ImageBuffer, Luma, Rgb};

/// 8-bit samples, row by row, `channels` (1 = grey, 3 = RGB) per pixel, no padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pixels {
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub channels: usize,
}

impl Pixels {
    /// Converts any decoded picture: grey stays grey, colour becomes RGB, 16-bit and float
    /// samples become 8-bit, and transparency is flattened onto white (a PNG screenshot
    /// with a transparent background must not turn black). CMYK JPEGs are already RGB here:
    /// the JPEG decoder converts them.
    pub fn from_image(image: DynamicImage) -> Pixels {
        let (width, height) = (image.width(), image.height());
        let grey = |data| Pixels {
            data,
            width,
            height,
            channels: 1,
        };
        let rgb = |data| Pixels {
            data,
            width,
            height,
            channels: 3,
        };
        let color = image.color();
        match image {
            DynamicImage::ImageLuma8(b) => grey(b.into_raw()),
            DynamicImage::ImageRgb8(b) => rgb(b.into_raw()),
            DynamicImage::ImageLumaA8(b) => grey(flatten_on_white::<2>(&b.into_raw())),
            DynamicImage::ImageRgba8(b) => rgb(flatten_on_white::<4>(&b.into_raw())),
            other => match (color.has_color(), color.has_alpha()) {
                (false, false) => grey(other.to_luma8().into_raw()),
                (false, true) => grey(flatten_on_white::<2>(&other.to_luma_alpha8().into_raw())),
                (true, false) => rgb(other.to_rgb8().into_raw()),
                (true, true) => rgb(flatten_on_white::<4>(&other.to_rgba8().into_raw())),
            },
        }
    }

    /// The longer of width and height.
    pub fn long_side(&self) -> u32 {
        self.width.max(self.height)
    }

    /// Applies an Exif orientation, so that the pixels are stored the way the picture is
    /// meant to be seen (no copy when there is nothing to do).
    pub fn oriented(self, orientation: Orientation) -> Pixels {
        if orientation == Orientation::NoTransforms {
            return self;
        }
        let Pixels {
            data,
            width,
            height,
            channels,
        } = self;
        let mut image = if channels == 1 {
            ImageBuffer::<Luma<u8>, _>::from_raw(width, height, data).map(DynamicImage::ImageLuma8)
        } else {
            ImageBuffer::<Rgb<u8>, _>::from_raw(width, height, data).map(DynamicImage::ImageRgb8)
        }
        .expect("Pixels always hold width × height × channels samples");
        image.apply_orientation(orientation);
        Pixels::from_image(image)
    }
}

/// Does `orientation` swap width and height?
pub(crate) fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Drops the alpha channel (the last of `N` samples) by compositing onto white.
fn flatten_on_white<const N: usize>(samples: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(samples.len() / N * (N - 1));
    for px in samples.chunks_exact(N) {
        let alpha = u32::from(px[N - 1]);
        for &c in &px[..N - 1] {
            out.push(((u32::from(c) * alpha + 255 * (255 - alpha) + 127) / 255) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{LumaA, Rgba};

    #[test]
    fn transparency_is_flattened_on_white() {
        let rgba = ImageBuffer::from_fn(2, 1, |x, _| {
            if x == 0 {
                Rgba([10, 20, 30, 0])
            } else {
                Rgba([10, 20, 30, 255])
            }
        });
        let p = Pixels::from_image(DynamicImage::ImageRgba8(rgba));
        assert_eq!((p.channels, p.data), (3, vec![255, 255, 255, 10, 20, 30]));
        let la = ImageBuffer::from_pixel(1, 1, LumaA([0u8, 128]));
        assert_eq!(
            Pixels::from_image(DynamicImage::ImageLumaA8(la)).data,
            vec![127]
        );
    }

    #[test]
    fn sixteen_bit_grey_becomes_eight_bit_grey() {
        let l16 = ImageBuffer::from_pixel(3, 2, Luma([0xFFFFu16]));
        let p = Pixels::from_image(DynamicImage::ImageLuma16(l16));
        assert_eq!((p.width, p.height, p.channels), (3, 2, 1));
        assert!(p.data.iter().all(|&v| v == 255));
    }

    #[test]
    fn rotation_swaps_the_sides() {
        let p = Pixels {
            data: (0..6).collect(),
            width: 3,
            height: 2,
            channels: 1,
        };
        let r = p.clone().oriented(Orientation::Rotate90);
        assert_eq!((r.width, r.height), (2, 3));
        // Clockwise: the bottom-left pixel (3) comes to the top-left.
        assert_eq!(r.data, vec![3, 0, 4, 1, 5, 2]);
        assert_eq!(p.clone().oriented(Orientation::NoTransforms), p);
        assert!(swaps_sides(Orientation::Rotate270) && !swaps_sides(Orientation::Rotate180));
    }
}
