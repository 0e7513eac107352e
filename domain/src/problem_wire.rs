//! Reading a `Problem` back, in the form serde's derive writes it: `"EnterEmail"` for a code
//! without parameters, `{"AtMostChars":{"max":5}}` for one with them.
//!
//! Why not the derive: it generates a visitor per variant with fields, and the browser build
//! instantiates each once per JSON reader. With 45 such variants that was 90 functions and
//! ~125 KB of the main wasm module (every page loads it). Here only the small generic part
//! (a name, then parameters as numbers or texts) is per reader; building the variant from
//! them (`Problem::from_wire`, written by the `problems!` list) is compiled once.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// A parameter as it travels: a number or a text.
#[derive(Debug)]
pub(crate) enum Param {
    Unsigned(u64),
    Signed(i64),
    Text(String),
}

/// A problem as read: the variant's name and its parameters by name (none for most codes).
#[derive(Debug, Default)]
pub(crate) struct Wire {
    pub(crate) name: String,
    params: Vec<(String, Param)>,
}

impl Wire {
    /// Takes parameter `name` as the variant's field type wants it.
    pub(crate) fn take<T: FromParam>(&mut self, name: &str) -> Result<T, String> {
        let at = self
            .params
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| format!("{}: missing field `{name}`", self.name))?;
        let (_, value) = self.params.swap_remove(at);
        T::from_param(value).ok_or_else(|| format!("{}: `{name}` has the wrong type", self.name))
    }
}

/// A field type a parameter can become.
pub(crate) trait FromParam: Sized {
    fn from_param(param: Param) -> Option<Self>;
}

impl FromParam for String {
    fn from_param(param: Param) -> Option<Self> {
        match param {
            Param::Text(text) => Some(text),
            _ => None,
        }
    }
}

macro_rules! integer_params {
    ($($ty:ty),*) => {$(
        impl FromParam for $ty {
            fn from_param(param: Param) -> Option<Self> {
                match param {
                    Param::Unsigned(n) => <$ty>::try_from(n).ok(),
                    Param::Signed(n) => <$ty>::try_from(n).ok(),
                    Param::Text(_) => None,
                }
            }
        }
    )*};
}

integer_params!(usize, u16, u32, u64, i32, i64);

impl<'de> de::Deserialize<'de> for Param {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamVisitor;
        impl Visitor<'_> for ParamVisitor {
            type Value = Param;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Param, E> {
                Ok(Param::Unsigned(n))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Param, E> {
                Ok(Param::Signed(n))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Param, E> {
                Ok(Param::Text(text.to_string()))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Param, E> {
                Ok(Param::Text(text))
            }
        }
        deserializer.deserialize_any(ParamVisitor)
    }
}

/// A struct variant's fields: `{"max":5}` (or nothing, for a code without parameters).
struct Params(Vec<(String, Param)>);

impl<'de> de::Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamsVisitor;
        impl<'de> Visitor<'de> for ParamsVisitor {
            type Value = Params;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a problem's parameters")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Params, E> {
                Ok(Params(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
                let mut params = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    params.push((name, map.next_value::<Param>()?));
                }
                Ok(Params(params))
            }
        }
        deserializer.deserialize_any(ParamsVisitor)
    }
}

impl<'de> de::Deserialize<'de> for Wire {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WireVisitor;
        impl<'de> Visitor<'de> for WireVisitor {
            type Value = Wire;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a problem code")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Wire, E> {
                Ok(Wire {
                    name: name.to_string(),
                    params: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wire, A::Error> {
                let Some(name) = map.next_key::<String>()? else {
                    return Err(de::Error::invalid_length(0, &self));
                };
                let Params(params) = map.next_value()?;
                if map.next_key::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(2, &self));
                }
                Ok(Wire { name, params })
            }
        }
        deserializer.deserialize_any(WireVisitor)
    }
}
