//! JavaScript values (as the browser's `JSON.parse` gives them) read into the app's types
//! through serde. A value fits its type or it does not: the error says nothing more, so the
//! bundle holds none of serde's code for describing why (the messages, and the float
//! formatting they would need). Numbers follow JSON's rules for integers: a safe integer
//! reads as one, anything else only as a float.

use std::cell::Cell;
use std::fmt;

use js_sys::{Array, Number, Object, Reflect};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// `value` as a `T`, or `None` when it does not fit.
pub fn read<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(Value(value)).ok()
}

/// The name under which a value asks to be kept as the JavaScript value it is (see
/// [`kept`]).
pub const KEEP_AS_IS: &str = "central::from_js::KeepAsIs";

thread_local! {
    static KEPT: Cell<Option<JsValue>> = const { Cell::new(None) };
}

/// The JavaScript value just read under [`KEEP_AS_IS`]: a type that holds one asks for a
/// newtype struct of that name, and is handed its value here rather than through serde's
/// data model.
pub fn kept() -> Option<JsValue> {
    KEPT.take()
}

/// Why a value did not fit: on purpose, nothing.
#[derive(Debug)]
pub struct Unfit;

impl fmt::Display for Unfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("valor incompatível")
    }
}

impl std::error::Error for Unfit {}

impl de::Error for Unfit {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unfit
    }
}

type Fit<T> = Result<T, Unfit>;

struct Value(JsValue);

impl Value {
    fn is_nullish(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Fit<V::Value> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = value.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = value.as_f64() {
            if Number::is_safe_integer(&value) {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_f64(n)
            }
        } else if let Some(s) = value.as_string() {
            visitor.visit_string(s)
        } else if Array::is_array(&value) {
            Value(value).deserialize_seq(visitor)
        } else if value.is_object() {
            Value(value).deserialize_map(visitor)
        } else {
            Err(Unfit)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Fit<V::Value> {
        if self.is_nullish() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Fit<V::Value> {
        if name == KEEP_AS_IS {
            KEPT.set(Some(self.0));
            return visitor.visit_unit();
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Fit<V::Value> {
        let array = self.0.dyn_into::<Array>().map_err(|_| Unfit)?;
        visitor.visit_seq(Items {
            len: array.length(),
            array,
            next: 0,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Fit<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Fit<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Fit<V::Value> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(Unfit);
        }
        let entries = Object::entries(self.0.unchecked_ref());
        visitor.visit_map(Entries {
            len: entries.length(),
            entries,
            next: 0,
            value: None,
        })
    }

    // A struct's fields are looked up by name, in their declared order; any others the object
    // has are never read.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Fit<V::Value> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(Unfit);
        }
        visitor.visit_map(Fields {
            object: self.0,
            fields: fields.iter(),
            value: None,
        })
    }

    // As serde_json writes them: `"Variant"`, or `{"Variant": payload}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Fit<V::Value> {
        if let Some(tag) = self.0.as_string() {
            return visitor.visit_enum(Variant {
                tag,
                payload: JsValue::UNDEFINED,
            });
        }
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(Unfit);
        }
        let entries = Object::entries(self.0.unchecked_ref());
        if entries.length() != 1 {
            return Err(Unfit);
        }
        let pair = Array::from(&entries.get(0));
        let tag = pair.get(0).as_string().ok_or(Unfit)?;
        visitor.visit_enum(Variant {
            tag,
            payload: pair.get(1),
        })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Fit<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct identifier
    }
}

/// An array's items, in order.
struct Items {
    array: Array,
    next: u32,
    len: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Unfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Fit<Option<T::Value>> {
        if self.next >= self.len {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.next) as usize)
    }
}

/// An object's own entries, as a map.
struct Entries {
    entries: Array,
    next: u32,
    len: u32,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Unfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Fit<Option<K::Value>> {
        if self.next >= self.len {
            return Ok(None);
        }
        let pair = Array::from(&self.entries.get(self.next));
        self.next += 1;
        self.value = Some(pair.get(1));
        seed.deserialize(Value(pair.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Fit<V::Value> {
        seed.deserialize(Value(self.value.take().ok_or(Unfit)?))
    }
}

/// A struct's declared fields that the object has.
struct Fields {
    object: JsValue,
    fields: std::slice::Iter<'static, &'static str>,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Unfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Fit<Option<K::Value>> {
        for &field in self.fields.by_ref() {
            let value = Reflect::get(&self.object, &JsValue::from_str(field)).map_err(|_| Unfit)?;
            // JSON has no `undefined`: only a field the object lacks reads as one.
            if !value.is_undefined() {
                self.value = Some(value);
                return seed
                    .deserialize(IntoDeserializer::<Unfit>::into_deserializer(field))
                    .map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Fit<V::Value> {
        seed.deserialize(Value(self.value.take().ok_or(Unfit)?))
    }
}

/// An enum's variant: its name, and what it carries.
struct Variant {
    tag: String,
    payload: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Unfit;
    type Variant = Payload;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Fit<(V::Value, Payload)> {
        let tag = seed.deserialize(IntoDeserializer::<Unfit>::into_deserializer(self.tag))?;
        Ok((tag, Payload(self.payload)))
    }
}

struct Payload(JsValue);

impl<'de> de::VariantAccess<'de> for Payload {
    type Error = Unfit;

    fn unit_variant(self) -> Fit<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Fit<T::Value> {
        seed.deserialize(Value(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Fit<V::Value> {
        de::Deserializer::deserialize_tuple(Value(self.0), len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Fit<V::Value> {
        de::Deserializer::deserialize_struct(Value(self.0), "", fields, visitor)
    }
}
