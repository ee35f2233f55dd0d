//! Authorization code + PKCE (RFC 6749 §4.1, RFC 7636) as the page walks it: build the
//! authorization URL and keep what the callback and the token request need across the
//! navigation ([`Pending`], in sessionStorage), check the callback (`state`, RFC 6749
//! §10.12; `iss`, RFC 9207) and build the token request. The rules are the protocol
//! crate's; this module only arranges them into steps with their checks.

use oauth2::callback::CallbackError;
use oauth2::pkce::PkceWorkings;
use oauth2::{
    AuthMethod, AuthorizationRequest, AuthorizationUrl, BuiltRequest, Callback, CallbackExpectation,
    ChallengeMethod, ClientAuth, CodeVerifier, Error, Grant, Secret, TokenRequest, parse_callback,
    random_token,
};

use super::config::Config;

/// The sessionStorage key: the tab's pending flow, across the trip to the provider.
pub const PENDING_KEY: &str = "oauth-playground.oauth2.pending";

/// What the callback and the token request need, kept from the authorization request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pending {
    /// The PKCE verifier: sent only in the token request (RFC 7636 §4.5).
    pub verifier: Secret,
    pub state: String,
    pub nonce: Option<String>,
    pub redirect_uri: String,
    pub issuer: String,
    pub iss_required: bool,
    pub token_endpoint: String,
    /// Where the id_token's signing keys are (OIDC Discovery `jwks_uri`).
    pub jwks_uri: String,
    pub client_id: String,
    /// `client_secret_basic` or `client_secret_post` for a confidential client; empty: a
    /// public one. The secret itself is not kept here: at redeem time it is read again
    /// from the configuration ([`Pending::client_auth`]), so it stays in the one place the
    /// learner typed it (and clears it from), not also in every tab's sessionStorage.
    pub auth_method: String,
    pub scope: String,
    pub relay: bool,
}

/// Step 1: the URL with each parameter explained, the PKCE workings, what to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// What step 1 built: the front channel's parameters, or what PAR pushes.
    pub request: AuthorizationRequest,
    pub url: AuthorizationUrl,
    /// After a push (RFC 9126 §4): the short URL, carrying only `client_id` and
    /// `request_uri`, that step 2 goes to instead of [`Started::url`].
    pub pushed: Option<AuthorizationUrl>,
    pub pkce: PkceWorkings,
    pub pending: Pending,
}

/// Builds the authorization request for `config`, returning to its registered redirect
/// URI, else `page_url` (this page). `fill` gives random bytes (the verifier, `state` and
/// `nonce` each take 32).
pub fn start(config: &Config, page_url: &str, fill: &mut dyn FnMut(&mut [u8])) -> Result<Started, String> {
    let redirect_uri = &config.redirect_to(page_url);
    let verifier = CodeVerifier::generate(|b| fill(b));
    let state = random_token(|b| fill(b));
    let scope = config.scope.trim().to_owned();
    // OIDC Core §3.1.2.1: a nonce ties the id_token to this login; only with `openid`.
    let nonce = scope
        .split(' ')
        .any(|s| s == "openid")
        .then(|| random_token(|b| fill(b)));
    let request = AuthorizationRequest {
        authorization_endpoint: config.authorization_endpoint.trim().to_owned(),
        client_id: config.client_id.trim().to_owned(),
        redirect_uri: Some(redirect_uri.to_owned()),
        scope: (!scope.is_empty()).then(|| scope.clone()),
        state: Some(state.clone()),
        nonce: nonce.clone(),
        pkce: Some(verifier.challenge(ChallengeMethod::S256)),
        extra: config.extra_params()?,
        ..Default::default()
    };
    let url = request.build().map_err(|e| e.to_string())?;
    Ok(Started {
        pkce: verifier.workings(ChallengeMethod::S256),
        request,
        url,
        pushed: None,
        pending: Pending {
            verifier: verifier.secret().clone(),
            state,
            nonce,
            redirect_uri: redirect_uri.to_owned(),
            issuer: config.issuer.trim().to_owned(),
            iss_required: config.iss_required,
            token_endpoint: config.token_endpoint.trim().to_owned(),
            jwks_uri: config.jwks_uri.trim().to_owned(),
            client_id: config.client_id.trim().to_owned(),
            auth_method: match config.client_auth().method() {
                AuthMethod::None => String::new(),
                m => m.as_str().to_owned(),
            },
            scope,
            relay: config.relay,
        },
    })
}

