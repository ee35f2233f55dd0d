//! The protocol options: callback, extra parameters per step, realm, placement, the
//! optional parameters, User-Agent, relay, and the protected resource for "Try it".

use oauth1::Placement;
use yew::prelude::*;

use super::config_form::{choices, chooser, err, setter};
use super::fields::FormField;
use crate::effects::location;
use crate::state::choice::spelling;
use crate::state::config::{CallbackMode, Config, ConfigAction, Field, RelayMode, Setting};
use crate::state::safe_url::{endpoint_error, relay_error};

pub struct OptionsFormProps {
    pub config: UseReducerHandle<Config>,
    /// The page's own URL, shown as the callback.
    pub page_url: AttrValue,
    /// The relay announced by `playground.json`, when served.
    pub served_relay: Option<AttrValue>,
}

fn opts(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .iter()
        .map(|(v, t)| (AttrValue::Static(v), AttrValue::Static(t)))
        .collect()
}

pub fn options_form(p: &OptionsFormProps) -> Html {
    let c = &*p.config;
    let set = |f| setter(&p.config, f);
    let check = |make: fn(bool) -> Setting| {
        let config = p.config.clone();
        Callback::from(move |on: bool| config.dispatch(ConfigAction::Choose(make(on))))
    };
    let relay_hint = match (c.relay, &p.served_relay) {
        (RelayMode::SameOrigin, Some(t)) => format!("Requests go to this server's relay: {t}"),
        (RelayMode::SameOrigin, None) => {
            "This page was not served by `oauth-playground serve`, so there is probably no /relay here."
                .into()
        }
        (RelayMode::Template, _) => "{url} is replaced by the percent-encoded target URL, e.g. \
            https://relay.example/relay?url={url}. The signature is always for the target URL."
            .into(),
        (RelayMode::Direct, _) => {
            "Only for endpoints that send CORS headers (Access-Control-Allow-Origin).".into()
        }
    };
    html! {
        <section class="panel" aria-labelledby="options-h">
            <h2 id="options-h">{ "Options" }</h2>
            <div class="grid">
                <FormField id="callback" label="Callback" value={spelling(c.callback)}
                    options={choices::<CallbackMode>()} onchange={chooser(&p.config, Setting::Callback)}
                    hint={AttrValue::from(match c.callback {
                        CallbackMode::ThisPage => format!("oauth_callback = {} (§2.1)", p.page_url),
                        CallbackMode::Oob => "oauth_callback = oob: the provider shows a PIN to paste (§2.1).".into(),
                        CallbackMode::Custom => "The provider sends the verifier to your URL; paste it here.".into(),
                    })} />
                if c.callback == CallbackMode::Custom {
                    <FormField id="custom-callback" label="Custom callback URL" kind="url"
                        value={c.custom_callback.clone()} oninput={set(Field::CustomCallback)}
                        error={err(endpoint_error(&c.custom_callback))} />
                }
                <FormField id="realm" label="Realm" value={c.realm.clone()} oninput={set(Field::Realm)}
                    hint={"Sent in the Authorization header only, never signed (§3.4.1.3.1, §3.5.1)."} />
                <FormField id="placement" label="Parameter placement" value={spelling(c.placement)}
                    options={choices::<Placement>()} onchange={chooser(&p.config, Setting::Placement)}
                    hint={if c.placement == Placement::Body {
                        "Body placement needs POST with a form body (§3.5.2)."
                    } else { "Where the oauth_* parameters go (§3.5)." }} />
                <FormField check=true id="send-version" label="Send oauth_version" checked={c.send_version}
                    oncheck={check(Setting::SendVersion)} hint={"Optional (§3.1); a few servers insist either way."} />
                <FormField check=true id="send-empty-token" label="Send empty oauth_token" checked={c.send_empty_token}
                    oncheck={check(Setting::SendEmptyToken)}
                    hint={"On the request-token step only. Breaks most servers; reportedly required by Jira."} />
                <FormField id="user-agent" label="User-Agent" value={c.user_agent.clone()}
                    oninput={set(Field::UserAgent)}
                    hint={"Sent where the browser allows it (Firefox); Chromium keeps its own."} />
                <FormField id="relay" label="Relay" value={spelling(c.relay)}
                    options={choices::<RelayMode>()} onchange={chooser(&p.config, Setting::Relay)} hint={AttrValue::from(relay_hint)} />
                if c.relay == RelayMode::Template {
                    <FormField id="relay-template" label="Relay URL template" value={c.relay_template.clone()}
                        oninput={set(Field::RelayTemplate)} placeholder="https://relay.example/relay?url={url}"
                        error={err(relay_error(&c.relay_template, &location::origin()))} />
                }
            </div>
            <details class="extras" open={has_extras(c)}>
                <summary>{ "Extra parameters per step" }</summary>
                <p class="hint">{ "One name=value per line. They are signed like every other parameter \
                    (§3.4.1.3); on authorize they are only appended to the URL." }</p>
                <div class="grid">
                    <FormField area=true id="rt-params" label="Extra parameters (request token)"
                        value={c.request_token_params.clone()} oninput={set(Field::RequestTokenParams)}
                        placeholder="scope=read" />
                    <FormField area=true id="auth-params" label="Extra parameters (authorize)"
                        value={c.authorize_params.clone()} oninput={set(Field::AuthorizeParams)}
                        placeholder="expiration=1day" />
                    <FormField area=true id="at-params" label="Extra parameters (access token)"
                        value={c.access_token_params.clone()} oninput={set(Field::AccessTokenParams)} />
                </div>
            </details>
            <div class="grid">
                <FormField id="resource-url" label="Protected resource URL" kind="url"
                    value={c.resource_url.clone()} oninput={set(Field::ResourceUrl)}
                    error={err(endpoint_error(&c.resource_url))} />
                <FormField id="resource-method" label="Protected resource method" value={c.resource_method.clone()}
                    options={opts(&[("GET", "GET"), ("POST", "POST")])} onchange={set(Field::ResourceMethod)} />
                <FormField area=true id="resource-params" label="Extra parameters (protected resource)"
                    value={c.resource_params.clone()} oninput={set(Field::ResourceParams)} rows={2} />
            </div>
        </section>
    }
}

fn has_extras(c: &Config) -> bool {
    ![
        &c.request_token_params,
        &c.authorize_params,
        &c.access_token_params,
    ]
    .iter()
    .all(|s| s.trim().is_empty())
}
