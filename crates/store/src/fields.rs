//! Reads JSON documents field by field: the token store's only reader, and the app's for
//! its other documents (session, `#config=` link, console history). Serde's derived
//! deserializers cost about 38 KB of wasm (BENCHMARKS.md, "App budgets"); this reader is
//! smaller and names the field that is wrong. It reads the values of [`crate::json`], whose
//! writer writes them back; round-trip tests keep both sides in step.
//!
//! A missing or `null` field keeps the caller's default. Fields the caller does not know
//! are ignored unless it collects them with [`Fields::unknown`].

use crate::json::{Map, Value};
use oauth_secret::Secret;

/// A JSON object being read; `what` names it in errors ("token 2", "the configuration").
pub struct Fields<'a> {
    map: &'a Map,
    what: String,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value, what: impl Into<String>) -> Result<Self, String> {
        let what = what.into();
        match value.as_object() {
            Some(map) => Ok(Self { map, what }),
            None => Err(format!("{what} is not a JSON object")),
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The error for a field of the wrong type or value: `token 2: "token" is not text`.
    pub fn wrong(&self, key: &str, expected: &str) -> String {
        format!("{}: \"{key}\" is not {expected}", self.what)
    }

    /// The error for a field that must be there: `token 2: "protocol" is missing`.
    pub fn missing(&self, key: &str) -> String {
        format!("{}: \"{key}\" is missing", self.what)
    }

    pub fn string(&self, key: &str, into: &mut String) -> Result<(), String> {
        if let Some(v) = self.get(key) {
            *into = v.as_str().ok_or_else(|| self.wrong(key, "text"))?.to_owned();
        }
        Ok(())
    }

    pub fn opt_string(&self, key: &str, into: &mut Option<String>) -> Result<(), String> {
        if self.get(key).is_some() {
            let mut s = String::new();
            self.string(key, &mut s)?;
            *into = Some(s);
        }
        Ok(())
    }

    pub fn secret(&self, key: &str, into: &mut Secret) -> Result<(), String> {
        if self.get(key).is_some() {
            let mut s = String::new();
            self.string(key, &mut s)?;
            *into = Secret::new(s);
        }
        Ok(())
    }

    pub fn opt_secret(&self, key: &str, into: &mut Option<Secret>) -> Result<(), String> {
        if self.get(key).is_some() {
            let mut s = Secret::default();
            self.secret(key, &mut s)?;
            *into = Some(s);
        }
        Ok(())
    }

    pub fn boolean(&self, key: &str, into: &mut bool) -> Result<(), String> {
        if let Some(v) = self.get(key) {
            *into = v.as_bool().ok_or_else(|| self.wrong(key, "true or false"))?;
        }
        Ok(())
    }

    pub fn opt_boolean(&self, key: &str, into: &mut Option<bool>) -> Result<(), String> {
        if self.get(key).is_some() {
            let mut b = false;
            self.boolean(key, &mut b)?;
            *into = Some(b);
        }
        Ok(())
    }

    /// A nested object, named after its key in errors.
    pub fn object(&self, key: &str) -> Result<Option<Fields<'a>>, String> {
        self.get(key)
            .map(|v| Fields::of(v, format!("{}: \"{key}\"", self.what)))
            .transpose()
    }

    pub fn number(&self, key: &str) -> Result<Option<u64>, String> {
        self.get(key)
            .map(|v| v.as_u64().ok_or_else(|| self.wrong(key, "a whole number")))
            .transpose()
    }

    pub fn list(&self, key: &str) -> Result<&'a [Value], String> {
        match self.get(key) {
            None => Ok(&[]),
            Some(v) => v
                .as_array()
                .map(Vec::as_slice)
                .ok_or_else(|| self.wrong(key, "a list")),
        }
    }

    /// `[["name", "value"], …]`, the form `Vec<(String, String)>` serialises to.
    pub fn pairs(&self, key: &str, into: &mut Vec<(String, String)>) -> Result<(), String> {
        if self.get(key).is_none() {
            return Ok(());
        }
        *into = self
            .list(key)?
            .iter()
            .map(|p| match p.as_array().map(Vec::as_slice) {
                Some([Value::String(n), Value::String(v)]) => Ok((n.clone(), v.clone())),
                _ => Err(self.wrong(key, "a list of [name, value] pairs")),
            })
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// Any JSON object, kept as it is.
    pub fn map(&self, key: &str, into: &mut Map) -> Result<(), String> {
        if let Some(v) = self.get(key) {
            *into = v.as_object().ok_or_else(|| self.wrong(key, "an object"))?.clone();
        }
        Ok(())
    }

    /// An enum written as a string: matched against `name`, the one spelling of each of
    /// `all`, which its writer uses too, so the names cannot drift apart.
    pub fn variant<T: Copy>(
        &self,
        key: &str,
        all: &[T],
        name: impl Fn(T) -> &'static str,
        into: &mut T,
    ) -> Result<(), String> {
        let Some(v) = self.get(key) else { return Ok(()) };
        *into = all
            .iter()
            .copied()
            .find(|t| v.as_str() == Some(name(*t)))
            .ok_or_else(|| self.wrong(key, "a value this version knows"))?;
        Ok(())
    }

    /// The fields not named in `known`, as they were (`null` included), so a document from a
    /// newer version is written back without loss.
    pub fn unknown(&self, known: &[&str]) -> Map {
        // Inserted one by one: collecting into a map sorts first, which costs wasm size.
        let mut out = Map::new();
        for (k, v) in self.map {
            if !known.contains(&k.as_str()) {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[derive(Clone, Copy, PartialEq, Debug)]
    enum Kind {
        One,
        Two,
    }

    fn name(k: Kind) -> &'static str {
        match k {
            Kind::One => "one",
            Kind::Two => "two",
        }
    }

    #[test]
    fn reads_fields_and_names_the_wrong_one() {
        let v = parse(
            r#"{"a": "x", "b": true, "n": null, "p": [["k", "v"]], "m": "two", "c": 3, "o": {"z": [1]}}"#,
        )
        .unwrap();
        let f = Fields::of(&v, "the thing").unwrap();
        let (mut a, mut b, mut n, mut p) = (String::new(), false, "kept".to_owned(), vec![]);
        f.string("a", &mut a).unwrap();
        f.boolean("b", &mut b).unwrap();
        f.string("n", &mut n).unwrap();
        f.pairs("p", &mut p).unwrap();
        assert_eq!((a.as_str(), b, n.as_str()), ("x", true, "kept"));
        assert_eq!(p, vec![("k".to_owned(), "v".to_owned())]);
        let mut m = Kind::One;
        f.variant("m", &[Kind::One, Kind::Two], name, &mut m).unwrap();
        assert_eq!(m, Kind::Two);
        assert_eq!(f.number("c").unwrap(), Some(3));
        let mut s = None;
        f.opt_secret("a", &mut s).unwrap();
        assert_eq!(s.map(|s| s.expose().to_owned()).as_deref(), Some("x"));
        let mut o = Map::new();
        f.map("o", &mut o).unwrap();
        assert_eq!(Value::Object(o.clone()), parse(r#"{"z": [1]}"#).unwrap());
        assert_eq!(f.string("b", &mut a).unwrap_err(), "the thing: \"b\" is not text");
        assert_eq!(
            f.variant("a", &[Kind::One], name, &mut m).unwrap_err(),
            "the thing: \"a\" is not a value this version knows"
        );
        assert!(f.pairs("a", &mut p).unwrap_err().contains("\"a\" is not a list"));
        assert_eq!(
            f.map("a", &mut o).unwrap_err(),
            "the thing: \"a\" is not an object"
        );
        assert!(f.list("missing").unwrap().is_empty());
        assert_eq!(
            Fields::of(&parse("[1]").unwrap(), "x").err().unwrap(),
            "x is not a JSON object"
        );
    }

    #[test]
    fn unknown_keeps_what_is_not_known_nulls_included() {
        let v = parse(r#"{"a": 1, "b": null, "c": {"d": 2}}"#).unwrap();
        let f = Fields::of(&v, "x").unwrap();
        assert_eq!(
            Value::Object(f.unknown(&["a"])),
            parse(r#"{"b": null, "c": {"d": 2}}"#).unwrap()
        );
    }
}
