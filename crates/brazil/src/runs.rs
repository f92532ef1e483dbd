//! Runs of dark modules in a row of a barcode or QR symbol: what every drawing of them
//! (the browser's SVG, the PDF) paints as one rectangle.

/// Runs of `true` in `modules`, as (start, length).
pub fn runs(modules: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < modules.len() {
        if modules[i] {
            let start = i;
            while i < modules.len() && modules[i] {
                i += 1;
            }
            out.push((start, i - start));
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_of_dark_modules_is_its_start_and_length() {
        assert_eq!(runs(&[true, true, false, true]), [(0, 2), (3, 1)]);
        assert_eq!(runs(&[false, false]), []);
        assert_eq!(runs(&[]), []);
        assert_eq!(runs(&[false, true, true, true]), [(1, 3)]);
    }
}
