//! The QR symbol of a PIX BR Code, for the browser (as SVG, one path of dark runs) and the
//! boleto's PDF: the payload in byte mode at error correction M, in the smallest version
//! that holds it.
//!
//! Byte mode only, because a BR Code mixes cases and symbols that no other mode holds whole;
//! skipping `qrcode`'s segment optimiser and its generic renderer keeps them out of the
//! browser's bundle.

use core::fmt::Write as _;

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// Light margin around the symbol, in modules, as ISO/IEC 18004 asks.
pub const QUIET_ZONE: usize = 4;
/// The drawing is at least this many pixels wide before CSS scales it.
const MIN_PIXELS: usize = 232;
/// The highest QR version.
const MAX_VERSION: i16 = 40;

/// The symbol of `payload`; `None` when not even version 40 holds it.
fn symbol(payload: &str) -> Option<QrCode> {
    (1..=MAX_VERSION).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(payload.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    })
}

/// The modules per side of `payload`'s symbol (quiet zone not included) and which are dark,
/// row by row; `None` when it is too long for any QR version.
pub fn modules(payload: &str) -> Option<(usize, Vec<bool>)> {
    let code = symbol(payload)?;
    let width = code.width();
    let dark = code.into_colors().into_iter().map(|c| c == Color::Dark);
    Some((width, dark.collect()))
}

/// `payload`'s symbol as an SVG document, quiet zone included; `None` when it is too long
/// for any QR version.
pub fn svg(payload: &str) -> Option<String> {
    let (width, dark) = modules(payload)?;
    let side = width + 2 * QUIET_ZONE;
    let pixels = side * MIN_PIXELS.div_ceil(side);
    let mut out = String::with_capacity(16 * width * width / 3 + 256);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{pixels}" height="{pixels}" viewBox="0 0 {side} {side}" shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d=""##
    );
    for (y, row) in dark.chunks(width).enumerate() {
        for (x, run) in crate::runs::runs(row) {
            let _ = write!(
                out,
                "M{} {}h{run}v1h-{run}z",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
    }
    out.push_str(r#""/></svg>"#);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Banco Central's example of a static BR Code (Manual de Padrões, anexo).
    const BCB_STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

    /// The dark modules an SVG path of `M x y h n v1 h-n z` runs paints, as a grid.
    fn painted(svg: &str, side: usize) -> Vec<bool> {
        let d = svg
            .split(r#" d=""#)
            .nth(1)
            .and_then(|d| d.split('"').next())
            .unwrap();
        let mut grid = vec![false; side * side];
        for run in d.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (n, tail) = rest.split_once('v').unwrap();
            assert_eq!(
                tail,
                format!("1h-{n}z"),
                "a run is one module high and closed"
            );
            let (x, y, n): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap());
            for i in x..x + n {
                assert!(!grid[y * side + i], "modules are painted once");
                grid[y * side + i] = true;
            }
        }
        grid
    }

    #[test]
    fn the_drawing_reads_back_as_the_payload() {
        let code = symbol(BCB_STATIC).unwrap();
        let side = code.width() + 2 * QUIET_ZONE;
        let grid = painted(&svg(BCB_STATIC).unwrap(), side);
        // Four pixels per module, as a camera would see it.
        let scale = 4;
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
                if grid[(y / scale) * side + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, BCB_STATIC);
    }

    #[test]
    fn the_drawing_paints_exactly_the_dark_modules_inside_the_quiet_zone() {
        let code = symbol(BCB_STATIC).unwrap();
        let width = code.width();
        let side = width + 2 * QUIET_ZONE;
        let svg = svg(BCB_STATIC).unwrap();
        assert!(svg.contains(&format!(r#"viewBox="0 0 {side} {side}""#)));
        let grid = painted(&svg, side);
        let colors = code.to_colors();
        for y in 0..side {
            for x in 0..side {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let dark =
                    inside && colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)] == Color::Dark;
                assert_eq!(grid[y * side + x], dark, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn the_payload_takes_the_smallest_version_that_holds_it_at_level_m() {
        let code = symbol(BCB_STATIC).unwrap();
        assert_eq!(code.error_correction_level(), EcLevel::M);
        let Version::Normal(v) = code.version() else {
            panic!("a normal QR symbol, not micro");
        };
        // 137 bytes: version 8 at level M holds 152 bytes in byte mode, version 7 only 122.
        assert_eq!(BCB_STATIC.len(), 137);
        assert_eq!(v, 8);
        let mut smaller = Bits::new(Version::Normal(v - 1));
        let fits = smaller.push_byte_data(BCB_STATIC.as_bytes()).is_ok()
            && smaller.push_terminator(EcLevel::M).is_ok();
        assert!(!fits);
    }

    #[test]
    fn the_drawing_is_at_least_232_pixels_wide_in_whole_pixels_per_module() {
        let svg = svg(BCB_STATIC).unwrap();
        // Version 8: 49 modules plus 8 of quiet zone, 5 pixels each.
        assert!(svg.contains(r#"width="285" height="285""#), "{svg}");
    }

    #[test]
    fn a_payload_no_version_holds_draws_nothing() {
        // Version 40 at level M holds 2331 bytes.
        assert!(svg(&"9".repeat(2331)).is_some());
        assert!(svg(&"9".repeat(2332)).is_none());
    }
}
