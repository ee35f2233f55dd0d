//! What a response means: tokens, a provider's `oauth_problem`, or an HTTP or transport
//! failure, each with advice. Pure, so every explanation is unit-tested.

use oauth1::{Problem, TokenResponse, first_difference};

/// A response as the transport saw it; the body is text and is only ever shown as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub via_relay: bool,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        oauth1::request::find_header(&self.headers, name)
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// fetch rejected: unreachable host, TLS failure or, most often, missing CORS headers.
    Network { direct: bool, detail: String },
    /// The relay template has no `{url}`, or does not lead to an http(s) URL.
    BadRelay(String),
    /// Not sent: the URL is not http(s) (`state::safe_url`).
    Refused(String),
}

impl TransportError {
    pub fn explain(&self) -> String {
        match self {
            TransportError::Network { direct: true, detail } => format!(
                "The browser could not read a response ({detail}). Sent directly, this is most often CORS: \
                 token endpoints rarely send Access-Control-Allow-Origin. Choose a relay under \"Relay\", \
                 or check that the host is reachable."
            ),
            TransportError::Network {
                direct: false,
                detail,
            } => format!(
                "The relay could not be reached ({detail}). Check the relay URL template, that the relay \
                 is running, and that it sends CORS headers if it is on another origin."
            ),
            TransportError::BadRelay(why) => format!("The relay is not set up: {why}"),
            TransportError::Refused(why) => format!("Not sent. {why}"),
        }
    }
}

/// A response, interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A token response (§2.1, §2.3): its fields in order, secrets included (the view masks).
    Tokens(Vec<(String, String)>),
    /// A protected resource answered with success.
    Resource,
    /// The provider reported a problem (Problem Reporting extension).
    Problem {
        problem: Box<Problem>,
        diff: Option<BaseStringDiff>,
    },
    /// A relay refused to forward the request.
    RelayRefused(String),
    /// Any other failure, explained.
    Failed(String),
}

/// Our base string against the server's `debug_sbs`, for the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseStringDiff {
    pub ours: String,
    pub theirs: String,
    /// Byte offset of the first difference in both, `None` when equal.
    pub at: Option<usize>,
}

impl BaseStringDiff {
    pub fn new(ours: &str, theirs: &str) -> Self {
        Self {
            ours: ours.to_owned(),
            theirs: theirs.to_owned(),
            at: first_difference(ours, theirs),
        }
    }

    /// Splits a string at the difference: (same, different). Falls back to no highlight
    /// when the offset is not a boundary of that string.
    pub fn split(text: &str, at: Option<usize>) -> (&str, &str) {
        match at {
            Some(i) if text.is_char_boundary(i) => text.split_at(i),
            Some(_) => ("", text),
            None => (text, ""),
        }
    }
}

/// Interprets a token endpoint's response; `our_base_string` feeds the diff.
pub fn token_outcome(resp: &HttpResponse, our_base_string: &str) -> Outcome {
    if let Some(o) = relay_refusal(resp) {
        return o;
    }
    if let Some(problem) = find_problem(resp) {
        let diff = problem
            .debug_sbs
            .as_deref()
            .map(|theirs| BaseStringDiff::new(our_base_string, theirs));
        return Outcome::Problem {
            problem: Box::new(problem),
            diff,
        };
    }
    if !resp.ok() {
        return Outcome::Failed(http_advice(resp));
    }
    match TokenResponse::parse(&resp.body) {
        Ok(t) => {
            let mut fields = vec![
                ("oauth_token".to_owned(), t.token),
                (
                    "oauth_token_secret".to_owned(),
                    t.token_secret.expose().to_owned(),
                ),
            ];
            if let Some(c) = t.callback_confirmed {
                fields.push(("oauth_callback_confirmed".into(), c.to_string()));
            }
            fields.extend(t.extra);
            Outcome::Tokens(fields)
        }
        Err(e) => Outcome::Failed(format!(
            "The provider answered {} but {e}. Check that this URL is the token endpoint and not a web page.",
            resp.status
        )),
    }
}

/// Interprets a protected resource's response.
pub fn resource_outcome(resp: &HttpResponse, our_base_string: &str) -> Outcome {
    if resp.ok() {
        return Outcome::Resource;
    }
    match token_outcome(resp, our_base_string) {
        Outcome::Tokens(_) => Outcome::Resource,
        other => other,
    }
}

fn find_problem(resp: &HttpResponse) -> Option<Problem> {
    if resp.ok() && !resp.body.contains("oauth_problem") {
        return None;
    }
    Problem::from_body(&resp.body).or_else(|| {
        resp.header("WWW-Authenticate")
            .and_then(Problem::from_www_authenticate)
    })
}

