//! The provider: preset, endpoints, consumer credentials, signature method.

use oauth1::SignatureMethod;
use yew::prelude::*;

use super::fields::FormField;
use crate::state::choice::{self, Choice};
use crate::state::config::{Config, ConfigAction, Field, RelayMode, Setting};
use crate::state::presets::{self, PresetId, SandboxInfo};
use crate::state::safe_url::{authorize_error, endpoint_error};

#[derive(Properties, PartialEq)]
pub struct ConfigFormProps {
    pub config: UseReducerHandle<Config>,
    pub sandbox: Option<SandboxInfo>,
    /// The relay for real providers: same-origin when served, else whatever the user set.
    pub default_relay: RelayMode,
}

fn opts(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .iter()
        .map(|(v, t)| (AttrValue::Static(v), AttrValue::Static(t)))
        .collect()
}

pub const METHODS: [(&str, &str); 2] = [("POST", "POST"), ("GET", "GET")];

/// A field's refusal message as a prop.
pub fn err(message: Option<String>) -> Option<AttrValue> {
    message.map(AttrValue::from)
}

/// A callback that sets one text field.
pub fn setter(config: &UseReducerHandle<Config>, field: Field) -> Callback<String> {
    let config = config.clone();
    Callback::from(move |v: String| config.dispatch(ConfigAction::Set(field, v)))
}

/// A select's callback: its option value is read as `T`'s one spelling, here at the edge.
pub fn chooser<T: Choice>(config: &UseReducerHandle<Config>, make: fn(T) -> Setting) -> Callback<String> {
    let config = config.clone();
    Callback::from(move |v: String| {
        if let Some(t) = choice::parse(&v) {
            config.dispatch(ConfigAction::Choose(make(t)));
        }
    })
}

/// A select's options: each value's spelling and its text.
pub fn choices<T: Choice>() -> Vec<(AttrValue, AttrValue)> {
    choice::options::<T>()
        .into_iter()
        .map(|(v, t)| (AttrValue::from(v), AttrValue::Static(t)))
        .collect()
}

#[function_component]
pub fn ConfigForm(p: &ConfigFormProps) -> Html {
    let c = &*p.config;
    let show_secret = use_state(|| false);
    let on_preset = {
        let (config, sandbox, relay) = (p.config.clone(), p.sandbox.clone(), p.default_relay);
        Callback::from(move |k: String| {
            if let Some(id) = choice::parse(&k) {
                config.dispatch(ConfigAction::Preset(id, sandbox.clone(), relay));
            }
        })
    };
    let info = presets::info_of(c.provider);
    let set = |f| setter(&p.config, f);
    // The sandbox registers a second consumer whose public key it holds (§3.4.3).
    let demo_rsa = p
        .sandbox
        .clone()
        .filter(|s| c.provider == PresetId::Sandbox && !s.rsa_private_key.is_empty())
        .map(|s| {
            let config = p.config.clone();
            Callback::from(move |_: MouseEvent| {
                config.dispatch(ConfigAction::Set(Field::ConsumerKey, s.rsa_consumer_key.clone()));
                config.dispatch(ConfigAction::Set(Field::RsaPrivateKey, s.rsa_private_key.clone()));
            })
        });
    let toggle_secret = {
        let s = show_secret.clone();
        Callback::from(move |on: bool| s.set(on))
    };
    html! {
        <section class="panel" aria-labelledby="provider-h">
            <h2 id="provider-h">{ "Provider" }</h2>
            <FormField id="provider" label="Provider" value={choice::spelling(c.provider)}
                options={choices::<PresetId>()} onchange={on_preset} />
            <div class={classes!("preset-info", info.unverified.then_some("unverified"))}>
                if info.unverified { <strong>{ "Unverified: " }</strong> }
                { info.notes }
                if !info.source.is_empty() {
                    { " Source: " }
                    if info.source.starts_with("http") {
                        <a href={info.source} target="_blank" rel="noopener noreferrer">{ info.source }</a>
                    } else { { info.source } }
                }
                if c.provider == PresetId::Sandbox && p.sandbox.is_none() {
                    <p class="hint">{ "No sandbox was announced by this host; run `oauth-playground serve` \
                        and open the page it prints." }</p>
                }
            </div>
            <div class="grid">
                <FormField id="rt-url" label="Request token URL" kind="url" value={c.request_token_url.clone()}
                    oninput={set(Field::RequestTokenUrl)} error={err(endpoint_error(&c.request_token_url))} />
                <FormField id="rt-method" label="Request token method" value={c.request_token_method.clone()}
                    options={opts(&METHODS)} onchange={set(Field::RequestTokenMethod)} />
                <FormField id="auth-url" label="Authorize URL" value={c.authorize_url.clone()}
                    oninput={set(Field::AuthorizeUrl)} error={err(authorize_error(&c.authorize_url))}
                    hint={"A plain URL gets ?oauth_token=… appended; or use the placeholders {token} and {consumer_key}."} />
                <FormField id="at-url" label="Access token URL" kind="url" value={c.access_token_url.clone()}
                    oninput={set(Field::AccessTokenUrl)} error={err(endpoint_error(&c.access_token_url))} />
                <FormField id="at-method" label="Access token method" value={c.access_token_method.clone()}
                    options={opts(&METHODS)} onchange={set(Field::AccessTokenMethod)} />
                <FormField id="consumer-key" label="Consumer key" value={c.consumer_key.clone()}
                    oninput={set(Field::ConsumerKey)} />
                <FormField id="consumer-secret" label="Consumer secret" value={c.consumer_secret.clone()}
                    kind={if *show_secret { "text" } else { "password" }} oninput={set(Field::ConsumerSecret)} />
                <FormField check=true id="show-consumer-secret" label="Show consumer secret" checked={*show_secret}
                    oncheck={toggle_secret} />
                <FormField id="sig-method" label="Signature method" value={choice::spelling(c.signature_method)}
                    options={choices::<SignatureMethod>()} onchange={chooser(&p.config, Setting::SignatureMethod)}
                    hint={signature_hint(c.signature_method)} />
            </div>
            if c.signature_method.is_rsa() {
                <FormField area=true id="rsa-key" label="RSA private key" rows={6} value={c.rsa_private_key.clone()}
                    oninput={set(Field::RsaPrivateKey)} placeholder="-----BEGIN PRIVATE KEY-----"
                    hint={"PEM, PKCS#8 or PKCS#1. It stays in this tab: the browser's Web Crypto signs with it, and the provider holds the public key (§3.4.3)."} />
                if let Some(onclick) = demo_rsa.clone() {
                    <button type="button" {onclick}>{ "Use the sandbox's RSA demo consumer" }</button>
                }
            }
        </section>
    }
}

fn signature_hint(m: SignatureMethod) -> AttrValue {
    AttrValue::Static(match m {
        SignatureMethod::Plaintext => {
            "PLAINTEXT sends enc(consumer secret)&enc(token secret) as the signature (§3.4.4): use it over HTTPS only."
        }
        m if m.is_rsa() => "RSA signs with your private key; the consumer secret is not used (§3.4.3).",
        _ => "HMAC keys are enc(consumer secret)&enc(token secret) (§3.4.2).",
    })
}
