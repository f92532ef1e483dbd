//! JSON in and out of the app's types, by the browser's own `JSON`: it parses and writes
//! the text, and `js_value` reads and builds the objects. The bundle then holds no JSON
//! parser or writer of its own, and each type's decoder is a few field lookups.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::js_value;

#[wasm_bindgen]
extern "C" {
    // `js_sys::JSON` takes and gives Rust strings; these keep a draft's megabytes in
    // JavaScript's own strings, copied into the bundle's memory only where they are read.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse(text: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// JSON text (a JavaScript string) as a value of `T`; `None` when it is not JSON or not a `T`.
pub fn decode_js<T: DeserializeOwned>(text: &JsValue) -> Option<T> {
    js_value::read(parse(text).ok()?)
}

/// JSON text as a value of `T`; `None` when it is not JSON or not a `T`.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    decode_js(&JsValue::from_str(text))
}

/// `value` as JSON text in a JavaScript string, written as `serde_json` writes it: maps as
/// objects, `None` as `null`.
pub fn encode_js<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    stringify(&js_value::write(value)?)
        .ok()
        .filter(JsValue::is_string)
}

/// `value` as JSON text.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    encode_js(value)?.as_string()
}

/// JSON the portal passes through without reading it (the WebAuthn options and answers), as
/// the browser holds it: a JavaScript object, decoded and encoded as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct JsJson(pub JsValue);

impl Serialize for JsJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        js_value::hold(self.0.clone());
        serializer.serialize_newtype_struct(js_value::KEEP_AS_IS, &())
    }
}

impl<'de> Deserialize<'de> for JsJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AsIs;
        impl Visitor<'_> for AsIs {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("um valor JavaScript")
            }
            fn visit_unit<E: de::Error>(self) -> Result<(), E> {
                Ok(())
            }
        }
        deserializer.deserialize_newtype_struct(js_value::KEEP_AS_IS, AsIs)?;
        js_value::kept()
            .map(JsJson)
            .ok_or_else(|| de::Error::custom("um valor JavaScript"))
    }
}
