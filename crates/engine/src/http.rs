//! What a transport gives back: a response, or why there is none; and the seam every
//! transport implements. The request it sends is the core's [`PreparedRequest`], signed
//! for its target URL; a relay changes only where it goes (see [`crate::relay`]).

use std::borrow::Cow;
use std::fmt;
use std::future::Future;

use oauth1::PreparedRequest;
use oauth1::request::find_header;

/// A response as the transport saw it. The body is bytes, so the CLI can write a binary
/// body to a file as it came; views read it as text ([`HttpResponse::text`]) and only ever
/// show it as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    /// The reason phrase (`OK`, `Unauthorized`), or empty when the transport has none.
    pub status_text: String,
    /// `HTTP/1.1`, `HTTP/2`, when the transport knows it (fetch does not).
    pub version: Option<&'static str>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Sent through a relay: a refusal may be the relay's, not the provider's.
    pub via_relay: bool,
}

impl HttpResponse {
    /// A response with a text body, as scripted transports and tests build them.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            body: body.into(),
            ..Self::default()
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The first value of header `name`, case-insensitively (RFC 9110 §5.1).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// 2xx (RFC 9110 §15.3).
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as text; bytes that are not UTF-8 show as U+FFFD.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// `HTTP/1.1 401 Unauthorized`, or `HTTP 401 Unauthorized` without a known version.
    pub fn status_line(&self) -> String {
        let line = format!(
            "{} {} {}",
            self.version.unwrap_or("HTTP"),
            self.status,
            self.status_text
        );
        line.trim_end().to_owned()
    }
}

/// Why no response arrived. [`TransportError::explain`] says what to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The browser's fetch rejected: an unreachable host, a TLS failure or, sent directly,
    /// most often a missing `Access-Control-Allow-Origin` (the browser does not say which).
    Fetch { relayed: bool, detail: String },
    /// A native client could not connect or exchange: DNS, refused connection, TLS, a body
    /// cut short. The detail names the cause.
    Unreachable { detail: String },
    /// Nothing complete came back in time.
    Timeout { seconds: u32, relayed: bool },
    /// The relay template has no `{url}`, or the relayed URL could not be built.
    BadRelay(String),
    /// The request could not be put on the wire as given (e.g. a header value with a line
    /// break).
    Unsendable(String),
}

impl TransportError {
    pub fn explain(&self) -> String {
        match self {
            TransportError::Fetch {
                relayed: false,
                detail,
            } => format!(
                "The browser could not read a response ({detail}). Sent directly, this is most often CORS: \
                 token endpoints rarely send Access-Control-Allow-Origin. Choose a relay under \"Relay\", \
                 or check that the host is reachable."
            ),
            TransportError::Fetch {
                relayed: true,
                detail,
            } => format!(
                "The relay could not be reached ({detail}). Check the relay URL template, that the relay \
                 is running, and that it sends CORS headers if it is on another origin."
            ),
            TransportError::Unreachable { detail } => {
                format!(
                    "No response from the host ({detail}). Check the URL's host name and that it is online."
                )
            }
            TransportError::Timeout { seconds, relayed } => format!(
                "No complete answer within {seconds} s{}. The host may be down or very slow; try again.",
                if *relayed { " through the relay" } else { "" }
            ),
            TransportError::BadRelay(why) => format!("The relay is not set up: {why}."),
            TransportError::Unsendable(why) => format!("The request cannot be sent: {why}."),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explain())
    }
}

impl std::error::Error for TransportError {}

/// Sends one signed request and reads the whole response. No `Send` bound: the app runs on
/// single-threaded wasm, the CLI on a current-thread runtime.
///
/// The future borrows the transport and the request, so an implementation may be an `async`
/// block over `&self`.
pub trait Transport {
    fn send(&self, request: &PreparedRequest) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(&self, request: &PreparedRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for std::rc::Rc<T> {
    fn send(&self, request: &PreparedRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_case_insensitive_and_bodies_are_bytes() {
        let r = HttpResponse::new(401, b"caf\xc3\xa9 \xff".to_vec()).with_header("WWW-Authenticate", "OAuth");
        assert_eq!(r.header("www-authenticate"), Some("OAuth"));
        assert_eq!(r.text(), "café \u{fffd}");
        assert!(!r.ok());
        assert_eq!(r.status_line(), "HTTP 401");
        let r = HttpResponse {
            version: Some("HTTP/1.1"),
            status_text: "OK".into(),
            ..HttpResponse::new(200, "")
        };
        assert_eq!(r.status_line(), "HTTP/1.1 200 OK");
        assert!(r.ok());
    }

    #[test]
    fn transport_errors_say_what_to_check() {
        let direct = TransportError::Fetch {
            relayed: false,
            detail: "TypeError: Failed to fetch".into(),
        };
        assert_eq!(
            direct.to_string(),
            "The browser could not read a response (TypeError: Failed to fetch). Sent directly, this is most \
             often CORS: token endpoints rarely send Access-Control-Allow-Origin. Choose a relay under \"Relay\", \
             or check that the host is reachable."
        );
        assert_eq!(
            TransportError::Timeout {
                seconds: 60,
                relayed: true
            }
            .explain(),
            "No complete answer within 60 s through the relay. The host may be down or very slow; try again."
        );
        assert_eq!(
            TransportError::Unreachable {
                detail: "dns error: no such host".into()
            }
            .explain(),
            "No response from the host (dns error: no such host). Check the URL's host name and that it is online."
        );
    }
}
