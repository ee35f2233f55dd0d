//! The OAuth 2.0 page's configuration, kept in localStorage under its own key (the OAuth
//! 1.0a page keeps its own): form-urlencoded, so no JSON writer is needed for it.

use oauth2::discovery::Metadata;
use oauth2::{ClientAuth, Secret};

/// The localStorage key; the OAuth 1.0a page's configuration lives elsewhere.
pub const CONFIG_KEY: &str = "oauth-playground.oauth2.config";

/// The sandbox's public SPA client.
pub const SANDBOX_CLIENT: &str = engine::sandbox::OAUTH2_SPA_CLIENT;
pub const DEFAULT_SCOPE: &str = "openid profile";
/// Where `serve` mounts the sandbox's authorization server: its issuer ends so.
const SANDBOX_PATH: &str = engine::sandbox::OAUTH2_MOUNT;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    pub client_id: String,
    /// Empty: a public client (RFC 6749 §2.1), which proves itself with PKCE only.
    pub client_secret: Secret,
    /// How a confidential client authenticates at the token endpoint, in RFC 7591 §2's
    /// words: `client_secret_basic` (the default, RFC 6749 §2.3.1) or `client_secret_post`.
    /// Ignored while `client_secret` is empty.
    pub auth_method: String,
    pub scope: String,
    /// More authorization request parameters, form-encoded (`access_type=offline&prompt=consent`):
    /// a preset's, or the learner's (`login_hint`, `prompt`, `audience`).
    pub authorize_params: String,
    /// Send the token request through the relay (providers whose token endpoint sends no
    /// CORS headers); off: fetch it directly.
    pub relay: bool,
    /// Through the relay, forward the page's `Origin` to the token endpoint (Microsoft
    /// Entra ID redeems "spa" registrations only cross-origin, AADSTS9002327); off: the
    /// relay drops it.
    pub forward_origin: bool,
    /// The server's metadata promises `iss` on the callback (RFC 9207 §3): then a callback
    /// without it is refused.
    pub iss_required: bool,
    /// The other endpoints discovery names (RFC 8414 §2, OIDC Discovery §3); empty: the
    /// server has none, or it was not discovered.
    pub userinfo_endpoint: String,
    pub revocation_endpoint: String,
    pub introspection_endpoint: String,
    pub device_authorization_endpoint: String,
    pub pushed_authorization_request_endpoint: String,
    /// Step 1 pushes its parameters to that endpoint first (RFC 9126), so the front
    /// channel carries only `client_id` and `request_uri`.
    pub par: bool,
    /// The `oauth2::presets` id this configuration started from (`sandbox`: the served
    /// sandbox); empty: Custom.
    pub preset: String,
    /// The redirect URI registered with the provider; empty: this page's own address. Any
    /// other is for providers that will not send the browser to the page's origin: the
    /// learner pastes the URL the browser arrived at (step 3).
    pub redirect_uri: String,
}

/// The fields in the order they are written.
pub const FIELDS: [&str; 20] = [
    "preset",
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "jwks_uri",
    "userinfo_endpoint",
    "revocation_endpoint",
    "introspection_endpoint",
    "device_authorization_endpoint",
    "pushed_authorization_request_endpoint",
    "client_id",
    "client_secret",
    "auth_method",
    "scope",
    "authorize_params",
    "redirect_uri",
    "relay",
    "forward_origin",
    "iss_required",
    "par",
];

impl Config {
    /// The sandbox of `oauth-playground serve`, from its discovery document.
    pub fn sandbox(metadata: &Metadata) -> Self {
        Self {
            client_id: SANDBOX_CLIENT.into(),
            scope: DEFAULT_SCOPE.into(),
            preset: super::preset::SANDBOX.into(),
            ..Self::default()
        }
        .with_metadata(metadata)
    }

    /// What to start from once the served sandbox is known: the saved configuration, unless
    /// there is none or it is a sandbox's at another address (serve restarted on another
    /// port): then the served sandbox's.
    pub fn or_served_sandbox(saved: Option<&Config>, served: Config) -> Option<Config> {
        match saved {
            None => Some(served),
            Some(c) if c.issuer.ends_with(SANDBOX_PATH) && c.issuer != served.issuer => Some(served),
            Some(_) => None,
        }
    }

    /// The endpoints a discovery document names, over the ones typed in.
    pub fn with_metadata(mut self, m: &Metadata) -> Self {
        self.issuer = m.issuer.clone();
        let or = |new: &Option<String>, old: String| new.clone().unwrap_or(old);
        self.authorization_endpoint = or(&m.authorization_endpoint, self.authorization_endpoint);
        self.token_endpoint = or(&m.token_endpoint, self.token_endpoint);
        self.jwks_uri = or(&m.jwks_uri, self.jwks_uri);
        self.userinfo_endpoint = or(&m.userinfo_endpoint, self.userinfo_endpoint);
        self.revocation_endpoint = or(&m.revocation_endpoint, self.revocation_endpoint);
        self.introspection_endpoint = or(&m.introspection_endpoint, self.introspection_endpoint);
        self.device_authorization_endpoint = or(
            &m.device_authorization_endpoint,
            self.device_authorization_endpoint,
        );
        self.pushed_authorization_request_endpoint = or(
            &m.pushed_authorization_request_endpoint,
            self.pushed_authorization_request_endpoint,
        );
        self.iss_required = m.authorization_response_iss_parameter_supported;
        self
    }

