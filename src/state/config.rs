//! The provider configuration the user edits, as a reducer. Pure: no web-sys, tested natively.

use std::rc::Rc;

use oauth1::{Placement, SignatureMethod};
use yew::Reducible;

use super::choice::Choice;
use super::json::{Fields, Object};
use super::presets::{self, PresetId, SandboxInfo};

/// Where `oauth_callback` points (RFC 5849 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallbackMode {
    /// The page's own URL without query or fragment: the flow continues here.
    #[default]
    ThisPage,
    /// `oob`: the provider shows a PIN (the verifier) that the user pastes (§2.1).
    Oob,
    Custom,
}

impl CallbackMode {
    pub const ALL: [CallbackMode; 3] = [CallbackMode::ThisPage, CallbackMode::Oob, CallbackMode::Custom];

    /// The option's text in the form and in a link's list of changes.
    pub fn label(self) -> &'static str {
        match self {
            CallbackMode::ThisPage => "Return to this page",
            CallbackMode::Oob => "Out of band (PIN)",
            CallbackMode::Custom => "Custom URL",
        }
    }
}

/// How the browser reaches the provider: token endpoints rarely send CORS headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelayMode {
    /// `/relay?url={url}` of `oauth-playground serve`.
    SameOrigin,
    /// A user-given template containing `{url}`.
    Template,
    /// No relay: the endpoint sends CORS headers itself.
    #[default]
    Direct,
}

impl RelayMode {
    pub const ALL: [RelayMode; 3] = [RelayMode::SameOrigin, RelayMode::Template, RelayMode::Direct];

    /// The option's text in the form and in a link's list of changes.
    pub fn label(self) -> &'static str {
        match self {
            RelayMode::SameOrigin => "Same-origin relay",
            RelayMode::Template => "Relay template",
            RelayMode::Direct => "Direct (endpoint sends CORS headers)",
        }
    }
}

/// Every setting of one provider. Written into the session and the `#config=` link by
/// [`Config::write`]; read back by [`Config::read`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub provider: PresetId,
    pub request_token_url: String,
    pub request_token_method: String,
    /// May contain `{token}` and `{consumer_key}`; plain URLs get `oauth_token` appended.
    pub authorize_url: String,
    pub access_token_url: String,
    pub access_token_method: String,
    pub consumer_key: String,
    pub consumer_secret: String,
    pub signature_method: SignatureMethod,
    pub rsa_private_key: String,
    pub callback: CallbackMode,
    pub custom_callback: String,
    /// `name=value` lines per step.
    pub request_token_params: String,
    pub authorize_params: String,
    pub access_token_params: String,
    pub realm: String,
    pub placement: Placement,
    pub send_version: bool,
    pub send_empty_token: bool,
    pub user_agent: String,
    pub relay: RelayMode,
    pub relay_template: String,
    pub resource_url: String,
    pub resource_method: String,
    pub resource_params: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            provider: PresetId::Custom,
            request_token_url: String::new(),
            request_token_method: "POST".into(),
            authorize_url: String::new(),
            access_token_url: String::new(),
            access_token_method: "POST".into(),
            consumer_key: String::new(),
            consumer_secret: String::new(),
            signature_method: SignatureMethod::HmacSha1,
            rsa_private_key: String::new(),
            callback: CallbackMode::ThisPage,
            custom_callback: String::new(),
            request_token_params: String::new(),
            authorize_params: String::new(),
            access_token_params: String::new(),
            realm: String::new(),
            placement: Placement::Header,
            send_version: true,
            send_empty_token: false,
            user_agent: String::new(),
            relay: RelayMode::Direct,
            relay_template: String::new(),
            resource_url: String::new(),
            resource_method: "GET".into(),
            resource_params: String::new(),
        }
    }
}

/// One text field; the form sends `Set(field, text)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    RequestTokenUrl,
    RequestTokenMethod,
    AuthorizeUrl,
    AccessTokenUrl,
    AccessTokenMethod,
    ConsumerKey,
    ConsumerSecret,
    RsaPrivateKey,
    CustomCallback,
    RequestTokenParams,
    AuthorizeParams,
    AccessTokenParams,
    Realm,
    UserAgent,
    RelayTemplate,
    ResourceUrl,
    ResourceMethod,
    ResourceParams,
}

