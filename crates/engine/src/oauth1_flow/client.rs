//! The client's side of the legs (RFC 5849 §2): its credentials and choices, validated once
//! where the user gives them, and the request each leg sends.

use std::fmt;

use oauth1::http_syntax::is_token;
use oauth1::uri::parse_url;
use oauth1::{
    Credentials, Placement, RequestSpec, RsaKey, Secret, SignOptions, SignatureMethod, TokenResponse,
};

use super::{Expect, LegRequest, TokenCredentials};

/// The signed legs, named for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Leg {
    /// Temporary credentials (§2.1).
    RequestToken,
    /// Token credentials (§2.3).
    AccessToken,
    /// A protected resource (§3).
    Resource,
}

impl Leg {
    pub fn name(self) -> &'static str {
        match self {
            Leg::RequestToken => "request-token",
            Leg::AccessToken => "access-token",
            Leg::Resource => "resource",
        }
    }
}

/// Why a leg's request cannot be built; each says what to fill in or fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegError {
    MissingUrl(Leg),
    /// The URL is not an absolute http(s) URL.
    Url {
        leg: Leg,
        error: oauth1::Error,
    },
    /// The method is not an RFC 9110 token.
    Method {
        leg: Leg,
        method: String,
    },
    MissingConsumerKey,
    /// HMAC-SHA* and PLAINTEXT sign with the consumer secret (§3.4.2, §3.4.4).
    MissingConsumerSecret(SignatureMethod),
    /// RSA-SHA* signs with the consumer's private key (§3.4.3).
    RsaKey {
        method: SignatureMethod,
        error: oauth1::Error,
    },
    /// A custom callback must be an absolute http(s) URL, else `oob` (§2.1).
    Callback(String),
    MissingAuthorizeUrl,
    /// The authorize URL, filled in, is not an absolute http(s) URL.
    AuthorizeUrl(oauth1::Error),
    MissingVerifier,
}

impl fmt::Display for LegError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegError::MissingUrl(leg) => write!(f, "fill in the {} URL", leg.name()),
            LegError::Url { leg, error } => write!(f, "the {} URL is not usable: {error}", leg.name()),
            LegError::Method { leg, method } => write!(
                f,
                "the {} method \"{method}\" is not an HTTP method (use GET, POST, …)",
                leg.name()
            ),
            LegError::MissingConsumerKey => f.write_str("fill in the consumer key"),
            LegError::MissingConsumerSecret(method) => {
                write!(f, "{method} signs with the consumer secret: fill it in")
            }
            LegError::RsaKey { method, error } => {
                write!(f, "{method} signs with the consumer's RSA private key: {error}")
            }
            LegError::Callback(given) => write!(
                f,
                "the callback \"{given}\" is neither oob nor an absolute http:// or https:// URL"
            ),
            LegError::MissingAuthorizeUrl => f.write_str("fill in the authorize URL"),
            LegError::AuthorizeUrl(error) => write!(f, "the authorize URL is not usable: {error}"),
            LegError::MissingVerifier => f.write_str(
                "the access-token step needs the verifier (RFC 5849 §2.3): authorize first, or paste the PIN",
            ),
        }
    }
}

impl std::error::Error for LegError {}

/// The consumer (the client credentials, §1.1): its key and the secret or RSA key its
/// signature method needs.
#[derive(Debug, Clone, Default)]
pub struct Consumer {
    pub key: String,
    pub secret: Secret,
    pub rsa_key: Option<RsaKey>,
}

impl Consumer {
    /// From what the user gave. The key is trimmed, the secret kept as typed; the RSA PEM
    /// is read (once, here) for the RSA-SHA* methods only.
    pub fn new(
        key: &str,
        secret: &str,
        method: SignatureMethod,
        rsa_pem: Option<&str>,
    ) -> Result<Self, LegError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(LegError::MissingConsumerKey);
        }
        let rsa_key = if method.is_rsa() {
            let pem = rsa_pem.filter(|p| !p.trim().is_empty()).ok_or(LegError::RsaKey {
                method,
                error: oauth1::Error::MissingRsaKey {
                    method: method.as_str(),
                },
            })?;
            Some(RsaKey::from_pem(pem).map_err(|error| LegError::RsaKey { method, error })?)
        } else if secret.is_empty() {
            return Err(LegError::MissingConsumerSecret(method));
        } else {
            None
        };
        Ok(Self {
            key: key.to_owned(),
            secret: Secret::new(secret),
            rsa_key,
        })
    }
}

/// How the client signs, the same on every leg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    pub method: SignatureMethod,
    pub placement: Placement,
    /// Sent in the `Authorization` header only, never signed (§3.4.1.3.1, §3.5.1).
    pub realm: Option<String>,
    /// `oauth_version=1.0` is optional (§3.1); some servers want it, some its absence.
    pub include_version: bool,
    /// `oauth_token=""` on the request-token leg (reportedly Jira); never on the others,
    /// which have a token.
    pub send_empty_token: bool,
}

