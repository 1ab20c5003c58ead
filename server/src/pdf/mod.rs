//! The PDF of a filled contract (server only).
//!
//! Rule (GUIDE.md requirement 6, step 6 and the contract card): the contract is bilingual,
//! can be viewed and downloaded, and what is signed is exactly what is shown. The PDF is
//! drawn from the same [`FilledContract`] as the HTML view, so both show the same data; its
//! footer names the contract number and the SHA-256 of the canonical (signed) bytes, so a
//! printed copy can be matched to the signature.
//!
//! # Layout
//! A4 portrait, one column (readable on a phone by zooming to the page width): the Kazakh
//! text (title, sections) then, from a new page, the Russian text. Body text is DejaVu Sans
//! 10.5 pt, justified; headings DejaVu Sans Bold, kept with the start of their text. Each
//! page has a three-line footer: the contract number and template, with «N / M» on the
//! right; the SHA-256 of the canonical bytes; the generation time. The PDF has an outline
//! (bookmarks) with both languages and their sections.
//!
//! The output is deterministic: the same contract and meta give the same bytes (no clock is
//! read; the generation time is the caller's text).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod fonts;
mod layout;

use app::domain::{FilledContract, Lang};
use krilla::Document;
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::KrillaGlyph;

use fonts::{Face, Fonts};
use layout::{Line, break_lines, text_width};

/// What the PDF states besides the contract text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfMeta {
    /// The contract number (`01.01-01.21.001`).
    pub contract_number: String,
    /// SHA-256 of the canonical bytes, 64 lower-case hex digits.
    pub canonical_sha256_hex: String,
    /// When the PDF was generated, as it should be printed (e.g.
    /// `Қалыптастырылды / Сформирован: 14.01.2021, 14:34`).
    pub generated_at_text: String,
}

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An embedded font could not be read (a broken build).
    #[error("embedded font {0} cannot be read")]
    Font(&'static str),
    /// `canonical_sha256_hex` is not 64 lower-case hex digits.
    #[error("canonical SHA-256 must be 64 lower-case hex digits")]
    BadSha256,
    /// The PDF writer failed.
    #[error("PDF writer: {0}")]
    Writer(String),
}

/// A rendered PDF and its number of pages.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// The A4 PDF of `contract`: Kazakh part, then Russian part, with the footer of `meta`.
pub fn render_pdf(contract: &FilledContract, meta: &PdfMeta) -> Result<Vec<u8>, PdfError> {
    render(contract, meta).map(|r| r.bytes)
}

// Geometry, in points (1/72 inch). A4 = 210 × 297 mm.
const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 56.7; // 20 mm
const MARGIN_TOP: f32 = 51.0; // 18 mm
const BODY_BOTTOM: f32 = PAGE_H - 68.0; // text stops 24 mm above the edge
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const BODY_SIZE: f32 = 10.5;
const BODY_LEADING: f32 = 14.2;
const PARAGRAPH_GAP: f32 = 4.0;
const HEADING_SIZE: f32 = 11.0;
const HEADING_LEADING: f32 = 14.5;
const HEADING_GAP_BEFORE: f32 = 9.0;
const HEADING_GAP_AFTER: f32 = 3.0;
const TITLE_SIZE: f32 = 14.0;
const TITLE_LEADING: f32 = 18.0;
const LABEL_SIZE: f32 = 8.5;
const FOOTER_SIZE: f32 = 7.5;
const FOOTER_RULE_Y: f32 = PAGE_H - 58.0;
const FOOTER_LINE_Y: [f32; 3] = [PAGE_H - 47.0, PAGE_H - 37.5, PAGE_H - 28.0];

const GREY: (u8, u8, u8) = (96, 96, 96);
const BLACK: (u8, u8, u8) = (0, 0, 0);

/// A line placed on a page (baseline at `y`, from the top).
struct Placed {
    x: f32,
    y: f32,
    line: Line,
    bold: bool,
    size: f32,
    color: (u8, u8, u8),
}

/// A bookmark: level 0 = language part, 1 = section.
struct Mark {
    level: u8,
    text: String,
    page: usize,
    y: f32,
}

struct Flow<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Placed>>,
    marks: Vec<Mark>,
    /// Top of the next line box on the current page.
    y: f32,
}

