//! Tolerant field reading: any JSON scalar is read as text, empty means absent, and a value
//! that does not parse is kept raw with the reason, so one bad field never sinks a record.

use brazil::{Centavos, Date};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::borrow::Cow;

/// One field as an ERP sent it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Parsed<T> {
    /// Missing, `null` or blank.
    #[default]
    Absent,
    /// Read and understood.
    Ok(T),
    /// Present but not understood: the raw text and why.
    Invalid { raw: String, reason: String },
}

/// How a field fared, without its value: what `erp-check` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldState {
    Absent,
    Ok,
    Invalid { raw: String, reason: String },
}

impl<T> Parsed<T> {
    /// The value, when it was read.
    pub fn ok(&self) -> Option<&T> {
        match self {
            Self::Ok(v) => Some(v),
            _ => None,
        }
    }

    /// The value, moved out, when it was read.
    pub fn into_ok(self) -> Option<T> {
        match self {
            Self::Ok(v) => Some(v),
            _ => None,
        }
    }

    /// How the field fared.
    pub fn state(&self) -> FieldState {
        match self {
            Self::Absent => FieldState::Absent,
            Self::Ok(_) => FieldState::Ok,
            Self::Invalid { raw, reason } => FieldState::Invalid {
                raw: raw.clone(),
                reason: reason.clone(),
            },
        }
    }

    /// A present value, for building requests.
    pub fn some(value: T) -> Self {
        Self::Ok(value)
    }
}

impl Parsed<String> {
    /// The text, or `""` when absent or unreadable.
    pub fn text(&self) -> &str {
        self.ok().map_or("", String::as_str)
    }
}

impl<T> From<Option<T>> for Parsed<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Absent, Self::Ok)
    }
}

/// A type that can be read from whatever an ERP puts in a field.
pub trait Lenient: Sized {
    /// Reads the value; `Err` carries a short reason.
    fn from_value(value: &Value) -> Result<Self, String>;
    /// Reads the value, moving out of it where that saves a copy; on failure the value is
    /// handed back with the reason.
    fn take(value: Value) -> Result<Self, (String, Value)> {
        Self::from_value(&value).map_err(|reason| (reason, value))
    }
    /// Writes the value the way the contract's examples show it (text for scalars).
    fn to_wire(&self) -> Value;
}