impl Config {
    /// Every field, in this order, with each choice by its one spelling.
    pub fn write(&self, out: &mut String) {
        Object::new(out)
            .str("provider", self.provider.name())
            .str("request_token_url", &self.request_token_url)
            .str("request_token_method", &self.request_token_method)
            .str("authorize_url", &self.authorize_url)
            .str("access_token_url", &self.access_token_url)
            .str("access_token_method", &self.access_token_method)
            .str("consumer_key", &self.consumer_key)
            .str("consumer_secret", &self.consumer_secret)
            .str("signature_method", self.signature_method.name())
            .str("rsa_private_key", &self.rsa_private_key)
            .str("callback", self.callback.name())
            .str("custom_callback", &self.custom_callback)
            .str("request_token_params", &self.request_token_params)
            .str("authorize_params", &self.authorize_params)
            .str("access_token_params", &self.access_token_params)
            .str("realm", &self.realm)
            .str("placement", self.placement.name())
            .bool("send_version", self.send_version)
            .bool("send_empty_token", self.send_empty_token)
            .str("user_agent", &self.user_agent)
            .str("relay", self.relay.name())
            .str("relay_template", &self.relay_template)
            .str("resource_url", &self.resource_url)
            .str("resource_method", &self.resource_method)
            .str("resource_params", &self.resource_params)
            .end();
    }

    /// Reads what [`Config::write`] wrote. Missing fields take their defaults and unknown ones are
    /// ignored, so older sessions and links keep working.
    pub fn read(f: &Fields) -> Result<Config, String> {
        let mut c = Config::default();
        f.variant("provider", &PresetId::all(), Choice::name, &mut c.provider)?;
        f.string("request_token_url", &mut c.request_token_url)?;
        f.string("request_token_method", &mut c.request_token_method)?;
        f.string("authorize_url", &mut c.authorize_url)?;
        f.string("access_token_url", &mut c.access_token_url)?;
        f.string("access_token_method", &mut c.access_token_method)?;
        f.string("consumer_key", &mut c.consumer_key)?;
        f.string("consumer_secret", &mut c.consumer_secret)?;
        f.variant(
            "signature_method",
            &SignatureMethod::ALL,
            Choice::name,
            &mut c.signature_method,
        )?;
        f.string("rsa_private_key", &mut c.rsa_private_key)?;
        f.variant("callback", &CallbackMode::ALL, Choice::name, &mut c.callback)?;
        f.string("custom_callback", &mut c.custom_callback)?;
        f.string("request_token_params", &mut c.request_token_params)?;
        f.string("authorize_params", &mut c.authorize_params)?;
        f.string("access_token_params", &mut c.access_token_params)?;
        f.string("realm", &mut c.realm)?;
        f.variant("placement", &Placement::ALL, Choice::name, &mut c.placement)?;
        f.boolean("send_version", &mut c.send_version)?;
        f.boolean("send_empty_token", &mut c.send_empty_token)?;
        f.string("user_agent", &mut c.user_agent)?;
        f.variant("relay", &RelayMode::ALL, Choice::name, &mut c.relay)?;
        f.string("relay_template", &mut c.relay_template)?;
        f.string("resource_url", &mut c.resource_url)?;
        f.string("resource_method", &mut c.resource_method)?;
        f.string("resource_params", &mut c.resource_params)?;
        Ok(c)
    }

