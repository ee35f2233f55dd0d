//! The OAuth 2.0 page's configuration: the provider picker (`state::oauth2::preset`), its
//! placeholder values, discovery, the client (with its secret and how it is sent), the
//! scope and extra authorization parameters, the redirect URI and the relay. It folds once
//! complete, so the steps stay in view.

use yew::prelude::*;

use super::discover;
use crate::components::fields::{FormField, copy_field};
use crate::state::oauth2::config::Config;
use crate::state::oauth2::preset::{self, Refused};
use crate::state::safe_url::endpoint_error;

#[derive(Properties, PartialEq)]
pub struct ConfigProps {
    pub config: UseStateHandle<Config>,
    pub page_url: AttrValue,
    /// The served sandbox's configuration, once `serve` announced it.
    pub sandbox: Option<Config>,
}

/// What "Discover" found: the document and the endpoints, or why there are none.
type Found = Result<(String, Vec<(&'static str, String)>), String>;

/// A callback that changes one field of the configuration by `f`.
fn setter<T: 'static>(config: &UseStateHandle<Config>, f: fn(&mut Config, T)) -> Callback<T> {
    let config = config.clone();
    Callback::from(move |v: T| {
        let mut next = (*config).clone();
        f(&mut next, v);
        config.set(next);
    })
}

#[function_component]
pub fn ConfigPanel(p: &ConfigProps) -> Html {
    let c = &*p.config;
    // The preset's placeholder values as typed, and the one its Part rule refused.
    let values = use_state(Vec::<(&'static str, String)>::new);
    let refused = use_state(|| None::<Refused>);
    let found = use_state(|| None::<Found>);
    let busy = use_state(|| false);
    // Typed into: the panel stays open once it completes (it folds only when it starts
    // complete, as the served sandbox does).
    let editing = use_state(|| false);
    let edited = {
        let e = editing.clone();
        Callback::from(move |()| {
            if !*e {
                e.set(true)
            }
        })
    };
    let show_secret = use_state(|| false);
    let update = |f: fn(&mut Config, String)| setter(&p.config, f);
    let field = |name: &'static str, label: &'static str, hint: &'static str| {
        let config = p.config.clone();
        let oninput = Callback::from(move |v: String| {
            let mut next = (*config).clone();
            next.set(name, v);
            config.set(next);
        });
        let value = c.get(name);
        let error = endpoint_error(&value).filter(|_| name.ends_with("_endpoint"));
        html! { <FormField id={name} {label} {value} {oninput} {hint} error={error.map(AttrValue::from)} /> }
    };
    let on_preset = {
        let (config, sandbox, values, refused, found) = (
            p.config.clone(),
            p.sandbox.clone(),
            values.clone(),
            refused.clone(),
            found.clone(),
        );
        Callback::from(move |id: String| {
            values.set(vec![]);
            refused.set(None);
            found.set(None);
            config.set(preset::choose(&config, &id, sandbox.as_ref()));
        })
    };
    let placeholder = |ph: &'static oauth2::presets::Placeholder| {
        let (config, typed, refusal) = (p.config.clone(), values.clone(), refused.clone());
        let oninput = Callback::from(move |v: String| {
            let mut next: Vec<(&'static str, String)> =
                typed.iter().filter(|(n, _)| *n != ph.name).cloned().collect();
            next.push((ph.name, v));
            let pairs: Vec<(&str, &str)> = next.iter().map(|(n, v)| (*n, v.as_str())).collect();
            // Filled once every value passes its Part rule; until then the first refusal shows.
            if let Some(pr) = oauth2::presets::find(&config.preset) {
                match preset::fill(&config, pr, &pairs) {
                    Ok(c) => {
                        refusal.set(None);
                        config.set(c);
                    }
                    Err(r) => refusal.set(Some(r)),
                }
            }
            typed.set(next);
        });
        let value = values
            .iter()
            .find(|(n, _)| *n == ph.name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        // A missing value is not an error yet: only one that was typed and refused.
        let error = refused
            .as_ref()
            .filter(|r| r.name == ph.name && !value.trim().is_empty())
            .map(|r| AttrValue::from(r.why.clone()));
        html! {
            <FormField id={format!("preset-{}", ph.name)} label={ph.label} {value} {oninput}
                placeholder={ph.example} {error} />
        }
    };
    let ondiscover = {
        let (config, found, busy) = (p.config.clone(), found.clone(), busy.clone());
        Callback::from(move |_| {
            let urls = match preset::discovery_urls(&config) {
                Ok(u) => u,
                Err(e) => return found.set(Some(Err(e))),
            };
            busy.set(true);
            let (config, found, busy) = (config.clone(), found.clone(), busy.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let issuer = config.issuer.trim().to_owned();
                let mut failures = Vec::new();
                for url in urls {
                    match discover(&url, &issuer).await {
                        Ok(m) => {
                            let next = (*config).clone().with_metadata(&m);
                            found.set(Some(Ok((url, next.endpoints()))));
                            busy.set(false);
                            return config.set(next);
                        }
                        Err(e) => failures.push(format!("{url}: {e}")),
                    }
                }
                busy.set(false);
                found.set(Some(Err(format!(
                    "No metadata for {issuer}. {}",
                    failures.join(" ")
                ))));
            });
        })
    };
    let about = preset::about(&c.preset).map(|a| {
        html! {
            <div class={classes!("preset-info", (!a.unverified.is_empty()).then_some("unverified"))}>
                <ul>{ for a.notes.iter().map(|n| html! { <li>{ *n }</li> }) }</ul>
                <p>{ format!("Token endpoint from a browser: {}.", a.browser) }</p>
                if !a.unverified.is_empty() {
                    <p><strong>{ "Unverified: " }</strong>{ a.unverified.join("; ") }</p>
                }
                <p>{ "Source: " }{ match &a.source {
                    Ok(href) => html! { <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ href }</a> },
                    Err(text) => html! { { *text } },
                } }</p>
            </div>
        }
    });
    let placeholders = oauth2::presets::find(&c.preset).map_or(&[][..], |pr| pr.placeholders);
    let found_view = match &*found {
        Some(Ok((url, endpoints))) => html! {
            <div class="ok" id="discovered" role="status">
                <p>{ format!("Discovered from {url}:") }</p>
                <ul>{ for endpoints.iter().map(|(n, v)| html! { <li><code>{ *n }</code>{ " " }{ v }</li> }) }</ul>
            </div>
        },
        Some(Err(e)) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
        None => Html::default(),
    };
    let toggle_secret = {
        let s = show_secret.clone();
        Callback::from(move |on: bool| s.set(on))
    };
    let toggle = |f: fn(&mut Config, bool)| setter(&p.config, f);
    let options: Vec<(AttrValue, AttrValue)> = preset::options(p.sandbox.is_some())
        .into_iter()
        .map(|(v, t)| (AttrValue::from(v), AttrValue::from(t)))
        .collect();
    let summary = if c.complete() {
        format!(
            "Configuration: client {} at {}",
            c.client_id,
            if c.issuer.is_empty() {
                &c.authorization_endpoint
            } else {
                &c.issuer
            }
        )
    } else {
        "Configuration (incomplete)".to_owned()
    };
    let methods: Vec<(AttrValue, AttrValue)> = vec![
        (
            "client_secret_basic".into(),
            "client_secret_basic (HTTP Basic header)".into(),
        ),
        (
            "client_secret_post".into(),
            "client_secret_post (in the form body)".into(),
        ),
    ];
    let method = match c.auth_method.as_str() {
        "client_secret_post" => "client_secret_post",
        _ => "client_secret_basic",
    };
    html! {
        <>
        <details class="panel config" open={!c.complete() || *editing} oninput={edited.reform(|_: InputEvent| ())} onchange={edited.reform(|_: Event| ())}>
            <summary>{ summary }</summary>
            <FormField id="preset" label="Provider" value={AttrValue::from(preset::chosen(c).to_owned())}
                {options} onchange={on_preset} />
            { about.unwrap_or_default() }
            { for placeholders.iter().map(placeholder) }
            <FormField id="issuer" label="Issuer" value={c.issuer.clone()} oninput={update(|c, v| c.issuer = v)}
                hint={"The authorization server's identifier (RFC 8414 §2); the callback's iss must equal it (RFC 9207)."}
                error={endpoint_error(&c.issuer).map(AttrValue::from)}>
                <button type="button" onclick={ondiscover} disabled={*busy || c.issuer.trim().is_empty()}>
                    { if *busy { "Discovering…" } else { "Discover" } }</button>
            </FormField>
            { field("authorization_endpoint", "Authorization endpoint", "Where the browser goes to log in and consent (RFC 6749 §3.1).") }
            { field("token_endpoint", "Token endpoint", "Where the page redeems the code (RFC 6749 §3.2).") }
            { field("client_id", "Client ID", "As registered with the provider (RFC 6749 §2.2).") }
            <FormField id="client_secret" label="Client secret" value={c.client_secret.expose().to_owned()}
                kind={if *show_secret { "text" } else { "password" }} oninput={update(|c, v| c.set("client_secret", v))}
                hint={"Empty: a public client, which proves itself with PKCE only (RFC 6749 §2.1, RFC 7636). Kept in this browser's configuration."} />
            <FormField check=true id="show-client-secret" label="Show client secret" checked={*show_secret}
                oncheck={toggle_secret} />
            if !c.client_secret.expose().is_empty() {
                <FormField id="auth_method" label="Send the secret by" value={method} options={methods}
                    onchange={update(|c, v| c.auth_method = v)}
                    hint={"RFC 6749 §2.3.1: servers must accept HTTP Basic; the body is allowed but not recommended. Some servers take only one."} />
            }
            { field("scope", "Scope", "Space-separated (RFC 6749 §3.3); openid makes it an OpenID Connect login.") }
            { field("authorize_params", "Extra authorization parameters", "Added to the authorization URL, form-encoded: prompt=consent&login_hint=you@example.com. A preset adds what its provider needs for a refresh token.") }
            <FormField id="redirect_uri" label="Registered redirect URI" value={c.redirect_uri.clone()}
                oninput={update(|c, v| c.redirect_uri = v)} placeholder={p.page_url.clone()}
                error={endpoint_error(&c.redirect_uri).map(AttrValue::from)}
                hint={"Empty: this page, which reads the callback itself. Another (a provider that will not redirect to this origin, e.g. a loopback /callback): paste the URL the browser arrives at in step 3."} />
            <FormField id="relay" label="Send the token request through the relay" check=true checked={c.relay}
                oncheck={toggle(|c, on| c.relay = on)} hint={"For token endpoints that send no CORS headers (GitHub, X, Discord, Slack, MediaWiki)."} />
            if c.relay {
                <FormField id="forward_origin" label="Forward the page's Origin" check=true checked={c.forward_origin}
                    oncheck={toggle(|c, on| c.forward_origin = on)} hint={"Microsoft Entra ID redeems \"Single-page application\" codes only with the Origin header (AADSTS9002327), and refuses it for \"Web\" ones (AADSTS9002326)."} />
            }
            { copy_field("redirect-uri", "Redirect URI to register", c.redirect_to(&p.page_url).into()) }
        </details>
        // Outside the panel: discovery completes it, and the panel folds.
        { found_view }
        </>
    }
}