impl Started {
    /// Where step 2 sends the browser: the pushed request's short URL, else the full one.
    pub fn front_url(&self) -> &str {
        self.pushed.as_ref().map_or(&self.url.url, |p| &p.url)
    }
}

/// One check on the callback, shown as passed or failed with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    /// `None`: not checked (an earlier check failed).
    pub passed: Option<bool>,
    pub detail: String,
}

/// Step 3: the callback's checks, then its code or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub checks: Vec<Check>,
    pub code: Result<Secret, String>,
}

const STATE: &str = "state";
const ISS: &str = "iss";

/// Checks the URL the provider sent the browser back to against what was sent: where it
/// arrived, `state`, then `iss` (the crate checks them in that order and stops at the first
/// failure, so a failed check leaves the later ones unchecked).
pub fn callback(pending: &Pending, url: &str) -> Returned {
    let expected = CallbackExpectation {
        redirect_uri: pending.redirect_uri.clone(),
        state: Some(pending.state.clone()),
        issuer: (!pending.issuer.is_empty()).then(|| pending.issuer.clone()),
        iss_required: pending.iss_required,
    };
    let state_ok = Check {
        name: STATE,
        passed: Some(true),
        detail: "equals the state this page sent: the answer is to this request, not a forged one (RFC 6749 §10.12)"
            .into(),
    };
    let iss_ok = |iss: &Option<String>| Check {
        name: ISS,
        passed: Some(true),
        detail: match iss {
            Some(i) => {
                format!("{i} is the issuer this page asked: no mix-up with another server (RFC 9207 §2.4)")
            }
            None => "not sent, and the server's metadata does not promise it (RFC 9207 §2.4)".into(),
        },
    };
    let unchecked = |name| Check {
        name,
        passed: None,
        detail: "not checked: an earlier check failed".into(),
    };
    let failed = |name, e: &dyn std::fmt::Display| Check {
        name,
        passed: Some(false),
        detail: e.to_string(),
    };
    match parse_callback(url, &expected) {
        Ok(Callback::Code { code, iss, .. }) => Returned {
            checks: vec![state_ok, iss_ok(&iss)],
            code: Ok(code),
        },
        Ok(Callback::Error(e)) => Returned {
            checks: vec![state_ok, iss_ok(&None)],
            code: Err(format!("the provider refused: {}", e.explain())),
        },
        Err(Error::Callback(e @ (CallbackError::StateMismatch(_) | CallbackError::StateMissing))) => {
            Returned {
                checks: vec![failed(STATE, &e), unchecked(ISS)],
                code: Err(format!("refused: {e}")),
            }
        }
        Err(Error::Callback(e @ (CallbackError::IssuerMismatch { .. } | CallbackError::IssMissing))) => {
            Returned {
                checks: vec![state_ok, failed(ISS, &e)],
                code: Err(format!("refused: {e}")),
            }
        }
        Err(e) => Returned {
            checks: vec![failed("callback", &e), unchecked(STATE), unchecked(ISS)],
            code: Err(format!("refused: {e}")),
        },
    }
}

/// Step 4: the code redeemed with the verifier (RFC 6749 §4.1.3, RFC 7636 §4.5), the
/// client authenticating as `auth` says ([`Pending::client_auth`]).
pub fn token_request(pending: &Pending, code: Secret, auth: ClientAuth) -> Result<BuiltRequest, String> {
    token_request_with(pending, code, auth, None)
}

