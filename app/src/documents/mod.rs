//! The uploaded documents of step 5 (the child's photo, health passport, form 063/у
//! certificate, PMPK conclusion): converting a phone photo in the browser, and
//! re-validating the upload on the server.
//!
//! Rule (GUIDE.md step 5): «Жүктелетін құжаттардың көлемі 2 Мб аспауға тиіс. Жүктелетін
//! құжаттар JPEG форматында болуы тиіс.» — each file a JPEG of at most 2 MB.
//!
//! - [`prepare`] (browser, WASM): any JPEG or PNG a parent picks, up to 40 MB and
//!   64 Mi pixels, becomes an upright JPEG of at most 2 MB, long side at most 2560 px,
//!   without any metadata (no Exif, no GPS).
//! - [`inspect`] (server): the upload is checked again (type, size, pixel limits,
//!   structure, full decode), stripped of metadata losslessly and hashed.
//! - [`strip`]: the JPEG segment walker both rely on.
//! - [`fixtures`]: generated test files for this module's tests and other crates'.
//!
//! Errors are [`UploadError`](crate::domain::image_rules::UploadError) variants, with
//! their Kazakh and Russian messages.

mod baseline;
mod decode;
mod encode;
mod fdct;
pub mod fixtures;
pub mod inspect;
mod pixels;
pub mod prepare;
mod resize;
pub mod strip;

#[cfg(test)]
#[allow(unsafe_code)] // a counting global allocator forwarding to the system one
mod alloc_probe;

pub use decode::{MAX_ALLOC, MAX_PIXELS, MAX_SIDE};
pub use inspect::{CheckedJpeg, inspect_upload};
pub use prepare::{MAX_SOURCE_BYTES, PrepareOptions, Prepared, Stage, prepare_for_upload};

/// The converter's downscaler on packed 8-bit RGB (`width × height × 3` bytes, no padding),
/// to the size the converter would choose for a long side of at most `max_long_side`: the
/// resized RGB and its size. For comparing it with other resizers (`bench/resize`).
pub fn downscale_rgb(
    rgb: Vec<u8>,
    width: u32,
    height: u32,
    max_long_side: u32,
) -> (Vec<u8>, u32, u32) {
    let src = pixels::Pixels {
        data: rgb,
        width,
        height,
        channels: 3,
    };
    let (w, h) = resize::fit(width, height, max_long_side);
    let out = resize::downscale(&src, w, h);
    (out.data, out.width, out.height)
}

#[cfg(test)]
mod tests {
    use super::fixtures::{self, Expect};
    use super::*;
    use crate::domain::image_rules::{MAX_UPLOAD_BYTES, UploadError};
    use crate::domain::messages::Localized;
    use crate::domain::messages::test_support::{assert_kazakh, assert_russian};

    fn outcome<T>(result: &Result<T, UploadError>) -> Expect {
        match result {
            Ok(_) => Expect::Accepted,
            Err(e) => Expect::Refused(e.code()),
        }
    }

    #[test]
    fn every_fixture_gives_its_expected_outcome() {
        for f in fixtures::all() {
            let prepared = prepare_for_upload(&f.bytes, &PrepareOptions::default(), &mut |_| {});
            assert_eq!(outcome(&prepared), f.expect, "browser: {}", f.name);
            let inspected = inspect_upload(&f.bytes, MAX_UPLOAD_BYTES);
            assert_eq!(outcome(&inspected), f.expect_server, "server: {}", f.name);
            // Whatever the browser accepts, it turns into something the server accepts.
            if let Ok(p) = prepared {
                assert!(p.jpeg.len() as u64 <= MAX_UPLOAD_BYTES, "{}", f.name);
                let checked = inspect_upload(&p.jpeg, MAX_UPLOAD_BYTES).unwrap_or_else(|e| {
                    panic!("{}: server refused the browser's JPEG: {e}", f.name)
                });
                assert_eq!(checked.bytes, p.jpeg, "{}: nothing to strip", f.name);
                assert_eq!((checked.width, checked.height), (p.width, p.height));
            }
        }
    }

    #[test]
    fn the_new_upload_errors_are_translated() {
        for e in [
            UploadError::Corrupt,
            UploadError::TooManyPixels,
            UploadError::SourceTooLarge,
            UploadError::CannotCompress,
            UploadError::UnsupportedJpeg,
        ] {
            assert!(e.code().starts_with("upload."));
            assert_kazakh(e.message(crate::domain::lang::Lang::Kk));
            assert_russian(e.message(crate::domain::lang::Lang::Ru));
            assert!(UploadError::ALL.contains(&e));
        }
        let mut codes: Vec<_> = UploadError::ALL.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), UploadError::ALL.len());
    }
}
