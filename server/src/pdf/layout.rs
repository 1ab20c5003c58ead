//! Shaping and line breaking.
//!
//! A paragraph is shaped once (rustybuzz: kerning, ligatures) and broken greedily into
//! lines at spaces, after hyphens and slashes inside words, and — for a word wider than
//! the line (an IBAN, a hash) — between characters. Lines are measured with the same
//! glyph advances krilla draws, so a justified line ends exactly at the margin.
//! NO-BREAK SPACE (U+00A0, used in `40 000 теңге`) never breaks and is never stretched,
//! nor does the space after `№`.

use std::ops::Range;

use krilla::text::{GlyphId, KrillaGlyph};

use super::fonts::Face;

/// A laid-out line: glyphs with text ranges relative to `text`, ready for
/// `Surface::draw_glyphs`.
pub(crate) struct Line {
    pub glyphs: Vec<KrillaGlyph>,
    pub text: String,
    /// Width at the font size it was laid out for, in points.
    pub width: f32,
}

struct Shaped {
    id: u32,
    /// Byte range of the glyph's cluster in the paragraph.
    range: Range<usize>,
    /// Advance and offsets in em (divided by units per em).
    x_advance: f32,
    x_offset: f32,
    y_offset: f32,
    /// A breakable space (ASCII space).
    space: bool,
    /// A line may end after this glyph (a hyphen or slash between letters or digits).
    break_after: bool,
}

fn shape(face: &Face, text: &str) -> Vec<Shaped> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(&face.shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let upem = face.units_per_em;
    let n = infos.len();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let start = infos[i].cluster as usize;
        let end = infos[i + 1..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        let ch = text[start..].chars().next().unwrap_or(' ');
        let prev = text[..start].chars().next_back();
        let next = text[end..].chars().next();
        let between_word_chars = matches!(prev, Some(c) if c.is_alphanumeric())
            && matches!(next, Some(c) if c.is_alphanumeric());
        out.push(Shaped {
            id: infos[i].glyph_id,
            range: start..end,
            x_advance: positions[i].x_advance as f32 / upem,
            x_offset: positions[i].x_offset as f32 / upem,
            y_offset: positions[i].y_offset as f32 / upem,
            // A space after `№` binds the sign to its number.
            space: ch == ' ' && prev != Some('№'),
            break_after: matches!(ch, '-' | '/' | '\u{2010}') && between_word_chars,
        });
    }
    out
}

/// Breaks `text` into lines of at most `max_width` points at `size` points. With
/// `justify`, every line but the last is stretched to `max_width` by widening its spaces
/// (unless that would leave gaps wider than two ems: then it stays ragged).
pub(crate) fn break_lines(
    face: &Face,
    text: &str,
    size: f32,
    max_width: f32,
    justify: bool,
) -> Vec<Line> {
    let glyphs = shape(face, text);
    let n = glyphs.len();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    loop {
        while start < n && glyphs[start].space {
            start += 1;
        }
        if start >= n {
            break;
        }
        let mut width = 0.0;
        // Where the line may end: (end exclusive, start of the next line).
        let mut candidate: Option<(usize, usize)> = None;
        let mut i = start;
        let mut broke = false;
        while i < n {
            let g = &glyphs[i];
            let advance = g.x_advance * size;
            if g.space {
                candidate = Some((i, i + 1));
            } else if i > start && width + advance > max_width + 0.01 {
                let (end, next) = candidate.unwrap_or_else(|| {
                    // A word longer than the line: cut it at a cluster boundary.
                    let mut j = i;
                    while j > start + 1 && glyphs[j].range.start == glyphs[j - 1].range.start {
                        j -= 1;
                    }
                    (j, j)
                });
                spans.push((start, end));
                start = next;
                broke = true;
                break;
            }
            width += advance;
            if g.break_after {
                candidate = Some((i + 1, i + 1));
            }
            i += 1;
        }
        if !broke {
            spans.push((start, n));
            break;
        }
    }

    let count = spans.len();
    spans
        .into_iter()
        .enumerate()
        .map(|(k, (s, mut e))| {
            while e > s && glyphs[e - 1].space {
                e -= 1;
            }
            let last = k + 1 == count;
            make_line(text, &glyphs[s..e], size, max_width, justify && !last)
        })
        .collect()
}

fn make_line(text: &str, glyphs: &[Shaped], size: f32, max_width: f32, justify: bool) -> Line {
    let (byte_start, byte_end) = match (glyphs.first(), glyphs.last()) {
        (Some(f), Some(l)) => (f.range.start, l.range.end.max(f.range.start)),
        _ => (0, 0),
    };
    let line_text = &text[byte_start..byte_end];
    let natural: f32 = glyphs.iter().map(|g| g.x_advance * size).sum();
    let spaces = glyphs.iter().filter(|g| g.space).count();
    let mut extra_per_space = 0.0;
    if justify && spaces > 0 && natural < max_width {
        let per = (max_width - natural) / spaces as f32;
        if per <= size * 2.0 {
            extra_per_space = per / size;
        }
    }
    let glyphs: Vec<KrillaGlyph> = glyphs
        .iter()
        .map(|g| {
            let start = g
                .range
                .start
                .saturating_sub(byte_start)
                .min(line_text.len());
            let end = g.range.end.saturating_sub(byte_start).min(line_text.len());
            KrillaGlyph::new(
                GlyphId::new(g.id),
                g.x_advance + if g.space { extra_per_space } else { 0.0 },
                g.x_offset,
                g.y_offset,
                0.0,
                start..end,
                None,
            )
        })
        .collect();
    let width = glyphs.iter().map(|g| g.x_advance * size).sum();
    Line {
        glyphs,
        text: line_text.to_owned(),
        width,
    }
}

