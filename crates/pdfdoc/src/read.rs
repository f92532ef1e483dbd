//! Reading back what a page of this crate drew, so tests can check a PDF by its drawing:
//! the filled rectangles, the barcode's modules, the QR as a greyscale image.

use crate::boleto::{BAR_HEIGHT, BAR_MODULE, QR_MODULE};

/// The filled rectangles (`x y w h re`) of the page.
pub fn rectangles(pdf: &[u8]) -> Vec<[f32; 4]> {
    let text = String::from_utf8_lossy(pdf);
    let mut out = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [x, y, w, h, "re"] = parts.as_slice()
            && let (Ok(x), Ok(y), Ok(w), Ok(h)) = (x.parse(), y.parse(), w.parse(), h.parse())
        {
            out.push([x, y, w, h]);
        }
    }
    out
}

fn units(value: f32, module: f32) -> usize {
    (value / module).round() as usize
}

/// The barcode's modules (bar `true`, space `false`), from its first bar to its last.
pub fn barcode_modules(pdf: &[u8]) -> Vec<bool> {
    let bars: Vec<[f32; 4]> = rectangles(pdf)
        .into_iter()
        .filter(|r| (r[3] - BAR_HEIGHT).abs() < 0.01)
        .collect();
    let Some(x0) = bars.iter().map(|r| r[0]).reduce(f32::min) else {
        return Vec::new();
    };
    let end = bars.iter().map(|r| r[0] + r[2]).fold(x0, f32::max);
    let mut modules = vec![false; units(end - x0, BAR_MODULE)];
    for [x, _, w, _] in bars {
        let start = units(x - x0, BAR_MODULE);
        for m in modules.iter_mut().skip(start).take(units(w, BAR_MODULE)) {
            *m = true;
        }
    }
    modules
}

/// The QR as a greyscale image (0 dark, 255 light), `scale` pixels a module with a quiet
/// zone of four modules; `(side in pixels, pixels)`.
pub fn qr_greyscale(pdf: &[u8], scale: usize) -> (usize, Vec<u8>) {
    let modules: Vec<[f32; 4]> = rectangles(pdf)
        .into_iter()
        .filter(|r| (r[3] - QR_MODULE).abs() < 0.01)
        .collect();
    let Some(left) = modules.iter().map(|r| r[0]).reduce(f32::min) else {
        return (0, Vec::new());
    };
    let top = modules.iter().map(|r| r[1] + r[3]).fold(f32::MIN, f32::max);
    let right = modules.iter().map(|r| r[0] + r[2]).fold(left, f32::max);
    let quiet = 4;
    let side = (units(right - left, QR_MODULE) + 2 * quiet) * scale;
    let mut pixels = vec![255u8; side * side];
    for [x, y, w, h] in modules {
        let row = units(top - (y + h), QR_MODULE) + quiet;
        let first = units(x - left, QR_MODULE) + quiet;
        for col in first..first + units(w, QR_MODULE) {
            for dy in 0..scale {
                let start = (row * scale + dy) * side + col * scale;
                pixels[start..start + scale].fill(0);
            }
        }
    }
    (side, pixels)
}
