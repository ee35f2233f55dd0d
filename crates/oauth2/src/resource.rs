//! A request to a protected resource with an access token, the one rule the CLI's `request`
//! and the page's console share: the token in the `Authorization` header (RFC 6750 §2.1,
//! the default; `DPoP` with its proof for a DPoP-bound token, RFC 9449 §7.1), or, only when
//! the caller asks, in a form body (RFC 6750 §2.2) or the query (§2.3).

use crate::http::{FORM_CONTENT_TYPE, HttpRequest, JSON, form_encode, parse_url};
use crate::token_response::TokenType;
use crate::workings::{BuiltRequest, RequestWorkings};
use crate::{Error, Secret};

/// Where the access token goes (RFC 6750 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    /// `Authorization: Bearer` (§2.1): every resource server must accept it.
    #[default]
    Header,
    /// `access_token` in a form-encoded body (§2.2).
    FormBody,
    /// `access_token` in the query (§2.3).
    Query,
}

impl Placement {
    pub const ALL: [Placement; 3] = [Placement::Header, Placement::FormBody, Placement::Query];

    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Header => "header",
            Placement::FormBody => "body",
            Placement::Query => "query",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Placement::Header => "Authorization header (RFC 6750 §2.1)",
            Placement::FormBody => "Form body, access_token (§2.2)",
            Placement::Query => "Query, access_token (§2.3)",
        }
    }

    /// Why this placement is discouraged; `None` for the header.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            Placement::Header => None,
            Placement::FormBody => Some(
                "RFC 6750 §2.2 allows the token in the body only for a single-part \
                 application/x-www-form-urlencoded body and a method with a body (never GET), \
                 and a resource server need not accept it. Prefer the Authorization header.",
            ),
            Placement::Query => Some(
                "RFC 6750 §2.3: a token in the URL leaks into server and proxy logs, browser \
                 history and Referer headers; the request asks caches not to keep it \
                 (Cache-Control: no-store), and OAuth 2.1 forbids this placement. Use it only \
                 where the resource accepts nothing else.",
            ),
        }
    }
}

/// A resource request as the caller describes it.
#[derive(Debug, Clone)]
pub struct ResourceCall<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub token_type: &'a TokenType,
    pub access_token: &'a Secret,
    pub placement: Placement,
    /// The body as given, and its type; empty for none.
    pub body: &'a str,
    pub content_type: Option<&'a str>,
    /// The DPoP proof (made by the caller's key over this method and URL, with `ath`).
    pub dpop_proof: Option<&'a str>,
}

fn invalid(what: &'static str, value: &str, why: &str) -> Error {
    Error::InvalidValue {
        what,
        value: value.to_owned(),
        why: why.to_owned(),
    }
}

/// The `Authorization` header value for a resource request.
pub fn authorization_value(token_type: &TokenType, access_token: &Secret) -> String {
    match token_type {
        TokenType::DPoP => format!("DPoP {}", access_token.expose()),
        _ => format!("Bearer {}", access_token.expose()),
    }
}

/// Whether `method` may carry a body with defined meaning (RFC 9110 §9.3).
pub fn method_has_body(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD" | "OPTIONS" | "TRACE" | "DELETE")
}

