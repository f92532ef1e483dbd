//! Interleaved 2 of 5 (ITF), the symbology of boleto barcodes, drawn as SVG.

use core::fmt;
use core::fmt::Write as _;

/// Wide elements are this many modules wide; narrow ones are one.
pub const WIDE_RATIO: usize = 3;
/// White margin on each side, in modules (at least 10 narrow widths).
pub const QUIET_ZONE: usize = 10;
/// Bar height in modules: about 13 mm at the usual 0.25 mm module.
pub const BAR_HEIGHT: usize = 52;

/// Narrow (false) and wide (true) elements of each digit.
const PATTERNS: [[bool; 5]; 10] = {
    const N: bool = false;
    const W: bool = true;
    [
        [N, N, W, W, N],
        [W, N, N, N, W],
        [N, W, N, N, W],
        [W, W, N, N, N],
        [N, N, W, N, W],
        [W, N, W, N, N],
        [N, W, W, N, N],
        [N, N, N, W, W],
        [W, N, N, W, N],
        [N, W, N, W, N],
    ]
};

/// Why digits cannot be drawn as ITF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItfError {
    /// Nothing to draw.
    Empty,
    /// ITF pairs digits, so the count must be even.
    OddLength(usize),
    /// Only digits can be drawn.
    NotDigit(char),
}

impl fmt::Display for ItfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("nenhum dígito para o código de barras"),
            Self::OddLength(n) => write!(
                f,
                "o código de barras precisa de um número par de dígitos, não {n}"
            ),
            Self::NotDigit(c) => write!(f, "caractere {c:?} não é dígito"),
        }
    }
}

impl core::error::Error for ItfError {}

/// The modules of the symbol, `true` for bar: start `1010`, the digit pairs (first digit in
/// the bars, second in the spaces), stop `11101`.
///
/// # Errors
/// [`ItfError`] for empty, odd-length or non-digit input.
///
/// # Examples
/// ```
/// let m = brazil::itf::modules("602003").unwrap();
/// assert_eq!(m.len(), 4 + 3 * 18 + 5);
/// ```
pub fn modules(digits: &str) -> Result<Vec<bool>, ItfError> {
    if digits.is_empty() {
        return Err(ItfError::Empty);
    }
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(ItfError::NotDigit(c));
    }
    if !digits.len().is_multiple_of(2) {
        return Err(ItfError::OddLength(digits.len()));
    }
    let mut out = Vec::with_capacity(9 + digits.len() * 9);
    out.extend([true, false, true, false]);
    for pair in digits.as_bytes().chunks_exact(2) {
        let bars = PATTERNS[usize::from(pair[0] - b'0')];
        let spaces = PATTERNS[usize::from(pair[1] - b'0')];
        for (bar, space) in bars.iter().zip(spaces) {
            let width = |wide: bool| if wide { WIDE_RATIO } else { 1 };
            out.extend(core::iter::repeat_n(true, width(*bar)));
            out.extend(core::iter::repeat_n(false, width(space)));
        }
    }
    out.extend(core::iter::repeat_n(true, WIDE_RATIO));
    out.extend([false, true]);
    Ok(out)
}

/// The barcode as a self-contained SVG in module units that scales to its container's width,
/// with white quiet zones and background so it scans in dark mode too. Same digits, same
/// bytes.
///
/// # Errors
/// As [`modules`].
pub fn svg(digits: &str) -> Result<String, ItfError> {
    let m = modules(digits)?;
    let width = m.len() + 2 * QUIET_ZONE;
    let mut out = String::with_capacity(64 * m.len() / 4);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {BAR_HEIGHT}" width="100%" preserveAspectRatio="none" shape-rendering="crispEdges" role="img" aria-label="Código de barras {digits}"><rect width="{width}" height="{BAR_HEIGHT}" fill="#fff"/><g fill="#000">"##
    );
    for (start, len) in crate::runs::runs(&m) {
        let _ = write!(
            out,
            r#"<rect x="{}" width="{len}" height="{BAR_HEIGHT}"/>"#,
            start + QUIET_ZONE
        );
    }
    out.push_str("</g></svg>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boleto_barcode_has_405_modules() {
        let m = modules("00193373700000001000500940144816060680935031").unwrap();
        assert_eq!(m.len(), 405);
    }

    #[test]
    fn refuses_what_it_cannot_draw() {
        assert_eq!(modules(""), Err(ItfError::Empty));
        assert_eq!(modules("123"), Err(ItfError::OddLength(3)));
        assert_eq!(modules("12a4"), Err(ItfError::NotDigit('a')));
    }

    #[test]
    fn svg_is_deterministic_and_has_one_rect_per_bar() {
        let a = svg("602003").unwrap();
        assert_eq!(a, svg("602003").unwrap());
        // 2 start bars + 3 pairs × 5 bars + 2 stop bars, plus the background.
        assert_eq!(a.matches("<rect").count(), 2 + 15 + 2 + 1);
        assert!(a.contains(r#"<rect x="10" width="1""#));
    }
}
