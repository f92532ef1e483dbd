//! Real one-page PDFs for boletos, notas fiscais and quitação declarations, written with the
//! standard Helvetica font so nothing needs embedding.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// A4 in points.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Text for WinAnsiEncoding: Latin-1 letters map to the same byte; anything else becomes `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            0x20..=0x7e | 0xa0..=0xff => c as u8,
            _ => b'?',
        })
        .collect()
}

/// A document: a title, lines of text and, for boletos, the ITF barcode modules.
pub struct Document<'a> {
    pub title: &'a str,
    pub lines: Vec<String>,
    pub barcode: Option<Vec<bool>>,
}

/// Renders the document to PDF bytes.
pub fn render(doc: &Document<'_>) -> Vec<u8> {
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
    page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
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

    let mut content = Content::new();
    content.begin_text();
    content.set_font(Name(b"F2"), 18.0);
    content.next_line(MARGIN, HEIGHT - MARGIN - 18.0);
    content.show(Str(&win_ansi(doc.title)));
    content.set_font(Name(b"F1"), 11.0);
    content.set_leading(16.0);
    content.next_line(0.0, -30.0);
    for line in &doc.lines {
        content.show(Str(&win_ansi(line)));
        content.next_line_using_leading();
    }
    content.end_text();

    if let Some(modules) = &doc.barcode {
        // 405 modules of 0.3 mm ≈ 121 mm wide, 13 mm tall, below the text.
        let module = 0.85_f32;
        let height = 37.0;
        let y = HEIGHT - MARGIN - 60.0 - 16.0 * doc.lines.len() as f32 - height;
        content.set_fill_gray(0.0);
        let mut i = 0;
        while i < modules.len() {
            if modules[i] {
                let start = i;
                while i < modules.len() && modules[i] {
                    i += 1;
                }
                content.rect(
                    MARGIN + start as f32 * module,
                    y,
                    (i - start) as f32 * module,
                    height,
                );
            } else {
                i += 1;
            }
        }
        content.fill_nonzero();
    }
    pdf.stream(content_id, &content.finish());
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pdf_with_its_text() {
        let bytes = render(&Document {
            title: "Declaração de quitação",
            lines: vec!["Cliente: João".into()],
            barcode: Some(vec![true, false, true]),
        });
        assert!(bytes.starts_with(b"%PDF-"));
        // Accented text is written as a hex string of its WinAnsi bytes: "João" = 4A 6F E3 6F.
        let lower = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(lower.contains("4a6fe36f"), "{lower}");
    }
}