impl Default for Signing {
    /// HMAC-SHA1 in the header, with `oauth_version`: what most providers expect.
    fn default() -> Self {
        Self {
            method: SignatureMethod::HmacSha1,
            placement: Placement::Header,
            realm: None,
            include_version: true,
            send_empty_token: false,
        }
    }
}

/// `oauth_callback` (§2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// Out of band: the provider shows the verifier, which the user types in.
    Oob,
    /// The provider redirects the user here with the verifier.
    Url(String),
}

impl Callback {
    /// `oob` (case-sensitive, §2.1) or an absolute http(s) URL: the user's browser must be
    /// able to come back to it.
    pub fn parse(text: &str) -> Result<Self, LegError> {
        let text = text.trim();
        if text == "oob" {
            return Ok(Callback::Oob);
        }
        parse_url(text)
            .map(|_| Callback::Url(text.to_owned()))
            .map_err(|_| LegError::Callback(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Callback::Oob => "oob",
            Callback::Url(u) => u,
        }
    }
}

/// A token endpoint or a resource: its method, URL and extra parameters (signed; in a form
/// body when the method carries one, else in the query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub method: String,
    pub url: String,
    pub params: Vec<(String, String)>,
}

impl Endpoint {
    /// Checks the method (an RFC 9110 token, uppercased) and that the URL is absolute http(s).
    pub fn new(leg: Leg, method: &str, url: &str, params: Vec<(String, String)>) -> Result<Self, LegError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(LegError::MissingUrl(leg));
        }
        parse_url(url).map_err(|error| LegError::Url { leg, error })?;
        let method = method.trim().to_ascii_uppercase();
        if !is_token(&method) {
            return Err(LegError::Method { leg, method });
        }
        Ok(Self {
            method,
            url: url.to_owned(),
            params,
        })
    }
}

/// The provider's authorization page (§2.2): a URL, or a template with `{token}` and
/// `{consumer_key}`, and extra query parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeEndpoint {
    pub template: String,
    pub params: Vec<(String, String)>,
}

impl AuthorizeEndpoint {
    pub fn new(template: &str, params: Vec<(String, String)>) -> Result<Self, LegError> {
        let template = template.trim();
        if template.is_empty() {
            return Err(LegError::MissingAuthorizeUrl);
        }
        Ok(Self {
            template: template.to_owned(),
            params,
        })
    }
}

/// The verifier from the authorize step (§2.2), trimmed; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier(String);

impl Verifier {
    pub fn new(text: &str) -> Result<Self, LegError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(LegError::MissingVerifier);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The client: who signs, how, and where the provider sends the user back.
#[derive(Debug, Clone)]
pub struct Client {
    pub consumer: Consumer,
    pub signing: Signing,
    pub callback: Callback,
}

impl Client {
    /// Leg 1 (§2.1): signed with the consumer alone, carrying `oauth_callback`.
    pub fn request_token(&self, endpoint: &Endpoint) -> LegRequest {
        let mut leg = self.leg(endpoint, None, Expect::Tokens);
        leg.options.callback = Some(self.callback.as_str().to_owned());
        leg.options.send_empty_token = self.signing.send_empty_token;
        leg
    }

    /// Leg 3 (§2.3): signed with the request token of leg 1, carrying the verifier.
    pub fn access_token(
        &self,
        endpoint: &Endpoint,
        request_token: &TokenResponse,
        verifier: &Verifier,
    ) -> LegRequest {
        let mut leg = self.leg(endpoint, Some(&request_token.into()), Expect::Tokens);
        leg.options.verifier = Some(verifier.as_str().to_owned());
        leg
    }

    /// A protected resource (§3), signed with token credentials.
    pub fn resource(&self, endpoint: &Endpoint, token: &TokenCredentials) -> LegRequest {
        self.leg(endpoint, Some(token), Expect::Resource)
    }

    fn leg(&self, endpoint: &Endpoint, token: Option<&TokenCredentials>, expects: Expect) -> LegRequest {
        LegRequest {
            spec: RequestSpec {
                extra_params: endpoint.params.clone(),
                ..RequestSpec::new(&endpoint.method, &endpoint.url)
            },
            credentials: Credentials {
                consumer_key: self.consumer.key.clone(),
                consumer_secret: self.consumer.secret.clone(),
                token: token.map(|t| t.token.clone()),
                token_secret: token.map(|t| t.secret.clone()).unwrap_or_default(),
                rsa_key: self.consumer.rsa_key.clone(),
            },
            options: SignOptions {
                signature_method: self.signing.method,
                placement: self.signing.placement,
                realm: self.signing.realm.clone(),
                include_version: self.signing.include_version,
                ..SignOptions::default()
            },
            extra_headers: Vec::new(),
            expects,
        }
    }
}