impl<'f> Flow<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Flow {
            fonts,
            pages: vec![Vec::new()],
            marks: Vec::new(),
            y: MARGIN_TOP,
        }
    }

    fn face(&self, bold: bool) -> &'f Face {
        if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    fn at_top(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure(&mut self, height: f32) {
        if !self.at_top() && self.y + height > BODY_BOTTOM {
            self.new_page();
        }
    }

    fn gap(&mut self, points: f32) {
        if !self.at_top() {
            self.y += points;
        }
    }

    fn mark(&mut self, level: u8, text: &str) {
        self.marks.push(Mark {
            level,
            text: text.to_owned(),
            page: self.pages.len() - 1,
            y: self.y,
        });
    }

    /// Lays out `lines` one under the other (page breaks between lines as needed).
    fn place(&mut self, lines: Vec<Line>, style: &Style) {
        for line in lines {
            self.ensure(style.leading);
            let x = if style.centered {
                MARGIN_X + (TEXT_W - line.width).max(0.0) / 2.0
            } else {
                MARGIN_X
            };
            let baseline = self.y + style.leading * 0.78;
            self.pages.last_mut().expect("a page").push(Placed {
                x,
                y: baseline,
                line,
                bold: style.bold,
                size: style.size,
                color: style.color,
            });
            self.y += style.leading;
        }
    }

    fn lines(&self, text: &str, style: &Style) -> Vec<Line> {
        break_lines(
            self.face(style.bold),
            text,
            style.size,
            TEXT_W,
            style.justify,
        )
    }

    fn paragraph(&mut self, text: &str, style: &Style) {
        let lines = self.lines(text, style);
        self.place(lines, style);
    }
}

struct Style {
    bold: bool,
    size: f32,
    leading: f32,
    justify: bool,
    centered: bool,
    color: (u8, u8, u8),
}

const BODY: Style = Style {
    bold: false,
    size: BODY_SIZE,
    leading: BODY_LEADING,
    justify: true,
    centered: false,
    color: BLACK,
};
const HEADING: Style = Style {
    bold: true,
    size: HEADING_SIZE,
    leading: HEADING_LEADING,
    justify: false,
    centered: false,
    color: BLACK,
};
const TITLE: Style = Style {
    bold: true,
    size: TITLE_SIZE,
    leading: TITLE_LEADING,
    justify: false,
    centered: true,
    color: BLACK,
};
const LABEL: Style = Style {
    bold: false,
    size: LABEL_SIZE,
    leading: 12.0,
    justify: false,
    centered: true,
    color: GREY,
};

