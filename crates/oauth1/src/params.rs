//! Request parameters and their normalisation, RFC 5849 §3.4.1.3.

use serde::Serialize;

use crate::encode::encode;

/// Where a parameter came from (§3.4.1.3.1), so the workings can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The query component of the request URI.
    Query,
    /// A single-part `application/x-www-form-urlencoded` body.
    FormBody,
    /// The `Authorization: OAuth …` header (on the receiving side).
    AuthorizationHeader,
    /// A protocol parameter the signer added (`oauth_*`).
    Protocol,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Query => "query",
            Source::FormBody => "form body",
            Source::AuthorizationHeader => "Authorization header",
            Source::Protocol => "protocol",
        }
    }
}

/// One decoded parameter and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    pub name: String,
    pub value: String,
    pub source: Source,
}

impl Parameter {
    pub fn new(name: impl Into<String>, value: impl Into<String>, source: Source) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            source,
        }
    }
}

/// The normalised parameter string (§3.4.1.3.2): each name and value encoded, sorted by
/// encoded name then encoded value, joined as `name=value` with `&`. Duplicates and empty
/// values are kept. `oauth_signature` must not be passed in.
pub fn normalize<'a>(params: impl IntoIterator<Item = &'a Parameter>) -> String {
    let mut encoded: Vec<(String, String)> = params
        .into_iter()
        .map(|p| (encode(&p.name), encode(&p.value)))
        .collect();
    // Sorting the encoded bytes, as the RFC requires, not the decoded text.
    encoded.sort_unstable();
    let mut out = String::with_capacity(encoded.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    for (i, (n, v)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(n);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// True for a single-part `application/x-www-form-urlencoded` content type, whose body
/// parameters are signed (§3.4.1.3.1). Media type parameters such as charset are allowed.
pub fn is_form_content_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        ct.split(';').next().is_some_and(|mt| {
            mt.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(name: &str, value: &str) -> Parameter {
        Parameter::new(name, value, Source::Query)
    }

    /// RFC 5849 §3.4.1.3.2's worked example.
    #[test]
    fn rfc5849_normalisation_example() {
        let params = [
            q("b5", "=%3D"),
            q("a3", "a"),
            q("c@", ""),
            q("a2", "r b"),
            q("oauth_consumer_key", "9djdj82h48djs9d2"),
            q("oauth_token", "kkk9d7dh3k39sjv7"),
            q("oauth_signature_method", "HMAC-SHA1"),
            q("oauth_timestamp", "137131201"),
            q("oauth_nonce", "7d8f3e4a"),
            q("c2", ""),
            q("a3", "2 q"),
        ];
        assert_eq!(
            normalize(&params),
            "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2\
             &oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201\
             &oauth_token=kkk9d7dh3k39sjv7"
        );
    }

    #[test]
    fn sorts_by_encoded_bytes() {
        // 'Z' (0x5A) sorts before 'a'; "%20" before "A".
        let params = [q("a", "x"), q("Z", "y"), q("b", "A"), q("b", " ")];
        assert_eq!(normalize(&params), "Z=y&a=x&b=%20&b=A");
    }

    #[test]
    fn form_content_type_detection() {
        assert!(is_form_content_type(Some("application/x-www-form-urlencoded")));
        assert!(is_form_content_type(Some(
            "Application/X-WWW-Form-Urlencoded; charset=UTF-8"
        )));
        assert!(!is_form_content_type(Some("multipart/form-data; boundary=x")));
        assert!(!is_form_content_type(Some("application/json")));
        assert!(!is_form_content_type(None));
    }
}
