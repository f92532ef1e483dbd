//! A one-page document: a title and lines of text (a nota fiscal, a quitação declaration).

use crate::page::{A4_HEIGHT, Page};

const MARGIN: f32 = 56.0;

/// A title and its lines.
pub struct Document<'a> {
    pub title: &'a str,
    pub lines: Vec<String>,
}

impl Document<'_> {
    /// The PDF bytes.
    pub fn render(&self) -> Vec<u8> {
        let mut page = Page::new();
        page.text(MARGIN, A4_HEIGHT - MARGIN - 18.0, 18.0, true, self.title);
        let mut y = A4_HEIGHT - MARGIN - 48.0;
        for line in &self.lines {
            page.text(MARGIN, y, 11.0, false, line);
            y -= 16.0;
        }
        page.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pdf_with_its_accented_text() {
        let bytes = Document {
            title: "Declaração de quitação",
            lines: vec!["Cliente: João — ano 2025".into()],
        }
        .render();
        assert!(bytes.starts_with(b"%PDF-"));
        // pdf-writer writes strings with bytes outside ASCII in hex: "João" = 4A 6F E3 6F,
        // and the em dash is WinAnsi's 0x97, not a question mark.
        let lower = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(lower.contains("4a6fe36f"), "{lower}");
        assert!(lower.contains("97"), "{lower}");
    }
}
