//! Writing JSON text: strings escaped as serde_json escapes them, compact and pretty
//! values, and objects member by member.

use std::fmt::Write as _;

use super::{Map, Value};

/// Writes `s` as a JSON string, escaped as serde_json escapes it: `"`, `\` and the
/// control characters; everything else as it is.
pub fn quote_into(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(s, &mut out);
    out
}

/// Writes a compact JSON object member by member, straight into text: the writers of the
/// store and the app's documents, with no [`Value`] built in between.
pub struct Object<'a> {
    out: &'a mut String,
    any: bool,
}

impl<'a> Object<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, any: false }
    }

    /// Starts the member `key`; the caller writes its value into the returned text.
    pub fn key(&mut self, key: &str) -> &mut String {
        if self.any {
            self.out.push(',');
        }
        self.any = true;
        quote_into(key, self.out);
        self.out.push(':');
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        quote_into(value, self.key(key));
        self
    }

    /// `key` only when there is a value.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(key, v);
        }
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    pub fn num(&mut self, key: &str, value: u64) -> &mut Self {
        let _ = write!(self.key(key), "{value}");
        self
    }

    pub fn value(&mut self, key: &str, value: &Value) -> &mut Self {
        write(value, None, self.key(key));
        self
    }

    /// Each member of `other`, as it was (the fields a newer version wrote).
    pub fn others(&mut self, other: &Map) -> &mut Self {
        for (k, v) in other {
            self.value(k, v);
        }
        self
    }

    pub fn end(&mut self) {
        self.out.push('}');
    }
}

/// A JSON array of `items`, each written by `each`.
pub fn array<T>(out: &mut String, items: impl IntoIterator<Item = T>, mut each: impl FnMut(&mut String, T)) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        each(out, item);
    }
    out.push(']');
}

/// `[["name","value"],…]`, as the readers' `Fields::pairs` reads it.
pub fn pairs(out: &mut String, pairs: &[(String, String)]) {
    array(out, pairs, |out, (n, v)| {
        out.push('[');
        quote_into(n, out);
        out.push(',');
        quote_into(v, out);
        out.push(']');
    });
}

/// `indent`: `None` for compact output, else the current depth of pretty output.
pub(super) fn write(v: &Value, indent: Option<usize>, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => quote_into(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    newline(out, d + 1);
                }
                write(item, indent.map(|d| d + 1), out);
            }
            if let Some(d) = indent {
                newline(out, d);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(d) = indent {
                    newline(out, d + 1);
                }
                quote_into(k, out);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(item, indent.map(|d| d + 1), out);
            }
            if let Some(d) = indent {
                newline(out, d);
            }
            out.push('}');
        }
    }
}
