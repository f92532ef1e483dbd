//! How the portal writes money and dates for people: `R$ 1.234,56`, `10/12/2026` and
//! `28/11/2026 às 14:05`, with a dash where the ERP did not say.

use api::date::{self, Date};

/// `R$ 1.234,56`, or a dash when the ERP did not say.
pub fn money(cents: Option<i64>) -> String {
    cents.map_or_else(|| "—".to_string(), |c| brazil::Centavos(c).to_brl())
}

/// `10/12/2026`, or a dash when the ERP did not say.
pub fn date(d: Option<Date>) -> String {
    d.map_or_else(|| "—".to_string(), date::br)
}

/// `28/11/2026 às 14:05`, in the device's time zone.
pub fn saved_at(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}/{:02}/{} às {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_a_dash() {
        assert_eq!(money(None), "—");
        assert_eq!(date(None), "—");
        assert_eq!(date(api::date::parse_iso("2026-12-10")), "10/12/2026");
        assert_eq!(money(Some(123_456)), "R$ 1.234,56");
    }
}
