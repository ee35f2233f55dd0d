//! The CORS relay: where a relayed request goes, and how to tell the relay's own refusals
//! from the provider's answers. `oauth-playground serve` mounts it at [`PATH`] and answers
//! its refusals as JSON `{"error": code, "message": …}` with one of the [`RelayCode`]s.

use oauth1::encode::encode;

use crate::http::{HttpResponse, TransportError};

/// Where `serve` mounts the relay.
pub const PATH: &str = "/relay";

/// The relay template of `serve`, relative to the page's origin; `playground.json` hands it
/// to the app.
pub const SAME_ORIGIN_TEMPLATE: &str = "/relay?url={url}";

/// The placeholder a relay template must contain.
pub const PLACEHOLDER: &str = "{url}";

/// Where to send a request for `target`: `None` is direct, or a template whose `{url}` is
/// replaced by the encoded target (RFC 3986 §3.4, so the relay decodes it whole).
pub fn relay_url(template: Option<&str>, target: &str) -> Result<String, TransportError> {
    match template {
        None => Ok(target.to_owned()),
        Some(t) if t.contains(PLACEHOLDER) => Ok(t.replace(PLACEHOLDER, &encode(target))),
        Some(t) => Err(TransportError::BadRelay(format!(
            "the relay URL template \"{t}\" has no {PLACEHOLDER} placeholder"
        ))),
    }
}

/// The template for a relay that also forwards the page's `Origin` to the target (Entra ID
/// "spa" redemption): [`FORWARD_ORIGIN`] goes just before the `url={url}` parameter, where
/// the relay reads it (docs/relay.md, "Protocol"). A template of another protocol, with no
/// `url={url}` parameter, is left as it is: that relay decides what it forwards.
///
/// [`FORWARD_ORIGIN`]: relay_policy::protocol::FORWARD_ORIGIN
pub fn forwarding_origin(template: &str) -> String {
    let param = |sep: char| template.find(&format!("{sep}url={PLACEHOLDER}")).map(|i| i + 1);
    match param('?').or_else(|| param('&')) {
        Some(i) if !template[..i].contains(relay_policy::protocol::FORWARD_ORIGIN) => format!(
            "{}{}&{}",
            &template[..i],
            relay_policy::protocol::FORWARD_ORIGIN,
            &template[i..]
        ),
        _ => template.to_owned(),
    }
}

/// The header another relay may mark its refusals with.
pub const ERROR_HEADER: &str = "X-Relay-Error";

/// The relay's codes, spelled once in the relay's own crate.
pub use relay_policy::RelayCode;

/// What the user can do about a relay's refusal.
pub fn advice(code: RelayCode) -> &'static str {
    match code {
        RelayCode::TargetRefused => {
            "Relays refuse private addresses and non-HTTP(S) targets so they cannot be used as an \
                 open proxy; check the endpoint URL."
        }
        RelayCode::OriginRefused => "The relay does not serve pages from this origin.",
        RelayCode::RateLimited => "Too many requests through the relay; wait a moment.",
        RelayCode::MethodNotAllowed => "The relay does not forward this HTTP method.",
        RelayCode::Misconfigured => {
            "The relay is not set up yet: its operator must set what its message names \
                 (docs/hosting.md, \"A relay on Cloudflare Workers\")."
        }
        RelayCode::RequestTooLarge | RelayCode::ResponseTooLarge => {
            "The relay limits the size of what it forwards; send a smaller request."
        }
        RelayCode::UpstreamUnreachable
        | RelayCode::ConnectTimeout
        | RelayCode::UpstreamFailed
        | RelayCode::UpstreamTimeout => {
            "The relay could not reach the provider: check the host name, and that it is online."
        }
        RelayCode::NotFound => "The relay answers /relay?url=… only; check the relay template.",
        RelayCode::Busy => "The relay is busy with other requests; try again in a moment.",
        RelayCode::RequestTimeout => "The relay stopped waiting for the request to arrive; send it again.",
        RelayCode::RequestRefused => {
            "The relay answers only fetch() calls from a page; its message names what it \
                 refused."
        }
        RelayCode::HostRefused => {
            "The relay answers only under its own names; open the page at the address the \
                 relay printed, or start it with --public-host NAME."
        }
    }
}

/// A relay's refusal: the provider never saw the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayRefusal {
    /// A [`RelayCode`] spelling from `serve`'s relay, or another relay's `X-Relay-Error`.
    pub code: String,
    pub message: String,
}

impl RelayRefusal {
    /// Recognises a relay's refusal in a relayed, unsuccessful response: `serve`'s JSON
    /// (exactly `error` and `message`, with a known code) or an `X-Relay-Error` header.
    pub fn from_response(response: &HttpResponse) -> Option<Self> {
        if !response.via_relay || response.ok() {
            return None;
        }
        if let Some(code) = response.header(ERROR_HEADER) {
            return Some(Self {
                code: code.to_owned(),
                message: String::new(),
            });
        }
        // From text, with the one JSON reader the app and the CLI share (token_store::json).
        let value = token_store::json::parse(&response.text()).ok()?;
        let object = value.as_object()?;
        let code = RelayCode::parse(object.get("error")?.as_str()?)?;
        let message = object.get("message")?.as_str()?;
        (object.len() == 2).then(|| Self {
            code: code.as_str().to_owned(),
            message: message.to_owned(),
        })
    }

