//! The token document: the version gate and migration, the writer, selection and the one
//! upsert rule (docs/token-store.md).

use std::fmt;

use crate::json::{Map, Value};

use crate::fields::Fields;
use crate::{Credential, Entry};

/// The schema's name, inside every document; the one place it is spelled.
pub const SCHEMA: &str = "oauth-playground/tokens";
/// The version this crate writes. It reads every version from 1 up to this one.
pub const VERSION: u64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The id of the token used when none is named; may name no entry (then none is current).
    pub current: Option<String>,
    pub tokens: Vec<Entry>,
    /// Top-level fields this version does not know, kept as they were and written back.
    pub other: Map,
}

/// Why a text is not a token document this version reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotJson(String),
    NoSchema,
    OtherSchema(String),
    /// Written by a newer version: refused, never downgraded.
    Newer(u64),
    /// A `version` that is missing, not a whole number, or 0.
    BadVersion,
    NoTokens,
    /// A field of the wrong type or value, named: `token 2: "token" is not text`.
    Field(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotJson(e) => write!(f, "it is not valid JSON ({e})"),
            ReadError::NoSchema => write!(f, "it is not an {SCHEMA} document (it has no \"schema\" field)"),
            ReadError::OtherSchema(s) => write!(f, "its schema is \"{s}\", not \"{SCHEMA}\""),
            ReadError::Newer(v) => write!(
                f,
                "it was written by a newer version (schema version {v}; this one reads versions 1 to {VERSION})"
            ),
            ReadError::BadVersion => write!(
                f,
                "its schema version is missing or not one this version reads (1 to {VERSION})"
            ),
            ReadError::NoTokens => write!(f, "it has no \"tokens\" list"),
            ReadError::Field(e) => write!(f, "a field has the wrong type ({e})"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Why [`Document::select`] found no single token; the caller words it for its users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectError {
    Empty,
    /// No entry has this name or id.
    NoSuchName(String),
    /// Several entries have this name: pick one by id.
    AmbiguousName {
        name: String,
        count: usize,
    },
    /// Several entries and none current.
    NoneCurrent,
}

/// What [`Document::upsert`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upserted {
    /// The id the entry is stored under (the replaced entry's, or a unique new one).
    pub id: String,
    /// Whether it replaced an entry holding the same credential.
    pub replaced: bool,
}

/// What is written: the schema and version first, then the document.
pub(crate) struct Written<'a> {
    pub(crate) schema: &'a str,
    pub(crate) version: u64,
    pub(crate) current: &'a Option<String>,
    pub(crate) tokens: &'a [Entry],
    pub(crate) other: &'a Map,
}

impl Document {
    /// Reads a document of any version up to [`VERSION`]; version 1 migrates as it reads
    /// (its entries are OAuth 1.0a entries with the same fields). Unknown fields are kept.
    pub fn parse(text: &str) -> Result<Self, ReadError> {
        let value = crate::json::parse(text).map_err(ReadError::NotJson)?;
        Self::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        match value.get("schema") {
            None => return Err(ReadError::NoSchema),
            Some(Value::String(s)) if s == SCHEMA => {}
            Some(Value::String(s)) => return Err(ReadError::OtherSchema(s.clone())),
            Some(_) => return Err(ReadError::Field("the document: \"schema\" is not text".into())),
        }
        let version = match value.get("version").and_then(Value::as_u64) {
            Some(v) if v > VERSION => return Err(ReadError::Newer(v)),
            Some(v) if v >= 1 => v,
            _ => return Err(ReadError::BadVersion),
        };
        let f = Fields::of(value, "the document").map_err(ReadError::Field)?;
        if f.get("tokens").is_none() {
            return Err(ReadError::NoTokens);
        }
        let mut current = None;
        f.opt_string("current", &mut current).map_err(ReadError::Field)?;
        let tokens = f
            .list("tokens")
            .map_err(ReadError::Field)?
            .iter()
            .enumerate()
            .map(|(i, t)| Entry::read(&Fields::of(t, format!("token {}", i + 1))?, version))
            .collect::<Result<_, _>>()
            .map_err(ReadError::Field)?;
        Ok(Self {
            current,
            tokens,
            other: f.unknown(&["schema", "version", "current", "tokens"]),
        })
    }

