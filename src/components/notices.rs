//! Hints that depend on where the page runs and where requests go.

use yew::prelude::*;

use crate::effects::signer;
use crate::state::config::{Config, RelayMode};

pub struct NoticesProps {
    pub config: Config,
    pub served: bool,
    pub probing: bool,
}

fn host(url: &str) -> Option<String> {
    url::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
}

pub fn notices(p: &NoticesProps) -> Html {
    let c = &p.config;
    let first_run = !p.probing && !p.served && c.relay == RelayMode::Direct;
    let mut hosts: Vec<String> = [&c.request_token_url, &c.access_token_url, &c.resource_url]
        .iter()
        .filter_map(|u| host(u))
        .collect();
    hosts.dedup();
    let via = match c.relay {
        RelayMode::Direct => "directly from this browser".to_owned(),
        RelayMode::SameOrigin => "through this server's relay".to_owned(),
        RelayMode::Template => format!("through the relay {}", c.relay_template),
    };
    let secret_note = if c.signature_method == oauth1::SignatureMethod::Plaintext {
        "With PLAINTEXT the signature IS the consumer secret and token secret, so they are sent too."
    } else {
        "The consumer secret is never sent, only signatures made with it."
    };
    html! {
        <>
            if first_run {
                <aside class="notice" aria-labelledby="first-run-h">
                    <h2 id="first-run-h">{ "Before you start: choose how requests reach the provider" }</h2>
                    <p>{ "This page is hosted statically, and most OAuth 1.0a token endpoints do not send CORS \
                        headers, so the browser cannot read their answers directly. Under Options → Relay:" }</p>
                    <ul>
                        <li><strong>{ "Same-origin relay" }</strong>{ ": run " }<code>{ "oauth-playground serve" }</code>
                            { " and open the page it prints; it relays and has a local sandbox provider." }</li>
                        <li><strong>{ "Relay template" }</strong>{ ": a relay you trust, with " }<code>{ "{url}" }</code>
                            { " for the target, e.g. " }<code>{ "https://relay.example/relay?url={url}" }</code>{ "." }</li>
                        <li><strong>{ "Direct" }</strong>{ ": only for endpoints that send CORS headers." }</li>
                    </ul>
                </aside>
            }
            if c.signature_method.is_rsa() && !signer::available() {
                <p class="notice warn" role="note">{ signer::INSECURE_CONTEXT }</p>
            }
            if c.has_custom_endpoints() && !hosts.is_empty() {
                <p class="notice">
                    { format!("Custom endpoints: the signed requests go to {} {via}. ", hosts.join(", ")) }
                    { secret_note }
                </p>
            }
        </>
    }
}
