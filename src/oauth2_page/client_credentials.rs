//! The client credentials tab (RFC 6749 §4.4): one token request with the client's own
//! secret, raw, and the token saved.

use yew::prelude::*;

use super::shared::use_shared;
use super::steps::token_view;
use super::{keep_issued, send};
use crate::components::fields::FormField;
use crate::state::oauth2::client_credentials::request;
use crate::state::oauth2::flows::{Flow, client_for};

#[function_component]
pub fn ClientCredentialsPanel() -> Html {
    let shared = use_shared();
    let scope = use_state(|| None::<String>);
    let answer = use_state(|| None::<send::Answer<(String, String)>>);
    let busy = use_state(|| false);
    let Some(shared) = shared else {
        return Html::default();
    };
    let client = client_for(&shared.config, Flow::ClientCredentials);
    let scope_now = (*scope).clone().unwrap_or_else(|| client.scope.clone());
    let onscope = {
        let scope = scope.clone();
        Callback::from(move |v: String| scope.set(Some(v)))
    };
    let onsend = {
        let (shared, answer, busy, auth, scope) = (
            shared.clone(),
            answer.clone(),
            busy.clone(),
            client.auth.clone(),
            scope_now.clone(),
        );
        Callback::from(move |_| {
            let token_endpoint = shared.config.token_endpoint.clone();
            let built = request(&token_endpoint, &auth, &scope);
            let (shared, auth, scope) = (shared.clone(), auth.clone(), scope.clone());
            send::spawn_token(built, shared.template(), busy.clone(), answer.clone(), move |t| {
                let note = keep_issued(&shared, &token_endpoint, Some(&scope), &auth, &t);
                (t.access_token.expose().to_owned(), note)
            });
        })
    };
    let public = matches!(client.auth, oauth2::ClientAuth::None { .. });
    html! {
        <section class="panel step" aria-labelledby="step-cc">
            <h3 id="step-cc">{ "1. The token request" }</h3>
            <p>{ "Client: " }<code>{ client.auth.client_id() }</code>{ format!(", authenticated by {}", client.auth.method().as_str()) }</p>
            if let Some(n) = &client.note { <p class="hint">{ n }</p> }
            if public {
                <p class="hint">{ "A public client has no secret to prove itself with: type the client secret under Configuration." }</p>
            }
            <FormField id="cc-scope" label="Scope of this request" value={scope_now.clone()} oninput={onscope}
                hint="Space-separated; the client's own API scopes (RFC 6749 §4.4.2)." />
            <button type="button" class="primary" onclick={onsend} disabled={*busy}>{ "Send the token request" }</button>
            if let Some(x) = &*answer {
                <send::RawExchange sent={x.sent.clone()} />
                { send::workings(&x.workings) }
                { token_view("cc-access-token", &x.result) }
            }
        </section>
    }
}
