//! The authorization response, RFC 6749 §4.1.2 (code and `state`) and §4.1.2.1 (the error
//! form), with RFC 9207's `iss`. A callback is accepted only when it arrived at our exact
//! redirect URI ([`crate::redirect::is_our_callback`]), carries each parameter once (§3.1),
//! echoes our `state` (§10.12), and names the issuer we expect when it names one, or must.

use serde::Serialize;
use subtle::ConstantTimeEq;
use url::Url;

use crate::error_response::ErrorResponse;
use crate::redirect::{is_our_callback, parse_redirect_uri};
use crate::{Error, Secret};

/// Why a callback is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    #[error("the callback is not a URL ({0})")]
    NotAUrl(String),
    #[error(
        "the callback went to {went_to}, not to the redirect URI {redirect_uri}; it is not the answer to this request"
    )]
    NotOurs { went_to: String, redirect_uri: String },
    #[error(
        "the state {0:?} is not the one this request sent: the callback may be forged (CSRF) or from an older attempt (RFC 6749 §10.12)"
    )]
    StateMismatch(String),
    #[error("the callback has no state although the request sent one (RFC 6749 §4.1.2)")]
    StateMissing,
    #[error(
        "the callback names the issuer {found:?}, not {expected:?}: a mix-up attack or the wrong server (RFC 9207 §2.4)"
    )]
    IssuerMismatch { expected: String, found: String },
    #[error("the callback has no iss although the server's metadata promises it (RFC 9207 §2.4)")]
    IssMissing,
    #[error("the callback has neither a code nor an error (RFC 6749 §4.1.2)")]
    NoCode,
}

/// What the callback must match, kept from the authorization request.
#[derive(Debug, Clone, Default)]
pub struct CallbackExpectation {
    pub redirect_uri: String,
    /// The `state` sent; `None` only when none was sent.
    pub state: Option<String>,
    /// The authorization server's issuer identifier, when known (discovery).
    pub issuer: Option<String>,
    /// The server's metadata says `authorization_response_iss_parameter_supported`: then a
    /// callback without `iss` is refused (RFC 9207 §2.4).
    pub iss_required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Callback {
    Code {
        #[serde(skip)]
        code: Secret,
        state: Option<String>,
        iss: Option<String>,
    },
    /// The server refused (§4.1.2.1); `state` and `iss` were checked as for a code, since a
    /// forged error is a forgery too.
    Error(ErrorResponse),
}

/// Reads a callback URL: its query, or its fragment for `response_mode=fragment`.
pub fn parse_callback(callback_url: &str, expected: &CallbackExpectation) -> Result<Callback, Error> {
    let redirect = parse_redirect_uri(&expected.redirect_uri)?;
    let url = Url::parse(callback_url.trim())
        .map_err(|e| Error::Callback(CallbackError::NotAUrl(e.to_string())))?;
    if !is_our_callback(&redirect, &url) {
        return Err(Error::Callback(CallbackError::NotOurs {
            went_to: without_query(&url),
            redirect_uri: redirect.into(),
        }));
    }
    let redirect_names: Vec<String> = redirect.query_pairs().map(|(n, _)| n.into_owned()).collect();
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(n, _)| !redirect_names.iter().any(|r| r == n))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if let Some(fragment) = url.fragment() {
        pairs.extend(
            form_urlencoded::parse(fragment.as_bytes()).map(|(n, v)| (n.into_owned(), v.into_owned())),
        );
    }
    parse_callback_params(&pairs, expected)
}