/// `oauth-playground serve`'s relay answers its own refusals and failures as JSON
/// `{"error": code, "message": …}` (e.g. `target_refused`, `upstream_unreachable`); other
/// relays may mark them with an `X-Relay-Error` header. Either way the provider never
/// answered, so this must not be explained as the provider's error.
fn relay_refusal(resp: &HttpResponse) -> Option<Outcome> {
    if !resp.via_relay || resp.ok() {
        return None;
    }
    let from_header = resp
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("x-relay-error"))
        .map(|(_, v)| (v.clone(), String::new()));
    let from_body = || {
        let v: serde_json::Value = serde_json::from_str(&resp.body).ok()?;
        let o = v.as_object()?;
        let code = o.get("error")?.as_str()?;
        let message = o.get("message")?.as_str()?;
        (o.len() == 2 && RELAY_CODES.contains(&code)).then(|| (code.to_owned(), message.to_owned()))
    };
    let (code, message) = from_header.or_else(from_body)?;
    let advice = match code.as_str() {
        "target_refused" => {
            "Relays refuse private addresses and non-HTTP(S) targets so they cannot be used as an \
            open proxy; check the endpoint URL."
        }
        "origin_refused" => "The relay does not serve pages from this origin.",
        "rate_limited" => "Too many requests through the relay; wait a moment.",
        "upstream_unreachable" | "connect_timeout" | "upstream_failed" | "upstream_timeout" => {
            "The relay could not reach the provider: check the host name, and that it is online."
        }
        _ => "See the relay's message.",
    };
    Some(Outcome::RelayRefused(format!(
        "The relay did not forward the request ({code}: {message}). The provider never saw it. {advice}"
    )))
}

/// The refusal codes of `oauth-playground serve`'s relay.
const RELAY_CODES: [&str; 10] = [
    "connect_timeout",
    "method_not_allowed",
    "origin_refused",
    "rate_limited",
    "request_too_large",
    "response_too_large",
    "target_refused",
    "upstream_failed",
    "upstream_timeout",
    "upstream_unreachable",
];

/// Advice for an HTTP error without an `oauth_problem`.
pub fn http_advice(resp: &HttpResponse) -> String {
    let s = resp.status;
    let what = match s {
        0 => "The browser hid the response (an opaque or blocked response).",
        400 => {
            "Bad request: a parameter is missing or malformed. Compare the parameters with the provider's docs; some servers reject an empty oauth_token or oauth_version."
        }
        401 => {
            "Unauthorized: the provider rejected the signature or the credentials. Check the consumer key and secret, the signature method and the base string."
        }
        403 => {
            "Forbidden: the credentials are valid but not allowed here (app permissions, registered callback, or a relay refusing the host)."
        }
        404 => "Not found: the URL is wrong for this provider, or the method (GET/POST) is.",
        405 => "Method not allowed: switch the HTTP method for this step.",
        429 => "Too many requests: the provider is rate limiting; wait and retry.",
        500..=599 if resp.via_relay => {
            "Server error, from the relay or the provider behind it: the relay may not reach the provider."
        }
        500..=599 => "Server error at the provider: retry later.",
        _ => "The provider did not answer with success.",
    };
    format!("HTTP {s} {}. {what}", resp.status_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            status_text: String::new(),
            headers: vec![],
            body: body.into(),
            via_relay: false,
        }
    }

    #[test]
    fn tokens_with_extras() {
        let o = token_outcome(&resp(200, "oauth_token=t&oauth_token_secret=s&user_id=42"), "");
        let Outcome::Tokens(f) = o else { panic!("{o:?}") };
        assert_eq!(f[2], ("user_id".into(), "42".into()));
    }

    #[test]
    fn signature_invalid_gives_a_diff() {
        let o = token_outcome(
            &resp(401, "oauth_problem=signature_invalid&debug_sbs=POST%26a%26b"),
            "POST&a&c",
        );
        let Outcome::Problem {
            problem,
            diff: Some(d),
        } = o
        else {
            panic!()
        };
        assert_eq!(problem.problem, "signature_invalid");
        assert_eq!(d.theirs, "POST&a&b");
        assert_eq!(d.at, Some(7));
        assert_eq!(BaseStringDiff::split(&d.ours, d.at), ("POST&a&", "c"));
    }

    #[test]
    fn problem_in_www_authenticate() {
        let mut r = resp(401, "");
        r.headers.push((
            "www-authenticate".into(),
            "OAuth oauth_problem=\"timestamp_refused\"".into(),
        ));
        let Outcome::Problem { problem, .. } = token_outcome(&r, "") else {
            panic!()
        };
        assert!(problem.explanation().contains("clock"));
    }

    #[test]
    fn html_and_http_errors_are_explained() {
        let Outcome::Failed(m) = token_outcome(&resp(200, "<html>login</html>"), "") else {
            panic!()
        };
        assert!(m.contains("not a web page"));
        let Outcome::Failed(m) = token_outcome(&resp(404, "nope"), "") else {
            panic!()
        };
        assert!(m.contains("URL is wrong"));
        assert_eq!(resource_outcome(&resp(200, "{}"), ""), Outcome::Resource);
    }

    #[test]
    fn relay_refusals_are_told_apart() {
        let mut r = resp(403, "blocked");
        r.via_relay = true;
        r.headers.push(("X-Relay-Error".into(), "private address".into()));
        assert!(matches!(token_outcome(&r, ""), Outcome::RelayRefused(m) if m.contains("private address")));
        let mut r = resp(
            400,
            r#"{"error":"target_refused","message":"10.0.0.1 is a private address"}"#,
        );
        r.via_relay = true;
        assert!(matches!(token_outcome(&r, ""), Outcome::RelayRefused(m) if m.contains("open proxy")));
        // The same body straight from a provider is the provider's answer.
        r.via_relay = false;
        assert!(matches!(token_outcome(&r, ""), Outcome::Failed(_)));
        let e = TransportError::Network {
            direct: true,
            detail: "TypeError".into(),
        };
        assert!(e.explain().contains("CORS"));
    }
}
