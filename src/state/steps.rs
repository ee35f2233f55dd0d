//! From configuration and flow state to the engine's [`LegRequest`] (RFC 5849 §2: the
//! three legs), and the authorize URL. Pure: the engine's runner brings the nonce and clock,
//! the caller the page URL.

use super::json::Fields;
use engine::lines::parameters;
use engine::oauth1_flow::{AuthorizeEndpoint, Expect, LegError, LegRequest};
use oauth1::{Credentials, RequestSpec, RsaKey, Secret, SignOptions};

use super::config::{CallbackMode, Config};
use super::safe_url::callback_error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    RequestToken,
    Authorize,
    AccessToken,
    Resource,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::RequestToken,
        Step::Authorize,
        Step::AccessToken,
        Step::Resource,
    ];

    /// The button's accessible name.
    pub fn button(self) -> &'static str {
        match self {
            Step::RequestToken => "Get request token",
            Step::Authorize => "Authorize",
            Step::AccessToken => "Get access token",
            Step::Resource => "Try it",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::RequestToken => "1. Temporary credentials (RFC 5849 §2.1)",
            Step::Authorize => "2. Resource owner authorization (§2.2)",
            Step::AccessToken => "3. Token credentials (§2.3)",
            Step::Resource => "4. Call a protected resource (§3)",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A token and its secret, as strings: they go to storage and to the signer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenPair {
    pub token: String,
    pub secret: String,
}

impl TokenPair {
    pub fn write(&self, out: &mut String) {
        crate::state::json::Object::new(out)
            .str("token", &self.token)
            .str("secret", &self.secret)
            .end();
    }

    /// Reads what [`TokenPair::write`] wrote.
    pub fn read(f: &Fields) -> Result<Self, String> {
        let mut t = TokenPair::default();
        f.string("token", &mut t.token)?;
        f.string("secret", &mut t.secret)?;
        Ok(t)
    }
}

/// Builds a signed step. `token` is the request token (access-token leg) or the access
/// token (resources); `verifier` only for the access-token leg (§2.3).
pub fn leg_request(
    step: Step,
    config: &Config,
    token: Option<&TokenPair>,
    verifier: &str,
    page_url: &str,
) -> Result<LegRequest, String> {
    let (method, url, params) = match step {
        Step::RequestToken => (
            &config.request_token_method,
            &config.request_token_url,
            &config.request_token_params,
        ),
        Step::AccessToken => (
            &config.access_token_method,
            &config.access_token_url,
            &config.access_token_params,
        ),
        Step::Resource => (
            &config.resource_method,
            &config.resource_url,
            &config.resource_params,
        ),
        Step::Authorize => return Err("the authorize step is a browser redirect; it is not signed".into()),
    };
    if url.trim().is_empty() {
        return Err(format!("Fill in the URL for \"{}\".", step.button()));
    }
    let rsa_key = if config.signature_method.is_rsa() {
        Some(RsaKey::from_pem(&config.rsa_private_key).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let mut options = SignOptions {
        signature_method: config.signature_method,
        placement: config.placement,
        realm: Some(config.realm.trim().to_owned()).filter(|r| !r.is_empty()),
        include_version: config.send_version,
        // An empty oauth_token is only meaningful where there is no token: the first leg.
        send_empty_token: config.send_empty_token && step == Step::RequestToken,
        ..SignOptions::default()
    };
    match step {
        Step::RequestToken => {
            let cb = config.callback_value(page_url);
            if cb.is_empty() {
                return Err("Fill in the custom callback URL, or choose another callback.".into());
            }
            // The provider will send the user there (§2.2): http(s) only, like every URL.
            if let Some(e) = callback_error(config) {
                return Err(format!("The custom callback URL is not usable. {e}"));
            }
            options.callback = Some(cb);
        }
        Step::AccessToken => {
            let v = verifier.trim();
            if v.is_empty() {
                return Err(
                    "The access-token step needs the verifier (RFC 5849 §2.3): authorize first, \
                            or paste the PIN."
                        .into(),
                );
            }
            options.verifier = Some(v.to_owned());
        }
        _ => {}
    }
    if step != Step::RequestToken && token.is_none() {
        return Err("There is no token for this step yet.".into());
    }
    let credentials = Credentials {
        consumer_key: config.consumer_key.trim().to_owned(),
        consumer_secret: Secret::new(config.consumer_secret.clone()),
        token: token
            .map(|t| t.token.clone())
            .filter(|_| step != Step::RequestToken),
        token_secret: Secret::new(
            token
                .filter(|_| step != Step::RequestToken)
                .map(|t| t.secret.clone())
                .unwrap_or_default(),
        ),
        rsa_key,
    };
    let spec = RequestSpec {
        method: method.clone(),
        url: url.trim().to_owned(),
        extra_params: parameters(params),
        ..RequestSpec::default()
    };
    Ok(LegRequest {
        spec,
        credentials,
        options,
        extra_headers: Vec::new(),
        expects: if step == Step::Resource {
            Expect::Resource
        } else {
            Expect::Tokens
        },
    })
}

/// The provider's authorization page for `request_token` (§2.2), built by the engine
/// (a `{token}`/`{consumer_key}` template, else `oauth_token` appended) and checked to be
/// http(s) before the page navigates there.
pub fn authorize_url(config: &Config, request_token: &str) -> Result<String, String> {
    let endpoint = AuthorizeEndpoint::new(&config.authorize_url, parameters(&config.authorize_params))
        .map_err(|_| "Fill in the authorize URL.".to_owned())?;
    match engine::oauth1_flow::authorize_url(&endpoint, request_token, &config.consumer_key) {
        Ok(url) => Ok(url.into()),
        Err(LegError::AuthorizeUrl(e)) => Err(format!("The authorize URL is not usable. Refused: {e}.")),
        Err(e) => Err(e.to_string()),
    }
}

/// Opens the provider's page in a new tab for `oob` (the user comes back with a PIN),
/// in this tab otherwise (the provider redirects back here).
pub fn authorize_in_new_tab(config: &Config) -> bool {
    config.callback == CallbackMode::Oob
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::presets::{self, PresetId};
    use oauth1::Placement;

    fn cfg() -> Config {
        let mut c = presets::apply(PresetId::Sandbox, None);
        c.consumer_key = "key".into();
        c.consumer_secret = "secret".into();
        c
    }

    #[test]
    fn request_token_leg_sends_the_callback_and_no_token() {
        let i = leg_request(Step::RequestToken, &cfg(), None, "", "https://h/app/").unwrap();
        assert_eq!(i.options.callback.as_deref(), Some("https://h/app/"));
        assert_eq!(i.credentials.token, None);
        assert_eq!(i.spec.method, "POST");
    }

    #[test]
    fn empty_token_only_on_the_first_leg() {
        let mut c = cfg();
        c.send_empty_token = true;
        assert!(
            leg_request(Step::RequestToken, &c, None, "", "x")
                .unwrap()
                .options
                .send_empty_token
        );
        let t = TokenPair {
            token: "t".into(),
            secret: "s".into(),
        };
        let i = leg_request(Step::AccessToken, &c, Some(&t), "v", "x").unwrap();
        assert!(!i.options.send_empty_token);
        assert_eq!(i.credentials.token.as_deref(), Some("t"));
        assert_eq!(i.credentials.token_secret.expose(), "s");
        assert_eq!(i.options.verifier.as_deref(), Some("v"));
    }

    #[test]
    fn access_token_needs_a_verifier_and_rsa_needs_a_key() {
        let t = TokenPair::default();
        assert!(
            leg_request(Step::AccessToken, &cfg(), Some(&t), " ", "x")
                .unwrap_err()
                .contains("verifier")
        );
        let mut c = cfg();
        c.signature_method = oauth1::SignatureMethod::RsaSha1;
        assert!(
            leg_request(Step::RequestToken, &c, None, "", "x")
                .unwrap_err()
                .contains("PEM")
        );
    }

    #[test]
    fn signs_end_to_end_with_extras() {
        let mut c = cfg();
        c.request_token_params = "scope=read".into();
        c.placement = Placement::Query;
        let i = leg_request(Step::RequestToken, &c, None, "", "oob").unwrap();
        let s = oauth1::sign_request(&i.spec, &i.credentials, &i.options, "nonce", 1).unwrap();
        assert!(s.explanation.normalized_parameters.contains("scope=read"));
    }

    #[test]
    fn authorize_urls() {
        let mut c = cfg();
        c.authorize_url = "https://p/authorize".into();
        c.authorize_params = "scope=read,write\nname=My App".into();
        assert_eq!(
            authorize_url(&c, "a b").unwrap(),
            "https://p/authorize?oauth_token=a%20b&scope=read%2Cwrite&name=My%20App"
        );
        let e = presets::apply(PresetId::Etrade, None);
        let e = Config {
            consumer_key: "ck".into(),
            ..e
        };
        assert_eq!(
            authorize_url(&e, "tok").unwrap(),
            "https://us.etrade.com/e/t/etws/authorize?key=ck&token=tok"
        );
        c.authorize_url = "https://p/a?x=1".into();
        c.authorize_params.clear();
        assert_eq!(authorize_url(&c, "t").unwrap(), "https://p/a?x=1&oauth_token=t");
        c.authorize_url = "not a url".into();
        assert!(authorize_url(&c, "t").is_err());
        c.authorize_url = "  JavaScript:alert(1)//".into();
        assert_eq!(
            authorize_url(&c, "t").unwrap_err(),
            "The authorize URL is not usable. Refused: the URL \"JavaScript:alert(1)//?oauth_token=t\" \
             must start with http:// or https://."
        );
        // A placeholder cannot smuggle a scheme in: the consumer key is filled in, then checked.
        c.authorize_url = "{consumer_key}:alert(1)//{token}".into();
        c.consumer_key = "javascript".into();
        assert!(authorize_url(&c, "t").is_err());
    }

    #[test]
    fn a_custom_callback_must_be_http() {
        let mut c = cfg();
        c.callback = CallbackMode::Custom;
        c.custom_callback = "javascript:alert(1)".into();
        let e = leg_request(Step::RequestToken, &c, None, "", "x").unwrap_err();
        assert!(
            e.starts_with("The custom callback URL is not usable. Refused:"),
            "{e}"
        );
        c.custom_callback = "https://me.example/cb".into();
        let i = leg_request(Step::RequestToken, &c, None, "", "x").unwrap();
        assert_eq!(i.options.callback.as_deref(), Some("https://me.example/cb"));
    }
}
