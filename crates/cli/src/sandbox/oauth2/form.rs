//! Request parameters as RFC 6749 §3.1 and §3.2 read them: a parameter sent without a value
//! is treated as omitted, and none may be sent twice.

use std::collections::HashMap;

use super::reply::Refusal;

#[derive(Debug, Default, Clone)]
pub struct Params(HashMap<String, String>);

impl Params {
    /// From a query string or an `application/x-www-form-urlencoded` body.
    pub fn parse(encoded: &[u8]) -> Result<Self, Refusal> {
        let mut map = HashMap::new();
        for (name, value) in form_urlencoded::parse(encoded) {
            if value.is_empty() {
                continue;
            }
            if map.insert(name.to_string(), value.into_owned()).is_some() {
                return Err(Refusal::invalid_request(format!(
                    "the parameter {name} is sent more than once (RFC 6749 §3.1)"
                )));
            }
        }
        Ok(Self(map))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A parameter the request must carry.
    pub fn required(&self, name: &str) -> Result<&str, Refusal> {
        self.get(name)
            .ok_or_else(|| Refusal::invalid_request(format!("the request has no {name} parameter")))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// An empty-valued `client_secret` was dropped as omitted; this tells it was sent.
    pub fn sent_empty(encoded: &[u8], name: &str) -> bool {
        form_urlencoded::parse(encoded).any(|(n, v)| n == name && v.is_empty())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_omitted_and_repeats_are_refused() {
        let p = Params::parse(b"a=1&b=&c=%20x").unwrap();
        assert_eq!(
            (p.get("a"), p.get("b"), p.get("c")),
            (Some("1"), None, Some(" x"))
        );
        assert!(Params::sent_empty(b"a=1&b=", "b"));
        let e = Params::parse(b"a=1&a=2").unwrap_err();
        assert_eq!(
            e.description(),
            "the parameter a is sent more than once (RFC 6749 §3.1)"
        );
        assert_eq!(
            p.required("z").unwrap_err().description(),
            "the request has no z parameter"
        );
    }
}