fn language_part(flow: &mut Flow<'_>, contract: &FilledContract, lang: Lang) {
    if !flow.at_top() {
        flow.new_page();
    }
    let (label, outline) = match lang {
        Lang::Kk => ("Қазақ тіліндегі мәтін", "Қазақша"),
        Lang::Ru => ("Текст на русском языке", "Русский"),
    };
    flow.mark(0, outline);
    flow.paragraph(label, &LABEL);
    flow.y += 4.0;
    flow.paragraph(contract.title(lang), &TITLE);
    flow.y += 10.0;
    for section in &contract.sections {
        let heading = section.heading(lang);
        let paragraphs = section.paragraphs(lang);
        if !heading.trim().is_empty() {
            let lines = flow.lines(heading, &HEADING);
            // Keep the heading with the first two lines of its text.
            let first = paragraphs
                .first()
                .map_or(0, |p| flow.lines(p, &BODY).len().min(2));
            flow.gap(HEADING_GAP_BEFORE);
            flow.ensure(
                lines.len() as f32 * HEADING_LEADING
                    + HEADING_GAP_AFTER
                    + first as f32 * BODY_LEADING,
            );
            flow.mark(1, heading);
            flow.place(lines, &HEADING);
            flow.y += HEADING_GAP_AFTER;
        }
        for p in paragraphs {
            flow.paragraph(p, &BODY);
            flow.y += PARAGRAPH_GAP;
        }
    }
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_line(surface: &mut krilla::surface::Surface<'_>, face: &Face, p: &Placed) {
    surface.set_fill(Some(fill(p.color)));
    surface.draw_glyphs(
        Point::from_xy(p.x, p.y),
        &p.line.glyphs,
        face.pdf.clone(),
        &p.line.text,
        p.size,
        false,
    );
}

/// A one-line text at `x` (or right-aligned at `x` when `right`), shrunk to fit `max_w`.
fn footer_text(fonts: &Fonts, text: &str, x: f32, y: f32, max_w: f32, right: bool) -> Placed {
    let face = &fonts.regular;
    let natural = text_width(face, text, FOOTER_SIZE);
    // Shrunk to fit rather than cut: nothing of the footer may be lost.
    let size = if natural > max_w {
        FOOTER_SIZE * max_w / natural
    } else {
        FOOTER_SIZE
    };
    let mut lines = break_lines(face, text, size, f32::INFINITY, false);
    let line = lines.pop().unwrap_or(Line {
        glyphs: Vec::<KrillaGlyph>::new(),
        text: String::new(),
        width: 0.0,
    });
    let x = if right { x - line.width } else { x };
    Placed {
        x,
        y,
        line,
        bold: false,
        size,
        color: GREY,
    }
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Like [`render_pdf`], also returning the number of pages.
pub fn render(contract: &FilledContract, meta: &PdfMeta) -> Result<RenderedPdf, PdfError> {
    if !is_sha256_hex(&meta.canonical_sha256_hex) {
        return Err(PdfError::BadSha256);
    }
    let fonts = Fonts::load()?;

    let mut flow = Flow::new(&fonts);
    language_part(&mut flow, contract, Lang::Kk);
    language_part(&mut flow, contract, Lang::Ru);
    let Flow { pages, marks, .. } = flow;
    let total = pages.len();

    let footer = [
        format!(
            "Шарт / Договор № {} · Үлгі / Шаблон: {} v{}",
            meta.contract_number, contract.template_id, contract.template_version
        ),
        format!("SHA-256: {}", meta.canonical_sha256_hex),
        meta.generated_at_text.clone(),
    ];

    let mut document = Document::new();
    let rule = {
        let mut pb = PathBuilder::new();
        pb.move_to(MARGIN_X, FOOTER_RULE_Y);
        pb.line_to(PAGE_W - MARGIN_X, FOOTER_RULE_Y);
        pb.finish()
    };
    for (index, placed) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| PdfError::Writer("bad page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for p in placed {
            let face = if p.bold { &fonts.bold } else { &fonts.regular };
            draw_line(&mut surface, face, p);
        }
        if let Some(rule) = &rule {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(GREY.0, GREY.1, GREY.2).into(),
                width: 0.5,
                ..Default::default()
            }));
            surface.draw_path(rule);
            surface.set_stroke(None);
        }
        let number = format!("{} / {}", index + 1, total);
        let number_w = text_width(&fonts.regular, &number, FOOTER_SIZE);
        let lines = [
            footer_text(
                &fonts,
                &footer[0],
                MARGIN_X,
                FOOTER_LINE_Y[0],
                TEXT_W - number_w - 12.0,
                false,
            ),
            footer_text(
                &fonts,
                &number,
                PAGE_W - MARGIN_X,
                FOOTER_LINE_Y[0],
                TEXT_W,
                true,
            ),
            footer_text(
                &fonts,
                &footer[1],
                MARGIN_X,
                FOOTER_LINE_Y[1],
                TEXT_W,
                false,
            ),
            footer_text(
                &fonts,
                &footer[2],
                MARGIN_X,
                FOOTER_LINE_Y[2],
                TEXT_W,
                false,
            ),
        ];
        for p in &lines {
            draw_line(&mut surface, &fonts.regular, p);
        }
        surface.finish();
        page.finish();
    }

    let mut outline = Outline::new();
    let mut part: Option<OutlineNode> = None;
    for m in marks {
        let node = OutlineNode::new(
            m.text,
            XyzDestination::new(m.page, Point::from_xy(0.0, m.y)),
        );
        if m.level == 0 {
            if let Some(done) = part.take() {
                outline.push_child(done);
            }
            part = Some(node.with_open(true));
        } else if let Some(p) = part.as_mut() {
            p.push_child(node);
        }
    }
    if let Some(done) = part {
        outline.push_child(done);
    }
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(format!(
                "№ {} — {} / {}",
                meta.contract_number, contract.title_kk, contract.title_ru
            ))
            .language("kk".into())
            .creator("EKG e-contract".into()),
    );
    let bytes = document
        .finish()
        .map_err(|e| PdfError::Writer(format!("{e:?}")))?;
    Ok(RenderedPdf {
        bytes,
        pages: total,
    })
}
