//! Whether a file is what its first bytes claim and nothing else: an image that decodes
//! whole, within sane dimensions, and ends where its format ends; a PDF with its trailer and
//! no active content; and no web markup anywhere, so that no polyglot (a PNG that is also an
//! HTML page, a PDF that is also an SVG, a GIF that is also a script) reaches the ERP.

use std::io::Cursor;

use api::attachment::Kind;
use image::{ImageFormat, ImageReader, Limits};

/// The largest side an accepted image may have: a phone photo is about 4,000 pixels; a
/// larger one is a decompression bomb or a header made of other text.
const MAX_SIDE: u32 = 12_000;

/// Markup a browser or a mail reader would act on, lower case. Images and PDFs carry none
/// of it (XMP metadata is XML, but `<?xml`, `<x:xmpmeta` and `<rdf:` are not in this list).
/// Each is five bytes or more: in megabytes of compressed photo data a shorter one such as
/// `<a ` turns up by chance.
const MARKUP: &[&[u8]] = &[
    b"<script",
    b"<html",
    b"<!doctype",
    b"<svg ",
    b"<svg>",
    b"<iframe",
    b"<body",
    b"<object",
    b"<embed",
    b"<meta ",
    b"javascript:",
    b"onload=",
    b"onerror=",
];

/// PDF names that run or carry something when the file opens.
const PDF_ACTIVE: &[&[u8]] = &[
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/EmbeddedFile",
    b"/RichMedia",
    b"/XFA",
    b"/SubmitForm",
    b"/ImportData",
];

/// Why a file is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// It does not parse as the format it starts as.
    Broken,
    /// Bytes follow the format's end.
    Trailing,
    /// Web markup or active PDF content inside.
    Active,
    /// Larger than any photo.
    Dimensions,
}

/// Checks `bytes`, already sniffed as `kind`.
///
/// # Errors
/// The first [`Flaw`] found.
pub fn inspect(kind: Kind, bytes: &[u8]) -> Result<(), Flaw> {
    if contains_any(&bytes.to_ascii_lowercase(), MARKUP) {
        return Err(Flaw::Active);
    }
    match kind {
        Kind::Pdf => pdf(bytes),
        Kind::Png => image(bytes, ImageFormat::Png).and(png_ends(bytes)),
        Kind::Jpg => image(bytes, ImageFormat::Jpeg).and(ends_with(bytes, &[0xFF, 0xD9])),
        Kind::Gif => image(bytes, ImageFormat::Gif).and(ends_with(bytes, &[0x3B])),
        Kind::Webp => image(bytes, ImageFormat::WebP).and(webp_ends(bytes)),
    }
}

fn contains_any(haystack: &[u8], needles: &[&[u8]]) -> bool {
    needles
        .iter()
        .any(|needle| memchr::memmem::find(haystack, needle).is_some())
}

fn image(bytes: &[u8], format: ImageFormat) -> Result<(), Flaw> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let (w, h) = reader.into_dimensions().map_err(|_| Flaw::Broken)?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Flaw::Dimensions);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    reader.decode().map(|_| ()).map_err(|e| match e {
        image::ImageError::Limits(_) => Flaw::Dimensions,
        _ => Flaw::Broken,
    })
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    limits
}

/// Whether the file ends with `end`, allowing the zero padding some cameras write.
fn ends_with(bytes: &[u8], end: &[u8]) -> Result<(), Flaw> {
    let trimmed = bytes
        .iter()
        .rposition(|b| *b != 0)
        .map_or(&[][..], |i| &bytes[..=i]);
    if trimmed.ends_with(end) {
        Ok(())
    } else {
        Err(Flaw::Trailing)
    }
}

/// Walks a PNG's chunks: the file must end right after `IEND`.
fn png_ends(bytes: &[u8]) -> Result<(), Flaw> {
    let mut at = 8usize;
    while at + 12 <= bytes.len() {
        let length =
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        let kind = &bytes[at + 4..at + 8];
        let next = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .ok_or(Flaw::Broken)?;
        if kind == b"IEND" {
            return if next == bytes.len() {
                Ok(())
            } else {
                Err(Flaw::Trailing)
            };
        }
        at = next;
    }
    Err(Flaw::Broken)
}

/// A WebP's RIFF size must cover the file exactly.
fn webp_ends(bytes: &[u8]) -> Result<(), Flaw> {
    let size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    if size + 8 == bytes.len() {
        Ok(())
    } else {
        Err(Flaw::Trailing)
    }
}