/// Records whose fields can be listed with how each fared (for `erp-check` and logs).
pub trait Fields {
    /// `(wire name, state)` for every field of the record.
    fn fields(&self) -> Vec<(&'static str, FieldState)>;
}

/// Reads a record straight from a JSON object: `keys` lists, for each field, the wire keys it
/// is read from, best first. A key no field reads is skipped without being copied, so a record
/// costs one value per field it has rather than a map of everything the ERP sent. For each
/// field the best-ranked key holding a non-blank value wins, so either vocabulary (and both at
/// once) is accepted.
pub struct RecordReader(pub &'static KeyIndex);

/// A record's wire keys, sorted, each with its field and rank: built once per record type
/// from the field list, so finding a key is a binary search rather than a scan of every
/// field's keys.
pub struct KeyIndex {
    fields: usize,
    keys: Vec<(&'static str, usize, usize)>,
}

impl KeyIndex {
    /// The index of `fields`, the wire keys of each field, best first.
    pub fn new(fields: &[&[&'static str]]) -> Self {
        let mut keys: Vec<_> = fields
            .iter()
            .enumerate()
            .flat_map(|(field, keys)| {
                keys.iter()
                    .enumerate()
                    .map(move |(rank, k)| (*k, field, rank))
            })
            .collect();
        keys.sort_unstable_by(|a, b| by_length(a.0, b.0));
        Self {
            fields: fields.len(),
            keys,
        }
    }

    fn find(&self, key: &str) -> Option<(usize, usize)> {
        self.keys
            .binary_search_by(|(k, _, _)| by_length(k, key))
            .ok()
            .map(|i| (self.keys[i].1, self.keys[i].2))
    }
}

/// Keys ordered by length first: most comparisons then end on a length, without reading
/// the text.
fn by_length(a: &str, b: &str) -> std::cmp::Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

/// A field's best value so far, and the rank of the key it came from.
pub struct Slot {
    rank: usize,
    value: Option<Value>,
}

impl Slot {
    /// The value found, if any.
    pub fn take(self) -> Option<Value> {
        self.value
    }
}

impl<'de> serde::de::Visitor<'de> for RecordReader {
    type Value = Vec<Slot>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("um objeto")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut best: Vec<Slot> = (0..self.0.fields)
            .map(|_| Slot {
                rank: usize::MAX,
                value: None,
            })
            .collect();
        while let Some(slot) = map.next_key_seed(KeySlot(self.0))? {
            let Some((field, rank)) = slot else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            let value: Value = map.next_value()?;
            // A repeated key keeps its last value, as a JSON map would.
            if !is_blank(&value) && rank <= best[field].rank {
                best[field] = Slot {
                    rank,
                    value: Some(value),
                };
            }
        }
        Ok(best)
    }
}

/// Finds which field (and which of its keys) a wire key is, without allocating it.
struct KeySlot(&'static KeyIndex);

impl<'de> serde::de::DeserializeSeed<'de> for KeySlot {
    type Value = Option<(usize, usize)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for KeySlot {
    type Value = Option<(usize, usize)>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("um nome de campo")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.find(key))
    }
}

/// A field's value as [`RecordReader`] found it (non-blank, or `None`), read as `T`.
pub fn field_from<T: Lenient>(value: Option<Value>) -> Parsed<T> {
    let Some(value) = value else {
        return Parsed::Absent;
    };
    match T::take(value) {
        Ok(v) => Parsed::Ok(v),
        Err((reason, value)) => Parsed::Invalid {
            raw: match value {
                Value::String(s) => s,
                other => other.to_string(),
            },
            reason,
        },
    }
}

impl<T: Lenient> Parsed<T> {
    /// The value as written on the wire; `None` when absent.
    pub fn wire(&self) -> Option<Value> {
        match self {
            Self::Ok(v) => Some(v.to_wire()),
            Self::Absent => None,
            Self::Invalid { raw, .. } => Some(Value::String(raw.clone())),
        }
    }
}

/// The text of a scalar; `None` for blanks and null. Objects and arrays are not text.
pub fn scalar_text(value: &Value) -> Result<Option<String>, String> {
    scalar_str(value).map(|t| t.map(Cow::into_owned))
}

/// [`scalar_text`] without copying a text that is already there.
fn scalar_str(value: &Value) -> Result<Option<Cow<'_, str>>, String> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::String(s) => Cow::Borrowed(s.trim()),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Owned(b.to_string()),
        Value::Array(_) | Value::Object(_) => return Err("esperado um valor simples".into()),
    };
    Ok((!text.is_empty()).then_some(text))
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

impl<'de, T: Lenient> Deserialize<'de> for Parsed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(field_from((!is_blank(&value)).then_some(value)))
    }
}

impl Lenient for String {
    fn from_value(value: &Value) -> Result<Self, String> {
        scalar_text(value).map(Option::unwrap_or_default)
    }
    fn take(value: Value) -> Result<Self, (String, Value)> {
        match value {
            Value::String(s) if s.trim().len() == s.len() => Ok(s),
            other => Self::from_value(&other).map_err(|reason| (reason, other)),
        }
    }
    fn to_wire(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Lenient for i64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        scalar_str(value)?
            .unwrap_or_default()
            .parse()
            .map_err(|_| "esperado um número inteiro".into())
    }
    fn to_wire(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl Lenient for Centavos {
    fn from_value(value: &Value) -> Result<Self, String> {
        let text = scalar_str(value)?.unwrap_or_default();
        Centavos::parse(&text).map_err(|e| e.to_string())
    }
    fn to_wire(&self) -> Value {
        Value::String(self.to_decimal_string())
    }
}

/// `S`/`N`, `true`/`false`, `1`/`0`, `sim`/`não`, `Ativo`/`Inativo`, in any case.
impl Lenient for bool {
    fn from_value(value: &Value) -> Result<Self, String> {
        let text = scalar_text(value)?.unwrap_or_default().to_lowercase();
        match text.as_str() {
            "s" | "sim" | "true" | "1" | "ativo" | "ativa" | "t" | "y" | "yes" => Ok(true),
            "n" | "nao" | "não" | "false" | "0" | "inativo" | "inativa" | "f" | "no" => Ok(false),
            _ => Err("esperado S/N, true/false ou 1/0".into()),
        }
    }
    fn to_wire(&self) -> Value {
        Value::String(if *self { "S" } else { "N" }.into())
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`, optionally followed by a time (`T…` or ` …`), which is
/// dropped.
impl Lenient for Date {
    fn from_value(value: &Value) -> Result<Self, String> {
        let text = scalar_str(value)?.unwrap_or_default();
        parse_date(&text).ok_or_else(|| "esperada data AAAA-MM-DD ou DD/MM/AAAA".into())
    }
    fn to_wire(&self) -> Value {
        Value::String(format!(
            "{:04}-{:02}-{:02}",
            self.year(),
            u8::from(self.month()),
            self.day()
        ))
    }
}

/// Reads `YYYY-MM-DD` or `DD/MM/YYYY`, with or without a time after it.
pub fn parse_date(text: &str) -> Option<Date> {
    let day_part = text.split(['T', ' ']).next()?;
    let numbers: Vec<&str> = day_part.split(['-', '/']).collect();
    let [a, b, c] = numbers.as_slice() else {
        return None;
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return None;
    }
    let (year, month, day) = if a.len() == 4 && day_part.contains('-') {
        (a, b, c)
    } else if c.len() == 4 && day_part.contains('/') {
        (c, b, a)
    } else {
        return None;
    };
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// An id or a list of ids: `"7"`, `"7,8"`, `"7;8"`, `[7, "8"]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct IdList(pub Vec<String>);

impl Lenient for IdList {
    fn from_value(value: &Value) -> Result<Self, String> {
        let items = match value {
            Value::Array(items) => items
                .iter()
                .map(scalar_text)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect(),
            other => scalar_text(other)?
                .unwrap_or_default()
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        };
        Ok(Self(items))
    }
    fn to_wire(&self) -> Value {
        Value::String(self.0.join(","))
    }
}

impl IdList {
    /// Whether `id` is one of the list.
    pub fn contains(&self, id: &str) -> bool {
        self.0.iter().any(|i| i == id)
    }
}

/// Free-form JSON kept as it came (coverage data, extra lead data).
impl Lenient for Value {
    fn from_value(value: &Value) -> Result<Self, String> {
        Ok(value.clone())
    }
    fn to_wire(&self) -> Value {
        self.clone()
    }
}

/// Marks the record types that may appear as lists inside a field (`servicos`, `anexos`).
pub trait Nested: serde::de::DeserializeOwned + Serialize {}

impl<T: Nested> Lenient for Vec<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        let items = match value {
            Value::Array(items) => items.clone(),
            Value::Object(_) => vec![value.clone()],
            _ => return Err("esperada uma lista de objetos".into()),
        };
        items
            .into_iter()
            .map(|item| match item {
                Value::Object(_) => serde_json::from_value(item).map_err(|e| e.to_string()),
                _ => Err("esperado um objeto".to_string()),
            })
            .collect()
    }
    fn to_wire(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Error of [`read_list`] and [`read_object`]: the body is not JSON of a usable shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError(pub String);

/// Reads a list answer: a bare array, `{ "data": [...] }` (or `dados`, `items`, `result`),
/// a single object, or nothing. Items that are not objects are dropped and counted.
///
/// # Errors
/// [`ShapeError`] when the body is not JSON, or is JSON but no list or object.
pub fn read_list<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<(Vec<T>, usize), ShapeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((Vec::new(), 0));
    }
    // The usual answer, a plain array of records, is read in one pass, its text checked
    // once rather than string by string; anything else (a wrapper object, an item that is
    // not a record) goes the tolerant way below.
    if let Ok(text) = std::str::from_utf8(body)
        && let Ok(items) = serde_json::from_str::<Vec<T>>(text)
    {
        return Ok((items, 0));
    }
    // serde's messages quote the offending value, which can be a customer's data: only the
    // kind of fault and where it is are kept.
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ShapeError(format!(
            "não é JSON ({:?}, linha {}, coluna {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    let items = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        Value::Object(mut map) => {
            let wrapped = ["data", "dados", "items", "result", "resultado"]
                .iter()
                .find_map(|k| match map.remove(*k) {
                    Some(Value::Array(items)) => Some(items),
                    Some(Value::Object(one)) => Some(vec![Value::Object(one)]),
                    _ => None,
                });
            match wrapped {
                Some(items) => items,
                None if map.is_empty() => Vec::new(),
                None => vec![Value::Object(map)],
            }
        }
        other => {
            let kind = match other {
                Value::Bool(_) => "um booleano",
                Value::Number(_) => "um número",
                _ => "um texto",
            };
            return Err(ShapeError(format!("esperada uma lista, veio {kind}")));
        }
    };
    let mut skipped = 0;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Object(_) => match serde_json::from_value(item) {
                Ok(record) => out.push(record),
                Err(_) => skipped += 1,
            },
            _ => skipped += 1,
        }
    }
    Ok((out, skipped))
}

/// Reads a single-object answer: an object, `{ "data": {...} }`, or the first item of an
/// array. `None` for an empty body, `null`, `{}` or `[]`.
///
/// # Errors
/// [`ShapeError`] when the body is not JSON or not an object.
pub fn read_object<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Option<T>, ShapeError> {
    let (mut items, _) = read_list::<Value>(body)?;
    if items.is_empty() {
        return Ok(None);
    }
    let first = items.swap_remove(0);
    serde_json::from_value(first)
        .map(Some)
        .map_err(|_| ShapeError("objeto com campos de tipo inesperado".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse<T: Lenient>(v: Value) -> Parsed<T> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn reads_scalars_of_any_kind() {
        assert_eq!(parse::<String>(json!(42)), Parsed::Ok("42".into()));
        assert_eq!(parse::<String>(json!("  ")), Parsed::Absent);
        assert_eq!(
            parse::<String>(json!(" Maria ")),
            Parsed::Ok("Maria".into())
        );
        assert_eq!(parse::<String>(json!("Maria")), Parsed::Ok("Maria".into()));
        assert_eq!(
            parse::<String>(json!({"a": 1})),
            Parsed::Invalid {
                raw: r#"{"a":1}"#.into(),
                reason: "esperado um valor simples".into()
            }
        );
        assert_eq!(parse::<String>(json!(null)), Parsed::Absent);
        assert_eq!(
            parse::<Centavos>(json!("1.234,56")),
            Parsed::Ok(Centavos(123_456))
        );
        assert_eq!(parse::<Centavos>(json!(89.9)), Parsed::Ok(Centavos(8_990)));
        assert_eq!(
            parse::<Centavos>(json!("99,90")),
            Parsed::Ok(Centavos(9_990))
        );
        assert!(matches!(
            parse::<Centavos>(json!("abc")),
            Parsed::Invalid { .. }
        ));
        for yes in [
            json!("S"),
            json!(true),
            json!("1"),
            json!(1),
            json!("Ativo"),
        ] {
            assert_eq!(parse::<bool>(yes), Parsed::Ok(true));
        }
        for no in [json!("N"), json!(false), json!("0"), json!("inativo")] {
            assert_eq!(parse::<bool>(no), Parsed::Ok(false));
        }
    }

    #[test]
    fn reads_dates_in_both_orders_with_or_without_time() {
        let d = Date::from_calendar_date(2026, time::Month::December, 10).unwrap();
        for text in [
            "2026-12-10",
            "10/12/2026",
            "2026-12-10T13:45:00-03:00",
            "10/12/2026 08:00",
            "2026-12-10 00:00:00",
        ] {
            assert_eq!(parse::<Date>(json!(text)), Parsed::Ok(d), "{text}");
        }
        for bad in ["2026-13-01", "31/02/2026", "12/10/26", "amanhã"] {
            let Parsed::Invalid { raw, .. } = parse::<Date>(json!(bad)) else {
                panic!("{bad} must be invalid")
            };
            assert_eq!(raw, bad);
        }
    }

    #[test]
    fn id_lists_come_as_text_or_arrays() {
        assert_eq!(
            parse::<IdList>(json!("7")),
            Parsed::Ok(IdList(vec!["7".into()]))
        );
        assert_eq!(
            parse::<IdList>(json!("7, 8;9")),
            Parsed::Ok(IdList(vec!["7".into(), "8".into(), "9".into()]))
        );
        assert_eq!(
            parse::<IdList>(json!([7, "8"])),
            Parsed::Ok(IdList(vec!["7".into(), "8".into()]))
        );
    }

    #[test]
    fn a_record_takes_the_best_non_blank_key_and_skips_the_rest() {
        use serde::Deserializer as _;
        static KEYS: std::sync::LazyLock<KeyIndex> =
            std::sync::LazyLock::new(|| KeyIndex::new(&[&["nome_completo", "nome"], &["cep"]]));
        let values = |slots: Vec<Slot>| slots.into_iter().map(Slot::take).collect::<Vec<_>>();
        let read = |body: &str| {
            values(
                serde_json::Deserializer::from_str(body)
                    .deserialize_map(RecordReader(&KEYS))
                    .unwrap(),
            )
        };
        // The older key comes first on the wire but the newer one wins.
        assert_eq!(
            read(r#"{"nome":"Velho","extra":{"a":[1]},"nome_completo":"Novo"}"#),
            [Some(json!("Novo")), None]
        );
        // A blank best key leaves the field to the next one.
        assert_eq!(
            read(r#"{"nome_completo":"  ","nome":"Maria","cep":null}"#),
            [Some(json!("Maria")), None]
        );
        // A repeated key keeps its last value; escaped keys are recognised too.
        assert_eq!(
            read(r#"{"cep":"1","c\u0065p":"2"}"#),
            [None, Some(json!("2"))]
        );
        // From an already parsed value (the tolerant path of `read_list`).
        assert_eq!(
            values(
                json!({"cep": 5})
                    .deserialize_map(RecordReader(&KEYS))
                    .unwrap()
            ),
            [None, Some(json!(5))]
        );
    }

    #[test]
    fn lists_come_in_any_wrapper() {
        #[derive(Deserialize)]
        struct Item {
            id: Parsed<String>,
        }
        let ids = |body: &str| {
            read_list::<Item>(body.as_bytes())
                .unwrap()
                .0
                .into_iter()
                .map(|i| i.id.text().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(r#"[{"id":"1"},{"id":2}]"#), ["1", "2"]);
        assert_eq!(ids(r#"{"data":[{"id":"1"}]}"#), ["1"]);
        assert_eq!(ids(r#"{"id":"1"}"#), ["1"]);
        assert!(ids("").is_empty());
        assert!(ids("{}").is_empty());
        assert_eq!(read_list::<Item>(br#"[{"id":"1"}, 3, "x"]"#).unwrap().1, 2);
        assert!(read_list::<Item>(b"<html>").is_err());
        assert!(read_list::<Item>(b"42").is_err());
    }
}
