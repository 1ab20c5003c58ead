//! The embedded fonts: DejaVu Sans and DejaVu Sans Bold 2.37 (Debian `fonts-dejavu-core`,
//! Bitstream Vera license, see `assets/fonts/`). They cover Russian and every Kazakh
//! letter (ә ғ қ ң ө ұ ү һ і); krilla embeds only the glyphs used (a subset) with a
//! ToUnicode map, so the text of the PDF can be searched and copied.

use krilla::text::Font;

use super::PdfError;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One font: the handle krilla embeds, and the face the layout shapes and measures with
/// (the same bytes, so measured and drawn widths agree).
pub(crate) struct Face {
    pub pdf: Font,
    pub shaper: rustybuzz::Face<'static>,
    pub units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8], name: &'static str) -> Result<Face, PdfError> {
        let pdf = Font::new(data.into(), 0).ok_or(PdfError::Font(name))?;
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or(PdfError::Font(name))?;
        let units_per_em = shaper.units_per_em() as f32;
        Ok(Face {
            pdf,
            shaper,
            units_per_em,
        })
    }
}

/// The regular and bold faces.
pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: Face::load(REGULAR, "DejaVuSans.ttf")?,
            bold: Face::load(BOLD, "DejaVuSans-Bold.ttf")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_have_every_kazakh_and_russian_letter() {
        let fonts = Fonts::load().unwrap();
        let letters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ\
                       абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ\
                       №«»–—\u{a0}";
        for face in [&fonts.regular, &fonts.bold] {
            for c in letters.chars() {
                assert!(face.shaper.glyph_index(c).is_some(), "no glyph for {c:?}");
            }
        }
    }
}