/// A PDF must close with `startxref` and `%%EOF` and name no active content.
fn pdf(bytes: &[u8]) -> Result<(), Flaw> {
    let tail_start = bytes.len().saturating_sub(1024);
    let tail = &bytes[tail_start..];
    let trimmed = tail
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &tail[..=i]);
    if !trimmed.ends_with(b"%%EOF") || !contains_any(tail, &[b"startxref"]) {
        return Err(Flaw::Trailing);
    }
    // Names are looked for outside streams only: inside them, compressed bytes spell a
    // three-letter name such as `/JS` by chance.
    let mut rest = bytes;
    loop {
        let (outside, after) = match memchr::memmem::find(rest, b"stream") {
            Some(at) => (&rest[..at], Some(&rest[at + 6..])),
            None => (rest, None),
        };
        if names_active(outside) {
            return Err(Flaw::Active);
        }
        let Some(after) = after else {
            return Ok(());
        };
        match memchr::memmem::find(after, b"endstream") {
            Some(end) => rest = &after[end + 9..],
            None => return Err(Flaw::Broken),
        }
    }
}

/// Whether a stretch of PDF objects names active content (`/JS` but not `/JSFoo`).
fn names_active(objects: &[u8]) -> bool {
    PDF_ACTIVE.iter().any(|name| {
        memchr::memmem::find_iter(objects, name).any(|at| {
            objects
                .get(at + name.len())
                .is_none_or(|next| !next.is_ascii_alphanumeric())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 7]))
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    fn encoded(format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::from_fn(16, 9, |x, y| image::Rgb([x as u8 * 9, y as u8 * 20, 90]))
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    fn pdf_file() -> Vec<u8> {
        pdfdoc::Document {
            title: "Comprovante de endereço",
            lines: vec!["Rua das Flores, 10".into()],
        }
        .render()
    }

    #[test]
    fn real_images_and_pdfs_pass() {
        assert_eq!(inspect(Kind::Png, &png(40, 30)), Ok(()));
        assert_eq!(inspect(Kind::Jpg, &encoded(ImageFormat::Jpeg)), Ok(()));
        assert_eq!(inspect(Kind::Gif, &encoded(ImageFormat::Gif)), Ok(()));
        assert_eq!(inspect(Kind::Pdf, &pdf_file()), Ok(()));
    }

    #[test]
    fn polyglots_and_lies_are_refused() {
        let html_after_png = [png(4, 4), b"<html><script>alert(1)</script>".to_vec()].concat();
        assert_eq!(inspect(Kind::Png, &html_after_png), Err(Flaw::Active));
        let bytes_after_png = [png(4, 4), vec![1, 2, 3]].concat();
        assert_eq!(inspect(Kind::Png, &bytes_after_png), Err(Flaw::Trailing));
        let svg_pdf = [
            b"%PDF-1.4\n<svg xmlns='http://www.w3.org/2000/svg'/>".as_slice(),
            &pdf_file()[8..],
        ]
        .concat();
        assert_eq!(inspect(Kind::Pdf, &svg_pdf), Err(Flaw::Active));
        // The classic GIF/JS polyglot: the width field is `/*`, the script follows.
        let gif_js = b"GIF89a/*\x00\x00\x00\x00\x00*/=1;alert(document.domain);//\x3B".to_vec();
        assert!(inspect(Kind::Gif, &gif_js).is_err());
        let header_only = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-image".to_vec();
        assert_eq!(inspect(Kind::Png, &header_only), Err(Flaw::Broken));
        let cut_pdf = pdf_file()[..200].to_vec();
        assert_eq!(inspect(Kind::Pdf, &cut_pdf), Err(Flaw::Trailing));
        let with_js = String::from_utf8_lossy(&pdf_file())
            .replace(
                "/Type /Catalog",
                "/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            )
            .into_bytes();
        assert_eq!(inspect(Kind::Pdf, &with_js), Err(Flaw::Active));
    }

    #[test]
    fn giant_dimensions_are_refused_before_decoding() {
        let mut bomb = png(2, 2);
        // IHDR's width, rewritten to 100,000 pixels (the CRC no longer matters: the header is
        // refused first).
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(inspect(Kind::Png, &bomb).is_err());
    }
}