    /// Where the provider sends the browser back: the registered redirect URI, else
    /// `page_url` (this page, which then reads the callback itself).
    pub fn redirect_to(&self, page_url: &str) -> String {
        match self.redirect_uri.trim() {
            "" => page_url.to_owned(),
            r => r.to_owned(),
        }
    }

    /// The endpoints it names, `(name, URL)`, in the order of [`FIELDS`]: what discovery
    /// found, shown after it.
    pub fn endpoints(&self) -> Vec<(&'static str, String)> {
        FIELDS
            .iter()
            .filter(|n| n.ends_with("_endpoint") || **n == "jwks_uri")
            .map(|n| (*n, self.get(n)))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// Ready for step 1: an authorization endpoint, a token endpoint and a client id.
    pub fn complete(&self) -> bool {
        [
            &self.authorization_endpoint,
            &self.token_endpoint,
            &self.client_id,
        ]
        .iter()
        .all(|v| !v.trim().is_empty())
    }

    /// How the token requests authenticate the client: a public client sends its
    /// `client_id` only; a secret goes by `auth_method` (RFC 6749 §2.3.1).
    pub fn client_auth(&self) -> ClientAuth {
        let client_id = self.client_id.trim().to_owned();
        if self.client_secret.expose().is_empty() {
            return ClientAuth::None { client_id };
        }
        secret_auth(&self.auth_method, client_id, self.client_secret.clone())
    }

    pub fn get(&self, name: &str) -> String {
        match name {
            "issuer" => self.issuer.clone(),
            "authorization_endpoint" => self.authorization_endpoint.clone(),
            "token_endpoint" => self.token_endpoint.clone(),
            "jwks_uri" => self.jwks_uri.clone(),
            "userinfo_endpoint" => self.userinfo_endpoint.clone(),
            "revocation_endpoint" => self.revocation_endpoint.clone(),
            "introspection_endpoint" => self.introspection_endpoint.clone(),
            "device_authorization_endpoint" => self.device_authorization_endpoint.clone(),
            "pushed_authorization_request_endpoint" => self.pushed_authorization_request_endpoint.clone(),
            "client_id" => self.client_id.clone(),
            "client_secret" => self.client_secret.expose().to_owned(),
            "auth_method" => self.auth_method.clone(),
            "scope" => self.scope.clone(),
            "authorize_params" => self.authorize_params.clone(),
            "relay" => self.relay.to_string(),
            "forward_origin" => self.forward_origin.to_string(),
            "iss_required" => self.iss_required.to_string(),
            "par" => self.par.to_string(),
            "preset" => self.preset.clone(),
            "redirect_uri" => self.redirect_uri.clone(),
            _ => String::new(),
        }
    }

    /// Sets one field by name (a form input's, or a stored pair's); unknown names are ignored.
    pub fn set(&mut self, name: &str, value: String) {
        match name {
            "issuer" => self.issuer = value,
            "authorization_endpoint" => self.authorization_endpoint = value,
            "token_endpoint" => self.token_endpoint = value,
            "jwks_uri" => self.jwks_uri = value,
            "userinfo_endpoint" => self.userinfo_endpoint = value,
            "revocation_endpoint" => self.revocation_endpoint = value,
            "introspection_endpoint" => self.introspection_endpoint = value,
            "device_authorization_endpoint" => self.device_authorization_endpoint = value,
            "pushed_authorization_request_endpoint" => self.pushed_authorization_request_endpoint = value,
            "client_id" => self.client_id = value,
            "client_secret" => self.client_secret = Secret::new(value),
            "auth_method" => self.auth_method = value,
            "scope" => self.scope = value,
            "authorize_params" => self.authorize_params = value,
            "relay" => self.relay = value == "true",
            "forward_origin" => self.forward_origin = value == "true",
            "iss_required" => self.iss_required = value == "true",
            "par" => self.par = value == "true",
            "preset" => self.preset = value,
            "redirect_uri" => self.redirect_uri = value,
            _ => {}
        }
    }

    /// [`Config::authorize_params`] as pairs, each with a name; blank pairs (`a=1&&b=2`)
    /// are skipped. The request refuses a name it sets itself or one given twice.
    pub fn extra_params(&self) -> Result<Vec<(String, String)>, String> {
        let text = self.authorize_params.trim().trim_start_matches('?');
        let mut out = Vec::new();
        for (n, v) in form_urlencoded::parse(text.as_bytes()) {
            match (n.trim(), v.is_empty()) {
                ("", true) => {}
                ("", false) => return Err(format!("the extra parameter ={v} has no name")),
                (n, _) => out.push((n.to_owned(), v.into_owned())),
            }
        }
        Ok(out)
    }

    pub fn to_form(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for name in FIELDS {
            s.append_pair(name, &self.get(name));
        }
        s.finish()
    }

    /// Reads what [`Config::to_form`] wrote; `None` for an empty or foreign value.
    pub fn from_form(text: &str) -> Option<Self> {
        let mut c = Self::default();
        let mut any = false;
        for (n, v) in form_urlencoded::parse(text.as_bytes()) {
            if FIELDS.contains(&n.as_ref()) {
                any = true;
                c.set(&n, v.into_owned());
            }
        }
        any.then_some(c)
    }
}

/// A secret sent by `method`: `client_secret_post` in the body, else HTTP Basic, RFC 6749
/// §2.3.1's default.
pub fn secret_auth(method: &str, client_id: String, secret: Secret) -> ClientAuth {
    match method {
        "client_secret_post" => ClientAuth::SecretPost { client_id, secret },
        _ => ClientAuth::SecretBasic { client_id, secret },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_form() {
        let c = Config {
            issuer: "http://127.0.0.1:8080/sandbox/oauth2".into(),
            authorization_endpoint: "http://127.0.0.1:8080/sandbox/oauth2/authorize".into(),
            token_endpoint: "http://127.0.0.1:8080/sandbox/oauth2/token".into(),
            jwks_uri: String::new(),
            client_id: "playground-spa".into(),
            client_secret: Secret::new("s&cret"),
            auth_method: "client_secret_post".into(),
            scope: "openid profile".into(),
            relay: true,
            forward_origin: true,
            iss_required: true,
            par: true,
            revocation_endpoint: "http://127.0.0.1:8080/sandbox/oauth2/revoke".into(),
            preset: "google".into(),
            authorize_params: "access_type=offline&prompt=consent".into(),
            ..Config::default()
        };
        assert_eq!(Config::from_form(&c.to_form()), Some(c.clone()));
        assert!(
            c.to_form()
                .contains("&scope=openid+profile&authorize_params=access_type%3Doffline%26prompt%3Dconsent&")
        );
        assert!(c.to_form().starts_with(
            "preset=google&issuer=http%3A%2F%2F127.0.0.1%3A8080%2Fsandbox%2Foauth2&authorization_endpoint="
        ));
        assert_eq!(Config::from_form(""), None);
        assert_eq!(Config::from_form("consumer_key=x"), None);
        assert!(c.complete());
        assert!(!Config::default().complete());
        assert_eq!(
            c.endpoints(),
            [
                (
                    "authorization_endpoint",
                    "http://127.0.0.1:8080/sandbox/oauth2/authorize".into()
                ),
                (
                    "token_endpoint",
                    "http://127.0.0.1:8080/sandbox/oauth2/token".into()
                ),
                (
                    "revocation_endpoint",
                    "http://127.0.0.1:8080/sandbox/oauth2/revoke".into()
                ),
            ]
        );
        assert_eq!(
            c.redirect_to("http://127.0.0.1:8080/oauth2/"),
            "http://127.0.0.1:8080/oauth2/"
        );
        let pasted = Config {
            redirect_uri: " http://127.0.0.1:8080/callback ".into(),
            ..c
        };
        assert_eq!(
            pasted.redirect_to("http://127.0.0.1:8080/oauth2/"),
            "http://127.0.0.1:8080/callback"
        );
    }

    #[test]
    fn extra_parameters_are_form_encoded_pairs() {
        let with = |text: &str| Config {
            authorize_params: text.into(),
            ..Config::default()
        };
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        assert_eq!(with("").extra_params(), Ok(vec![]));
        assert_eq!(
            with(" ?access_type=offline&&prompt=consent&login_hint=a%40b+c ").extra_params(),
            Ok(vec![
                pair("access_type", "offline"),
                pair("prompt", "consent"),
                pair("login_hint", "a@b c")
            ])
        );
        assert_eq!(with("flag").extra_params(), Ok(vec![pair("flag", "")]));
        assert_eq!(
            with("a=1&=x").extra_params(),
            Err("the extra parameter =x has no name".to_owned())
        );
    }

    #[test]
    fn the_served_sandbox_replaces_none_or_a_stale_one_only() {
        let served = |port: u16| Config {
            issuer: format!("http://127.0.0.1:{port}/sandbox/oauth2"),
            client_id: SANDBOX_CLIENT.into(),
            ..Config::default()
        };
        assert_eq!(Config::or_served_sandbox(None, served(8080)), Some(served(8080)));
        assert_eq!(
            Config::or_served_sandbox(Some(&served(9090)), served(8080)),
            Some(served(8080))
        );
        assert_eq!(Config::or_served_sandbox(Some(&served(8080)), served(8080)), None);
        let other = Config {
            issuer: "https://accounts.example".into(),
            ..Config::default()
        };
        assert_eq!(Config::or_served_sandbox(Some(&other), served(8080)), None);
    }
}