/// [`token_request`] with a `DPoP` proof header, so the token is bound (RFC 9449 §5).
pub fn token_request_with(
    pending: &Pending,
    code: Secret,
    auth: ClientAuth,
    dpop_proof: Option<&str>,
) -> Result<BuiltRequest, String> {
    let verifier = CodeVerifier::new(pending.verifier.expose()).map_err(|e| e.to_string())?;
    let mut request = TokenRequest::new(
        pending.token_endpoint.clone(),
        Grant::AuthorizationCode {
            code,
            redirect_uri: Some(pending.redirect_uri.clone()),
            code_verifier: Some(verifier),
        },
        auth,
    );
    if let Some(p) = dpop_proof {
        request.headers.push(("DPoP".into(), p.to_owned()));
    }
    request.build().map_err(|e| e.to_string())
}

impl Pending {
    /// How the token request authenticates: as the public client the request was started
    /// by, or with the secret the configuration holds now, by the method chosen at step 1
    /// (RFC 6749 §2.3.1). `Err` when that secret is gone or belongs to another client.
    pub fn client_auth(&self, config: &Config) -> Result<ClientAuth, String> {
        let client_id = self.client_id.clone();
        if self.auth_method.is_empty() {
            return Ok(ClientAuth::None { client_id });
        }
        let secret = config.client_secret.clone();
        if config.client_id.trim() != self.client_id || secret.expose().is_empty() {
            return Err(format!(
                "This request was started by the confidential client {client_id} ({}), but the \
                 configuration no longer holds its secret: enter it again under Configuration.",
                self.auth_method
            ));
        }
        Ok(super::config::secret_auth(&self.auth_method, client_id, secret))
    }

    pub fn to_form(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("verifier", self.verifier.expose())
            .append_pair("state", &self.state)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("issuer", &self.issuer)
            .append_pair("iss_required", if self.iss_required { "true" } else { "false" })
            .append_pair("token_endpoint", &self.token_endpoint)
            .append_pair("jwks_uri", &self.jwks_uri)
            .append_pair("client_id", &self.client_id)
            .append_pair("auth_method", &self.auth_method)
            .append_pair("scope", &self.scope)
            .append_pair("relay", if self.relay { "true" } else { "false" });
        if let Some(n) = &self.nonce {
            s.append_pair("nonce", n);
        }
        s.finish()
    }

    /// Reads what [`Pending::to_form`] wrote; `None` without a verifier and a state.
    pub fn from_form(text: &str) -> Option<Self> {
        let mut p = Self::default();
        for (n, v) in form_urlencoded::parse(text.as_bytes()) {
            let v = v.into_owned();
            match n.as_ref() {
                "verifier" => p.verifier = Secret::new(v),
                "state" => p.state = v,
                "nonce" => p.nonce = Some(v),
                "redirect_uri" => p.redirect_uri = v,
                "issuer" => p.issuer = v,
                "iss_required" => p.iss_required = v == "true",
                "token_endpoint" => p.token_endpoint = v,
                "jwks_uri" => p.jwks_uri = v,
                "client_id" => p.client_id = v,
                "auth_method" => p.auth_method = v,
                "scope" => p.scope = v,
                "relay" => p.relay = v == "true",
                _ => {}
            }
        }
        (!p.verifier.expose().is_empty() && !p.state.is_empty()).then_some(p)
    }
}

/// The query (or fragment) carries a callback: `code`, `error` or `state`.
pub fn is_callback(search: &str) -> bool {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .any(|(n, _)| matches!(n.as_ref(), "code" | "error" | "state"))
}

/// The raw response as it came (status line, headers, body), each of `secrets` masked but
/// for its last four characters: the tokens are shown, masked until revealed, below it.
pub fn raw_response(status_line: &str, headers: &[(String, String)], body: &str, secrets: &[&str]) -> String {
    let mut out = format!("{status_line}\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\n"));
    }
    out.push('\n');
    out.push_str(body);
    for s in secrets.iter().filter(|s| s.len() > 8) {
        let tail: String = s
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        out = out.replace(*s, &format!("••••{tail}"));
    }
    out
}

/// Web Crypto's SHA-256 of the verifier, as base64url, and whether it is the challenge the
/// protocol crate computed (RFC 7636 §4.2): the same digest by two implementations.
pub fn second_opinion(web_crypto_digest: &[u8], challenge: &str) -> (String, bool) {
    let encoded = oauth2::base64url_encode(web_crypto_digest);
    let same = encoded == challenge;
    (encoded, same)
}