/// Reads callback parameters however they came (query, fragment, or a `form_post` body).
pub fn parse_callback_params(
    pairs: &[(String, String)],
    expected: &CallbackExpectation,
) -> Result<Callback, Error> {
    let get = |name: &str| -> Result<Option<String>, Error> {
        let mut values = pairs.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, v)| v.clone());
        if values.next().is_some() {
            return Err(Error::DuplicateParameter(name.to_owned()));
        }
        Ok(first)
    };
    let state = get("state")?;
    match (&expected.state, &state) {
        (Some(want), Some(got)) if bool::from(want.as_bytes().ct_eq(got.as_bytes())) => {}
        (Some(_), Some(got)) => {
            return Err(Error::Callback(CallbackError::StateMismatch(got.clone())));
        }
        (Some(_), None) => {
            return Err(Error::Callback(CallbackError::StateMissing));
        }
        (None, _) => {}
    }
    let iss = get("iss")?;
    match (&expected.issuer, &iss) {
        (Some(want), Some(got)) if want != got => {
            return Err(Error::Callback(CallbackError::IssuerMismatch {
                expected: want.clone(),
                found: got.clone(),
            }));
        }
        (_, None) if expected.iss_required => {
            return Err(Error::Callback(CallbackError::IssMissing));
        }
        _ => {}
    }
    if let Some(error) = get("error")? {
        return Ok(Callback::Error(ErrorResponse::from_parts(
            error,
            get("error_description")?,
            get("error_uri")?,
        )));
    }
    match get("code")? {
        Some(code) if !code.is_empty() => Ok(Callback::Code {
            code: Secret::new(code),
            state,
            iss,
        }),
        _ => Err(Error::Callback(CallbackError::NoCode)),
    }
}

fn without_query(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect() -> CallbackExpectation {
        CallbackExpectation {
            redirect_uri: "https://client.example.com/cb".into(),
            state: Some("xyz".into()),
            issuer: Some("https://server.example.com".into()),
            iss_required: false,
        }
    }

    #[test]
    fn rfc6749_and_rfc9207_examples() {
        // RFC 6749 §4.1.2, with RFC 9207 §2's iss.
        let c = parse_callback(
            "https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fserver.example.com",
            &expect(),
        )
        .unwrap();
        let Callback::Code { code, iss, .. } = c else {
            panic!()
        };
        assert_eq!(code.expose(), "SplxlOBeZQQYbYS6WxSbIA");
        assert_eq!(iss.as_deref(), Some("https://server.example.com"));
        // §4.1.2.1
        let c = parse_callback(
            "https://client.example.com/cb?error=access_denied&state=xyz",
            &expect(),
        )
        .unwrap();
        assert!(matches!(c, Callback::Error(e) if e.error == "access_denied"));
    }

    #[test]
    fn refusals() {
        let e = expect();
        for (url, why) in [
            (
                "https://client.example.com/cb?code=a&state=abc",
                "not the one this request sent",
            ),
            ("https://client.example.com/cb?code=a", "has no state"),
            (
                "https://client.example.com/login?code=a&state=xyz",
                "not to the redirect URI",
            ),
            (
                "https://client.example.com/cb?code=a&state=xyz&iss=https%3A%2F%2Fevil.example",
                "mix-up",
            ),
            (
                "https://client.example.com/cb?code=a&code=b&state=xyz",
                "more than once",
            ),
            ("https://client.example.com/cb?state=xyz", "neither a code"),
        ] {
            let err = parse_callback(url, &e).unwrap_err().to_string();
            assert!(err.contains(why), "{url}: {err}");
        }
        assert_eq!(
            parse_callback("https://client.example.com/cb?code=a&state=abc", &e),
            Err(Error::Callback(CallbackError::StateMismatch("abc".into())))
        );
        let strict = CallbackExpectation {
            iss_required: true,
            ..expect()
        };
        assert!(parse_callback("https://client.example.com/cb?code=a&state=xyz", &strict).is_err());
        let Callback::Error(err) = parse_callback(
            "https://client.example.com/cb?error=x&state=xyz&error_uri=javascript%3Aalert(1)",
            &e,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(err.error_uri, None);
    }

    #[test]
    fn fragment_and_form_post() {
        let c = parse_callback("https://client.example.com/cb#code=a&state=xyz", &expect()).unwrap();
        assert!(matches!(c, Callback::Code { .. }));
        let pairs = vec![
            ("code".to_owned(), "a".to_owned()),
            ("state".to_owned(), "xyz".to_owned()),
        ];
        assert!(parse_callback_params(&pairs, &expect()).is_ok());
    }
}
