//! A page being drawn: text in Helvetica (regular and bold) with WinAnsiEncoding, boxes,
//! lines and filled rectangles, written into a one-page A4 PDF.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// A4 in points.
pub const A4_WIDTH: f32 = 595.0;
pub const A4_HEIGHT: f32 = 842.0;

/// Text in WinAnsiEncoding (Windows-1252): Latin-1 letters keep their byte, the typographic
/// signs Brazilian text uses (— – “ ” ‘ ’ … • €) take theirs, anything else becomes `?`.
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '™' => 0x99,
            _ => b'?',
        })
        .collect()
}

/// Width of `text` in Helvetica at `size`, close enough to right-align and wrap.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' => 0.25,
            'f' | 't' | 'r' | ' ' | '-' | '(' | ')' | '/' => 0.33,
            'm' | 'w' | 'M' | 'W' => 0.85,
            'A'..='Z' => 0.67,
            '0'..='9' => 0.556,
            _ => 0.53,
        })
        .sum::<f32>()
        * size
}

/// One page's drawing.
pub struct Page {
    content: Content,
}

impl Page {
    pub fn new() -> Self {
        Self {
            content: Content::new(),
        }
    }

    /// Text with its baseline at (`x`, `y`).
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.content.begin_text();
        self.content
            .set_font(Name(if bold { b"F2" } else { b"F1" }), size);
        self.content.next_line(x, y);
        self.content.show(Str(&win_ansi(text)));
        self.content.end_text();
    }

    /// Text ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.text(right - text_width(text, size), y, size, bold, text);
    }

    /// A box's outline.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.content.set_line_width(0.6);
        self.content.move_to(x, y);
        self.content.line_to(x + w, y);
        self.content.line_to(x + w, y + h);
        self.content.line_to(x, y + h);
        self.content.close_path();
        self.content.stroke();
    }

    /// A horizontal line, dashed for the cut between receipt and ficha.
    pub fn rule(&mut self, x: f32, y: f32, w: f32, dashed: bool) {
        self.content.set_line_width(0.6);
        if dashed {
            self.content.set_dash_pattern([3.0, 2.0], 0.0);
        }
        self.content.move_to(x, y);
        self.content.line_to(x + w, y);
        self.content.stroke();
        if dashed {
            self.content.set_dash_pattern([], 0.0);
        }
    }

    /// Filled black rectangles.
    pub fn fill(&mut self, rects: &[[f32; 4]]) {
        self.content.set_fill_gray(0.0);
        for [x, y, w, h] in rects {
            self.content.rect(*x, *y, *w, *h);
        }
        self.content.fill_nonzero();
    }

    /// The whole PDF.
    pub fn finish(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let page_id = Ref::new(3);
        let font = Ref::new(4);
        let bold = Ref::new(5);
        let content_id = Ref::new(6);
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids([page_id]).count(1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, A4_WIDTH, A4_HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), font);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.type1_font(font)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold)
            .base_font(Name(b"Helvetica-Bold"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.stream(content_id, &self.content.finish());
        pdf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_text_keeps_its_accents_and_dashes() {
        assert_eq!(win_ansi("João"), [0x4a, 0x6f, 0xe3, 0x6f]);
        assert_eq!(win_ansi("R$ 1,00 — ok"), b"R$ 1,00 \x97 ok");
        assert_eq!(
            win_ansi("ç é ã º"),
            [0xe7, b' ', 0xe9, b' ', 0xe3, b' ', 0xba]
        );
        assert_eq!(win_ansi("✓"), b"?");
    }
}