    /// Applies one text edit.
    pub fn set(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::RequestTokenUrl => &mut self.request_token_url,
            Field::RequestTokenMethod => &mut self.request_token_method,
            Field::AuthorizeUrl => &mut self.authorize_url,
            Field::AccessTokenUrl => &mut self.access_token_url,
            Field::AccessTokenMethod => &mut self.access_token_method,
            Field::ConsumerKey => &mut self.consumer_key,
            Field::ConsumerSecret => &mut self.consumer_secret,
            Field::RsaPrivateKey => &mut self.rsa_private_key,
            Field::CustomCallback => &mut self.custom_callback,
            Field::RequestTokenParams => &mut self.request_token_params,
            Field::AuthorizeParams => &mut self.authorize_params,
            Field::AccessTokenParams => &mut self.access_token_params,
            Field::Realm => &mut self.realm,
            Field::UserAgent => &mut self.user_agent,
            Field::RelayTemplate => &mut self.relay_template,
            Field::ResourceUrl => &mut self.resource_url,
            Field::ResourceMethod => &mut self.resource_method,
            Field::ResourceParams => &mut self.resource_params,
        };
        *slot = value;
    }

    /// Applies one chosen or on/off setting.
    pub fn choose(&mut self, setting: Setting) {
        match setting {
            Setting::SignatureMethod(m) => self.signature_method = m,
            Setting::Callback(m) => self.callback = m,
            Setting::Placement(p) => self.placement = p,
            Setting::Relay(r) => self.relay = r,
            Setting::SendVersion(on) => self.send_version = on,
            Setting::SendEmptyToken(on) => self.send_empty_token = on,
        }
    }

    /// The `oauth_callback` value for a page at `page_url` (§2.1: a URL or `oob`).
    pub fn callback_value(&self, page_url: &str) -> String {
        match self.callback {
            CallbackMode::ThisPage => page_url.to_owned(),
            CallbackMode::Oob => "oob".to_owned(),
            CallbackMode::Custom => self.custom_callback.trim().to_owned(),
        }
    }

    /// True when the endpoints are not the local sandbox's: the view warns that signed
    /// requests go there (through the relay, when one is set).
    pub fn has_custom_endpoints(&self) -> bool {
        self.provider != PresetId::Sandbox
            && [
                &self.request_token_url,
                &self.authorize_url,
                &self.access_token_url,
            ]
            .iter()
            .any(|u| !u.trim().is_empty())
    }
}

/// Parses `name=value` lines: the engine's one parser (blank lines and `#` comments
/// skipped; `name` alone is an empty value, which is signed like any other, §3.4.1.3.2).
pub use engine::lines::parameters as parse_params;

/// A setting chosen from a list, or switched on or off: typed, so the form's select
/// values are read once, at the edge (`state::choice::parse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    SignatureMethod(SignatureMethod),
    Callback(CallbackMode),
    Placement(Placement),
    Relay(RelayMode),
    SendVersion(bool),
    SendEmptyToken(bool),
}

#[derive(Debug, Clone)]
pub enum ConfigAction {
    Set(Field, String),
    Choose(Setting),
    /// Applies a preset, keeping nothing of the previous provider but the relay choice.
    /// `default_relay` replaces the sandbox's "Direct" when leaving the sandbox.
    Preset(PresetId, Option<SandboxInfo>, RelayMode),
    /// Replaces everything (a restored session or a `#config=` link).
    Replace(Box<Config>),
}

impl Reducible for Config {
    type Action = ConfigAction;