/// The width of `text` on one line, in points.
pub(crate) fn text_width(face: &Face, text: &str, size: f32) -> f32 {
    shape(face, text).iter().map(|g| g.x_advance * size).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::Fonts;

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn lines_fit_and_keep_every_word() {
        let fonts = Fonts::load().unwrap();
        let text = "Ұйым Ата-ананың баласын «Ромашка» тобына қабылдайды, ал Ата-ана осы \
                    Шарттың талаптарын орындауға міндеттенеді; төлем айына 40\u{a0}000\u{a0}теңге.";
        for width in [40.0, 60.0, 120.0, 200.0, 480.0] {
            let lines = break_lines(&fonts.regular, text, 10.0, width, true);
            for l in &lines {
                assert!(
                    l.width <= width + 0.1,
                    "{} > {width}: {:?}",
                    l.width,
                    l.text
                );
                assert!(!l.text.starts_with(' ') && !l.text.ends_with(' '));
            }
            let words: Vec<&str> = text.split(' ').collect();
            let joined = texts(&lines).join(" ");
            // Hyphen breaks glue back without a space.
            let rejoined: Vec<String> = joined.split(' ').map(str::to_owned).collect();
            assert!(rejoined.len() >= words.len() - 3, "{joined}");
            // The amount is one unbreakable word, unless it is wider than the line.
            if width >= 100.0 {
                assert!(
                    joined.contains("40\u{a0}000\u{a0}теңге"),
                    "NBSP broke: {joined}"
                );
            }
        }
    }

    #[test]
    fn justified_lines_reach_the_margin() {
        let fonts = Fonts::load().unwrap();
        let text = "Баланың өмірі мен денсаулығын қорғауды, оның дене, психикалық және жеке \
                    тұлғалық дамуын қамтамасыз ету, ата-аналар жиналыстары мен кеңестерін өткізу.";
        let lines = break_lines(&fonts.regular, text, 10.0, 250.0, true);
        assert!(lines.len() >= 3);
        for l in &lines[..lines.len() - 1] {
            assert!((l.width - 250.0).abs() < 0.1, "{} {:?}", l.width, l.text);
        }
        assert!(lines.last().unwrap().width < 250.0);
        let ragged = break_lines(&fonts.regular, text, 10.0, 250.0, false);
        assert_eq!(texts(&ragged), texts(&lines));
        assert!(ragged.iter().all(|l| l.width < 250.0));
    }

    #[test]
    fn long_words_are_cut() {
        let fonts = Fonts::load().unwrap();
        let hash = "0123456789abcdef".repeat(4);
        let lines = break_lines(&fonts.regular, &hash, 10.0, 100.0, false);
        assert!(lines.len() > 1);
        assert_eq!(texts(&lines).concat(), hash);
        for l in &lines {
            assert!(l.width <= 100.1);
        }
    }

    #[test]
    fn text_ranges_are_within_the_line() {
        let fonts = Fonts::load().unwrap();
        let text = "ffi fl Әкесі — ұйым/өкіл, 063/у; ИИК (IBAN) KZ57 601A 1234 5678 9012";
        for width in [30.0, 80.0, 500.0] {
            for line in break_lines(&fonts.regular, text, 10.0, width, true) {
                let mut covered = 0;
                for g in &line.glyphs {
                    assert!(g.text_range.end <= line.text.len());
                    assert!(line.text.is_char_boundary(g.text_range.start));
                    covered = covered.max(g.text_range.end);
                }
                assert_eq!(covered, line.text.len());
            }
        }
    }

    #[test]
    fn number_sign_stays_with_its_number() {
        let fonts = Fonts::load().unwrap();
        let text = "направления № 378618 от 21.12.2020, выданного ГУ";
        for width in [80.0, 100.0, 120.0, 140.0, 160.0, 200.0] {
            for l in break_lines(&fonts.regular, text, 10.0, width, true) {
                assert!(!l.text.ends_with('№'), "{width}: {:?}", l.text);
            }
        }
    }

    #[test]
    fn empty_text_has_no_lines() {
        let fonts = Fonts::load().unwrap();
        assert!(break_lines(&fonts.regular, "", 10.0, 100.0, true).is_empty());
        assert!(break_lines(&fonts.regular, "   ", 10.0, 100.0, true).is_empty());
    }
}