    /// What happened and what to do, for people.
    pub fn explain(&self) -> String {
        let advice = RelayCode::parse(&self.code).map_or("See the relay's message.", advice);
        let said = if self.message.is_empty() {
            self.code.clone()
        } else {
            format!("{}: {}", self.code, self.message)
        };
        format!("The relay did not forward the request ({said}). The provider never saw it. {advice}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls_encode_the_whole_target() {
        assert_eq!(
            relay_url(Some(SAME_ORIGIN_TEMPLATE), "https://api.x.com/a?b=1&c=2").unwrap(),
            "/relay?url=https%3A%2F%2Fapi.x.com%2Fa%3Fb%3D1%26c%3D2"
        );
        assert_eq!(relay_url(None, "https://a/").unwrap(), "https://a/");
        assert_eq!(
            relay_url(Some("https://relay.example/"), "https://a/").unwrap_err(),
            TransportError::BadRelay(
                "the relay URL template \"https://relay.example/\" has no {url} placeholder".into()
            )
        );
        assert!(SAME_ORIGIN_TEMPLATE.starts_with(PATH));
    }

    #[test]
    fn forwarding_origin_goes_before_url() {
        assert_eq!(
            forwarding_origin(SAME_ORIGIN_TEMPLATE),
            "/relay?origin=forward&url={url}"
        );
        assert_eq!(
            forwarding_origin("https://r.example/relay?k=1&url={url}"),
            "https://r.example/relay?k=1&origin=forward&url={url}"
        );
        // Already there: unchanged; another relay's protocol: unchanged.
        for same in [
            "/relay?origin=forward&url={url}",
            "https://r.example/{url}",
            "https://r.example/?u={url}",
        ] {
            assert_eq!(forwarding_origin(same), same);
        }
        let url = relay_url(
            Some(forwarding_origin(SAME_ORIGIN_TEMPLATE).as_str()),
            "https://t/x",
        )
        .unwrap();
        assert_eq!(url, "/relay?origin=forward&url=https%3A%2F%2Ft%2Fx");
        assert_eq!(
            relay_policy::protocol::origin_to_forward(url.split_once('?').map(|q| q.1), Some("http://a")),
            Ok(Some("http://a"))
        );
    }

    #[test]
    fn every_code_the_relays_send_is_explained() {
        // Each has its own advice, not the unknown code's fallback.
        for code in RelayCode::ALL {
            let body = format!(r#"{{"error":"{}","message":"m"}}"#, code.as_str());
            let refusal = RelayRefusal::from_response(&relayed(503, &body)).expect("recognised");
            assert!(refusal.explain().ends_with(advice(code)), "{code:?}");
        }
        let busy = RelayRefusal::from_response(&relayed(503, r#"{"error":"busy","message":"at its limit"}"#));
        assert_eq!(
            busy.expect("recognised").explain(),
            "The relay did not forward the request (busy: at its limit). The provider never saw it. \
             The relay is busy with other requests; try again in a moment."
        );
    }

    fn relayed(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            via_relay: true,
            ..HttpResponse::new(status, body)
        }
    }

    #[test]
    fn refusals_are_told_from_provider_answers() {
        let json = r#"{"error":"target_refused","message":"10.0.0.1 is a private address"}"#;
        let refusal = RelayRefusal::from_response(&relayed(400, json)).unwrap();
        assert_eq!(refusal.code, "target_refused");
        assert_eq!(
            refusal.explain(),
            "The relay did not forward the request (target_refused: 10.0.0.1 is a private address). The \
             provider never saw it. Relays refuse private addresses and non-HTTP(S) targets so they cannot \
             be used as an open proxy; check the endpoint URL."
        );
        // The same body straight from a provider, a success, an unknown code or another
        // field: the provider's answer.
        assert_eq!(RelayRefusal::from_response(&HttpResponse::new(400, json)), None);
        assert_eq!(RelayRefusal::from_response(&relayed(200, json)), None);
        let unknown = r#"{"error":"invalid_request","message":"x"}"#;
        assert_eq!(RelayRefusal::from_response(&relayed(400, unknown)), None);
        let more = r#"{"error":"target_refused","message":"x","detail":1}"#;
        assert_eq!(RelayRefusal::from_response(&relayed(400, more)), None);

        let marked = relayed(403, "blocked").with_header("x-relay-error", "private address");
        let refusal = RelayRefusal::from_response(&marked).unwrap();
        assert_eq!(
            refusal.explain(),
            "The relay did not forward the request (private address). The provider never saw it. See the \
             relay's message."
        );
    }
}