    fn reduce(self: Rc<Self>, action: ConfigAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ConfigAction::Set(field, value) => next.set(field, value),
            ConfigAction::Choose(setting) => next.choose(setting),
            ConfigAction::Preset(id, sandbox, default_relay) => {
                let mut fresh = presets::apply(id, sandbox.as_ref());
                if id != PresetId::Sandbox {
                    // The sandbox is same-origin; real providers need the relay that fits the host.
                    fresh.relay = if self.provider == PresetId::Sandbox {
                        default_relay
                    } else {
                        self.relay
                    };
                    fresh.relay_template = self.relay_template.clone();
                }
                next = fresh;
            }
            ConfigAction::Replace(config) => next = *config,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::json::parse;

    #[test]
    fn edits_are_typed() {
        let mut c = Config::default();
        c.set(Field::ConsumerKey, "ck".into());
        c.choose(Setting::SignatureMethod(SignatureMethod::RsaSha256));
        c.choose(Setting::Placement(Placement::Query));
        c.choose(Setting::SendVersion(false));
        c.choose(Setting::SendEmptyToken(true));
        c.choose(Setting::Callback(CallbackMode::Oob));
        c.choose(Setting::Relay(RelayMode::Template));
        assert_eq!(
            (
                c.consumer_key.as_str(),
                c.signature_method,
                c.placement,
                c.send_version,
                c.send_empty_token
            ),
            ("ck", SignatureMethod::RsaSha256, Placement::Query, false, true)
        );
        assert_eq!(
            (c.callback_value("https://x/").as_str(), c.relay),
            ("oob", RelayMode::Template)
        );
    }

    /// Every field differs from its default, so a key misspelt in `read` shows.
    fn unusual() -> Config {
        Config {
            provider: PresetId::SmugMug,
            request_token_url: "a".into(),
            request_token_method: "GET".into(),
            authorize_url: "b".into(),
            access_token_url: "c".into(),
            access_token_method: "PUT".into(),
            consumer_key: "d".into(),
            consumer_secret: "e".into(),
            signature_method: SignatureMethod::RsaSha512,
            rsa_private_key: "f".into(),
            callback: CallbackMode::Custom,
            custom_callback: "g".into(),
            request_token_params: "h".into(),
            authorize_params: "i".into(),
            access_token_params: "j".into(),
            realm: "k".into(),
            placement: Placement::Body,
            send_version: false,
            send_empty_token: true,
            user_agent: "l".into(),
            relay: RelayMode::SameOrigin,
            relay_template: "m".into(),
            resource_url: "n".into(),
            resource_method: "DELETE".into(),
            resource_params: "o".into(),
        }
    }

    fn from_json(v: &crate::state::json::Value) -> Result<Config, String> {
        Config::read(&Fields::of(v, "the configuration")?)
    }

    #[test]
    fn reads_back_what_it_writes() {
        let c = unusual();
        let v = parse(&crate::state::json::text(|out| c.write(out))).unwrap();
        assert_eq!(from_json(&v).unwrap(), c);
        assert_eq!(v["provider"], "smug_mug");
        assert_eq!(v["relay"], "same_origin");
        // Missing fields default; unknown ones are ignored.
        let old = parse(r#"{"consumer_key": "ck", "retired_field": 1}"#).unwrap();
        let read = from_json(&old).unwrap();
        assert_eq!(
            (read.consumer_key.as_str(), read.resource_method.as_str()),
            ("ck", "GET")
        );
        let bad = parse(r#"{"placement": "sideways"}"#).unwrap();
        assert_eq!(
            from_json(&bad).unwrap_err(),
            "the configuration: \"placement\" is not a value this version knows"
        );
    }

    #[test]
    fn parses_parameter_lines() {
        let p = parse_params("scope=read,write\n\n# comment\nexpiration = never\nname=My App\nflag");
        assert_eq!(
            p,
            vec![
                ("scope".into(), "read,write".into()),
                ("expiration".into(), "never".into()),
                ("name".into(), "My App".into()),
                ("flag".into(), String::new()),
            ]
        );
    }

    #[test]
    fn preset_keeps_the_relay_choice() {
        let mut c = Config {
            relay: RelayMode::Template,
            relay_template: "https://r.example/?u={url}".into(),
            ..Config::default()
        };
        c.consumer_key = "old".into();
        let next = Rc::new(c).reduce(ConfigAction::Preset(PresetId::Trello, None, RelayMode::Direct));
        assert!(next.consumer_key.is_empty());
        assert!(next.authorize_params.contains("expiration"));
        assert_eq!(next.relay, RelayMode::Template);
        let sandbox = next.reduce(ConfigAction::Preset(
            PresetId::Sandbox,
            None,
            RelayMode::SameOrigin,
        ));
        assert_eq!(sandbox.relay, RelayMode::Direct);
        let x = sandbox.reduce(ConfigAction::Preset(PresetId::X, None, RelayMode::SameOrigin));
        assert_eq!(x.relay, RelayMode::SameOrigin);
        assert!(x.has_custom_endpoints());
    }
}
