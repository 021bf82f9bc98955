//! Lines and spaces from where a PDF's glyphs stand on the page: every glyph is placed by its
//! position, so a line break the page shows is a line break in the text even when the
//! generator drew two lines in one text run (Typst, resume builders), and a gap wider than a
//! letter's is a space. Glyphs come in content-stream order, the order the document was
//! written in, so a sidebar and a main column still come out one after the other.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Where a glyph's baseline must move, in font sizes, to start a new line, and to leave a
/// blank line (a gap wider than ordinary line spacing).
const NEW_LINE: f64 = 0.5;
const NEW_PARAGRAPH: f64 = 1.6;
/// The gap after a glyph, in font sizes, that is a space between words.
const WORD_GAP: f64 = 0.12;
/// In a line that spells its spaces out, the gap (in font sizes) that is still a space: a tab
/// stop, a date set right of a title.
const TAB_GAP: f64 = 2.0;
/// In a letter-spaced line, how much wider than the letters' gap a space between words is.
const LETTER_SPACING_MARGIN: f64 = 0.15;

/// Collects a PDF's text, one line of text per line of the page.
pub(crate) struct GlyphLines<'a> {
    text: &'a mut String,
    page_height: f64,
    last_y: f64,
    last_end: f64,
    started: bool,
    /// The current line's glyphs, each with the gap before it in font sizes.
    line: Vec<(String, f64)>,
}

impl<'a> GlyphLines<'a> {
    pub fn new(text: &'a mut String) -> Self {
        GlyphLines {
            text,
            page_height: 0.0,
            last_y: 0.0,
            last_end: 0.0,
            started: false,
            line: Vec::new(),
        }
    }

    /// Writes the current line: a gap is a space where it is wider than a letter's. A line
    /// that spells its spaces out (Chromium, LibreOffice) gets a space from a gap only where
    /// the gap is a tab stop's (a date set right of a title): pdf-extract misplaces some of
    /// its glyphs by a letter or so ("P resent", "acr oss"). In a letter-spaced line
    /// ("W O R K  E X P E R I E N C E", nearly every gap wide), only a gap wider than the
    /// letters' own is a space.
    fn flush_line(&mut self) {
        let gaps: Vec<f64> = self
            .line
            .iter()
            .skip(1)
            .filter(|(glyph, _)| glyph != " ")
            .map(|(_, gap)| *gap)
            .collect();
        let spelled_out = self.line.iter().any(|(glyph, _)| glyph == " ");
        let wide = gaps.iter().filter(|&&g| g > WORD_GAP).count();
        let letter_spaced = gaps.len() >= 4 && wide * 5 >= gaps.len() * 4;
        let threshold = if spelled_out {
            TAB_GAP
        } else if letter_spaced {
            let narrowest = gaps
                .iter()
                .copied()
                .filter(|&g| g > WORD_GAP)
                .fold(f64::INFINITY, f64::min);
            narrowest + LETTER_SPACING_MARGIN
        } else {
            WORD_GAP
        };
        for (i, (glyph, gap)) in std::mem::take(&mut self.line).into_iter().enumerate() {
            if i > 0 && gap > threshold && glyph != " " && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
            self.text.push_str(&glyph);
        }
    }

    fn break_to(&mut self, breaks: &str) {
        self.flush_line();
        while self.text.ends_with([' ', '\t']) {
            self.text.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with(breaks) {
            if breaks == "\n\n" && self.text.ends_with('\n') {
                self.text.push('\n');
            } else {
                self.text.push_str(breaks);
            }
        }
    }
}

impl Drop for GlyphLines<'_> {
    fn drop(&mut self) {
        self.flush_line();
    }
}

impl OutputDev for GlyphLines<'_> {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.break_to("\n\n");
        self.started = false;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        glyph: &str,
    ) -> Result<(), OutputError> {
        // The glyph's origin on the page (y down from the top) and its size there.
        let x = trm.m31;
        let y = self.page_height - trm.m32;
        let size_x = font_size * (trm.m11 + trm.m21);
        let size_y = font_size * (trm.m12 + trm.m22);
        let size = (size_x * size_y).abs().sqrt().max(1e-6);
        let mut gap = 0.0;
        if self.started {
            let dy = (y - self.last_y).abs();
            if dy > size * NEW_PARAGRAPH {
                self.break_to("\n\n");
            } else if dy > size * NEW_LINE || (x < self.last_end - size && dy > size * 0.2) {
                self.break_to("\n");
            } else {
                gap = (x - self.last_end) / size;
            }
        }
        self.line.push((glyph.to_string(), gap));
        self.started = true;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