    fn written(&self) -> Written<'_> {
        Written {
            schema: SCHEMA,
            version: VERSION,
            current: &self.current,
            tokens: &self.tokens,
            other: &self.other,
        }
    }

    /// Compact JSON, as the app stores and exports it. It cannot fail; the `Result` is the
    /// one callers have always handled.
    pub fn to_json(&self) -> Result<String, std::convert::Infallible> {
        let mut text = String::new();
        self.written().write(&mut text);
        Ok(text)
    }

    /// Indented JSON and a final newline, as the CLI writes its file for people to read.
    pub fn to_json_pretty(&self) -> Result<String, std::convert::Infallible> {
        // The compact text, laid out again: only the CLI writes this.
        let mut compact = String::new();
        self.written().write(&mut compact);
        let mut text = crate::json::parse(&compact).map_or(compact, |v| v.to_json_pretty());
        text.push('\n');
        Ok(text)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.tokens.iter().find(|t| t.id == id)
    }

    /// The current entry, if `current` names one.
    pub fn current(&self) -> Option<&Entry> {
        self.get(self.current.as_deref()?)
    }

    /// The entry named `name` (a name, else an id); without one the current entry, else
    /// the only one.
    pub fn select(&self, name: Option<&str>) -> Result<&Entry, SelectError> {
        if self.tokens.is_empty() {
            return Err(SelectError::Empty);
        }
        if let Some(name) = name {
            let by_name: Vec<_> = self.tokens.iter().filter(|t| t.name == name).collect();
            return match by_name.as_slice() {
                [one] => Ok(one),
                [] => self
                    .get(name)
                    .ok_or_else(|| SelectError::NoSuchName(name.to_owned())),
                _ => Err(SelectError::AmbiguousName {
                    name: name.to_owned(),
                    count: by_name.len(),
                }),
            };
        }
        match (self.current(), self.tokens.as_slice()) {
            (Some(t), _) | (None, [t]) => Ok(t),
            _ => Err(SelectError::NoneCurrent),
        }
    }

    /// The one upsert rule (docs/token-store.md): an entry holding the same credential
    /// ([`Entry::same_credential`]) is replaced in its place, keeping its id and the
    /// unknown fields the newcomer lacks; otherwise the entry is added with a unique id.
    /// Names never replace: a name another entry has becomes `NAME (2)`. Makes it current.
    pub fn upsert(&mut self, entry: Entry) -> Upserted {
        let upserted = match self.tokens.iter().position(|t| t.same_credential(&entry)) {
            Some(i) => Upserted {
                id: self.replace_at(i, entry),
                replaced: true,
            },
            None => Upserted {
                id: self.add(entry),
                replaced: false,
            },
        };
        self.current = Some(upserted.id.clone());
        upserted
    }

    /// Puts `entry` in place of entry `i`, under its id; returns the id.
    pub(crate) fn replace_at(&mut self, i: usize, mut entry: Entry) -> String {
        let old = &self.tokens[i];
        entry.id = old.id.clone();
        for (k, v) in &old.other {
            if !entry.other.contains_key(k) {
                entry.other.insert(k.clone(), v.clone());
            }
        }
        entry.name = self.unique_name(&entry.name, Some(i));
        let id = entry.id.clone();
        self.tokens[i] = entry;
        id
    }

    /// Appends `entry` with an id and a name no other entry has; returns the id.
    pub(crate) fn add(&mut self, mut entry: Entry) -> String {
        entry.id = self.unique_id(&entry.id);
        entry.name = self.unique_name(&entry.name, None);
        let id = entry.id.clone();
        self.tokens.push(entry);
        id
    }

    /// `base`, else `base-2`, `base-3`, … (`token` when `base` is empty).
    fn unique_id(&self, base: &str) -> String {
        let base = if base.is_empty() { "token" } else { base };
        first_free(
            base,
            |n| format!("{base}-{n}"),
            |id| self.tokens.iter().any(|t| t.id == id),
        )
    }

    /// `name`, else `name (2)`, `name (3)`, …, against every entry but `except`.
    fn unique_name(&self, name: &str, except: Option<usize>) -> String {
        first_free(
            name,
            |n| format!("{name} ({n})"),
            |taken| {
                self.tokens
                    .iter()
                    .enumerate()
                    .any(|(i, t)| Some(i) != except && t.name == taken)
            },
        )
    }

    /// Removes the entry with this id; `current` no longer names it. `None` when no entry has it.
    pub fn remove(&mut self, id: &str) -> Option<Entry> {
        let i = self.tokens.iter().position(|t| t.id == id)?;
        if self.current.as_deref() == Some(id) {
            self.current = None;
        }
        Some(self.tokens.remove(i))
    }

    /// Puts `credential` in the entry with this id, keeping its id, name and other fields
    /// (a refresh: the same grant, new tokens, RFC 6749 §6). `false` when no entry has the
    /// id (removed meanwhile): nothing changed.
    pub fn set_credential(&mut self, id: &str, credential: Credential) -> bool {
        match self.tokens.iter_mut().find(|t| t.id == id) {
            Some(e) => {
                e.credential = credential;
                true
            }
            None => false,
        }
    }

    /// The document without secrets, for a file that can be shared: every entry's
    /// secrets and the fields this version does not know (they may be secret) left out.
    pub fn without_secrets(&self) -> Self {
        Self {
            current: self.current.clone(),
            tokens: self.tokens.iter().map(Entry::without_secrets).collect(),
            other: Map::new(),
        }
    }
}

/// `first` unless it is taken, else the first of `numbered(2)`, `numbered(3)`, … that is not.
fn first_free(first: &str, numbered: impl Fn(u64) -> String, taken: impl Fn(&str) -> bool) -> String {
    if !taken(first) {
        return first.to_owned();
    }
    (2..).map(numbered).find(|c| !taken(c)).unwrap_or_default()
}