/// The request, or why it cannot be made; its workings show it with the token masked.
pub fn build(call: &ResourceCall<'_>) -> Result<BuiltRequest, Error> {
    let method = call.method.trim().to_ascii_uppercase();
    if method.is_empty()
        || !method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.!#$%&'*+^`|~".contains(&b))
    {
        return Err(invalid(
            "method",
            call.method,
            "an HTTP method is a token such as GET or POST (RFC 9110 §9.1)",
        ));
    }
    let mut url = parse_url(call.url.trim())?;
    if matches!(method.as_str(), "GET" | "HEAD") && !call.body.is_empty() {
        return Err(invalid(
            "body",
            &method,
            "GET and HEAD carry no body (RFC 9110 §9.3.1)",
        ));
    }
    let dpop = *call.token_type == TokenType::DPoP;
    if dpop && call.placement != Placement::Header {
        return Err(invalid(
            "placement",
            call.placement.as_str(),
            "a DPoP-bound token goes in the Authorization header with the DPoP scheme (RFC 9449 §7.1)",
        ));
    }
    if dpop && call.dpop_proof.is_none() {
        return Err(invalid(
            "request",
            url.as_str(),
            "a DPoP-bound token needs a DPoP proof for every request (RFC 9449 §7.1)",
        ));
    }
    let token = call.access_token.expose();
    let mut headers = vec![("Accept".to_owned(), JSON.to_owned())];
    let mut body = call.body.to_owned();
    let mut content_type = call.content_type.map(str::to_owned).filter(|_| !body.is_empty());
    match call.placement {
        Placement::Header => headers.insert(
            0,
            (
                "Authorization".to_owned(),
                authorization_value(call.token_type, call.access_token),
            ),
        ),
        Placement::FormBody => {
            if !method_has_body(&method) {
                return Err(invalid(
                    "placement",
                    &method,
                    "the token goes in the body only with a method that has one, such as POST (RFC 6750 §2.2)",
                ));
            }
            if content_type
                .as_deref()
                .is_some_and(|c| !c.to_ascii_lowercase().starts_with(FORM_CONTENT_TYPE))
            {
                return Err(invalid(
                    "body",
                    content_type.as_deref().unwrap_or_default(),
                    "the token goes in the body only when it is application/x-www-form-urlencoded (RFC 6750 §2.2)",
                ));
            }
            if !body.is_empty() {
                body.push('&');
            }
            body.push_str(&form_encode([("access_token", token)]));
            content_type = Some(FORM_CONTENT_TYPE.to_owned());
        }
        Placement::Query => {
            let pair = form_encode([("access_token", token)]);
            let query = match url.query().filter(|q| !q.is_empty()) {
                Some(q) => format!("{q}&{pair}"),
                None => pair,
            };
            url.set_query(Some(&query));
            // §2.3: so no cache keeps a URL holding the token.
            headers.push(("Cache-Control".to_owned(), "no-store".to_owned()));
        }
    }
    if let Some(ct) = content_type {
        headers.push(("Content-Type".to_owned(), ct));
    }
    if let Some(proof) = call.dpop_proof.filter(|p| !p.is_empty()) {
        headers.push(("DPoP".to_owned(), proof.to_owned()));
    }
    let request = HttpRequest {
        method,
        url: url.into(),
        headers,
        body,
    };
    let masked = call.access_token.masked();
    let mut http = request.to_http();
    for shown in [form_encode([("", token)])[1..].to_owned(), token.to_owned()] {
        if shown.len() > 4 {
            http = http.replace(&shown, &masked);
        }
    }
    Ok(BuiltRequest {
        request,
        workings: RequestWorkings {
            parameters: vec![],
            basic: None,
            http,
            notes: call.placement.warning().map(str::to_owned).into_iter().collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call<'a>(method: &'a str, token: &'a Secret, placement: Placement) -> ResourceCall<'a> {
        ResourceCall {
            method,
            url: "https://rs.example/me?x=1",
            token_type: &TokenType::Bearer,
            access_token: token,
            placement,
            body: "",
            content_type: None,
            dpop_proof: None,
        }
    }

    #[test]
    fn header_is_the_default_and_masked_in_the_workings() {
        let t = Secret::new("mF_9.B5f-4.1JqM");
        let b = build(&call("get", &t, Placement::default())).unwrap();
        assert_eq!(b.request.method, "GET");
        assert_eq!(b.request.header("Authorization"), Some("Bearer mF_9.B5f-4.1JqM"));
        assert_eq!(b.request.url, "https://rs.example/me?x=1");
        assert!(
            !b.workings.http.contains("mF_9.B5f-4.1JqM"),
            "{}",
            b.workings.http
        );
        assert!(b.workings.notes.is_empty());
    }

    #[test]
    fn body_and_query_only_where_they_fit() {
        let t = Secret::new("mF_9.B5f-4.1JqM");
        let mut c = call("POST", &t, Placement::FormBody);
        c.body = "a=1";
        c.content_type = Some(FORM_CONTENT_TYPE);
        let b = build(&c).unwrap();
        assert_eq!(b.request.body, "a=1&access_token=mF_9.B5f-4.1JqM");
        assert_eq!(b.request.header("Authorization"), None);
        assert_eq!(b.request.header("Content-Type"), Some(FORM_CONTENT_TYPE));
        assert_eq!(b.workings.notes.len(), 1);
        c.content_type = Some("application/json");
        assert!(build(&c).is_err(), "§2.2: form bodies only");
        assert!(
            build(&call("GET", &t, Placement::FormBody)).is_err(),
            "§2.2: never GET"
        );
        let q = build(&call("GET", &t, Placement::Query)).unwrap();
        assert_eq!(
            q.request.url,
            "https://rs.example/me?x=1&access_token=mF_9.B5f-4.1JqM"
        );
        assert_eq!(q.request.header("Cache-Control"), Some("no-store"));
        assert!(!q.workings.http.contains("mF_9.B5f-4.1JqM"));
    }

    #[test]
    fn dpop_needs_the_header_and_a_proof() {
        let t = Secret::new("token-value");
        let mut c = call("GET", &t, Placement::Header);
        c.token_type = &TokenType::DPoP;
        assert!(build(&c).is_err());
        c.dpop_proof = Some("eyJ");
        let b = build(&c).unwrap();
        assert_eq!(
            (b.request.header("Authorization"), b.request.header("DPoP")),
            (Some("DPoP token-value"), Some("eyJ"))
        );
        c.placement = Placement::Query;
        assert!(build(&c).is_err());
        let mut g = call("GET", &t, Placement::Header);
        g.body = "x";
        assert!(build(&g).is_err(), "GET carries no body");
        let mut bad = call("G T", &t, Placement::Header);
        assert!(build(&bad).is_err());
        bad.method = "GET";
        bad.url = "javascript:alert(1)";
        assert!(build(&bad).is_err());
    }
}
