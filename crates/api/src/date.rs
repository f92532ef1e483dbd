//! Dates on the wire and in forms: `YYYY-MM-DD` in JSON, `DD/MM/AAAA` for people. Both
//! sides read and write them here, so a date is a `Date` everywhere past the boundary.

pub use brazil::Date;
use brazil::date::Month;

/// Reads `YYYY-MM-DD`.
pub fn parse_iso(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    from_parts(y, m, d)
}

/// Reads a date as a person types it: `DD/MM/AAAA` (any separator, day and month with one
/// or two digits), `DDMMAAAA` or `AAAA-MM-DD`.
pub fn parse_typed(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.contains('-') {
        return parse_iso(text);
    }
    let parts: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => from_parts(y, m, d),
        [all] if all.len() == 8 => from_parts(&all[4..8], &all[2..4], &all[0..2]),
        _ => None,
    }
}

fn from_parts(y: &str, m: &str, d: &str) -> Option<Date> {
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// `DD/MM/AAAA`, as Brazilians write it.
pub fn br(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `YYYY-MM-DD` in JSON.
pub mod iso {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use super::Date;

    /// # Errors
    /// Never, beyond the serializer's own.
    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    /// # Errors
    /// A text that is not a `YYYY-MM-DD` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_iso(&text).ok_or_else(|| D::Error::custom("data inválida; use AAAA-MM-DD"))
    }
}

/// An optional `YYYY-MM-DD` in JSON (`null` or absent when unknown).
pub mod iso_opt {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use super::Date;

    /// # Errors
    /// Never, beyond the serializer's own.
    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    /// # Errors
    /// A text that is not a `YYYY-MM-DD` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => super::parse_iso(&text)
                .map(Some)
                .ok_or_else(|| D::Error::custom("data inválida; use AAAA-MM-DD")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_in_every_accepted_shape() {
        let d = parse_iso("1985-03-14").unwrap();
        assert_eq!(parse_typed("14/03/1985"), Some(d));
        assert_eq!(parse_typed("14031985"), Some(d));
        assert_eq!(parse_typed(" 1985-03-14 "), Some(d));
        assert_eq!(parse_typed("31/02/1985"), None);
        assert_eq!(parse_typed("14/03/85"), None);
        assert_eq!(parse_typed("14.3.1985"), Some(d));
        assert_eq!(parse_typed("1/2/3"), None);
        assert_eq!(br(d), "14/03/1985");
        assert_eq!(d.to_string(), "1985-03-14", "Display is the wire form");
    }

    #[test]
    fn json_dates_round_trip_and_refuse_garbage() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "iso")]
            a: Date,
            #[serde(with = "iso_opt", default)]
            b: Option<Date>,
        }
        let t: T = serde_json::from_str(r#"{"a":"2026-12-10","b":null}"#).unwrap();
        assert_eq!(t.b, None);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"a":"2026-12-10","b":null}"#
        );
        let t: T = serde_json::from_str(r#"{"a":"2026-12-10"}"#).unwrap();
        assert_eq!(t.b, None);
        assert!(serde_json::from_str::<T>(r#"{"a":"10/12/2026"}"#).is_err());
    }
}
