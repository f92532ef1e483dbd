//! The app's types to and from JavaScript values, through serde: read from what the
//! browser's `JSON.parse` gives, written for its `JSON.stringify` to write as serde_json
//! would (structs and maps as objects, `None` as `null`, enums as `"Variant"` or
//! `{"Variant": payload}`). A value fits or it does not: the error says nothing more, so the
//! bundle holds none of serde's code for describing why (the messages, and the float
//! formatting they would need). Numbers follow JSON's rules for integers: a safe integer
//! reads as one, anything else only as a float.

use std::cell::Cell;
use std::fmt;

use js_sys::{Array, Number, Object, Reflect};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// `value` as a `T`, or `None` when it does not fit.
pub fn read<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(Value(value)).ok()
}

/// `value` as a JavaScript value, or `None` when it has no JSON form (a map whose keys are
/// not strings or numbers).
pub fn write<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    value.serialize(Writer).ok()
}

/// The name of the newtype struct by which a value is passed as the JavaScript value it is,
/// in either direction, rather than through serde's data model (see [`kept`], [`hold`]).
pub const KEEP_AS_IS: &str = "central::js_value::KeepAsIs";

thread_local! {
    static KEPT: Cell<Option<JsValue>> = const { Cell::new(None) };
}

/// The JavaScript value just read under [`KEEP_AS_IS`].
pub fn kept() -> Option<JsValue> {
    KEPT.take()
}

/// Hands `value` to the writer for the [`KEEP_AS_IS`] newtype struct serialized next.
pub fn hold(value: JsValue) {
    KEPT.set(Some(value));
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

impl ser::Error for Unfit {
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

    /// An object that is not an array: what a map, a struct or a tagged enum is read from.
    fn is_record(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Fit<V::Value> {
        if self.is_nullish() {
            return visitor.visit_unit();
        }
        let value = self.0;
        if let Some(b) = value.as_bool() {
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
        if !self.is_record() {
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
        if !self.is_record() {
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
        if !self.is_record() {
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

struct Writer;

impl ser::Serializer for Writer {
    type Ok = JsValue;
    type Error = Unfit;
    type SerializeSeq = ArrayOut;
    type SerializeTuple = ArrayOut;
    type SerializeTupleStruct = ArrayOut;
    type SerializeTupleVariant = Tagged<ArrayOut>;
    type SerializeMap = ObjectOut;
    type SerializeStruct = ObjectOut;
    type SerializeStructVariant = Tagged<ObjectOut>;

    fn serialize_bool(self, v: bool) -> Fit<JsValue> {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    // Past 2^53 the number loses digits: JavaScript has no wider number for `JSON.stringify`.
    fn serialize_i64(self, v: i64) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_u8(self, v: u8) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v as f64))
    }
    fn serialize_f32(self, v: f32) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Fit<JsValue> {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Fit<JsValue> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Fit<JsValue> {
        Ok(JsValue::from_str(v))
    }
    // As serde_json writes bytes: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Fit<JsValue> {
        Ok(v.iter()
            .map(|b| JsValue::from_f64((*b).into()))
            .collect::<Array>()
            .into())
    }
    fn serialize_none(self) -> Fit<JsValue> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Fit<JsValue> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Fit<JsValue> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Fit<JsValue> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Fit<JsValue> {
        Ok(JsValue::from_str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Fit<JsValue> {
        if name == KEEP_AS_IS {
            return KEPT.take().ok_or(Unfit);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Fit<JsValue> {
        tagged(variant, value.serialize(self)?)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Fit<ArrayOut> {
        Ok(ArrayOut(Array::new()))
    }
    fn serialize_tuple(self, len: usize) -> Fit<ArrayOut> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Fit<ArrayOut> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Fit<Tagged<ArrayOut>> {
        Ok(Tagged {
            variant,
            inner: ArrayOut(Array::new()),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Fit<ObjectOut> {
        Ok(ObjectOut::new())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Fit<ObjectOut> {
        Ok(ObjectOut::new())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Fit<Tagged<ObjectOut>> {
        Ok(Tagged {
            variant,
            inner: ObjectOut::new(),
        })
    }
}

fn set(object: &Object, key: &JsValue, value: JsValue) -> Fit<()> {
    Reflect::set(object, key, &value)
        .map(|_| ())
        .map_err(|_| Unfit)
}

/// A sequence being written.
struct ArrayOut(Array);

impl ser::SerializeSeq for ArrayOut {
    type Ok = JsValue;
    type Error = Unfit;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Fit<()> {
        self.0.push(&value.serialize(Writer)?);
        Ok(())
    }
    fn end(self) -> Fit<JsValue> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for ArrayOut {
    type Ok = JsValue;
    type Error = Unfit;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Fit<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Fit<JsValue> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for ArrayOut {
    type Ok = JsValue;
    type Error = Unfit;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Fit<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Fit<JsValue> {
        ser::SerializeSeq::end(self)
    }
}

/// A struct or map being written, as an object.
struct ObjectOut {
    object: Object,
    key: Option<JsValue>,
}

impl ObjectOut {
    fn new() -> Self {
        Self {
            object: Object::new(),
            key: None,
        }
    }
}

impl ser::SerializeMap for ObjectOut {
    type Ok = JsValue;
    type Error = Unfit;
    // JSON's keys are strings; a number key is written as its digits, as serde_json does.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Fit<()> {
        let key = key.serialize(Writer)?;
        if !(key.is_string() || key.as_f64().is_some()) {
            return Err(Unfit);
        }
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Fit<()> {
        let key = self.key.take().ok_or(Unfit)?;
        set(&self.object, &key, value.serialize(Writer)?)
    }
    fn end(self) -> Fit<JsValue> {
        Ok(self.object.into())
    }
}

impl ser::SerializeStruct for ObjectOut {
    type Ok = JsValue;
    type Error = Unfit;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Fit<()> {
        set(
            &self.object,
            &JsValue::from_str(key),
            value.serialize(Writer)?,
        )
    }
    fn end(self) -> Fit<JsValue> {
        Ok(self.object.into())
    }
}

/// An enum variant's payload being written, then wrapped as `{"Variant": payload}`.
struct Tagged<T> {
    variant: &'static str,
    inner: T,
}

/// `{"Variant": payload}`.
fn tagged(variant: &str, payload: JsValue) -> Fit<JsValue> {
    let object = Object::new();
    set(&object, &JsValue::from_str(variant), payload)?;
    Ok(object.into())
}

impl ser::SerializeTupleVariant for Tagged<ArrayOut> {
    type Ok = JsValue;
    type Error = Unfit;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Fit<()> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> Fit<JsValue> {
        tagged(self.variant, self.inner.0.into())
    }
}

impl ser::SerializeStructVariant for Tagged<ObjectOut> {
    type Ok = JsValue;
    type Error = Unfit;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Fit<()> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Fit<JsValue> {
        tagged(self.variant, self.inner.object.into())
    }
}
