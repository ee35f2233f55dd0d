//! Step 5, OpenID Connect: the id_token decoded (header, claims with readable times), its
//! signature checked by Web Crypto against the provider's JWKS, and each of OIDC Core
//! §3.1.3.7's checks shown as passed, failed or skipped, with the reason.

use oauth2::jwks::parse_jwks;
use oauth2::jwt::{CheckOutcome, Jws, JwtError, validate_id_token};
use oauth2::{HttpRequest, Secret};
use yew::prelude::*;

use crate::effects::{http, jws};
use crate::state::oauth2::flow::Pending;
use crate::state::oauth2::id_token::{self, ALLOWED, Claim};

#[derive(Properties, PartialEq)]
pub struct IdTokenProps {
    pub id_token: AttrValue,
    pub access_token: AttrValue,
    pub pending: Pending,
    pub relay: Option<String>,
}

#[derive(Clone, PartialEq)]
struct Shown {
    header: String,
    claims: Vec<Claim>,
    /// name, outcome, why
    checks: Vec<(&'static str, CheckOutcome, String)>,
}

/// The JWKS, fetched as the token request was: directly, or through the relay.
async fn keys(pending: &Pending, relay: Option<&str>) -> Result<Vec<oauth2::jwks::Jwk>, JwtError> {
    let request = HttpRequest {
        method: "GET".into(),
        url: pending.jwks_uri.clone(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: String::new(),
    };
    let template = if pending.relay { relay } else { None };
    let r = http::send(&request, template, "")
        .await
        .map_err(|e| JwtError::BadKey(format!("the JWKS could not be fetched: {}", e.explain())))?;
    parse_jwks(&r.body)
        .map(|set| set.keys)
        .map_err(|e| JwtError::BadKey(format!("the JWKS at {}: {e}", pending.jwks_uri)))
}

#[function_component]
pub fn IdTokenStep(p: &IdTokenProps) -> Html {
    let shown = use_state(|| None::<Result<Shown, String>>);
    {
        let (shown, token, access, pending, relay) = (
            shown.clone(),
            p.id_token.to_string(),
            p.access_token.to_string(),
            p.pending.clone(),
            p.relay.clone(),
        );
        use_effect_with(p.id_token.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let jws_token = match Jws::decode(&token) {
                    Ok(j) => j,
                    Err(e) => return shown.set(Some(Err(e.to_string()))),
                };
                let signature = match keys(&pending, relay.as_deref()).await {
                    Ok(keys) => jws::verify(&jws_token, &keys, ALLOWED).await,
                    Err(e) => Err(e),
                };
                let now = (js_sys::Date::now().max(0.0) / 1000.0) as i64;
                let expect = id_token::expectation(&pending, &Secret::new(access), now);
                let report = validate_id_token(&jws_token, &signature, &expect);
                let (header, claims) = id_token::decode(&jws_token);
                shown.set(Some(Ok(Shown {
                    header,
                    claims,
                    checks: report
                        .checks
                        .into_iter()
                        .map(|c| (c.name, c.outcome, c.detail))
                        .collect(),
                })));
            });
        });
    }
    let body = match &*shown {
        None => html! { <p class="hint">{ "Fetching the JWKS and checking the signature…" }</p> },
        Some(Err(e)) => html! { <div class="error" role="alert"><p>{ e }</p></div> },
        Some(Ok(s)) => html! {
            <>
            <ul class="checks">
            { for s.checks.iter().map(|(name, outcome, why)| {
                let (class, word) = match outcome {
                    CheckOutcome::Pass => ("ok", "passed"),
                    CheckOutcome::Fail => ("failed", "failed"),
                    CheckOutcome::Skipped => ("muted", "skipped"),
                };
                html! { <li class={class}><strong>{ format!("{name}: {word}") }</strong>{ " — " }{ why }</li> }
            }) }
            </ul>
            <figure><figcaption>{ "Header" }</figcaption><pre class="raw">{ &s.header }</pre></figure>
            { claims_table("Claims", &s.claims) }
            </>
        },
    };
    html! {
        <section class="panel step" aria-labelledby="step-id-token">
            <h3 id="step-id-token">{ "5. The id_token (OpenID Connect)" }</h3>
            <p class="hint">{ "Signed by the provider; its signature is checked here by Web Crypto against the provider's JWKS, then its claims (OIDC Core §3.1.3.7)." }</p>
            { body }
        </section>
    }
}

/// Claims (an id_token's, an introspection response's) with their times in UTC. A
/// function, not a component: it has no state (BENCHMARKS.md).
pub fn claims_table(caption: &'static str, claims: &[Claim]) -> Html {
    html! {
        <table class="params">
            <caption>{ caption }</caption>
            <thead><tr><th>{ "claim" }</th><th>{ "value" }</th><th>{ "UTC" }</th></tr></thead>
            <tbody>
            { for claims.iter().map(|c| html! {
                <tr><td><code>{ &c.name }</code></td><td><code>{ &c.value }</code></td>
                    <td>{ c.time.clone().unwrap_or_default() }</td></tr>
            }) }
            </tbody>
        </table>
    }
}
