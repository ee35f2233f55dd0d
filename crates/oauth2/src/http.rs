//! Requests as data and responses as the transport saw them. The request type is the one the
//! engine's `Transport` already sends ([`oauth1::PreparedRequest`]): an OAuth 2.0 step is
//! driven exactly like an OAuth 1.0a leg. Form bodies are `application/x-www-form-urlencoded`
//! (RFC 6749 Appendix B), built by one encoder, never by string formatting.

use serde::Serialize;
use url::Url;

pub use oauth1::PreparedRequest as HttpRequest;
pub use oauth1::request::find_header;

use crate::Error;
use crate::error::url_error;

pub const FORM_CONTENT_TYPE: &str = oauth1::FORM_CONTENT_TYPE;
pub const JSON: &str = "application/json";

/// A response as the transport saw it, borrowed: the engine's `HttpResponse` lends these.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    pub status: u16,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl<'a> Response<'a> {
    pub fn new(status: u16, headers: &'a [(String, String)], body: &'a [u8]) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&'a str> {
        find_header(self.headers, name)
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.body).into_owned()
    }
}

/// An http(s) URL, or a typed error; every endpoint goes through here before it is used.
pub fn parse_url(input: &str) -> Result<Url, Error> {
    oauth1::uri::parse_url(input).map_err(url_error)
}

/// One parameter of a request, with why it is there, for the workings. A secret's value is
/// masked here; the request itself carries the real value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedParam {
    pub name: String,
    pub value: String,
    pub why: String,
}

/// A parameter on its way into a form body or a query.
#[derive(Clone)]
pub(crate) struct Param {
    pub name: String,
    pub value: String,
    pub secret: bool,
    pub why: String,
}

impl Param {
    pub fn new(name: &str, value: impl Into<String>, why: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            value: value.into(),
            secret: false,
            why: why.into(),
        }
    }

    pub fn secret(name: &str, value: impl Into<String>, why: impl Into<String>) -> Self {
        Self {
            secret: true,
            ..Self::new(name, value, why)
        }
    }

    pub fn explained(&self) -> ExplainedParam {
        ExplainedParam {
            name: self.name.clone(),
            value: if self.secret {
                oauth_secret::mask(&self.value)
            } else {
                self.value.clone()
            },
            why: self.why.clone(),
        }
    }
}

/// The form encoding of RFC 6749 Appendix B (space as `+`, everything but unreserved
/// characters percent-encoded).
pub(crate) fn form_encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (n, v) in pairs {
        s.append_pair(n, v);
    }
    s.finish()
}

/// Refuses extra parameters that would repeat or override one the request sets itself.
pub(crate) fn check_extra(params: &[Param], extra: &[(String, String)]) -> Result<(), Error> {
    for (i, (name, _)) in extra.iter().enumerate() {
        if params.iter().any(|p| &p.name == name) {
            return Err(Error::ReservedParameter(name.clone()));
        }
        if extra[..i].iter().any(|(n, _)| n == name) {
            return Err(Error::DuplicateParameter(name.clone()));
        }
    }
    Ok(())
}

/// A POST with a form body and `Accept: application/json`, the shape of every request to a
/// token, revocation, introspection, device or PAR endpoint.
pub(crate) fn form_post(url: &Url, headers: Vec<(String, String)>, params: &[Param]) -> HttpRequest {
    let mut all = vec![
        ("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
        ("Accept".to_owned(), JSON.to_owned()),
    ];
    all.extend(headers);
    HttpRequest {
        method: "POST".into(),
        url: url.as_str().to_owned(),
        headers: all,
        body: form_encode(params.iter().map(|p| (p.name.as_str(), p.value.as_str()))),
    }
}

/// Parses a JSON object body, with the name of the document for the error.
pub(crate) fn json_object(
    body: &[u8],
    document: &'static str,
) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::WrongType {
            document,
            member: "(the document)".into(),
            why: format!("expected a JSON object, found {}", kind(&other)),
        }),
        Err(e) => Err(Error::NotJson(format!("{document}: {e}"))),
    }
}

pub(crate) fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Typed reads of JSON members, each error naming the document and the member.
pub(crate) struct Members<'a> {
    pub map: &'a serde_json::Map<String, serde_json::Value>,
    pub document: &'static str,
}

impl Members<'_> {
    fn wrong(&self, member: &str, why: String) -> Error {
        Error::WrongType {
            document: self.document,
            member: member.to_owned(),
            why,
        }
    }

    pub fn string(&self, member: &str) -> Result<Option<String>, Error> {
        match self.map.get(member) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.wrong(member, format!("expected a string, found {}", kind(v)))),
        }
    }

    pub fn required(&self, member: &'static str) -> Result<String, Error> {
        self.string(member)?.ok_or(Error::MissingMember {
            document: self.document,
            member,
        })
    }

    pub fn bool(&self, member: &str) -> Result<Option<bool>, Error> {
        match self.map.get(member) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong(member, format!("expected true or false, found {}", kind(v)))),
        }
    }

    /// A non-negative integer, given as a number or, as some servers send it, a numeric
    /// string (`"3600"`).
    pub fn seconds(&self, member: &str) -> Result<Option<u64>, Error> {
        match self.map.get(member) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::Number(n)) => n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15)
                        .map(|f| f as u64)
                })
                .map(Some)
                .ok_or_else(|| self.wrong(member, format!("{n} is not a whole number of seconds"))),
            Some(serde_json::Value::String(s)) => s
                .trim()
                .parse::<u64>()
                .map(Some)
                .map_err(|_| self.wrong(member, format!("{s:?} is not a whole number of seconds"))),
            Some(v) => Err(self.wrong(member, format!("expected a number, found {}", kind(v)))),
        }
    }

    pub fn strings(&self, member: &str) -> Result<Vec<String>, Error> {
        match self.map.get(member) {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => Ok(s.clone()),
                    other => Err(self.wrong(member, format!("expected strings, found {}", kind(other)))),
                })
                .collect(),
            Some(v) => Err(self.wrong(member, format!("expected an array of strings, found {}", kind(v)))),
        }
    }

    /// Every member not in `known`, kept as it came.
    pub fn extra(&self, known: &[&str]) -> serde_json::Map<String, serde_json::Value> {
        self.map
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// A JSON answer from an OAuth endpoint: the object, or [`Error::Server`] when it is an
/// error document (§5.2, whatever the status), or why it is neither.
pub(crate) fn oauth_document(
    response: Response<'_>,
    document: &'static str,
) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    let unexpected = || Error::UnexpectedStatus {
        status: response.status,
        body: crate::token_response::snippet(response.body),
    };
    let map =
        json_object(response.body, document).map_err(|e| if response.ok() { e } else { unexpected() })?;
    if let Some(e) = crate::ErrorResponse::from_json(&Members { map: &map, document }) {
        return Err(Error::Server(e));
    }
    if !response.ok() {
        return Err(unexpected());
    }
    Ok(map)
}
